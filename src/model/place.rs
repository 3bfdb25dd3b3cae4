//! Where an item files itself: the order of the news, the terms it is
//! listed under, the year whose inspection page lists it, its outcomes.
//! Assembling and moving items both ask these; neither repeats them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::Datelike;

use super::site::{Taxonomy, TaxonomyKind, Term};
use super::{Inspection, NewsItem};
use crate::slug::{fold_to_ascii, slugify};

/// A sort key that puts `Đ` after `D` and ignores marks first, as readers expect.
pub fn collation_key(text: &str) -> (String, String) {
    (fold_to_ascii(text).to_lowercase(), text.to_lowercase())
}

/// The order of `Site::news`: newest first, then by slug.
pub(super) fn news_order(a: &NewsItem, b: &NewsItem) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.slug.value.cmp(&b.slug.value))
}

/// Sorted by `news_order`. The items are large: their keys are sorted,
/// then each item moved once.
pub(super) fn newest_first(news: Vec<Arc<NewsItem>>) -> Vec<Arc<NewsItem>> {
    let mut order: Vec<usize> = (0..news.len()).collect();
    order.sort_by(|&a, &b| news_order(&news[a], &news[b]));
    let mut slots: Vec<Option<Arc<NewsItem>>> = news.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The year of one of an item's inspections: its own date's, else the item's.
pub fn inspection_year(item: &NewsItem, inspection: &Inspection) -> i32 {
    inspection.date.unwrap_or(item.date).year()
}

/// The years whose inspection pages list an item, each once.
pub fn inspection_years_of(item: &NewsItem) -> BTreeSet<i32> {
    item.inspections
        .iter()
        .map(|ins| inspection_year(item, ins))
        .collect()
}

/// An item's inspections in `year`, in the order written.
pub fn inspections_in(item: &NewsItem, year: i32) -> impl Iterator<Item = &Inspection> {
    item.inspections
        .iter()
        .filter(move |ins| inspection_year(item, ins) == year)
}

/// One year's items (positions in `news`) by the date of their first
/// inspection that year, then position.
pub(super) fn sort_by_inspection_date(items: &mut [usize], news: &[Arc<NewsItem>], year: i32) {
    let first_date = |p: usize| inspections_in(&news[p], year).find_map(|i| i.date);
    items.sort_by(|&a, &b| first_date(a).cmp(&first_date(b)).then_with(|| a.cmp(&b)));
}

/// Every (item, outcome) pair, newest item first.
pub(super) fn outcomes_of(news: &[Arc<NewsItem>]) -> Vec<(usize, usize)> {
    news.iter()
        .enumerate()
        .flat_map(|(i, item)| (0..item.outcomes.len()).map(move |o| (i, o)))
        .collect()
}

pub(super) fn build_taxonomy(kind: TaxonomyKind, news: &[Arc<NewsItem>]) -> Taxonomy {
    let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
    // Thousands of items share a few hundred names: fold each name once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (i, item) in news.iter().enumerate() {
        for name in term_names(item, kind) {
            let slug = slugs.entry(name).or_insert_with(|| slugify(name)).clone();
            if slug.is_empty() {
                continue;
            }
            let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                name: name.trim().to_string(),
                slug,
                items: Vec::new(),
            });
            // One item may repeat a tag; list it once.
            if term.items.last() != Some(&i) {
                term.items.push(i);
            }
        }
    }
    let mut terms: Vec<Term> = by_slug.into_values().collect();
    sort_terms(&mut terms);
    Taxonomy { kind, terms }
}

/// The names an item files itself under in one taxonomy, as written.
pub(super) fn term_names(item: &NewsItem, kind: TaxonomyKind) -> Vec<&str> {
    match kind {
        TaxonomyKind::Tags => item.tags.iter().map(String::as_str).collect(),
        TaxonomyKind::Agencies => item.agency.iter().map(String::as_str).collect(),
        TaxonomyKind::Locations => item.location.iter().map(String::as_str).collect(),
    }
}

pub(super) fn sort_terms(terms: &mut [Term]) {
    terms.sort_by_cached_key(|t| (collation_key(&t.name), t.slug.clone()));
}
