//! The published site: content sorted once and the indices every listing
//! page reads (taxonomies, years, outcomes, documents). Made by `assemble`,
//! changed only by its own methods.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

use super::indices::{Index, IndexYear, RankedUnit};
use super::DocumentInfo;
use super::{InspectionPlan, NewsItem, Page, Procedure, Registry, SectionIntro};
use crate::citations::{self, DocKind};
use crate::config::SiteConfig;

/// Everything parsed, before drafts and clashes are sorted out.
#[derive(Default)]
pub struct ParsedContent {
    pub home: Option<SectionIntro>,
    pub intros: BTreeMap<String, SectionIntro>,
    /// `_index.LANG.md`: translations of the home's and sections' texts
    /// (section `None` for the home), sorted out by `languages`.
    pub translated_intros: Vec<(Option<String>, SectionIntro)>,
    pub news: Vec<Arc<NewsItem>>,
    pub procedures: Vec<Procedure>,
    pub plans: Vec<InspectionPlan>,
    pub pages: Vec<Page>,
    pub registry: Registry,
    pub indices: Vec<IndexYear>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxonomyKind {
    Tags,
    Agencies,
    Locations,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::Tags,
        TaxonomyKind::Agencies,
        TaxonomyKind::Locations,
    ];

    /// The URL folder: `tags`, `agencies`, `locations`.
    pub fn route_name(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Agencies => "agencies",
            TaxonomyKind::Locations => "locations",
        }
    }
}

#[derive(Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Indices into `Site::news`, newest first.
    pub items: Vec<usize>,
}

#[derive(Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by name as a Vietnamese reader expects.
    pub terms: Vec<Term>,
}

/// A page that cites a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Citer {
    pub title: String,
    pub route: String,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub date: Option<DateTime<chrono::FixedOffset>>,
    /// Procedures and plain pages describe the present; news describes its day.
    pub is_current: bool,
    /// The number as this page writes it (the first spelling names a
    /// document the registry does not know).
    pub written: String,
    /// The issuer the citing sentence names, folded, or empty (see
    /// `Origin::citation_contexts`).
    pub issuer_hint: String,
}

#[derive(Clone)]
pub struct CitedDocument {
    pub number: String,
    /// `citations::number_key`, or `citations::issued_key` for one of two
    /// registered documents sharing a number.
    pub key: String,
    /// Its page's folder under /documents/: the key folded (`43-2011-nd-cp`).
    pub slug: String,
    pub kind: DocKind,
    pub info: Option<DocumentInfo>,
    pub cited_by: Vec<Citer>,
    /// Keys of the documents whose `replaced_by` is this one.
    pub replaces: Vec<String>,
    /// The key of the document that replaced it, when it has a page.
    pub replaced_by: Option<String>,
}

impl CitedDocument {
    /// The kind a reader sees, in the page's language: the record's when it
    /// names a kind the theme has a word for (an English page says "Decree"
    /// for a record's "Nghị định", as for a number's NĐ); any other the
    /// record's as written on pages in the records' language (the default
    /// one), and the number's type code's on others, so that a page title in
    /// English says "Directive" for a "Chỉ thị liên tịch"; else the code's.
    pub fn kind_label(&self, config: &SiteConfig) -> String {
        let texts = &config.texts;
        match self.kind_as_written() {
            Some(written) if config.language == config.default_language() => written.to_string(),
            Some(_) => texts.label("doc_kind", self.kind.code()),
            None => {
                let named = self.info.as_ref().and_then(|i| i.kind.as_deref());
                let kind = named.and_then(DocKind::named).unwrap_or(self.kind);
                texts.label("doc_kind", kind.code())
            }
        }
    }

    /// The record's kind when the theme has no word for it (a "Chỉ thị
    /// liên tịch"), to be shown as written.
    pub fn kind_as_written(&self) -> Option<&str> {
        let written = self.info.as_ref()?.kind.as_deref()?;
        DocKind::named(written).is_none().then_some(written)
    }

    /// The year it was issued: its record's date, else its number's.
    pub fn issued_year(&self) -> Option<i32> {
        if let Some(issued) = self.info.as_ref().and_then(|i| i.issued) {
            return Some(chrono::Datelike::year(&issued));
        }
        let year = self.number.split('/').nth(1)?;
        (year.len() == 4).then(|| year.parse().ok()).flatten()
    }

    /// Where its file is published, under the site's root: beside its page
    /// in the first language, named for the document (`43-2011-nd-cp.pdf`)
    /// so that the name is safe on every host and in any link.
    pub fn file_path(&self) -> Option<String> {
        let file = self.info.as_ref()?.file.as_ref()?;
        Some(format!(
            "{}{}.{}",
            crate::routes::document(&self.slug, 1),
            self.slug,
            file.format.to_ascii_lowercase()
        ))
    }
}

/// The tables that send a citation to its document: two sites with equal
/// `Citations` and documents of the same slugs in the same places list every
/// citation under the same document. Compared by address (each holds the
/// tables it compares, so no address is reused while it lives): a site
/// patched in place shares its tables with the last one.
#[derive(Clone)]
pub struct Citations {
    attributed: Arc<super::documents::Attributions>,
    document_index: Arc<HashMap<String, usize>>,
}

impl PartialEq for Citations {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.attributed, &other.attributed)
            && Arc::ptr_eq(&self.document_index, &other.document_index)
    }
}

