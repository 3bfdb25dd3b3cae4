//! News items (`content/news/**`): every key of contract section 2, validated,
//! including `inspection`, `results` and `outcomes`.

use chrono::{DateTime, Datelike, FixedOffset};
use serde_yaml::Value;

use super::fields::{Fields, Reader};
use super::{
    prepare, Image, Inspection, Located, NewsItem, Origin, Outcome, ParseContext, Parsed, Period,
    Recommendation, RecommendationStatus, ResultFigure,
};
use crate::frontmatter::{describe, KeyPath};
use crate::load::SourceFile;
use crate::markdown::{self, truncate_words};
use crate::slug::slugify;

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

const SUMMARY_CHARS: usize = 200;

pub fn parse_news(source: &SourceFile, ctx: &ParseContext) -> Parsed<NewsItem> {
    let prepared = match prepare(source) {
        Ok(p) => p,
        Err(d) => return Parsed::failed(d),
    };
    let mut r = Reader::new(&source.rel_path, &prepared.locator, ctx.timezone);
    let root = KeyPath::default();
    let f = Fields::new(&prepared.map, &root);

    let title = f.text(&mut r, "title", true);
    let date = f.date(&mut r, "date", true);
    let updated = f.date(&mut r, "updated", false);
    let slug = read_slug(&f, &mut r, &source.stem);
    let summary = f.text(&mut r, "summary", false);
    let author = f.text(&mut r, "author", false);
    let news_source = f.text(&mut r, "source", false);
    let source_url = read_url(&f, &mut r, "source_url");
    let agency = f.text(&mut r, "agency", false);
    let location = f.text(&mut r, "location", false);
    let tags = f.text_list(&mut r, "tags");
    let featured = f.boolean(&mut r, "featured").unwrap_or(false);
    let draft = f.boolean(&mut r, "draft").unwrap_or(false);
    let image = read_image(&f, &mut r);
    let aliases = read_aliases(&f, &mut r);
    let inspection = f.mapping(&mut r, "inspection").and_then(|map| {
        let path = f.path("inspection");
        read_inspection(&Fields::new(map, &path), &mut r, date)
    });
    let results = read_results(&f, &mut r, date.map_or(0, |d| d.year()));
    let outcomes = read_outcomes(&f, &mut r);
    f.warn_unknown(&mut r, NEWS_KEYS);

    let body =
        markdown::render_with_images(prepared.body, prepared.body_line, &ctx.base_url, &|src| {
            crate::image_size::bundle_picture_size(&source.assets, src)
        });
    r.diagnostics
        .extend(super::body_findings(&source.rel_path, &body, ctx));
    let item = match (title, date, slug, r.has_errors()) {
        (Some(title), Some(date), Some(slug), false) => Some(NewsItem {
            origin: origin(source),
            slug,
            summary: summary
                .unwrap_or_else(|| truncate_words(&body.first_paragraph, SUMMARY_CHARS)),
            title,
            date,
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
        }),
        _ => None,
    };
    Parsed {
        item,
        diagnostics: r.diagnostics,
    }
}

pub(crate) fn origin(source: &SourceFile) -> Origin {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let citations = crate::citations::find_citations(&source.text)
        .into_iter()
        .map(|c| {
            let line = line_starts.partition_point(|&start| start <= c.start);
            let column = source.text[line_starts[line - 1]..c.start].chars().count() + 1;
            Located {
                value: c.number,
                line,
                column,
            }
        })
        .collect();
    Origin {
        file: source.rel_path.clone(),
        assets: source.assets.clone(),
        citations,
    }
}

/// The URL segment: `slug` when given, else the file or bundle name without
/// its leading `YYYY-MM-DD-`. Always ASCII `[a-z0-9-]`.
pub(crate) fn read_slug(f: &Fields, r: &mut Reader, stem: &str) -> Option<Located<String>> {
    let path = f.path("slug");
    let (source_text, explicit) = match f.text(r, "slug", false) {
        Some(text) => (text, true),
        None => (strip_date_prefix(stem).to_string(), false),
    };
    if explicit
        && (source_text.contains(['/', '\\', '\0'])
            || source_text.contains("..")
            || source_text.contains('%'))
    {
        r.error(
            &path,
            format!(
                "expected one URL segment of letters, digits and dashes, found {source_text:?}"
            ),
        );
        return None;
    }
    let slug = slugify(&source_text);
    if slug.is_empty() {
        if explicit {
            r.error(
                &path,
                format!("expected letters or digits, found {source_text:?}"),
            );
        } else {
            r.error(
                &path,
                format!("the file name {stem:?} gives an empty URL: add a `slug` with letters or digits"),
            );
        }
        return None;
    }
    let pos = r.locator.find(&path);
    Some(Located {
        value: slug,
        line: if explicit { pos.line } else { 1 },
        column: if explicit { pos.column } else { 1 },
    })
}

