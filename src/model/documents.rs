//! The documents the content cites: one record per number, with every page
//! citing it in site order, what `documents.yaml` knows about it, and
//! warnings for pages that cite a replaced document as current.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::site::{CitedDocument, Citer};
use super::{InspectionPlan, NewsItem, Origin, Page, Procedure, Registry};
use crate::citations::{self, DocKind};
use crate::error::Diagnostic;
use crate::locale::Texts;
use crate::routes;

/// Documents by key, each with its citers in site order: news (newest
/// first), procedures, plans, pages.
type ByKey = BTreeMap<String, CitedDocument>;

pub(super) fn cite_documents(
    texts: &Texts,
    news: &[Arc<NewsItem>],
    procedures: &[Procedure],
    plans: &BTreeMap<i32, InspectionPlan>,
    pages: &[Page],
    mut registry: Registry,
) -> (Vec<CitedDocument>, Vec<Diagnostic>) {
    let mut by_key = ByKey::new();
    for item in news {
        let route = routes::news_item(&item.slug.value);
        let citers = citers_of(&item.origin, &item.title, &route, Some(item.date), false);
        add_citers(&mut by_key, citers);
    }
    for p in procedures {
        let route = routes::procedure(&p.slug.value);
        let citers = citers_of(&p.origin, &p.title, &route, p.effective_from, true);
        add_citers(&mut by_key, citers);
    }
    for plan in plans.values() {
        let title = plan
            .title
            .clone()
            .unwrap_or_else(|| texts.fill("page.plan", &[("year", &plan.year)]));
        let route = routes::inspection_year(plan.year);
        add_citers(
            &mut by_key,
            citers_of(&plan.origin, &title, &route, None, false),
        );
    }
    for p in pages {
        let route = routes::page(&p.slug.value);
        let citers = citers_of(&p.origin, &p.title, &route, p.updated.or(p.date), true);
        add_citers(&mut by_key, citers);
    }
    let warnings = attach_registry(&mut by_key, &mut registry);
    let mut documents: Vec<CitedDocument> = by_key.into_values().collect();
    documents.sort_by_cached_key(|d| (d.kind, document_order(&d.number)));
    (documents, warnings)
}

fn add_citers(by_key: &mut ByKey, citers: Vec<(String, Citer)>) {
    for (key, citer) in citers {
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
}

/// Gives each cited document its registry entry, and warns about pages that
/// cite a replaced document as current: procedures and plain pages always,
/// news dated on or after the replacement took effect.
fn attach_registry(by_key: &mut ByKey, registry: &mut Registry) -> Vec<Diagnostic> {
    let replacement_dates: HashMap<String, Option<DateTime<FixedOffset>>> = registry
        .values()
        .map(|info| {
            let key = citations::number_key(&info.number.value);
            (key, info.effective_from.or(info.issued))
        })
        .collect();
    let mut warnings = Vec::new();
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
    warnings
}

/// The documents a page cites, each once under its key (the first spelling
/// wins), with the page as their citer.
pub(super) fn citers_of(
    origin: &Origin,
    title: &str,
    route: &str,
    date: Option<DateTime<FixedOffset>>,
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
