//! What a year of inspections adds up to, counting only what the content
//! states: the plan's own count of inspected units wins over the units that
//! happen to have a report; a recommendation without a status is counted as
//! "not stated"; a count nobody gave is `None`, never 0.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::Texts;
use crate::model::site::Site;
use crate::model::{
    inspections_in, Findings, Inspected, Inspection, RecommendationStatus, UnitLevel,
};
use crate::render::views::{status_code, url, DateView, Link};
use crate::routes;

/// Recommendations by stated status. `total` is every recommendation the
/// reports give (listed or counted); `None` when no report says.
#[derive(Serialize, Default, Hash)]
pub(super) struct StatusCounts {
    pub open: usize,
    pub in_progress: usize,
    pub done: usize,
    /// Listed without a status, or only counted: the reports do not say.
    pub not_stated: usize,
    pub total: Option<usize>,
    /// `3: 1 đã hoàn thành, 2 không nêu`: only the statuses that have some.
    pub text: Option<String>,
}

#[derive(Serialize)]
pub(super) struct LevelCount {
    pub level: &'static str,
    pub label: String,
    pub count: usize,
}

#[derive(Serialize)]
pub(super) struct YearSummary {
    pub year: i32,
    pub url: String,
    /// Units inspected: the plan's `inspected` when it gives one, else the
    /// units with a report; `None` when neither says.
    pub inspected: Option<usize>,
    /// `inspected` is the plan's own count (not the reports').
    pub inspected_stated: bool,
    /// Units with a report (a row on the year's page).
    pub reported: usize,
    pub planned: Option<u32>,
    /// `4 sở, 3 huyện`: the plan's counts by level, else the reports'.
    pub by_level: String,
    pub level_counts: Vec<LevelCount>,
    pub recommendations: StatusCounts,
    /// `inspected` of `planned`, only when the plan states both.
    pub done_percent: Option<String>,
}

/// Every inspection reported for `year`: the items' (with the item) and the plan's.
pub(super) fn year_inspections(site: &Site, year: i32) -> Vec<(&Inspection, Option<Link>)> {
    let link = |i: usize| {
        let item = &site.news()[i];
        Link {
            name: item.title.clone(),
            url: url(site, &routes::news_item(&item.slug.value)),
        }
    };
    inspections_of(site, year)
        .map(|(reported_by, ins)| (ins, reported_by.map(link)))
        .collect()
}

/// The inspections of `year`: those the news reports, then the plan's own.
/// The year's line on /inspections/ counts them and links none.
fn year_reports(site: &Site, year: i32) -> Vec<&Inspection> {
    inspections_of(site, year).map(|(_, ins)| ins).collect()
}

/// The inspections of `year`, each with the position of the news item that
/// reports it: those the news reports, then the plan's own (reported by none).
fn inspections_of(site: &Site, year: i32) -> impl Iterator<Item = (Option<usize>, &Inspection)> {
    let reported = site.inspections_by_year().get(&year).into_iter().flatten();
    reported
        .flat_map(move |&i| inspections_in(&site.news()[i], year).map(move |ins| (Some(i), ins)))
        .chain(planned_inspections(site, year).map(|ins| (None, ins)))
}

fn planned_inspections(site: &Site, year: i32) -> impl Iterator<Item = &Inspection> {
    site.plans()
        .get(&year)
        .into_iter()
        .flat_map(|plan| plan.inspections.iter())
}

pub(super) fn year_summary(site: &Site, year: i32) -> YearSummary {
    let t = &site.config().texts;
    let reports = year_reports(site, year);
    let plan = site.plans().get(&year);
    let stated = plan.and_then(|p| p.inspected.as_ref());
    let counts = match stated {
        Some(Inspected::ByLevel(levels)) => levels
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|&(level, n)| (level, n as usize))
            .collect(),
        // A plain number: the reports do not break it down, so neither do we.
        Some(Inspected::Total(_)) => Vec::new(),
        None => reported_by_level(&reports),
    };
    let inspected = match stated {
        Some(count) => Some(count.total() as usize),
        None => Some(reports.len()).filter(|n| *n > 0),
    };
    let planned = plan.and_then(|p| p.planned);
    let done_percent = match (stated.map(Inspected::total), planned) {
        (Some(done), Some(planned)) if planned > 0 => {
            let share = (f64::from(done) / f64::from(planned) * 100.0).round();
            Some(format!("{}%", crate::locale::number(t.lang(), share)))
        }
        _ => None,
    };
    YearSummary {
        year,
        url: url(site, &routes::inspection_year(year)),
        inspected,
        inspected_stated: stated.is_some(),
        reported: reports.len(),
        planned,
        by_level: counts_in_words(t, &counts),
        level_counts: level_counts(t, &counts),
        recommendations: status_counts(t, reports.iter().copied()),
        done_percent,
    }
}

