//! The commonest save while writing: an edit of news bodies and nothing else
//! of them. Only their pages are rendered; the site is not assembled again.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::cache::ParseCache;
use super::later::{self, Later};
use super::{InPlace, LastGood, RebuildStats};
use crate::build::{self, PageLink, ParsedFile};
use crate::error::{sort_diagnostics, Diagnostic};
use crate::load::FoundFile;
use crate::output::{Content, OutputTree};
use crate::render::{self, theme::Theme};

/// `None` when the files parsed afresh since `last` (`pending`) are not all
/// published news items whose edit left everything but the body alone, or
/// have errors: the caller then rebuilds in full.
pub(super) fn rebuild(
    last: &mut LastGood,
    cache: &ParseCache,
    found: &[FoundFile],
    pending: &[OsString],
    theme: &Theme,
    now: DateTime<Utc>,
    stats: &mut RebuildStats,
) -> Option<InPlace> {
    // A scheduled item whose time came changes lists, not just bodies.
    if last.next_due.is_some_and(|due| now >= due) {
        return None;
    }
    let mut items = Vec::with_capacity(pending.len());
    for key in pending {
        let now = cache.state(key)?;
        let before = last.shape.source(key)?;
        if now.outside_body.is_none()
            || now.outside_body != before.outside_body
            || !last.shape.is_published_news(key)
        {
            return None;
        }
        let ParsedFile::News(parsed) = cache.parsed(key)? else {
            return None;
        };
        if parsed.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        items.push(parsed.item.as_ref()?);
    }
    // The site is the last good one: it differs from the current sources only
    // in the bodies of items like these, which no other page shows.
    let plain: Vec<&crate::model::NewsItem> = items.iter().map(|item| item.as_ref()).collect();
    let pages = render::render_news_items(&last.site, theme, &plain).ok()?;
    let rendered = pages.len();
    let mut files = last.tree.files.clone();
    for (path, html) in pages {
        files.insert(path, Content::Shared(Arc::new(html.into_bytes())));
    }
    let tree = Arc::new(OutputTree { files });

    let edited: HashSet<PathBuf> = items.iter().map(|i| i.origin.file.clone()).collect();
    let links: Vec<PageLink> = items
        .iter()
        .flat_map(|i| build::news_item_links(i))
        .collect();
    let base = last.site.config.base_url.clone();
    let mut warnings = last.site_warnings.clone();
    warnings.extend(cache.diagnostics(found));
    let later = match &last.later {
        Some(previous) => Some(Later::after_body_edit(
            Arc::clone(previous),
            Arc::clone(&tree),
            base,
            edited,
            links,
        )),
        None => {
            let mut link_warnings: Vec<Diagnostic> = last
                .link_warnings
                .iter()
                .filter(|d| !edited.contains(&d.path))
                .cloned()
                .collect();
            link_warnings.extend(later::link_warnings(&base, &links, &tree));
            warnings.extend(link_warnings.iter().cloned());
            last.link_warnings = link_warnings;
            None
        }
    };
    sort_diagnostics(&mut warnings);

    for key in pending {
        if let Some(state) = cache.state(key) {
            last.shape.set_source(key, state);
        }
    }
    // Keep the last site current for the next item edit, which renders lists
    // and the search index from it.
    match Arc::get_mut(&mut last.site) {
        Some(site) => {
            for (key, item) in pending.iter().zip(&items) {
                if let Some(position) = last.shape.news_position(key) {
                    site.news[position] = (*item).clone();
                }
            }
        }
        None => last.stale_bodies.extend(pending.iter().cloned()),
    }
    let pages_now = tree.files.keys().filter(|k| k.ends_with(".html")).count();
    last.tree = Arc::clone(&tree);
    last.later = later.clone();
    stats.full = false;
    stats.way = super::Way::Bodies;
    stats.rendered = rendered;
    stats.kept = pages_now.saturating_sub(rendered);
    Some(InPlace {
        tree,
        later,
        warnings,
    })
}
