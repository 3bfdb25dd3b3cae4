//! What the search index holds for each page: the texts to index with their weight,
//! and what a result shows (title, date, section, excerpt text). It reads only the site model.
//! It does not tokenize or encode anything (see `index` and `format`).

use std::borrow::Cow;

use chrono::{DateTime, Datelike, FixedOffset};

use super::facets::{FacetValues, FACETS};
use crate::locale::{self, day_iso, Texts};
use crate::markdown::Heading;
use crate::model::indices::IndexYear;
use crate::model::site::Site;
use crate::model::{Inspection, NewsItem, Page, Procedure};
use crate::routes;

/// The sections a reader can filter by, in index order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    News,
    Inspections,
    Procedures,
    Pages,
    Documents,
    Indices,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::News,
        Section::Inspections,
        Section::Procedures,
        Section::Pages,
        Section::Documents,
        Section::Indices,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Section::News => "news",
            Section::Inspections => "inspections",
            Section::Procedures => "procedures",
            Section::Pages => "pages",
            Section::Documents => "documents",
            Section::Indices => "indices",
        }
    }

    /// The section's name in the portal's language.
    pub fn label(self, t: &Texts) -> String {
        t.label("section", self.key())
    }
}

/// How much a text counts for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Titles and procedure codes: a match here ranks above any body match.
    Title,
    /// Tags, agency, location, field, inspected unit: short labels that say what a page is about.
    Label,
    Body,
}

pub struct Field<'a> {
    pub text: Cow<'a, str>,
    pub weight: Weight,
}

/// One page in the search index.
pub struct SearchDoc<'a> {
    pub section: Section,
    /// Route under `base_url`: `news/x/`.
    pub route: String,
    pub title: String,
    /// `2021-12-29`, for `<time datetime>`.
    pub day: Option<String>,
    /// `29/12/2021`.
    pub date_text: Option<String>,
    pub year: Option<i32>,
    /// A line under the title: a procedure's code and field, an inspected unit.
    pub detail: Option<String>,
    /// The text excerpts are cut from.
    pub text: Cow<'a, str>,
    /// The body's headings, when `text` is the body's text (a hit links to its section).
    pub headings: &'a [Heading],
    /// Its values for each filter of `facets::FACETS`.
    pub facets: FacetValues,
    pub fields: Vec<Field<'a>>,
}

/// Characters of body text kept for excerpts: enough for the opening and the
/// matches of a long article, while the fragment a result loads stays small.
pub const EXCERPT_SOURCE_CHARS: usize = 5000;

/// Every searchable page, grouped by section (`Section::ALL` order) and newest
/// first inside a section, so a section or a year is a range of document numbers.
pub fn collect(site: &Site) -> Vec<SearchDoc<'_>> {
    let t = &site.config().texts;
    let mut docs: Vec<SearchDoc> = site.news().iter().map(|n| news_doc(t, n)).collect();
    docs.extend(inspection_year_docs(site));
    docs.extend(site.procedures().iter().map(|p| procedure_doc(t, p)));
    let mut pages: Vec<&Page> = site.pages().iter().collect();
    pages.sort_by_key(|p| std::cmp::Reverse(page_date(p).map(|d| d.year())));
    docs.extend(pages.into_iter().map(|p| page_doc(t, p)));
    docs.extend(document_docs(site));
    docs.extend(index_year_docs(site));
    docs
}

/// Each year of each performance index: found by the index's name, the
/// year and the units it ranks (a citizen searches "PAR INDEX Sở Tư pháp").
/// The page text is the year's own body; no rank or score is put into words
/// here, so a result states nothing the index page does not.
fn index_year_docs(site: &Site) -> Vec<SearchDoc<'_>> {
    let t = &site.config().texts;
    let mut years: Vec<&IndexYear> = site
        .indices()
        .iter()
        .flat_map(|index| index.years.values())
        .collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    years
        .into_iter()
        .map(|y| {
            let title = t.fill(
                "page.index_year",
                &[("index", &y.name.value), ("year", &y.year)],
            );
            let mut fields = vec![
                field(title.clone(), Weight::Title),
                borrowed(&y.body.text, Weight::Body),
            ];
            fields.extend(y.scope.as_deref().map(|s| borrowed(s, Weight::Label)));
            for unit in &y.units {
                fields.push(borrowed(&unit.unit.value, Weight::Label));
            }
            let mut doc = SearchDoc {
                section: Section::Indices,
                route: routes::index_year(&y.slug, y.year),
                title,
                day: None,
                date_text: None,
                year: None,
                detail: y.scope.clone(),
                text: excerpt_source(&y.body.text, ""),
                fields,
                headings: &y.body.headings,
                facets: one_facet("index", vec![y.name.value.clone()]),
            };
            dated(t, &mut doc, y.published.as_ref());
            // Filtered by the index's year, not the day it was published.
            doc.year = Some(y.year);
            doc
        })
        .collect()
}

