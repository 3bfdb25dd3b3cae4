//! What templates see: view structs made for them, so the model can change
//! without breaking themes. Every text here is plain; Tera escapes it, except
//! the fields named `*_html`, `chart` and `bar`, which our own code built
//! (Markdown renderer, `charts`) with every text in them escaped.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::render::charts;

mod figures;
mod inspection;
mod paginator;
mod procedure;

use crate::locale::{self, date_iso, day_iso, Texts};
use crate::model::site::{Site, TaxonomyKind};
use crate::model::NewsItem;
use crate::routes;
use crate::slug::slugify;
pub use figures::{outcome_view, result_view, OutcomeView, ResultView};
pub use inspection::{inspection_view, status_code, InspectionView, RecommendationView};
pub use paginator::{paginator, paginator_numbers, PageLink, Paginator};
pub use procedure::{procedure_view, working_days, ProcedureView};

#[derive(Serialize, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    /// For `<time datetime>`.
    pub iso: String,
    pub day: String,
    /// As a reader writes it: `29/12/2021` (the name is the first
    /// language's; templates of every language use it).
    pub vi: String,
}

impl DateView {
    pub fn of(t: &Texts, date: &chrono::DateTime<chrono::FixedOffset>) -> Self {
        DateView {
            iso: date_iso(date),
            day: day_iso(date),
            vi: locale::date(t, date),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct ImageView {
    /// For `og:image` and JSON-LD: a resized copy when there are copies.
    pub url: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Pixels, when the picture is a file of the page bundle.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The whole `<picture>` (HTML, safe) when the picture was published.
    pub html: Option<String>,
}

/// One item in a list of news.
#[derive(Serialize, Clone)]
pub struct NewsCard {
    pub title: String,
    pub url: String,
    pub date: DateView,
    pub summary: String,
    pub featured: bool,
    pub agency: Option<Link>,
    pub location: Option<Link>,
    pub has_inspection: bool,
}

#[derive(Serialize)]
pub struct NewsItemView {
    #[serde(flatten)]
    pub card: NewsCard,
    /// Only the item's own page links its tags: a card in a list of one of
    /// 10,000 tags must not carry all 10,000 links (quadratic output).
    pub tags: Vec<Link>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub updated: Option<DateView>,
    pub image: Option<ImageView>,
    pub gallery: Vec<ImageView>,
    pub body_html: Arc<str>,
    /// Every inspection the item reports, in the order written.
    pub inspections: Vec<InspectionView>,
    pub results: Vec<ResultView>,
    /// The results that have a total or target, as a captioned bar chart
    /// (HTML, safe); the table of all results stays beside it.
    pub results_chart: Option<String>,
    pub outcomes: Vec<OutcomeView>,
    /// The outcomes measured before and after, as a captioned chart (HTML, safe).
    pub outcomes_chart: Option<String>,
    pub documents: Vec<Link>,
}

pub fn url(site: &Site, route: &str) -> String {
    routes::permalink(&site.config().base_url, route)
}

fn term_link(site: &Site, kind: TaxonomyKind, name: &str) -> Option<Link> {
    let slug = slugify(name);
    (!slug.is_empty()).then(|| Link {
        name: name.to_string(),
        url: url(site, &routes::taxonomy_term(kind.route_name(), &slug, 1)),
    })
}

/// Everything of an item that its card in a list shows, and nothing else:
/// `news_card` reads only this, and the plan hashes it, so a list page is
/// rendered again exactly when a card on it changed.
#[derive(Hash)]
pub struct CardInputs<'a> {
    title: &'a str,
    slug: &'a str,
    date: chrono::DateTime<chrono::FixedOffset>,
    summary: &'a str,
    featured: bool,
    agency: Option<&'a str>,
    location: Option<&'a str>,
    has_inspection: bool,
}

impl<'a> CardInputs<'a> {
    pub fn of(item: &'a NewsItem) -> Self {
        CardInputs {
            title: &item.title,
            slug: &item.slug.value,
            date: item.date,
            summary: &item.summary,
            featured: item.featured,
            agency: item.agency.as_deref(),
            location: item.location.as_deref(),
            has_inspection: !item.inspections.is_empty(),
        }
    }
}

pub fn news_card(site: &Site, item: &NewsItem) -> NewsCard {
    let t = &site.config().texts;
    let card = CardInputs::of(item);
    NewsCard {
        title: card.title.to_string(),
        url: url(site, &routes::news_item(card.slug)),
        date: DateView::of(t, &card.date),
        summary: card.summary.to_string(),
        featured: card.featured,
        agency: card
            .agency
            .and_then(|a| term_link(site, TaxonomyKind::Agencies, a)),
        location: card
            .location
            .and_then(|l| term_link(site, TaxonomyKind::Locations, l)),
        has_inspection: card.has_inspection,
    }
}

pub fn news_item_view(site: &Site, item: &NewsItem) -> NewsItemView {
    let t = &site.config().texts;
    let card = news_card(site, item);
    let tags = item
        .tags
        .iter()
        .filter_map(|t| term_link(site, TaxonomyKind::Tags, t))
        .collect();
    let base_url = &site.config().base_url;
    let image = item
        .image
        .as_ref()
        .map(|img| image_view(item, img, &card.url, base_url, true));
    let gallery = item
        .gallery
        .iter()
        .map(|img| image_view(item, img, &card.url, base_url, false))
        .collect();
    let mut documents: Vec<Link> = Vec::new();
    for cited in &item.origin.citations {
        if !documents.iter().any(|d| d.name == cited.value) {
            documents.push(Link {
                name: cited.value.clone(),
                url: document_url(site, &item.origin.file, &cited.value),
            });
        }
    }
    NewsItemView {
        card,
        tags,
        author: item.author.clone(),
        source: item.source.clone(),
        source_url: item.source_url.clone(),
        updated: item.updated.as_ref().map(|d| DateView::of(t, d)),
        image,
        gallery,
        body_html: item.body.html.clone(),
        inspections: item
            .inspections
            .iter()
            .map(|i| inspection_view(t, i))
            .collect(),
        results: item.results.iter().map(|r| result_view(t, r)).collect(),
        results_chart: charts::results_chart(t, &item.results),
        outcomes: item.outcomes.iter().map(|o| outcome_view(t, o)).collect(),
        outcomes_chart: charts::outcomes_chart(t, &item.outcomes),
        documents,
    }
}

/// The page of the document a file cites as `number` (the documents list
/// when there is none, which a build never makes).
pub fn document_url(site: &Site, file: &Path, number: &str) -> String {
    match site.cited_document(file, number) {
        Some(d) => url(site, &routes::document(&d.slug, 1)),
        None => url(site, &routes::documents()),
    }
}

/// A bundle-relative picture becomes absolute under the page; addresses stay.
/// The lead picture (`lead`) or one of the gallery: published as
/// `<picture>` when it is a JPEG, PNG or WebP of the bundle.
fn image_view(
    item: &NewsItem,
    img: &crate::model::Image,
    page_url: &str,
    base_url: &str,
    lead: bool,
) -> ImageView {
    let published = item.origin.pictures.get(img.src.trim_start_matches("./"));
    let size = match published {
        Some(p) => Some((p.width, p.height)),
        None => crate::image_size::bundle_picture_size(&item.origin.assets, &img.src),
    };
    let url = match published {
        Some(p) => format!(
            "{page_url}{}",
            crate::picture_html::url_path(&p.fallback().file_name)
        ),
        None => asset_url(page_url, &img.src, base_url),
    };
    let html = published.map(|published| {
        crate::picture_html::PictureTag {
            published,
            url_prefix: page_url,
            alt: &img.alt,
            title: None,
            sizes: if lead {
                crate::picture_html::SIZES_LEAD
            } else {
                crate::picture_html::SIZES_GALLERY
            },
            lead,
            link_original: true,
        }
        .html()
    });
    ImageView {
        url,
        alt: img.alt.clone(),
        caption: img.caption.clone(),
        credit: img.credit.clone(),
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
        html,
    }
}

fn asset_url(page_url: &str, src: &str, base_url: &str) -> String {
    if src.starts_with("http://") || src.starts_with("https://") {
        src.to_string()
    } else if let Some(rooted) = src.strip_prefix('/') {
        format!("{base_url}{rooted}")
    } else {
        format!("{page_url}{}", src.trim_start_matches("./"))
    }
}
