//! The next commonest saves: an edit of news titles or summaries (and
//! bodies) that leaves every item where it was listed, and an edit that moves
//! items in the lists (a new date, tags, agency, inspection, outcomes) but
//! keeps their URL and citations. The last site is patched in place, so
//! nothing is copied out of the cache and nothing assembled again; then the
//! pages that show the items are rendered as after a full rebuild.

use std::ffi::{OsStr, OsString};
use std::sync::Arc;

use super::cache::ParseCache;
use super::reuse::Reuse;
use super::{Edited, InPlace, LastGood, RebuildStats};
use crate::error::Diagnostic;
use crate::feeds as xml;
use crate::model::moves;
use crate::model::site::Site;
use crate::model::NewsItem;
use crate::parse::ParsedFile;
use crate::render;

/// `None` when the files parsed afresh since `last` are not all published
/// news items that stay published with the same URL and citations (see
/// `moves::move_news`), or have errors: the caller then rebuilds in full.
pub(super) fn rebuild(
    last: &mut LastGood,
    now: &Edited,
    stats: &mut RebuildStats,
) -> Option<InPlace> {
    let Edited {
        cache,
        pending,
        theme,
        drafts,
        ..
    } = *now;
    // A scheduled item whose time came changes lists.
    if last.next_due.is_some_and(|due| now.now >= due) {
        return None;
    }
    let mut edits: Vec<(usize, &Arc<NewsItem>)> = Vec::with_capacity(pending.len());
    let mut moves = false;
    for key in pending {
        let state = cache.state(key)?;
        let before = last.shape.source(key)?;
        state.placement?;
        moves |= state.placement != before.placement;
        edits.push(current_item(last, cache, key)?);
    }
    // The thread making the last build's open data may still hold the site:
    // a copy (items shared) costs less than assembling another.
    let site = Arc::make_mut(&mut last.site);
    let moved = if moves {
        let edits: Vec<(usize, Arc<NewsItem>)> = edits
            .iter()
            .map(|(position, item)| (*position, Arc::clone(item)))
            .collect();
        let shape = &last.shape;
        let position_of = |file: &OsStr| shape.news_position(file);
        Some(moves::move_news(site, &edits, drafts, &position_of)?)
    } else {
        for (position, item) in &edits {
            site.news[*position] = Arc::clone(item);
            // The one copy of a title that assembling makes: the documents'
            // lists of citing pages. Only those the item cites need a look.
            let file = item.origin.file.as_os_str();
            for &document in last.shape.cited_in(file) {
                let citers = &mut site.documents[document].cited_by;
                for citer in citers.iter_mut().filter(|c| c.file == item.origin.file) {
                    citer.title.clone_from(&item.title);
                }
            }
        }
        None
    };

    let site: &Site = site;
    let items: Vec<&NewsItem> = edits.iter().map(|(_, item)| item.as_ref()).collect();
    let placed: Vec<(usize, &NewsItem)> = edits
        .iter()
        .map(|(position, item)| {
            let now = moved.as_ref().map_or(*position, |m| m.remap[*position]);
            (now, item.as_ref())
        })
        .collect();
    let same_pages = moved.as_ref().is_none_or(|m| m.same_pages);
    let reuse = Reuse::for_items(&last.shape, site, &placed, same_pages);
    let rendered = match render::render_keeping(site, theme, &reuse, &last.tree) {
        Ok(rendered) => rendered,
        // The patched site still matches the sources, and the shape and
        // pages are still the last good build's, with the edited files
        // pending: the next rebuild renders every page they differ on.
        Err(_) => return None,
    };
    let mut tree = rendered.tree;
    if let Some(moved) = &moved {
        if same_pages {
            // The same pages, so the sitemap was kept: only dates change.
            let kept = tree.get_text(xml::SITEMAP);
            let redated = kept.and_then(|text| xml::redate_sitemap(text, site, &items));
            match redated {
                Some(text) => tree.add_text(xml::SITEMAP, text),
                None => tree.add_text(xml::SITEMAP, xml::make_sitemap(site, &tree)),
            };
        }
        last.shape.after_moves(site, moved, &items);
    }

    let done = super::finish_in_place(last, tree, now);
    stats.full = false;
    stats.way = if moved.is_some() {
        super::Way::Moves
    } else {
        super::Way::Cards
    };
    stats.rendered = rendered.rendered;
    stats.kept = rendered.kept;
    Some(done)
}

/// A published news file's place in the site and its item as parsed now,
/// unless the parse has errors.
fn current_item<'c>(
    last: &LastGood,
    cache: &'c ParseCache,
    key: &OsString,
) -> Option<(usize, &'c Arc<NewsItem>)> {
    let position = last.shape.news_position(key)?;
    let ParsedFile::News(parsed) = cache.parsed(key)? else {
        return None;
    };
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    Some((position, parsed.item.as_ref()?))
}
