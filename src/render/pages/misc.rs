//! Plain pages, redirects (aliases and `/news/page/1/`), and the pages of
//! the portal itself: open data, search, 404.

use super::job;
use crate::escape::script_json;
use crate::model::site::Site;
use crate::model::Page;
use crate::render::jsonld;
use crate::render::plan::Builder;
use crate::render::views::{url, DateView};
use crate::render::PageJob;
use crate::routes;

/// Plain pages and every redirect.
pub(super) fn plan_pages_and_aliases(b: &mut Builder<'_>) {
    let site = b.site;
    for page in site.pages() {
        let mut inputs = b.inputs("page");
        inputs.add(&page.origin.fingerprint);
        b.item_page(
            routes::page(&page.slug.value),
            &page.origin,
            Some(inputs),
            move || plain_page(site, page),
        );
    }
    let news = site
        .news()
        .iter()
        .map(|n| (&n.aliases, routes::news_item(&n.slug.value)));
    let pages = site
        .pages()
        .iter()
        .map(|p| (&p.aliases, routes::page(&p.slug.value)));
    let aliased = news.chain(pages).flat_map(|(aliases, target)| {
        aliases
            .iter()
            .map(move |a| (routes::alias(&a.value), target.clone()))
    });
    let redirects: Vec<(String, String)> = aliased.chain(routes::builtin_redirects()).collect();
    for (route, target) in redirects {
        let mut inputs = b.inputs("redirect");
        inputs.add(&route).add(&target);
        let target = url(site, &target);
        let job_route = route.clone();
        b.add(route, false, None, Some(inputs), move || {
            redirect(site, job_route.clone(), &target)
        });
    }
}

/// Open data (which counts the rows of each table), search and 404.
pub(super) fn plan_site_pages(b: &mut Builder<'_>) {
    let site = b.site;
    let mut data = b.inputs("open data");
    for (table, rows) in b.datasets.iter() {
        data.add(table.name).add(rows);
    }
    let datasets = std::sync::Arc::clone(&b.datasets);
    b.page(routes::data(), Some(data), move || {
        open_data(site, &datasets)
    });
    let search_inputs = b.inputs("search");
    b.page(routes::search(), Some(search_inputs), move || search(site));
    let not_found_inputs = b.inputs("404");
    b.add(
        "404.html".into(),
        false,
        None,
        Some(not_found_inputs),
        move || not_found(site),
    );
}

fn plain_page(site: &Site, page: &Page) -> PageJob {
    let mut j = job(
        routes::page(&page.slug.value),
        "page.html",
        page.title.clone(),
        page.summary.clone(),
        "pages",
    );
    j.context.insert("title", &page.title);
    j.context.insert("body_html", &page.body.html);
    j.context.insert(
        "updated",
        &page
            .updated
            .or(page.date)
            .as_ref()
            .map(|d| DateView::of(&site.config().texts, d)),
    );
    j
}

fn redirect(site: &Site, route: String, target: &str) -> PageJob {
    let mut j = job(
        route,
        "alias.html",
        site.config().title.clone(),
        String::new(),
        "",
    );
    j.context.insert("target_url", target);
    j
}

fn open_data(site: &Site, tables: &[(&'static crate::data::DatasetInfo, usize)]) -> PageJob {
    let texts = &site.config().texts;
    let mut j = job(
        routes::data(),
        "data.html",
        texts.get("page.data").to_string(),
        texts.fill("page.data_description", &[("site", &site.config().title)]),
        "data",
    );
    j.context
        .insert("datasets", &crate::data::dataset_views(site, tables));
    let root = &site.config().root_url;
    j.context
        .insert("package_url", &format!("{root}data/datapackage.json"));
    j.context
        .insert("json_ld", &script_json(&jsonld::datasets(site, tables)));
    j
}

fn search(site: &Site) -> PageJob {
    let texts = &site.config().texts;
    let mut j = job(
        routes::search(),
        "search.html",
        texts.get("page.search").to_string(),
        texts.fill("page.search_description", &[("site", &site.config().title)]),
        "search",
    );
    j.context.insert("index_url", &url(site, "search/"));
    j
}

fn not_found(site: &Site) -> PageJob {
    let mut j = job(
        "404.html".into(),
        "404.html",
        site.config().texts.get("page.not_found").to_string(),
        String::new(),
        "",
    );
    j.context.insert("home_url", &url(site, ""));
    j
}
