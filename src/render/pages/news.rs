//! The news lists, an item's page, the taxonomies' pages and the featured
//! outcomes: the pages that list news items.

use serde::Serialize;

use super::{intro, intro_input, job, nth_page_title, site_description};
use crate::escape::script_json;
use crate::model::site::{Site, Taxonomy, TaxonomyKind, Term};
use crate::model::NewsItem;
use crate::paging::Paging;
use crate::render::jsonld;
use crate::render::memo::ItemPlan;
use crate::render::plan::{card_digest, Builder};
use crate::render::views::{self, news_card, paginator, url, DateView, Link, NewsCard};
use crate::render::PageJob;
use crate::routes;

/// Outcomes on a page of /outcomes/: each may carry a chart, and at 10,000
/// items all of them on one page made 1.5 MB, too much for a phone.
pub const OUTCOMES_PER_PAGE: usize = 50;

/// The pages of /news/ and every item's page.
pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    let paging = Paging::new(site.news().len(), site.config().paginate);
    // The section's title is on every page of the list, its text on the first.
    let intro = intro_input(site, "news");
    for n in paging.pages() {
        let mut inputs = b.inputs("news list");
        inputs.add(&n).add(&paging).add(&intro);
        for position in paging.slice(n) {
            inputs.add(&b.card(position));
        }
        b.page(routes::news_list(n), Some(inputs), move || {
            news_list(site, n, paging)
        });
    }
    let items = b.items();
    for (item, plan) in site.news().iter().zip(items.iter()) {
        plan_item(b, item, plan);
    }
}

/// An item's own page: the one page that shows its body (see
/// `render::plan_item_pages`), as `item_plan` planned it.
pub(in crate::render) fn plan_item<'s>(b: &mut Builder<'s>, item: &'s NewsItem, plan: &ItemPlan) {
    let site = b.site;
    b.item_plan_page(plan, &item.origin, move || news_item(site, item));
}

/// What the plan makes of `item`: its card's digest, and its own page's
/// route, file, date and digest (what the page shows of other files: the
/// slugs of the documents it cites).
pub(in crate::render) fn item_plan(b: &Builder<'_>, item: &NewsItem) -> ItemPlan {
    let site = b.site;
    let mut inputs = b.inputs("news item");
    inputs.add(&item.origin.fingerprint);
    for cited in &item.origin.citations {
        inputs.add(
            &site
                .cited_document(&item.origin.file, &cited.value)
                .map(|d| &d.slug),
        );
    }
    let route = routes::news_item(&item.slug.value);
    ItemPlan {
        card: card_digest(item),
        file: b.file_of(&route),
        route,
        lastmod: Some(item.updated.unwrap_or(item.date)),
        digest: inputs.finish(),
        key: crate::render::plan::key_hash(&item.origin),
    }
}

fn news_list(site: &Site, n: usize, paging: Paging) -> PageJob {
    let t = &site.config().texts;
    let (intro_title, intro_html) = intro(site, "news");
    let title = intro_title.unwrap_or_else(|| t.get("page.news").to_string());
    let mut j = job(
        routes::news_list(n),
        "news_list.html",
        nth_page_title(t, &title, n),
        site_description(site),
        "news",
    );
    let items: Vec<NewsCard> = site.news()[paging.slice(n)]
        .iter()
        .map(|item| news_card(site, item))
        .collect();
    j.context.insert("items", &items);
    j.context
        .insert("paginator", &paginator(site, n, paging, routes::news_list));
    j.context
        .insert("intro_html", &if n == 1 { intro_html } else { None });
    j.context.insert("feed_url", &url(site, "news/rss.xml"));
    j
}

pub fn news_item(site: &Site, item: &NewsItem) -> PageJob {
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

/// Each taxonomy's index and every page of each of its terms.
pub(super) fn plan_taxonomies(b: &mut Builder<'_>) {
    let site = b.site;
    let per_page = site.config().paginate;
    for taxonomy in site.taxonomies() {
        let kind = taxonomy.kind;
        let mut inputs = b.inputs("taxonomy");
        inputs.add(kind.route_name());
        for term in &taxonomy.terms {
            inputs
                .add(&term.name)
                .add(&term.slug)
                .add(&term.items.len());
        }
        b.page(
            routes::taxonomy(kind.route_name()),
            Some(inputs),
            move || taxonomy_index(site, taxonomy),
        );
        for term in &taxonomy.terms {
            let paging = Paging::new(term.items.len(), per_page);
            for n in paging.pages() {
                let mut inputs = b.inputs("term");
                inputs
                    .add(kind.route_name())
                    .add(&term.name)
                    .add(&term.slug);
                inputs.add(&n).add(&paging);
                for &position in &term.items[paging.slice(n)] {
                    inputs.add(&b.card(position));
                }
                if kind == TaxonomyKind::Agencies {
                    for (index, year, unit) in site.rankings_of(&term.slug) {
                        inputs.add(&index.name).add(&year.year).add(unit);
                    }
                }
                let route = routes::taxonomy_term(kind.route_name(), &term.slug, n);
                b.page(route, Some(inputs), move || {
                    term_page(site, kind, term, n, paging)
                });
            }
        }
    }
}

fn taxonomy_index(site: &Site, taxonomy: &Taxonomy) -> PageJob {
    let t = &site.config().texts;
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
        t.label("taxonomy", kind_name),
        t.fill(
            "page.taxonomy_description",
            &[("kind", &t.label("taxonomy", kind_name))],
        ),
        "news",
    );
    j.context.insert("kind", kind_name);
    j.context
        .insert("kind_label", &t.label("taxonomy", kind_name));
    j.context.insert("terms", &terms);
    j
}

