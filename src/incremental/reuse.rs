//! Which pages of the previous build still hold: the shape of the last good
//! build compared with the new site, as a `PageFilter`. It renders nothing.

use std::ffi::{OsStr, OsString};

// Keys are our own file names: Fx hashing, not SipHash, for 12,000 of them a save.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::cache::{SourceState, Sources};
use crate::load::SourceKind;
use crate::model::moves::Moved;
use crate::model::site::{self, Site, TaxonomyKind};
use crate::model::{NewsItem, Origin};
use crate::render::views::DOCUMENTS_PER_PAGE;
use crate::render::{PageFamily, PageFilter, Section};

/// What a published file feeds besides its own page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Feeds {
    procedure: bool,
    inspections: bool,
    outcomes: bool,
    documents: bool,
}

impl Feeds {
    fn union(self, other: Feeds) -> Feeds {
        Feeds {
            procedure: self.procedure || other.procedure,
            inspections: self.inspections || other.inspections,
            outcomes: self.outcomes || other.outcomes,
            documents: self.documents || other.documents,
        }
    }
}

struct TermShape {
    name: String,
    /// Positions in `Shape::news`.
    items: Vec<usize>,
}

/// The last good build, reduced to what deciding about its pages needs.
pub struct Shape {
    sources: Sources,
    /// Published news files, in site order.
    news: Vec<OsString>,
    news_position: HashMap<OsString, usize>,
    procedures: HashSet<OsString>,
    taxonomies: Vec<(TaxonomyKind, HashMap<String, TermShape>)>,
    published: HashMap<OsString, Feeds>,
    /// Cited documents' keys, in site order.
    documents: Vec<String>,
    /// File → positions in `documents` of what it cites.
    cited_in: HashMap<OsString, Vec<usize>>,
    /// News file → the year whose inspection page lists it.
    inspection_year: HashMap<OsString, i32>,
}

/// Paths are compared as bytes (see `Sources`).
fn key(origin: &Origin) -> &OsStr {
    origin.file.as_os_str()
}

fn cites(origin: &Origin) -> bool {
    !origin.citations.is_empty()
}

fn news_feeds(item: &NewsItem) -> Feeds {
    Feeds {
        inspections: item.inspection.is_some(),
        outcomes: !item.outcomes.is_empty(),
        documents: cites(&item.origin),
        ..Feeds::default()
    }
}

fn published_files(site: &Site) -> HashMap<&OsStr, Feeds> {
    let mut published = HashMap::default();
    for item in &site.news {
        published.insert(key(&item.origin), news_feeds(item));
    }
    for p in &site.procedures {
        let feeds = Feeds {
            procedure: true,
            documents: cites(&p.origin),
            ..Feeds::default()
        };
        published.insert(key(&p.origin), feeds);
    }
    for plan in site.plans.values() {
        let feeds = Feeds {
            inspections: true,
            documents: cites(&plan.origin),
            ..Feeds::default()
        };
        published.insert(key(&plan.origin), feeds);
    }
    for page in &site.pages {
        let feeds = Feeds {
            documents: cites(&page.origin),
            ..Feeds::default()
        };
        published.insert(key(&page.origin), feeds);
    }
    published
}

impl Shape {
    pub fn of(site: &Site, sources: Sources) -> Shape {
        let news: Vec<OsString> = site
            .news
            .iter()
            .map(|n| key(&n.origin).to_owned())
            .collect();
        let news_position = news
            .iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), i))
            .collect();
        let taxonomies = taxonomy_shapes(site);
        Shape {
            sources,
            news,
            news_position,
            procedures: site
                .procedures
                .iter()
                .map(|p| key(&p.origin).to_owned())
                .collect(),
            taxonomies,
            published: published_files(site)
                .into_iter()
                .map(|(path, feeds)| (path.to_owned(), feeds))
                .collect(),
            documents: site.documents.iter().map(|d| d.key.clone()).collect(),
            cited_in: cited_in(site),
            inspection_year: inspection_years(site),
        }
    }
}

fn taxonomy_shapes(site: &Site) -> Vec<(TaxonomyKind, HashMap<String, TermShape>)> {
    site.taxonomies
        .iter()
        .map(|t| {
            let terms = t
                .terms
                .iter()
                .map(|term| {
                    let shape = TermShape {
                        name: term.name.clone(),
                        items: term.items.clone(),
                    };
                    (term.slug.clone(), shape)
                })
                .collect();
            (t.kind, terms)
        })
        .collect()
}

fn inspection_years(site: &Site) -> HashMap<OsString, i32> {
    let mut years = HashMap::default();
    for (&year, items) in &site.inspections_by_year {
        for &i in items {
            years.insert(key(&site.news[i].origin).to_owned(), year);
        }
    }
    years
}

