//! A site in several languages: each language its own `Site` (home, lists,
//! taxonomies: an English tag is its own term), made from the files written
//! in it; the documents cited are records every language shares. A site of
//! one language is a portal of one site, built as it always was.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rustc_hash::FxHashMap;

use super::assemble::{assemble, cross_file_errors, Publication};
use super::site::{ParsedContent, Site};
use super::{NewsItem, Sourced};
use crate::config::SiteConfig;
use crate::error::{display_path, Diagnostic, Fix};
use crate::locale::Lang;

/// The site in each of its languages, the default first.
#[derive(Clone)]
pub struct Portal {
    /// Shared with the follow-ups still being made from them; an edit
    /// patches a copy of the one site it changes.
    sites: Vec<Arc<Site>>,
}

/// Another language's version of a page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Alternate {
    pub lang: Lang,
    pub url: String,
}

impl Portal {
    pub fn of(sites: Vec<Arc<Site>>) -> Portal {
        Portal { sites }
    }

    pub fn sites(&self) -> &[Arc<Site>] {
        &self.sites
    }

    /// The site in the default language (a portal always has one).
    pub fn default_site(&self) -> &Site {
        &self.sites[0]
    }

    /// The site at `position` in `sites`, to change in place (copied if shared).
    pub fn site_mut_at(&mut self, position: usize) -> Option<&mut Site> {
        self.sites.get_mut(position).map(Arc::make_mut)
    }
}

/// The `hreflang` of each version, then `x-default` for the first (the
/// default language's, when it has one): what pages and the sitemap both say.
pub fn hreflangs(alternates: &[Alternate]) -> impl Iterator<Item = (&'static str, &str)> {
    alternates
        .iter()
        .map(|a| (a.lang.code(), a.url.as_str()))
        .chain(alternates.first().map(|a| ("x-default", a.url.as_str())))
}

/// Each language's share of the content, in the order of `langs`. The
/// registry of documents goes to every language: records, not pages.
pub fn split_by_language(content: ParsedContent, langs: &[Lang]) -> Vec<ParsedContent> {
    let mut parts: Vec<ParsedContent> = langs
        .iter()
        .map(|_| ParsedContent {
            registry: content.registry.clone(),
            ..ParsedContent::default()
        })
        .collect();
    let place = |lang: Lang| langs.iter().position(|&l| l == lang).unwrap_or(0);
    let ParsedContent {
        home,
        intros,
        translated_intros,
        news,
        procedures,
        plans,
        pages,
        registry: _,
        indices,
    } = content;
    let sections = intros
        .into_iter()
        .map(|(section, intro)| (Some(section), intro));
    for (section, intro) in home
        .map(|h| (None, h))
        .into_iter()
        .chain(sections)
        .chain(translated_intros)
    {
        let part = &mut parts[place(intro.origin.lang)];
        match section {
            None => part.home = Some(intro),
            Some(section) => {
                part.intros.insert(section, intro);
            }
        }
    }
    for item in news {
        parts[place(item.origin.lang)].news.push(item);
    }
    for item in procedures {
        parts[place(item.origin.lang)].procedures.push(item);
    }
    for item in plans {
        parts[place(item.origin.lang)].plans.push(item);
    }
    for item in pages {
        parts[place(item.origin.lang)].pages.push(item);
    }
    for item in indices {
        parts[place(item.origin.lang)].indices.push(item);
    }
    parts
}

/// Every language's site, and every finding; all errors of all languages
/// together when any has one.
pub fn assemble_portal(
    config: SiteConfig,
    content: ParsedContent,
    publication: Publication,
) -> Result<(Portal, Vec<Diagnostic>), Vec<Diagnostic>> {
    let langs: Vec<Lang> = config.languages.iter().map(|l| l.lang).collect();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let mut sites = Vec::with_capacity(langs.len());
    for (lang, part) in langs.iter().zip(split_by_language(content, &langs)) {
        let Some(config) = config.in_language(*lang) else {
            continue;
        };
        match assemble(config, part, publication) {
            Ok((site, found)) => {
                sites.push(Arc::new(site));
                warnings.extend(found);
            }
            Err(found) => errors.extend(found),
        }
    }
    if !errors.is_empty() || sites.is_empty() {
        return Err(dedup(errors));
    }
    Ok((Portal::of(sites), dedup(warnings)))
}

