//! The news index and the results the news report, one row per item and
//! one per figure.

use super::table::{col, opt_text, text, Cell, Column, Kind, RowKey, Table};
use super::{NEWS, RESULTS};
use crate::model::site::Site;
use crate::routes;

pub(super) fn news_columns() -> Vec<Column> {
    vec![
        col("slug", Kind::Text, "URL segment"),
        col("url", Kind::Text, "address of the item"),
        col("title", Kind::Text, "headline"),
        col("date", Kind::DateTime, "publication time, ISO 8601"),
        col("updated", Kind::DateTime, "last substantive change"),
        col("summary", Kind::Text, "teaser"),
        col("author", Kind::Text, "author"),
        col("source", Kind::Text, "publication the item comes from"),
        col("source_url", Kind::Text, "link to the original"),
        col("agency", Kind::Text, "agency the item is about"),
        col("location", Kind::Text, "province or district"),
        col("tags", Kind::Text, "tags, separated by '; '"),
        col("featured", Kind::Boolean, "shown among the featured news"),
        col(
            "inspection_unit",
            Kind::Text,
            "inspected agencies, when the item reports inspections, separated by '; '",
        ),
    ]
}

/// The text columns that have a column for each other language.
pub(super) const NEWS_TRANSLATED: &[&str] = &["url", "title", "summary"];
pub(super) const RESULTS_TRANSLATED: &[&str] =
    &["item_url", "item_title", "indicator", "unit", "subject"];

pub(super) fn news_table(site: &Site) -> Table<'_> {
    let base = &site.config().base_url;
    Table {
        info: &NEWS,
        columns: news_columns(),
        keys: news_keys(site),
        rows: site
            .news()
            .iter()
            .map(|n| {
                vec![
                    text(n.slug.value.clone()),
                    text(format!("{base}{}", routes::news_item(&n.slug.value))),
                    text(n.title.clone()),
                    text(n.date.to_rfc3339()),
                    opt_text(n.updated.map(|u| u.to_rfc3339())),
                    text(n.summary.clone()),
                    opt_text(n.author.clone()),
                    opt_text(n.source.clone()),
                    opt_text(n.source_url.clone()),
                    opt_text(n.agency.clone()),
                    opt_text(n.location.clone()),
                    text(n.tags.join("; ")),
                    Cell::Boolean(n.featured),
                    inspected_units(n),
                ]
            })
            .collect(),
    }
}

pub(super) fn item_key(item: &crate::model::NewsItem, n: usize) -> RowKey<'_> {
    (item.origin.translation_key(), n, 0)
}

/// The units an item's inspections name, `None` when it reports none.
fn inspected_units(item: &crate::model::NewsItem) -> Cell {
    let units: Vec<&str> = item.inspections.iter().map(|i| i.unit.as_str()).collect();
    opt_text((!units.is_empty()).then(|| units.join("; ")))
}

pub(super) fn results_columns() -> Vec<Column> {
    vec![
        col("item_url", Kind::Text, "news item reporting the figure"),
        col("item_title", Kind::Text, "headline of that item"),
        col("indicator", Kind::Text, "what was measured"),
        col("value", Kind::Number, "measured value; empty when only a target, a rank or a range is stated"),
        col("unit", Kind::Text, "unit of the value"),
        col("total", Kind::Number, "the value is value of total"),
        col("percent_of_total", Kind::Number, "value / total × 100, two decimals"),
        col("target", Kind::Number, "target: at least (better = higher) or at most (better = lower)"),
        col("period", Kind::Text, "YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM; empty when the source states none"),
        col("subject", Kind::Text, "what the figure is about (a province, a department, the whole country)"),
        col("better", Kind::Text, "higher or lower: which direction of the value is an improvement"),
        col("min", Kind::Number, "lower end of a measured range"),
        col("max", Kind::Number, "upper end of a measured range"),
        col("previous", Kind::Number, "the same indicator's earlier value"),
        col("previous_period", Kind::Text, "period of previous, previous_rank and change"),
        col("change", Kind::Number, "value − previous, or the difference the source states; in percentage points when unit is %"),
        col("rank", Kind::Integer, "rank (1 is first)"),
        col("of", Kind::Integer, "how many are ranked"),
        col("previous_rank", Kind::Integer, "the earlier rank"),
    ]
}

pub(super) fn results_table(site: &Site) -> Table<'_> {
    let base = &site.config().base_url;
    let count = |n: Option<u32>| Cell::Integer(n.map(i64::from));
    let rows = site
        .news()
        .iter()
        .flat_map(|n| {
            n.results.iter().map(move |r| {
                vec![
                    text(format!("{base}{}", routes::news_item(&n.slug.value))),
                    text(n.title.clone()),
                    text(r.indicator.clone()),
                    Cell::Number(r.value),
                    opt_text(r.unit.clone()),
                    Cell::Number(r.total),
                    Cell::Number(r.share_of_total().map(|p| (p * 100.0).round() / 100.0)),
                    Cell::Number(r.target),
                    opt_text(r.period.map(|p| p.code())),
                    opt_text(r.subject.clone()),
                    text(r.better.code()),
                    Cell::Number(r.min),
                    Cell::Number(r.max),
                    Cell::Number(r.previous),
                    opt_text(r.previous_period.map(|p| p.code())),
                    Cell::Number(r.value_change()),
                    count(r.rank),
                    count(r.of),
                    count(r.previous_rank),
                ]
            })
        })
        .collect();
    Table {
        info: &RESULTS,
        columns: results_columns(),
        rows,
        keys: results_keys(site),
    }
}

/// The news table's row keys: one an item.
pub(super) fn news_keys(site: &Site) -> Vec<RowKey<'_>> {
    site.news().iter().map(|n| item_key(n, 0)).collect()
}

/// The results table's row keys: one a result of an item.
pub(super) fn results_keys(site: &Site) -> Vec<RowKey<'_>> {
    site.news()
        .iter()
        .flat_map(|n| (0..n.results.len()).map(move |i| item_key(n, i)))
        .collect()
}
