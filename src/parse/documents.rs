//! `content/documents.yaml`: what staff know about cited legal documents
//! (title, issuer, dates, what replaced them). Citations are found in `citations`.

use serde_yaml::{Mapping, Value};

use super::common::read_url;
use super::driver::yaml_file;
use super::{ParseContext, Parsed};
use crate::citations;
use crate::frontmatter::fields::{scalar_text, Fields, Reader};
use crate::frontmatter::{describe, KeyPath};
use crate::load::SourceFile;
use crate::model::{DocumentInfo, Located, Registry};

pub(super) const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "issuer",
    "issued",
    "effective_from",
    "replaced_by",
    "url",
];

pub fn parse_registry(source: &SourceFile, ctx: &ParseContext) -> Parsed<Registry> {
    yaml_file(source, ctx, |map, r| Some(read_registry(map, r)))
}

fn read_registry(map: &Mapping, r: &mut Reader) -> Registry {
    let mut registry = Registry::new();
    for (key, value) in map {
        let Some(number) = scalar_text(key) else {
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
        let pos = r.locator.find(&path);
        let number = Located {
            value: found[0].number.clone(),
            line: pos.line,
            column: pos.column,
        };
        let info = read_document(&Fields::new(m, &path), r, number);
        registry.insert(citations::number_key(&found[0].number), info);
    }
    registry
}

fn read_document(f: &Fields, r: &mut Reader, number: Located<String>) -> DocumentInfo {
    let title = f.text(r, "title", false);
    let issuer = f.text(r, "issuer", false);
    let issued = f.date(r, "issued", false);
    let effective_from = f.date(r, "effective_from", false);
    let replaced_by = f.text(r, "replaced_by", false).map(|replacement| {
        match citations::find_citations(&replacement).first() {
            Some(c) => c.number.clone(),
            None => replacement,
        }
    });
    let url = read_url(f, r, "url");
    f.warn_unknown(r, DOCUMENT_KEYS);
    DocumentInfo {
        number,
        title,
        issuer,
        issued,
        effective_from,
        replaced_by,
        url,
    }
}
