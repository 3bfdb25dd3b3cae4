//! One function per page kind: each turns the site into the jobs (route,
//! template, context) of its pages. Rendering them is `Renderer`'s work.

use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use super::jsonld;
use super::views::{self, news_card, url, DateView, NewsCard};
use super::{PageFamily, PageFilter, PageJob, Section};
use crate::escape::script_json;
use crate::model::site::Site;
use crate::routes;

mod catalog;
mod inspections;
mod news;

use catalog::{documents, is_simplified, procedure, procedures_catalog, simplified};
use inspections::{inspection_year, inspections_index};
pub use news::news_item;
use news::{news_lists, outcomes, taxonomies};

/// A page not rendered yet: its context is built only when a rendering
/// thread takes it, so the whole site's contexts never sit in memory at once.
pub type LazyJob<'a> = Box<dyn Fn() -> PageJob + Send + Sync + 'a>;

fn lazy<'a>(f: impl Fn() -> PageJob + Send + Sync + 'a) -> LazyJob<'a> {
    Box::new(f)
}

/// The jobs of every page of the site.
pub fn all_jobs(site: &Site) -> Vec<LazyJob<'_>> {
    selected_jobs(site, &super::RenderAll).jobs
}

/// Pages to render, and the pages `filter` keeps from the previous build.
#[derive(Default)]
pub struct Selected<'a> {
    pub jobs: Vec<LazyJob<'a>>,
    /// The routes of the kept pages; none when the filter keeps the previous
    /// build's very pages (`PageFilter::same_pages`): its tree is the base.
    pub kept: Vec<String>,
    pub kept_count: usize,
    list_kept: bool,
}

impl<'a> Selected<'a> {
    fn one(
        &mut self,
        filter: &dyn PageFilter,
        family: PageFamily,
        route: impl FnOnce() -> String,
        job: impl Fn() -> PageJob + Send + Sync + 'a,
    ) {
        if filter.render(family) {
            self.jobs.push(lazy(job));
        } else {
            // Most of a rebuild's pages are kept: their routes are made only
            // when they are listed.
            self.kept_count += 1;
            if self.list_kept {
                self.kept.push(route());
            }
        }
    }

    /// A section's listing pages are rendered or kept together; `routes`
    /// names them so that keeping them costs nothing.
    fn section(
        &mut self,
        filter: &dyn PageFilter,
        section: Section,
        routes: Vec<String>,
        jobs: impl FnOnce() -> Vec<LazyJob<'a>>,
    ) {
        if filter.render(PageFamily::Section(section)) {
            self.jobs.extend(jobs());
            return;
        }
        self.kept_count += routes.len();
        if self.list_kept {
            self.kept.extend(routes);
        }
    }
}

pub fn selected_jobs<'a>(site: &'a Site, filter: &dyn PageFilter) -> Selected<'a> {
    let mut selected = Selected {
        list_kept: !filter.same_pages(),
        ..Selected::default()
    };
    selected.jobs.push(lazy(move || home(site)));
    news_lists(site, filter, &mut selected);
    for (i, item) in site.news.iter().enumerate() {
        let route = || routes::news_item(&item.slug.value);
        selected.one(filter, PageFamily::NewsItem(i), route, move || {
            news_item(site, item)
        });
    }
    selected.jobs.extend(
        site.pages
            .iter()
            .map(|page| lazy(move || plain_page(site, page))),
    );
    selected.jobs.extend(aliases(site));
    taxonomies(site, filter, &mut selected);
    selected.section(
        filter,
        Section::Inspections,
        vec![routes::inspections()],
        || vec![lazy(move || inspections_index(site))],
    );
    for year in site.inspection_years() {
        selected.one(
            filter,
            PageFamily::InspectionYear(year),
            || routes::inspection_year(year),
            move || inspection_year(site, year),
        );
    }
    let outcome_pages = page_count(site.outcomes.len(), views::OUTCOMES_PER_PAGE);
    selected.section(
        filter,
        Section::Outcomes,
        (1..=outcome_pages).map(routes::outcomes_page).collect(),
        || {
            (1..=outcome_pages)
                .map(|n| lazy(move || outcomes(site, n, outcome_pages)))
                .collect()
        },
    );
    selected.section(
        filter,
        Section::Procedures,
        vec![routes::procedures(), routes::simplified()],
        || {
            vec![
                lazy(move || procedures_catalog(site)),
                lazy(move || simplified(site)),
            ]
        },
    );
    for (i, p) in site.procedures.iter().enumerate() {
        let route = || routes::procedure(&p.slug.value);
        selected.one(filter, PageFamily::Procedure(i), route, move || {
            procedure(site, p)
        });
    }
    let total = page_count(site.documents.len(), views::DOCUMENTS_PER_PAGE);
    for n in 1..=total {
        selected.one(
            filter,
            PageFamily::Documents(n),
            || routes::documents_page(n),
            move || documents(site, n, total),
        );
    }
    selected.jobs.push(lazy(move || open_data(site)));
    selected.jobs.push(lazy(move || search(site)));
    selected.jobs.push(lazy(move || not_found(site)));
    selected
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
    site.config
        .description
        .clone()
        .unwrap_or_else(|| site.config.title.clone())
}

#[derive(Serialize)]
struct KeyFigure {
    #[serde(flatten)]
    result: views::ResultView,
    item_title: String,
    item_url: String,
}

