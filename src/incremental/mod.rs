//! Rebuilds for `serve`: the same pipeline as `build`, keeping parsed files,
//! the theme and unchanged pages between runs. It writes nothing to disk.

mod body_edit;
mod cache;
mod item_edit;
mod later;
mod reuse;
mod walk;

use std::collections::HashSet;
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Utc};

use crate::build::{self, BuildOptions};
use crate::error::{diagnostic_order, sort_diagnostics, Diagnostic, Failure};
use crate::load::{self, FoundFile};
use crate::model::site::{ParsedContent, Site};
use crate::output::OutputTree;
use crate::render::{self, theme::Theme};
use crate::render::{PageFilter, RenderAll};
use cache::{Fingerprint, ParseCache};
use later::Succession;
pub use later::{run_follow_ups_at_lowest_priority, Later};
use reuse::{Reuse, Shape};
use walk::LastWalk;

/// A site built in memory, ready to serve.
pub struct Rebuilt {
    /// Shared with the next rebuild, which keeps its unchanged pages.
    pub tree: Arc<OutputTree>,
    /// With `with_open_data_later`: the open data, and the link findings
    /// that need it, still being made.
    pub later: Option<Arc<Later>>,
    pub warnings: Vec<Diagnostic>,
    pub stats: RebuildStats,
}

impl Rebuilt {
    /// Everything `build` would write, waiting at most `timeout` for the open data.
    pub fn complete_tree(&self, timeout: Duration) -> Option<OutputTree> {
        match &self.later {
            Some(later) => later.complete(&self.tree, timeout),
            None => Some(OutputTree {
                files: self.tree.files.clone(),
            }),
        }
    }
}

/// How a rebuild went about it, from the cheapest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Way {
    /// Only bodies changed: their pages rendered against the last site. The
    /// search index keeps the old bodies until the next rebuild of another way.
    Bodies,
    /// Only what items' cards show changed: the last site patched in place.
    Cards,
    /// Items changed places in lists (dates, tags, inspections...) but kept
    /// their URLs and citations: the last site patched and re-sorted in place.
    Moves,
    /// The site assembled again from every parsed file.
    #[default]
    Assembled,
}

#[derive(Debug, Clone, Default)]
pub struct RebuildStats {
    pub way: Way,
    /// content/ was walked again (not only the files a watcher named read).
    pub walked: bool,
    /// Files parsed afresh (the others came from the cache).
    pub parsed: usize,
    /// HTML pages rendered afresh, and kept from the last good build.
    pub rendered: usize,
    pub kept: usize,
    /// Every page was rendered (first build, site.yaml, theme or an intro changed).
    pub full: bool,
    pub elapsed: Duration,
    /// Time per stage, in order, for `MINHBACH_TIMINGS=1 minhbach serve`.
    pub phases: Vec<(&'static str, Duration)>,
}

impl RebuildStats {
    fn lap(&mut self, phase: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.phases.push((phase, now - *since));
        *since = now;
    }
}

/// What a rebuild that keeps the last site gives: the pages, the open data
/// to come, the findings.
struct InPlace {
    tree: Arc<OutputTree>,
    later: Option<Arc<Later>>,
    warnings: Vec<Diagnostic>,
}

/// The state of the sources an in-place rebuild reads (`body_edit`,
/// `item_edit`).
struct Edited<'a> {
    cache: &'a ParseCache,
    found: &'a [FoundFile],
    /// Files parsed afresh since the last good build.
    pending: &'a [OsString],
    theme: &'a Theme,
    now: DateTime<Utc>,
    /// As in `Rebuilder`: open data made on a thread after the pages.
    open_data_later: bool,
    /// Drafts and scheduled items are published (`build --drafts`).
    drafts: bool,
    succession: &'a Arc<Succession>,
}

/// The last good build: what the next rebuild compares with and keeps from.
struct LastGood {
    shape: Shape,
    /// Patched in place by edits of bodies and items (see `body_edit`,
    /// `item_edit`), so that they need no new one.
    site: Arc<Site>,
    tree: Arc<OutputTree>,
    later: Option<Arc<Later>>,
    /// Findings not from reading or parsing one file: site.yaml, the walk,
    /// assembling the site.
    site_warnings: Vec<Diagnostic>,
    /// Broken links, when open data is not made later (then they are there).
    link_warnings: Vec<Diagnostic>,
    settings: Fingerprint,
    theme: Fingerprint,
    year: i32,
    /// When the next scheduled item (or page) is due: then lists change.
    next_due: Option<DateTime<Utc>>,
}