/// Each registered legal document's page, found by its number, kind,
/// title and issuer; newest year first, like every section. A document
/// known only by its number is left out: the pages citing it already carry
/// the number, and its page would only repeat them.
fn document_docs(site: &Site) -> Vec<SearchDoc<'_>> {
    let t = &site.config().texts;
    let mut documents: Vec<_> = site
        .documents()
        .iter()
        .filter(|d| d.info.is_some())
        .collect();
    documents.sort_by_key(|d| std::cmp::Reverse(d.issued_year()));
    documents
        .into_iter()
        .map(|d| {
            let info = d.info.as_ref();
            let kind = d.kind_label(site.config());
            let title = format!("{kind} {}", d.number);
            let facets = one_facet("kind", vec![kind.clone()]);
            let mut fields = vec![
                borrowed(&d.number, Weight::Title),
                field(kind, Weight::Label),
            ];
            let summary = info.and_then(|i| i.title.as_deref());
            let issuer = info.and_then(|i| i.issuer.as_deref());
            fields.extend(summary.map(|s| borrowed(s, Weight::Title)));
            fields.extend(issuer.map(|s| borrowed(s, Weight::Label)));
            let mut doc = SearchDoc {
                section: Section::Documents,
                route: routes::document(&d.slug, 1),
                title,
                day: None,
                date_text: None,
                year: None,
                detail: issuer.map(str::to_string),
                text: Cow::Borrowed(summary.unwrap_or("")),
                fields,
                headings: &[],
                facets,
            };
            dated(t, &mut doc, info.and_then(|i| i.issued.as_ref()));
            // Filtered by the year its page is listed under.
            doc.year = d.issued_year();
            doc
        })
        .collect()
}

fn dated(t: &Texts, doc: &mut SearchDoc, date: Option<&DateTime<FixedOffset>>) {
    if let Some(date) = date {
        doc.day = Some(day_iso(date));
        doc.date_text = Some(locale::date(t, date));
        doc.year = Some(date.year());
    }
}

/// `values` for the facet `key` of `FACETS`, none for the others.
fn one_facet(key: &str, values: Vec<String>) -> FacetValues {
    let mut all = FacetValues::default();
    if let Some(i) = FACETS.iter().position(|k| *k == key) {
        all[i] = values;
    }
    all
}

fn field(text: impl Into<String>, weight: Weight) -> Field<'static> {
    Field {
        text: Cow::Owned(text.into()),
        weight,
    }
}

fn borrowed(text: &str, weight: Weight) -> Field<'_> {
    Field {
        text: Cow::Borrowed(text),
        weight,
    }
}