#[derive(Serialize)]
struct Stats {
    news: usize,
    procedures: usize,
    fields: usize,
    simplified: usize,
    inspection_years: usize,
    inspections: usize,
    documents: usize,
    outcomes: usize,
}

fn stats(site: &Site) -> Stats {
    let fields: std::collections::BTreeSet<&str> =
        site.procedures.iter().map(|p| p.field.as_str()).collect();
    Stats {
        news: site.news.len(),
        procedures: site.procedures.len(),
        fields: fields.len(),
        simplified: site.procedures.iter().filter(|p| is_simplified(p)).count(),
        inspection_years: site.inspection_years().len(),
        inspections: site
            .inspections_by_year
            .values()
            .map(Vec::len)
            .sum::<usize>()
            + site
                .plans
                .values()
                .map(|p| p.inspections.len())
                .sum::<usize>(),
        documents: site.documents.len(),
        outcomes: site.outcomes.len(),
    }
}

fn home(site: &Site) -> PageJob {
    let title = site
        .home
        .as_ref()
        .and_then(|h| h.title.clone())
        .unwrap_or_else(|| site.config.title.clone());
    let mut j = job(
        routes::home(),
        "index.html",
        title,
        site_description(site),
        "home",
    );
    let featured: Vec<NewsCard> = site
        .news
        .iter()
        .filter(|n| n.featured)
        .take(6)
        .map(|n| news_card(site, n))
        .collect();
    let latest: Vec<NewsCard> = site
        .news
        .iter()
        .take(site.config.paginate)
        .map(|n| news_card(site, n))
        .collect();
    let key_figures: Vec<KeyFigure> = site
        .news
        .iter()
        .filter(|n| !n.results.is_empty())
        .flat_map(|n| {
            n.results.iter().map(move |r| KeyFigure {
                result: views::result_view(site.config.language, r),
                item_title: n.title.clone(),
                item_url: url(site, &routes::news_item(&n.slug.value)),
            })
        })
        .take(6)
        .collect();
    j.context.insert(
        "intro_html",
        &site.home.as_ref().map(|h| h.body.html.clone()),
    );
    j.context.insert("featured", &featured);
    j.context.insert("latest", &latest);
    j.context.insert("key_figures", &key_figures);
    j.context.insert("stats", &stats(site));
    j.context
        .insert("news_url", &url(site, &routes::news_list(1)));
    j.context
        .insert("procedures_url", &url(site, &routes::procedures()));
    j.context
        .insert("inspections_url", &url(site, &routes::inspections()));
    j.context
        .insert("outcomes_url", &url(site, &routes::outcomes()));
    j.context
        .insert("documents_url", &url(site, &routes::documents()));
    j.context
        .insert("json_ld", &script_json(&jsonld::website(site)));
    j
}

/// The title of page `n` of a paginated list: the list's own on the first.
fn nth_page_title(title: &str, n: usize) -> String {
    if n == 1 {
        title.to_string()
    } else {
        format!("{title} – trang {n}")
    }
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

fn intro(site: &Site, section: &str) -> (Option<String>, Option<Arc<str>>) {
    match site.intros.get(section) {
        Some(i) => (
            i.title.clone(),
            Some(i.body.html.clone()).filter(|h| !h.trim().is_empty()),
        ),
        None => (None, None),
    }
}

fn plain_page(site: &Site, page: &crate::model::Page) -> PageJob {
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
            .map(|d| DateView::of(site.config.language, d)),
    );
    j
}

fn redirect(site: &Site, route: String, target: &str) -> PageJob {
    let mut j = job(
        route,
        "alias.html",
        site.config.title.clone(),
        String::new(),
        "",
    );
    j.context.insert("target_url", target);
    j
}

fn aliases(site: &Site) -> Vec<LazyJob<'_>> {
    let news = site
        .news
        .iter()
        .map(|n| (&n.aliases, routes::news_item(&n.slug.value)));
    let pages = site
        .pages
        .iter()
        .map(|p| (&p.aliases, routes::page(&p.slug.value)));
    news.chain(pages)
        .flat_map(|(aliases, route)| {
            let target = url(site, &route);
            aliases
                .iter()
                .map(move |a| (a.value.trim_start_matches('/').to_string(), target.clone()))
        })
        .map(|(route, target)| lazy(move || redirect(site, route.clone(), &target)))
        .collect()
}

fn open_data(site: &Site) -> PageJob {
    let mut j = job(
        routes::data(),
        "data.html",
        "Dữ liệu mở".into(),
        format!(
            "Dữ liệu mở của {}: tin tức, kết quả kiểm tra, kết quả đo lường và thủ tục hành chính, dạng CSV và JSON",
            site.config.title
        ),
        "data",
    );
    j.context
        .insert("datasets", &crate::data::dataset_views(site));
    j.context
        .insert("package_url", &url(site, "data/datapackage.json"));
    let tables = crate::data::dataset_summaries(site);
    j.context
        .insert("json_ld", &script_json(&jsonld::datasets(site, &tables)));
    j
}

fn search(site: &Site) -> PageJob {
    let mut j = job(
        routes::search(),
        "search.html",
        "Tìm kiếm".into(),
        format!("Tìm kiếm trên {}", site.config.title),
        "search",
    );
    j.context.insert("index_url", &url(site, "search/"));
    j
}

fn not_found(site: &Site) -> PageJob {
    let mut j = job(
        "404.html".into(),
        "404.html",
        "Không tìm thấy trang".into(),
        String::new(),
        "",
    );
    j.context.insert("home_url", &url(site, ""));
    j
}
