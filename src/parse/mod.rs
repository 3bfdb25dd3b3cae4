//! Reads each content file into the model's types: one file per kind, a
//! shared driver (front matter, unknown keys, body) and common key readers.
//! Every finding is recorded at its key's position; parsing never stops at
//! the first. It does not look across files (that is `model::assemble`).

mod common;
mod documents;
mod driver;
mod figures;
mod index;
mod inspection;
mod news;
mod page;
mod pictures;
mod plan;
mod procedure;
#[cfg(test)]
mod spec_tests;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::FixedOffset;

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::load::{SourceFile, SourceKind};
use crate::model::{
    indices::IndexYear, InspectionPlan, NewsItem, Page, ParsedContent, Procedure, Registry,
    SectionIntro,
};

pub use common::normalize_alias;
pub use documents::parse_registry;
pub use index::{parse_index_year, INDEX_KEYS};
pub use news::{parse_news, NEWS_KEYS};
pub use page::{parse_intro, parse_page, INTRO_KEYS, PAGE_KEYS};
pub use pictures::{is_resizable, Encoding, Pictures};
pub use plan::{parse_plan, PLAN_KEYS};
pub use procedure::{parse_procedure, PROCEDURE_KEYS};

/// The settings parsing needs from `site.yaml`. Every parse depends on all
/// of them, so a cache of parses is valid only for an equal context.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParseContext {
    pub timezone: FixedOffset,
    pub base_url: String,
    /// `unsafe_html: true` in site.yaml: bodies may carry scripts.
    pub allow_unsafe_html: bool,
    /// The site's languages, the default first: what `lang` may say.
    pub languages: Vec<crate::locale::Lang>,
    /// The publisher of bundles' pictures; `None` shows them as they are,
    /// sized (a parse without a site root to keep a cache in).
    pub pictures: Option<Arc<Pictures>>,
}

impl ParseContext {
    /// Without a usable site.yaml every file is still parsed, with the
    /// defaults, so the first run reports every error.
    pub fn of(config: Option<&SiteConfig>) -> ParseContext {
        ParseContext {
            timezone: config.map_or_else(crate::config::default_timezone, |c| c.timezone),
            base_url: config.map_or_else(|| "/".to_string(), |c| c.root_url.clone()),
            allow_unsafe_html: config.is_some_and(|c| c.unsafe_html),
            languages: config.map_or_else(
                || vec![crate::locale::Lang::default()],
                |c| c.languages.iter().map(|l| l.lang).collect(),
            ),
            pictures: None,
        }
    }

    /// With the pictures of bundles published through a cache under `root`
    /// (as `site.yaml` `images:` says, or the defaults).
    pub fn with_pictures(
        config: Option<&SiteConfig>,
        root: &std::path::Path,
        encoding: Encoding,
    ) -> ParseContext {
        let settings = config.map(|c| c.images.clone()).unwrap_or_default();
        ParseContext {
            pictures: Some(Arc::new(Pictures::new(root, &settings, encoding))),
            ..ParseContext::of(config)
        }
    }
}

/// What parsing one file gives: the item when it is usable, and every finding.
#[derive(Clone)]
pub struct Parsed<T> {
    pub item: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    pub fn failed(diagnostic: Diagnostic) -> Self {
        Parsed {
            item: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// One source file, parsed as the kind of content its place says it is.
// One value per file, moved once into its list: boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum ParsedFile {
    /// Shared: the serve rebuilder's cache and the site it builds hold one copy.
    News(Parsed<Arc<NewsItem>>),
    Procedure(Parsed<Procedure>),
    Plan(Parsed<InspectionPlan>),
    Page(Parsed<Page>),
    Intro(Option<String>, Parsed<SectionIntro>),
    Registry(Parsed<Registry>),
    IndexYear(Parsed<IndexYear>),
}

impl ParsedFile {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ParsedFile::News(p) => &p.diagnostics,
            ParsedFile::Procedure(p) => &p.diagnostics,
            ParsedFile::Plan(p) => &p.diagnostics,
            ParsedFile::Page(p) => &p.diagnostics,
            ParsedFile::Intro(_, p) => &p.diagnostics,
            ParsedFile::Registry(p) => &p.diagnostics,
            ParsedFile::IndexYear(p) => &p.diagnostics,
        }
    }
}

pub fn parse_file(source: &SourceFile, ctx: &ParseContext) -> ParsedFile {
    match &source.kind {
        SourceKind::News => {
            let parsed = parse_news(source, ctx);
            ParsedFile::News(Parsed {
                item: parsed.item.map(Arc::new),
                diagnostics: parsed.diagnostics,
            })
        }
        SourceKind::Procedure => ParsedFile::Procedure(parse_procedure(source, ctx)),
        SourceKind::InspectionPlan => ParsedFile::Plan(parse_plan(source, ctx)),
        SourceKind::Page => ParsedFile::Page(parse_page(source, ctx)),
        SourceKind::SectionIndex { section } => {
            ParsedFile::Intro(section.clone(), parse_intro(source, ctx))
        }
        SourceKind::DocumentRegistry => ParsedFile::Registry(parse_registry(source, ctx)),
        SourceKind::IndexYear { index } => {
            ParsedFile::IndexYear(parse_index_year(source, ctx, index))
        }
    }
}

/// Sorts parsed files into the lists of `ParsedContent`, keeping their order.
pub fn gather(files: impl IntoIterator<Item = ParsedFile>) -> (ParsedContent, Vec<Diagnostic>) {
    let mut content = ParsedContent::default();
    let mut diagnostics = Vec::new();
    let mut intros = BTreeMap::new();
    for file in files {
        diagnostics.extend_from_slice(file.diagnostics());
        match file {
            ParsedFile::News(p) => content.news.extend(p.item),
            ParsedFile::Procedure(p) => content.procedures.extend(p.item),
            ParsedFile::Plan(p) => content.plans.extend(p.item),
            ParsedFile::Page(p) => content.pages.extend(p.item),
            ParsedFile::Intro(section, p)
                if p.item
                    .as_ref()
                    .is_some_and(|i| i.origin.translation_of.is_some()) =>
            {
                content
                    .translated_intros
                    .extend(p.item.map(|i| (section, i)));
            }
            ParsedFile::Intro(None, p) => {
                if let Some(intro) = p.item {
                    content.home = Some(intro);
                }
            }
            ParsedFile::Intro(Some(section), p) => {
                if let Some(intro) = p.item {
                    intros.insert(section, intro);
                }
            }
            ParsedFile::Registry(p) => {
                if let Some(registry) = p.item {
                    content.registry = registry;
                }
            }
            ParsedFile::IndexYear(p) => content.indices.extend(p.item),
        }
    }
    content.intros = intros;
    (content, diagnostics)
}
