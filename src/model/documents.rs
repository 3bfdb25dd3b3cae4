//! The documents the content cites: one record per number, with every page
//! citing it in site order, what `documents.yaml` knows about it, and
//! warnings for pages that cite a replaced document as current.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::slug::slugify;

use super::site::{CitedDocument, Citer};
use super::{InspectionPlan, NewsItem, Origin, Page, Procedure, Registry};
use crate::citations::{self, DocKind};
use crate::error::{Diagnostic, Fix};
use crate::locale::Texts;
use crate::routes;

/// Documents by key, each with its citers in site order: news (newest
/// first), procedures, plans, pages.
type ByKey = BTreeMap<String, CitedDocument>;

/// What `cite_documents` gives the site: the documents in order, the
/// attributions of shared numbers, and the shared numbers themselves.
pub(super) struct Cited {
    pub documents: Vec<CitedDocument>,
    pub attributed: Attributions,
    pub shared_numbers: HashSet<String>,
}

/// Citing file → number key → the key of the document a citation of a
/// number two issuers share was attributed to. Nested so that a lookup
/// borrows the file and the key (every planned page asks, every rebuild).
pub type Attributions = HashMap<PathBuf, HashMap<String, String>>;

/// A number two issuers share → (issuer folded, registry key) of each.
type SharedNumbers = HashMap<String, Vec<(String, String)>>;

pub(super) fn cite_documents(
    texts: &Texts,
    news: &[Arc<NewsItem>],
    procedures: &[Procedure],
    plans: &BTreeMap<i32, InspectionPlan>,
    pages: &[Page],
    mut registry: Registry,
) -> (Cited, Vec<Diagnostic>) {
    let mut citers: Vec<(String, Citer)> = Vec::new();
    for item in news {
        let route = routes::news_item(&item.slug.value);
        citers.extend(citers_of(
            &item.origin,
            &item.title,
            &route,
            Some(item.date),
            false,
        ));
    }
    for p in procedures {
        let route = routes::procedure(&p.slug.value);
        citers.extend(citers_of(
            &p.origin,
            &p.title,
            &route,
            p.effective_from,
            true,
        ));
    }
    for plan in plans.values() {
        let title = plan
            .title
            .clone()
            .unwrap_or_else(|| texts.fill("page.plan", &[("year", &plan.year)]));
        let route = routes::inspection_year(plan.year);
        citers.extend(citers_of(&plan.origin, &title, &route, None, false));
    }
    for p in pages {
        let route = routes::page(&p.slug.value);
        citers.extend(citers_of(
            &p.origin,
            &p.title,
            &route,
            p.updated.or(p.date),
            true,
        ));
    }
    let shared = shared_numbers(&registry);
    let mut by_key = ByKey::new();
    let (attributed, mut warnings) = attribute(&mut by_key, citers, &shared, &registry);
    warnings.extend(attach_registry(&mut by_key, &mut registry));
    link_replacements(&mut by_key);
    let mut documents: Vec<CitedDocument> = by_key.into_values().collect();
    documents.sort_by_cached_key(|d| (d.kind, document_order(&d.number), d.key.clone()));
    let cited = Cited {
        documents,
        attributed,
        shared_numbers: shared.into_keys().collect(),
    };
    (cited, warnings)
}

fn shared_numbers(registry: &Registry) -> SharedNumbers {
    let mut shared = SharedNumbers::new();
    for key in registry.keys() {
        if let Some((number, issuer)) = key.split_once('@') {
            shared
                .entry(number.to_string())
                .or_default()
                .push((issuer.to_string(), key.clone()));
        }
    }
    shared
}