fn cited_in(site: &Site) -> HashMap<OsString, Vec<usize>> {
    let mut cited: HashMap<OsString, Vec<usize>> = HashMap::default();
    for (i, document) in site.documents.iter().enumerate() {
        for citer in &document.cited_by {
            // Most files cite several documents: allocate a key only once.
            match cited.get_mut(citer.file.as_os_str()) {
                Some(positions) => positions.push(i),
                None => {
                    cited.insert(citer.file.as_os_str().to_owned(), vec![i]);
                }
            }
        }
    }
    cited
}

/// The pages of /documents/ a rebuild renders.
enum DocumentPages {
    All,
    These(HashSet<usize>),
}

impl Shape {
    pub fn source(&self, key: &OsStr) -> Option<&SourceState> {
        self.sources.get(key)
    }

    /// After pages were re-rendered from a source outside a full rebuild.
    pub fn set_source(&mut self, key: &OsStr, state: SourceState) {
        self.sources.insert(key.to_owned(), state);
    }

    pub fn is_published_news(&self, key: &OsStr) -> bool {
        self.news_position.contains_key(key)
    }

    /// Positions in the site's documents of what `file` cites.
    pub fn cited_in(&self, file: &OsStr) -> &[usize] {
        self.cited_in.get(file).map_or(&[], Vec::as_slice)
    }

    /// Where a published news file is in the site's news, newest first.
    pub fn news_position(&self, key: &OsStr) -> Option<usize> {
        self.news_position.get(key).copied()
    }

    /// After `moves::move_news` put `items` in new places in `site`: what
    /// depends on the order of the news. Documents and the files citing
    /// them are as they were (moving keeps citations).
    pub fn after_moves(&mut self, site: &Site, moved: &Moved, items: &[&NewsItem]) {
        let mut news = vec![OsString::new(); self.news.len()];
        for (before, file) in std::mem::take(&mut self.news).into_iter().enumerate() {
            news[moved.remap[before]] = file;
        }
        for (before, &after) in moved.remap.iter().enumerate() {
            if before != after {
                if let Some(position) = self.news_position.get_mut(news[after].as_os_str()) {
                    *position = after;
                }
            }
        }
        self.news = news;
        self.taxonomies = taxonomy_shapes(site);
        for item in items {
            let file = key(&item.origin);
            self.published.insert(file.to_owned(), news_feeds(item));
            match site::inspection_year(item) {
                Some(year) => self.inspection_year.insert(file.to_owned(), year),
                None => self.inspection_year.remove(file),
            };
        }
    }
}

/// Keeps every page whose inputs are the same as in the last good build.
pub struct Reuse<'a> {
    old: &'a Shape,
    new: &'a Site,
    /// Files whose text changed, appeared or went, or that were published or
    /// unpublished (a scheduled item whose time came).
    changed: HashSet<OsString>,
    /// News items whose edit changed only their body: only their page changes.
    body_only: HashSet<OsString>,
    sections: HashSet<Section>,
    document_pages: DocumentPages,
    /// Years whose inspection page a changed file is (or was) on; `None`: all
    /// (an inspection plan changed).
    inspection_years: Option<HashSet<i32>>,
    /// The site has the last build's pages (see `for_items`).
    same_pages: bool,
    /// Set by `for_items`: what else the edit can reach.
    known: Option<KnownItems>,
}

/// The edited items of `Reuse::for_items`: no other item's page, and no
/// page of a term that lists none of them (then or now), can differ.
struct KnownItems {
    /// Where they are in the new site's news.
    positions: HashSet<usize>,
    /// (taxonomy, term) positions in the new site of the terms listing
    /// them, now or before.
    terms: HashSet<(usize, usize)>,
}

impl KnownItems {
    fn of(old: &Shape, new: &Site, items: &[(usize, &NewsItem)]) -> KnownItems {
        let positions: HashSet<usize> = items.iter().map(|&(position, _)| position).collect();
        let before: Vec<usize> = items
            .iter()
            .filter_map(|(_, item)| old.news_position(key(&item.origin)))
            .collect();
        let lists =
            |list: &[usize], wanted: &[usize]| wanted.iter().any(|p| list.binary_search(p).is_ok());
        let now: Vec<usize> = positions.iter().copied().collect();
        let mut terms = HashSet::default();
        for (t, taxonomy) in new.taxonomies.iter().enumerate() {
            let old_terms = old
                .taxonomies
                .get(t)
                .filter(|(kind, _)| *kind == taxonomy.kind)
                .map(|(_, terms)| terms);
            for (index, term) in taxonomy.terms.iter().enumerate() {
                let lists_now = lists(&term.items, &now);
                let listed_then = old_terms
                    .and_then(|terms| terms.get(&term.slug))
                    .is_some_and(|old_term| lists(&old_term.items, &before));
                if lists_now || listed_then {
                    terms.insert((t, index));
                }
            }
        }
        KnownItems { positions, terms }
    }
}

