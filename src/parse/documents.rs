//! `content/documents.yaml`: what staff know about legal documents (kind,
//! title, issuer, dates, what replaced them, their file). Citations are found
//! in `citations`.

use std::path::{Component, Path};

use serde_yaml::{Mapping, Value};

use super::common::read_url;
use super::driver::yaml_file;
use super::{ParseContext, Parsed};
use crate::citations;
use crate::error::Fix;
use crate::frontmatter::fields::{scalar_text, Fields, Reader};
use crate::frontmatter::{describe, KeyPath};
use crate::load::{Asset, SourceFile, DOCUMENT_FILE_TYPES};
use crate::model::{DocumentFile, DocumentInfo, Located, Registry};
use crate::slug::slugify;

pub(super) const DOCUMENT_KEYS: &[&str] = &[
    "kind",
    "title",
    "issuer",
    "issued",
    "effective_from",
    "replaced_by",
    "url",
    "file",
];

pub fn parse_registry(source: &SourceFile, ctx: &ParseContext) -> Parsed<Registry> {
    yaml_file(source, ctx, |map, r| {
        Some(read_registry(map, r, &source.assets))
    })
}

fn read_registry(map: &Mapping, r: &mut Reader, files: &[Asset]) -> Registry {
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
                Fix::DocumentNumber,
                format!("expected a document number such as 43/2011/NĐ-CP or 151/TB-SNV as the key, found {number:?}"),
            );
            continue;
        }
        let number = &found[0].number;
        match value {
            Value::Mapping(m) => {
                let info = read_document(&Fields::new(m, &path), r, files, number, &path);
                registry.insert(citations::number_key(number), info);
            }
            Value::Sequence(entries) => {
                read_same_number(entries, r, files, number, &path, &mut registry);
            }
            _ => r.error(
                &path,
                Fix::Shape,
                format!("expected {{kind, title, issuer, issued, effective_from, replaced_by, url, file}}, or a list of them for one number under several issuers, found {}", describe(value)),
            ),
        }
    }
    registry
}

/// One number under several issuers ("486/QĐ-UBND" of two provinces): each
/// entry must name its issuer, which tells their pages and citations apart.
fn read_same_number(
    entries: &[Value],
    r: &mut Reader,
    files: &[Asset],
    number: &str,
    path: &KeyPath,
    registry: &mut Registry,
) {
    for (i, entry) in entries.iter().enumerate() {
        let entry_path = path.index(i);
        let Value::Mapping(m) = entry else {
            r.error(
                &entry_path,
                Fix::Shape,
                format!("expected {{issuer, title, ...}}, found {}", describe(entry)),
            );
            continue;
        };
        let info = read_document(&Fields::new(m, &entry_path), r, files, number, &entry_path);
        let Some(issuer) = info.issuer.as_deref().filter(|i| !slugify(i).is_empty()) else {
            r.error(
                &entry_path.key("issuer"),
                Fix::Duplicate,
                format!("{number} is listed more than once: each entry needs the issuer that tells it apart"),
            );
            continue;
        };
        let key = citations::issued_key(number, issuer);
        if registry.contains_key(&key) {
            r.error(
                &entry_path.key("issuer"),
                Fix::Duplicate,
                format!("{number} of {issuer} is listed twice"),
            );
            continue;
        }
        registry.insert(key, info);
    }
}

fn read_document(
    f: &Fields,
    r: &mut Reader,
    files: &[Asset],
    number: &str,
    path: &KeyPath,
) -> DocumentInfo {
    let pos = r.locator.find(path);
    let kind = f.text(r, "kind", false);
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
    let file = f
        .text(r, "file", false)
        .and_then(|name| read_file(&f.path("file"), r, files, &name));
    f.warn_unknown(r, DOCUMENT_KEYS);
    DocumentInfo {
        number: Located {
            value: number.to_string(),
            line: pos.line,
            column: pos.column,
        },
        kind,
        title,
        issuer,
        issued,
        effective_from,
        replaced_by,
        url,
        file,
    }
}

/// `file:` is a path relative to `content/`, of a kind readers can open;
/// anything that could reach outside the content folder is refused.
fn read_file(path: &KeyPath, r: &mut Reader, files: &[Asset], name: &str) -> Option<DocumentFile> {
    let rel = Path::new(name.trim());
    let unsafe_path = name.contains('\\')
        || name.contains(':')
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if unsafe_path || name.trim().is_empty() {
        r.error(
            path,
            Fix::DocumentFile,
            format!(
                "expected a path inside content/ such as van-ban/43-2011-nd-cp.pdf, found {name:?}"
            ),
        );
        return None;
    }
    let format = rel
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| DOCUMENT_FILE_TYPES.contains(&e.as_str()));
    let Some(format) = format else {
        r.error(
            path,
            Fix::DocumentFile,
            format!("expected a PDF, DOC, DOCX, ODT or XLSX file, found {name:?}"),
        );
        return None;
    };
    let wanted: std::path::PathBuf = rel.components().collect();
    let found = files.iter().find(|a| a.rel_path == wanted);
    let bytes = found.and_then(|a| std::fs::metadata(&a.disk_path).ok());
    let (Some(asset), Some(meta)) = (found, bytes) else {
        r.error(
            path,
            Fix::DocumentFile,
            format!("file {name:?} is not in content/ (the path is relative to content/)"),
        );
        return None;
    };
    Some(DocumentFile {
        disk_path: asset.disk_path.clone(),
        name: wanted
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        format: format.to_ascii_uppercase(),
        bytes: meta.len(),
    })
}
