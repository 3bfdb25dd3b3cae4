//! News items (`content/news/**`): every key of contract section 2, validated,
//! including `inspection`, `results` and `outcomes`.

use chrono::Datelike;

use super::common::{origin, read_aliases, read_image, read_slug, read_url};
use super::driver::{front_matter, Body};
use super::figures::{read_outcomes, read_results};
use super::inspection::read_inspection;
use super::{ParseContext, Parsed};
use crate::frontmatter::fields::{Fields, Reader};
use crate::load::SourceFile;
use crate::markdown::truncate_words;
use crate::model::NewsItem;

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
    "aliases",
    "inspection",
    "results",
    "outcomes",
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
    let image = read_image(f, r);
    let aliases = read_aliases(f, r);
    let inspection = f.mapping(r, "inspection").and_then(|map| {
        let path = f.path("inspection");
        read_inspection(&Fields::new(map, &path), r, date)
    });
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
        aliases,
        inspection,
        results,
        outcomes,
        body,
    })
}