impl<'a> Reuse<'a> {
    /// `None` when a change reaches every page (a section's `_index.md`): then
    /// everything is rendered.
    pub fn new(old: &'a Shape, new: &'a Site, sources: &Sources) -> Option<Reuse<'a>> {
        let mut changed: HashSet<OsString> = HashSet::default();
        let mut body_only: HashSet<OsString> = HashSet::default();
        let mut sections = HashSet::default();
        let mut registry_edited = false;
        let edited = sources
            .iter()
            .filter(|(path, now)| old.sources.get(*path) != Some(now))
            .map(|(path, now)| (path, &now.kind))
            .chain(
                old.sources
                    .iter()
                    .filter(|(path, _)| !sources.contains_key(*path))
                    .map(|(path, before)| (path, &before.kind)),
            );
        for (path, kind) in edited {
            let outside = |s: &Sources| s.get(path).and_then(|state| state.outside_body);
            if outside(sources).is_some() && outside(sources) == outside(&old.sources) {
                body_only.insert(path.clone());
                continue;
            }
            match kind {
                SourceKind::SectionIndex { .. } => return None,
                SourceKind::DocumentRegistry => {
                    sections.insert(Section::Documents);
                    registry_edited = true;
                }
                _ => {}
            }
            changed.insert(path.clone());
        }
        let new_published = published_files(new);
        for path in new_published.keys() {
            if !old.published.contains_key(*path) {
                changed.insert((*path).to_owned());
            }
        }
        for path in old.published.keys() {
            if !new_published.contains_key(path.as_os_str()) {
                changed.insert(path.clone());
            }
        }
        for path in &changed {
            let before = old.published.get(path).copied().unwrap_or_default();
            let after = new_published
                .get(path.as_os_str())
                .copied()
                .unwrap_or_default();
            let feeds = before.union(after);
            let touched = [
                (feeds.procedure, Section::Procedures),
                (feeds.inspections, Section::Inspections),
                (feeds.outcomes, Section::Outcomes),
                (feeds.documents, Section::Documents),
            ];
            for (touches, section) in touched {
                if touches {
                    sections.insert(section);
                }
            }
        }
        let inspection_years = years_listing(old, new, &changed);
        let document_pages = if !sections.contains(&Section::Documents) {
            DocumentPages::These(HashSet::default())
        } else if registry_edited
            || old.documents.len() != new.documents.len()
            || old
                .documents
                .iter()
                .zip(&new.documents)
                .any(|(a, b)| *a != b.key)
        {
            // Documents came or went: every page after the first change moves.
            DocumentPages::All
        } else {
            DocumentPages::These(pages_citing(old, new, &changed))
        };
        Some(Reuse {
            old,
            new,
            changed,
            body_only,
            sections,
            document_pages,
            inspection_years,
            same_pages: false,
            known: None,
        })
    }

    /// For published news items edited in place, keeping their citations
    /// (see `item_edit`), each with its position in `new`: what `new` would
    /// find, without comparing every file. `same_pages`: no page came or
    /// went, and the sitemap's dates will be seen to.
    pub fn for_items(
        old: &'a Shape,
        new: &'a Site,
        items: &[(usize, &NewsItem)],
        same_pages: bool,
    ) -> Reuse<'a> {
        let mut sections = HashSet::default();
        let mut pages = HashSet::default();
        let mut years = HashSet::default();
        let mut edited = HashSet::default();
        for &(_, item) in items {
            let path = key(&item.origin);
            years.extend(old.inspection_year.get(path).copied());
            years.extend(site::inspection_year(item));
            let before = old.published.get(path).copied().unwrap_or_default();
            let feeds = before.union(news_feeds(item));
            for (touches, section) in [
                (feeds.inspections, Section::Inspections),
                (feeds.outcomes, Section::Outcomes),
                (feeds.documents, Section::Documents),
            ] {
                if touches {
                    sections.insert(section);
                }
            }
            pages.extend(
                old.cited_in(path)
                    .iter()
                    .map(|&i| i / DOCUMENTS_PER_PAGE + 1),
            );
            edited.insert(path.to_owned());
        }
        Reuse {
            old,
            new,
            changed: edited,
            body_only: HashSet::default(),
            sections,
            document_pages: DocumentPages::These(pages),
            inspection_years: Some(years),
            same_pages,
            known: Some(KnownItems::of(old, new, items)),
        }
    }

    fn news_file(&self, position: usize) -> &OsStr {
        key(&self.new.news[position].origin)
    }

    /// Same published item at the same place, and not edited.
    fn same_news_at(&self, old_position: Option<usize>, new_position: usize) -> bool {
        let file = self.news_file(new_position);
        old_position
            .and_then(|p| self.old.news.get(p))
            .is_some_and(|old| old == file)
            && !self.changed.contains(file)
    }

    fn needs_render(&self, family: PageFamily) -> bool {
        let per_page = self.new.config.paginate.max(1);
        match family {
            PageFamily::NewsItem(i) if self.known.is_some() => self
                .known
                .as_ref()
                .is_some_and(|known| known.positions.contains(&i)),
            PageFamily::NewsItem(i) => {
                let file = self.news_file(i);
                self.changed.contains(file)
                    || self.body_only.contains(file)
                    || !self.old.news_position.contains_key(file)
            }
            PageFamily::Procedure(i) => {
                let file = key(&self.new.procedures[i].origin);
                self.changed.contains(file) || !self.old.procedures.contains(file)
            }
            PageFamily::NewsList(page) => {
                let pages = |n: usize| n.div_ceil(per_page).max(1);
                if pages(self.old.news.len()) != pages(self.new.news.len()) {
                    return true;
                }
                let first = (page - 1) * per_page;
                let last = (first + per_page).min(self.new.news.len());
                (first..last).any(|p| !self.same_news_at(Some(p), p))
            }
            PageFamily::TaxonomyTerm {
                taxonomy,
                term,
                page,
            } => {
                let untouched = self
                    .known
                    .as_ref()
                    .is_some_and(|known| !known.terms.contains(&(taxonomy, term)));
                if untouched {
                    return false;
                }
                let new_taxonomy = &self.new.taxonomies[taxonomy];
                let new_term = &new_taxonomy.terms[term];
                let old_term = self
                    .old
                    .taxonomies
                    .get(taxonomy)
                    .filter(|(kind, _)| *kind == new_taxonomy.kind)
                    .and_then(|(_, terms)| terms.get(&new_term.slug));
                let Some(old_term) = old_term else {
                    return true;
                };
                // The name and the count are on every page of the term.
                if old_term.name != new_term.name || old_term.items.len() != new_term.items.len() {
                    return true;
                }
                let first = (page - 1) * per_page;
                let last = (first + per_page).min(new_term.items.len());
                (first..last)
                    .any(|j| !self.same_news_at(Some(old_term.items[j]), new_term.items[j]))
            }
            PageFamily::Documents(page) => match &self.document_pages {
                DocumentPages::All => true,
                DocumentPages::These(pages) => pages.contains(&page),
            },
            PageFamily::InspectionYear(year) => {
                self.sections.contains(&Section::Inspections)
                    && self
                        .inspection_years
                        .as_ref()
                        .is_none_or(|years| years.contains(&year))
            }
            PageFamily::Section(section) => self.sections.contains(&section),
        }
    }
}