/// Files each citer under its document; a citation of a shared number goes
/// to the issuer its sentence names (the longest name that fits), else
/// stays under the number, with a warning.
fn attribute(
    by_key: &mut ByKey,
    citers: Vec<(String, Citer)>,
    shared: &SharedNumbers,
    registry: &Registry,
) -> (Attributions, Vec<Diagnostic>) {
    let mut attributed = Attributions::new();
    let mut warnings = Vec::new();
    for (number_key, citer) in citers {
        let Some(issuers) = shared.get(&number_key) else {
            add_citer(by_key, number_key, citer);
            continue;
        };
        let named = issuers
            .iter()
            .filter(|(issuer, _)| {
                !citer.issuer_hint.is_empty() && citer.issuer_hint.contains(issuer.as_str())
            })
            .max_by_key(|(issuer, _)| issuer.len());
        match named {
            Some((_, key)) => {
                attributed
                    .entry(citer.file.clone())
                    .or_default()
                    .insert(number_key, key.clone());
                add_citer(by_key, key.clone(), citer);
            }
            None => {
                let names: Vec<&str> = issuers
                    .iter()
                    .filter_map(|(_, k)| registry.get(k).and_then(|i| i.issuer.as_deref()))
                    .collect();
                warnings.push(
                    Diagnostic::warning(
                        &citer.file,
                        citer.line,
                        Fix::NameTheIssuer,
                        format!(
                            "{} is the number of documents of {}; the sentence does not say whose (write \"của\" and the issuer): listed under the number",
                            citer.written,
                            names.join(", ")
                        ),
                    )
                    .at_column(citer.column),
                );
                add_citer(by_key, number_key, citer);
            }
        }
    }
    (attributed, warnings)
}

fn new_document(key: &str, number: &str) -> CitedDocument {
    CitedDocument {
        number: number.to_string(),
        kind: citations::find_citations(number)
            .first()
            .map_or(DocKind::Other, |c| c.kind),
        key: key.to_string(),
        slug: slugify(key),
        info: None,
        cited_by: Vec::new(),
        replaces: Vec::new(),
        replaced_by: None,
    }
}

fn add_citer(by_key: &mut ByKey, key: String, citer: Citer) {
    let doc = by_key
        .entry(key)
        .or_insert_with_key(|key| new_document(key, &citer.written));
    doc.cited_by.push(citer);
}

/// Gives each cited document its registry entry, gives every entry nobody
/// cites a page too, and warns about pages that cite a replaced document as
/// current: procedures and plain pages always, news dated on or after the
/// replacement took effect.
fn attach_registry(by_key: &mut ByKey, registry: &mut Registry) -> Vec<Diagnostic> {
    let replacement_dates: HashMap<String, Option<DateTime<FixedOffset>>> = registry
        .values()
        .map(|info| {
            let key = citations::number_key(&info.number.value);
            (key, info.effective_from.or(info.issued))
        })
        .collect();
    for (key, info) in std::mem::take(registry) {
        let doc = by_key
            .entry(key)
            .or_insert_with_key(|key| new_document(key, &info.number.value));
        doc.number = info.number.value.clone();
        doc.info = Some(info);
    }
    let mut warnings = Vec::new();
    for doc in by_key.values() {
        let Some(replacement) = doc.info.as_ref().and_then(|i| i.replaced_by.as_ref()) else {
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
                        Fix::Replaced,
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

/// Links each replaced document to its replacement both ways. A replacement
/// nobody cites or registers still gets a page, so the link always leads
/// somewhere; one of a shared number is the replaced one's issuer's.
fn link_replacements(by_key: &mut ByKey) {
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for doc in by_key.values() {
        let Some(info) = &doc.info else { continue };
        let Some(replacement) = &info.replaced_by else {
            continue;
        };
        let number_key = citations::number_key(replacement);
        let same_issuer = info
            .issuer
            .as_deref()
            .map(|issuer| citations::issued_key(replacement, issuer));
        let key = same_issuer
            .filter(|k| by_key.contains_key(k))
            .unwrap_or(number_key);
        if key != doc.key {
            pairs.push((doc.key.clone(), key, replacement.clone()));
        }
    }
    for (replaced, replacement, number) in pairs {
        by_key
            .entry(replacement.clone())
            .or_insert_with_key(|key| new_document(key, &number))
            .replaces
            .push(replaced.clone());
        if let Some(doc) = by_key.get_mut(&replaced) {
            doc.replaced_by = Some(replacement);
        }
    }
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
    for (i, cited) in origin.citations.iter().enumerate() {
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
            issuer_hint: origin.citation_contexts.get(i).cloned().unwrap_or_default(),
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