fn reported_by_level(reports: &[&Inspection]) -> Vec<(UnitLevel, usize)> {
    let mut counts: BTreeMap<UnitLevel, usize> = BTreeMap::new();
    for ins in reports {
        *counts.entry(ins.unit_level).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// "4 sở, 3 huyện".
fn counts_in_words(t: &Texts, counts: &[(UnitLevel, usize)]) -> String {
    counts
        .iter()
        .map(|(level, n)| t.count(&format!("unit_count.{}", level.code()), *n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn level_counts(t: &Texts, counts: &[(UnitLevel, usize)]) -> Vec<LevelCount> {
    counts
        .iter()
        .map(|&(level, count)| LevelCount {
            level: level.code(),
            label: t.label("unit_level", level.code()),
            count,
        })
        .collect()
}

/// The recommendations of `inspections` by the status each states.
pub(super) fn status_counts<'a>(
    t: &Texts,
    inspections: impl Iterator<Item = &'a Inspection>,
) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for ins in inspections {
        match &ins.recommendations {
            Findings::NotStated => continue,
            Findings::Counted(n) => counts.not_stated += *n as usize,
            Findings::Listed(listed) => {
                for r in listed {
                    match r.status {
                        Some(RecommendationStatus::Open) => counts.open += 1,
                        Some(RecommendationStatus::InProgress) => counts.in_progress += 1,
                        Some(RecommendationStatus::Done) => counts.done += 1,
                        None => counts.not_stated += 1,
                    }
                }
            }
        }
        let so_far = counts.open + counts.in_progress + counts.done + counts.not_stated;
        counts.total = Some(so_far);
    }
    counts.text = counts.total.map(|total| status_text(t, &counts, total));
    counts
}

/// `3: 1 đã hoàn thành, 2 không nêu`: a status with none is left out, so no
/// zero is read as a finding.
fn status_text(t: &Texts, counts: &StatusCounts, total: usize) -> String {
    let parts: Vec<String> = [
        (counts.done, Some(RecommendationStatus::Done)),
        (counts.in_progress, Some(RecommendationStatus::InProgress)),
        (counts.open, Some(RecommendationStatus::Open)),
        (counts.not_stated, None),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, status)| {
        let label = t.label("status", status_code(status)).to_lowercase();
        format!("{n} {label}")
    })
    .collect();
    if parts.is_empty() {
        total.to_string()
    } else {
        format!("{total}: {}", parts.join(", "))
    }
}

/// One row of a year's table: an inspection the content reports.
#[derive(Serialize)]
pub(super) struct InspectionRow {
    pub date: Option<DateView>,
    pub unit: String,
    pub level: &'static str,
    pub level_label: String,
    pub lead: Option<String>,
    /// As the report states them; `None`: not stated (shown as such).
    pub shortcomings: Option<usize>,
    pub recommendations: Option<usize>,
    pub item: Option<Link>,
}

pub(super) fn year_rows(site: &Site, year: i32) -> Vec<InspectionRow> {
    let t = &site.config().texts;
    let mut rows: Vec<_> = year_inspections(site, year)
        .into_iter()
        .map(|(ins, item)| {
            let row = InspectionRow {
                date: ins.date.as_ref().map(|d| DateView::of(t, d)),
                unit: ins.unit.clone(),
                level: ins.unit_level.code(),
                level_label: t.label("unit_level", ins.unit_level.code()),
                lead: ins.lead.clone(),
                shortcomings: ins.shortcomings.count(),
                recommendations: ins.recommendations.count(),
                item,
            };
            (ins.date, row)
        })
        .collect();
    // Dated rows first, by date; undated ones after, in the order written.
    rows.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows.into_iter().map(|(_, r)| r).collect()
}
