//! What a plan makes of each news item, kept for the next plan of the same
//! site (`serve` keeps one for all its rebuilds). An item never changes
//! behind its `Arc`, and a file that was not edited keeps its item's, so
//! the next plan finds each item's card digest, route and page digest by
//! the item's address. At 10,000 items, reading the items themselves,
//! scattered over a heap of their bodies, cost half of a plan; the memo's
//! table is small and warm.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rustc_hash::{FxHashMap, FxHasher};

use crate::model::site::{Citations, Site};
use crate::model::NewsItem;

/// What a plan made of one news item.
#[derive(Clone)]
pub struct ItemPlan {
    /// The digest of its card on lists (see `views::CardInputs`).
    pub card: u64,
    /// Its own page: route, output file, date for the sitemap, digest.
    pub route: String,
    pub file: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
    pub digest: u64,
    /// Its translation key, hashed (`plan::key_hash`): how `alternates`
    /// finds the item's translations without reading the item.
    pub key: u64,
}

/// The memo of every language's site, in the portal's order.
#[derive(Default)]
pub struct PlanMemo {
    languages: Vec<LanguageMemo>,
}

impl PlanMemo {
    /// The memo of the `lang`-th site.
    pub(super) fn language(&mut self, lang: usize) -> &mut LanguageMemo {
        if self.languages.len() <= lang {
            self.languages.resize_with(lang + 1, LanguageMemo::default);
        }
        &mut self.languages[lang]
    }
}

/// One language's memo.
#[derive(Default)]
pub(super) struct LanguageMemo {
    /// What the page digests were made with besides the item: settings,
    /// theme and year (the plan's site digest), the citation tables and
    /// the documents' slugs. When it differs, every page digest is made again.
    context: Option<(u64, Citations)>,
    /// By the item's address; each entry holds its item, so no address is
    /// reused by another item while the entry lives.
    entries: FxHashMap<usize, (Arc<NewsItem>, ItemPlan)>,
}

impl LanguageMemo {
    /// What the plan makes of each item of `site`, by position in
    /// `Site::news`: remembered where the item is, else made by `make` (and
    /// remembered). `site_digest`: the plan's settings, theme and year.
    pub(super) fn items(
        &mut self,
        site: &Site,
        site_digest: u64,
        make: impl Fn(&NewsItem) -> ItemPlan,
    ) -> Vec<ItemPlan> {
        let context = (context_digest(site, site_digest), site.citations());
        if self.context.as_ref() != Some(&context) {
            self.entries.clear();
            self.context = Some(context);
        }
        let plans: Vec<ItemPlan> = site
            .news()
            .iter()
            .map(|item| {
                let (_, plan) = self
                    .entries
                    .entry(Arc::as_ptr(item) as usize)
                    .or_insert_with(|| (Arc::clone(item), make(item)));
                plan.clone()
            })
            .collect();
        // Items are unique in a site: more entries than items are the last
        // plan's items that are gone.
        if self.entries.len() > plans.len() {
            let current: rustc_hash::FxHashSet<usize> = site
                .news()
                .iter()
                .map(|item| Arc::as_ptr(item) as usize)
                .collect();
            self.entries.retain(|at, _| current.contains(at));
        }
        plans
    }
}

/// The site digest with the documents' slugs, in their places.
fn context_digest(site: &Site, site_digest: u64) -> u64 {
    let mut h = FxHasher::default();
    site_digest.hash(&mut h);
    for document in site.documents() {
        document.slug.hash(&mut h);
    }
    h.finish()
}
