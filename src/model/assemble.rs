//! Parsed content to the published site: drafts and scheduled items left
//! out, everything sorted, URLs and codes checked, indices built. Every
//! error across files is reported together.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::clashes::{check_routes, check_unique_codes};
use super::documents::cite_documents;
use super::indices::{Index, IndexYear};
use super::place::{
    build_taxonomy, collation_key, inspection_years_of, newest_first, outcomes_of,
    sort_by_inspection_date,
};
use super::site::{ParsedContent, Site, Taxonomy, TaxonomyKind};
use super::{InspectionPlan, NewsItem, Page, Procedure};
use crate::config::SiteConfig;
use crate::error::{Diagnostic, Fix};

/// Whether a build shows drafts and items scheduled after `now`.
#[derive(Debug, Clone, Copy)]
pub struct Publication {
    pub drafts: bool,
    pub now: DateTime<Utc>,
}

impl Publication {
    pub fn news(self, item: &NewsItem) -> bool {
        self.drafts || (!item.draft && item.date.with_timezone(&Utc) <= self.now)
    }

    pub fn page(self, page: &Page) -> bool {
        self.drafts || (!page.draft && page.date.is_none_or(|d| d.with_timezone(&Utc) <= self.now))
    }

    pub fn procedure(self, procedure: &Procedure) -> bool {
        self.drafts || !procedure.draft
    }
}

/// Errors between files (two pages with one URL, a code used twice) among
/// the files that parsed, for a build whose other files have errors: all of
/// them are reported in one run.
pub fn cross_file_errors(content: &ParsedContent, publication: Publication) -> Vec<Diagnostic> {
    let news: Vec<Arc<NewsItem>> = content
        .news
        .iter()
        .filter(|n| publication.news(n))
        .cloned()
        .collect();
    let procedures: Vec<Procedure> = content
        .procedures
        .iter()
        .filter(|p| publication.procedure(p))
        .cloned()
        .collect();
    let pages: Vec<Page> = content
        .pages
        .iter()
        .filter(|p| publication.page(p))
        .cloned()
        .collect();
    let mut errors = check_routes(&news, &procedures, &pages);
    errors.extend(check_unique_codes(&procedures));
    errors.extend(group_indices(content.indices.clone()).1);
    errors
}

/// Drops drafts and scheduled content, sorts, checks URLs, and builds the indices.
pub fn assemble(
    config: SiteConfig,
    content: ParsedContent,
    publication: Publication,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let ParsedContent {
        home,
        intros,
        // Given their places by `languages::split_by_language`.
        translated_intros: _,
        mut news,
        mut procedures,
        plans,
        mut pages,
        registry,
        indices,
    } = content;
    news.retain(|item| publication.news(item));
    pages.retain(|page| publication.page(page));
    procedures.retain(|p| publication.procedure(p));
    let news = newest_first(news);
    // Folding is costly: once per procedure, not once per comparison.
    procedures.sort_by_cached_key(|p| {
        (
            collation_key(&p.field),
            collation_key(&p.title),
            p.code.value.clone(),
        )
    });
    pages.sort_by(|a, b| a.slug.value.cmp(&b.slug.value));
    let plans: BTreeMap<i32, InspectionPlan> = plans.into_iter().map(|p| (p.year, p)).collect();

    // The checks and the indices read the same sorted content; each takes
    // tens of milliseconds on a large site, which `serve` pays on every save.
    let ((errors, taxonomies), (cited, warnings)) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut errors = check_routes(&news, &procedures, &pages);
                    errors.extend(check_unique_codes(&procedures));
                    errors
                },
                || taxonomies_of(&news),
            )
        },
        || cite_documents(&config.texts, &news, &procedures, &plans, &pages, registry),
    );
    let (indices, index_errors) = group_indices(indices);
    let errors = [errors, index_errors].concat();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut site = Site {
        config,
        home,
        intros,
        news_index: Default::default(),
        news,
        procedures: procedures.into(),
        plans,
        pages: pages.into(),
        taxonomies: taxonomies.into(),
        inspections_by_year: BTreeMap::new(),
        outcomes: Vec::new(),
        document_index: Default::default(),
        documents: Arc::new(cited.documents.into_iter().map(Arc::new).collect()),
        attributed: cited.attributed.into(),
        shared_numbers: cited.shared_numbers,
        indices,
        now: publication.now,
    };
    site.index_news();
    site.index_documents();
    Ok((site, warnings))
}

/// The years of each index under its folder, by the index's name; a year
/// whose `index` names it otherwise than the first year is an error.
fn group_indices(years: Vec<IndexYear>) -> (Vec<Index>, Vec<Diagnostic>) {
    let mut by_slug: BTreeMap<String, Index> = BTreeMap::new();
    let mut errors = Vec::new();
    for year in years {
        let index = by_slug.entry(year.slug.clone()).or_insert_with(|| Index {
            slug: year.slug.clone(),
            name: year.name.value.clone(),
            years: BTreeMap::new(),
        });
        match index.years.values().next() {
            Some(first) if first.name.value != year.name.value => errors.push(
                Diagnostic::error(
                    &year.origin.file,
                    year.name.line,
                    Fix::Index,
                    format!(
                        "the index is named {:?} in {}: every year of indices/{}/ names it the same",
                        first.name.value,
                        crate::error::display_path(&first.origin.file),
                        year.slug
                    ),
                )
                .at_column(year.name.column)
                .with_key("index"),
            ),
            _ => {
                index.years.insert(year.year, year);
            }
        }
    }
    let mut indices: Vec<Index> = by_slug.into_values().collect();
    indices.sort_by_cached_key(|i| collation_key(&i.name));
    (indices, errors)
}

pub(super) fn taxonomies_of(news: &[Arc<NewsItem>]) -> Vec<Taxonomy> {
    TaxonomyKind::ALL
        .iter()
        .map(|&kind| build_taxonomy(kind, news))
        .collect()
}

impl Site {
    fn index_documents(&mut self) {
        let index = self.documents.iter().enumerate();
        self.document_index = Arc::new(index.map(|(i, d)| (d.key.clone(), i)).collect());
    }

    /// The indices that follow the order of `news`: files' positions, the
    /// inspections of each year, the outcomes.
    pub(super) fn index_news(&mut self) {
        self.index_news_files();
        self.index_news_contents();
    }

    /// Each item's file → its position.
    pub(super) fn index_news_files(&mut self) {
        self.news_index = Arc::new(
            self.news
                .iter()
                .enumerate()
                .map(|(i, item)| (PathBuf::clone(&item.origin.file), i))
                .collect(),
        );
    }

    /// What the items report: inspections by year, featured outcomes.
    pub(super) fn index_news_contents(&mut self) {
        let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (i, item) in self.news.iter().enumerate() {
            for year in inspection_years_of(item) {
                by_year.entry(year).or_default().push(i);
            }
        }
        for (&year, items) in &mut by_year {
            sort_by_inspection_date(items, &self.news, year);
        }
        self.inspections_by_year = by_year;
        self.outcomes = outcomes_of(&self.news);
    }
}
