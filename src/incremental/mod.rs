//! Rebuilds for `serve`: the same pipeline as `build`, keeping parsed files,
//! the theme and unchanged pages between runs. It writes nothing to disk.

mod cache;
mod later;
mod reuse;

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Utc};

use crate::build::{self, BuildOptions};
use crate::error::{sort_diagnostics, Diagnostic, Failure, Severity};
use crate::load;
use crate::output::OutputTree;
use crate::render::{self, theme::Theme};
use crate::render::{PageFilter, RenderAll};
use cache::{Fingerprint, ParseCache};
pub use later::Later;
use reuse::{Reuse, Shape};

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

#[derive(Debug, Clone, Default)]
pub struct RebuildStats {
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

/// The last walk of content/, kept while the watcher reports only edits of
/// files it found.
struct LastWalk {
    found: load::Found,
    /// Disk path relative to the site folder → `rel_path` of the source it
    /// belongs to (`None` for a bundle asset, which is read when served).
    known: HashMap<OsString, Option<OsString>>,
}

impl LastWalk {
    fn new(root: &Path, found: load::Found) -> LastWalk {
        let relative = |disk: &Path| {
            disk.strip_prefix(root)
                .unwrap_or(disk)
                .as_os_str()
                .to_owned()
        };
        let mut known = HashMap::new();
        for file in &found.files {
            known.insert(
                relative(&file.disk_path),
                Some(file.rel_path.clone().into_os_string()),
            );
            for asset in &file.assets {
                known.insert(relative(&asset.disk_path), None);
            }
        }
        LastWalk { found, known }
    }

    /// The sources to re-read, if every changed path is a file this walk found
    /// and still there; `None` when the walk must be done again.
    fn edited_sources(&self, root: &Path, changed: &[PathBuf]) -> Option<HashSet<OsString>> {
        let mut sources = HashSet::new();
        for path in changed {
            let known = self.known.get(path.as_os_str())?;
            if !root.join(path).is_file() {
                return None;
            }
            sources.extend(known.clone());
        }
        Some(sources)
    }
}

struct LastGood {
    shape: Shape,
    tree: Arc<OutputTree>,
    settings: Fingerprint,
    theme: Fingerprint,
    year: i32,
}

/// Owns everything kept between rebuilds; `rebuild` gives what `build` would write.
pub struct Rebuilder {
    options: BuildOptions,
    open_data_later: bool,
    clock: fn() -> DateTime<Utc>,
    cache: ParseCache,
    walk: Option<LastWalk>,
    theme: Option<(Fingerprint, String, Arc<Theme>)>,
    last: Option<LastGood>,
}

impl Rebuilder {
    /// `options.now` is ignored: each rebuild asks the clock (or
    /// `SOURCE_DATE_EPOCH`), so scheduled items appear when their time comes.
    pub fn new(options: BuildOptions) -> Self {
        Rebuilder {
            options,
            open_data_later: false,
            clock: build::build_time,
            cache: ParseCache::default(),
            walk: None,
            theme: None,
            last: None,
        }
    }

    /// Replaces the clock (tests compare with a full build at a fixed time).
    pub fn with_clock(mut self, clock: fn() -> DateTime<Utc>) -> Self {
        self.clock = clock;
        self
    }

    /// Serves pages before the open data is made (see `Rebuilt::later`).
    pub fn with_open_data_later(mut self) -> Self {
        self.open_data_later = true;
        self
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
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
        let options = BuildOptions {
            now: (self.clock)(),
            ..self.options.clone()
        };
        let (config, mut diagnostics) = build::configure(&options);
        let root = &options.root;
        let edited = changed.and_then(|changed| {
            self.walk
                .as_ref()
                .and_then(|walk| walk.edited_sources(root, changed))
        });
        let walk = match (&edited, self.walk.take()) {
            (Some(_), Some(walk)) => walk,
            _ => LastWalk::new(root, load::find_content(root)?),
        };
        diagnostics.extend(walk.found.diagnostics.iter().cloned());
        stats.lap("find", &mut lap);
        let ctx = build::parse_context(config.as_ref());
        let refreshed = self.cache.refresh(&walk.found.files, &ctx, edited.as_ref());
        self.walk = Some(walk);
        let refreshed = refreshed?;
        stats.parsed = refreshed.parsed;
        diagnostics.extend(refreshed.diagnostics);
        stats.lap("read and parse", &mut lap);
        let (content, parse_diagnostics) = build::gather(refreshed.files);
        diagnostics.extend(parse_diagnostics);
        stats.lap("gather", &mut lap);

        let settings = settings_fingerprint(&options);
        let theme_fingerprint = theme_fingerprint(&options.root);
        let year = options.now.year();
        let sources = refreshed.sources;
        let last = self.last.as_ref().filter(|last| {
            last.settings == settings && last.theme == theme_fingerprint && last.year == year
        });
        let theme_slot = &mut self.theme;
        let mut render_time = Duration::ZERO;
        let mut built = build::finish(
            &options,
            config,
            content,
            diagnostics,
            |config| cached_theme(theme_slot, &options.root, &config.theme, theme_fingerprint),
            |site, theme| {
                let render_started = Instant::now();
                let reuse = last.and_then(|last| {
                    Reuse::new(&last.shape, site, &sources, &last.tree).map(|r| (r, last))
                });
                let (filter, previous): (&dyn PageFilter, &OutputTree) = match &reuse {
                    Some((reuse, last)) => (reuse, &last.tree),
                    None => (&RenderAll, &NOTHING),
                };
                let tree = render::render_keeping(site, theme, filter, previous).map(|r| {
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
        let mut warnings = built.warnings.clone();
        if !self.open_data_later {
            built
                .tree
                .files
                .extend(render::open_data(&built.site).files);
            warnings.extend(link_warnings(&built));
            sort_diagnostics(&mut warnings);
            stats.lap("open data and links", &mut lap);
        }
        let build::Built { site, tree, .. } = built;
        let tree = Arc::new(tree.into_shared());
        let previous = self.last.replace(LastGood {
            shape: Shape::of(&site, sources),
            tree: Arc::clone(&tree),
            settings,
            theme: theme_fingerprint,
            year,
        });
        let later = self.open_data_later.then(|| Arc::new(Later::default()));
        let (pages, filling) = (Arc::clone(&tree), later.clone());
        // Freeing a large site's many small strings takes longer than most
        // rebuilds; the reload waits neither for that nor for the open data.
        std::thread::spawn(move || {
            if let Some(later) = filling {
                let data = render::open_data(&site);
                let mut all = OutputTree {
                    files: pages.files.clone(),
                };
                all.files
                    .extend(data.files.iter().map(|(k, v)| (k.clone(), v.clone())));
                let checked = build::Built {
                    site,
                    tree: all,
                    warnings: Vec::new(),
                };
                later.finish(data, link_warnings(&checked));
            }
            drop(previous);
        });
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

static NOTHING: OutputTree = OutputTree {
    files: std::collections::BTreeMap::new(),
};

/// Broken internal links, as warnings: `build` reports them so, `check` as errors.
fn link_warnings(built: &build::Built) -> Vec<Diagnostic> {
    build::broken_links(built)
        .into_iter()
        .map(|mut d| {
            d.severity = Severity::Warning;
            d
        })
        .collect()
}

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
