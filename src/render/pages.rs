//! One function per page kind: each turns the site into the jobs (route,
//! template, context) of its pages. Rendering them is `Renderer`'s work.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use super::jsonld::{self, script_json};
use super::views::{self, document_anchor, news_card, paginator, url, DateView, Link, NewsCard};
use super::{PageFamily, PageFilter, PageJob, Section};
use crate::model::site::{Site, TaxonomyKind, Term};
use crate::model::{Inspection, RecommendationStatus, UnitLevel};
use crate::routes;

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
    for year in inspection_year_numbers(site) {
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
        inspection_years: inspection_year_numbers(site).len(),
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
                result: views::result_view(r),
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

fn news_lists<'a>(site: &'a Site, filter: &dyn PageFilter, selected: &mut Selected<'a>) {
    let total = page_count(site.news.len(), site.config.paginate);
    for n in 1..=total {
        selected.one(
            filter,
            PageFamily::NewsList(n),
            || routes::news_list(n),
            move || news_list(site, n, total),
        );
    }
    // /news/page/1/ is a URL people guess; send it to /news/.
    selected.jobs.push(lazy(move || {
        redirect(
            site,
            "news/page/1/".into(),
            &url(site, &routes::news_list(1)),
        )
    }));
}

fn news_list(site: &Site, n: usize, total: usize) -> PageJob {
    let per_page = site.config.paginate;
    let (intro_title, intro_html) = intro(site, "news");
    let title = intro_title.unwrap_or_else(|| "Tin tức cải cách hành chính".into());
    let page_title = if n == 1 {
        title
    } else {
        format!("{title} – trang {n}")
    };
    let mut j = job(
        routes::news_list(n),
        "news_list.html",
        page_title,
        site_description(site),
        "news",
    );
    let items: Vec<NewsCard> = site
        .news
        .iter()
        .skip((n - 1) * per_page)
        .take(per_page)
        .map(|item| news_card(site, item))
        .collect();
    j.context.insert("items", &items);
    j.context
        .insert("paginator", &paginator(site, n, total, routes::news_list));
    j.context
        .insert("intro_html", &if n == 1 { intro_html } else { None });
    j.context.insert("feed_url", &url(site, "news/rss.xml"));
    j
}

pub fn news_item(site: &Site, item: &crate::model::NewsItem) -> PageJob {
    let mut j = job(
        routes::news_item(&item.slug.value),
        "news_item.html",
        item.title.clone(),
        item.summary.clone(),
        "news",
    );
    let view = views::news_item_view(site, item);
    let image_url = view.image.as_ref().map(|i| i.url.as_str());
    j.context.insert(
        "json_ld",
        &script_json(&jsonld::news_article(site, item, image_url)),
    );
    j.context.insert("item", &view);
    j
}

fn plain_page(_site: &Site, page: &crate::model::Page) -> PageJob {
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
        &page.updated.or(page.date).as_ref().map(DateView::of),
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

#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
}

fn taxonomies<'a>(site: &'a Site, filter: &dyn PageFilter, selected: &mut Selected<'a>) {
    let per_page = site.config.paginate;
    for (taxonomy_position, taxonomy) in site.taxonomies.iter().enumerate() {
        let kind = taxonomy.kind;
        let kind_name = kind.route_name();
        selected
            .jobs
            .push(lazy(move || taxonomy_index(site, taxonomy)));
        for (term_index, term) in taxonomy.terms.iter().enumerate() {
            let total = page_count(term.items.len(), per_page);
            for n in 1..=total {
                let family = PageFamily::TaxonomyTerm {
                    taxonomy: taxonomy_position,
                    term: term_index,
                    page: n,
                };
                let route = || routes::taxonomy_term(kind_name, &term.slug, n);
                selected.one(filter, family, route, move || {
                    term_page(site, kind, term, n, total)
                });
            }
        }
    }
}

