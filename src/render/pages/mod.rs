//! One module per kind of page: each adds its pages to the plan, with the
//! inputs that make each page's digest beside the job that renders it, so
//! the two cannot drift apart. Rendering the jobs is `Renderer`'s work.

use std::sync::Arc;

use tera::Context;

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
pub(in crate::render) use news::plan_item;

/// Every page of the site, into the plan.
pub(super) fn plan_pages(b: &mut Builder<'_>) {
    // Two halves of about the same cost at 10,000 items, planned side by
    // side; the pages stay in this order.
    let mut rest = b.fork();
    rayon::join(
        || {
            home::plan(b);
            news::plan(b);
            misc::plan_pages_and_aliases(b);
        },
        || {
            news::plan_taxonomies(&mut rest);
            inspections::plan(&mut rest);
            indices::plan(&mut rest);
            news::plan_outcomes(&mut rest);
            catalog::plan(&mut rest);
            documents::plan(&mut rest);
            misc::plan_site_pages(&mut rest);
        },
    );
    b.append(rest);
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
