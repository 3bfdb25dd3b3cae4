//! The documents the content cites or `documents.yaml` registers: a page
//! per document (its record, its file, its replacements both ways, every
//! citing page, paginated), and /documents/ with capped citer lists, also cut
//! by kind and by year.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::{job, nth_page_title};
use crate::escape::script_json;
use crate::model::site::{CitedDocument, Site};
use crate::paging::Paging;
use crate::render::jsonld;
use crate::render::plan::Builder;
use crate::render::views::{paginator, url, DateView, Link};
use crate::render::PageJob;
use crate::routes;
use crate::slug::slugify;

/// Documents on each page of a list.
pub const DOCUMENTS_PER_PAGE: usize = 50;
/// Citing pages on each page of a document.
pub const CITERS_PER_PAGE: usize = 100;
/// Citing pages a list row shows before pointing to the document's page.
pub const CITERS_IN_LIST: usize = 3;

/// A cut of the documents: all, one kind, one year.
#[derive(Clone, Hash)]
enum Cut {
    All,
    /// The kind's slug.
    Kind(String),
    Year(i32),
}

impl Cut {
    fn route(&self, n: usize) -> String {
        match self {
            Cut::All => routes::documents_page(n),
            Cut::Kind(slug) => routes::documents_of_kind(slug, n),
            Cut::Year(year) => routes::documents_of_year(*year, n),
        }
    }
}

/// Every documents page into the plan.
pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    let all: Vec<usize> = (0..site.documents().len()).collect();
    // Each document's kind in the page's words: named once a plan.
    let labels: Vec<String> = site
        .documents()
        .iter()
        .map(|d| kind_label(site, d))
        .collect();
    // Every list page links to every kind and year: cut and hashed once,
    // not once a list (or a page).
    let cuts = std::sync::Arc::new(cuts(site, &labels));
    let nav = Nav {
        digest: nav_inputs(&cuts.0, &cuts.1),
        cuts: cuts.clone(),
    };
    // A document's row is on three lists and its own pages: hashed once.
    let rows: Vec<u64> = site
        .documents()
        .iter()
        .zip(&labels)
        .map(|(d, label)| row_digest(site, d, label))
        .collect();
    plan_list(b, Cut::All, all, &nav, &rows);
    for (slug, (_, members)) in &cuts.0 {
        plan_list(b, Cut::Kind(slug.clone()), members.clone(), &nav, &rows);
    }
    for (year, members) in &cuts.1 {
        plan_list(b, Cut::Year(*year), members.clone(), &nav, &rows);
    }
    for (d, row) in site.documents().iter().zip(&rows) {
        plan_document(b, d, *row);
    }
}

fn kind_label(site: &Site, d: &CitedDocument) -> String {
    d.kind_label(site.config())
}

/// Kinds by slug (with their label) and years, newest first, each with the
/// positions of its documents.
type KindCuts = BTreeMap<String, (String, Vec<usize>)>;
/// Every kind and every year with their documents' positions.
type Cuts = (KindCuts, Vec<(i32, Vec<usize>)>);
fn cuts(site: &Site, labels: &[String]) -> Cuts {
    let mut kinds = KindCuts::new();
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    // Thousands of documents, a dozen kinds: each label slugified once.
    let mut slugs: rustc_hash::FxHashMap<&str, String> = Default::default();
    for (i, (d, label)) in site.documents().iter().zip(labels).enumerate() {
        let slug = slugs
            .entry(label.as_str())
            .or_insert_with(|| slugify(label))
            .clone();
        kinds
            .entry(slug)
            .or_insert_with(|| (label.clone(), Vec::new()))
            .1
            .push(i);
        if let Some(year) = d.issued_year() {
            years.entry(year).or_default().push(i);
        }
    }
    kinds.retain(|slug, _| !slug.is_empty());
    (kinds, years.into_iter().rev().collect())
}

/// The kinds and years every list page links to, and their digest.
struct Nav {
    cuts: std::sync::Arc<Cuts>,
    digest: u64,
}

fn plan_list(b: &mut Builder<'_>, cut: Cut, members: Vec<usize>, nav: &Nav, rows: &[u64]) {
    let site = b.site;
    let paging = Paging::new(members.len(), DOCUMENTS_PER_PAGE);
    let members = std::sync::Arc::new(members);
    for n in paging.pages() {
        let mut inputs = b.inputs("documents");
        inputs.add(&cut).add(&n).add(&paging).add(&nav.digest);
        for &i in &members[paging.slice(n)] {
            inputs.add(&rows[i]);
        }
        let (members, page_cut, cuts) = (members.clone(), cut.clone(), nav.cuts.clone());
        b.page(cut.route(n), Some(inputs), move || {
            list_page(site, &page_cut, &members, n, paging, &cuts)
        });
    }
}

