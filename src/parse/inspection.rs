//! The `inspection` block of news items and yearly plans (and each entry of
//! a news item's `inspections`), with its findings and recommendations.

use chrono::{DateTime, FixedOffset};
use serde_yaml::Value;

use crate::error::Fix;
use crate::frontmatter::describe;
use crate::frontmatter::fields::{Fields, Reader};
use crate::model::{Findings, Inspection, Recommendation};

pub(super) const RECOMMENDATION_KEYS: &[&str] = &["text", "due", "status"];

pub(super) const INSPECTION_KEYS: &[&str] = &[
    "unit",
    "unit_level",
    "date",
    "lead",
    "by",
    "team_size",
    "areas",
    "basis",
    "round",
    "strengths",
    "shortcomings",
    "recommendations",
];

/// One inspection block; `default_date` is the item's date when it has one.
pub(super) fn read_inspection(
    fi: &Fields,
    r: &mut Reader,
    default_date: Option<DateTime<FixedOffset>>,
) -> Option<Inspection> {
    let unit = fi.text(r, "unit", true);
    let unit_level = fi.choice(r, "unit_level", true);
    let date = fi.date(r, "date", false).or(default_date);
    let lead = fi.text(r, "lead", false);
    let by = fi.text(r, "by", false);
    let team_size = fi.count(r, "team_size", false);
    let areas = fi.text_list(r, "areas");
    let basis = fi.text(r, "basis", false);
    let round = fi.text(r, "round", false);
    let strengths = fi.text_list(r, "strengths");
    let shortcomings = match counted(fi, r, "shortcomings") {
        Some(findings) => findings,
        None if fi.has("shortcomings") => Findings::Listed(fi.text_list(r, "shortcomings")),
        None => Findings::NotStated,
    };
    let recommendations = match counted(fi, r, "recommendations") {
        Some(findings) => findings,
        None if fi.has("recommendations") => Findings::Listed(read_recommendations(fi, r)),
        None => Findings::NotStated,
    };
    fi.warn_unknown(r, INSPECTION_KEYS);
    Some(Inspection {
        unit: unit?,
        unit_level: unit_level?,
        date,
        lead,
        by,
        team_size,
        areas,
        basis,
        round,
        strengths,
        shortcomings,
        recommendations,
    })
}

/// `inspections:`, a list of inspection blocks (a report on several units).
pub(super) fn read_inspection_list(
    f: &Fields,
    r: &mut Reader,
    default_date: Option<DateTime<FixedOffset>>,
) -> Vec<(usize, Inspection)> {
    let mut inspections = Vec::new();
    for (i, item) in f
        .sequence(r, "inspections")
        .into_iter()
        .flatten()
        .enumerate()
    {
        let path = f.path("inspections").index(i);
        let Value::Mapping(m) = item else {
            r.error(
                &path,
                Fix::Shape,
                format!(
                    "expected {{unit, unit_level, date, ...}}, found {}",
                    describe(item)
                ),
            );
            continue;
        };
        if let Some(ins) = read_inspection(&Fields::new(m, &path), r, default_date) {
            inspections.push((i, ins));
        }
    }
    inspections
}

/// A list key written as a number: the report counts without listing.
fn counted<T>(fi: &Fields, r: &mut Reader, key: &str) -> Option<Findings<T>> {
    match fi.get(key)? {
        Value::Number(_) => fi.count(r, key, false).map(Findings::Counted),
        _ => None,
    }
}

fn read_recommendations(fi: &Fields, r: &mut Reader) -> Vec<Recommendation> {
    let Some(items) = fi.sequence(r, "recommendations") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = fi.path("recommendations").index(i);
        match item {
            // No status given: the report does not say (section 8).
            Value::String(text) => out.push(Recommendation {
                text: text.clone(),
                due: None,
                status: None,
            }),
            Value::Mapping(m) => {
                let fr = Fields::new(m, &path);
                let text = fr.text(r, "text", true);
                let due = fr.date(r, "due", false);
                let status = fr.choice(r, "status", false);
                fr.warn_unknown(r, RECOMMENDATION_KEYS);
                if let Some(text) = text {
                    out.push(Recommendation { text, due, status });
                }
            }
            other => r.error(
                &path,
                Fix::Shape,
                format!(
                    "expected a text or {{text, due, status}}, found {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}
