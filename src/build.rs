//! The stages in one visible order, for `build`, `check` and `serve`:
//! config → load → parse → assemble → render | feeds | open data | search →
//! links → output. Orchestration only: each stage is its own module.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::{self, SiteConfig};
use crate::error::{sort_diagnostics, BuildError, Diagnostic, Failure, Fix, Severity};
use crate::load;
use crate::locale::Texts;
use crate::model::{self, ParsedContent, Portal, Publication};
use crate::output::{FaultPause, FileSink, InMemory, OutputTree, Precompress, Staging};
use crate::parse::{self, ParseContext};
use crate::render::{self, theme::Theme, KeepInMemory, PageSink};
use crate::timings::{SlowPages, Stopwatch};
use crate::{data, feeds, links, search};

/// Where "now" comes from: the clock, or a fixed moment
/// (`SOURCE_DATE_EPOCH`, read by `main`; tests).
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
    /// Asked at every build: a test's clock that moves.
    Calls(fn() -> DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(moment) => moment,
            Clock::Calls(clock) => clock(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `root/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// What counts as "now" for scheduled items.
    pub clock: Clock,
    /// `build --compress`: `.gz` and `.br` beside text files.
    pub precompress: Precompress,
    /// `MINHBACH_TIMINGS`: the time of each stage on stderr.
    pub timings: bool,
    /// A test hook (`MINHBACH_FAULT_PAUSE_*`, see `cli::Environment`): where
    /// `build` pauses so a test can kill it there. `None` in a normal run.
    pub fault: Option<FaultPause>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            clock: Clock::System,
            precompress: Precompress::No,
            timings: false,
            fault: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A built site, still in memory.
pub struct Built {
    /// The site in each of its languages.
    pub portal: Portal,
    pub tree: OutputTree,
    /// Warnings (a built site has no errors).
    pub warnings: Vec<Diagnostic>,
    /// The publisher of the bundles' pictures, with what this build used.
    pub pictures: Option<Arc<parse::Pictures>>,
}

/// Runs every stage but the write. All findings of all files come back at once.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, Failure> {
    let now = options.clock.now();
    let mut built = build_rendering(options, now, |portal, themes| {
        site_files(portal, themes, &KeepInMemory, options.timings)
    })?;
    built
        .tree
        .files
        .extend(follow_ups(&built.portal, &InMemory).files);
    Ok(built)
}

/// Every stage up to rendering, which `render` does.
fn build_rendering(
    options: &BuildOptions,
    now: DateTime<Utc>,
    render: impl FnOnce(&Portal, &[Theme]) -> Result<OutputTree, Vec<Diagnostic>>,
) -> Result<Built, Failure> {
    let mut clock = Stopwatch::new(options.timings);
    let (config, mut diagnostics) = configure(options);
    let translations = config.as_ref().map(SiteConfig::translations);
    let ctx = ParseContext::with_pictures(config.as_ref(), &options.root, parse::Encoding::Now);
    // Each file is parsed as it is read: the model keeps what it needs, and
    // the raw texts go one by one.
    let loaded = load::load_content(
        &options.root,
        translations.as_deref().unwrap_or(&[]),
        |source| parse::parse_file(&source, &ctx),
    )?;
    diagnostics.extend(loaded.diagnostics);
    let (content, parse_diagnostics) = parse::gather(loaded.made);
    clock.lap("load and parse");
    diagnostics.extend(parse_diagnostics);
    let themes = config.as_ref().map(|c| load_themes(&options.root, c));
    if let Some(Err(errors)) = &themes {
        diagnostics.extend(errors.iter().cloned());
    }
    let publication = Publication {
        drafts: options.drafts,
        now,
    };
    let (portal, mut warnings) = assemble(config, content, diagnostics, publication)?;
    warnings.extend(model::languages::stale_translations(&portal));
    clock.lap("assemble");
    let Some(Ok(themes)) = themes else {
        return Err(
            BuildError::other("internal error: a site was assembled without its theme").into(),
        );
    };
    let tree = render(&portal, &themes)
        .map_err(|errors| content_failure([warnings.clone(), errors].concat()))?;
    clock.lap("render");
    sort_diagnostics(&mut warnings);
    Ok(Built {
        portal,
        tree,
        warnings,
        pictures: ctx.pictures,
    })
}

/// A finding as the contract prints it, then how to fix it in the language
/// of the site's editors (`config::editors_language`), on an indented line.
pub fn explained(diagnostic: &Diagnostic, editors: &Texts) -> String {
    format!("{diagnostic}\n  {}", editors.fix(diagnostic.fix))
}

/// The table findings are explained from, for the site at `root`.
pub fn editors_texts(root: &Path) -> Texts {
    Texts::builtin(config::editors_language(root))
}

/// The site's theme in each of its languages (the order of `languages`).
pub fn load_themes(root: &Path, config: &SiteConfig) -> Result<Vec<Theme>, Vec<Diagnostic>> {
    let theme = render::theme::load_theme(root, &config.theme, Arc::clone(&config.texts))?;
    let others = config
        .languages
        .iter()
        .skip(1)
        .map(|l| theme.in_language(Arc::clone(&l.texts)));
    let mut themes = vec![];
    themes.extend(others);
    themes.insert(0, theme);
    Ok(themes)
}

/// `site.yaml` with `--base-url` applied, and every finding about them.
pub fn configure(options: &BuildOptions) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let (mut config, mut diagnostics) = config::load_config(&options.root);
    if let (Some(config), Some(url)) = (config.as_mut(), options.base_url.as_deref()) {
        match config::normalize_base_url(url) {
            Some(url) => config.set_root_url(url),
            None => diagnostics.push(Diagnostic::error(
                "--base-url",
                1,
                Fix::Address,
                format!("expected an address like https://cchc.example.gov.vn/ or a path like /portal/, found {url:?}"),
            )),
        }
    }
    (config, diagnostics)
}

/// Parsed content to the published site in each language, unless there is
/// an error so far: then every error, those between the files that parsed
/// included. Gives the sites with every finding (warnings only).
pub fn assemble(
    config: Option<SiteConfig>,
    content: ParsedContent,
    mut diagnostics: Vec<Diagnostic>,
    publication: Publication,
) -> Result<(Portal, Vec<Diagnostic>), Failure> {
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let config = match config {
        Some(config) if !has_errors => config,
        other => {
            // The files that parsed are still checked against each other, so
            // one run reports every error.
            let langs: Vec<_> = other.map_or_else(
                || vec![crate::locale::Lang::default()],
                |c| c.languages.iter().map(|l| l.lang).collect(),
            );
            diagnostics.extend(model::cross_file_errors_by_language(
                &content,
                &langs,
                publication,
            ));
            return Err(content_failure(diagnostics));
        }
    };
    match model::assemble_portal(config, content, publication) {
        Ok((portal, warnings)) => {
            diagnostics.extend(warnings);
            Ok((portal, diagnostics))
        }
        Err(errors) => Err(content_failure([diagnostics, errors].concat())),
    }
}

fn content_failure(mut diagnostics: Vec<Diagnostic>) -> Failure {
    sort_diagnostics(&mut diagnostics);
    Failure::Content(diagnostics)
}

/// Every page (handed to `sink` as it is rendered), asset, feed and the
/// sitemap, in every language: everything but the follow-ups.
pub fn site_files(
    portal: &Portal,
    themes: &[Theme],
    sink: &dyn PageSink,
    timings: bool,
) -> Result<OutputTree, Vec<Diagnostic>> {
    let plans = render::plan_portal(portal, themes, &mut render::PlanMemo::default());
    let mut tree = OutputTree::default();
    let mut errors = Vec::new();
    for ((site, theme), plan) in portal.sites().iter().zip(themes).zip(&plans) {
        let slow = SlowPages::new(timings);
        match render::render_plan(site, theme, plan, &|_, _| None, sink, slow) {
            Ok(rendered) => tree.files.extend(rendered.tree.files),
            // Every language's errors, in one run.
            Err(found) => errors.extend(found),
        }
        tree.nest(&site.config().folder(), feeds::feeds(site));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    tree.add_text(feeds::SITEMAP, sitemap(&plans));
    Ok(tree)
}

/// The sitemap of every language's pages.
pub fn sitemap(plans: &[render::Plan]) -> String {
    let pages = plans
        .iter()
        .flat_map(|plan| {
            plan.sitemap_entries().map(|entry| feeds::SitemapPage {
                url: crate::routes::permalink(&plan.base_url, entry.route),
                file: entry.file,
                lastmod: entry.lastmod,
                alternates: entry.alternates,
            })
        })
        .collect();
    feeds::sitemap(pages)
}

/// The files made from the whole site that no page's HTML reads: open data
/// (one set, with a column for each language's text) and each language's
/// search index. A rebuild can serve its pages before they are ready.
pub fn follow_ups(portal: &Portal, sink: &dyn FileSink) -> OutputTree {
    let mut tree = OutputTree::default();
    let ((), indices) = rayon::join(
        || data::add_open_data(portal, &mut tree, sink),
        || {
            let mut all = OutputTree::default();
            for site in portal.sites() {
                search::add_search_index(site, &site.config().folder(), &mut all, sink);
            }
            all
        },
    );
    tree.files.extend(indices.files);
    add_admin(portal, &mut tree);
    tree
}

/// The browser editor under /admin/ (site.yaml `cms:`), at the site's root.
fn add_admin(portal: &Portal, tree: &mut OutputTree) {
    let Some(site) = portal.sites().first() else {
        return;
    };
    let slugs: Vec<String> = site.indices().iter().map(|i| i.slug.clone()).collect();
    for (path, text) in crate::cms::admin_files(site.config(), &slugs) {
        tree.add_text(&path, text);
    }
}

/// Builds and writes the site; the previous output stays untouched on failure.
/// Broken internal links are warnings here; `check` makes them errors.
pub fn build(options: &BuildOptions) -> Result<Built, Failure> {
    let mut clock = Stopwatch::new(options.timings);
    let output_dir = options.output_dir();
    guard_output_dir(&options.root, &output_dir)?;
    // Pages go to disk as they are rendered: a large site's HTML is never all
    // in memory, and writing overlaps rendering. A failure drops the staging
    // folder; the output folder is only touched by the swap.
    let staging =
        Staging::begin(&output_dir, options.precompress)?.with_fault(options.fault.clone());
    let now = options.clock.now();
    let mut built = build_rendering(options, now, |portal, themes| {
        let (pages, data) = rayon::join(
            || site_files(portal, themes, &staging, options.timings),
            || follow_ups(portal, &staging),
        );
        pages.map(|mut tree| {
            tree.files.extend(data.files);
            tree
        })
    })?;
    clock.lap("render and write pages");
    let broken = broken_links(&built);
    clock.lap("links");
    built.warnings.extend(
        broken
            .into_iter()
            .map(|d| d.with_severity(Severity::Warning)),
    );
    sort_diagnostics(&mut built.warnings);
    // The cache keeps every entry this build links, so it is pruned while
    // the output is written.
    let (finished, ()) = rayon::join(
        || staging.finish(&built.tree),
        || prune_pictures(&built, options.timings),
    );
    finished?;
    clock.lap("write the rest");
    clock.total();
    Ok(built)
}

/// After a build is written, the cache keeps only the pictures it used; a
/// cache that cannot be pruned only costs disk space, so it is never an error.
fn prune_pictures(built: &Built, timings: bool) {
    let Some(pictures) = &built.pictures else {
        return;
    };
    let used = pictures.used_keys();
    let pruned = pictures.cache().prune(&used);
    if timings {
        let removed = pruned.as_ref().map_or(0, |report| report.removed);
        eprintln!(
            "{:>12}: {} published, {} encoded, {removed} removed from the cache",
            "pictures",
            used.len(),
            pictures.encoded()
        );
    }
}

/// Refuses output folders whose replacement would destroy the sources.
fn guard_output_dir(root: &Path, output: &Path) -> Result<(), BuildError> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (absolute(root), absolute(output));
    let content = root_abs.join("content");
    if out_abs == root_abs
        || root_abs.starts_with(&out_abs)
        || out_abs.starts_with(&content)
        || out_abs.starts_with(root_abs.join("themes"))
    {
        return Err(BuildError::other(format!(
            "refusing to use {} as the output folder: it holds the site's sources",
            output.display()
        )));
    }
    Ok(())
}

/// Everything `build` checks, plus internal links as errors. Writes nothing.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, Failure> {
    let built = build_in_memory(options)?;
    let mut broken = broken_links(&built);
    broken.extend(links::check_page_links(
        &built.portal.default_site().config().root_url,
        &portal_links(&built.portal),
        &built.tree,
    ));
    if broken.is_empty() {
        return Ok(built.warnings);
    }
    Err(content_failure([built.warnings, broken].concat()))
}

/// Links to pages of this site that the build does not produce. Links are
/// gathered here, not during the build, so a rebuild can check them later.
pub fn broken_links(built: &Built) -> Vec<Diagnostic> {
    links::check_links(
        &built.portal.default_site().config().root_url,
        &portal_links(&built.portal),
        &built.tree,
    )
}

/// The links of every language's pages.
pub fn portal_links(portal: &Portal) -> Vec<links::PageLink> {
    portal
        .sites()
        .iter()
        .flat_map(|site| links::site_links(site))
        .collect()
}
