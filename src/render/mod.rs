//! Renders the site into an in-memory output tree: one function per page
//! kind, run in parallel. It does not touch the disk (see `output`).

pub mod alternates;
pub mod charts;
pub mod jsonld;
pub mod memo;
pub mod pages;
pub mod plan;
pub mod theme;
pub mod views;

pub use memo::PlanMemo;
pub use plan::{Plan, Planned};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::error::{Diagnostic, Fix};
use crate::model::site::Site;
use crate::output::{is_safe_relative_path, Content, OutputTree};
use crate::routes;
use crate::timings::SlowPages;
use theme::Theme;

/// The part of every page's context that is the same for all pages.
#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    /// This language's home.
    pub base_url: String,
    /// The site's root: the theme's files and open data.
    pub root_url: String,
    pub language: crate::locale::Lang,
    /// The language of `title` and `menu` when they are not in `language`
    /// (a language without its own in site.yaml): for their `lang`.
    pub title_lang: Option<crate::locale::Lang>,
    pub menu_lang: Option<crate::locale::Lang>,
    /// Every language of the site, with its home; empty for a site of one.
    pub languages: Vec<LanguageView>,
    /// The pages are in a language other than the site's default.
    pub is_translation: bool,
    pub menu: Vec<views::Link>,
    pub extra: serde_json::Value,
    pub css_url: String,
    pub js_url: String,
    /// The search page's module and the module it imports, each with the
    /// hash of its bytes so a browser never mixes two builds' copies.
    pub search_script_url: String,
    pub search_core_url: String,
    pub feed_url: String,
    pub search_url: String,
    /// The open-data page of this language; the files are at `data_files_url`.
    pub data_url: String,
    /// Where the open-data files are: one set, at the site's root.
    pub data_files_url: String,
    pub year: i32,
}

/// A language of the site, as the language switch names it.
#[derive(Serialize, Clone)]
pub struct LanguageView {
    pub lang: crate::locale::Lang,
    /// In its own language: "English", "Tiếng Việt".
    pub name: String,
    pub home_url: String,
}

/// What a rendered page needs besides its own data.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    site_value: tera::Value,
    /// With `MINHBACH_TIMINGS`: names the pages slow to render.
    pub slow_pages: SlowPages,
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
        let site_value = tera::to_value(site_view(site, theme)).unwrap_or(tera::Value::Null);
        Renderer {
            site,
            theme,
            site_value,
            slow_pages: SlowPages::new(false),
        }
    }

    /// Renders the page of `planned`: its HTML.
    pub fn render_page(&self, planned: &Planned) -> Result<String, Diagnostic> {
        self.render_job(planned.job(), &planned.alternates)
    }

    /// Renders `job`, a page whose versions in every language are `alternates`.
    pub fn render_job(
        &self,
        job: PageJob,
        alternates: &[crate::model::Alternate],
    ) -> Result<String, Diagnostic> {
        let route_display = job.route_display();
        let mut context = job.context;
        self.insert_languages(&mut context, alternates);
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
            &routes::permalink(&self.site.config().base_url, &job.route),
        );
        match self.theme.tera.render(job.template, &context) {
            Ok(html) => Ok(html),
            Err(err) => Err(Diagnostic::error(
                PathBuf::from("themes")
                    .join(&self.site.config().theme)
                    .join("templates")
                    .join(job.template),
                1,
                Fix::Theme,
                format!(
                    "cannot render {route_display}: {}",
                    theme::error_chain(&err)
                ),
            )),
        }
    }
}

impl Renderer<'_> {
    /// `alternates` (the page's versions, for `hreflang`) and
    /// `language_switch` (each other language: the page's version there,
    /// else that language's home); both empty for a site of one language.
    fn insert_languages(&self, context: &mut Context, alternates: &[crate::model::Alternate]) {
        let config = self.site.config();
        if !config.is_multilingual() {
            return;
        }
        let hreflangs: Vec<HreflangView> = crate::model::languages::hreflangs(alternates)
            .map(|(hreflang, url)| HreflangView {
                hreflang,
                url: url.to_string(),
            })
            .collect();
        let switch: Vec<SwitchView> = config
            .languages
            .iter()
            .filter(|l| l.lang != config.language)
            .map(|l| {
                let version = alternates.iter().find(|a| a.lang == l.lang);
                SwitchView {
                    lang: l.lang,
                    name: l.texts.get("language.name").to_string(),
                    label: l.texts.get("language.switch").to_string(),
                    url: version.map_or_else(|| config.home_url(l.lang), |a| a.url.clone()),
                    translated: version.is_some(),
                }
            })
            .collect();
        context.insert("alternates", &hreflangs);
        context.insert("language_switch", &switch);
    }
}

