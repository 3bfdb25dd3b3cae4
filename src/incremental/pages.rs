//! The render step of a rebuild: every page whose digest differs from the
//! last build's, or, when only bodies changed, the pages that show them.

use std::path::Path;
use std::time::Instant;

use rustc_hash::FxHasher;

use super::record::LastPages;
use super::{internal, LastGood, RebuildStats, Rebuilder};
use crate::build;
use crate::error::Failure;
use crate::feeds;
use crate::model::Portal;
use crate::output::{Content, OutputTree};
use crate::render::{self, theme::Theme, Plan, ShareInMemory};
use crate::timings::SlowPages;

impl Rebuilder {
    /// Every page whose digest differs from the last build's rendered, the
    /// others kept; feeds and the sitemap (kept when its entries are too),
    /// which is made beside the pages.
    pub(super) fn render(
        &mut self,
        portal: &Portal,
        themes: &[Theme],
        stats: &mut RebuildStats,
        lap: &mut Instant,
    ) -> Result<(OutputTree, u64, LastPages), Failure> {
        let plans = render::plan_portal(portal, themes, &mut self.memo);
        stats.lap("plan", lap);
        let last = self.last.as_ref();
        let timings = self.options.timings;
        let (pages, (sitemap, sitemap_file)) = rayon::join(
            || render_languages(portal, themes, &plans, last, timings, stats),
            || sitemap_of(&plans, last),
        );
        let (mut tree, record) = pages?;
        tree.files.insert(feeds::SITEMAP.into(), sitemap_file);
        stats.lap("render", lap);
        Ok((tree, sitemap, record))
    }

    /// The last build's files and `record`, with the pages that show the
    /// bodies of `files` rendered afresh.
    pub(super) fn render_bodies(
        &self,
        portal: &Portal,
        themes: &[Theme],
        files: &[&Path],
        mut record: LastPages,
        stats: &mut RebuildStats,
    ) -> Result<(OutputTree, LastPages), Failure> {
        let Some(last) = self.last.as_ref() else {
            return Err(internal("bodies were replaced without a last build"));
        };
        let plans = render::plan_item_pages(portal, themes, files);
        let mut tree = OutputTree {
            files: last.tree.files.clone(),
        };
        stats.rendered = 0;
        let sites = portal.sites().iter().zip(themes).zip(&plans);
        for (lang, ((site, theme), plan)) in sites.enumerate() {
            let rendered = render::render_pages(site, theme, plan, &|_, _| None, &ShareInMemory)
                .map_err(Failure::Content)?;
            stats.rendered += rendered.len();
            for (page, out) in plan.pages.iter().zip(rendered) {
                if !record.replace(lang, page, out.content.clone()) {
                    return Err(internal(&format!(
                        "the page {} of a body is not in the last build",
                        page.file
                    )));
                }
                tree.files.insert(out.file, out.content);
            }
        }
        stats.kept = record.with_digest() - stats.rendered;
        Ok((tree, record))
    }
}

/// Debug builds (every test) check that rendering only the pages that show
/// a body left no other page's digest behind the full plan's.
#[cfg(debug_assertions)]
pub(super) fn same_digests_as_a_full_plan(
    portal: &Portal,
    themes: &[Theme],
    record: &LastPages,
) -> Result<(), Failure> {
    // A memo of its own: what the rebuild's memo remembered is checked too.
    let plans = render::plan_portal(portal, themes, &mut render::PlanMemo::default());
    let stale: Vec<String> = plans
        .iter()
        .enumerate()
        .flat_map(|(lang, plan)| record.differences(lang, plan))
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    Err(internal(&format!(
        "a body edit left pages the full plan would render: {stale:?}"
    )))
}

/// Each language's pages rendered when their digest differs from the last
/// build's (the others kept), with its feeds; and the record of them all.
fn render_languages(
    portal: &Portal,
    themes: &[Theme],
    plans: &[Plan],
    last: Option<&LastGood>,
    timings: bool,
    stats: &mut RebuildStats,
) -> Result<(OutputTree, LastPages), Failure> {
    let mut tree = OutputTree::default();
    let mut contents = Vec::with_capacity(plans.len());
    (stats.rendered, stats.kept) = (0, 0);
    let mut errors = Vec::new();
    let sites = portal.sites().iter().zip(themes).zip(plans);
    for (lang, ((site, theme), plan)) in sites.enumerate() {
        let keep = |at: usize, page: &render::Planned| last?.pages.kept(lang, at, page);
        let slow = SlowPages::new(timings);
        let (pages, found) = render::render_each(site, theme, plan, &keep, &ShareInMemory, slow);
        contents.push(pages.iter().map(|page| page.content.clone()).collect());
        let rendered = match render::site_tree(site, theme, pages, found) {
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
    }
    if !errors.is_empty() {
        return Err(Failure::Content(errors));
    }
    stats.full = stats.kept == 0;
    Ok((tree, LastPages::record(plans, contents)))
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
