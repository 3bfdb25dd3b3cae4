//! `content/documents.yaml`: what staff know about cited legal documents
//! (title, issuer, dates, what replaced them). Citations are found in `citations`.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde_yaml::Value;

use super::fields::{Fields, Reader};
use super::{Located, ParseContext, Parsed};
use crate::citations;
use crate::frontmatter::{self, describe, KeyPath, Locator};
use crate::load::SourceFile;

#[derive(Debug, Clone)]
pub struct DocumentInfo {
    /// Canonical number as written in the registry key.
    pub number: Located<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<DateTime<FixedOffset>>,
    pub effective_from: Option<DateTime<FixedOffset>>,
    pub replaced_by: Option<String>,
    pub url: Option<String>,
}

/// Registry entries by `citations::number_key`.
pub type Registry = BTreeMap<String, DocumentInfo>;

const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "issuer",
    "issued",
    "effective_from",
    "replaced_by",
    "url",
];

pub fn parse_registry(source: &SourceFile, ctx: &ParseContext) -> Parsed<Registry> {
    let map = match frontmatter::parse_mapping(&source.text, 1) {
        Ok(map) => map,
        Err(err) => {
            let mut d = crate::error::Diagnostic::error(&source.rel_path, err.line, err.message);
            d.column = err.column;
            return Parsed::failed(d);
        }
    };
    let locator = Locator::new(&source.text, 1);
    let mut r = Reader::new(&source.rel_path, &locator, ctx.timezone);
    let mut registry = Registry::new();
    for (key, value) in &map {
        let Some(number) = super::fields::scalar_text(key) else {
            continue;
        };
        let path = KeyPath::default().key(&number);
        let found = citations::find_citations(&number);
        if found.len() != 1 || found[0].start != 0 || found[0].end != number.len() {
            r.error(
                &path,
                format!("expected a document number such as 43/2011/NĐ-CP or 151/TB-SNV as the key, found {number:?}"),
            );
            continue;
        }
        let Value::Mapping(m) = value else {
            r.error(
                &path,
                format!("expected {{title, issuer, issued, effective_from, replaced_by, url}}, found {}", describe(value)),
            );
            continue;
        };
        let f = Fields::new(m, &path);
        let title = f.text(&mut r, "title", false);
        let issuer = f.text(&mut r, "issuer", false);
        let issued = f.date(&mut r, "issued", false);
        let effective_from = f.date(&mut r, "effective_from", false);
        let replaced_by =
            f.text(&mut r, "replaced_by", false).map(
                |replacement| match citations::find_citations(&replacement).first() {
                    Some(c) => c.number.clone(),
                    None => replacement,
                },
            );
        let url = super::news::read_url(&f, &mut r, "url");
        f.warn_unknown(&mut r, DOCUMENT_KEYS);
        let pos = locator.find(&path);
        registry.insert(
            citations::number_key(&found[0].number),
            DocumentInfo {
                number: Located {
                    value: found[0].number.clone(),
                    line: pos.line,
                    column: pos.column,
                },
                title,
                issuer,
                issued,
                effective_from,
                replaced_by,
                url,
            },
        );
    }
    let has_errors = r.has_errors();
    Parsed {
        item: (!has_errors).then_some(registry),
        diagnostics: r.diagnostics,
    }
}
