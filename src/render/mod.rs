//! Renders the site into an in-memory output tree: one function per page
//! kind, run in parallel. It does not touch the disk (see `output`).

pub mod charts;
pub mod jsonld;
pub mod pages;
pub mod theme;
pub mod views;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::error::Diagnostic;
use crate::model::site::Site;
use crate::output::{is_safe_relative_path, Content, OutputTree};
use crate::routes;
use theme::Theme;

/// The part of every page's context that is the same for all pages.
#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub language: crate::locale::Lang,
    pub menu: Vec<views::Link>,
    pub extra: serde_json::Value,
    pub css_url: String,
    pub js_url: String,
    pub feed_url: String,
    pub search_url: String,
    pub data_url: String,
    pub year: i32,
}

/// What a rendered page needs besides its own data.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    site_value: tera::Value,
}

/// One HTML page to render: its route, its template and its own context.
pub struct PageJob {
    pub route: String,
    pub template: &'static str,
    pub title: String,
    pub description: String,
    /// The menu entry to mark as current: `news`, `procedures`, ...
    pub section: &'static str,
    pub context: Context,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let base = &site.config.base_url;
        let asset = |name: &str| match theme.static_files.get(name) {
            Some(bytes) => format!("{base}{name}?v={}", short_hash(bytes)),
            None => format!("{base}{name}"),
        };
        let view = SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            base_url: base.clone(),
            language: site.config.language,
            menu: site
                .config
                .menu
                .iter()
                .map(|m| views::Link {
                    name: m.name.clone(),
                    url: match m.url.strip_prefix('/') {
                        Some(rooted) if !m.url.starts_with("//") => format!("{base}{rooted}"),
                        _ => m.url.clone(),
                    },
                })
                .collect(),
            extra: site.config.extra.clone(),
            css_url: asset("style.css"),
            js_url: asset("site.js"),
            feed_url: format!("{base}rss.xml"),
            search_url: format!("{base}{}", routes::search()),
            data_url: format!("{base}data/"),
            year: chrono::Datelike::year(&site.now),
        };
        let site_value = tera::to_value(&view).unwrap_or(tera::Value::Null);
        Renderer {
            site,
            theme,
            site_value,
        }
    }

    pub fn render_job(&self, job: PageJob) -> Result<(String, String), Diagnostic> {
        let route_display = job.route_display();
        let mut context = job.context;
        context.insert("site", &self.site_value);
        context.insert("page_title", &job.title);
        context.insert("page_description", &job.description);
        context.insert("section", job.section);
        // The template's name without `.html`: themes style a kind of page by it.
        context.insert(
            "page_kind",
            job.template.strip_suffix(".html").unwrap_or(job.template),
        );
        context.insert(
            "current_url",
            &routes::permalink(&self.site.config.base_url, &job.route),
        );
        match self.theme.tera.render(job.template, &context) {
            Ok(html) => Ok((routes::output_file(&job.route), html)),
            Err(err) => Err(Diagnostic::error(
                PathBuf::from("themes")
                    .join(&self.site.config.theme)
                    .join("templates")
                    .join(job.template),
                1,
                format!(
                    "cannot render {route_display}: {}",
                    theme::error_chain(&err)
                ),
            )),
        }
    }
}

impl PageJob {
    fn route_display(&self) -> String {
        format!("/{}", self.route)
    }
}

/// Short content hash for cache-busting (FNV-1a, 64 bits): stable across builds.
pub fn short_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

/// A page of one of the large families an incremental render can keep from
/// the previous build. Pages of no family are rendered every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageFamily {
    /// Index into `Site::news`.
    NewsItem(usize),
    /// Index into `Site::procedures`.
    Procedure(usize),
    /// Page number of `/news/`, from 1.
    NewsList(usize),
    /// Indices into `Site::taxonomies` and its terms; page number from 1.
    TaxonomyTerm {
        taxonomy: usize,
        term: usize,
        page: usize,
    },
    /// Page number of `/documents/`, from 1.
    Documents(usize),
    /// `/inspections/YYYY/`.
    InspectionYear(i32),
    /// The listing pages of one part of the site.
    Section(Section),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// `/inspections/` (each year's page: `PageFamily::InspectionYear`).
    Inspections,
    Outcomes,
    /// The catalog and the simplified procedures.
    Procedures,
    /// The pages of `/documents/` (see `PageFamily::Documents`).
    Documents,
}

/// Decides which pages of the families to render afresh.
pub trait PageFilter: Sync {
    /// False keeps the previous build's file for the page, which must exist.
    fn render(&self, family: PageFamily) -> bool;

    /// True when the site has the very pages of the previous build (no page
    /// came or went): the previous build's files are the base of the new
    /// ones, and its sitemap is kept (a caller that changed a date in it
    /// rewrites it).
    fn same_pages(&self) -> bool {
        false
    }
}

/// Renders every page: what `build` does.
pub struct RenderAll;

impl PageFilter for RenderAll {
    fn render(&self, _: PageFamily) -> bool {
        true
    }
}

/// Where rendered pages go: into the tree (`serve` keeps and serves them), or
/// straight to disk (`build`: see `output::Staging`).
pub trait PageSink: Sync {
    /// Takes a page at a safe relative path; returns what the tree keeps for it.
    fn take(&self, path: &str, html: String) -> Content;
}

pub struct KeepInMemory;

impl PageSink for KeepInMemory {
    fn take(&self, _path: &str, html: String) -> Content {
        Content::Bytes(html.into_bytes())
    }
}

