//! Rebuilds for `serve`: the pipeline of `build`, keeping parsed files, the
//! theme, the last site and its pages between runs. A rebuild asks the plan
//! of pages which pages differ from the last build's and renders those; it
//! holds no copy of a rule of which page shows what. It writes nothing.

mod cache;
mod later;
mod pages;
mod pictures;
mod record;
mod walk;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rustc_hash::FxHasher;

use crate::build::{self, BuildOptions};
use crate::config::SiteConfig;
use crate::error::{diagnostic_order, sort_diagnostics, BuildError, Diagnostic, Failure};
use crate::load;
use crate::model::{NewsItem, ParsedContent, Portal, Publication};
use crate::output::OutputTree;
use crate::parse::{self, ParseContext, ParsedFile};
use crate::render::theme::Theme;
use crate::render::PlanMemo;
use cache::ParseCache;
use later::Background;
pub use later::{Later, Priority};
pub use pictures::PictureJob;
use pictures::ServePictures;
use record::LastPages;
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
    /// Pictures shown as their originals, to resize in the background
    /// (then the files in `PictureJob::files` are to be rebuilt).
    pub pictures: Option<PictureJob>,
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

/// How a rebuild came by its site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Way {
    /// Only the bodies of published news items changed: the last site took
    /// the new items as they are (`Site::replace_bodies`), and only the
    /// pages that show a body (`render::plan_item_pages`) were planned.
    Bodies,
    /// Only published news items changed, and they kept their URLs and
    /// citations: the last site was patched in place (`Site::update_news`).
    Patched,
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
    /// Every page was rendered (first build, a setting or the theme changed).
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

/// The last good build: what the next rebuild starts from.
struct LastGood {
    /// Shared with the follow-ups still being made from it; an edit patches
    /// a copy of the site it changes when they hold it.
    portal: Portal,
    tree: Arc<OutputTree>,
    /// Each page of `tree` with its digest, in plan order (see
    /// `render::Planned::digest`).
    pages: LastPages,
    /// The sitemap's entries, hashed: an equal hash keeps the sitemap.
    sitemap: u64,
    /// Findings not from reading or parsing one file: site.yaml, the walk,
    /// assembling the site.
    site_warnings: Vec<Diagnostic>,
    config: SiteConfig,
    /// `theme_fingerprint` of the site's theme files.
    theme: u64,
    /// When the next scheduled item (or page) is due: then lists change.
    next_due: Option<DateTime<Utc>>,
}

/// Owns everything kept between rebuilds; `rebuild` gives what `build` would write.
pub struct Rebuilder {
    options: BuildOptions,
    /// Set: open data and the search index are made after the pages, on
    /// `background`, and served when ready.
    background: Option<Background>,
    cache: ParseCache,
    walk: Option<LastWalk>,
    /// The theme in each language, with what it was loaded from: the
    /// site's theme files, the theme's name, the words it was given.
    theme: Option<(ThemeKey, Arc<[Theme]>)>,
    last: Option<LastGood>,
    /// Files parsed afresh since the last good build (a failed one in between
    /// may have parsed some): what that build's site may lack.
    pending: HashSet<OsString>,
    /// Pictures: shown as originals until resized in the background.
    pictures: ServePictures,
    /// What site.yaml, the site's texts and theme files said when last read:
    /// reused while the watcher names only content files.
    settings: Option<Settings>,
    /// What the plans made of each news item, for the next plan (see
    /// `render::memo`): kept through failed rebuilds, as it is keyed by
    /// what it was made from.
    memo: PlanMemo,
}

/// The settings as read: site.yaml (with the site's texts) and the
/// fingerprint of the site's theme files.
#[derive(Clone)]
struct Settings {
    config: Option<SiteConfig>,
    diagnostics: Vec<Diagnostic>,
    theme: u64,
}

/// What a theme is loaded from: the site's theme files (their fingerprint),
/// its name, the words it was given.
type ThemeKey = (u64, String, Vec<crate::config::Language>);

/// What the first steps of a rebuild found.
struct Refreshed {
    config: Option<SiteConfig>,
    diagnostics: Vec<Diagnostic>,
    now: DateTime<Utc>,
    /// content/ has the same files as at the last walk.
    same_walk: bool,
    theme: u64,
}

impl Rebuilder {
    /// Each rebuild asks `options.clock`, so scheduled items appear when
    /// their time comes.
    pub fn new(options: BuildOptions) -> Self {
        Rebuilder {
            options,
            background: None,
            cache: ParseCache::default(),
            walk: None,
            theme: None,
            last: None,
            pending: HashSet::new(),
            pictures: ServePictures::default(),
            settings: None,
            memo: PlanMemo::default(),
        }
    }

