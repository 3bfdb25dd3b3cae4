//! An assembled site patched for news items whose edit moved them in its
//! lists — a new date, tags, agency, location, inspection or outcomes — but
//! left what they are: their URL, aliases, publication and cited documents.
//! `serve` pays this instead of assembling thousands of items again.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::sync::Arc;

use chrono::Utc;

use super::site::{self, Site, Taxonomy, TaxonomyKind, Term};
use super::NewsItem;
use crate::citations;
use crate::routes;
use crate::slug::slugify;

/// What moving the items did to the site.
#[derive(Debug)]
pub struct Moved {
    /// Position in `Site::news` before → after, for every item.
    pub remap: Vec<usize>,
    /// No page came or went: every edited item files itself under the same
    /// terms and inspection year as before, with as many outcomes, so each
    /// list keeps its length.
    pub same_pages: bool,
}

/// Replaces the items at `edits` (position in `site.news`, item as parsed
/// now) and puts them in their places in every list and index, as
/// assembling would. `position_of` names a news file's position before.
///
/// `None`, with the site untouched, when an edit changes more than places:
/// a new slug or aliases, an item unpublished, documents cited or no longer
/// cited, a citation whose date decides a warning (a replaced document), or
/// a document's name as its first citer spells it.
pub fn move_news(
    site: &mut Site,
    edits: &[(usize, Arc<NewsItem>)],
    drafts: bool,
    position_of: &dyn Fn(&OsStr) -> Option<usize>,
) -> Option<Moved> {
    let count = site.news.len();
    let mut edited: Vec<Option<&Arc<NewsItem>>> = vec![None; count];
    for (position, item) in edits {
        let before = site.news.get(*position)?;
        if !keeps_identity(site, before, item, drafts) || edited[*position].is_some() {
            return None;
        }
        edited[*position] = Some(item);
    }
    let item_at = |p: usize| edited[p].unwrap_or(&site.news[p]);

    // The new order: the others keep theirs, each edited item goes where it sorts.
    let mut order: Vec<usize> = (0..count).filter(|&p| edited[p].is_none()).collect();
    for (position, item) in edits {
        let at = order.partition_point(|&p| site::news_order(item_at(p), item).is_lt());
        order.insert(at, *position);
    }
    let mut remap = vec![0; count];
    for (after, &before) in order.iter().enumerate() {
        remap[before] = after;
    }
    if !first_spellings_hold(site, edits, &remap, position_of) {
        return None;
    }
    let same_pages = edits.iter().all(|(position, item)| {
        let before = &site.news[*position];
        site::inspection_year(before) == site::inspection_year(item)
            // /outcomes/ is paginated by their number.
            && before.outcomes.len() == item.outcomes.len()
            && TaxonomyKind::ALL
                .iter()
                .all(|&kind| term_slugs(before, kind) == term_slugs(item, kind))
    });

    // Nothing below can fail: the site is changed only from here.
    let news: Vec<Arc<NewsItem>> = order.iter().map(|&p| Arc::clone(item_at(p))).collect();
    let was_edited: Vec<bool> = edited.iter().map(Option::is_some).collect();
    site.news = news;
    let placed: Vec<(usize, &NewsItem)> = edits
        .iter()
        .map(|(position, item)| (remap[*position], item.as_ref()))
        .collect();
    for taxonomy in &mut site.taxonomies {
        relist_terms(taxonomy, &site.news, &placed, &was_edited, &remap);
    }
    relist_inspections(site, &placed, &was_edited, &remap);
    site.outcomes = site::outcomes_of(&site.news);
    recite(site, &placed, &remap, position_of);
    Some(Moved { remap, same_pages })
}

/// The edit leaves the item's URL, aliases, publication and cited documents
/// (none of them with a replacement, whose warning depends on the date).
fn keeps_identity(site: &Site, before: &NewsItem, after: &NewsItem, drafts: bool) -> bool {
    let aliases =
        |item: &NewsItem| -> Vec<String> { item.aliases.iter().map(|a| a.value.clone()).collect() };
    let published = drafts || (!after.draft && after.date.with_timezone(&Utc) <= site.now);
    let cited = cited_keys(before);
    published
        && before.origin.file == after.origin.file
        && before.slug.value == after.slug.value
        && aliases(before) == aliases(after)
        && cited == cited_keys(after)
        && cited.iter().all(|key| {
            site.document_index
                .get(key)
                .and_then(|&d| site.documents.get(d))
                .is_some_and(|doc| doc.info.as_ref().is_none_or(|i| i.replaced_by.is_none()))
        })
}

fn cited_keys(item: &NewsItem) -> BTreeSet<String> {
    item.origin
        .citations
        .iter()
        .map(|c| citations::number_key(&c.value))
        .collect()
}

fn term_slugs(item: &NewsItem, kind: TaxonomyKind) -> BTreeSet<String> {
    site::term_names(item, kind)
        .into_iter()
        .map(slugify)
        .filter(|slug| !slug.is_empty())
        .collect()
}

