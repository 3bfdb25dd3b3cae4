//! The keyed site: published content sorted once, URLs checked for clashes,
//! and the indices every listing page reads (taxonomies, years, documents).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};

use super::{DocumentInfo, Registry};
use super::{InspectionPlan, NewsItem, Page, Procedure, SectionIntro};
use crate::citations::{self, DocKind};
use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::routes;
use crate::slug::{fold_to_ascii, slugify};

/// Everything parsed, before drafts and clashes are sorted out.
#[derive(Default)]
pub struct ParsedContent {
    pub home: Option<SectionIntro>,
    pub intros: BTreeMap<String, SectionIntro>,
    pub news: Vec<Arc<NewsItem>>,
    pub procedures: Vec<Procedure>,
    pub plans: Vec<InspectionPlan>,
    pub pages: Vec<Page>,
    pub registry: Registry,
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

    pub fn label_vi(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "Chủ đề",
            TaxonomyKind::Agencies => "Cơ quan",
            TaxonomyKind::Locations => "Địa bàn",
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
#[derive(Debug, Clone)]
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
}

#[derive(Clone)]
pub struct CitedDocument {
    pub number: String,
    pub key: String,
    pub kind: DocKind,
    pub info: Option<DocumentInfo>,
    pub cited_by: Vec<Citer>,
}

#[derive(Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub home: Option<SectionIntro>,
    pub intros: BTreeMap<String, SectionIntro>,
    /// Published items, newest first.
    pub news: Vec<Arc<NewsItem>>,
    /// By field, then title.
    pub procedures: Vec<Procedure>,
    pub plans: BTreeMap<i32, InspectionPlan>,
    pub pages: Vec<Page>,
    pub taxonomies: Vec<Taxonomy>,
    /// Year → indices of items reporting an inspection that year, by inspection date.
    pub inspections_by_year: BTreeMap<i32, Vec<usize>>,
    /// (item index, outcome index), newest item first.
    pub outcomes: Vec<(usize, usize)>,
    pub documents: Vec<CitedDocument>,
    /// `CitedDocument::key` → its position in `documents`.
    pub document_index: HashMap<String, usize>,
    /// The moment the build counts as "now" (SOURCE_DATE_EPOCH when set).
    pub now: DateTime<Utc>,
}

impl Site {
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
}

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
fn newest_first(news: Vec<Arc<NewsItem>>) -> Vec<Arc<NewsItem>> {
    let mut order: Vec<usize> = (0..news.len()).collect();
    order.sort_by(|&a, &b| news_order(&news[a], &news[b]));
    let mut slots: Vec<Option<Arc<NewsItem>>> = news.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Drops drafts and scheduled content, sorts, checks URLs, and builds the indices.
pub fn assemble(
    config: SiteConfig,
    content: ParsedContent,
    drafts: bool,
    now: DateTime<Utc>,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let ParsedContent {
        home,
        intros,
        mut news,
        mut procedures,
        plans,
        mut pages,
        registry,
    } = content;
    if !drafts {
        news.retain(|item| !item.draft && item.date.with_timezone(&Utc) <= now);
        pages.retain(|page| !page.draft && page.date.is_none_or(|d| d.with_timezone(&Utc) <= now));
        procedures.retain(|p| !p.draft);
    }
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
    let ((errors, taxonomies), (documents, warnings)) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut errors = check_routes(&news, &procedures, &pages);
                    errors.extend(check_unique_codes(&procedures));
                    errors
                },
                || {
                    TaxonomyKind::ALL
                        .iter()
                        .map(|&kind| build_taxonomy(kind, &news))
                        .collect::<Vec<Taxonomy>>()
                },
            )
        },
        || cite_documents(&news, &procedures, &plans, &pages, registry),
    );
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut inspections_by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, item) in news.iter().enumerate() {
        if let Some(year) = inspection_year(item) {
            inspections_by_year.entry(year).or_default().push(i);
        }
    }
    for items in inspections_by_year.values_mut() {
        sort_by_inspection_date(items, &news);
    }
    let outcomes = outcomes_of(&news);
    let document_index = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key.clone(), i))
        .collect();

    let site = Site {
        config,
        home,
        intros,
        news,
        procedures,
        plans,
        pages,
        taxonomies,
        inspections_by_year,
        outcomes,
        documents,
        document_index,
        now,
    };
    Ok((site, warnings))
}

/// The year whose inspection page lists an item.
pub fn inspection_year(item: &NewsItem) -> Option<i32> {
    let inspection = item.inspection.as_ref()?;
    Some(inspection.date.unwrap_or(item.date).year())
}

/// One year's items (positions in `news`) by inspection date, then position.
pub(super) fn sort_by_inspection_date(items: &mut [usize], news: &[Arc<NewsItem>]) {
    items.sort_by(|&a, &b| {
        let (da, db) = (
            news[a].inspection.as_ref().and_then(|i| i.date),
            news[b].inspection.as_ref().and_then(|i| i.date),
        );
        da.cmp(&db).then_with(|| a.cmp(&b))
    });
}

