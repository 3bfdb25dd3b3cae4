//! Yearly inspection plans (`content/inspections/YYYY.md`): contract section 4.
//! The inspections themselves come from news items' `inspection` blocks.

use serde_yaml::Value;

use super::fields::Choice;
use super::fields::{Fields, Reader};
use super::news::{origin, read_inspection};
use super::{prepare, InspectionPlan, ParseContext, Parsed, Round, UnitLevel};
use crate::frontmatter::{describe, KeyPath};
use crate::load::SourceFile;
use crate::markdown;

pub const PLAN_KEYS: &[&str] = &[
    "year",
    "title",
    "basis",
    "planned",
    "rounds",
    "inspections",
    "inspected",
];

pub fn parse_plan(source: &SourceFile, ctx: &ParseContext) -> Parsed<InspectionPlan> {
    let prepared = match prepare(source) {
        Ok(p) => p,
        Err(d) => return Parsed::failed(d),
    };
    let mut r = Reader::new(&source.rel_path, &prepared.locator, ctx.timezone);
    let root = KeyPath::default();
    let f = Fields::new(&prepared.map, &root);

    let year = f.count(&mut r, "year", true).and_then(|year| {
        let file_year = source.stem.parse::<u32>().ok();
        if file_year == Some(year) {
            Some(year as i32)
        } else {
            r.error(
                &f.path("year"),
                format!(
                    "expected the year of the file name ({}), found {year}",
                    if file_year.is_some() {
                        source.stem.as_str()
                    } else {
                        "name the file YYYY.md"
                    }
                ),
            );
            None
        }
    });
    let title = f.text(&mut r, "title", false);
    let basis = f.text(&mut r, "basis", false);
    let planned = f.count(&mut r, "planned", false);
    let mut rounds = Vec::new();
    if let Some(items) = f.sequence(&mut r, "rounds") {
        for (i, item) in items.iter().enumerate() {
            let path = f.path("rounds").index(i);
            match item {
                Value::Mapping(m) => {
                    let fr = Fields::new(m, &path);
                    let name = fr.text(&mut r, "name", true);
                    let period = fr.text(&mut r, "period", false);
                    fr.warn_unknown(&mut r, &["name", "period"]);
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
                    format!("expected {{name, period}}, found {}", describe(other)),
                ),
            }
        }
    }
    let mut inspections = Vec::new();
    if let Some(items) = f.sequence(&mut r, "inspections") {
        for (i, item) in items.iter().enumerate() {
            let path = f.path("inspections").index(i);
            match item {
                Value::Mapping(m) => {
                    if let Some(ins) = read_inspection(&Fields::new(m, &path), &mut r, None) {
                        inspections.push(ins);
                    }
                }
                other => r.error(
                    &path,
                    format!(
                        "expected {{unit, unit_level, date, ...}}, found {}",
                        describe(other)
                    ),
                ),
            }
        }
    }
    if let Some(year) = year {
        for (i, ins) in inspections.iter().enumerate() {
            if ins.date.is_some_and(|d| chrono::Datelike::year(&d) != year) {
                r.error(
                    &f.path("inspections").index(i).key("date"),
                    format!("expected a date in {year}, the year of this plan"),
                );
            }
        }
    }
    let mut inspected = Vec::new();
    if let Some(map) = f.mapping(&mut r, "inspected") {
        let path = f.path("inspected");
        let fi = Fields::new(map, &path);
        for level in [
            UnitLevel::Province,
            UnitLevel::Department,
            UnitLevel::District,
            UnitLevel::Commune,
            UnitLevel::Other,
        ] {
            if let Some(n) = fi.count(&mut r, level.code(), false) {
                inspected.push((level, n));
            }
        }
        fi.warn_unknown(&mut r, UnitLevel::CHOICES);
    }
    f.warn_unknown(&mut r, PLAN_KEYS);
    let body = markdown::render(prepared.body, prepared.body_line, &ctx.base_url);
    r.diagnostics
        .extend(super::body_findings(&source.rel_path, &body, ctx));
    let item = match (year, r.has_errors()) {
        (Some(year), false) => Some(InspectionPlan {
            origin: origin(source),
            year,
            title,
            basis,
            planned,
            rounds,
            inspections,
            inspected,
            body,
        }),
        _ => None,
    };
    Parsed {
        item,
        diagnostics: r.diagnostics,
    }
}
