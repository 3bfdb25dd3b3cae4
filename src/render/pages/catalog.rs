//! The procedure catalog, each procedure, and the simplified procedures.

use serde::Serialize;

use super::{intro, intro_input, job};
use crate::escape::script_json;
use crate::model::site::Site;
use crate::render::jsonld;
use crate::render::plan::Builder;
use crate::render::views::{self, url};
use crate::render::PageJob;
use crate::routes;

/// The catalog, the simplified procedures, and each procedure's page.
pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    // Both lists show every procedure.
    let mut all = b.inputs("procedures");
    for p in site.procedures() {
        all.add(&p.origin.fingerprint);
    }
    let mut catalog = all.clone();
    catalog.add(&intro_input(site, "procedures"));
    b.page(routes::procedures(), Some(catalog), move || {
        procedures_catalog(site)
    });
    b.page(routes::simplified(), Some(all), move || simplified(site));
    for p in site.procedures() {
        let mut inputs = b.inputs("procedure");
        inputs.add(&p.origin.fingerprint);
        b.item_page(
            routes::procedure(&p.slug.value),
            &p.origin,
            Some(inputs),
            move || procedure(site, p),
        );
    }
}

pub(super) fn is_simplified(p: &crate::model::Procedure) -> bool {
    matches!((p.previous_processing_days, p.processing_days), (Some(before), Some(after)) if before > after)
}

#[derive(Serialize)]
struct FieldGroup {
    name: String,
    anchor: String,
    procedures: Vec<views::ProcedureView>,
}

fn procedures_catalog(site: &Site) -> PageJob {
    let (intro_title, intro_html) = intro(site, "procedures");
    let mut groups: Vec<FieldGroup> = Vec::new();
    for p in site.procedures() {
        let view = views::procedure_view(site, p);
        match groups.last_mut() {
            Some(g) if g.name == p.field => g.procedures.push(view),
            _ => groups.push(FieldGroup {
                name: p.field.clone(),
                anchor: view.field_anchor.clone(),
                procedures: vec![view],
            }),
        }
    }
    let t = &site.config().texts;
    let counts: [(&str, &dyn std::fmt::Display); 2] = [
        ("fields", &groups.len()),
        ("procedures", &site.procedures().len()),
    ];
    let summary = t.fill("page.procedures_summary", &counts);
    let mut j = job(
        routes::procedures(),
        "procedures.html",
        intro_title.unwrap_or_else(|| t.get("page.procedures").to_string()),
        t.fill("page.procedures_description", &[("summary", &summary)]),
        "procedures",
    );
    j.context.insert("groups", &groups);
    j.context.insert("summary", &summary);
    j.context.insert("field_count", &groups.len());
    j.context
        .insert("procedure_count", &site.procedures().len());
    j.context.insert("intro_html", &intro_html);
    j.context
        .insert("simplified_url", &url(site, &routes::simplified()));
    j.context.insert(
        "data_url",
        &format!("{}data/procedures.csv", site.config().root_url),
    );
    j
}

fn procedure(site: &Site, p: &crate::model::Procedure) -> PageJob {
    let mut j = job(
        routes::procedure(&p.slug.value),
        "procedure.html",
        p.title.clone(),
        procedure_description(site, p),
        "procedures",
    );
    j.context
        .insert("procedure", &views::procedure_view(site, p));
    j.context.insert(
        "json_ld",
        &script_json(&jsonld::government_service(site, p)),
    );
    j.context
        .insert("catalog_url", &url(site, &routes::procedures()));
    j
}

fn procedure_description(site: &Site, p: &crate::model::Procedure) -> String {
    let values: [(&str, &dyn std::fmt::Display); 3] = [
        ("code", &p.code.value),
        ("title", &p.title),
        ("field", &p.field),
    ];
    site.config()
        .texts
        .fill("page.procedure_description", &values)
}

fn simplified(site: &Site) -> PageJob {
    let t = &site.config().texts;
    let rows: Vec<views::ProcedureView> = site
        .procedures()
        .iter()
        .filter(|p| is_simplified(p))
        .map(|p| views::procedure_view(site, p))
        .collect();
    let mut j = job(
        routes::simplified(),
        "simplified.html",
        t.get("page.simplified").to_string(),
        t.fill("page.simplified_description", &[("n", &rows.len())]),
        "procedures",
    );
    j.context.insert("procedures", &rows);
    j.context
        .insert("catalog_url", &url(site, &routes::procedures()));
    j
}
