//! Rebuilds for `serve`: the same pipeline as `build`, keeping parsed files,
//! the theme and unchanged pages between runs. It writes nothing to disk.

mod cache;
mod reuse;

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Utc};

use crate::build::{self, BuildOptions};
use crate::error::{sort_diagnostics, Diagnostic, Failure, Severity};
use crate::load;
use crate::output::OutputTree;
use crate::render::{self, theme::Theme};
use cache::{Fingerprint, ParseCache};
use reuse::{Reuse, Shape};

/// A site built in memory, ready to serve.
pub struct Rebuilt {
    /// Shared with the next rebuild, which keeps its unchanged pages.
    pub tree: Arc<OutputTree>,
    pub warnings: Vec<Diagnostic>,
    pub stats: RebuildStats,
}

#[derive(Debug, Clone, Default)]
pub struct RebuildStats {
    /// Files parsed afresh (the others came from the cache).
    pub parsed: usize,
    /// Pages of the large families rendered afresh, and kept.
    pub rendered: usize,
    pub kept: usize,
    /// Every page was rendered (first build, site.yaml, theme or an intro changed).
    pub full: bool,
    pub elapsed: Duration,
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
    clock: fn() -> DateTime<Utc>,
    cache: ParseCache,
    theme: Option<(Fingerprint, String, Arc<Theme>)>,
    last: Option<LastGood>,
}

impl Rebuilder {
    /// `options.now` is ignored: each rebuild asks the clock (or
    /// `SOURCE_DATE_EPOCH`), so scheduled items appear when their time comes.
    pub fn new(options: BuildOptions) -> Self {
        Rebuilder {
            options,
            clock: build::build_time,
            cache: ParseCache::default(),
            theme: None,
            last: None,
        }
    }

    /// Replaces the clock (tests compare with a full build at a fixed time).
    pub fn with_clock(mut self, clock: fn() -> DateTime<Utc>) -> Self {
        self.clock = clock;
        self
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Builds the site again. On failure the previous result stays the base
    /// of the next rebuild, so fixing the error re-renders what changed since.
    pub fn rebuild(&mut self) -> Result<Rebuilt, Failure> {
        let started = Instant::now();
        let options = BuildOptions {
            now: (self.clock)(),
            ..self.options.clone()
        };
        let (config, mut diagnostics) = build::configure(&options);
        let found = load::find_content(&options.root)?;
        diagnostics.extend(found.diagnostics);
        let ctx = build::parse_context(config.as_ref());
        let refreshed = self.cache.refresh(found.files, &ctx)?;
        diagnostics.extend(refreshed.diagnostics);
        let (content, parse_diagnostics) = build::gather(refreshed.files);
        diagnostics.extend(parse_diagnostics);

        let settings = settings_fingerprint(&options);
        let theme_fingerprint = theme_fingerprint(&options.root);
        let year = options.now.year();
        let sources = refreshed.sources;
        let last = self.last.as_ref().filter(|last| {
            last.settings == settings && last.theme == theme_fingerprint && last.year == year
        });
        let theme_slot = &mut self.theme;
        let mut stats = RebuildStats {
            parsed: refreshed.parsed,
            full: true,
            ..RebuildStats::default()
        };
        let built = build::finish(
            &options,
            config,
            content,
            diagnostics,
            |config| cached_theme(theme_slot, &options.root, &config.theme, theme_fingerprint),
            |site, theme| {
                let reuse = last.and_then(|last| {
                    Reuse::new(&last.shape, site, &sources, &last.tree).map(|r| (r, last))
                });
                match reuse {
                    Some((reuse, last)) => {
                        let tree = render::render_keeping(site, theme, &reuse, &last.tree);
                        stats.full = false;
                        stats.kept = reuse.kept.load(Ordering::Relaxed);
                        stats.rendered = reuse.rendered.load(Ordering::Relaxed);
                        tree
                    }
                    None => render::render_site(site, theme),
                }
            },
        )?;
        let mut warnings = built.warnings.clone();
        warnings.extend(build::broken_links(&built).into_iter().map(|mut d| {
            d.severity = Severity::Warning;
            d
        }));
        sort_diagnostics(&mut warnings);
        let tree = Arc::new(built.tree.into_shared());
        self.last = Some(LastGood {
            shape: Shape::of(&built.site, sources),
            tree: Arc::clone(&tree),
            settings,
            theme: theme_fingerprint,
            year,
        });
        stats.elapsed = started.elapsed();
        Ok(Rebuilt {
            tree,
            warnings,
            stats,
        })
    }
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