/// One `<link rel="alternate" hreflang>`.
#[derive(Serialize)]
struct HreflangView {
    hreflang: &'static str,
    url: String,
}

/// One language of the switch in the header, in its own words.
#[derive(Serialize)]
struct SwitchView {
    lang: crate::locale::Lang,
    name: String,
    /// What the link says it does, in that language: "Read in English".
    label: String,
    url: String,
    /// `url` is this page's translation (else that language's home).
    translated: bool,
}

/// The part of every page's context that is the same for all pages of a language.
fn site_view(site: &Site, theme: &Theme) -> SiteView {
    let config = site.config();
    let (base, root) = (&config.base_url, &config.root_url);
    let asset = |name: &str| match theme.static_files.get(name) {
        Some(bytes) => format!("{root}{name}?v={}", short_hash(bytes)),
        None => format!("{root}{name}"),
    };
    let (title_lang, menu_lang) = config.settings_languages();
    let other = |lang| (lang != config.language).then_some(lang);
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: base.clone(),
        root_url: root.clone(),
        language: config.language,
        title_lang: other(title_lang),
        menu_lang: other(menu_lang),
        languages: language_views(config),
        is_translation: config.language != config.default_language(),
        menu: config
            .menu
            .iter()
            .map(|m| views::Link {
                name: m.name.clone(),
                url: match m.url.strip_prefix('/') {
                    Some(rooted) if !m.url.starts_with("//") => format!("{root}{rooted}"),
                    _ => m.url.clone(),
                },
            })
            .collect(),
        extra: config.extra.clone(),
        css_url: asset("style.css"),
        js_url: asset("site.js"),
        search_script_url: asset("search.js"),
        search_core_url: asset("search-core.js"),
        feed_url: format!("{base}rss.xml"),
        search_url: format!("{base}{}", routes::search()),
        data_url: format!("{base}data/"),
        data_files_url: format!("{root}data/"),
        year: chrono::Datelike::year(&site.now()),
    }
}

fn language_views(config: &crate::config::SiteConfig) -> Vec<LanguageView> {
    if !config.is_multilingual() {
        return Vec::new();
    }
    config
        .languages
        .iter()
        .map(|l| LanguageView {
            lang: l.lang,
            name: l.texts.get("language.name").to_string(),
            home_url: config.home_url(l.lang),
        })
        .collect()
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

/// In memory, shared from the start: `serve` keeps each page in the tree it
/// serves and in the record the next rebuild keeps pages from.
pub struct ShareInMemory;

impl PageSink for ShareInMemory {
    fn take(&self, _path: &str, html: String) -> Content {
        Content::Shared(Arc::new(html.into_bytes()))
    }
}

impl PageSink for crate::output::Staging {
    fn take(&self, path: &str, html: String) -> Content {
        self.write_now(path, html.into_bytes())
    }
}

/// The plan of one language's `site` rendered with `theme`: every page with
/// its digest (`datasets`: the open data's tables and rows).
fn plan<'s>(
    site: &'s Site,
    theme: &Theme,
    datasets: Arc<[(&'static crate::data::DatasetInfo, usize)]>,
    memo: &mut memo::LanguageMemo,
) -> Plan<'s> {
    let mut builder = plan::Builder::new(site, theme, datasets).with_room_for_every_page();
    pages::plan_pages(&mut builder, memo);
    builder.finish()
}

/// The plan of every language's site (`themes` in the same order), each
/// page linked to its versions in the others. `memo`: what the last plans
/// of the same portal made of its news items (see `memo`), brought up to date.
pub fn plan_portal<'s>(
    portal: &'s crate::model::Portal,
    themes: &[Theme],
    memo: &mut PlanMemo,
) -> Vec<Plan<'s>> {
    let datasets: Arc<[_]> = crate::data::dataset_summaries(portal).into();
    let mut plans: Vec<Plan<'s>> = portal
        .sites()
        .iter()
        .zip(themes)
        .enumerate()
        .map(|(lang, (site, theme))| plan(site, theme, Arc::clone(&datasets), memo.language(lang)))
        .collect();
    alternates::link_alternates(&mut plans);
    plans
}

