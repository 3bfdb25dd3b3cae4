//! The `inspection` block of news items and yearly plans, with its
//! recommendations.

use chrono::{DateTime, FixedOffset};
use serde_yaml::Value;

use crate::frontmatter::describe;
use crate::frontmatter::fields::{Fields, Reader};
use crate::model::{Inspection, Recommendation, RecommendationStatus};

pub(super) const INSPECTION_KEYS: &[&str] = &[
    "unit",
    "unit_level",
    "date",
    "lead",
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
    let basis = fi.text(r, "basis", false);
    let round = fi.text(r, "round", false);
    let strengths = fi.text_list(r, "strengths");
    let shortcomings = fi.text_list(r, "shortcomings");
    let recommendations = read_recommendations(fi, r);
    fi.warn_unknown(r, INSPECTION_KEYS);
    Some(Inspection {
        unit: unit?,
        unit_level: unit_level?,
        date,
        lead,
        basis,
        round,
        strengths,
        shortcomings,
        recommendations,
    })
}

fn read_recommendations(fi: &Fields, r: &mut Reader) -> Vec<Recommendation> {
    let Some(items) = fi.sequence(r, "recommendations") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = fi.path("recommendations").index(i);
        match item {
            Value::String(text) => out.push(Recommendation {
                text: text.clone(),
                due: None,
                status: RecommendationStatus::Open,
            }),
            Value::Mapping(m) => {
                let fr = Fields::new(m, &path);
                let text = fr.text(r, "text", true);
                let due = fr.date(r, "due", false);
                let status = fr
                    .choice(r, "status", false)
                    .unwrap_or(RecommendationStatus::Open);
                fr.warn_unknown(r, &["text", "due", "status"]);
                if let Some(text) = text {
                    out.push(Recommendation { text, due, status });
                }
            }
            other => r.error(
                &path,
                format!(
                    "expected a text or {{text, due, status}}, found {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}
