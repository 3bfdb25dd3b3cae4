//! The plan of pages: every page a site has, in render order, each with its
//! route and a digest of everything it shows. Two pages with equal digests
//! (same route) have the same bytes, so a rebuild renders exactly the pages
//! whose digest changed and keeps the others; it never repeats the rules of
//! which page shows what (those live beside each page, in `pages/`).

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset};
use rustc_hash::FxHasher;

use super::memo::{ItemPlan, LanguageMemo};
use super::theme::Theme;
use super::views::CardInputs;
use super::PageJob;
use crate::model::site::Site;
use crate::model::{Alternate, NewsItem, Origin};

/// A page not rendered yet: its context is built only when a rendering
/// thread takes it, so the whole site's contexts never sit in memory at once.
pub type LazyJob<'s> = Box<dyn Fn() -> PageJob + Send + Sync + 's>;

/// One page of the plan.
pub struct Planned<'s> {
    /// Under the language's `base_url`.
    pub route: String,
    /// Where the page is written, under the output folder: the route's
    /// file under the language's folder (`en/news/x/index.html`).
    pub file: String,
    /// For the page of one content file: where it came from. Its
    /// translations' pages find it by the path they share (`translation_key`).
    pub origin: Option<&'s Origin>,
    /// With `origin`: its translation key, hashed (`key_hash`).
    pub key: u64,
    /// The page in the site's other languages, itself included, the
    /// default first; empty when it has none (see `alternates`).
    pub alternates: Arc<[Alternate]>,
    /// Listed in the sitemap: not a redirect, not the 404 page.
    pub listed: bool,
    /// For the sitemap: when the page's content last changed, where known.
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// What the page shows and the site-wide settings, hashed; `None` for a
    /// page made from the whole site (home, open data), rendered every time.
    pub digest: Option<u64>,
    job: LazyJob<'s>,
}

impl<'s> Planned<'s> {
    /// The page's job: route, template and context.
    pub fn job(&self) -> PageJob {
        (self.job)()
    }

    /// For the page of one content file: the path its translations share
    /// (see `Origin::translation_key`), by which they find each other.
    pub fn translation_key(&self) -> Option<&'s Path> {
        self.origin.map(Origin::translation_key)
    }
}

#[cfg(test)]
impl<'s> Planned<'s> {
    /// A listed page at `route`, of `origin` with `key` for its hashed key
    /// (any value: a test may make keys hash alike), that renders nothing.
    pub(super) fn for_test(route: &str, origin: Option<&'s Origin>, key: u64) -> Planned<'s> {
        Planned {
            route: route.to_string(),
            file: crate::routes::output_file(route),
            origin,
            key,
            alternates: Arc::from([]),
            listed: true,
            lastmod: None,
            digest: Some(0),
            job: Box::new(|| unreachable!("a test page is not rendered")),
        }
    }
}

/// The translation key of `origin`, hashed: equal keys, equal hashes, so
/// pages are matched by it first and by their paths only when it is equal.
pub fn key_hash(origin: &Origin) -> u64 {
    let mut h = FxHasher::default();
    origin.translation_key().hash(&mut h);
    h.finish()
}

/// Every page of a site in one language.
pub struct Plan<'s> {
    pub pages: Vec<Planned<'s>>,
    pub lang: crate::locale::Lang,
    /// The language's home: routes are under it.
    pub base_url: String,
}

impl Plan<'_> {
    /// The sitemap's entries: listed routes with their dates and alternates.
    pub fn sitemap_entries(&self) -> impl Iterator<Item = SitemapEntry<'_>> {
        self.pages
            .iter()
            .filter(|p| p.listed)
            .map(|p| SitemapEntry {
                route: p.route.as_str(),
                file: p.file.as_str(),
                lastmod: p.lastmod,
                alternates: &p.alternates,
            })
    }
}

/// A page as the sitemap lists it.
#[derive(Hash)]
pub struct SitemapEntry<'p> {
    pub route: &'p str,
    pub file: &'p str,
    pub lastmod: Option<DateTime<FixedOffset>>,
    pub alternates: &'p [Alternate],
}

