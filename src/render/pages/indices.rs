//! The performance indices: `/indices/` (every index, its latest year, top
//! and bottom), `/indices/SLUG/` (its years) and `/indices/SLUG/YYYY/` (the
//! ranked table with bands, components and the change against the year
//! before, where both years rank the unit; a chart that the table repeats).

use serde::Serialize;

use super::{intro, intro_input, job};
use crate::locale::{self, Texts};
use crate::model::indices::{Change, Index, IndexYear, RankedUnit};
use crate::model::site::Site;
use crate::render::plan::Builder;
use crate::render::views::{url, DateView};
use crate::render::{charts, PageJob};
use crate::routes;

pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    if site.indices().is_empty() {
        return;
    }
    let mut all = b.inputs("indices");
    all.add(&intro_input(site, "indices"));
    for index in site.indices() {
        all.add(&index.slug).add(&index.name);
        for year in index.years.values() {
            all.add(year);
        }
    }
    b.page(routes::indices(), Some(all), move || indices_page(site));
    for index in site.indices() {
        let mut years = b.inputs("index");
        years.add(&index.slug).add(&index.name);
        for year in index.years.values() {
            years.add(year);
        }
        b.page(routes::index(&index.slug), Some(years), move || {
            index_page(site, index)
        });
        // A year shows its own file and the changes against the year before.
        for (&number, year) in &index.years {
            let mut inputs = b.inputs("index year");
            inputs.add(year);
            inputs.add(&index.years.range(..number).next_back().map(|(_, y)| y));
            b.item_page(
                routes::index_year(&index.slug, number),
                &year.origin,
                Some(inputs),
                move || year_page(site, index, year),
            );
        }
    }
}

/// A unit as the pages list it.
#[derive(Serialize)]
struct UnitView {
    rank: Option<u32>,
    unit: String,
    level: Option<String>,
    score: Option<String>,
    band: Option<String>,
    components: Vec<Option<String>>,
    /// Against the year before: `tăng 3 bậc; +2,5 điểm`, or why there is none.
    change: Option<String>,
    note: Option<String>,
}

fn unit_view(t: &Texts, index: &Index, year: &IndexYear, u: &RankedUnit) -> UnitView {
    let number = |n: f64| locale::number(t.lang(), n);
    UnitView {
        rank: u.rank,
        unit: u.unit.value.clone(),
        level: u.unit_level.map(|l| t.label("unit_level", l.code())),
        score: u.score.map(number),
        band: u
            .score
            .and_then(|s| year.band_of(s))
            .map(|b| b.name.clone()),
        // One cell per named component, so the table's columns line up.
        components: (0..year.components.len())
            .map(|i| u.components.get(i).copied().flatten().map(number))
            .collect(),
        change: change_text(t, index, year, u),
        note: u.note.clone(),
    }
}

/// The change of a unit against the index's year before, only where both
/// years rank it; says so when the year before does not.
fn change_text(t: &Texts, index: &Index, year: &IndexYear, u: &RankedUnit) -> Option<String> {
    let (&before, _) = index.years.range(..year.year).next_back()?;
    let Some(change) = index.change(year.year, &u.unit.value) else {
        return Some(t.fill("index.not_ranked_before", &[("year", &before)]));
    };
    let mut parts = Vec::new();
    parts.extend(change.places_risen.map(|n| places_text(t, n)));
    parts.extend(score_change_text(t, &change));
    Some(parts.join("; "))
}

fn places_text(t: &Texts, risen: i64) -> String {
    let n = risen.unsigned_abs() as usize;
    match risen {
        0 => t.get("index.places_same").to_string(),
        r if r > 0 => t.count("index.places_up", n),
        _ => t.count("index.places_down", n),
    }
}

fn score_change_text(t: &Texts, change: &Change) -> Option<String> {
    let diff = change.score_change?;
    let sign = if diff > 0.0 { "+" } else { "" };
    let shown = format!("{sign}{}", locale::number(t.lang(), diff));
    Some(t.fill("index.score_change", &[("change", &shown)]))
}

/// One index on `/indices/`: its latest year and who leads and trails it.
#[derive(Serialize)]
struct IndexSummary {
    name: String,
    url: String,
    latest_year: Option<i32>,
    latest_url: Option<String>,
    scope: Option<String>,
    top: Vec<String>,
    /// `None` when the file lists only some of the ranked units.
    bottom: Option<String>,
    years: usize,
}