/// Every (item, outcome) pair, newest item first.
pub(super) fn outcomes_of(news: &[Arc<NewsItem>]) -> Vec<(usize, usize)> {
    news.iter()
        .enumerate()
        .flat_map(|(i, item)| (0..item.outcomes.len()).map(move |o| (i, o)))
        .collect()
}

struct Claim {
    file: PathBuf,
    line: usize,
    column: usize,
    key: &'static str,
    is_alias: bool,
}

/// Two pages with one URL, or an alias that shadows a page, are errors naming both files.
fn check_routes(
    news: &[Arc<NewsItem>],
    procedures: &[Procedure],
    pages: &[Page],
) -> Vec<Diagnostic> {
    // A clash is rare; finding none costs a set of routes, while naming one
    // deterministically costs sorting every claim by file (`serve` pays this
    // on every save that assembles the site).
    if routes_clash(news, procedures, pages) {
        route_clashes(news, procedures, pages)
    } else {
        Vec::new()
    }
}

fn routes_clash(news: &[Arc<NewsItem>], procedures: &[Procedure], pages: &[Page]) -> bool {
    let reserved = [routes::simplified(), "news/page/".to_string()];
    let mut seen: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    let aliases = news
        .iter()
        .flat_map(|n| &n.aliases)
        .chain(pages.iter().flat_map(|p| &p.aliases))
        .map(|a| a.value.trim_start_matches('/').to_string());
    let mut all = news
        .iter()
        .map(|n| routes::news_item(&n.slug.value))
        .chain(procedures.iter().map(|p| routes::procedure(&p.slug.value)))
        .chain(pages.iter().map(|p| routes::page(&p.slug.value)))
        .chain(aliases);
    all.any(|route| reserved.contains(&route) || !seen.insert(route))
}

fn route_clashes(
    news: &[Arc<NewsItem>],
    procedures: &[Procedure],
    pages: &[Page],
) -> Vec<Diagnostic> {
    let mut claims: Vec<(String, Claim)> = Vec::new();
    let claim = |file: &PathBuf, line, column, key, is_alias| Claim {
        file: file.clone(),
        line,
        column,
        key,
        is_alias,
    };
    for item in news {
        claims.push((
            routes::news_item(&item.slug.value),
            claim(
                &item.origin.file,
                item.slug.line,
                item.slug.column,
                "slug",
                false,
            ),
        ));
    }
    for p in procedures {
        claims.push((
            routes::procedure(&p.slug.value),
            claim(&p.origin.file, p.slug.line, p.slug.column, "slug", false),
        ));
    }
    for p in pages {
        claims.push((
            routes::page(&p.slug.value),
            claim(&p.origin.file, p.slug.line, p.slug.column, "slug", false),
        ));
    }
    for (file, aliases) in news
        .iter()
        .map(|n| (&n.origin.file, &n.aliases))
        .chain(pages.iter().map(|p| (&p.origin.file, &p.aliases)))
    {
        for alias in aliases {
            let route = alias.value.trim_start_matches('/').to_string();
            claims.push((
                route,
                claim(file, alias.line, alias.column, "aliases", true),
            ));
        }
    }
    // Aliases come after pages, so a clash always names the page as the first owner.
    // The file that sorts first keeps the URL, so the error is stable.
    claims.sort_by(|(_, a), (_, b)| (a.is_alias, &a.file).cmp(&(b.is_alias, &b.file)));

    let reserved = [routes::simplified(), "news/page/".to_string()];
    let mut owners: HashMap<String, &Claim> = HashMap::new();
    let mut errors = Vec::new();
    for (route, c) in &claims {
        let shown = format!("/{route}");
        if reserved.contains(route) {
            errors.push(
                Diagnostic::error(
                    &c.file,
                    c.line,
                    format!("the URL {shown} is made by minhbach itself; choose another"),
                )
                .at_column(c.column)
                .with_key(c.key),
            );
            continue;
        }
        match owners.get(route) {
            None => {
                owners.insert(route.clone(), c);
            }
            Some(first) => {
                let first_file = crate::error::display_path(&first.file);
                let message = match (first.is_alias, c.is_alias) {
                    (false, false) => format!("the URL {shown} is already used by {first_file}; give one of them another `slug`"),
                    (false, true) => format!("the alias {shown} is the URL of {first_file}; an alias must be an old URL no page has"),
                    _ => format!("the alias {shown} is also an alias in {first_file}"),
                };
                errors.push(
                    Diagnostic::error(&c.file, c.line, message)
                        .at_column(c.column)
                        .with_key(c.key),
                );
            }
        }
    }
    errors
}