    /// Serves pages before the open data is made (see `Rebuilt::later`),
    /// which is made on threads of their own at `priority`.
    pub fn with_open_data_later(mut self, priority: Priority) -> Self {
        self.background = Some(Background::new(priority));
        self
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The sites of the last good build, as the rebuilder keeps them.
    pub fn last_portal(&self) -> Option<Portal> {
        self.last.as_ref().map(|last| last.portal.clone())
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
        let mut stats = RebuildStats::default();
        let refreshed = self.refresh(changed, &mut stats)?;
        stats.lap("read and parse", &mut lap);
        let theme = refreshed
            .config
            .as_ref()
            .map(|c| self.theme_for(c, refreshed.theme));
        let edits = self.edits_in_place(&refreshed);
        if let (Some(edits), Some(Ok(theme))) = (&edits, &theme) {
            if let Some(bodies) = self.bodies_only(edits, theme, &mut stats, &mut lap)? {
                stats.way = Way::Bodies;
                return Ok(self.finish(bodies, &refreshed, stats, started, lap));
            }
        }
        let patched = edits.and_then(|edits| self.patch_in_place(&refreshed, &edits));
        let now = match patched {
            Some(patched) => {
                stats.way = Way::Patched;
                patched
            }
            None => self.assemble(&refreshed, theme.as_ref())?,
        };
        stats.lap("site", &mut lap);
        let Some(Ok(theme)) = theme else {
            return Err(internal("a site was made without its theme"));
        };
        let (tree, sitemap, pages) = self.render(&now.portal, &theme, &mut stats, &mut lap)?;
        let made = Made {
            now,
            tree,
            sitemap,
            pages,
        };
        Ok(self.finish(made, &refreshed, stats, started, lap))
    }

    /// Keeps what a rebuild made, and says what it took.
    fn finish(
        &mut self,
        made: Made,
        refreshed: &Refreshed,
        mut stats: RebuildStats,
        started: Instant,
        mut lap: Instant,
    ) -> Rebuilt {
        let Made {
            now,
            tree,
            sitemap,
            pages,
        } = made;
        let rebuilt = self.keep(now, tree, sitemap, pages, refreshed);
        stats.lap("keep for next time", &mut lap);
        stats.elapsed = started.elapsed();
        let found = self.walk.as_ref().map(|w| w.found.files.as_slice());
        let pictures = self.pictures.job(found.unwrap_or_default());
        Rebuilt {
            stats,
            pictures,
            ..rebuilt
        }
    }

    /// Reads site.yaml, walks content/ (unless the watcher named only known
    /// files) and brings the parse cache up to date.
    fn refresh(
        &mut self,
        changed: Option<&[PathBuf]>,
        stats: &mut RebuildStats,
    ) -> Result<Refreshed, Failure> {
        let edited = changed.and_then(|changed| {
            let walk = self.walk.as_ref()?;
            walk.edited_sources(&self.options.root, changed)
        });
        let Settings {
            config,
            diagnostics,
            theme,
        } = self.settings(edited.is_some());
        let root = &self.options.root;
        let previous_walk = self.walk.take();
        let (walk, same_walk) = match (&edited, previous_walk) {
            (Some(_), Some(walk)) => (walk, true),
            (_, previous) => {
                stats.walked = true;
                let translations = config.as_ref().map(SiteConfig::translations);
                let langs = translations.as_deref().unwrap_or(&[]);
                let walk = LastWalk::new(root, load::find_content(root, langs)?);
                let same = previous.is_some_and(|p| p.same_as(&walk));
                (walk, same)
            }
        };
        let ctx = ParseContext {
            pictures: Some(self.pictures.publisher(root, config.as_ref())),
            ..ParseContext::of(config.as_ref())
        };
        self.cache.forget(self.pictures.take_reparse());
        let found = &self.walk.insert(walk).found;
        let reparsed = self.cache.update(&found.files, &ctx, edited.as_ref())?;
        stats.parsed = reparsed.len();
        self.pending.extend(reparsed);
        Ok(Refreshed {
            config,
            diagnostics,
            now: self.options.clock.now(),
            same_walk,
            theme,
        })
    }

    /// The settings as last read when `unchanged` (the watcher named only
    /// content files, so neither site.yaml, the site's texts nor a theme file
    /// changed), else read again.
    fn settings(&mut self, unchanged: bool) -> Settings {
        match &self.settings {
            Some(settings) if unchanged => settings.clone(),
            _ => {
                let (config, diagnostics) = build::configure(&self.options);
                let theme = theme_fingerprint(&self.options.root);
                let settings = Settings {
                    config,
                    diagnostics,
                    theme,
                };
                self.settings.insert(settings).clone()
            }
        }
    }

    fn publication(&self, now: DateTime<Utc>) -> Publication {
        Publication {
            drafts: self.options.drafts,
            now,
        }
    }

    /// The edits of published news items, by language (position in the
    /// last site, item as parsed now), when nothing else changed since the
    /// last good build; else `None`, and the site is assembled again.
    fn edits_in_place(&self, now: &Refreshed) -> Option<Edits> {
        let last = self.last.as_ref()?;
        let same_settings = now.config.as_ref() == Some(&last.config)
            && now.diagnostics.is_empty()
            && now.theme == last.theme;
        // A scheduled item whose time came changes lists.
        let due = last.next_due.is_some_and(|due| now.now >= due);
        if !same_settings || !now.same_walk || due {
            return None;
        }
        // Each language's site, with the edits of its files.
        let mut edits: Vec<Vec<(usize, Arc<NewsItem>)>> =
            vec![Vec::new(); last.portal.sites().len()];
        for key in &self.pending {
            let item = published_parse(&self.cache, key)?;
            let (lang, position) = last
                .portal
                .sites()
                .iter()
                .enumerate()
                .find_map(|(lang, site)| Some((lang, site.news_position(Path::new(key))?)))?;
            // An item that moved to another language is not patched.
            if last.portal.sites()[lang].config().language != item.origin.lang {
                return None;
            }
            edits[lang].push((position, Arc::clone(item)));
        }
        Some(edits)
    }

    /// The last site with the edited news items put in their places (see
    /// `Site::update_news`); `None` when an edit changes more than places.
    fn patch_in_place(&self, now: &Refreshed, edits: &Edits) -> Option<SiteNow> {
        let last = self.last.as_ref()?;
        // The follow-ups of the last build may still hold the sites: then a
        // copy (items shared) of each site edited is patched.
        let mut portal = last.portal.clone();
        for (lang, edits) in edits.iter().enumerate().filter(|(_, e)| !e.is_empty()) {
            portal
                .site_mut_at(lang)?
                .update_news(edits, self.publication(now.now))?;
        }
        self.patched(portal)
    }

    /// The site step's findings for a last site patched with edits.
    fn patched(&self, portal: Portal) -> Option<SiteNow> {
        let last = self.last.as_ref()?;
        let mut warnings = last.site_warnings.clone();
        warnings.extend(self.cache.diagnostics());
        warnings.extend(crate::model::languages::stale_translations(&portal));
        Some(SiteNow {
            portal,
            warnings,
            site_warnings: last.site_warnings.clone(),
            next_due: last.next_due,
        })
    }

    /// When every edit changed an item's body alone: the last site with the
    /// new items, the pages that show their bodies rendered and every other
    /// file kept. `Ok(None)` when an edit changed more.
    fn bodies_only(
        &mut self,
        edits: &Edits,
        themes: &[Theme],
        stats: &mut RebuildStats,
        lap: &mut Instant,
    ) -> Result<Option<Made>, Failure> {
        let Some(last) = self.last.as_ref() else {
            return Ok(None);
        };
        // A body rebuild that failed took the record with it: every page is
        // planned again, and rendered where it has no record.
        if last.pages.is_empty() {
            return Ok(None);
        }
        let sitemap = last.sitemap;
        let mut portal = last.portal.clone();
        for (lang, edits) in edits.iter().enumerate().filter(|(_, e)| !e.is_empty()) {
            let replaced = portal
                .site_mut_at(lang)
                .and_then(|site| site.replace_bodies(edits));
            if replaced.is_none() {
                return Ok(None);
            }
        }
        let Some(site_now) = self.patched(portal) else {
            return Ok(None);
        };
        stats.lap("site", lap);
        let files: Vec<&Path> = edits
            .iter()
            .flatten()
            .map(|(_, item)| item.origin.file.as_path())
            .collect();
        // The last build's record becomes this one's: taken, not copied (a
        // failure below leaves none, and the next rebuild renders every page).
        let last_pages = self
            .last
            .as_mut()
            .map(|last| std::mem::take(&mut last.pages))
            .unwrap_or_default();
        let (tree, record) =
            self.render_bodies(&site_now.portal, themes, &files, last_pages, stats)?;
        #[cfg(debug_assertions)]
        pages::same_digests_as_a_full_plan(&site_now.portal, themes, &record)?;
        stats.lap("render", lap);
        Ok(Some(Made {
            now: site_now,
            tree,
            sitemap,
            pages: record,
        }))
    }

    /// The site assembled from every parsed file (`theme`: its errors are
    /// reported with the content's).
    fn assemble(
        &self,
        now: &Refreshed,
        theme: Option<&Result<Arc<[Theme]>, Vec<Diagnostic>>>,
    ) -> Result<SiteNow, Failure> {
        let Some(walk) = &self.walk else {
            return Err(internal(
                "the site was assembled before content/ was walked",
            ));
        };
        let found = &walk.found;
        let (files, unreadable) = self.cache.snapshot(&found.files);
        let mut diagnostics = now.diagnostics.clone();
        diagnostics.extend(found.diagnostics.iter().cloned());
        diagnostics.extend(unreadable);
        let (content, parse_diagnostics) = parse::gather(files);
        diagnostics.extend(parse_diagnostics);
        if let Some(Err(errors)) = theme {
            diagnostics.extend(errors.iter().cloned());
        }
        let publication = self.publication(now.now);
        let next_due = next_due(&content, publication);
        let (portal, mut warnings) =
            build::assemble(now.config.clone(), content, diagnostics, publication)?;
        sort_diagnostics(&mut warnings);
        let site_warnings = without(warnings.clone(), self.cache.diagnostics());
        warnings.extend(crate::model::languages::stale_translations(&portal));
        Ok(SiteNow {
            portal,
            warnings,
            site_warnings,
            next_due,
        })
    }

    /// The theme in each language, loaded again only when its files or the
    /// site's words changed.
    fn theme_for(
        &mut self,
        config: &SiteConfig,
        fingerprint: u64,
    ) -> Result<Arc<[Theme]>, Vec<Diagnostic>> {
        let key = (fingerprint, config.theme.clone(), config.languages.clone());
        if let Some((cached, themes)) = &self.theme {
            if *cached == key {
                return Ok(Arc::clone(themes));
            }
        }
        let themes: Arc<[Theme]> = build::load_themes(&self.options.root, config)?.into();
        self.theme = Some((key, Arc::clone(&themes)));
        Ok(themes)
    }

    /// Makes the open data now or later, and keeps this build as the base
    /// of the next.
    fn keep(
        &mut self,
        now: SiteNow,
        mut tree: OutputTree,
        sitemap: u64,
        pages: LastPages,
        refreshed: &Refreshed,
    ) -> Rebuilt {
        let SiteNow {
            portal,
            mut warnings,
            site_warnings,
            next_due,
        } = now;
        if self.background.is_none() {
            tree.files
                .extend(build::follow_ups(&portal, &crate::output::InMemory).files);
            let links = build::portal_links(&portal);
            let root = &portal.default_site().config().root_url;
            warnings.extend(later::link_warnings(root, &links, &tree));
        }
        sort_diagnostics(&mut warnings);
        let tree = Arc::new(tree.into_shared());
        let later = self
            .background
            .as_ref()
            .map(|background| Later::after(portal.clone(), Arc::clone(&tree), background));
        let config = (*now_config(&portal)).clone();
        let previous = self.last.replace(LastGood {
            portal,
            tree: Arc::clone(&tree),
            pages,
            sitemap,
            site_warnings,
            config,
            theme: refreshed.theme,
            next_due,
        });
        self.pending.clear();
        // Freeing a large site's many small strings takes longer than most
        // rebuilds; the reload need not wait for it.
        std::thread::spawn(move || drop(previous));
        Rebuilt {
            tree,
            later,
            warnings,
            stats: RebuildStats::default(),
            pictures: None,
        }
    }
}

/// Each language's edits: (position in the last site, item as parsed now).
type Edits = Vec<Vec<(usize, Arc<NewsItem>)>>;

/// A rebuild's site and pages, to keep for the next one.
struct Made {
    now: SiteNow,
    tree: OutputTree,
    /// The sitemap's entries, hashed.
    sitemap: u64,
    pages: LastPages,
}

/// The settings the portal was made with (those of its default language).
fn now_config(portal: &Portal) -> &SiteConfig {
    portal.default_site().config()
}

/// What the site step of a rebuild gives.
struct SiteNow {
    portal: Portal,
    /// Every finding so far (warnings only).
    warnings: Vec<Diagnostic>,
    /// Those not from reading or parsing one file (site.yaml, the walk,
    /// assembling): an in-place patch keeps them.
    site_warnings: Vec<Diagnostic>,
    next_due: Option<DateTime<Utc>>,
}

/// A published news file's item as parsed now, unless its parse has errors.
fn published_parse<'c>(cache: &'c ParseCache, key: &OsString) -> Option<&'c Arc<NewsItem>> {
    let ParsedFile::News(parsed) = cache.parsed(key)? else {
        return None;
    };
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    parsed.item.as_ref()
}

/// The earliest publication time of the scheduled items and pages that a
/// build at `publication.now` leaves out.
fn next_due(content: &ParsedContent, publication: Publication) -> Option<DateTime<Utc>> {
    if publication.drafts {
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
    news.chain(pages).filter(|d| *d > publication.now).min()
}

/// `all` without one copy of each of `some` (both sorted here).
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

fn internal(message: &str) -> Failure {
    Failure::Internal(BuildError::other(format!("internal error: {message}")))
}

/// Every file of the site's own themes: templates are few and small.
fn theme_fingerprint(root: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = FxHasher::default();
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
