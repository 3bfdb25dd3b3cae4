//! The home page: featured and latest news, key figures, counts of what the
//! portal holds, and the open-data page, which counts the tables.

use serde::Serialize;

use super::catalog::is_simplified;
use super::{job, site_description};
use crate::escape::script_json;
use crate::model::site::Site;
use crate::render::jsonld;
use crate::render::plan::Builder;
use crate::render::views::{self, news_card, url, NewsCard};
use crate::render::PageJob;
use crate::routes;

/// Featured items on the home page, and key figures.
const FEATURED: usize = 6;
const KEY_FIGURES: usize = 6;

/// What the home page lists, as positions in `Site::news`: one choice for
/// the page and for its digest.
struct Listed {
    featured: Vec<usize>,
    latest: Vec<usize>,
    /// (item, result) of each key figure.
    figures: Vec<(usize, usize)>,
}

fn listed(site: &Site) -> Listed {
    let news = site.news();
    let featured = (0..news.len())
        .filter(|&i| news[i].featured)
        .take(FEATURED)
        .collect();
    let latest = (0..news.len().min(site.config().paginate)).collect();
    let figures = (0..news.len())
        .flat_map(|i| (0..news[i].results.len()).map(move |r| (i, r)))
        .take(KEY_FIGURES)
        .collect();
    Listed {
        featured,
        latest,
        figures,
    }
}

pub(super) fn plan(b: &mut Builder<'_>) {
    let site = b.site;
    let listed = listed(site);
    let mut inputs = b.inputs("home");
    inputs.add(&site.home().map(|h| h.origin.fingerprint));
    for &i in listed.featured.iter().chain(&listed.latest) {
        inputs.add(&b.card(i));
    }
    for &(i, r) in &listed.figures {
        let item = &site.news()[i];
        inputs
            .add(&item.title)
            .add(&item.slug.value)
            .add(&item.results[r]);
    }
    inputs.add(&stats(site));
    b.page(routes::home(), Some(inputs), move || home(site));
}

#[derive(Serialize)]
struct KeyFigure {
    #[serde(flatten)]
    result: views::ResultView,
    item_title: String,
    item_url: String,
}

#[derive(Serialize, Hash)]
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
        site.procedures().iter().map(|p| p.field.as_str()).collect();
    let reported: usize = site.inspections_by_year().values().map(Vec::len).sum();
    let planned: usize = site.plans().values().map(|p| p.inspections.len()).sum();
    Stats {
        news: site.news().len(),
        procedures: site.procedures().len(),
        fields: fields.len(),
        simplified: site
            .procedures()
            .iter()
            .filter(|p| is_simplified(p))
            .count(),
        inspection_years: site.inspection_years().len(),
        inspections: reported + planned,
        documents: site.documents().len(),
        outcomes: site.outcomes().len(),
    }
}

fn home(site: &Site) -> PageJob {
    let title = site
        .home()
        .and_then(|h| h.title.clone())
        .unwrap_or_else(|| site.config().title.clone());
    let mut j = job(
        routes::home(),
        "index.html",
        title,
        site_description(site),
        "home",
    );
    let news = site.news();
    let listed = listed(site);
    let cards = |positions: &[usize]| -> Vec<NewsCard> {
        positions
            .iter()
            .map(|&i| news_card(site, &news[i]))
            .collect()
    };
    let key_figures: Vec<KeyFigure> = listed
        .figures
        .iter()
        .map(|&(i, r)| KeyFigure {
            result: views::result_view(&site.config().texts, &news[i].results[r]),
            item_title: news[i].title.clone(),
            item_url: url(site, &routes::news_item(&news[i].slug.value)),
        })
        .collect();
    j.context
        .insert("intro_html", &site.home().map(|h| h.body.html.clone()));
    j.context.insert("featured", &cards(&listed.featured));
    j.context.insert("latest", &cards(&listed.latest));
    j.context.insert("key_figures", &key_figures);
    j.context.insert("stats", &stats(site));
    for (name, route) in [
        ("news_url", routes::news_list(1)),
        ("procedures_url", routes::procedures()),
        ("inspections_url", routes::inspections()),
        ("outcomes_url", routes::outcomes()),
        ("documents_url", routes::documents()),
    ] {
        j.context.insert(name, &url(site, &route));
    }
    j.context
        .insert("json_ld", &script_json(&jsonld::website(site)));
    j
}
