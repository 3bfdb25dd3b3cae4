//! What a procedure's page and the catalog show of a procedure.

use std::sync::Arc;

use serde::Serialize;

use super::{url, DateView};
use crate::locale::{self, percent, Texts};
use crate::model::site::Site;
use crate::model::Procedure;
use crate::routes;
use crate::slug::slugify;

#[derive(Serialize)]
pub struct ProcedureView {
    pub code: String,
    pub title: String,
    pub url: String,
    pub field: String,
    pub field_anchor: String,
    pub agency: String,
    pub level: Option<String>,
    pub processing_days: Option<String>,
    pub previous_processing_days: Option<String>,
    pub saving: Option<String>,
    pub online: Option<String>,
    pub online_code: Option<&'static str>,
    pub one_stop: Option<String>,
    pub fee: Option<String>,
    pub documents: Vec<String>,
    pub legal_basis: Vec<String>,
    pub effective_from: Option<DateView>,
    pub dvc_url: Option<String>,
    pub decision: Option<String>,
    pub targets: Vec<String>,
    pub result: Option<String>,
    pub conditions: Vec<String>,
    pub body_html: Arc<str>,
}

/// `10 ngày làm việc`, `1 working day`.
pub fn working_days(t: &Texts, days: f64) -> String {
    let key = if days == 1.0 {
        "procedure.days.one"
    } else {
        "procedure.days"
    };
    t.fill(key, &[("days", &locale::number(t.lang(), days))])
}

pub fn procedure_view(site: &Site, p: &Procedure) -> ProcedureView {
    let t = &site.config().texts;
    let lang = t.lang();
    let days = |d: f64| working_days(t, d);
    let saving = match (p.previous_processing_days, p.processing_days) {
        (Some(before), Some(after)) if before > after => {
            let rel = percent(before - after, before)
                .map(|x| format!(" ({}%)", locale::number(lang, x.round())))
                .unwrap_or_default();
            let cut = locale::number(lang, before - after);
            Some(t.fill("procedure.saving", &[("days", &cut), ("share", &rel)]))
        }
        _ => None,
    };
    ProcedureView {
        code: p.code.value.clone(),
        title: p.title.clone(),
        url: url(site, &routes::procedure(&p.slug.value)),
        field: p.field.clone(),
        field_anchor: format!("linh-vuc-{}", slugify(&p.field)),
        agency: p.agency.clone(),
        level: p.level.map(|l| t.label("procedure_level", l.code())),
        processing_days: p.processing_days.map(days),
        previous_processing_days: p.previous_processing_days.map(days),
        saving,
        online: p.online.map(|o| t.label("online", o.code())),
        online_code: p.online.map(|o| o.code()),
        one_stop: p.one_stop.map(|o| t.label("one_stop", o.code())),
        fee: p.fee.clone(),
        documents: p.documents.clone(),
        legal_basis: p.legal_basis.clone(),
        effective_from: p.effective_from.as_ref().map(|d| DateView::of(t, d)),
        dvc_url: p.dvc_url.clone(),
        decision: p.decision.clone(),
        targets: p.targets.clone(),
        result: p.result.clone(),
        conditions: p.conditions.clone(),
        body_html: p.body.html.clone(),
    }
}
