//! Inspections, one row per inspected unit a report names: counts as the
//! report states them (empty when it does not say), recommendations by the
//! status each states.

use super::table::{col, integer, opt_integer, opt_text, text, Cell, Column, Kind, RowKey, Table};
use super::INSPECTIONS;
use crate::locale::day_iso;
use crate::model::site::Site;
use crate::model::{inspections_in, Findings, Inspection, NewsItem, RecommendationStatus};
use crate::routes;

pub(super) fn inspections_columns() -> Vec<Column> {
    vec![
        col("year", Kind::Integer, "year of the inspection"),
        col("date", Kind::Date, "day of the inspection"),
        col("unit", Kind::Text, "inspected agency"),
        col(
            "unit_level",
            Kind::Text,
            "province, department, district, commune or other",
        ),
        col("lead", Kind::Text, "head of the inspection team"),
        col("basis", Kind::Text, "plan or decision it follows"),
        col("round", Kind::Text, "round"),
        col(
            "strengths",
            Kind::Integer,
            "strengths listed; empty when none is listed",
        ),
        col(
            "shortcomings",
            Kind::Integer,
            "shortcomings the report states; empty when it does not say",
        ),
        col(
            "recommendations",
            Kind::Integer,
            "recommendations the report states; empty when it does not say",
        ),
        col(
            "recommendations_open",
            Kind::Integer,
            "recommendations stated as not started; empty when no status is stated",
        ),
        col(
            "recommendations_in_progress",
            Kind::Integer,
            "recommendations stated as in progress; empty when no status is stated",
        ),
        col(
            "recommendations_done",
            Kind::Integer,
            "recommendations stated as done; empty when no status is stated",
        ),
        col("item_url", Kind::Text, "news item reporting the inspection"),
        col("by", Kind::Text, "the inspecting body"),
        col("team_size", Kind::Integer, "members of the inspection team"),
        col("areas", Kind::Text, "what was inspected, separated by '; '"),
        col(
            "recommendations_not_stated",
            Kind::Integer,
            "recommendations whose status the report does not state",
        ),
    ]
}

/// Per status: (open, in progress, done, not stated); the first three are
/// `None` when the report states no status at all.
type StatusCells = (Option<usize>, Option<usize>, Option<usize>, Option<usize>);

fn by_status(ins: &Inspection) -> StatusCells {
    match &ins.recommendations {
        Findings::NotStated => (None, None, None, None),
        Findings::Counted(n) => (None, None, None, Some(*n as usize)),
        Findings::Listed(listed) => {
            let with =
                |s: Option<RecommendationStatus>| listed.iter().filter(|r| r.status == s).count();
            let not_stated = with(None);
            let stated = listed.len() > not_stated;
            let count = |s| stated.then(|| with(Some(s)));
            (
                count(RecommendationStatus::Open),
                count(RecommendationStatus::InProgress),
                count(RecommendationStatus::Done),
                Some(not_stated),
            )
        }
    }
}

fn inspection_row(year: i32, ins: &Inspection, url: Option<String>) -> Vec<Cell> {
    let (open, in_progress, done, not_stated) = by_status(ins);
    let areas = (!ins.areas.is_empty()).then(|| ins.areas.join("; "));
    vec![
        integer(year as usize),
        opt_text(ins.date.as_ref().map(day_iso)),
        text(ins.unit.clone()),
        text(ins.unit_level.code()),
        opt_text(ins.lead.clone()),
        opt_text(ins.basis.clone()),
        opt_text(ins.round.clone()),
        opt_integer(Some(ins.strengths.len()).filter(|n| *n > 0)),
        opt_integer(ins.shortcomings.count()),
        opt_integer(ins.recommendations.count()),
        opt_integer(open),
        opt_integer(in_progress),
        opt_integer(done),
        opt_text(url),
        opt_text(ins.by.clone()),
        Cell::Integer(ins.team_size.map(i64::from)),
        opt_text(areas),
        opt_integer(not_stated),
    ]
}

/// The text columns that have a column for each other language.
pub(super) const INSPECTIONS_TRANSLATED: &[&str] = &["unit", "item_url", "by", "areas"];

/// One row of the table: the year, the inspection, the item reporting it
/// (`None` for a yearly plan's) and the row's key.
type Entry<'s> = (i32, &'s Inspection, Option<&'s NewsItem>, RowKey<'s>);

/// The table's rows in order: the inspections items report, by year, then
/// the yearly plans'. Rows and keys alike are made from this one walk.
fn entries(site: &Site) -> impl Iterator<Item = Entry<'_>> {
    let reported = site
        .inspections_by_year()
        .iter()
        .flat_map(move |(&year, items)| {
            items.iter().flat_map(move |&i| {
                let n: &NewsItem = &site.news()[i];
                let key = n.origin.translation_key();
                inspections_in(n, year)
                    .enumerate()
                    .map(move |(j, ins)| (year, ins, Some(n), (key, year as usize, j)))
            })
        });
    let planned = site.plans().iter().flat_map(|(&year, plan)| {
        let key = plan.origin.translation_key();
        plan.inspections
            .iter()
            .enumerate()
            .map(move |(j, ins)| (year, ins, None, (key, year as usize, j)))
    });
    reported.chain(planned)
}

pub(super) fn inspections_table(site: &Site) -> Table<'_> {
    let base = &site.config().base_url;
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    for (year, ins, item, key) in entries(site) {
        let url = item.map(|n| format!("{base}{}", routes::news_item(&n.slug.value)));
        rows.push(inspection_row(year, ins, url));
        keys.push(key);
    }
    Table {
        info: &INSPECTIONS,
        columns: inspections_columns(),
        rows,
        keys,
    }
}

/// The table's row keys, without its cells.
pub(super) fn inspections_keys(site: &Site) -> Vec<RowKey<'_>> {
    entries(site).map(|(.., key)| key).collect()
}

/// Rows of the inspections table: one per inspection reported.
pub(super) fn count(site: &Site) -> usize {
    let reported: usize = site
        .inspections_by_year()
        .iter()
        .flat_map(|(&year, items)| items.iter().map(move |&i| (year, i)))
        .map(|(year, i)| inspections_in(&site.news()[i], year).count())
        .sum();
    reported
        + site
            .plans()
            .values()
            .map(|p| p.inspections.len())
            .sum::<usize>()
}
