//! The inspections index and each year's page: units inspected, counts by
//! level, planned against done, recommendations.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::{intro, intro_input, job};
use crate::locale::Texts;
use crate::model::site::Site;
use crate::model::{Inspection, RecommendationStatus, UnitLevel};
use crate::render::plan::{Builder, Inputs};
use crate::render::views::{url, DateView, Link};
use crate::render::PageJob;
use crate::routes;

/// /inspections/ and each year's page.
pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    let years = site.inspection_years();
    let mut index = b.inputs("inspections");
    index.add(&intro_input(site, "inspections"));
    for &year in &years {
        year_inputs(site, year, &mut index);
    }
    b.page(routes::inspections(), Some(index), move || {
        inspections_index(site)
    });
    for year in years {
        let mut inputs = b.inputs("inspection year");
        year_inputs(site, year, &mut inputs);
        b.page(routes::inspection_year(year), Some(inputs), move || {
            inspection_year(site, year)
        });
    }
}

/// What a year's page and its line on /inspections/ show: the year's plan,
/// and each inspection reported that year with the item reporting it.
fn year_inputs(site: &Site, year: i32, inputs: &mut Inputs) {
    inputs.add(&year);
    inputs.add(&site.plans().get(&year).map(|p| p.origin.fingerprint));
    for &i in site.inspections_by_year().get(&year).into_iter().flatten() {
        let item = &site.news()[i];
        inputs
            .add(&item.title)
            .add(&item.slug.value)
            .add(&item.inspection);
    }
}

#[derive(Serialize)]
struct InspectionRow {
    date: Option<DateView>,
    unit: String,
    level: &'static str,
    level_label: String,
    lead: Option<String>,
    shortcomings: usize,
    recommendations: usize,
    item: Option<Link>,
}

#[derive(Serialize, Default)]
struct StatusCounts {
    open: usize,
    in_progress: usize,
    done: usize,
    total: usize,
}

#[derive(Serialize)]
struct LevelCount {
    level: &'static str,
    label: String,
    count: usize,
}

#[derive(Serialize)]
struct YearSummary {
    year: i32,
    url: String,
    inspected: usize,
    planned: Option<u32>,
    by_level: String,
    level_counts: Vec<LevelCount>,
    recommendations: StatusCounts,
    done_percent: Option<String>,
}

fn year_rows(site: &Site, year: i32) -> Vec<InspectionRow> {
    let t = &site.config().texts;
    let row = |ins: &Inspection, item: Option<Link>| InspectionRow {
        date: ins.date.as_ref().map(|d| DateView::of(t, d)),
        unit: ins.unit.clone(),
        level: ins.unit_level.code(),
        level_label: t.label("unit_level", ins.unit_level.code()),
        lead: ins.lead.clone(),
        shortcomings: ins.shortcomings.len(),
        recommendations: ins.recommendations.len(),
        item,
    };
    let mut rows: Vec<(Option<chrono::DateTime<chrono::FixedOffset>>, InspectionRow)> = Vec::new();
    for &i in site.inspections_by_year().get(&year).into_iter().flatten() {
        let item = &site.news()[i];
        if let Some(ins) = &item.inspection {
            let link = Link {
                name: item.title.clone(),
                url: url(site, &routes::news_item(&item.slug.value)),
            };
            rows.push((ins.date, row(ins, Some(link))));
        }
    }
    if let Some(plan) = site.plans().get(&year) {
        for ins in &plan.inspections {
            rows.push((ins.date, row(ins, None)));
        }
    }
    // Dated rows first, by date; undated ones after, in the order written.
    rows.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

fn year_inspections(site: &Site, year: i32) -> Vec<&Inspection> {
    let from_items = site
        .inspections_by_year()
        .get(&year)
        .into_iter()
        .flatten()
        .filter_map(|&i| site.news()[i].inspection.as_ref());
    let from_plan = site
        .plans()
        .get(&year)
        .into_iter()
        .flat_map(|p| p.inspections.iter());
    from_items.chain(from_plan).collect()
}

/// Inspected units counted by level, in the order of the levels.
fn counts_by_level(inspections: &[&Inspection]) -> Vec<LevelCountPub> {
    let mut counts: BTreeMap<UnitLevel, usize> = BTreeMap::new();
    for ins in inspections {
        *counts.entry(ins.unit_level).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(level, count)| LevelCountPub { level, count })
        .collect()
}

/// "4 sở, 3 huyện".
fn counts_in_words(t: &Texts, counts: &[LevelCountPub]) -> String {
    counts
        .iter()
        .map(|c| t.count(&format!("unit_count.{}", c.level.code()), c.count))
        .collect::<Vec<_>>()
        .join(", ")
}

struct LevelCountPub {
    level: UnitLevel,
    count: usize,
}

fn year_summary(site: &Site, year: i32) -> YearSummary {
    let t = &site.config().texts;
    let inspections = year_inspections(site, year);
    let mut counts = counts_by_level(&inspections);
    let mut inspected = inspections.len();
    // A plan's official counts win over the units that happen to have reports.
    if let Some(plan) = site.plans().get(&year).filter(|p| !p.inspected.is_empty()) {
        let declared: Vec<LevelCountPub> = plan
            .inspected
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|&(level, n)| LevelCountPub {
                level,
                count: n as usize,
            })
            .collect();
        inspected = declared.iter().map(|c| c.count).sum();
        counts = declared;
    }
    let mut recs = StatusCounts::default();
    for ins in &inspections {
        for r in &ins.recommendations {
            recs.total += 1;
            match r.status {
                RecommendationStatus::Open => recs.open += 1,
                RecommendationStatus::InProgress => recs.in_progress += 1,
                RecommendationStatus::Done => recs.done += 1,
            }
        }
    }
    let planned = site.plans().get(&year).and_then(|p| p.planned);
    YearSummary {
        year,
        url: url(site, &routes::inspection_year(year)),
        inspected,
        planned,
        by_level: counts_in_words(t, &counts),
        level_counts: counts
            .into_iter()
            .map(|c| LevelCount {
                level: c.level.code(),
                label: t.label("unit_level", c.level.code()),
                count: c.count,
            })
            .collect(),
        done_percent: planned.filter(|p| *p > 0).map(|p| {
            format!(
                "{}%",
                crate::locale::number(t.lang(), (inspected as f64 / f64::from(p) * 100.0).round())
            )
        }),
        recommendations: recs,
    }
}

