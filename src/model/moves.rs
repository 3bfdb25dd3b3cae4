//! Edited news items put into an assembled site: each takes its new place
//! in every list and index, as assembling would place it, provided the edit
//! left what the item is (its URL, aliases, publication and cited
//! documents). `serve` pays this instead of assembling thousands of items.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::assemble::Publication;
use super::documents::citers_of;
use super::place::{news_order, sort_terms, term_names};
use super::site::{Citer, Site, Taxonomy, Term};
use super::NewsItem;
use crate::citations;
use crate::routes;
use crate::slug::slugify;

impl Site {
    /// Replaces the published items at `edits` (position in `news`, item as
    /// parsed now) when each differs from the one it replaces in its body
    /// alone (`same_but_body`): then every list, index and citer stays as
    /// it is. `None`, with the site untouched, otherwise.
    pub fn replace_bodies(&mut self, edits: &[(usize, Arc<NewsItem>)]) -> Option<()> {
        let same = edits.iter().all(|(position, item)| {
            self.news
                .get(*position)
                .is_some_and(|before| same_but_body(before, item))
        });
        if !same {
            return None;
        }
        for (position, item) in edits {
            self.news[*position] = Arc::clone(item);
        }
        Some(())
    }

    /// Replaces the published items at `edits` (position in `news`, item as
    /// parsed now) and re-places them in every list and index.
    ///
    /// `None`, with the site untouched, when an edit changes more than
    /// places: a new slug or aliases, an item unpublished, documents cited or
    /// no longer cited, a citation whose date decides a warning (a replaced
    /// document), or a document's name as its first citer spells it. Then
    /// the site must be assembled again.
    pub fn update_news(
        &mut self,
        edits: &[(usize, Arc<NewsItem>)],
        publication: Publication,
    ) -> Option<()> {
        let count = self.news.len();
        let mut edited: Vec<Option<&Arc<NewsItem>>> = vec![None; count];
        for (position, item) in edits {
            let before = self.news.get(*position)?;
            if !self.keeps_identity(before, item, publication) || edited[*position].is_some() {
                return None;
            }
            edited[*position] = Some(item);
        }
        let remap = self.new_order(edits, &edited);
        if !self.first_spellings_hold(edits, &remap) {
            return None;
        }
        // An edit that moves nothing and keeps its terms and citers (a new
        // title with no citation, a new summary) leaves lists, terms and
        // citers as they are: they are not copied from the last site.
        let moved = remap
            .iter()
            .enumerate()
            .any(|(before, &after)| before != after);
        let terms_hold = !moved
            && edits
                .iter()
                .all(|(p, item)| self.same_terms(&self.news[*p], item));
        let citers_hold = !moved
            && edits
                .iter()
                .all(|(p, item)| same_citers(&self.news[*p], item));
        let reports_hold = !moved
            && edits
                .iter()
                .all(|(p, item)| same_reports(&self.news[*p], item));
        // Nothing below can fail: the site is changed only from here.
        let was_edited: Vec<bool> = edited.iter().map(Option::is_some).collect();
        let mut news: Vec<Option<Arc<NewsItem>>> = vec![None; count];
        for (before, item) in self.news.iter().enumerate() {
            news[remap[before]] = Some(Arc::clone(edited[before].unwrap_or(item)));
        }
        self.news = news.into_iter().flatten().collect();
        let placed: Vec<(usize, &NewsItem)> = edits
            .iter()
            .map(|(position, item)| (remap[*position], item.as_ref()))
            .collect();
        if !terms_hold {
            for taxonomy in Arc::make_mut(&mut self.taxonomies) {
                relist_terms(taxonomy, &self.news, &placed, &was_edited, &remap);
            }
        }
        if !citers_hold {
            self.recite(&placed, &remap);
        }
        if moved {
            self.index_news_files();
        }
        if !reports_hold {
            self.index_news_contents();
        }
        Some(())
    }

    /// Every taxonomy names the same terms for `after` as for `before`.
    fn same_terms(&self, before: &NewsItem, after: &NewsItem) -> bool {
        self.taxonomies
            .iter()
            .all(|t| term_names(before, t.kind) == term_names(after, t.kind))
    }

