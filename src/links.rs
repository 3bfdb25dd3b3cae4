//! Internal links: every link a body makes, and which of them lead to a page
//! of this site that the build did not make. `build` reports them as
//! warnings, `check` as errors. It reads bodies and the output, nothing else.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Fix};
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

/// The links among `links` that lead inside the site to no file of `tree`,
/// or to a page without the element their `#id` names.
pub fn check_links(base: &str, links: &[PageLink], tree: &OutputTree) -> Vec<Diagnostic> {
    let base_path = base_path_of(base);
    let mut ids = PageIds::default();
    let mut errors = Vec::new();
    for (file, page_route, link) in links {
        let Some(problem) = link_problem(
            &link.destination,
            base,
            base_path,
            page_route,
            tree,
            &mut ids,
        ) else {
            continue;
        };
        errors.push(
            Diagnostic::error(
                file,
                link.line,
                Fix::Link,
                format!("link to {} {problem}", link.destination),
            )
            .with_key("body"),
        );
    }
    errors
}

/// The links every generated page makes (menus, lists, a document's
/// replacement ...), checked like body links; a link a body makes is
/// reported once, against its content file, by `check_links`.
pub fn check_page_links(base: &str, links: &[PageLink], tree: &OutputTree) -> Vec<Diagnostic> {
    let base_path = base_path_of(base);
    // A body's link is in its page's HTML as the renderer wrote it (made
    // absolute): compared by where it leads.
    let leads_to = |destination: &str, route: &str| {
        let fragment = destination.split_once('#').map(|(_, f)| f.to_string());
        (
            internal_target(destination, base, base_path, route),
            fragment,
        )
    };
    let body_links: HashSet<(&str, Leads)> = links
        .iter()
        .map(|(_, route, link)| (route.as_str(), leads_to(&link.destination, route)))
        .collect();
    let mut ids = PageIds::default();
    let mut errors = Vec::new();
    for (path, content) in &tree.files {
        let Some(route) = path.strip_suffix("index.html") else {
            continue;
        };
        let Some(html) = content.bytes().and_then(|b| std::str::from_utf8(b).ok()) else {
            continue;
        };
        for (at, href) in attribute_values(html, "href") {
            let href = href.replace("&amp;", "&");
            if body_links.contains(&(route, leads_to(&href, route))) {
                continue;
            }
            if let Some(problem) = link_problem(&href, base, base_path, route, tree, &mut ids) {
                let line = html[..at].matches('\n').count() + 1;
                errors.push(Diagnostic::error(
                    Path::new(path),
                    line,
                    Fix::Link,
                    format!("generated link to {href} {problem}"),
                ));
            }
        }
    }
    errors
}

/// Where a link leads: its output path, if inside the site, and its `#id`.
type Leads = (Option<String>, Option<String>);

fn base_path_of(base: &str) -> &str {
    base.split_once("://")
        .map_or(base, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]))
}

/// What is wrong with a link from the page at `page_route`, if anything.
fn link_problem(
    destination: &str,
    base: &str,
    base_path: &str,
    page_route: &str,
    tree: &OutputTree,
    ids: &mut PageIds,
) -> Option<&'static str> {
    let fragment = destination.split_once('#').map(|(_, f)| f);
    let target = if destination.starts_with('#') {
        page_route.to_string()
    } else {
        internal_target(destination, base, base_path, page_route)?
    };
    let Some(file) = resolved_file(tree, &target) else {
        return Some("goes to a page this site does not have");
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let fragment = routes::percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
    match ids.of(tree, &file) {
        Some(found) if !found.contains(&fragment) => {
            Some("goes to a part (#id) its page does not have")
        }
        _ => None,
    }
}

/// The ids of each HTML page looked at, read once.
#[derive(Default)]
struct PageIds(HashMap<String, Option<HashSet<String>>>);

impl PageIds {
    /// `None` for a file whose text is not at hand (copied, or written
    /// already) or that is not HTML: its ids are not known, not absent.
    fn of(&mut self, tree: &OutputTree, file: &str) -> Option<&HashSet<String>> {
        self.0
            .entry(file.to_string())
            .or_insert_with(|| {
                if !file.ends_with(".html") {
                    return None;
                }
                let html = std::str::from_utf8(tree.files.get(file)?.bytes()?).ok()?;
                Some(
                    attribute_values(html, "id")
                        .map(|(_, id)| id.replace("&amp;", "&"))
                        .collect(),
                )
            })
            .as_ref()
    }
}

/// Every `NAME="value"` attribute of `html`, with its offset. The program's
/// own pages quote every attribute, and text escapes every quote.
fn attribute_values<'a>(html: &'a str, name: &str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| at)
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(move |at| {
            let start = at + needle.len();
            let end = html[start..].find('"')? + start;
            Some((at, &html[start..end]))
        })
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

/// The output file a target resolves to: itself, or its folder's index.
fn resolved_file(tree: &OutputTree, target: &str) -> Option<String> {
    let candidates = if target.is_empty() {
        vec!["index.html".to_string()]
    } else if target.ends_with('/') {
        vec![format!("{target}index.html")]
    } else {
        vec![target.to_string(), format!("{target}/index.html")]
    };
    candidates.into_iter().find(|c| tree.files.contains_key(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Content;

    fn tree(pages: &[(&str, &str)]) -> OutputTree {
        let mut tree = OutputTree::default();
        for (path, html) in pages {
            tree.add(path, Content::Bytes(html.as_bytes().to_vec()));
        }
        tree
    }

    /// The bug of issue 16: "replaced by" linked to `#vb-…` on a list that
    /// had no such row. A generated link to a missing id is an error.
    #[test]
    fn a_generated_link_to_an_id_its_page_lacks_is_an_error() {
        let base = "https://thu.example.vn/";
        let tree = tree(&[
            ("documents/index.html", "<li id=\"vb-93-2007-qd-ttg\"><a href=\"https://thu.example.vn/documents/#vb-09-2015-qd-ttg\">x</a></li>"),
            ("documents/09-2015-qd-ttg/index.html", "<a href=\"#main\">skip</a><main id=\"main\"></main>"),
            ("index.html", "<a href=\"https://thu.example.vn/documents/#vb-93-2007-qd-ttg\">ok</a>\n<a href=\"/documents/09-2015-qd-ttg/\">ok</a>"),
        ]);
        let errors = check_page_links(base, &[], &tree);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let shown = errors[0].to_string();
        assert!(shown.contains("documents/index.html"), "{shown}");
        assert!(
            shown.contains("#vb-09-2015-qd-ttg goes to a part (#id) its page does not have"),
            "{shown}"
        );
    }

    #[test]
    fn a_generated_link_to_a_missing_page_is_an_error() {
        let tree = tree(&[("index.html", "<a href=\"/documents/khong-co/\">x</a>")]);
        let errors = check_page_links("https://thu.example.vn/", &[], &tree);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }
}