/// A document the registry does not know is named as its first citer
/// writes it, and sorted by that name: the moves must not change it.
fn first_spellings_hold(
    site: &Site,
    edits: &[(usize, Arc<NewsItem>)],
    remap: &[usize],
    position_of: &dyn Fn(&OsStr) -> Option<usize>,
) -> bool {
    let edited_file = |file: &OsStr| edits.iter().any(|(_, i)| i.origin.file == file);
    let mut looked_at: BTreeSet<usize> = BTreeSet::new();
    for (_, item) in edits {
        for cited in &item.origin.citations {
            let Some(&d) = site
                .document_index
                .get(&citations::number_key(&cited.value))
            else {
                return false;
            };
            let document = &site.documents[d];
            if document.info.is_some() || !looked_at.insert(d) {
                continue;
            }
            // Citers are in site order, news first: the first one not edited
            // is the first of the others after the moves too.
            let other = document
                .cited_by
                .iter()
                .find(|c| !edited_file(c.file.as_os_str()))
                .map(|c| {
                    let place = position_of(c.file.as_os_str()).map_or(usize::MAX, |p| remap[p]);
                    (place, c.written.as_str())
                });
            let moved = edits.iter().filter_map(|(position, item)| {
                let written = item
                    .origin
                    .citations
                    .iter()
                    .find(|c| citations::number_key(&c.value) == document.key)?;
                Some((remap[*position], written.value.as_str()))
            });
            let first = other
                .into_iter()
                .chain(moved)
                .min_by_key(|(place, _)| *place);
            if first.is_none_or(|(_, written)| written != document.number) {
                return false;
            }
        }
    }
    true
}

/// `placed`: the edited items at their new positions.
fn relist_terms(
    taxonomy: &mut Taxonomy,
    news: &[Arc<NewsItem>],
    placed: &[(usize, &NewsItem)],
    was_edited: &[bool],
    remap: &[usize],
) {
    let kind = taxonomy.kind;
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for term in &mut taxonomy.terms {
        let before = term.items.len();
        term.items.retain(|&p| !was_edited[p]);
        if term.items.len() != before {
            touched.insert(term.slug.clone());
        }
        for p in &mut term.items {
            *p = remap[*p];
        }
    }
    let mut reorder = false;
    for &(position, item) in placed {
        for name in site::term_names(item, kind) {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let term = match taxonomy.terms.iter().position(|t| t.slug == slug) {
                Some(t) => &mut taxonomy.terms[t],
                None => {
                    reorder = true;
                    taxonomy.terms.push(Term {
                        name: name.trim().to_string(),
                        slug: slug.clone(),
                        items: Vec::new(),
                    });
                    let last = taxonomy.terms.len() - 1;
                    &mut taxonomy.terms[last]
                }
            };
            if let Err(at) = term.items.binary_search(&position) {
                term.items.insert(at, position);
            }
            touched.insert(slug);
        }
    }
    let before = taxonomy.terms.len();
    taxonomy.terms.retain(|t| !t.items.is_empty());
    reorder |= taxonomy.terms.len() != before;
    // A term is named as its newest item writes it.
    for term in taxonomy
        .terms
        .iter_mut()
        .filter(|t| touched.contains(&t.slug))
    {
        let newest = &news[term.items[0]];
        let name = site::term_names(newest, kind)
            .into_iter()
            .find(|name| slugify(name) == term.slug);
        if let Some(name) = name.map(str::trim).filter(|name| *name != term.name) {
            term.name = name.to_string();
            reorder = true;
        }
    }
    if reorder {
        site::sort_terms(&mut taxonomy.terms);
    }
}

fn relist_inspections(
    site: &mut Site,
    placed: &[(usize, &NewsItem)],
    was_edited: &[bool],
    remap: &[usize],
) {
    let mut touched: BTreeSet<i32> = BTreeSet::new();
    for (&year, items) in &mut site.inspections_by_year {
        let before = items.len();
        items.retain(|&p| !was_edited[p]);
        if items.len() != before {
            touched.insert(year);
        }
        for p in items.iter_mut() {
            *p = remap[*p];
        }
    }
    for &(position, item) in placed {
        if let Some(year) = site::inspection_year(item) {
            site.inspections_by_year
                .entry(year)
                .or_default()
                .push(position);
            touched.insert(year);
        }
    }
    for year in touched {
        if let Some(items) = site.inspections_by_year.get_mut(&year) {
            site::sort_by_inspection_date(items, &site.news);
        }
    }
    site.inspections_by_year
        .retain(|_, items| !items.is_empty());
}

/// The edited items' citations, with their new dates and lines, among the
/// other citers in site order (news first, newest first).
fn recite(
    site: &mut Site,
    placed: &[(usize, &NewsItem)],
    remap: &[usize],
    position_of: &dyn Fn(&OsStr) -> Option<usize>,
) {
    let citers: Vec<(usize, Vec<(String, site::Citer)>)> = placed
        .iter()
        .map(|&(position, item)| {
            let route = routes::news_item(&item.slug.value);
            let citers = site::citers_of(&item.origin, &item.title, &route, Some(item.date), false);
            (position, citers)
        })
        .collect();
    // Out first, so that the citers left are in order when each goes back in.
    let edited_files: Vec<&OsStr> = placed
        .iter()
        .map(|(_, item)| item.origin.file.as_os_str())
        .collect();
    for (_, item_citers) in &citers {
        for (key, _) in item_citers {
            if let Some(&d) = site.document_index.get(key) {
                site.documents[d]
                    .cited_by
                    .retain(|c| !edited_files.contains(&c.file.as_os_str()));
            }
        }
    }
    for (position, item_citers) in citers {
        for (key, citer) in item_citers {
            let Some(&d) = site.document_index.get(&key) else {
                continue;
            };
            let cited_by = &mut site.documents[d].cited_by;
            let at = cited_by.partition_point(|c| {
                position_of(c.file.as_os_str()).is_some_and(|p| remap[p] < position)
            });
            cited_by.insert(at, citer);
        }
    }
}