    /// Position before → after, for every item: the others keep their
    /// order, each edited item goes where it sorts.
    fn new_order(
        &self,
        edits: &[(usize, Arc<NewsItem>)],
        edited: &[Option<&Arc<NewsItem>>],
    ) -> Vec<usize> {
        let item_at = |p: usize| edited[p].unwrap_or(&self.news[p]);
        let mut order: Vec<usize> = (0..self.news.len())
            .filter(|&p| edited[p].is_none())
            .collect();
        for (position, item) in edits {
            let at = order.partition_point(|&p| news_order(item_at(p), item).is_lt());
            order.insert(at, *position);
        }
        let mut remap = vec![0; self.news.len()];
        for (after, &before) in order.iter().enumerate() {
            remap[before] = after;
        }
        remap
    }

    /// The edit leaves the item's URL, aliases, publication and cited documents
    /// (none of them with a replacement, whose warning depends on the date).
    fn keeps_identity(
        &self,
        before: &NewsItem,
        after: &NewsItem,
        publication: Publication,
    ) -> bool {
        let aliases = |item: &NewsItem| -> Vec<String> {
            item.aliases.iter().map(|a| a.value.clone()).collect()
        };
        let cited = cited_keys(before);
        publication.news(after)
            && before.origin.file == after.origin.file
            && before.slug.value == after.slug.value
            && aliases(before) == aliases(after)
            && cited == cited_keys(after)
            && cited.iter().all(|key| {
                !self.shared_numbers.contains(key)
                    && self
                        .document_index
                        .get(key)
                        .and_then(|&d| self.documents.get(d))
                        .is_some_and(|doc| {
                            doc.info.as_ref().is_none_or(|i| i.replaced_by.is_none())
                        })
            })
    }