/// The kinds and years every list page links to.
fn nav_inputs(kinds: &KindCuts, years: &[(i32, Vec<usize>)]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for (slug, (label, members)) in kinds {
        std::hash::Hash::hash(&(slug, label, members.len()), &mut h);
    }
    for (year, members) in years {
        std::hash::Hash::hash(&(year, members.len()), &mut h);
    }
    std::hash::Hasher::finish(&h)
}

/// What a row shows, hashed: the record, the replacement's page, the first citers.
/// `label`: its kind in the page's words (`kind_label`).
fn row_digest(site: &Site, d: &CitedDocument, label: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (&d.number, &d.slug, label, &d.info, d.cited_by.len()).hash(&mut h);
    d.replaced_by
        .as_ref()
        .and_then(|k| site.document(k))
        .map(|r| (&r.slug, &r.number))
        .hash(&mut h);
    for citer in d.cited_by.iter().take(CITERS_IN_LIST) {
        (&citer.title, &citer.route).hash(&mut h);
    }
    h.finish()
}

#[derive(Serialize)]
struct DocumentRow {
    number: String,
    /// The row's id on the lists (`vb-43-2011-nd-cp`), kept so that links
    /// made before documents had pages still find their row.
    anchor: String,
    url: String,
    kind: String,
    /// The record's kind in its own words, on pages in another language
    /// than the records' (the title says the number's kind there).
    kind_written: Option<String>,
    /// The language of the record's words (trích yếu, issuer, kind as
    /// written) when the page is in another one, for their `lang`.
    text_lang: Option<&'static str>,
    title: Option<String>,
    issuer: Option<String>,
    issued: Option<DateView>,
    effective_from: Option<DateView>,
    replaced_by: Option<Link>,
    replaces: Vec<Link>,
    source_url: Option<String>,
    file: Option<FileView>,
    /// How many pages cite it, and the first few of them.
    cited_count: usize,
    cited_by: Vec<Link>,
}

#[derive(Serialize)]
struct FileView {
    url: String,
    format: String,
    /// Rounded up: a file of a few bytes is "1 KB", never "0 KB".
    kilobytes: u64,
}

#[derive(Serialize)]
struct CutLink {
    name: String,
    url: String,
    count: usize,
    current: bool,
}

fn link_to(site: &Site, d: &CitedDocument) -> Link {
    Link {
        name: d.number.clone(),
        url: url(site, &routes::document(&d.slug, 1)),
    }
}

/// The language documents.yaml is written in (the default one), when the
/// page is in another.
fn record_lang(site: &Site) -> Option<&'static str> {
    let config = site.config();
    let records = config.default_language();
    (config.language != records).then_some(records.code())
}

/// A document's record as a row or a page shows it; `citers` of its citing
/// pages are listed (each page once).
fn row(site: &Site, d: &CitedDocument, citers: std::ops::Range<usize>) -> DocumentRow {
    let t = &site.config().texts;
    let info = d.info.as_ref();
    let date =
        |pick: fn(&crate::model::DocumentInfo) -> Option<chrono::DateTime<chrono::FixedOffset>>| {
            info.and_then(pick).map(|day| DateView::of(t, &day))
        };
    DocumentRow {
        number: d.number.clone(),
        anchor: format!("vb-{}", d.slug),
        url: url(site, &routes::document(&d.slug, 1)),
        kind: kind_label(site, d),
        kind_written: record_lang(site)
            .and(d.kind_as_written())
            .map(str::to_string),
        text_lang: record_lang(site),
        title: info.and_then(|i| i.title.clone()),
        issuer: info.and_then(|i| i.issuer.clone()),
        issued: date(|i| i.issued),
        effective_from: date(|i| i.effective_from),
        replaced_by: d
            .replaced_by
            .as_ref()
            .and_then(|k| site.document(k))
            .map(|r| link_to(site, r)),
        replaces: d
            .replaces
            .iter()
            .filter_map(|k| site.document(k))
            .map(|r| link_to(site, r))
            .collect(),
        source_url: info.and_then(|i| i.url.clone()),
        file: info.and_then(|i| i.file.as_ref()).map(|f| FileView {
            url: format!(
                "{}{}",
                site.config().root_url,
                d.file_path().unwrap_or_default()
            ),
            format: f.format.clone(),
            kilobytes: f.bytes.div_ceil(1024).max(1),
        }),
        cited_count: d.cited_by.len(),
        cited_by: citer_links(site, d, citers),
    }
}

fn citer_links(site: &Site, d: &CitedDocument, range: std::ops::Range<usize>) -> Vec<Link> {
    let range = range.start.min(d.cited_by.len())..range.end.min(d.cited_by.len());
    // A law cited by thousands of items: a set, not a scan per citer.
    let mut seen: HashSet<&str> = HashSet::new();
    d.cited_by[range]
        .iter()
        .filter(|c| seen.insert(c.route.as_str()))
        .map(|c| Link {
            name: c.title.clone(),
            url: url(site, &c.route),
        })
        .collect()
}