/// Owns everything kept between rebuilds; `rebuild` gives what `build` would write.
pub struct Rebuilder {
    options: BuildOptions,
    open_data_later: bool,
    cache: ParseCache,
    walk: Option<LastWalk>,
    theme: Option<(Fingerprint, String, Arc<Theme>)>,
    last: Option<LastGood>,
    /// Files parsed afresh since the last good build (a failed one in between
    /// may have parsed some): what that build's pages may lack.
    pending: HashSet<OsString>,
    succession: Arc<Succession>,
}

impl Rebuilder {
    /// Each rebuild asks `options.clock`, so scheduled items appear when
    /// their time comes.
    pub fn new(options: BuildOptions) -> Self {
        Rebuilder {
            options,
            open_data_later: false,
            cache: ParseCache::default(),
            walk: None,
            theme: None,
            last: None,
            pending: HashSet::new(),
            succession: Arc::default(),
        }
    }

    /// Serves pages before the open data is made (see `Rebuilt::later`).
    pub fn with_open_data_later(mut self) -> Self {
        self.open_data_later = true;
        self
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The site of the last good build, as the rebuilder keeps it.
    pub fn last_site(&self) -> Option<Arc<Site>> {
        self.last.as_ref().map(|last| Arc::clone(&last.site))
    }

    /// Builds the site again, looking at every file. On failure the previous
    /// result stays the base of the next rebuild, so fixing the error
    /// re-renders what changed since.
    pub fn rebuild(&mut self) -> Result<Rebuilt, Failure> {
        self.rebuild_after(None)
    }

    /// Like `rebuild`, told by a file watcher which paths (relative to the
    /// site folder) changed. When they are all edits of files already known,
    /// content/ is not walked again and no other file is looked at.
    pub fn rebuild_changed(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Failure> {
        self.rebuild_after(Some(changed))
    }

    fn rebuild_after(&mut self, changed: Option<&[PathBuf]>) -> Result<Rebuilt, Failure> {
        let started = Instant::now();
        let mut lap = started;
        let mut stats = RebuildStats {
            full: true,
            ..RebuildStats::default()
        };
        let options = self.options.clone();
        let now = options.clock.now();
        let (config, mut diagnostics) = build::configure(&options);
        let root = &options.root;
        let edited = changed.and_then(|changed| {
            self.walk
                .as_ref()
                .and_then(|walk| walk.edited_sources(root, changed))
        });
        let previous_walk = self.walk.take();
        let (walk, same_walk) = match (&edited, previous_walk) {
            (Some(_), Some(walk)) => (walk, true),
            (_, previous) => {
                stats.walked = true;
                let walk = LastWalk::new(root, load::find_content(root)?);
                let same = previous.is_some_and(|p| p.same_as(&walk));
                (walk, same)
            }
        };
        stats.lap("find", &mut lap);
        let ctx = crate::parse::ParseContext::of(config.as_ref());
        let found = &self.walk.insert(walk).found;
        let reparsed = self.cache.update(&found.files, &ctx, edited.as_ref())?;
        stats.parsed = reparsed.len();
        self.pending.extend(reparsed);
        stats.lap("read and parse", &mut lap);

        let settings = settings_fingerprint(&options);
        let theme_fingerprint = theme_fingerprint(&options.root);
        let year = now.year();
        let theme = self
            .theme
            .as_ref()
            .filter(|(fingerprint, _, _)| *fingerprint == theme_fingerprint)
            .map(|(_, _, theme)| Arc::clone(theme));
        let last = self.last.as_mut().filter(|last| {
            last.settings == settings && last.theme == theme_fingerprint && last.year == year
        });
        if let (Some(last), Some(theme), true) = (last, theme, same_walk) {
            let pending: Vec<OsString> = self.pending.iter().cloned().collect();
            let sources = Edited {
                cache: &self.cache,
                found: &found.files,
                pending: &pending,
                theme: &theme,
                now,
                open_data_later: self.open_data_later,
                drafts: options.drafts,
                succession: &self.succession,
            };
            let in_place = body_edit::rebuild(last, &sources, &mut stats)
                .map(|done| (done, "render"))
                .or_else(|| {
                    item_edit::rebuild(last, &sources, &mut stats)
                        .map(|done| (done, "patch and render"))
                });
            if let Some((done, stage)) = in_place {
                self.pending.clear();
                stats.lap(stage, &mut lap);
                stats.elapsed = started.elapsed();
                return Ok(Rebuilt {
                    tree: done.tree,
                    later: done.later,
                    warnings: done.warnings,
                    stats,
                });
            }
        }

        let refreshed = self.cache.snapshot(&found.files);
        let read_and_parse = self.cache.diagnostics(&found.files);
        diagnostics.extend(found.diagnostics.iter().cloned());
        diagnostics.extend(refreshed.diagnostics);
        let (content, parse_diagnostics) = crate::parse::gather(refreshed.files);
        diagnostics.extend(parse_diagnostics);
        let next_due = next_due(&content, &options, now);
        stats.lap("gather", &mut lap);

        let sources = refreshed.sources;
        let last = self.last.as_ref().filter(|last| {
            last.settings == settings && last.theme == theme_fingerprint && last.year == year
        });
        let theme_slot = &mut self.theme;
        let mut render_time = Duration::ZERO;
        let mut next_shape: Option<Shape> = None;
        let mut built = build::finish(
            &options,
            now,
            config,
            content,
            diagnostics,
            |config| cached_theme(theme_slot, &options.root, &config.theme, theme_fingerprint),
            |site, theme| {
                let render_started = Instant::now();
                let reuse = last
                    .and_then(|last| Reuse::new(&last.shape, site, &sources).map(|r| (r, last)));
                let (filter, previous): (&dyn PageFilter, &OutputTree) = match &reuse {
                    Some((reuse, last)) => (reuse, &last.tree),
                    None => (&RenderAll, &NOTHING),
                };
                // The shape the next rebuild compares with is made on the other
                // core: rendering a few pages leaves it idle.
                let (rendered, shape) = rayon::join(
                    || render::render_keeping(site, theme, filter, previous),
                    || Shape::of(site, sources),
                );
                next_shape = Some(shape);
                let tree = rendered.map(|r| {
                    stats.full = reuse.is_none();
                    stats.kept = r.kept;
                    stats.rendered = r.rendered;
                    r.tree
                });
                render_time = render_started.elapsed();
                tree
            },
        )?;
        let finish_time = lap.elapsed();
        stats
            .phases
            .push(("assemble", finish_time.saturating_sub(render_time)));
        stats.phases.push(("render", render_time));
        lap = Instant::now();
        let site_warnings = without(built.warnings.clone(), read_and_parse);
        let mut warnings = built.warnings.clone();
        let mut link_warnings = Vec::new();
        if !self.open_data_later {
            built
                .tree
                .files
                .extend(build::follow_ups(&built.site).files);
            link_warnings = later::link_warnings_of(&built);
            warnings.extend(link_warnings.iter().cloned());
            sort_diagnostics(&mut warnings);
            stats.lap("open data and links", &mut lap);
        }
        let build::Built { site, tree, .. } = built;
        let (site, tree) = (Arc::new(site), Arc::new(tree.into_shared()));
        let later = self.open_data_later.then(|| {
            Later::after_full_build(Arc::clone(&site), Arc::clone(&tree), &self.succession)
        });
        // `finish` returns early unless it rendered, and rendering made the shape.
        let Some(shape) = next_shape else {
            return Err(Failure::Internal(crate::error::BuildError::other(
                "internal error: the site was rendered without its shape",
            )));
        };
        let previous = self.last.replace(LastGood {
            shape,
            site,
            tree: Arc::clone(&tree),
            later: later.clone(),
            site_warnings,
            link_warnings,
            settings,
            theme: theme_fingerprint,
            year,
            next_due,
        });
        self.pending.clear();
        // Freeing a large site's many small strings takes longer than most
        // rebuilds; the reload need not wait for it.
        std::thread::spawn(move || drop(previous));
        stats.lap("keep for next time", &mut lap);
        stats.elapsed = started.elapsed();
        Ok(Rebuilt {
            tree,
            later,
            warnings,
            stats,
        })
    }
}

/// The end of a rebuild that patched the last site in place: its open data
/// (now, or after the reload on another thread), the findings, and the pages
/// and sources kept as the last good build's.
fn finish_in_place(last: &mut LastGood, mut tree: OutputTree, now: &Edited) -> InPlace {
    let mut warnings = last.site_warnings.clone();
    warnings.extend(now.cache.diagnostics(now.found));
    if !now.open_data_later {
        let site = &last.site;
        tree.files.extend(build::follow_ups(site).files);
        let links = crate::links::site_links(site);
        last.link_warnings = later::link_warnings(&site.config.base_url, &links, &tree);
        warnings.extend(last.link_warnings.iter().cloned());
    }
    sort_diagnostics(&mut warnings);
    let tree = Arc::new(tree.into_shared());
    // Titles, dates and bodies are in the open data and the search index:
    // both are made again.
    let later = now.open_data_later.then(|| {
        Later::after_full_build(Arc::clone(&last.site), Arc::clone(&tree), now.succession)
    });
    for key in now.pending {
        if let Some(state) = now.cache.state(key) {
            last.shape.set_source(key, state);
        }
    }
    last.tree = Arc::clone(&tree);
    last.later = later.clone();
    InPlace {
        tree,
        later,
        warnings,
    }
}

/// The earliest publication time of the scheduled items and pages that a
/// rebuild at `now` leaves out.
fn next_due(
    content: &ParsedContent,
    options: &BuildOptions,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if options.drafts {
        return None;
    }
    let news = content
        .news
        .iter()
        .filter(|n| !n.draft)
        .map(|n| n.date.with_timezone(&Utc));
    let pages = content
        .pages
        .iter()
        .filter(|p| !p.draft)
        .filter_map(|p| p.date.map(|d| d.with_timezone(&Utc)));
    news.chain(pages).filter(|d| *d > now).min()
}

/// `all` without one copy of each of `some`.
fn without(mut all: Vec<Diagnostic>, mut some: Vec<Diagnostic>) -> Vec<Diagnostic> {
    sort_diagnostics(&mut all);
    sort_diagnostics(&mut some);
    let mut some = some.into_iter().peekable();
    all.retain(|d| {
        while some
            .peek()
            .is_some_and(|s| diagnostic_order(s, d) == std::cmp::Ordering::Less)
        {
            some.next();
        }
        if some.peek() == Some(d) {
            some.next();
            return false;
        }
        true
    });
    all
}

static NOTHING: OutputTree = OutputTree {
    files: std::collections::BTreeMap::new(),
};

fn cached_theme(
    slot: &mut Option<(Fingerprint, String, Arc<Theme>)>,
    root: &Path,
    name: &str,
    fingerprint: Fingerprint,
) -> Result<Arc<Theme>, Vec<Diagnostic>> {
    if let Some((f, n, theme)) = slot.as_ref() {
        if *f == fingerprint && n == name {
            return Ok(Arc::clone(theme));
        }
    }
    let theme = Arc::new(render::theme::load_theme(root, name)?);
    *slot = Some((fingerprint, name.to_string(), Arc::clone(&theme)));
    Ok(theme)
}

/// site.yaml and the options that reach every page.
fn settings_fingerprint(options: &BuildOptions) -> Fingerprint {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(options.root.join(crate::config::CONFIG_FILE))
        .ok()
        .hash(&mut hasher);
    options.base_url.hash(&mut hasher);
    options.drafts.hash(&mut hasher);
    hasher.finish()
}

/// Every file of the site's own themes: templates are few and small.
fn theme_fingerprint(root: &Path) -> Fingerprint {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let themes = root.join("themes");
    if themes.is_dir() {
        for entry in walkdir::WalkDir::new(&themes)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            entry.path().hash(&mut hasher);
            std::fs::read(entry.path()).ok().hash(&mut hasher);
        }
    }
    hasher.finish()
}