/// Collects the pages; `pages/` adds each with its inputs.
pub struct Builder<'s> {
    pub site: &'s Site,
    /// The open-data tables with their rows: the files every language shares.
    pub datasets: Arc<[(&'static crate::data::DatasetInfo, usize)]>,
    /// Settings, theme and year: on every page.
    site_digest: u64,
    /// The language's folder (`""`, `en/`): every page's file is under it.
    folder: String,
    /// What the plan makes of each news item (card, own page), by position
    /// in `Site::news`, from the memo (see `memo`); empty in a plan of
    /// items' own pages, which makes them as it goes. Shared with `fork`.
    items: Arc<[ItemPlan]>,
    /// Shared by every page until `alternates` links its versions: one
    /// allocation a plan, not one a page.
    no_alternates: Arc<[Alternate]>,
    pages: Vec<Planned<'s>>,
}

impl<'s> Builder<'s> {
    pub(super) fn new(
        site: &'s Site,
        theme: &Theme,
        datasets: Arc<[(&'static crate::data::DatasetInfo, usize)]>,
    ) -> Self {
        let mut h = FxHasher::default();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        site.config().hash(&mut h);
        theme.fingerprint.hash(&mut h);
        site.now().year().hash(&mut h);
        Builder {
            site,
            datasets,
            site_digest: h.finish(),
            folder: site.config().folder(),
            items: Arc::from(Vec::new()),
            no_alternates: Arc::from(Vec::new()),
            pages: Vec::new(),
        }
    }

    /// Room for every page of the site: a page per item and per document,
    /// and some lists, so that the plan's list is grown once.
    pub(super) fn with_room_for_every_page(mut self) -> Self {
        let site = self.site;
        self.pages
            .reserve(site.news().len() + site.documents().len() + 1024);
        self
    }

    /// A builder for more pages of the same site, planned on another
    /// thread; `append` puts its pages after this one's.
    pub(super) fn fork(&self) -> Self {
        Builder {
            site: self.site,
            datasets: Arc::clone(&self.datasets),
            site_digest: self.site_digest,
            folder: self.folder.clone(),
            items: Arc::clone(&self.items),
            no_alternates: Arc::clone(&self.no_alternates),
            // Room for a part with the documents' pages.
            pages: Vec::with_capacity(self.site.documents().len() + 1024),
        }
    }

    pub(super) fn append(&mut self, other: Builder<'s>) {
        self.pages.extend(other.pages);
    }

    pub(super) fn finish(self) -> Plan<'s> {
        Plan {
            pages: self.pages,
            lang: self.site.config().language,
            base_url: self.site.config().base_url.clone(),
        }
    }

    /// A hasher for a page's inputs, seeded with the site-wide ones and the
    /// kind of page.
    pub fn inputs(&self, kind: &'static str) -> Inputs {
        let mut h = FxHasher::default();
        self.site_digest.hash(&mut h);
        kind.hash(&mut h);
        Inputs(h)
    }

    /// What the plan makes of each news item, by position: from `memo`,
    /// else made by `make` (and remembered there).
    pub(super) fn remember_items(
        &mut self,
        memo: &mut LanguageMemo,
        make: impl Fn(&Self, &NewsItem) -> ItemPlan,
    ) {
        let items = memo.items(self.site, self.site_digest, |item| make(self, item));
        self.items = items.into();
    }

    /// What the plan made of each news item, by position in `Site::news`
    /// (empty in a plan of items' own pages).
    pub fn items(&self) -> Arc<[ItemPlan]> {
        Arc::clone(&self.items)
    }

    /// The digest of the card of the news item at `position`.
    pub fn card(&self, position: usize) -> u64 {
        match self.items.get(position) {
            Some(item) => item.card,
            None => card_digest(&self.site.news()[position]),
        }
    }

    /// Where the page at `route` is written, under the output folder.
    pub fn file_of(&self, route: &str) -> String {
        let file = crate::routes::output_file(route);
        if self.folder.is_empty() {
            file
        } else {
            format!("{}{file}", self.folder)
        }
    }

    /// Adds the page of one content file (`origin`), listed in the sitemap:
    /// its translations' pages are its alternates.
    pub fn item_page(
        &mut self,
        route: String,
        origin: &'s Origin,
        inputs: Option<Inputs>,
        job: impl Fn() -> PageJob + Send + Sync + 's,
    ) {
        self.add(route, true, None, inputs, job);
        self.mark_item(origin);
    }

    /// The page added last is the page of `origin`.
    pub fn mark_item(&mut self, origin: &'s Origin) {
        if let Some(page) = self.pages.last_mut() {
            page.origin = Some(origin);
            page.key = key_hash(origin);
        }
    }

    /// Adds the own page of a news item (from `origin`), as `item` plans it.
    pub fn item_plan_page(
        &mut self,
        item: &ItemPlan,
        origin: &'s Origin,
        job: impl Fn() -> PageJob + Send + Sync + 's,
    ) {
        self.pages.push(Planned {
            route: item.route.clone(),
            file: item.file.clone(),
            origin: Some(origin),
            key: item.key,
            alternates: Arc::clone(&self.no_alternates),
            listed: true,
            lastmod: item.lastmod,
            digest: Some(item.digest),
            job: Box::new(job),
        });
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
        let file = self.file_of(&route);
        self.pages.push(Planned {
            route,
            file,
            origin: None,
            key: 0,
            alternates: Arc::clone(&self.no_alternates),
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

    pub fn finish(self) -> u64 {
        self.0.finish()
    }
}

/// The digest of a news item's card: what `views::news_card` reads of it.
pub fn card_digest(item: &NewsItem) -> u64 {
    let mut h = FxHasher::default();
    CardInputs::of(item).hash(&mut h);
    h.finish()
}
