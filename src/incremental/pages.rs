//! The render step of a rebuild: every page whose digest differs from the
//! last build's, or, when only bodies changed, the pages that show them.

use std::path::Path;

use rustc_hash::{FxHashMap, FxHasher};

use super::{internal, LastGood, RebuildStats, Rebuilder};
use crate::build;
use crate::error::Failure;
use crate::feeds;
use crate::model::Portal;
use crate::output::{Content, OutputTree};
use crate::render::{self, theme::Theme, KeepInMemory, Plan};
use crate::timings::SlowPages;

impl Rebuilder {
    /// Every page whose digest differs from the last build's rendered, the
    /// others kept; feeds and the sitemap (kept when its entries are too),
    /// which is made beside the pages.
    pub(super) fn render(
        &self,
        portal: &Portal,
        themes: &[Theme],
        stats: &mut RebuildStats,
    ) -> Result<(OutputTree, u64, FxHashMap<String, u64>), Failure> {
        let plans = render::plan_portal(portal, themes);
        let last = self.last.as_ref();
        let timings = self.options.timings;
        let (pages, (sitemap, sitemap_file)) = rayon::join(
            || render_languages(portal, themes, &plans, last, timings, stats),
            || sitemap_of(&plans, last),
        );
        let (mut tree, digests) = pages?;
        tree.files.insert(feeds::SITEMAP.into(), sitemap_file);
        Ok((tree, sitemap, digests))
    }

    /// The last build's files and `digests`, with the pages that show the
    /// bodies of `files` rendered afresh.
    pub(super) fn render_bodies(
        &self,
        portal: &Portal,
        themes: &[Theme],
        files: &[&Path],
        mut digests: FxHashMap<String, u64>,
        stats: &mut RebuildStats,
    ) -> Result<(OutputTree, FxHashMap<String, u64>), Failure> {
        let Some(last) = self.last.as_ref() else {
            return Err(internal("bodies were replaced without a last build"));
        };
        let plans = render::plan_item_pages(portal, themes, files);
        let mut tree = OutputTree {
            files: last.tree.files.clone(),
        };
        stats.rendered = 0;
        for ((site, theme), plan) in portal.sites().iter().zip(themes).zip(&plans) {
            let rendered = render::render_pages(site, theme, plan, &|_| None, &KeepInMemory)
                .map_err(Failure::Content)?;
            stats.rendered += rendered.len();
            tree.files.extend(rendered);
            digests.extend(plan.digest_entries());
        }
        stats.kept = digests.len() - stats.rendered;
        Ok((tree, digests))
    }
}

/// Debug builds (every test) check that rendering only the pages that show
/// a body left no other page's digest behind the full plan's.
#[cfg(debug_assertions)]
pub(super) fn same_digests_as_a_full_plan(
    portal: &Portal,
    themes: &[Theme],
    digests: &FxHashMap<String, u64>,
) -> Result<(), Failure> {
    let full: FxHashMap<String, u64> = render::plan_portal(portal, themes)
        .iter()
        .flat_map(|plan| plan.digests())
        .collect();
    let mut stale: Vec<&String> = full
        .iter()
        .filter(|(file, digest)| digests.get(*file) != Some(digest))
        .map(|(file, _)| file)
        .collect();
    stale.extend(digests.keys().filter(|file| !full.contains_key(*file)));
    if stale.is_empty() {
        return Ok(());
    }
    stale.sort();
    Err(internal(&format!(
        "a body edit left pages the full plan would render: {stale:?}"
    )))
}

/// Each language's pages rendered when their digest differs from the last
/// build's (the others kept), with its feeds; and every page's digest.
fn render_languages(
    portal: &Portal,
    themes: &[Theme],
    plans: &[Plan],
    last: Option<&LastGood>,
    timings: bool,
    stats: &mut RebuildStats,
) -> Result<(OutputTree, FxHashMap<String, u64>), Failure> {
    let keep = |page: &render::Planned| -> Option<Content> {
        let last = last?;
        let digest = page.digest?;
        if last.digests.get(&page.file) != Some(&digest) {
            return None;
        }
        last.tree.files.get(&page.file).cloned()
    };
    let mut tree = OutputTree::default();
    let capacity = last.map_or(0, |last| last.digests.len());
    let mut digests = FxHashMap::with_capacity_and_hasher(capacity, Default::default());
    (stats.rendered, stats.kept) = (0, 0);
    let mut errors = Vec::new();
    for ((site, theme), plan) in portal.sites().iter().zip(themes).zip(plans) {
        let slow = SlowPages::new(timings);
        let rendered = match render::render_plan(site, theme, plan, &keep, &KeepInMemory, slow) {
            Ok(rendered) => rendered,
            Err(found) => {
                errors.extend(found);
                continue;
            }
        };
        stats.rendered += rendered.rendered;
        stats.kept += rendered.kept;
        let mut files = rendered.tree.files;
        tree.files.append(&mut files);
        tree.nest(&site.config().folder(), feeds::feeds(site));
        digests.extend(plan.digest_entries());
    }
    if !errors.is_empty() {
        return Err(Failure::Content(errors));
    }
    stats.full = stats.kept == 0;
    Ok((tree, digests))
}

/// The sitemap's digest and file: the last build's when its entries are
/// the same.
fn sitemap_of(plans: &[Plan], last: Option<&LastGood>) -> (u64, Content) {
    let digest = sitemap_digest(plans);
    let kept = last
        .filter(|last| last.sitemap == digest)
        .and_then(|last| last.tree.files.get(feeds::SITEMAP));
    let file = match kept {
        Some(content) => content.clone(),
        None => Content::Bytes(build::sitemap(plans).into_bytes()),
    };
    (digest, file)
}

/// The sitemap's entries in every language, hashed.
fn sitemap_digest(plans: &[Plan]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = FxHasher::default();
    for plan in plans {
        plan.base_url.hash(&mut h);
        for entry in plan.sitemap_entries() {
            entry.hash(&mut h);
        }
    }
    h.finish()
}