fn taxonomy_index(site: &Site, taxonomy: &crate::model::site::Taxonomy) -> PageJob {
    let kind = taxonomy.kind;
    let kind_name = kind.route_name();
    let terms: Vec<TermView> = taxonomy
        .terms
        .iter()
        .map(|t| TermView {
            name: t.name.clone(),
            url: url(site, &routes::taxonomy_term(kind_name, &t.slug, 1)),
            count: t.items.len(),
        })
        .collect();
    let mut j = job(
        routes::taxonomy(kind_name),
        "taxonomy_list.html",
        kind.label_vi().to_string(),
        format!("{} của các tin cải cách hành chính", kind.label_vi()),
        "news",
    );
    j.context.insert("kind", kind_name);
    j.context.insert("kind_label", kind.label_vi());
    j.context.insert("terms", &terms);
    j
}

fn term_page(site: &Site, kind: TaxonomyKind, term: &Term, n: usize, total: usize) -> PageJob {
    let per_page = site.config.paginate;
    let kind_name = kind.route_name();
    let title = match kind {
        TaxonomyKind::Tags => format!("Chủ đề: {}", term.name),
        TaxonomyKind::Agencies => format!("Cơ quan: {}", term.name),
        TaxonomyKind::Locations => format!("Địa bàn: {}", term.name),
    };
    let title = if n == 1 {
        title
    } else {
        format!("{title} – trang {n}")
    };
    let mut j = job(
        routes::taxonomy_term(kind_name, &term.slug, n),
        "taxonomy_term.html",
        title,
        format!("Tin về {}", term.name),
        "news",
    );
    let items: Vec<NewsCard> = term
        .items
        .iter()
        .skip((n - 1) * per_page)
        .take(per_page)
        .map(|&i| news_card(site, &site.news[i]))
        .collect();
    j.context.insert("kind", kind_name);
    j.context.insert("kind_label", kind.label_vi());
    j.context
        .insert("kind_url", &url(site, &routes::taxonomy(kind_name)));
    j.context.insert("term", &term.name);
    j.context.insert("count", &term.items.len());
    j.context.insert("items", &items);
    j.context.insert(
        "paginator",
        &paginator(site, n, total, |p| {
            routes::taxonomy_term(kind_name, &term.slug, p)
        }),
    );
    j
}

