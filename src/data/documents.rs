//! The legal documents, one row per document page: its record as
//! `documents.yaml` states it, its file, and how many pages cite it.

use super::table::{col, opt_text, text, Cell, Column, Kind, RowKey, Table};
use super::DOCUMENTS;
use crate::locale::day_iso;
use crate::model::site::Site;
use crate::routes;

pub(super) fn documents_columns() -> Vec<Column> {
    vec![
        col("number", Kind::Text, "number and symbol"),
        col("kind", Kind::Text, "kind, as the record or the number says"),
        col(
            "kind_code",
            Kind::Text,
            "kind from the number's type code: decree, decision ...",
        ),
        col("title", Kind::Text, "summary of the document"),
        col("issuer", Kind::Text, "issuing body"),
        col("issued", Kind::Date, "date issued"),
        col("effective_from", Kind::Date, "in force from"),
        col(
            "replaced_by",
            Kind::Text,
            "number of the document that replaced it",
        ),
        col("source_url", Kind::Text, "where the document is published"),
        col("file_url", Kind::Text, "its file on this portal"),
        col("file_format", Kind::Text, "PDF, DOC, DOCX, ODT or XLSX"),
        col("file_bytes", Kind::Integer, "size of the file in bytes"),
        col("cited_by", Kind::Integer, "number of pages that cite it"),
        col("url", Kind::Text, "page of the document"),
    ]
}

/// The text columns that have a column for each other language.
pub(super) const DOCUMENTS_TRANSLATED: &[&str] = &["url", "kind"];

pub(super) fn documents_table(site: &Site) -> Table<'_> {
    let base = &site.config().base_url;
    let root = &site.config().root_url;
    let rows = site
        .documents()
        .iter()
        .map(|d| {
            let info = d.info.as_ref();
            let file = info.and_then(|i| i.file.as_ref());
            let replaced_by = d.replaced_by.as_ref().and_then(|k| site.document(k));
            vec![
                text(d.number.clone()),
                text(d.kind_label(site.config())),
                text(d.kind.code()),
                opt_text(info.and_then(|i| i.title.clone())),
                opt_text(info.and_then(|i| i.issuer.clone())),
                opt_text(info.and_then(|i| i.issued.as_ref()).map(day_iso)),
                opt_text(info.and_then(|i| i.effective_from.as_ref()).map(day_iso)),
                opt_text(replaced_by.map(|r| r.number.clone())),
                opt_text(info.and_then(|i| i.url.clone())),
                opt_text(d.file_path().map(|p| format!("{root}{p}"))),
                opt_text(file.map(|f| f.format.clone())),
                Cell::Integer(file.and_then(|f| i64::try_from(f.bytes).ok())),
                Cell::Integer(i64::try_from(d.cited_by.len()).ok()),
                text(format!("{base}{}", routes::document(&d.slug, 1))),
            ]
        })
        .collect();
    // One row per document in every language: its key tells them apart.
    Table {
        info: &DOCUMENTS,
        columns: documents_columns(),
        rows,
        keys: documents_keys(site),
    }
}

/// The documents table\'s row keys: one a document.
pub(super) fn documents_keys(site: &Site) -> Vec<RowKey<'_>> {
    site.documents()
        .iter()
        .map(|d| (std::path::Path::new(&d.key), 0, 0))
        .collect()
}