fn check_unique_codes(procedures: &[Procedure]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Procedure> = HashMap::new();
    let mut errors = Vec::new();
    for p in procedures {
        match first.get(p.code.value.as_str()) {
            None => {
                first.insert(&p.code.value, p);
            }
            Some(owner) => errors.push(
                Diagnostic::error(
                    &p.origin.file,
                    p.code.line,
                    format!(
                        "code {:?} is already used by {}; each procedure has its own code",
                        p.code.value,
                        crate::error::display_path(&owner.origin.file)
                    ),
                )
                .at_column(p.code.column)
                .with_key("code"),
            ),
        }
    }
    errors
}

fn build_taxonomy(kind: TaxonomyKind, news: &[Arc<NewsItem>]) -> Taxonomy {
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

fn cite_documents(
    news: &[Arc<NewsItem>],
    procedures: &[Procedure],
    plans: &BTreeMap<i32, InspectionPlan>,
    pages: &[Page],
    mut registry: Registry,
) -> (Vec<CitedDocument>, Vec<Diagnostic>) {
    let mut by_key: BTreeMap<String, CitedDocument> = BTreeMap::new();
    let mut add = |origin: &super::Origin, title: &str, route: String, date, is_current| {
        for (key, citer) in citers_of(origin, title, &route, date, is_current) {
            let doc = by_key.entry(key).or_insert_with_key(|key| CitedDocument {
                number: citer.written.clone(),
                kind: citations::find_citations(&citer.written)
                    .first()
                    .map_or(DocKind::Other, |c| c.kind),
                key: key.clone(),
                info: None,
                cited_by: Vec::new(),
            });
            doc.cited_by.push(citer);
        }
    };
    for item in news {
        add(
            &item.origin,
            &item.title,
            routes::news_item(&item.slug.value),
            Some(item.date),
            false,
        );
    }
    for p in procedures {
        add(
            &p.origin,
            &p.title,
            routes::procedure(&p.slug.value),
            p.effective_from,
            true,
        );
    }
    for plan in plans.values() {
        let title = plan
            .title
            .clone()
            .unwrap_or_else(|| format!("Kế hoạch kiểm tra năm {}", plan.year));
        add(
            &plan.origin,
            &title,
            routes::inspection_year(plan.year),
            None,
            false,
        );
    }
    for p in pages {
        add(
            &p.origin,
            &p.title,
            routes::page(&p.slug.value),
            p.updated.or(p.date),
            true,
        );
    }

    let mut warnings = Vec::new();
    let replacement_dates: HashMap<String, Option<DateTime<chrono::FixedOffset>>> = registry
        .values()
        .map(|info| {
            (
                citations::number_key(&info.number.value),
                info.effective_from.or(info.issued),
            )
        })
        .collect();
    for doc in by_key.values_mut() {
        doc.info = registry.remove(&doc.key);
        let Some(info) = &doc.info else { continue };
        doc.number = info.number.value.clone();
        let Some(replacement) = &info.replaced_by else {
            continue;
        };
        let replaced_on = replacement_dates
            .get(&citations::number_key(replacement))
            .copied()
            .flatten();
        for citer in &doc.cited_by {
            let outdated = citer.is_current
                || matches!((citer.date, replaced_on), (Some(cited), Some(replaced)) if cited >= replaced);
            if outdated {
                warnings.push(
                    Diagnostic::warning(
                        &citer.file,
                        citer.line,
                        format!(
                            "cites {} as current, but it was replaced by {replacement}",
                            doc.number
                        ),
                    )
                    .at_column(citer.column),
                );
            }
        }
    }
    let mut documents: Vec<CitedDocument> = by_key.into_values().collect();
    documents.sort_by_cached_key(|d| (d.kind, document_order(&d.number)));
    (documents, warnings)
}

/// The documents a page cites, each once under its key (the first spelling
/// wins), with the page as their citer.
pub(super) fn citers_of(
    origin: &super::Origin,
    title: &str,
    route: &str,
    date: Option<DateTime<chrono::FixedOffset>>,
    is_current: bool,
) -> Vec<(String, Citer)> {
    let mut citers: Vec<(String, Citer)> = Vec::new();
    for cited in &origin.citations {
        let key = citations::number_key(&cited.value);
        if citers.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let citer = Citer {
            title: title.to_string(),
            route: route.to_string(),
            file: origin.file.clone(),
            line: cited.line,
            column: cited.column,
            date,
            is_current,
            written: cited.value.clone(),
        };
        citers.push((key, citer));
    }
    citers
}

/// Orders numbers by year, then number: `93/2007/QĐ-TTg` before `43/2011/NĐ-CP`
/// (`18-NQ/TW`, with no year, by its number).
fn document_order(number: &str) -> (u32, u32, String) {
    let mut parts = number.split('/');
    let n = parts
        .next()
        .and_then(|p| p.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0);
    let year = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (year, n, number.to_string())
}