fn news_doc<'a>(t: &Texts, item: &'a NewsItem) -> SearchDoc<'a> {
    let mut fields = vec![
        borrowed(&item.title, Weight::Title),
        borrowed(&item.body.text, Weight::Body),
    ];
    if !repeats_first_paragraph(&item.summary, &item.body.first_paragraph) {
        fields.push(borrowed(&item.summary, Weight::Body));
    }
    for label in item.tags.iter().chain(&item.agency).chain(&item.location) {
        fields.push(borrowed(label, Weight::Label));
    }
    let units: Vec<&str> = item.inspections.iter().map(|i| i.unit.as_str()).collect();
    let detail = (!units.is_empty())
        .then(|| t.fill("search.inspection_detail", &[("unit", &units.join("; "))]));
    for inspection in &item.inspections {
        inspection_fields(inspection, &mut fields);
    }
    // The line under the title says "Kiểm tra: <unit>": a reader who searches
    // "kiểm tra" is looking for these reports, so the line counts as a label.
    if let Some(detail) = &detail {
        fields.push(field(detail.clone(), Weight::Label));
    }
    for figure in &item.results {
        fields.push(borrowed(&figure.indicator, Weight::Body));
    }
    for outcome in &item.outcomes {
        fields.push(borrowed(&outcome.text, Weight::Body));
    }
    let mut doc = SearchDoc {
        section: Section::News,
        route: routes::news_item(&item.slug.value),
        title: item.title.clone(),
        day: None,
        date_text: None,
        year: None,
        detail,
        text: excerpt_source(&item.body.text, &item.summary),
        headings: &item.body.headings,
        facets: [
            item.tags.clone(),
            item.agency.iter().cloned().collect(),
            item.location.iter().cloned().collect(),
            Vec::new(),
            Vec::new(),
        ],
        fields,
    };
    dated(t, &mut doc, Some(&item.date));
    doc
}

fn inspection_fields<'a>(inspection: &'a Inspection, fields: &mut Vec<Field<'a>>) {
    fields.push(borrowed(&inspection.unit, Weight::Label));
    for text in inspection
        .lead
        .iter()
        .chain(&inspection.basis)
        .chain(&inspection.round)
        .chain(&inspection.by)
        .chain(&inspection.areas)
        .chain(&inspection.strengths)
        .chain(inspection.shortcomings.listed())
    {
        fields.push(borrowed(text, Weight::Body));
    }
    for r in inspection.recommendations.listed() {
        fields.push(borrowed(&r.text, Weight::Body));
    }
}

fn inspection_year_docs(site: &Site) -> Vec<SearchDoc<'_>> {
    let t = &site.config().texts;
    site.inspection_years()
        .into_iter()
        .map(|year| {
            let plan = site.plans().get(&year);
            let title = plan
                .and_then(|p| p.title.clone())
                .unwrap_or_else(|| t.fill("page.inspection_year", &[("year", &year)]));
            let mut fields = vec![field(title.clone(), Weight::Title)];
            let mut units: Vec<&Inspection> = site
                .inspections_by_year()
                .get(&year)
                .into_iter()
                .flatten()
                .flat_map(|&i| crate::model::inspections_in(&site.news()[i], year))
                .collect();
            let mut text = String::new();
            if let Some(plan) = plan {
                units.extend(&plan.inspections);
                for part in plan
                    .basis
                    .iter()
                    .map(String::as_str)
                    .chain([&*plan.body.text])
                {
                    fields.push(borrowed(part, Weight::Body));
                    push_sentence(&mut text, part);
                }
                for round in &plan.rounds {
                    fields.push(borrowed(&round.name, Weight::Body));
                }
            }
            for unit in &units {
                fields.push(borrowed(&unit.unit, Weight::Label));
                push_sentence(&mut text, &unit.unit);
            }
            SearchDoc {
                section: Section::Inspections,
                route: routes::inspection_year(year),
                title,
                day: None,
                date_text: None,
                year: Some(year),
                detail: (!units.is_empty())
                    .then(|| t.fill("search.units_inspected", &[("n", &units.len())])),
                text: Cow::Owned(truncate_chars(&text, EXCERPT_SOURCE_CHARS).to_string()),
                headings: &[],
                facets: Default::default(),
                fields,
            }
        })
        .collect()
}

fn procedure_doc<'a>(t: &Texts, p: &'a Procedure) -> SearchDoc<'a> {
    let mut fields = vec![
        borrowed(&p.title, Weight::Title),
        borrowed(&p.code.value, Weight::Title),
        borrowed(&p.field, Weight::Label),
        borrowed(&p.agency, Weight::Label),
        borrowed(&p.body.text, Weight::Body),
    ];
    for text in p
        .documents
        .iter()
        .chain(&p.legal_basis)
        .chain(&p.targets)
        .chain(&p.conditions)
        .chain(&p.result)
        .chain(&p.fee)
        .chain(&p.decision)
    {
        fields.push(borrowed(text, Weight::Body));
    }
    let mut doc = SearchDoc {
        section: Section::Procedures,
        route: routes::procedure(&p.slug.value),
        title: p.title.clone(),
        day: None,
        date_text: None,
        year: None,
        detail: Some(procedure_detail(t, p)),
        text: excerpt_source(&p.body.text, ""),
        headings: &p.body.headings,
        facets: one_facet("agency", vec![p.agency.clone()]),
        fields,
    };
    // A procedure has no year of its own; its effective date is shown, not filtered on.
    if let Some(date) = &p.effective_from {
        doc.day = Some(day_iso(date));
        doc.date_text = Some(locale::date(t, date));
    }
    doc
}