impl PageSink for crate::output::Staging {
    fn take(&self, path: &str, html: String) -> Content {
        self.write_now(path, html.into_bytes())
    }
}

/// Renders every page and asset of the site.
pub fn render_site(site: &Site, theme: &Theme) -> Result<OutputTree, Vec<Diagnostic>> {
    render_site_into(site, theme, &KeepInMemory)
}

/// `render_site`, with the HTML pages handed to `sink` as they are rendered.
pub fn render_site_into(
    site: &Site,
    theme: &Theme,
    sink: &dyn PageSink,
) -> Result<OutputTree, Vec<Diagnostic>> {
    let pages = render_keeping_into(site, theme, &RenderAll, &OutputTree::default(), sink)?;
    Ok(pages.tree)
}

/// The pages of these news items alone, rendered against `site`, in which
/// they replace items that differ from them only in their bodies.
pub fn render_news_items(
    site: &Site,
    theme: &Theme,
    items: &[&crate::model::NewsItem],
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let renderer = Renderer::new(site, theme);
    let results: Vec<Result<(String, String), Diagnostic>> = items
        .par_iter()
        .map(|item| renderer.render_job(pages::news_item(site, item)))
        .collect();
    let errors: Vec<Diagnostic> = results.iter().filter_map(|r| r.clone().err()).collect();
    if errors.is_empty() {
        Ok(results.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(errors)
    }
}

/// A tree made partly from a previous build's pages.
pub struct Rerendered {
    pub tree: OutputTree,
    /// HTML pages rendered afresh, and taken from the previous build.
    pub rendered: usize,
    pub kept: usize,
}

/// Renders the pages `filter` asks for and takes the other pages from
/// `previous`; feeds and assets are always made afresh, open data not at all.
pub fn render_keeping(
    site: &Site,
    theme: &Theme,
    filter: &dyn PageFilter,
    previous: &OutputTree,
) -> Result<Rerendered, Vec<Diagnostic>> {
    render_keeping_into(site, theme, filter, previous, &KeepInMemory)
}

fn render_keeping_into(
    site: &Site,
    theme: &Theme,
    filter: &dyn PageFilter,
    previous: &OutputTree,
    sink: &dyn PageSink,
) -> Result<Rerendered, Vec<Diagnostic>> {
    let renderer = Renderer::new(site, theme);
    let selected = pages::selected_jobs(site, filter);
    let (rendered, kept) = (selected.jobs.len(), selected.kept_count);
    let slow_pages = crate::timings::SlowPages::new(false);
    let results: Vec<Result<(String, Content), Diagnostic>> = selected
        .jobs
        .into_par_iter()
        .map(|job| {
            let started = slow_pages.start();
            let (path, html) = renderer.render_job(job())?;
            slow_pages.report(started, &path);
            if is_safe_relative_path(&path) {
                let content = sink.take(&path, html);
                Ok((path, content))
            } else {
                Err(Diagnostic::error(
                    Path::new("content"),
                    1,
                    format!("unsafe output path {path:?}"),
                ))
            }
        })
        .collect();

    // With the same pages, the previous files are the base: cloning the
    // index of 29,000 files costs less than looking up each kept one.
    let mut tree = if filter.same_pages() {
        OutputTree {
            files: previous.files.clone(),
        }
    } else {
        OutputTree::default()
    };
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((path, content)) => {
                tree.files.insert(path, content);
            }
            Err(d) => {
                if !errors.contains(&d) {
                    errors.push(d);
                }
            }
        }
    }
    for route in selected.kept {
        let path = routes::output_file(&route);
        match previous.files.get(&path) {
            Some(content) => {
                tree.files.insert(path, content.clone());
            }
            // A filter that keeps what was never built is a bug; say so rather than drop the page.
            None => errors.push(Diagnostic::error(
                Path::new("content"),
                1,
                format!("internal error: /{route} was to be kept from the previous build, which lacks it"),
            )),
        }
    }
    for (path, bytes) in &theme.static_files {
        if !tree.files.contains_key(path) {
            tree.add(path, Content::Bytes(bytes.clone()));
        }
    }
    add_bundle_assets(site, &mut tree, &mut errors);
    let sitemap = filter
        .same_pages()
        .then(|| previous.files.get(crate::feeds::SITEMAP))
        .flatten();
    crate::feeds::add_feeds_and_sitemap(site, &mut tree, sitemap);
    if errors.is_empty() {
        Ok(Rerendered {
            tree,
            rendered,
            kept,
        })
    } else {
        Err(errors)
    }
}

fn add_bundle_assets(site: &Site, tree: &mut OutputTree, errors: &mut Vec<Diagnostic>) {
    // Few items are bundles: routes are made for those only.
    let news = site
        .news
        .iter()
        .filter(|n| !n.origin.assets.is_empty())
        .map(|n| (&n.origin, routes::news_item(&n.slug.value)));
    let pages = site
        .pages
        .iter()
        .filter(|p| !p.origin.assets.is_empty())
        .map(|p| (&p.origin, routes::page(&p.slug.value)));
    for (origin, route) in news.chain(pages) {
        for asset in &origin.assets {
            let rel = asset.rel_path.to_string_lossy().replace('\\', "/");
            let path = format!("{route}{rel}");
            if !tree.add(&path, Content::Copy(asset.disk_path.clone())) {
                errors.push(Diagnostic::error(
                    &origin.file,
                    1,
                    format!(
                        "bundle file {rel:?} has a name that is not safe on every host; rename it"
                    ),
                ));
            }
        }
    }
}
