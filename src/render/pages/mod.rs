//! One module per kind of page: each adds its pages to the plan, with the
//! inputs that make each page's digest beside the job that renders it, so
//! the two cannot drift apart. Rendering the jobs is `Renderer`'s work.

use std::sync::Arc;

use tera::Context;

use super::memo::LanguageMemo;
use super::plan::Builder;
use super::PageJob;
use crate::locale::Texts;
use crate::model::site::Site;

mod catalog;
mod documents;
mod home;
mod indices;
mod inspections;
mod misc;
mod news;
mod year_summary;

pub use documents::add_document_files;
pub use news::news_item;
pub(in crate::render) use news::{item_plan, plan_item};

/// Every page of the site, into the plan; what it makes of each news item
/// from `memo` where the memo has it.
pub(super) fn plan_pages(b: &mut Builder<'_>, memo: &mut LanguageMemo) {
    b.remember_items(memo, news::item_plan);
    // Three parts, the first two of about the same cost at 10,000 items,
    // planned side by side (the third on whichever thread is free first);
    // the pages stay in this order.
    let mut lists = b.fork();
    let mut documents = b.fork();
    rayon::join(
        || {
            home::plan(b);
            news::plan(b);
            misc::plan_pages_and_aliases(b);
        },
        || {
            rayon::join(
                || {
                    news::plan_taxonomies(&mut lists);
                    inspections::plan(&mut lists);
                    indices::plan(&mut lists);
                    news::plan_outcomes(&mut lists);
                    catalog::plan(&mut lists);
                },
                || {
                    documents::plan(&mut documents);
                    misc::plan_site_pages(&mut documents);
                },
            )
        },
    );
    b.append(lists);
    b.append(documents);
}

fn job(
    route: String,
    template: &'static str,
    title: String,
    description: String,
    section: &'static str,
) -> PageJob {
    PageJob {
        route,
        template,
        title,
        description,
        section,
        context: Context::new(),
    }
}

fn site_description(site: &Site) -> String {
    site.config()
        .description
        .clone()
        .unwrap_or_else(|| site.config().title.clone())
}

/// The title of page `n` of a paginated list: the list's own on the first.
fn nth_page_title(t: &Texts, title: &str, n: usize) -> String {
    if n == 1 {
        title.to_string()
    } else {
        t.fill("page.nth", &[("title", &title), ("n", &n)])
    }
}

/// A section's `_index.md`: its title, and its text when it has one.
fn intro(site: &Site, section: &str) -> (Option<String>, Option<Arc<str>>) {
    match site.intro(section) {
        Some(i) => (
            i.title.clone(),
            Some(i.body.html.clone()).filter(|h| !h.trim().is_empty()),
        ),
        None => (None, None),
    }
}

/// What a page takes from a section's `_index.md`: its file's digest.
fn intro_input(site: &Site, section: &str) -> Option<u64> {
    site.intro(section).map(|i| i.origin.fingerprint)
}
