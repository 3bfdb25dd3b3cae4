//! Feeds (RSS 2.0), the sitemap (sitemaps.org) and robots.txt, written
//! directly: their shape is fixed by their standards, not by a theme.

use std::fmt::Write;

use crate::escape::xml as escape;
use crate::model::site::Site;
use crate::model::NewsItem;
use crate::output::{Content, OutputTree};
use crate::routes;

const FEED_ITEMS: usize = 50;

pub const SITEMAP: &str = "sitemap.xml";

/// The feeds, robots.txt and the sitemap; `sitemap` is the previous build's,
/// when it still holds (it lists every page, which is costly on a large site).
pub fn add_feeds_and_sitemap(site: &Site, tree: &mut OutputTree, sitemap: Option<&Content>) {
    let all: Vec<&NewsItem> = site.news.iter().map(AsRef::as_ref).collect();
    let inspections: Vec<&NewsItem> = site
        .news
        .iter()
        .map(AsRef::as_ref)
        .filter(|n| n.inspection.is_some())
        .collect();
    let title = &site.config.title;
    tree.add_text("rss.xml", feed(site, title, "", "rss.xml", &all));
    tree.add_text(
        "news/rss.xml",
        feed(
            site,
            &format!("{title} – Tin tức"),
            &routes::news_list(1),
            "news/rss.xml",
            &all,
        ),
    );
    tree.add_text(
        "inspections/rss.xml",
        feed(
            site,
            &format!("{title} – Kiểm tra cải cách hành chính"),
            &routes::inspections(),
            "inspections/rss.xml",
            &inspections,
        ),
    );
    match sitemap {
        Some(kept) => {
            tree.files.insert(SITEMAP.into(), kept.clone());
        }
        None => {
            let made = make_sitemap(site, tree);
            tree.add_text(SITEMAP, made);
        }
    }
    tree.add_text(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            site.config.base_url
        ),
    );
}

fn feed(site: &Site, title: &str, route: &str, self_route: &str, items: &[&NewsItem]) -> String {
    let base = &site.config.base_url;
    let mut out = String::with_capacity(4096 + items.len().min(FEED_ITEMS) * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<link>{}</link>", escape(&format!("{base}{route}")));
    let description = site.config.description.as_deref().unwrap_or(title);
    let _ = writeln!(out, "<description>{}</description>", escape(description));
    let _ = writeln!(out, "<language>{}</language>", site.config.language.code());
    let _ = writeln!(
        out,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&format!("{base}{self_route}"))
    );
    // The newest item's time, not the clock's, so two builds are byte-identical.
    if let Some(newest) = items.iter().map(|n| n.updated.unwrap_or(n.date)).max() {
        let _ = writeln!(
            out,
            "<lastBuildDate>{}</lastBuildDate>",
            newest.to_rfc2822()
        );
    }
    for item in items.iter().take(FEED_ITEMS) {
        let link = format!("{base}{}", routes::news_item(&item.slug.value));
        out.push_str("<item>\n");
        let _ = writeln!(out, "<title>{}</title>", escape(&item.title));
        let _ = writeln!(out, "<link>{}</link>", escape(&link));
        let _ = writeln!(out, "<guid isPermaLink=\"true\">{}</guid>", escape(&link));
        let _ = writeln!(out, "<pubDate>{}</pubDate>", item.date.to_rfc2822());
        let _ = writeln!(out, "<description>{}</description>", escape(&item.summary));
        if item.featured {
            out.push_str("<category>Tin nổi bật</category>\n");
        }
        for tag in &item.tags {
            let _ = writeln!(out, "<category>{}</category>", escape(tag));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// Every HTML page of the tree, except redirects and the 404 page.
/// The last sitemap with the dates of `items` as they are now, for a site
/// with the same pages; `None` if an item has no entry in it.
pub fn redate_sitemap(previous: &str, site: &Site, items: &[&NewsItem]) -> Option<String> {
    let mut text = previous.to_string();
    for item in items {
        let path = routes::output_file(&routes::news_item(&item.slug.value));
        let route = path.strip_suffix("index.html").unwrap_or(&path);
        let loc = format!(
            "<url><loc>{}</loc>",
            escape(&format!("{}{route}", site.config.base_url))
        );
        let start = text.find(&loc)? + loc.len();
        let end = start + text[start..].find("</url>")?;
        let lastmod = lastmod_of(item);
        text.replace_range(start..end, &format!("<lastmod>{lastmod}</lastmod>"));
    }
    Some(text)
}

fn lastmod_of(item: &NewsItem) -> String {
    item.updated.unwrap_or(item.date).to_rfc3339()
}

pub fn make_sitemap(site: &Site, tree: &OutputTree) -> String {
    let base = &site.config.base_url;
    let mut redirects: Vec<String> = site
        .news
        .iter()
        .flat_map(|n| n.aliases.iter())
        .chain(site.pages.iter().flat_map(|p| p.aliases.iter()))
        .map(|a| routes::output_file(a.value.trim_start_matches('/')))
        .collect();
    redirects.push(routes::output_file("news/page/1/"));
    redirects.sort();

    let mut lastmod = std::collections::HashMap::new();
    for item in &site.news {
        lastmod.insert(
            routes::output_file(&routes::news_item(&item.slug.value)),
            item,
        );
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in tree.files.keys() {
        let is_page = path.ends_with(".html") && path != "404.html";
        if !is_page || redirects.binary_search(path).is_ok() {
            continue;
        }
        let route = path.strip_suffix("index.html").unwrap_or(path);
        let _ = write!(out, "<url><loc>{}</loc>", escape(&format!("{base}{route}")));
        if let Some(&date) = lastmod.get(path) {
            let _ = write!(out, "<lastmod>{}</lastmod>", lastmod_of(date));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
