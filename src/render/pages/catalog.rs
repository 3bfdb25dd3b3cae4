//! The procedure catalog, each procedure, the simplified procedures and the
//! cited documents.

use std::collections::HashSet;

use serde::Serialize;

use super::{intro, job, nth_page_title};
use crate::escape::script_json;
use crate::model::site::Site;
use crate::render::jsonld;
use crate::render::views::{self, document_anchor, paginator, url, DateView, Link};
use crate::render::PageJob;
use crate::routes;

pub(super) fn is_simplified(p: &crate::model::Procedure) -> bool {
    matches!((p.previous_processing_days, p.processing_days), (Some(before), Some(after)) if before > after)
}

#[derive(Serialize)]
struct FieldGroup {
    name: String,
    anchor: String,
    procedures: Vec<views::ProcedureView>,
}

pub(super) fn procedures_catalog(site: &Site) -> PageJob {
    let (intro_title, intro_html) = intro(site, "procedures");
    let mut groups: Vec<FieldGroup> = Vec::new();
    for p in &site.procedures {
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
    let summary = format!(
        "{} lĩnh vực, {} thủ tục",
        groups.len(),
        site.procedures.len()
    );
    let mut j = job(
        routes::procedures(),
        "procedures.html",
        intro_title.unwrap_or_else(|| "Thủ tục hành chính".into()),
        format!("Danh mục thủ tục hành chính: {summary}"),
        "procedures",
    );
    j.context.insert("groups", &groups);
    j.context.insert("summary", &summary);
    j.context.insert("field_count", &groups.len());
    j.context.insert("procedure_count", &site.procedures.len());
    j.context.insert("intro_html", &intro_html);
    j.context
        .insert("simplified_url", &url(site, &routes::simplified()));
    j.context
        .insert("data_url", &url(site, "data/procedures.csv"));
    j
}

pub(super) fn procedure(site: &Site, p: &crate::model::Procedure) -> PageJob {
    let mut j = job(
        routes::procedure(&p.slug.value),
        "procedure.html",
        p.title.clone(),
        format!("Thủ tục {} – {} ({})", p.code.value, p.title, p.field),
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

pub(super) fn simplified(site: &Site) -> PageJob {
    let rows: Vec<views::ProcedureView> = site
        .procedures
        .iter()
        .filter(|p| is_simplified(p))
        .map(|p| views::procedure_view(site, p))
        .collect();
    let mut j = job(
        routes::simplified(),
        "simplified.html",
        "Thủ tục đã rút ngắn thời hạn giải quyết".into(),
        format!(
            "{} thủ tục hành chính được rút ngắn thời hạn giải quyết",
            rows.len()
        ),
        "procedures",
    );
    j.context.insert("procedures", &rows);
    j.context
        .insert("catalog_url", &url(site, &routes::procedures()));
    j
}

#[derive(Serialize)]
struct DocumentRow {
    number: String,
    anchor: String,
    kind: &'static str,
    title: Option<String>,
    issuer: Option<String>,
    issued: Option<DateView>,
    effective_from: Option<DateView>,
    replaced_by: Option<Link>,
    url: Option<String>,
    cited_by: Vec<Link>,
}

pub(super) fn documents(site: &Site, n: usize, total: usize) -> PageJob {
    let lang = site.config.language;
    let per_page = views::DOCUMENTS_PER_PAGE;
    let rows: Vec<DocumentRow> = site
        .documents
        .iter()
        .skip((n - 1) * per_page)
        .take(per_page)
        .map(|d| {
            // A law cited by thousands of items: a set, not a scan per citer.
            let mut seen: HashSet<&str> = HashSet::with_capacity(d.cited_by.len());
            let cited_by: Vec<Link> = d
                .cited_by
                .iter()
                .filter(|c| seen.insert(c.route.as_str()))
                .map(|c| Link {
                    name: c.title.clone(),
                    url: url(site, &c.route),
                })
                .collect();
            let info = d.info.as_ref();
            DocumentRow {
                number: d.number.clone(),
                anchor: document_anchor(&d.number),
                kind: d.kind.label_vi(),
                title: info.and_then(|i| i.title.clone()),
                issuer: info.and_then(|i| i.issuer.clone()),
                issued: info
                    .and_then(|i| i.issued.as_ref())
                    .map(|d| DateView::of(lang, d)),
                effective_from: info
                    .and_then(|i| i.effective_from.as_ref())
                    .map(|d| DateView::of(lang, d)),
                replaced_by: info.and_then(|i| i.replaced_by.clone()).map(|r| Link {
                    url: views::document_url(site, &r),
                    name: r,
                }),
                url: info.and_then(|i| i.url.clone()),
                cited_by,
            }
        })
        .collect();
    let title = "Văn bản được trích dẫn";
    let mut j = job(
        routes::documents_page(n),
        "documents.html",
        nth_page_title(title, n),
        "Các văn bản quy phạm pháp luật và văn bản chỉ đạo được trích dẫn trên cổng".into(),
        "documents",
    );
    j.context.insert("documents", &rows);
    j.context.insert("total", &site.documents.len());
    j.context.insert(
        "paginator",
        &paginator(site, n, total, routes::documents_page),
    );
    j
}
