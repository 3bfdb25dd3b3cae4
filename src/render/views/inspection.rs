//! What a page shows of an inspection: the unit, the team, the findings,
//! the recommendations with their status as stated (or "not stated").

use serde::Serialize;

use super::DateView;
use crate::locale::Texts;
use crate::model::{Inspection, RecommendationStatus};

#[derive(Serialize)]
pub struct RecommendationView {
    pub text: String,
    pub due: Option<DateView>,
    /// `open`, `in_progress`, `done`, or `not_stated` when the report does
    /// not say (never shown as open or not done).
    pub status: &'static str,
    pub status_label: String,
}

#[derive(Serialize)]
pub struct InspectionView {
    pub unit: String,
    pub unit_level: &'static str,
    pub unit_level_label: String,
    pub date: Option<DateView>,
    pub lead: Option<String>,
    /// The inspecting body, `by`.
    pub by: Option<String>,
    pub team_size: Option<u32>,
    pub areas: Vec<String>,
    pub basis: Option<String>,
    pub round: Option<String>,
    pub strengths: Vec<String>,
    /// The shortcomings listed; `shortcomings_count` is how many the report
    /// states (listed or only counted), `None` when it does not say.
    pub shortcomings: Vec<String>,
    pub shortcomings_count: Option<usize>,
    pub recommendations: Vec<RecommendationView>,
    pub recommendations_count: Option<usize>,
}

/// A recommendation's status code, `not_stated` when the report gives none.
pub fn status_code(status: Option<RecommendationStatus>) -> &'static str {
    status.map_or("not_stated", RecommendationStatus::code)
}

pub fn inspection_view(t: &Texts, ins: &Inspection) -> InspectionView {
    InspectionView {
        unit: ins.unit.clone(),
        unit_level: ins.unit_level.code(),
        unit_level_label: t.label("unit_level", ins.unit_level.code()),
        date: ins.date.as_ref().map(|d| DateView::of(t, d)),
        lead: ins.lead.clone(),
        by: ins.by.clone(),
        team_size: ins.team_size,
        areas: ins.areas.clone(),
        basis: ins.basis.clone(),
        round: ins.round.clone(),
        strengths: ins.strengths.clone(),
        shortcomings: ins.shortcomings.listed().to_vec(),
        shortcomings_count: ins.shortcomings.count(),
        recommendations: ins
            .recommendations
            .listed()
            .iter()
            .map(|r| RecommendationView {
                text: r.text.clone(),
                due: r.due.as_ref().map(|d| DateView::of(t, d)),
                status: status_code(r.status),
                status_label: t.label("status", status_code(r.status)),
            })
            .collect(),
        recommendations_count: ins.recommendations.count(),
    }
}