fn strip_date_prefix(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let is_date = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if is_date {
        &stem[11..]
    } else {
        stem
    }
}

/// A picture is an http(s) address, or a path inside the site: never one
/// that climbs out (`..`, `%2e%2e`), a drive letter, a NUL or another scheme.
fn is_safe_picture_source(src: &str) -> bool {
    let lower = src.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return !lower.contains(char::is_whitespace);
    }
    !lower.is_empty()
        && !lower.contains("..")
        && !lower.contains("%2e")
        && !lower.contains("%2f")
        && !lower.contains("%5c")
        && !lower.contains(['\\', '\0', ':', '<', '>', '"', '|', '*', '?'])
        && !lower.starts_with("//")
}

pub(crate) fn read_url(f: &Fields, r: &mut Reader, key: &str) -> Option<String> {
    let url = f.text(r, key, false)?;
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(url.trim().to_string())
    } else {
        r.error(
            &f.path(key),
            format!("expected an address starting with https:// or http://, found {url:?}"),
        );
        None
    }
}

/// Old URLs that must redirect here, normalised to `/path/` or `/file.html`.
pub(crate) fn read_aliases(f: &Fields, r: &mut Reader) -> Vec<Located<String>> {
    let list = f.text_list(r, "aliases");
    let mut aliases = Vec::new();
    for (i, alias) in list.into_iter().enumerate() {
        let path = if matches!(f.get("aliases"), Some(Value::Sequence(_))) {
            f.path("aliases").index(i)
        } else {
            f.path("aliases")
        };
        match normalize_alias(&alias) {
            Some(normalized) => {
                let pos = r.locator.find(&path);
                aliases.push(Located {
                    value: normalized,
                    line: pos.line,
                    column: pos.column,
                });
            }
            None => r.error(
                &path,
                format!(
                    "expected a path inside the site such as /tin-tuc/bai-cu.html, found {alias:?}"
                ),
            ),
        }
    }
    aliases
}

/// `/a/b` and `/a/b/` → `/a/b/`; `/a/b.html` stays. Refuses anything that
/// could leave the output folder or is not a plain path.
pub fn normalize_alias(alias: &str) -> Option<String> {
    let alias = alias.trim();
    let rest = alias.strip_prefix('/')?;
    if rest.is_empty()
        || alias.contains(['\\', '\0', '?', '#', ':', '%', '<', '>', '"', '|', '*'])
        || alias.starts_with("//")
    {
        return None;
    }
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == ".." || s.chars().any(char::is_control))
    {
        return None;
    }
    let joined = segments.join("/");
    let is_file = segments
        .last()
        .is_some_and(|s| s.ends_with(".html") || s.ends_with(".htm"));
    Some(if is_file {
        format!("/{joined}")
    } else {
        format!("/{joined}/")
    })
}

fn read_image(f: &Fields, r: &mut Reader) -> Option<Image> {
    let map = f.mapping(r, "image")?;
    let path = f.path("image");
    let fi = Fields::new(map, &path);
    let src = fi.text(r, "src", true);
    let alt = match fi.get("alt") {
        None => {
            r.error(
                &fi.path("alt"),
                "required key is missing: expected a text describing the picture for readers who cannot see it",
            );
            None
        }
        Some(_) => fi.text(r, "alt", true),
    };
    let caption = fi.text(r, "caption", false);
    fi.warn_unknown(r, &["src", "alt", "caption"]);
    let src = src?;
    if !is_safe_picture_source(&src) {
        r.error(
            &fi.path("src"),
            format!("expected a picture file of the bundle or an http(s) address, found {src:?}"),
        );
        return None;
    }
    Some(Image {
        src,
        alt: alt?,
        caption,
    })
}

pub(crate) const INSPECTION_KEYS: &[&str] = &[
    "unit",
    "unit_level",
    "date",
    "lead",
    "basis",
    "round",
    "strengths",
    "shortcomings",
    "recommendations",
];

/// One inspection block; `default_date` is the item's date when it has one.
pub(crate) fn read_inspection(
    fi: &Fields,
    r: &mut Reader,
    default_date: Option<DateTime<FixedOffset>>,
) -> Option<Inspection> {
    let unit = fi.text(r, "unit", true);
    let unit_level = fi.choice(r, "unit_level", true);
    let date = fi.date(r, "date", false).or(default_date);
    let lead = fi.text(r, "lead", false);
    let basis = fi.text(r, "basis", false);
    let round = fi.text(r, "round", false);
    let strengths = fi.text_list(r, "strengths");
    let shortcomings = fi.text_list(r, "shortcomings");
    let recommendations = read_recommendations(fi, r);
    fi.warn_unknown(r, INSPECTION_KEYS);
    Some(Inspection {
        unit: unit?,
        unit_level: unit_level?,
        date,
        lead,
        basis,
        round,
        strengths,
        shortcomings,
        recommendations,
    })
}