fn term_page(site: &Site, kind: TaxonomyKind, term: &Term, n: usize, paging: Paging) -> PageJob {
    let t = &site.config().texts;
    let kind_name = kind.route_name();
    let title = t.fill(&format!("page.term.{kind_name}"), &[("name", &term.name)]);
    let mut j = job(
        routes::taxonomy_term(kind_name, &term.slug, n),
        "taxonomy_term.html",
        nth_page_title(t, &title, n),
        t.fill("page.term_description", &[("name", &term.name)]),
        "news",
    );
    let items: Vec<NewsCard> = term.items[paging.slice(n)]
        .iter()
        .map(|&i| news_card(site, &site.news()[i]))
        .collect();
    j.context.insert("kind", kind_name);
    j.context
        .insert("kind_label", &t.label("taxonomy", kind_name));
    j.context
        .insert("kind_url", &url(site, &routes::taxonomy(kind_name)));
    j.context.insert("term", &term.name);
    if kind == TaxonomyKind::Agencies {
        j.context.insert("rankings", &rankings(site, &term.slug));
    }
    j.context.insert("count", &term.items.len());
    j.context.insert("items", &items);
    j.context.insert(
        "paginator",
        &paginator(site, n, paging, |p| {
            routes::taxonomy_term(kind_name, &term.slug, p)
        }),
    );
    j
}

/// A unit's place in one index year, on its agency's page.
#[derive(Serialize)]
struct RankingView {
    index: String,
    year: i32,
    url: String,
    /// `hạng 3/21`, or `hạng 3` when the file lists only some units.
    rank: Option<String>,
    score: Option<String>,
}

fn rankings(site: &Site, slug: &str) -> Vec<RankingView> {
    let t = &site.config().texts;
    site.rankings_of(slug)
        .into_iter()
        .map(|(index, year, unit)| RankingView {
            index: index.name.clone(),
            year: year.year,
            url: url(site, &routes::index_year(&index.slug, year.year)),
            rank: unit.rank.map(|rank| {
                let of = year.of.unwrap_or(year.units.len() as u32);
                t.fill("result.rank", &[("rank", &rank), ("of", &of)])
            }),
            score: unit.score.map(|s| crate::locale::number(t.lang(), s)),
        })
        .collect()
}

#[derive(Serialize)]
struct OutcomeRow {
    #[serde(flatten)]
    outcome: views::OutcomeView,
    item: Link,
    date: DateView,
}

/// The pages of /outcomes/.
pub(super) fn plan_outcomes(b: &mut Builder<'_>) {
    let site = b.site;
    let paging = Paging::new(site.outcomes().len(), OUTCOMES_PER_PAGE);
    for n in paging.pages() {
        let mut inputs = b.inputs("outcomes");
        inputs.add(&n).add(&paging);
        for &(i, o) in &site.outcomes()[paging.slice(n)] {
            let item = &site.news()[i];
            let outcome = &item.outcomes[o];
            inputs
                .add(&item.title)
                .add(&item.slug.value)
                .add(&item.date);
            inputs.add(outcome);
        }
        b.page(routes::outcomes_page(n), Some(inputs), move || {
            outcomes(site, n, paging)
        });
    }
}

fn outcomes(site: &Site, n: usize, paging: Paging) -> PageJob {
    let t = &site.config().texts;
    let mut j = job(
        routes::outcomes_page(n),
        "outcomes.html",
        nth_page_title(t, t.get("page.outcomes"), n),
        t.get("page.outcomes_description").to_string(),
        "outcomes",
    );
    let rows: Vec<OutcomeRow> = site.outcomes()[paging.slice(n)]
        .iter()
        .map(|&(i, o)| {
            let item = &site.news()[i];
            OutcomeRow {
                outcome: views::outcome_view(t, &item.outcomes[o]),
                item: Link {
                    name: item.title.clone(),
                    url: url(site, &routes::news_item(&item.slug.value)),
                },
                date: DateView::of(t, &item.date),
            }
        })
        .collect();
    j.context.insert("outcomes", &rows);
    j.context.insert("total", &site.outcomes().len());
    j.context.insert(
        "paginator",
        &paginator(site, n, paging, routes::outcomes_page),
    );
    j
}
