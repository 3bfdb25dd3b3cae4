//! Internal links: every link a body makes, and which of them lead to a page
//! of this site that the build did not make. `build` reports them as
//! warnings, `check` as errors. It reads bodies and the output, nothing else.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::markdown::{BodyLink, Rendered};
use crate::model::site::Site;
use crate::model::NewsItem;
use crate::output::OutputTree;
use crate::routes;

/// A body link: the file it is in, the route of its page, the link.
pub type PageLink = (PathBuf, String, BodyLink);

/// The links in one news item's body.
pub fn news_item_links(item: &NewsItem) -> Vec<PageLink> {
    let route = routes::news_item(&item.slug.value);
    item.body
        .links
        .iter()
        .map(|link| (item.origin.file.clone(), route.clone(), link.clone()))
        .collect()
}

/// Every body link of the site.
pub fn site_links(site: &Site) -> Vec<PageLink> {
    let mut links: Vec<PageLink> = site
        .news()
        .iter()
        .flat_map(|n| news_item_links(n))
        .collect();
    let mut add = |file: &Path, route: String, body: &Rendered| {
        for link in &body.links {
            links.push((file.to_path_buf(), route.clone(), link.clone()));
        }
    };
    for p in site.pages() {
        add(&p.origin.file, routes::page(&p.slug.value), &p.body);
    }
    for p in site.procedures() {
        add(&p.origin.file, routes::procedure(&p.slug.value), &p.body);
    }
    for p in site.plans().values() {
        add(&p.origin.file, routes::inspection_year(p.year), &p.body);
    }
    if let Some(home) = &site.home() {
        add(&home.origin.file, routes::home(), &home.body);
    }
    for (section, intro) in site.intros() {
        add(&intro.origin.file, format!("{section}/"), &intro.body);
    }
    links
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
    Some(routes::percent_decode(&path).unwrap_or(path))
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