fn summary(site: &Site, index: &Index) -> IndexSummary {
    let latest = index.latest();
    let top = latest
        .map(|y| {
            let units = y.units.iter().filter(|u| u.rank == Some(1));
            units.map(|u| u.unit.value.clone()).collect()
        })
        .unwrap_or_default();
    IndexSummary {
        name: index.name.clone(),
        url: url(site, &routes::index(&index.slug)),
        latest_year: latest.map(|y| y.year),
        latest_url: latest.map(|y| url(site, &routes::index_year(&index.slug, y.year))),
        scope: latest.and_then(|y| y.scope.clone()),
        top,
        bottom: latest
            .and_then(IndexYear::lowest)
            .filter(|u| u.rank != Some(1))
            .map(|u| u.unit.value.clone()),
        years: index.years.len(),
    }
}

fn indices_page(site: &Site) -> PageJob {
    let t = &site.config().texts;
    let (intro_title, intro_html) = intro(site, "indices");
    let mut j = job(
        routes::indices(),
        "indices.html",
        intro_title.unwrap_or_else(|| t.get("page.indices").to_string()),
        t.get("page.indices_description").to_string(),
        "indices",
    );
    let indices: Vec<IndexSummary> = site.indices().iter().map(|i| summary(site, i)).collect();
    j.context.insert("indices", &indices);
    j.context.insert("intro_html", &intro_html);
    j
}

#[derive(Serialize)]
struct YearLine {
    year: i32,
    url: String,
    published: Option<DateView>,
    units: usize,
    top: Vec<String>,
}

fn index_page(site: &Site, index: &Index) -> PageJob {
    let t = &site.config().texts;
    let mut j = job(
        routes::index(&index.slug),
        "index_years.html",
        index.name.clone(),
        t.fill("page.index_years_description", &[("index", &index.name)]),
        "indices",
    );
    let years: Vec<YearLine> = index
        .years
        .values()
        .rev()
        .map(|y| YearLine {
            year: y.year,
            url: url(site, &routes::index_year(&index.slug, y.year)),
            published: y.published.as_ref().map(|d| DateView::of(t, d)),
            units: y.units.len(),
            top: y
                .units
                .iter()
                .filter(|u| u.rank == Some(1))
                .map(|u| u.unit.value.clone())
                .collect(),
        })
        .collect();
    j.context.insert("index_name", &index.name);
    j.context.insert("years", &years);
    j.context
        .insert("indices_url", &url(site, &routes::indices()));
    j
}

#[derive(Serialize)]
struct BandView {
    name: String,
    from: String,
}

fn year_page(site: &Site, index: &Index, year: &IndexYear) -> PageJob {
    let t = &site.config().texts;
    let values: [(&str, &dyn std::fmt::Display); 3] = [
        ("index", &index.name),
        ("year", &year.year),
        ("n", &year.units.len()),
    ];
    let mut j = job(
        routes::index_year(&index.slug, year.year),
        "index_year.html",
        t.fill("page.index_year", &values[..2]),
        t.fill("page.index_year_description", &values),
        "indices",
    );
    let units: Vec<UnitView> = year
        .units
        .iter()
        .map(|u| unit_view(t, index, year, u))
        .collect();
    let previous = index.years.range(..year.year).next_back().map(|(&y, _)| y);
    let bands: Vec<BandView> = year
        .bands
        .iter()
        .map(|b| BandView {
            name: b.name.clone(),
            from: locale::number(t.lang(), b.from),
        })
        .collect();
    j.context.insert("index_name", &index.name);
    j.context.insert("year", &year.year);
    j.context.insert("units", &units);
    j.context.insert("components", &year.components);
    j.context.insert("bands", &bands);
    j.context.insert("previous_year", &previous);
    j.context.insert("of", &year.of);
    j.context.insert("scope", &year.scope);
    j.context.insert("basis", &year.basis);
    j.context.insert(
        "published",
        &year.published.as_ref().map(|d| DateView::of(t, d)),
    );
    j.context.insert(
        "max_score",
        &year.max_score.map(|m| locale::number(t.lang(), m)),
    );
    j.context.insert("chart", &charts::index_chart(t, year));
    j.context.insert("body_html", &year.body.html);
    j.context
        .insert("index_url", &url(site, &routes::index(&index.slug)));
    j.context
        .insert("indices_url", &url(site, &routes::indices()));
    j
}