fn list_page(
    site: &Site,
    cut: &Cut,
    members: &[usize],
    n: usize,
    paging: Paging,
    cuts: &Cuts,
) -> PageJob {
    let t = &site.config().texts;
    let rows: Vec<DocumentRow> = members[paging.slice(n)]
        .iter()
        .map(|&i| row(site, &site.documents()[i], 0..CITERS_IN_LIST))
        .collect();
    let (kinds, years) = cuts;
    let kind_links: Vec<CutLink> = kinds
        .iter()
        .map(|(slug, (label, m))| CutLink {
            name: label.clone(),
            url: url(site, &routes::documents_of_kind(slug, 1)),
            count: m.len(),
            current: matches!(cut, Cut::Kind(s) if s == slug),
        })
        .collect();
    let year_links: Vec<CutLink> = years
        .iter()
        .map(|(year, m)| CutLink {
            name: year.to_string(),
            url: url(site, &routes::documents_of_year(*year, 1)),
            count: m.len(),
            current: matches!(cut, Cut::Year(y) if y == year),
        })
        .collect();
    let title = match cut {
        Cut::All => t.get("page.documents").to_string(),
        Cut::Kind(slug) => {
            let label = kinds.get(slug).map_or(slug.as_str(), |(l, _)| l.as_str());
            t.fill("page.documents_kind", &[("kind", &label)])
        }
        Cut::Year(year) => t.fill("page.documents_year", &[("year", &year)]),
    };
    let mut j = job(
        cut.route(n),
        "documents.html",
        nth_page_title(t, &title, n),
        t.get("page.documents_description").to_string(),
        "documents",
    );
    j.context.insert("documents", &rows);
    j.context.insert("total", &members.len());
    j.context.insert("is_all", &matches!(cut, Cut::All));
    j.context
        .insert("all_url", &url(site, &routes::documents()));
    j.context.insert("kinds", &kind_links);
    j.context.insert("years", &year_links);
    j.context
        .insert("paginator", &paginator(site, n, paging, |n| cut.route(n)));
    j
}

fn plan_document<'s>(b: &mut Builder<'s>, d: &'s CitedDocument, row: u64) {
    let site = b.site;
    let paging = Paging::new(d.cited_by.len(), CITERS_PER_PAGE);
    for n in paging.pages() {
        let mut inputs = b.inputs("document");
        inputs.add(&n).add(&paging).add(&row);
        for k in &d.replaces {
            inputs.add(&site.document(k).map(|r| (&r.slug, &r.number)));
        }
        for citer in &d.cited_by[paging.slice(n)] {
            inputs.add(&citer.title).add(&citer.route);
        }
        b.page(routes::document(&d.slug, n), Some(inputs), move || {
            document_page(site, d, n, paging)
        });
    }
}

fn document_page(site: &Site, d: &CitedDocument, n: usize, paging: Paging) -> PageJob {
    let t = &site.config().texts;
    let record = row(site, d, paging.slice(n));
    let title = t.fill(
        "page.document",
        &[("kind", &record.kind), ("number", &d.number)],
    );
    // A description has no `lang` of its own: in another language than the
    // page's, the page's title says it instead.
    let description = match record.text_lang {
        None => record.title.clone().unwrap_or_else(|| title.clone()),
        Some(_) => title.clone(),
    };
    let mut j = job(
        routes::document(&d.slug, n),
        "document.html",
        nth_page_title(t, &title, n),
        description,
        "documents",
    );
    j.context.insert(
        "json_ld",
        &script_json(&jsonld::legislation(site, d, &record.kind)),
    );
    j.context.insert("document", &record);
    j.context
        .insert("documents_url", &url(site, &routes::documents()));
    j.context.insert("shared", &shared_with(site, d));
    j.context.insert(
        "paginator",
        &paginator(site, n, paging, |n| routes::document(&d.slug, n)),
    );
    j
}

/// On the page of a number two issuers share, the registered documents
/// that carry it.
fn shared_with(site: &Site, d: &CitedDocument) -> Vec<Link> {
    if !site.is_shared_number(&d.key) {
        return Vec::new();
    }
    let prefix = format!("{}@", d.key);
    site.documents()
        .iter()
        .filter(|o| o.key.starts_with(&prefix))
        .map(|o| Link {
            name: o
                .info
                .as_ref()
                .and_then(|i| i.issuer.clone())
                .unwrap_or_else(|| o.number.clone()),
            url: url(site, &routes::document(&o.slug, 1)),
        })
        .collect()
}

/// Each registered document's file, copied once beside its page in the
/// first language (every language links there).
pub fn add_document_files(site: &Site, tree: &mut crate::output::OutputTree) {
    for d in site.documents() {
        let file = d.info.as_ref().and_then(|i| i.file.as_ref());
        if let (Some(file), Some(path)) = (file, d.file_path()) {
            // The path is made of the slug alone: always safe to add.
            tree.add(&path, crate::output::Content::Copy(file.disk_path.clone()));
        }
    }
}
