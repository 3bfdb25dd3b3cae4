//! The commonest save while writing: an edit of news bodies and nothing else
//! of them. Only their pages are rendered; the site is not assembled again.

use std::sync::Arc;

use super::{Edited, InPlace, LastGood, RebuildStats};
use crate::error::Diagnostic;
use crate::output::{Content, OutputTree};
use crate::parse::ParsedFile;
use crate::render;

/// `None` when the files parsed afresh since `last` (`pending`) are not all
/// published news items whose edit left everything but the body alone, or
/// have errors: the caller then rebuilds in full.
pub(super) fn rebuild(
    last: &mut LastGood,
    now: &Edited,
    stats: &mut RebuildStats,
) -> Option<InPlace> {
    let Edited {
        cache,
        pending,
        theme,
        ..
    } = *now;
    // A scheduled item whose time came changes lists, not just bodies.
    if last.next_due.is_some_and(|due| now.now >= due) {
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

    // The site follows the bodies, for the search index and for the next
    // edit. The thread making the last build's follow-ups may still hold it:
    // then a copy (items shared) is patched.
    let site = Arc::make_mut(&mut last.site);
    for (key, item) in pending.iter().zip(&items) {
        if let Some(position) = last.shape.news_position(key) {
            site.news[position] = Arc::clone(item);
        }
    }
    let done = super::finish_in_place(last, OutputTree { files }, now);
    let pages_now = done
        .tree
        .files
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    stats.full = false;
    stats.way = super::Way::Bodies;
    stats.rendered = rendered;
    stats.kept = pages_now.saturating_sub(rendered);
    Some(done)
}
