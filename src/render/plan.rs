//! The plan of pages: every page a site has, in render order, each with its
//! route and a digest of everything it shows. Two pages with equal digests
//! (same route) have the same bytes, so a rebuild renders exactly the pages
//! whose digest changed and keeps the others; it never repeats the rules of
//! which page shows what (those live beside each page, in `pages/`).

use std::hash::{Hash, Hasher};

use chrono::{DateTime, Datelike, FixedOffset};
use rustc_hash::FxHasher;

use super::theme::Theme;
use super::views::CardInputs;
use super::PageJob;
use crate::model::site::Site;

/// A page not rendered yet: its context is built only when a rendering
/// thread takes it, so the whole site's contexts never sit in memory at once.
pub type LazyJob<'s> = Box<dyn Fn() -> PageJob + Send + Sync + 's>;

/// One page of the plan.
pub struct Planned<'s> {
    pub route: String,
    /// Listed in the sitemap: not a redirect, not the 404 page.
    pub listed: bool,
    /// For the sitemap: when the page's content last changed, where known.
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// What the page shows and the site-wide settings, hashed; `None` for a
    /// page made from the whole site (home, open data), rendered every time.
    pub digest: Option<u64>,
    job: LazyJob<'s>,
}

impl Planned<'_> {
    /// The page's job: route, template and context.
    pub fn job(&self) -> PageJob {
        (self.job)()
    }
}

/// Every page of a site.
pub struct Plan<'s> {
    pub pages: Vec<Planned<'s>>,
}

impl Plan<'_> {
    /// Route → digest of every page that has one: what a later rebuild
    /// compares with (see `Planned::digest`).
    pub fn digests(&self) -> rustc_hash::FxHashMap<String, u64> {
        self.pages
            .iter()
            .filter_map(|p| p.digest.map(|d| (p.route.clone(), d)))
            .collect()
    }

    /// The sitemap's entries: listed routes with their dates.
    pub fn sitemap_entries(&self) -> impl Iterator<Item = (&str, Option<DateTime<FixedOffset>>)> {
        self.pages
            .iter()
            .filter(|p| p.listed)
            .map(|p| (p.route.as_str(), p.lastmod))
    }
}

/// Collects the pages; `pages/` adds each with its inputs.
pub struct Builder<'s> {
    pub site: &'s Site,
    /// Settings, theme and year: on every page.
    site_digest: u64,
    /// The digest of each news item's card, by position in `Site::news`.
    cards: Vec<u64>,
    pages: Vec<Planned<'s>>,
}

impl<'s> Builder<'s> {
    pub(super) fn new(site: &'s Site, theme: &Theme) -> Self {
        let mut h = FxHasher::default();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        site.config().hash(&mut h);
        theme.fingerprint.hash(&mut h);
        site.now().year().hash(&mut h);
        let cards = site
            .news()
            .iter()
            .map(|item| {
                let mut h = FxHasher::default();
                CardInputs::of(item).hash(&mut h);
                h.finish()
            })
            .collect();
        Builder {
            site,
            site_digest: h.finish(),
            cards,
            pages: Vec::new(),
        }
    }

    pub(super) fn finish(self) -> Plan<'s> {
        Plan { pages: self.pages }
    }

    /// A hasher for a page's inputs, seeded with the site-wide ones and the
    /// kind of page.
    pub fn inputs(&self, kind: &'static str) -> Inputs {
        let mut h = FxHasher::default();
        self.site_digest.hash(&mut h);
        kind.hash(&mut h);
        Inputs(h)
    }

    /// The digest of the card of the news item at `position`.
    pub fn card(&self, position: usize) -> u64 {
        self.cards[position]
    }

    /// Adds a page listed in the sitemap. `inputs: None` renders it every time.
    pub fn page(
        &mut self,
        route: String,
        inputs: Option<Inputs>,
        job: impl Fn() -> PageJob + Send + Sync + 's,
    ) {
        self.add(route, true, None, inputs, job);
    }

    /// Adds a page with everything `page` sets, `lastmod` and `listed` too.
    pub fn add(
        &mut self,
        route: String,
        listed: bool,
        lastmod: Option<DateTime<FixedOffset>>,
        inputs: Option<Inputs>,
        job: impl Fn() -> PageJob + Send + Sync + 's,
    ) {
        self.pages.push(Planned {
            route,
            listed,
            lastmod,
            digest: inputs.map(Inputs::finish),
            job: Box::new(job),
        });
    }
}

/// What one page is made from, hashed as it is gathered.
#[derive(Clone)]
pub struct Inputs(FxHasher);

impl Inputs {
    pub fn add<T: Hash + ?Sized>(&mut self, value: &T) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    fn finish(self) -> u64 {
        self.0.finish()
    }
}
