//! Plain pages (`content/pages/**`) and the `_index.md` introductions of the
//! site and its sections.

use super::common::{origin, read_aliases, read_slug};
use super::driver::{body_only, front_matter};
use super::news::SUMMARY_CHARS;
use super::{ParseContext, Parsed};
use crate::load::SourceFile;
use crate::markdown::truncate_words;
use crate::model::{Page, SectionIntro};

pub const PAGE_KEYS: &[&str] = &[
    "title", "slug", "summary", "date", "updated", "draft", "aliases", "lang",
];
pub const INTRO_KEYS: &[&str] = &["title", "description", "lang"];

pub fn parse_page(source: &SourceFile, ctx: &ParseContext) -> Parsed<Page> {
    front_matter(source, ctx, PAGE_KEYS, |f, r, body| {
        let title = f.text(r, "title", true);
        let slug = read_slug(f, r, &source.stem);
        let summary = f.text(r, "summary", false);
        let date = f.date(r, "date", false);
        let updated = f.date(r, "updated", false);
        let draft = f.boolean(r, "draft").unwrap_or(false);
        let aliases = read_aliases(f, r);
        let body = body.render(r);
        Some(Page {
            origin: origin(source),
            slug: slug?,
            summary: summary
                .unwrap_or_else(|| truncate_words(&body.first_paragraph, SUMMARY_CHARS)),
            title: title?,
            date,
            updated,
            draft,
            aliases,
            body,
        })
    })
}

/// `_index.md` may have no front matter at all: then it is all introduction.
pub fn parse_intro(source: &SourceFile, ctx: &ParseContext) -> Parsed<SectionIntro> {
    if !source.text.starts_with("---") {
        let (body, diagnostics) = body_only(source, ctx);
        let mut origin = origin(source);
        origin.lang = source
            .translation
            .or(ctx.languages.first().copied())
            .unwrap_or_default();
        return Parsed {
            item: diagnostics.is_empty().then_some(SectionIntro {
                origin,
                title: None,
                description: None,
                body,
            }),
            diagnostics,
        };
    }
    front_matter(source, ctx, INTRO_KEYS, |f, r, body| {
        let title = f.text(r, "title", false);
        let description = f.text(r, "description", false);
        Some(SectionIntro {
            origin: origin(source),
            title,
            description,
            body: body.render(r),
        })
    })
}