    /// A document the registry does not know is named as its first citer
    /// writes it, and sorted by that name: the moves must not change it.
    fn first_spellings_hold(&self, edits: &[(usize, Arc<NewsItem>)], remap: &[usize]) -> bool {
        let edited_file = |file: &Path| edits.iter().any(|(_, i)| i.origin.file == file);
        let mut looked_at: BTreeSet<usize> = BTreeSet::new();
        for (_, item) in edits {
            for cited in &item.origin.citations {
                let Some(&d) = self
                    .document_index
                    .get(&citations::number_key(&cited.value))
                else {
                    return false;
                };
                let document = &self.documents[d];
                if document.info.is_some() || !looked_at.insert(d) {
                    continue;
                }
                // Citers are in site order, news first: the first one not edited
                // is the first of the others after the moves too.
                let other = document
                    .cited_by
                    .iter()
                    .find(|c| !edited_file(&c.file))
                    .map(|c| (self.place_after(&c.file, remap), c.written.as_str()));
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

    /// Where a citing file is among the news after the moves; any file that
    /// is no news item comes after them all.
    fn place_after(&self, file: &Path, remap: &[usize]) -> usize {
        self.news_index.get(file).map_or(usize::MAX, |&p| remap[p])
    }

    /// The edited items' citations, with their new dates and lines, among the
    /// other citers in site order (news first, newest first).
    fn recite(&mut self, placed: &[(usize, &NewsItem)], remap: &[usize]) {
        let citers: Vec<(usize, Vec<(String, Citer)>)> = placed
            .iter()
            .map(|&(position, item)| {
                let route = routes::news_item(&item.slug.value);
                let citers = citers_of(&item.origin, &item.title, &route, Some(item.date), false);
                (position, citers)
            })
            .collect();
        // Out first, so that the citers left are in order when each goes back in.
        let edited_files: Vec<&Path> = placed
            .iter()
            .map(|(_, item)| item.origin.file.as_path())
            .collect();
        for (_, item_citers) in &citers {
            for (key, _) in item_citers {
                if let Some(&d) = self.document_index.get(key) {
                    Arc::make_mut(&mut Arc::make_mut(&mut self.documents)[d])
                        .cited_by
                        .retain(|c| !edited_files.contains(&c.file.as_path()));
                }
            }
        }
        for (position, item_citers) in citers {
            for (key, citer) in item_citers {
                let Some(&d) = self.document_index.get(&key) else {
                    continue;
                };
                let news_index = &self.news_index;
                let cited_by =
                    &mut Arc::make_mut(&mut Arc::make_mut(&mut self.documents)[d]).cited_by;
                let at = cited_by.partition_point(|c| {
                    news_index
                        .get(&c.file)
                        .is_some_and(|&p| remap[p] < position)
                });
                cited_by.insert(at, citer);
            }
        }
    }
}

/// `after` cites what `before` cites, at the same lines, with the same title and date.
fn same_citers(before: &NewsItem, after: &NewsItem) -> bool {
    let citers = |item: &NewsItem| {
        let route = routes::news_item(&item.slug.value);
        citers_of(&item.origin, &item.title, &route, Some(item.date), false)
    };
    citers(before) == citers(after)
}

/// `after` reports the same inspections in the same years, and as many
/// outcomes, as `before` (see `Site::index_news_contents`).
fn same_reports(before: &NewsItem, after: &NewsItem) -> bool {
    before.date == after.date
        && before.inspections == after.inspections
        && before.outcomes.len() == after.outcomes.len()
}

fn cited_keys(item: &NewsItem) -> BTreeSet<String> {
    item.origin
        .citations
        .iter()
        .map(|c| citations::number_key(&c.value))
        .collect()
}

/// `placed`: the edited items at their new positions.
fn relist_terms(
    taxonomy: &mut Taxonomy,
    news: &[Arc<NewsItem>],
    placed: &[(usize, &NewsItem)],
    was_edited: &[bool],
    remap: &[usize],
) {
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
    let mut reorder = list_placed(taxonomy, placed, &mut touched);
    let before = taxonomy.terms.len();
    taxonomy.terms.retain(|t| !t.items.is_empty());
    reorder |= taxonomy.terms.len() != before;
    reorder |= rename_terms(taxonomy, news, &touched);
    if reorder {
        sort_terms(&mut taxonomy.terms);
    }
}

/// Lists the placed items under their terms, new terms included; true when
/// a term came.
fn list_placed(
    taxonomy: &mut Taxonomy,
    placed: &[(usize, &NewsItem)],
    touched: &mut BTreeSet<String>,
) -> bool {
    let mut came = false;
    for &(position, item) in placed {
        for name in term_names(item, taxonomy.kind) {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let index = match taxonomy.terms.iter().position(|t| t.slug == slug) {
                Some(t) => t,
                None => {
                    came = true;
                    taxonomy.terms.push(Term {
                        name: name.trim().to_string(),
                        slug: slug.clone(),
                        items: Vec::new(),
                    });
                    taxonomy.terms.len() - 1
                }
            };
            let items = &mut taxonomy.terms[index].items;
            if let Err(at) = items.binary_search(&position) {
                items.insert(at, position);
            }
            touched.insert(slug);
        }
    }
    came
}

/// A term is named as its newest item writes it; true when a name changed.
fn rename_terms(
    taxonomy: &mut Taxonomy,
    news: &[Arc<NewsItem>],
    touched: &BTreeSet<String>,
) -> bool {
    let kind = taxonomy.kind;
    let mut renamed = false;
    for term in taxonomy
        .terms
        .iter_mut()
        .filter(|t| touched.contains(&t.slug))
    {
        let newest = &news[term.items[0]];
        let name = term_names(newest, kind)
            .into_iter()
            .find(|name| slugify(name) == term.slug);
        if let Some(name) = name.map(str::trim).filter(|name| *name != term.name) {
            term.name = name.to_string();
            renamed = true;
        }
    }
    renamed
}

/// Two parses of one file that differ in the body only: its text and what
/// is made of it (HTML, headings, links), and so the file's fingerprint.
/// Every other field is compared, written out so that a field added to
/// `NewsItem` or `Origin` must be placed on one side or the other here.
fn same_but_body(a: &NewsItem, b: &NewsItem) -> bool {
    let NewsItem {
        origin,
        slug,
        title,
        date,
        updated,
        summary,
        author,
        source,
        source_url,
        agency,
        location,
        tags,
        featured,
        draft,
        image,
        gallery,
        aliases,
        inspections,
        results,
        outcomes,
        body: _,
    } = a;
    same_origin_but_fingerprint(origin, &b.origin)
        && (slug, title, date, updated, summary, author)
            == (
                &b.slug, &b.title, &b.date, &b.updated, &b.summary, &b.author,
            )
        && (source, source_url, agency, location, tags, featured, draft)
            == (
                &b.source,
                &b.source_url,
                &b.agency,
                &b.location,
                &b.tags,
                &b.featured,
                &b.draft,
            )
        && (image, gallery, aliases) == (&b.image, &b.gallery, &b.aliases)
        && (inspections, results, outcomes) == (&b.inspections, &b.results, &b.outcomes)
}

fn same_origin_but_fingerprint(a: &super::Origin, b: &super::Origin) -> bool {
    let super::Origin {
        file,
        assets,
        citations,
        citation_contexts,
        fingerprint: _,
        lang,
        translation_of,
        pictures,
    } = a;
    (file, assets, citations, citation_contexts)
        == (&b.file, &b.assets, &b.citations, &b.citation_contexts)
        && (lang, translation_of, pictures) == (&b.lang, &b.translation_of, &b.pictures)
}
