//! The news lists, an item's page, the taxonomies' pages and the featured
//! outcomes: the pages that list news items.

use serde::Serialize;

use super::{intro, job, lazy, nth_page_title, page_count, redirect, site_description, Selected};
use crate::escape::script_json;
use crate::model::site::{Site, TaxonomyKind, Term};
use crate::render::jsonld;
use crate::render::views::{self, news_card, paginator, url, DateView, Link, NewsCard};
use crate::render::{PageFamily, PageFilter, PageJob};
use crate::routes;

pub(super) fn news_lists<'a>(site: &'a Site, filter: &dyn PageFilter, selected: &mut Selected<'a>) {
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
    let page_title = nth_page_title(&title, n);
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

#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
}

pub(super) fn taxonomies<'a>(site: &'a Site, filter: &dyn PageFilter, selected: &mut Selected<'a>) {
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
    let title = nth_page_title(&title, n);
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

#[derive(Serialize)]
struct OutcomeRow {
    #[serde(flatten)]
    outcome: views::OutcomeView,
    item: Link,
    date: DateView,
}

pub(super) fn outcomes(site: &Site, n: usize, total: usize) -> PageJob {
    let title = "Kết quả nổi bật";
    let mut j = job(
        routes::outcomes_page(n),
        "outcomes.html",
        nth_page_title(title, n),
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
                outcome: views::outcome_view(site.config.language, &item.outcomes[o]),
                item: Link {
                    name: item.title.clone(),
                    url: url(site, &routes::news_item(&item.slug.value)),
                },
                date: DateView::of(site.config.language, &item.date),
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