/// `Mã 1.001612 · Tư pháp · Sở Tư pháp`.
fn procedure_detail(t: &Texts, p: &Procedure) -> String {
    let values: [(&str, &dyn std::fmt::Display); 3] = [
        ("code", &p.code.value),
        ("field", &p.field),
        ("agency", &p.agency),
    ];
    t.fill("search.procedure_detail", &values)
}

fn page_date(page: &Page) -> Option<&DateTime<FixedOffset>> {
    page.updated.as_ref().or(page.date.as_ref())
}

fn page_doc<'a>(t: &Texts, page: &'a Page) -> SearchDoc<'a> {
    let mut fields = vec![
        borrowed(&page.title, Weight::Title),
        borrowed(&page.body.text, Weight::Body),
    ];
    if !repeats_first_paragraph(&page.summary, &page.body.first_paragraph) {
        fields.push(borrowed(&page.summary, Weight::Body));
    }
    let mut doc = SearchDoc {
        section: Section::Pages,
        route: routes::page(&page.slug.value),
        title: page.title.clone(),
        day: None,
        date_text: None,
        year: None,
        detail: None,
        text: excerpt_source(&page.body.text, &page.summary),
        headings: &page.body.headings,
        facets: Default::default(),
        fields,
    };
    dated(t, &mut doc, page_date(page));
    doc
}

/// True when `summary` is the default one: the first paragraph, cut after some words.
fn repeats_first_paragraph(summary: &str, first_paragraph: &str) -> bool {
    let words: Vec<&str> = summary.trim_end_matches('…').split_whitespace().collect();
    let Some((last, whole)) = words.split_last() else {
        return true;
    };
    let mut paragraph = first_paragraph.split_whitespace();
    whole.iter().all(|w| paragraph.next() == Some(w))
        && paragraph.next().is_some_and(|w| w.starts_with(last))
}

fn excerpt_source<'a>(body: &'a str, fallback: &'a str) -> Cow<'a, str> {
    let text = if body.trim().is_empty() {
        fallback
    } else {
        body
    };
    Cow::Borrowed(truncate_chars(text, EXCERPT_SOURCE_CHARS))
}

fn truncate_chars(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

fn push_sentence(text: &mut String, part: &str) {
    if !text.is_empty() {
        text.push_str(if text.ends_with('.') { " " } else { ". " });
    }
    text.push_str(part.trim());
}

/// A document with a title and a body, for tests of the index and the ranking.
#[cfg(test)]
pub(crate) fn test_doc<'a>(title: &'a str, body: &'a str) -> SearchDoc<'a> {
    SearchDoc {
        section: Section::News,
        route: format!("news/{}/", crate::slug::slugify(title)),
        title: title.into(),
        day: None,
        date_text: None,
        year: None,
        detail: None,
        text: Cow::Borrowed(body),
        headings: &[],
        facets: Default::default(),
        fields: vec![borrowed(title, Weight::Title), borrowed(body, Weight::Body)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_a_default_summary() {
        let first = "Ngày 25/6/2014, Đoàn kiểm tra cải cách hành chính tỉnh đã làm việc.";
        assert!(repeats_first_paragraph(
            "Ngày 25/6/2014, Đoàn kiểm tra…",
            first
        ));
        assert!(repeats_first_paragraph(first, first));
        assert!(!repeats_first_paragraph("Tóm tắt riêng của bài.", first));
    }

    #[test]
    fn truncates_on_a_character_boundary() {
        assert_eq!(truncate_chars("cải cách", 3), "cải");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }
}