fn read_recommendations(fi: &Fields, r: &mut Reader) -> Vec<Recommendation> {
    let Some(items) = fi.sequence(r, "recommendations") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = fi.path("recommendations").index(i);
        match item {
            Value::String(text) => out.push(Recommendation {
                text: text.clone(),
                due: None,
                status: RecommendationStatus::Open,
            }),
            Value::Mapping(m) => {
                let fr = Fields::new(m, &path);
                let text = fr.text(r, "text", true);
                let due = fr.date(r, "due", false);
                let status = fr
                    .choice(r, "status", false)
                    .unwrap_or(RecommendationStatus::Open);
                fr.warn_unknown(r, &["text", "due", "status"]);
                if let Some(text) = text {
                    out.push(Recommendation { text, due, status });
                }
            }
            other => r.error(
                &path,
                format!(
                    "expected a text or {{text, due, status}}, found {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}

fn read_results(f: &Fields, r: &mut Reader, item_year: i32) -> Vec<ResultFigure> {
    let Some(items) = f.sequence(r, "results") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = f.path("results").index(i);
        let Value::Mapping(m) = item else {
            r.error(
                &path,
                format!(
                    "expected {{indicator, value, unit, total, target, period}}, found {}",
                    describe(item)
                ),
            );
            continue;
        };
        let fr = Fields::new(m, &path);
        let indicator = fr.text(r, "indicator", true);
        let value = fr.number(r, "value", true);
        let unit = fr.text(r, "unit", false);
        let total = fr.number(r, "total", false);
        let target = fr.number(r, "target", false);
        let period = match fr.get("period") {
            None => Some(Period::Year(item_year)),
            Some(v) => {
                let parsed = super::fields::scalar_text(v).and_then(|t| Period::parse(&t));
                if parsed.is_none() {
                    r.error(
                        &fr.path("period"),
                        format!(
                            "expected a period like 2021, 2021-Q3, 2021-07, 2021-H1 or Quý III/2021, found {}",
                            describe(v)
                        ),
                    );
                }
                parsed
            }
        };
        fr.warn_unknown(
            r,
            &["indicator", "value", "unit", "total", "target", "period"],
        );
        if let (Some(indicator), Some(value), Some(period)) = (indicator, value, period) {
            out.push(ResultFigure {
                indicator,
                value,
                unit,
                total,
                target,
                period,
            });
        }
    }
    out
}

fn read_outcomes(f: &Fields, r: &mut Reader) -> Vec<Outcome> {
    let Some(items) = f.sequence(r, "outcomes") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = f.path("outcomes").index(i);
        match item {
            Value::String(text) => out.push(Outcome {
                text: text.clone(),
                before: None,
                after: None,
                unit: None,
            }),
            Value::Mapping(m) => {
                let fo = Fields::new(m, &path);
                let text = fo.text(r, "text", true);
                let before = fo.number(r, "before", false);
                let after = fo.number(r, "after", false);
                let unit = fo.text(r, "unit", false);
                fo.warn_unknown(r, &["text", "before", "after", "unit"]);
                if let Some(text) = text {
                    out.push(Outcome {
                        text,
                        before,
                        after,
                        unit,
                    });
                }
            }
            other => r.error(
                &path,
                format!(
                    "expected a text or {{text, before, after, unit}}, found {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_a_leading_date_from_file_names() {
        assert_eq!(strip_date_prefix("2021-12-29-ket-qua"), "ket-qua");
        assert_eq!(strip_date_prefix("2021-ket-qua"), "2021-ket-qua");
    }

    #[test]
    fn normalizes_aliases_and_refuses_escapes() {
        assert_eq!(
            normalize_alias("/tin-tuc/a").as_deref(),
            Some("/tin-tuc/a/")
        );
        assert_eq!(
            normalize_alias("/tin-tuc/a.html").as_deref(),
            Some("/tin-tuc/a.html")
        );
        assert_eq!(normalize_alias("/../etc/passwd"), None);
        assert_eq!(normalize_alias("/a/%2e%2e/b"), None);
        assert_eq!(normalize_alias("C:/x"), None);
        assert_eq!(normalize_alias("relative/x"), None);
    }
}
