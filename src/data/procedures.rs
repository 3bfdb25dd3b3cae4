//! The procedure catalog, one row per procedure.

use super::table::{col, opt_text, text, Cell, Column, Kind, RowKey, Table};
use super::PROCEDURES;
use crate::locale::day_iso;
use crate::model::site::Site;
use crate::routes;

pub(super) fn procedures_columns() -> Vec<Column> {
    vec![
        col("code", Kind::Text, "procedure code"),
        col("title", Kind::Text, "name of the procedure"),
        col("field", Kind::Text, "field"),
        col("agency", Kind::Text, "agency that carries it out"),
        col(
            "level",
            Kind::Text,
            "province, district, commune or central",
        ),
        col(
            "processing_days",
            Kind::Number,
            "processing time, working days",
        ),
        col(
            "previous_processing_days",
            Kind::Number,
            "time before it was cut",
        ),
        col("online", Kind::Text, "full, partial or none"),
        col("one_stop", Kind::Text, "true, false or interlinked"),
        col("fee", Kind::Text, "fees and charges"),
        col("effective_from", Kind::Date, "in force from"),
        col(
            "documents",
            Kind::Text,
            "documents to submit, separated by '; '",
        ),
        col("legal_basis", Kind::Text, "legal basis, separated by '; '"),
        col("decision", Kind::Text, "decision that published it"),
        col(
            "dvc_url",
            Kind::Text,
            "record on the national public-service portal",
        ),
        col("url", Kind::Text, "page of the procedure"),
    ]
}

/// The text columns that have a column for each other language.
pub(super) const PROCEDURES_TRANSLATED: &[&str] =
    &["url", "title", "field", "agency", "fee", "documents"];

pub(super) fn procedures_table(site: &Site) -> Table<'_> {
    let base = &site.config().base_url;
    let rows = site
        .procedures()
        .iter()
        .map(|p| {
            vec![
                text(p.code.value.clone()),
                text(p.title.clone()),
                text(p.field.clone()),
                text(p.agency.clone()),
                opt_text(p.level.map(|l| l.code())),
                Cell::Number(p.processing_days),
                Cell::Number(p.previous_processing_days),
                opt_text(p.online.map(|o| o.code())),
                opt_text(p.one_stop.map(|o| o.code())),
                opt_text(p.fee.clone()),
                opt_text(p.effective_from.as_ref().map(day_iso)),
                text(p.documents.join("; ")),
                text(p.legal_basis.join("; ")),
                opt_text(p.decision.clone()),
                opt_text(p.dvc_url.clone()),
                text(format!("{base}{}", routes::procedure(&p.slug.value))),
            ]
        })
        .collect();
    Table {
        info: &PROCEDURES,
        columns: procedures_columns(),
        rows,
        keys: procedures_keys(site),
    }
}

/// The procedures table's row keys: one a procedure.
pub(super) fn procedures_keys(site: &Site) -> Vec<RowKey<'_>> {
    site.procedures()
        .iter()
        .map(|p| (p.origin.translation_key(), 0, 0))
        .collect()
}
