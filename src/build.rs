//! The pipeline end to end: load → parse → model → render → index → write.
//! `build`, `check` and `serve` all run it; only `build` and `serve` write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::error::{sort_diagnostics, BuildError, Diagnostic, Failure};
use crate::load::{self, SourceFile, SourceKind};
use crate::markdown::BodyLink;
use crate::model::site::{self, ParsedContent, Site};
use crate::model::{
    documents, inspection, news, page, procedure, InspectionPlan, NewsItem, Page, ParseContext,
    Parsed, Procedure, SectionIntro,
};
use crate::output::{OutputTree, Precompress, Staging};
use crate::render::{self, theme::Theme};
use crate::timings::Stopwatch;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `root/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// What counts as "now" for scheduled items.
    pub now: DateTime<Utc>,
    /// `build --compress`: `.gz` and `.br` beside text files.
    pub precompress: Precompress,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            now: build_time(),
            precompress: Precompress::No,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
pub fn build_time() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
}

/// A built site, still in memory.
pub struct Built {
    pub site: Site,
    pub tree: OutputTree,
    /// Warnings (a built site has no errors).
    pub warnings: Vec<Diagnostic>,
}

/// Runs every stage but the write. All findings of all files come back at once.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, Failure> {
    build_rendering(options, render::render_site)
}

/// Every stage up to rendering, which `render` does.
fn build_rendering(
    options: &BuildOptions,
    render: impl FnOnce(&Site, &Theme) -> Result<OutputTree, Vec<Diagnostic>>,
) -> Result<Built, Failure> {
    let mut clock = Stopwatch::from_env();
    let (config, mut diagnostics) = configure(options);
    let loaded = load::load_content(&options.root)?;
    clock.lap("load");
    diagnostics.extend(loaded.diagnostics);
    let ctx = parse_context(config.as_ref());
    let parsed: Vec<ParsedFile> = loaded
        .sources
        .par_iter()
        .map(|source| parse_file(source, &ctx))
        .collect();
    // The model holds what it needs; the raw texts can go before rendering.
    drop(loaded.sources);
    let (content, parse_diagnostics) = gather(parsed);
    clock.lap("parse");
    diagnostics.extend(parse_diagnostics);
    finish(
        options,
        config,
        content,
        diagnostics,
        |config| render::theme::load_theme(&options.root, &config.theme).map(Arc::new),
        render,
    )
}

/// `site.yaml` with `--base-url` applied, and every finding about them.
pub fn configure(options: &BuildOptions) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let (mut config, mut diagnostics) = config::load_config(&options.root);
    if let (Some(config), Some(url)) = (config.as_mut(), options.base_url.as_deref()) {
        match config::normalize_base_url(url) {
            Some(url) => config.base_url = url,
            None => diagnostics.push(Diagnostic::error(
                "--base-url",
                1,
                format!("expected an address like https://cchc.example.gov.vn/ or a path like /portal/, found {url:?}"),
            )),
        }
    }
    (config, diagnostics)
}

/// What parsing needs from the config. Without a usable site.yaml every file
/// is still parsed, with the defaults, so the first run reports every error.
pub fn parse_context(config: Option<&SiteConfig>) -> ParseContext {
    ParseContext {
        timezone: config.map_or_else(
            || FixedOffset::east_opt(7 * 3600).expect("valid offset"),
            |c| c.timezone,
        ),
        base_url: config.map_or_else(|| "/".to_string(), |c| c.base_url.clone()),
        allow_unsafe_html: config.is_some_and(|c| c.unsafe_html),
    }
}

/// The stages after parsing, shared by a full build and an incremental one:
/// stop on any error so far, then theme, assemble, render. `render` decides
/// which pages are rendered afresh.
pub fn finish(
    options: &BuildOptions,
    config: Option<SiteConfig>,
    content: ParsedContent,
    mut diagnostics: Vec<Diagnostic>,
    theme: impl FnOnce(&SiteConfig) -> Result<Arc<Theme>, Vec<Diagnostic>>,
    render: impl FnOnce(&Site, &Theme) -> Result<OutputTree, Vec<Diagnostic>>,
) -> Result<Built, Failure> {
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let config: SiteConfig = match config {
        Some(config) if !has_errors => config,
        _ => return Err(content_failure(diagnostics)),
    };
    let theme = match theme(&config) {
        Ok(theme) => theme,
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(content_failure(diagnostics));
        }
    };
    let mut clock = Stopwatch::from_env();
    let (site, warnings) = match site::assemble(config, content, options.drafts, options.now) {
        Ok(ok) => ok,
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(content_failure(diagnostics));
        }
    };
    diagnostics.extend(warnings);
    clock.lap("assemble");
    let tree = match render(&site, &theme) {
        Ok(tree) => tree,
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(content_failure(diagnostics));
        }
    };
    clock.lap("render");
    sort_diagnostics(&mut diagnostics);
    Ok(Built {
        site,
        tree,
        warnings: diagnostics,
    })
}

fn content_failure(mut diagnostics: Vec<Diagnostic>) -> Failure {
    sort_diagnostics(&mut diagnostics);
    Failure::Content(diagnostics)
}

/// Builds and writes the site; the previous output stays untouched on failure.
/// Broken internal links are warnings here; `check` makes them errors.
pub fn build(options: &BuildOptions) -> Result<Built, Failure> {
    let mut clock = Stopwatch::from_env();
    let output_dir = options.output_dir();
    guard_output_dir(&options.root, &output_dir)?;
    // Pages go to disk as they are rendered: a large site's HTML is never all
    // in memory, and writing overlaps rendering. A failure drops the staging
    // folder; the output folder is only touched by the swap.
    let staging = Staging::begin(&output_dir, options.precompress)?;
    let mut built = build_rendering(options, |site, theme| {
        render::render_site_into(site, theme, &staging)
    })?;
    clock.lap("render and write pages");
    let broken = broken_links(&built);
    clock.lap("links");
    built.warnings.extend(broken.into_iter().map(|mut d| {
        d.severity = crate::error::Severity::Warning;
        d
    }));
    sort_diagnostics(&mut built.warnings);
    staging.finish(&built.tree)?;
    clock.lap("write the rest");
    clock.total();
    Ok(built)
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
    let broken = broken_links(&built);
    if broken.is_empty() {
        return Ok(built.warnings);
    }
    let mut all = built.warnings;
    all.extend(broken);
    sort_diagnostics(&mut all);
    Err(Failure::Content(all))
}

/// One source file, parsed as the kind of content its place says it is.
// One value per file, moved once into its list: boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum ParsedFile {
    /// Shared: the serve rebuilder's cache and the site it builds hold one copy.
    News(Parsed<Arc<NewsItem>>),
    Procedure(Parsed<Procedure>),
    Plan(Parsed<InspectionPlan>),
    Page(Parsed<Page>),
    Intro(Option<String>, Parsed<SectionIntro>),
    Registry(Parsed<documents::Registry>),
}

impl ParsedFile {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ParsedFile::News(p) => &p.diagnostics,
            ParsedFile::Procedure(p) => &p.diagnostics,
            ParsedFile::Plan(p) => &p.diagnostics,
            ParsedFile::Page(p) => &p.diagnostics,
            ParsedFile::Intro(_, p) => &p.diagnostics,
            ParsedFile::Registry(p) => &p.diagnostics,
        }
    }
}

pub fn parse_file(source: &SourceFile, ctx: &ParseContext) -> ParsedFile {
    match &source.kind {
        SourceKind::News => {
            let parsed = news::parse_news(source, ctx);
            ParsedFile::News(Parsed {
                item: parsed.item.map(Arc::new),
                diagnostics: parsed.diagnostics,
            })
        }
        SourceKind::Procedure => ParsedFile::Procedure(procedure::parse_procedure(source, ctx)),
        SourceKind::InspectionPlan => ParsedFile::Plan(inspection::parse_plan(source, ctx)),
        SourceKind::Page => ParsedFile::Page(page::parse_page(source, ctx)),
        SourceKind::SectionIndex { section } => {
            ParsedFile::Intro(section.clone(), page::parse_intro(source, ctx))
        }
        SourceKind::DocumentRegistry => {
            ParsedFile::Registry(documents::parse_registry(source, ctx))
        }
    }
}

/// Sorts parsed files into the lists of `ParsedContent`, keeping their order.
pub fn gather(files: impl IntoIterator<Item = ParsedFile>) -> (ParsedContent, Vec<Diagnostic>) {
    let mut content = ParsedContent::default();
    let mut diagnostics = Vec::new();
    let mut intros = BTreeMap::new();
    for file in files {
        match file {
            ParsedFile::News(p) => {
                diagnostics.extend(p.diagnostics);
                content.news.extend(p.item);
            }
            ParsedFile::Procedure(p) => {
                diagnostics.extend(p.diagnostics);
                content.procedures.extend(p.item);
            }
            ParsedFile::Plan(p) => {
                diagnostics.extend(p.diagnostics);
                content.plans.extend(p.item);
            }
            ParsedFile::Page(p) => {
                diagnostics.extend(p.diagnostics);
                content.pages.extend(p.item);
            }
            ParsedFile::Intro(section, p) => {
                diagnostics.extend(p.diagnostics);
                if let Some(intro) = p.item {
                    match section {
                        None => content.home = Some(intro),
                        Some(section) => {
                            intros.insert(section, intro);
                        }
                    }
                }
            }
            ParsedFile::Registry(p) => {
                diagnostics.extend(p.diagnostics);
                if let Some(registry) = p.item {
                    content.registry = registry;
                }
            }
        }
    }
    content.intros = intros;
    (content, diagnostics)
}

/// A body link: the file it is in, the route of its page, the link.
pub type PageLink = (PathBuf, String, BodyLink);

/// The links in one news item's body.
pub fn news_item_links(item: &NewsItem) -> Vec<PageLink> {
    let route = crate::routes::news_item(&item.slug.value);
    item.body
        .links
        .iter()
        .map(|link| (item.origin.file.clone(), route.clone(), link.clone()))
        .collect()
}

/// Every body link of the site.
pub fn site_links(site: &Site) -> Vec<PageLink> {
    use crate::routes;
    let mut links: Vec<PageLink> = site.news.iter().flat_map(|n| news_item_links(n)).collect();
    let mut add = |file: &Path, route: String, body: &crate::markdown::Rendered| {
        for link in &body.links {
            links.push((file.to_path_buf(), route.clone(), link.clone()));
        }
    };
    for p in &site.pages {
        add(&p.origin.file, routes::page(&p.slug.value), &p.body);
    }
    for p in &site.procedures {
        add(&p.origin.file, routes::procedure(&p.slug.value), &p.body);
    }
    for p in site.plans.values() {
        add(&p.origin.file, routes::inspection_year(p.year), &p.body);
    }
    if let Some(home) = &site.home {
        add(&home.origin.file, routes::home(), &home.body);
    }
    for (section, intro) in &site.intros {
        add(&intro.origin.file, format!("{section}/"), &intro.body);
    }
    links
}

/// Links to pages of this site that the build does not produce. Links are
/// gathered here, not during the build, so a rebuild can check them later.
pub fn broken_links(built: &Built) -> Vec<Diagnostic> {
    check_links(
        &built.site.config.base_url,
        &site_links(&built.site),
        &built.tree,
    )
}

/// The links among `links` that lead inside the site to no file of `tree`.
pub fn check_links(base: &str, links: &[PageLink], tree: &OutputTree) -> Vec<Diagnostic> {
    let base_path = base
        .split_once("://")
        .map_or(base, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    let mut errors = Vec::new();
    for (file, page_route, link) in links {
        let Some(target) = internal_target(&link.destination, base, base_path, page_route) else {
            continue;
        };
        if !resolves(tree, &target) {
            errors.push(
                Diagnostic::error(
                    file,
                    link.line,
                    format!(
                        "link to {} goes to a page this site does not have",
                        link.destination
                    ),
                )
                .with_key("body"),
            );
        }
    }
    errors
}

/// The output path a link points at, if it points inside the site.
fn internal_target(
    destination: &str,
    base: &str,
    base_path: &str,
    page_route: &str,
) -> Option<String> {
    let dest = destination.split(['#', '?']).next().unwrap_or("");
    if dest.is_empty() {
        return None;
    }
    let rooted = if let Some(rest) = dest.strip_prefix(base) {
        rest.to_string()
    } else if dest.starts_with("//") || dest.contains(':') {
        return None;
    } else if let Some(rest) = dest.strip_prefix('/') {
        // A site under /portal/ is linked as /portal/x/ or, by staff, as /x/.
        let with_base = format!("/{rest}");
        with_base
            .strip_prefix(base_path)
            .unwrap_or(rest)
            .to_string()
    } else {
        format!("{page_route}{dest}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in rooted.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if rooted.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(percent_decode(&path))
}

fn resolves(tree: &OutputTree, target: &str) -> bool {
    if target.is_empty() {
        return tree.files.contains_key("index.html");
    }
    if target.ends_with('/') {
        return tree.files.contains_key(&format!("{target}index.html"));
    }
    tree.files.contains_key(target) || tree.files.contains_key(&format!("{target}/index.html"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
