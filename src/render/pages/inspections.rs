//! The inspections index and each year's page: units inspected, counts by
//! level, planned against done, recommendations (counted as stated: see
//! `year_summary`).

use std::sync::Arc;

use serde::Serialize;

use super::year_summary::{year_rows, year_summary, YearSummary};
use super::{intro, intro_input, job};
use crate::model::inspections_in;
use crate::model::site::Site;
use crate::render::plan::Builder;
use crate::render::views::url;
use crate::render::PageJob;
use crate::routes;

/// /inspections/ and each year's page.
pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    // Each year's inspections are hashed once, for its page and the index.
    let years: Vec<(i32, u64)> = site
        .inspection_years()
        .into_iter()
        .map(|year| (year, year_digest(site, year)))
        .collect();
    let mut index = b.inputs("inspections");
    index.add(&intro_input(site, "inspections")).add(&years);
    b.page(routes::inspections(), Some(index), move || {
        inspections_index(site)
    });
    for (year, digest) in years {
        let mut inputs = b.inputs("inspection year");
        inputs.add(&digest);
        b.page(routes::inspection_year(year), Some(inputs), move || {
            inspection_year(site, year)
        });
    }
}

/// What a year's page and its line on /inspections/ show, hashed: the
/// year's plan, and each inspection reported that year with the item
/// reporting it.
fn year_digest(site: &Site, year: i32) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    year.hash(&mut h);
    site.plans()
        .get(&year)
        .map(|p| p.origin.fingerprint)
        .hash(&mut h);
    for &i in site.inspections_by_year().get(&year).into_iter().flatten() {
        let item = &site.news()[i];
        item.title.hash(&mut h);
        item.slug.value.hash(&mut h);
        for inspection in inspections_in(item, year) {
            inspection.hash(&mut h);
        }
    }
    h.finish()
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
    let description = match summary.inspected {
        Some(count) if !summary.by_level.is_empty() => {
            let values: [(&str, &dyn std::fmt::Display); 3] = [
                ("year", &year),
                ("count", &count),
                ("levels", &summary.by_level),
            ];
            t.fill("page.inspection_year_description", &values)
        }
        Some(count) => {
            let values: [(&str, &dyn std::fmt::Display); 2] = [("year", &year), ("count", &count)];
            t.fill("page.inspection_year_count", &values)
        }
        None => t.fill("page.inspection_plan_description", &[("year", &year)]),
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
    j.context.insert(
        "data_url",
        &format!("{}data/inspections.csv", site.config().root_url),
    );
    j
}
