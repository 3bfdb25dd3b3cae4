//! Plain pages (`content/pages/**`) and the `_index.md` introductions of the
//! site and its sections.

use super::fields::{Fields, Reader};
use super::news::{origin, read_aliases, read_slug};
use super::{prepare, Page, ParseContext, Parsed, SectionIntro};
use crate::frontmatter::KeyPath;
use crate::load::SourceFile;
use crate::markdown::{self, truncate_words};

pub const PAGE_KEYS: &[&str] = &[
    "title", "slug", "summary", "date", "updated", "draft", "aliases",
];
pub const INTRO_KEYS: &[&str] = &["title", "description"];

pub fn parse_page(source: &SourceFile, ctx: &ParseContext) -> Parsed<Page> {
    let prepared = match prepare(source) {
        Ok(p) => p,
        Err(d) => return Parsed::failed(d),
    };
    let mut r = Reader::new(&source.rel_path, &prepared.locator, ctx.timezone);
    let root = KeyPath::default();
    let f = Fields::new(&prepared.map, &root);
    let title = f.text(&mut r, "title", true);
    let slug = read_slug(&f, &mut r, &source.stem);
    let summary = f.text(&mut r, "summary", false);
    let date = f.date(&mut r, "date", false);
    let updated = f.date(&mut r, "updated", false);
    let draft = f.boolean(&mut r, "draft").unwrap_or(false);
    let aliases = read_aliases(&f, &mut r);
    f.warn_unknown(&mut r, PAGE_KEYS);
    let body =
        markdown::render_with_images(prepared.body, prepared.body_line, &ctx.base_url, &|src| {
            crate::image_size::bundle_picture_size(&source.assets, src)
        });
    r.diagnostics
        .extend(super::body_findings(&source.rel_path, &body, ctx));
    let item = match (title, slug, r.has_errors()) {
        (Some(title), Some(slug), false) => Some(Page {
            origin: origin(source),
            slug,
            summary: summary.unwrap_or_else(|| truncate_words(&body.first_paragraph, 200)),
            title,
            date,
            updated,
            draft,
            aliases,
            body,
        }),
        _ => None,
    };
    Parsed {
        item,
        diagnostics: r.diagnostics,
    }
}

/// `_index.md` may have no front matter at all: then it is all introduction.
pub fn parse_intro(source: &SourceFile, ctx: &ParseContext) -> Parsed<SectionIntro> {
    if !source.text.starts_with("---") {
        let body = markdown::render(&source.text, 1, &ctx.base_url);
        let diagnostics = super::body_findings(&source.rel_path, &body, ctx);
        return Parsed {
            item: diagnostics.is_empty().then(|| SectionIntro {
                origin: origin(source),
                title: None,
                description: None,
                body,
            }),
            diagnostics,
        };
    }
    let prepared = match prepare(source) {
        Ok(p) => p,
        Err(d) => return Parsed::failed(d),
    };
    let mut r = Reader::new(&source.rel_path, &prepared.locator, ctx.timezone);
    let root = KeyPath::default();
    let f = Fields::new(&prepared.map, &root);
    let title = f.text(&mut r, "title", false);
    let description = f.text(&mut r, "description", false);
    f.warn_unknown(&mut r, INTRO_KEYS);
    let body =
        markdown::render_with_images(prepared.body, prepared.body_line, &ctx.base_url, &|src| {
            crate::image_size::bundle_picture_size(&source.assets, src)
        });
    r.diagnostics
        .extend(super::body_findings(&source.rel_path, &body, ctx));
    let item = (!r.has_errors()).then(|| SectionIntro {
        origin: origin(source),
        title,
        description,
        body,
    });
    Parsed {
        item,
        diagnostics: r.diagnostics,
    }
}