/// Years that have something to show: a plan, or an item reporting an inspection.
pub fn inspection_year_numbers(site: &Site) -> Vec<i32> {
    let mut years: Vec<i32> = site
        .inspections_by_year
        .keys()
        .chain(site.plans.keys())
        .copied()
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

#[derive(Serialize)]
struct InspectionRow {
    date: Option<DateView>,
    unit: String,
    level: &'static str,
    level_label: &'static str,
    lead: Option<String>,
    shortcomings: usize,
    recommendations: usize,
    item: Option<Link>,
}

#[derive(Serialize, Default)]
struct StatusCounts {
    open: usize,
    in_progress: usize,
    done: usize,
    total: usize,
}

#[derive(Serialize)]
struct LevelCount {
    level: &'static str,
    label: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct YearSummary {
    year: i32,
    url: String,
    inspected: usize,
    planned: Option<u32>,
    by_level: String,
    level_counts: Vec<LevelCount>,
    recommendations: StatusCounts,
    done_percent: Option<String>,
}

fn year_rows(site: &Site, year: i32) -> Vec<InspectionRow> {
    let row = |ins: &Inspection, item: Option<Link>| InspectionRow {
        date: ins.date.as_ref().map(DateView::of),
        unit: ins.unit.clone(),
        level: ins.unit_level.code(),
        level_label: ins.unit_level.label_vi(),
        lead: ins.lead.clone(),
        shortcomings: ins.shortcomings.len(),
        recommendations: ins.recommendations.len(),
        item,
    };
    let mut rows: Vec<(Option<chrono::DateTime<chrono::FixedOffset>>, InspectionRow)> = Vec::new();
    for &i in site.inspections_by_year.get(&year).into_iter().flatten() {
        let item = &site.news[i];
        if let Some(ins) = &item.inspection {
            let link = Link {
                name: item.title.clone(),
                url: url(site, &routes::news_item(&item.slug.value)),
            };
            rows.push((ins.date, row(ins, Some(link))));
        }
    }
    if let Some(plan) = site.plans.get(&year) {
        for ins in &plan.inspections {
            rows.push((ins.date, row(ins, None)));
        }
    }
    // Dated rows first, by date; undated ones after, in the order written.
    rows.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

fn year_inspections(site: &Site, year: i32) -> Vec<&Inspection> {
    let from_items = site
        .inspections_by_year
        .get(&year)
        .into_iter()
        .flatten()
        .filter_map(|&i| site.news[i].inspection.as_ref());
    let from_plan = site
        .plans
        .get(&year)
        .into_iter()
        .flat_map(|p| p.inspections.iter());
    from_items.chain(from_plan).collect()
}

/// "4 sở, 3 huyện", in the order of the levels.
pub fn counts_in_words(inspections: &[&Inspection]) -> (String, Vec<LevelCountPub>) {
    let mut counts: BTreeMap<UnitLevel, usize> = BTreeMap::new();
    for ins in inspections {
        *counts.entry(ins.unit_level).or_default() += 1;
    }
    let words: Vec<String> = counts
        .iter()
        .map(|(level, n)| format!("{n} {}", level.count_word_vi()))
        .collect();
    let list = counts
        .iter()
        .map(|(level, n)| LevelCountPub {
            level: *level,
            count: *n,
        })
        .collect();
    (words.join(", "), list)
}

pub struct LevelCountPub {
    pub level: UnitLevel,
    pub count: usize,
}

fn year_summary(site: &Site, year: i32) -> YearSummary {
    let inspections = year_inspections(site, year);
    let (mut by_level, mut counts) = counts_in_words(&inspections);
    let mut inspected = inspections.len();
    // A plan's official counts win over the units that happen to have reports.
    if let Some(plan) = site.plans.get(&year).filter(|p| !p.inspected.is_empty()) {
        let declared: Vec<LevelCountPub> = plan
            .inspected
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|&(level, n)| LevelCountPub {
                level,
                count: n as usize,
            })
            .collect();
        by_level = declared
            .iter()
            .map(|c| format!("{} {}", c.count, c.level.count_word_vi()))
            .collect::<Vec<_>>()
            .join(", ");
        inspected = declared.iter().map(|c| c.count).sum();
        counts = declared;
    }
    let mut recs = StatusCounts::default();
    for ins in &inspections {
        for r in &ins.recommendations {
            recs.total += 1;
            match r.status {
                RecommendationStatus::Open => recs.open += 1,
                RecommendationStatus::InProgress => recs.in_progress += 1,
                RecommendationStatus::Done => recs.done += 1,
            }
        }
    }
    let planned = site.plans.get(&year).and_then(|p| p.planned);
    YearSummary {
        year,
        url: url(site, &routes::inspection_year(year)),
        inspected,
        planned,
        by_level,
        level_counts: counts
            .into_iter()
            .map(|c| LevelCount {
                level: c.level.code(),
                label: c.level.label_vi(),
                count: c.count,
            })
            .collect(),
        done_percent: planned.filter(|p| *p > 0).map(|p| {
            format!(
                "{}%",
                super::format::number_vi((inspected as f64 / f64::from(p) * 100.0).round())
            )
        }),
        recommendations: recs,
    }
}

fn inspections_index(site: &Site) -> PageJob {
    let (intro_title, intro_html) = intro(site, "inspections");
    let mut j = job(
        routes::inspections(),
        "inspections.html",
        intro_title.unwrap_or_else(|| "Kết quả kiểm tra cải cách hành chính".into()),
        "Kết quả kiểm tra cải cách hành chính theo từng năm".into(),
        "inspections",
    );
    let years: Vec<YearSummary> = inspection_year_numbers(site)
        .into_iter()
        .map(|y| year_summary(site, y))
        .collect();
    j.context.insert("years", &years);
    j.context.insert("intro_html", &intro_html);
    j.context
        .insert("feed_url", &url(site, "inspections/rss.xml"));
    j
}

#[derive(Serialize)]
struct PlanView {
    title: Option<String>,
    basis: Option<String>,
    planned: Option<u32>,
    rounds: Vec<RoundView>,
    body_html: Arc<str>,
}

#[derive(Serialize)]
struct RoundView {
    name: String,
    period: Option<String>,
}

fn inspection_year(site: &Site, year: i32) -> PageJob {
    let plan = site.plans.get(&year);
    let title = plan
        .and_then(|p| p.title.clone())
        .unwrap_or_else(|| format!("Kết quả kiểm tra cải cách hành chính năm {year}"));
    let summary = year_summary(site, year);
    let description = if summary.inspected > 0 {
        format!(
            "Năm {year} kiểm tra {} cơ quan, đơn vị: {}",
            summary.inspected, summary.by_level
        )
    } else {
        format!("Kế hoạch kiểm tra cải cách hành chính năm {year}")
    };
    let mut j = job(
        routes::inspection_year(year),
        "inspection_year.html",
        title,
        description,
        "inspections",
    );
    j.context.insert("year", &year);
    j.context.insert("summary", &summary);
    j.context.insert("rows", &year_rows(site, year));
    j.context.insert(
        "plan",
        &plan.map(|p| PlanView {
            title: p.title.clone(),
            basis: p.basis.clone(),
            planned: p.planned,
            rounds: p
                .rounds
                .iter()
                .map(|r| RoundView {
                    name: r.name.clone(),
                    // "2021-H2" reads as "6 tháng cuối năm 2021"; free text stays.
                    period: r.period.as_ref().map(|text| {
                        crate::model::Period::parse(text)
                            .map_or_else(|| text.clone(), |p| p.label_vi())
                    }),
                })
                .collect(),
            body_html: p.body.html.clone(),
        }),
    );
    j.context
        .insert("index_url", &url(site, &routes::inspections()));
    j.context
        .insert("data_url", &url(site, "data/inspections.csv"));
    j
}

#[derive(Serialize)]
struct OutcomeRow {
    #[serde(flatten)]
    outcome: views::OutcomeView,
    item: Link,
    date: DateView,
}

fn outcomes(site: &Site, n: usize, total: usize) -> PageJob {
    let title = "Kết quả nổi bật";
    let mut j = job(
        routes::outcomes_page(n),
        "outcomes.html",
        if n == 1 {
            title.into()
        } else {
            format!("{title} – trang {n}")
        },
        "Những kết quả nổi bật của công tác cải cách hành chính".into(),
        "outcomes",
    );
    let per_page = views::OUTCOMES_PER_PAGE;
    let rows: Vec<OutcomeRow> = site
        .outcomes
        .iter()
        .skip((n - 1) * per_page)
        .take(per_page)
        .map(|&(i, o)| {
            let item = &site.news[i];
            OutcomeRow {
                outcome: views::outcome_view(&item.outcomes[o]),
                item: Link {
                    name: item.title.clone(),
                    url: url(site, &routes::news_item(&item.slug.value)),
                },
                date: DateView::of(&item.date),
            }
        })
        .collect();
    j.context.insert("outcomes", &rows);
    j.context.insert("total", &site.outcomes.len());
    j.context.insert(
        "paginator",
        &paginator(site, n, total, routes::outcomes_page),
    );
    j
}

fn is_simplified(p: &crate::model::Procedure) -> bool {
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

fn procedure(site: &Site, p: &crate::model::Procedure) -> PageJob {
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

fn simplified(site: &Site) -> PageJob {
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

fn documents(site: &Site, n: usize, total: usize) -> PageJob {
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
                issued: info.and_then(|i| i.issued.as_ref()).map(DateView::of),
                effective_from: info
                    .and_then(|i| i.effective_from.as_ref())
                    .map(DateView::of),
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
        if n == 1 {
            title.into()
        } else {
            format!("{title} – trang {n}")
        },
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
        .insert("datasets", &super::data::dataset_views(site));
    j.context
        .insert("package_url", &url(site, "data/datapackage.json"));
    let tables = super::data::dataset_summaries(site);
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