/// The pages that show the body of the news items written in `files`:
/// each item's own page, in every language it is written in (with the
/// versions it links to), planned as `plan_portal` plans them. No other
/// page shows a body: lists and citers show an item's other fields, and
/// search and open data are made from the whole site after each build.
/// So when items change in their bodies only, these are the pages to
/// render; every other page keeps its digest.
pub fn plan_item_pages<'s>(
    portal: &'s crate::model::Portal,
    themes: &[Theme],
    files: &[&Path],
) -> Vec<Plan<'s>> {
    // Looked up by file, not by a scan comparing paths: a save at 10,000
    // items must not cost 10,000 path comparisons per language.
    let keys: Vec<&Path> = portal
        .sites()
        .iter()
        .flat_map(|site| {
            files
                .iter()
                .filter_map(|file| site.news_position(file))
                .map(|at| site.news()[at].origin.translation_key())
        })
        .collect();
    let mut plans: Vec<Plan<'s>> = portal
        .sites()
        .iter()
        .zip(themes)
        .map(|(site, theme)| {
            let mut builder = plan::Builder::new(site, theme, Arc::from([]));
            for at in news_sharing_keys(site, &keys) {
                let item = &site.news()[at];
                let plan = pages::item_plan(&builder, item);
                pages::plan_item(&mut builder, item, &plan);
            }
            builder.finish()
        })
        .collect();
    alternates::link_alternates(&mut plans);
    plans
}