/// `cross_file_errors` of each language's share: two files of one language
/// with one URL clash; a file and its translation do not.
pub fn cross_file_errors_by_language(
    content: &ParsedContent,
    langs: &[Lang],
    publication: Publication,
) -> Vec<Diagnostic> {
    let parts = split_by_language(clone_content(content), langs);
    let errors = parts
        .iter()
        .flat_map(|part| cross_file_errors(part, publication))
        .collect();
    dedup(errors)
}

fn clone_content(content: &ParsedContent) -> ParsedContent {
    ParsedContent {
        home: content.home.clone(),
        intros: content.intros.clone(),
        translated_intros: content.translated_intros.clone(),
        news: content.news.clone(),
        procedures: content.procedures.clone(),
        plans: content.plans.clone(),
        pages: content.pages.clone(),
        registry: content.registry.clone(),
        indices: content.indices.clone(),
    }
}

/// One copy of each finding (the registry's are found once per language).
fn dedup(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    found.retain(|d| seen.insert(d.to_string()));
    found
}

/// A translation older than what it translates (`updated`, else `date`) is
/// a warning on the translation naming both files: readers of the other
/// language may be reading what is no longer so. Content without dates
/// (procedures, plans) says nothing of its age and gets none. Asked of the
/// published portal at every build and rebuild, not kept between them.
pub fn stale_translations(portal: &Portal) -> Vec<Diagnostic> {
    if portal.sites.len() < 2 {
        return Vec::new();
    }
    let sites = || portal.sites.iter();
    let dated = |n: &NewsItem| n.updated.or(Some(n.date));
    // News, most of the files, find their originals by each site's index
    // by file: a table of every original cost more than the rest of a rebuild.
    let news = sites().flat_map(|s| s.news()).filter_map(|n| {
        let original_file = n.origin.translation_of.as_deref()?;
        let original = sites().find_map(|s| Some(&s.news()[s.news_position(original_file)?]))?;
        let original_date = dated(original).filter(|_| original.origin.translation_of.is_none());
        stale(&n.origin, dated(n), original_date)
    });
    let mut warnings: Vec<Diagnostic> = news.collect();
    let pages = sites().flat_map(|s| s.pages().iter().map(|p| (p.origin(), p.updated.or(p.date))));
    let years = sites().flat_map(|s| {
        s.indices()
            .iter()
            .flat_map(|i| i.years.values())
            .map(|y| (y.origin(), y.published))
    });
    warnings.extend(stale_among(pages));
    warnings.extend(stale_among(years));
    warnings
}

type Dated<'a> = (&'a super::Origin, Option<DateTime<FixedOffset>>);

fn stale_among<'a>(items: impl Iterator<Item = Dated<'a>>) -> Vec<Diagnostic> {
    let items: Vec<Dated<'a>> = items.collect();
    let originals: FxHashMap<&Path, Option<DateTime<FixedOffset>>> = items
        .iter()
        .filter(|(origin, _)| origin.translation_of.is_none())
        .map(|(origin, date)| (origin.file.as_path(), *date))
        .collect();
    items
        .iter()
        .filter_map(|(origin, date)| {
            let original = origin.translation_of.as_deref()?;
            stale(origin, *date, *originals.get(original)?)
        })
        .collect()
}

/// The warning on the translation from `origin` when both dates are known
/// and it is older than its original's.
fn stale(
    origin: &super::Origin,
    date: Option<DateTime<FixedOffset>>,
    original_date: Option<DateTime<FixedOffset>>,
) -> Option<Diagnostic> {
    let (date, original_date) = (date?, original_date?);
    let original = origin.translation_of.as_deref()?;
    (date < original_date).then(|| stale_warning(origin, original, &date, &original_date))
}

fn stale_warning(
    origin: &super::Origin,
    original: &Path,
    date: &DateTime<FixedOffset>,
    original_date: &DateTime<FixedOffset>,
) -> Diagnostic {
    Diagnostic::warning(
        &origin.file,
        1,
        Fix::Translation,
        format!(
            "older than {}, which it translates ({} here, {} there): bring the translation up to date and set its `updated`",
            display_path(original),
            date.format("%Y-%m-%d"),
            original_date.format("%Y-%m-%d"),
        ),
    )
}