/// The inspection years whose page lists a changed news file, before or
/// after; `None` (every year) when an inspection plan changed.
fn years_listing(old: &Shape, new: &Site, changed: &HashSet<OsString>) -> Option<HashSet<i32>> {
    let mut years: HashSet<i32> = HashSet::default();
    for path in changed {
        let was_news = old
            .sources
            .get(path)
            .is_some_and(|s| s.kind == SourceKind::News);
        if !was_news {
            // An inspection plan, or a file new to the site: every year.
            return None;
        }
        years.extend(old.inspection_year.get(path).copied());
    }
    for (&year, items) in &new.inspections_by_year {
        if items
            .iter()
            .any(|&i| changed.contains(key(&new.news[i].origin)))
        {
            years.insert(year);
        }
    }
    Some(years)
}

/// With the same documents in the same order before and after: the pages of
/// /documents/ listing a document that a changed file cites, then or now.
fn pages_citing(old: &Shape, new: &Site, changed: &HashSet<OsString>) -> HashSet<usize> {
    let page = |position: usize| position / DOCUMENTS_PER_PAGE + 1;
    let mut pages: HashSet<usize> = changed
        .iter()
        .filter_map(|file| old.cited_in.get(file))
        .flatten()
        .map(|&i| page(i))
        .collect();
    for (i, document) in new.documents.iter().enumerate() {
        if document
            .cited_by
            .iter()
            .any(|citer| changed.contains(citer.file.as_os_str()))
        {
            pages.insert(page(i));
        }
    }
    pages
}

impl PageFilter for Reuse<'_> {
    fn same_pages(&self) -> bool {
        self.same_pages
    }

    fn render(&self, family: PageFamily) -> bool {
        // Every page `needs_render` keeps was in the last build (a page new to
        // the site is new in its family's shape), so the previous tree has
        // it; looking it up for each of 16,000 pages cost 10 ms a save.
        self.needs_render(family)
    }
}