/// Positions in `site.news()`, in order, of the items whose translation key
/// is one of `keys`: the original by its file, translations by the file
/// they translate.
fn news_sharing_keys(site: &Site, keys: &[&Path]) -> Vec<usize> {
    let same = |a: &Path| keys.iter().any(|k| k.as_os_str() == a.as_os_str());
    let mut positions: Vec<usize> = keys.iter().filter_map(|k| site.news_position(k)).collect();
    positions.extend(site.news().iter().enumerate().filter_map(|(at, item)| {
        let of = item.origin.translation_of.as_deref()?;
        same(of).then_some(at)
    }));
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// A tree of pages, some rendered afresh, the others kept.
pub struct Rendered {
    pub tree: OutputTree,
    /// HTML pages rendered afresh, and taken from an earlier build.
    pub rendered: usize,
    pub kept: usize,
}

/// What an earlier build gives for the `n`-th page of a plan: its file, when
/// the page is the same (see `Planned::digest`); `None` renders it.
pub type Keep<'k> = dyn Fn(usize, &Planned) -> Option<Content> + Sync + 'k;

/// One page of a plan, rendered or kept.
pub struct PageOut {
    pub file: String,
    pub content: Content,
    /// Rendered afresh (not given by `Keep`).
    pub fresh: bool,
}

/// Renders every page of `plan` that `keep` gives nothing for, handing each
/// to `sink`, and adds the theme's static files and the bundles' files.
pub fn render_plan(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    keep: &Keep,
    sink: &dyn PageSink,
    slow_pages: SlowPages,
) -> Result<Rendered, Vec<Diagnostic>> {
    let (pages, errors) = render_each(site, theme, plan, keep, sink, slow_pages);
    site_tree(site, theme, pages, errors)
}

/// The tree of `pages` (a plan's, in its order) with the theme's static
/// files and the bundles' files; `errors` and any found here, if any.
pub fn site_tree(
    site: &Site,
    theme: &Theme,
    pages: Vec<PageOut>,
    mut errors: Vec<Diagnostic>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let rendered = pages.iter().filter(|page| page.fresh).count();
    let kept = pages.len() - rendered;
    // Sorted and built in one go: faster than a page at a time at 20,000.
    let mut tree = OutputTree {
        files: pages
            .into_iter()
            .map(|page| (page.file, page.content))
            .collect(),
    };
    // One copy of the theme's files, at the root, for every language.
    if site.config().folder().is_empty() {
        for (path, bytes) in &theme.static_files {
            if !tree.files.contains_key(path) {
                tree.add(path, Content::Bytes(bytes.clone()));
            }
        }
    }
    add_bundle_assets(site, &mut tree, &mut errors);
    if site.config().folder().is_empty() {
        pages::add_document_files(site, &mut tree);
    }
    if errors.is_empty() {
        Ok(Rendered {
            tree,
            rendered,
            kept,
        })
    } else {
        Err(errors)
    }
}

/// The pages of `plan` alone, rendered unless `keep` gives them: no theme
/// or bundle files. Each page's file with its content.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    keep: &Keep,
    sink: &dyn PageSink,
) -> Result<Vec<PageOut>, Vec<Diagnostic>> {
    let slow = SlowPages::new(false);
    let (pages, errors) = render_each(site, theme, plan, keep, sink, slow);
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

/// Every page of `plan`, in parallel and in plan order, and the errors,
/// each once.
pub fn render_each(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    keep: &Keep,
    sink: &dyn PageSink,
    slow_pages: SlowPages,
) -> (Vec<PageOut>, Vec<Diagnostic>) {
    let renderer = Renderer {
        slow_pages,
        ..Renderer::new(site, theme)
    };
    let results: Vec<Result<PageOut, Diagnostic>> = plan
        .pages
        .par_iter()
        .enumerate()
        .map(|(at, page)| match keep(at, page) {
            Some(content) => Ok(PageOut {
                file: page.file.clone(),
                content,
                fresh: false,
            }),
            None => render_one(&renderer, page, sink),
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(d) if !errors.contains(&d) => errors.push(d),
            Err(_) => {}
        }
    }
    (pages, errors)
}

fn render_one(
    renderer: &Renderer,
    page: &Planned,
    sink: &dyn PageSink,
) -> Result<PageOut, Diagnostic> {
    let started = renderer.slow_pages.start();
    let path = page.file.clone();
    let html = renderer.render_page(page)?;
    renderer.slow_pages.report(started, &path);
    if !is_safe_relative_path(&path) {
        return Err(Diagnostic::error(
            Path::new("content"),
            1,
            Fix::Slug,
            format!("unsafe output path {path:?}"),
        ));
    }
    let content = sink.take(&path, html);
    Ok(PageOut {
        file: path,
        content,
        fresh: true,
    })
}

fn add_bundle_assets(site: &Site, tree: &mut OutputTree, errors: &mut Vec<Diagnostic>) {
    // Few items are bundles: routes are made for those only.
    let news = site
        .news()
        .iter()
        .filter(|n| !n.origin.assets.is_empty())
        .map(|n| (&n.origin, routes::news_item(&n.slug.value)));
    let pages = site
        .pages()
        .iter()
        .filter(|p| !p.origin.assets.is_empty())
        .map(|p| (&p.origin, routes::page(&p.slug.value)));
    let folder = site.config().folder();
    for (origin, route) in news.chain(pages) {
        let route = format!("{folder}{route}");
        // A published picture's copies go beside it, and its cleaned original in its place.
        let copies = origin.pictures.values().flat_map(|p| p.variants.iter());
        for copy in copies {
            tree.add(
                &format!("{route}{}", copy.file_name),
                Content::Link(copy.path.clone()),
            );
        }
        for asset in &origin.assets {
            let rel = asset.rel_path.to_string_lossy().replace('\\', "/");
            let path = format!("{route}{rel}");
            // A picture's cleaned original lives in the cache, like its copies.
            let content = match origin.pictures.get(&rel) {
                Some(published) => Content::Link(published.original.path.clone()),
                None => Content::Copy(asset.disk_path.clone()),
            };
            if !tree.add(&path, content) {
                errors.push(Diagnostic::error(
                    &origin.file,
                    1,
                    Fix::FileName,
                    format!(
                        "bundle file {rel:?} has a name that is not safe on every host; rename it"
                    ),
                ));
            }
        }
    }
}
