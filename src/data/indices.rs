//! Performance indices, one row per ranked unit and year.

use super::table::{col, opt_text, text, Cell, Column, Kind, Table};
use super::INDICES;
use crate::locale::day_iso;
use crate::model::site::Site;
use crate::routes;

pub(super) fn indices_columns() -> Vec<Column> {
    vec![
        col("index", Kind::Text, "name of the index"),
        col("index_slug", Kind::Text, "URL segment of the index"),
        col("year", Kind::Integer, "year of the ranking"),
        col(
            "rank",
            Kind::Integer,
            "rank as published, or derived from the scores (ties share a rank)",
        ),
        col("unit", Kind::Text, "ranked unit"),
        col(
            "unit_level",
            Kind::Text,
            "province, department, district, commune or other",
        ),
        col("score", Kind::Number, "score"),
        col("band", Kind::Text, "band the score falls in"),
        col(
            "components",
            Kind::Text,
            "component scores as 'name: score', separated by '; '",
        ),
        col(
            "of",
            Kind::Integer,
            "how many units the whole ranking has, when the file lists only some",
        ),
        col("published", Kind::Date, "when the result was announced"),
        col("note", Kind::Text, "note"),
        col("url", Kind::Text, "page of the ranking"),
    ]
}

/// The text columns that have a column for each other language.
pub(super) const INDICES_TRANSLATED: &[&str] = &["index", "unit", "band", "note", "url"];

pub(super) fn indices_table(site: &Site) -> Table<'_> {
    let base = &site.config().base_url;
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    for index in site.indices() {
        for year in index.years.values() {
            let page = format!("{base}{}", routes::index_year(&index.slug, year.year));
            for (n, u) in year.units.iter().enumerate() {
                keys.push((year.origin.translation_key(), n, 0));
                let components: Vec<String> = year
                    .components
                    .iter()
                    .zip(&u.components)
                    .filter_map(|(name, score)| Some(format!("{name}: {}", score.as_ref()?)))
                    .collect();
                rows.push(vec![
                    text(index.name.clone()),
                    text(index.slug.clone()),
                    Cell::Integer(Some(i64::from(year.year))),
                    Cell::Integer(u.rank.map(i64::from)),
                    text(u.unit.value.clone()),
                    opt_text(u.unit_level.map(|l| l.code())),
                    Cell::Number(u.score),
                    opt_text(
                        u.score
                            .and_then(|s| year.band_of(s))
                            .map(|b| b.name.clone()),
                    ),
                    opt_text((!components.is_empty()).then(|| components.join("; "))),
                    Cell::Integer(year.of.map(i64::from)),
                    opt_text(year.published.as_ref().map(day_iso)),
                    opt_text(u.note.clone()),
                    text(page.clone()),
                ]);
            }
        }
    }
    Table {
        info: &INDICES,
        columns: indices_columns(),
        rows,
        keys,
    }
}

pub(super) fn count(site: &Site) -> usize {
    site.indices()
        .iter()
        .flat_map(|i| i.years.values())
        .map(|y| y.units.len())
        .sum()
}
