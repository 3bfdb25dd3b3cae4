//! News items (`content/news/**`): every key of contract sections 2 and 8,
//! validated, including `inspection` (or `inspections`), `results` and `outcomes`.

use chrono::Datelike;

use super::common::{origin, read_aliases, read_gallery, read_image, read_slug, read_url};
use super::driver::{front_matter, Body};
use super::figures::{read_outcomes, read_results};
use super::inspection::{read_inspection, read_inspection_list};
use super::{ParseContext, Parsed};
use crate::error::Fix;
use crate::frontmatter::fields::{Fields, Reader};
use crate::load::SourceFile;
use crate::markdown::truncate_words;
use crate::model::{Inspection, NewsItem};

pub const NEWS_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "slug",
    "summary",
    "author",
    "source",
    "source_url",
    "agency",
    "location",
    "tags",
    "featured",
    "draft",
    "image",
    "gallery",
    "aliases",
    "inspection",
    "inspections",
    "results",
    "outcomes",
    "lang",
];

/// The default summary: the first paragraph, cut at a word.
pub(super) const SUMMARY_CHARS: usize = 200;

pub fn parse_news(source: &SourceFile, ctx: &ParseContext) -> Parsed<NewsItem> {
    front_matter(source, ctx, NEWS_KEYS, |f, r, body| {
        read_news(source, f, r, body)
    })
}

fn read_news(source: &SourceFile, f: &Fields, r: &mut Reader, body: Body) -> Option<NewsItem> {
    let title = f.text(r, "title", true);
    let date = f.date(r, "date", true);
    let updated = f.date(r, "updated", false);
    let slug = read_slug(f, r, &source.stem);
    let summary = f.text(r, "summary", false);
    let author = f.text(r, "author", false);
    let news_source = f.text(r, "source", false);
    let source_url = read_url(f, r, "source_url");
    let agency = f.text(r, "agency", false);
    let location = f.text(r, "location", false);
    let tags = f.text_list(r, "tags");
    let featured = f.boolean(r, "featured").unwrap_or(false);
    let draft = f.boolean(r, "draft").unwrap_or(false);
    let image = read_image(f, r, body.pictures());
    let gallery = read_gallery(f, r, body.pictures());
    let aliases = read_aliases(f, r);
    let inspections = read_inspections(f, r, date);
    let results = read_results(f, r, date.map_or(0, |d| d.year()));
    let outcomes = read_outcomes(f, r);
    let body = body.render(r);
    Some(NewsItem {
        origin: origin(source),
        slug: slug?,
        summary: summary.unwrap_or_else(|| truncate_words(&body.first_paragraph, SUMMARY_CHARS)),
        title: title?,
        date: date?,
        updated,
        author,
        source: news_source,
        source_url,
        agency: agency.filter(|a| !a.trim().is_empty()),
        location: location.filter(|l| !l.trim().is_empty()),
        tags: tags.into_iter().filter(|t| !t.trim().is_empty()).collect(),
        featured,
        draft,
        image,
        gallery,
        aliases,
        inspections,
        results,
        outcomes,
        body,
    })
}

/// `inspection` (one unit) or `inspections` (a report on several), not both.
fn read_inspections(
    f: &Fields,
    r: &mut Reader,
    date: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Vec<Inspection> {
    if f.has("inspection") && f.has("inspections") {
        r.error(
            &f.path("inspections"),
            Fix::EitherKey,
            "give either `inspection` (one unit) or `inspections` (several), not both",
        );
        return Vec::new();
    }
    if f.has("inspections") {
        return read_inspection_list(f, r, date)
            .into_iter()
            .map(|(_, ins)| ins)
            .collect();
    }
    let one = f.mapping(r, "inspection").and_then(|map| {
        let path = f.path("inspection");
        read_inspection(&Fields::new(map, &path), r, date)
    });
    one.into_iter().collect()
}
