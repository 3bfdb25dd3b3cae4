//! The documents the content cites, 100 to a page, each with the pages
//! citing it.

use std::collections::HashSet;

use serde::Serialize;

use super::{job, nth_page_title};
use crate::model::site::{CitedDocument, Site};
use crate::paging::Paging;
use crate::render::plan::{Builder, Inputs};
use crate::render::views::{self, document_anchor, paginator, url, DateView, Link};
use crate::render::PageJob;
use crate::routes;

/// The pages of /documents/.
pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    let paging = views::documents_paging(site);
    for n in paging.pages() {
        let mut inputs = b.inputs("documents");
        inputs.add(&n).add(&paging);
        for document in &site.documents()[paging.slice(n)] {
            document_inputs(site, document, &mut inputs);
        }
        b.page(routes::documents_page(n), Some(inputs), move || {
            documents(site, n, paging)
        });
    }
}

/// What a document's row shows: its record, where its replacement is
/// listed, and the pages citing it.
fn document_inputs(site: &Site, d: &CitedDocument, inputs: &mut Inputs) {
    inputs.add(&d.number).add(&d.kind).add(&d.info);
    let replacement = d.info.as_ref().and_then(|i| i.replaced_by.as_deref());
    inputs.add(&replacement.map(|r| views::document_page(site, r)));
    for citer in &d.cited_by {
        inputs.add(&citer.title).add(&citer.route);
    }
}

#[derive(Serialize)]
struct DocumentRow {
    number: String,
    anchor: String,
    kind: String,
    title: Option<String>,
    issuer: Option<String>,
    issued: Option<DateView>,
    effective_from: Option<DateView>,
    replaced_by: Option<Link>,
    url: Option<String>,
    cited_by: Vec<Link>,
}

fn documents(site: &Site, n: usize, paging: Paging) -> PageJob {
    let t = &site.config().texts;
    let rows: Vec<DocumentRow> = site.documents()[paging.slice(n)]
        .iter()
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
                kind: t.label("doc_kind", d.kind.code()),
                title: info.and_then(|i| i.title.clone()),
                issuer: info.and_then(|i| i.issuer.clone()),
                issued: info
                    .and_then(|i| i.issued.as_ref())
                    .map(|d| DateView::of(t, d)),
                effective_from: info
                    .and_then(|i| i.effective_from.as_ref())
                    .map(|d| DateView::of(t, d)),
                replaced_by: info.and_then(|i| i.replaced_by.clone()).map(|r| Link {
                    url: views::document_url(site, &r),
                    name: r,
                }),
                url: info.and_then(|i| i.url.clone()),
                cited_by,
            }
        })
        .collect();
    let title = t.get("page.documents");
    let mut j = job(
        routes::documents_page(n),
        "documents.html",
        nth_page_title(t, title, n),
        t.get("page.documents_description").to_string(),
        "documents",
    );
    j.context.insert("documents", &rows);
    j.context.insert("total", &site.documents().len());
    j.context.insert(
        "paginator",
        &paginator(site, n, paging, routes::documents_page),
    );
    j
}