fn inspections_index(site: &Site) -> PageJob {
    let t = &site.config().texts;
    let (intro_title, intro_html) = intro(site, "inspections");
    let mut j = job(
        routes::inspections(),
        "inspections.html",
        intro_title.unwrap_or_else(|| t.get("page.inspections").to_string()),
        t.get("page.inspections_description").to_string(),
        "inspections",
    );
    let years: Vec<YearSummary> = site
        .inspection_years()
        .into_iter()
        .map(|y| year_summary(site, y))
        .collect();
    j.context.insert("years", &years);
    j.context.insert("intro_html", &intro_html);
    j.context
        .insert("feed_url", &url(site, "inspections/rss.xml"));
    j
}

#[derive(Serialize)]
struct PlanView {
    title: Option<String>,
    basis: Option<String>,
    planned: Option<u32>,
    rounds: Vec<RoundView>,
    body_html: Arc<str>,
}

#[derive(Serialize)]
struct RoundView {
    name: String,
    period: Option<String>,
}

fn inspection_year(site: &Site, year: i32) -> PageJob {
    let t = &site.config().texts;
    let plan = site.plans().get(&year);
    let title = plan
        .and_then(|p| p.title.clone())
        .unwrap_or_else(|| t.fill("page.inspection_year", &[("year", &year)]));
    let summary = year_summary(site, year);
    let description = if summary.inspected > 0 {
        let values: [(&str, &dyn std::fmt::Display); 3] = [
            ("year", &year),
            ("count", &summary.inspected),
            ("levels", &summary.by_level),
        ];
        t.fill("page.inspection_year_description", &values)
    } else {
        t.fill("page.inspection_plan_description", &[("year", &year)])
    };
    let mut j = job(
        routes::inspection_year(year),
        "inspection_year.html",
        title,
        description,
        "inspections",
    );
    j.context.insert("year", &year);
    j.context.insert("summary", &summary);
    j.context.insert("rows", &year_rows(site, year));
    j.context.insert(
        "plan",
        &plan.map(|p| PlanView {
            title: p.title.clone(),
            basis: p.basis.clone(),
            planned: p.planned,
            rounds: p
                .rounds
                .iter()
                .map(|r| RoundView {
                    name: r.name.clone(),
                    // "2021-H2" reads as "6 tháng cuối năm 2021"; free text stays.
                    period: r.period.as_ref().map(|text| {
                        crate::model::Period::parse(text)
                            .map_or_else(|| text.clone(), |p| crate::locale::period(t, p))
                    }),
                })
                .collect(),
            body_html: p.body.html.clone(),
        }),
    );
    j.context
        .insert("index_url", &url(site, &routes::inspections()));
    j.context
        .insert("data_url", &url(site, "data/inspections.csv"));
    j
}
