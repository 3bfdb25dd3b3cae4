//! Yearly inspection plans (`content/inspections/YYYY.md`): contract section 4.
//! The inspections themselves come from news items' `inspection` blocks.

use serde_yaml::Value;

use super::common::origin;
use super::driver::{front_matter, Body};
use super::inspection::read_inspection_list;
use super::{ParseContext, Parsed};
use crate::error::Fix;
use crate::frontmatter::describe;
use crate::frontmatter::fields::{Choice, Fields, Reader};
use crate::load::SourceFile;
use crate::model::{Inspected, Inspection, InspectionPlan, Round, UnitLevel};

pub(super) const ROUND_KEYS: &[&str] = &["name", "period"];

pub const PLAN_KEYS: &[&str] = &[
    "year",
    "title",
    "basis",
    "planned",
    "rounds",
    "inspections",
    "inspected",
    "lang",
];

pub fn parse_plan(source: &SourceFile, ctx: &ParseContext) -> Parsed<InspectionPlan> {
    front_matter(source, ctx, PLAN_KEYS, |f, r, body| {
        read_plan(source, f, r, body)
    })
}

fn read_plan(
    source: &SourceFile,
    f: &Fields,
    r: &mut Reader,
    body: Body,
) -> Option<InspectionPlan> {
    let year = read_year(source, f, r);
    let title = f.text(r, "title", false);
    let basis = f.text(r, "basis", false);
    let planned = f.count(r, "planned", false);
    let rounds = read_rounds(f, r);
    let inspections = read_plan_inspections(f, r, year);
    let inspected = read_inspected(f, r);
    let body = body.render(r);
    Some(InspectionPlan {
        origin: origin(source),
        year: year?,
        title,
        basis,
        planned,
        rounds,
        inspections,
        inspected,
        body,
    })
}

/// `year`, which must be the file's name.
fn read_year(source: &SourceFile, f: &Fields, r: &mut Reader) -> Option<i32> {
    let year = f.count(r, "year", true)?;
    let file_year = source.stem.parse::<u32>().ok();
    if file_year == Some(year) {
        return Some(year as i32);
    }
    let expected = if file_year.is_some() {
        source.stem.as_str()
    } else {
        "name the file YYYY.md"
    };
    r.error(
        &f.path("year"),
        Fix::Year,
        format!("expected the year of the file name ({expected}), found {year}"),
    );
    None
}

fn read_rounds(f: &Fields, r: &mut Reader) -> Vec<Round> {
    let mut rounds = Vec::new();
    for (i, item) in f.sequence(r, "rounds").into_iter().flatten().enumerate() {
        let path = f.path("rounds").index(i);
        match item {
            Value::Mapping(m) => {
                let fr = Fields::new(m, &path);
                let name = fr.text(r, "name", true);
                let period = fr.text(r, "period", false);
                fr.warn_unknown(r, ROUND_KEYS);
                if let Some(name) = name {
                    rounds.push(Round { name, period });
                }
            }
            Value::String(name) => rounds.push(Round {
                name: name.clone(),
                period: None,
            }),
            other => r.error(
                &path,
                Fix::Shape,
                format!("expected {{name, period}}, found {}", describe(other)),
            ),
        }
    }
    rounds
}

/// Inspections the plan reports itself, each dated in the plan's year.
fn read_plan_inspections(f: &Fields, r: &mut Reader, year: Option<i32>) -> Vec<Inspection> {
    let listed = read_inspection_list(f, r, None);
    for (i, ins) in &listed {
        if let (Some(year), Some(date)) = (year, ins.date) {
            if chrono::Datelike::year(&date) != year {
                r.error(
                    &f.path("inspections").index(*i).key("date"),
                    Fix::Date,
                    format!("expected a date in {year}, the year of this plan"),
                );
            }
        }
    }
    listed.into_iter().map(|(_, ins)| ins).collect()
}

/// `inspected: {department: 4, district: 3}` (in the order of the levels)
/// or `inspected: 11`.
fn read_inspected(f: &Fields, r: &mut Reader) -> Option<Inspected> {
    if let Some(Value::Number(_)) = f.get("inspected") {
        return f.count(r, "inspected", false).map(Inspected::Total);
    }
    let map = f.mapping(r, "inspected")?;
    let path = f.path("inspected");
    let fi = Fields::new(map, &path);
    let mut by_level = Vec::new();
    for &code in UnitLevel::CHOICES {
        let level = UnitLevel::from_word(code);
        if let (Some(level), Some(n)) = (level, fi.count(r, code, false)) {
            by_level.push((level, n));
        }
    }
    fi.warn_unknown(r, UnitLevel::CHOICES);
    Some(Inspected::ByLevel(by_level))
}