/// The published site, sorted and indexed once. Its fields are the
/// model's own: other stages read them through methods, and change the site
/// only through the methods that keep its indices true (`update_news`).
/// What an edit of news items leaves alone is shared between copies, so
/// copying a site that is still in use for one save costs little.
#[derive(Clone)]
pub struct Site {
    pub(super) config: SiteConfig,
    pub(super) home: Option<SectionIntro>,
    pub(super) intros: BTreeMap<String, SectionIntro>,
    /// Published items, newest first (`place::news_order`).
    pub(super) news: Vec<Arc<NewsItem>>,
    /// A news file → its position in `news`.
    pub(super) news_index: Arc<FxHashMap<PathBuf, usize>>,
    /// By field, then title.
    pub(super) procedures: Arc<Vec<Procedure>>,
    pub(super) plans: BTreeMap<i32, InspectionPlan>,
    pub(super) pages: Arc<Vec<Page>>,
    pub(super) taxonomies: Arc<Vec<Taxonomy>>,
    /// Year → indices of items reporting an inspection that year, by inspection date.
    pub(super) inspections_by_year: BTreeMap<i32, Vec<usize>>,
    /// (item index, outcome index), newest item first.
    pub(super) outcomes: Vec<(usize, usize)>,
    /// Each its own `Arc`: an edit that changes one document's citers
    /// copies that one, not all of them.
    pub(super) documents: Arc<Vec<Arc<CitedDocument>>>,
    /// Performance indices, by name.
    pub(super) indices: Vec<Index>,
    /// `CitedDocument::key` → its position in `documents`.
    pub(super) document_index: Arc<HashMap<String, usize>>,
    /// (citing file, number key) → the key of the document a citation of a
    /// number two issuers share was attributed to.
    pub(super) attributed: Arc<super::documents::Attributions>,
    /// Number keys that two or more registered documents share.
    pub(super) shared_numbers: std::collections::HashSet<String>,
    /// The moment the build counts as "now" (SOURCE_DATE_EPOCH when set).
    pub(super) now: DateTime<Utc>,
}

impl Site {
    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    /// The home page's `_index.md`.
    pub fn home(&self) -> Option<&SectionIntro> {
        self.home.as_ref()
    }

    /// A section's `_index.md` (`news`, `procedures` ...).
    pub fn intro(&self, section: &str) -> Option<&SectionIntro> {
        self.intros.get(section)
    }

    pub fn intros(&self) -> &BTreeMap<String, SectionIntro> {
        &self.intros
    }

    /// Published news, newest first.
    pub fn news(&self) -> &[Arc<NewsItem>] {
        &self.news
    }

    /// Where a published news file (`content/news/x.md`) is in `news`.
    pub fn news_position(&self, file: &Path) -> Option<usize> {
        self.news_index.get(file).copied()
    }

    /// Published procedures, by field, then title.
    pub fn procedures(&self) -> &[Procedure] {
        &self.procedures
    }

    /// Yearly plans by year.
    pub fn plans(&self) -> &BTreeMap<i32, InspectionPlan> {
        &self.plans
    }

    /// Published plain pages, by slug.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    pub fn taxonomies(&self) -> &[Taxonomy] {
        &self.taxonomies
    }

    /// Year → positions in `news` of the items reporting an inspection that
    /// year, by inspection date.
    pub fn inspections_by_year(&self) -> &BTreeMap<i32, Vec<usize>> {
        &self.inspections_by_year
    }

    /// (item position, outcome index) of every featured outcome, newest item first.
    pub fn outcomes(&self) -> &[(usize, usize)] {
        &self.outcomes
    }

    /// Every cited or registered document, by kind, then year and number.
    pub fn documents(&self) -> &[Arc<CitedDocument>] {
        &self.documents
    }

    /// Performance indices, by name, each with its years.
    pub fn indices(&self) -> &[Index] {
        &self.indices
    }

    /// Every index year that ranks the unit whose name folds to `slug` (an
    /// agency's taxonomy term), oldest index year first.
    pub fn rankings_of(&self, slug: &str) -> Vec<(&Index, &IndexYear, &RankedUnit)> {
        let mut found = Vec::new();
        for index in &self.indices {
            for year in index.years.values() {
                let unit = year
                    .units
                    .iter()
                    .find(|u| crate::slug::slugify(&u.unit.value) == slug);
                found.extend(unit.map(|u| (index, year, u)));
            }
        }
        found
    }

    /// The index whose folder is `slug`.
    pub fn index(&self, slug: &str) -> Option<&Index> {
        self.indices.iter().find(|i| i.slug == slug)
    }

    /// The moment the build counts as "now".
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Years that have something to show, newest first: a plan, or an item
    /// reporting an inspection.
    pub fn inspection_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .inspections_by_year
            .keys()
            .chain(self.plans.keys())
            .copied()
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }

    /// Where a cited document (by its number as written) is in `documents`.
    pub fn document_position(&self, number: &str) -> Option<usize> {
        self.document_index
            .get(&citations::number_key(number))
            .copied()
    }

    /// The document a file's citation of `number` is listed under: the
    /// issuer's own when the sentence attributed it, else the number's.
    pub fn cited_document(&self, file: &Path, number: &str) -> Option<&CitedDocument> {
        let key = citations::number_key(number);
        let key = self
            .attributed
            .get(file)
            .and_then(|numbers| numbers.get(&key))
            .unwrap_or(&key);
        self.document(key)
    }

    /// The document with this `CitedDocument::key`.
    pub fn document(&self, key: &str) -> Option<&CitedDocument> {
        self.document_index
            .get(key)
            .and_then(|&i| self.documents.get(i))
            .map(Arc::as_ref)
    }

    /// What decides the document each citation is listed under, but for
    /// the documents' slugs (see `Citations`).
    pub fn citations(&self) -> Citations {
        Citations {
            attributed: Arc::clone(&self.attributed),
            document_index: Arc::clone(&self.document_index),
        }
    }

    /// True when citations of this number key may belong to either of two
    /// registered documents: edits citing it are not patched in place.
    pub fn is_shared_number(&self, key: &str) -> bool {
        self.shared_numbers.contains(key)
    }
}
