//! Feeds (RSS 2.0), the sitemap (sitemaps.org) and robots.txt, written
//! directly: their shape is fixed by their standards, not by a theme.

use std::fmt::Write;

use crate::escape::xml as escape;
use crate::model::site::Site;
use crate::model::NewsItem;
use chrono::{DateTime, FixedOffset};

use crate::output::OutputTree;
use crate::routes;

const FEED_ITEMS: usize = 50;

pub const SITEMAP: &str = "sitemap.xml";

/// The feeds and robots.txt.
pub fn add_feeds(site: &Site, tree: &mut OutputTree) {
    let all: Vec<&NewsItem> = site.news().iter().map(AsRef::as_ref).collect();
    let inspections: Vec<&NewsItem> = site
        .news()
        .iter()
        .map(AsRef::as_ref)
        .filter(|n| !n.inspections.is_empty())
        .collect();
    let title = &site.config().title;
    let t = &site.config().texts;
    tree.add_text("rss.xml", feed(site, title, "", "rss.xml", &all));
    tree.add_text(
        "news/rss.xml",
        feed(
            site,
            &t.fill("feed.news", &[("site", title)]),
            &routes::news_list(1),
            "news/rss.xml",
            &all,
        ),
    );
    tree.add_text(
        "inspections/rss.xml",
        feed(
            site,
            &t.fill("feed.inspections", &[("site", title)]),
            &routes::inspections(),
            "inspections/rss.xml",
            &inspections,
        ),
    );
    tree.add_text(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            site.config().base_url
        ),
    );
}

fn feed(site: &Site, title: &str, route: &str, self_route: &str, items: &[&NewsItem]) -> String {
    let base = &site.config().base_url;
    let mut out = String::with_capacity(4096 + items.len().min(FEED_ITEMS) * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<link>{}</link>", escape(&format!("{base}{route}")));
    let description = site.config().description.as_deref().unwrap_or(title);
    let _ = writeln!(out, "<description>{}</description>", escape(description));
    let _ = writeln!(
        out,
        "<language>{}</language>",
        site.config().language.code()
    );
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
            let featured = escape(site.config().texts.get("feed.featured"));
            let _ = writeln!(out, "<category>{featured}</category>");
        }
        for tag in &item.tags {
            let _ = writeln!(out, "<category>{}</category>", escape(tag));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// The sitemap of `pages` (route, date of its last change), in the order
/// of their files.
pub fn sitemap<'a>(
    base_url: &str,
    pages: impl Iterator<Item = (&'a str, Option<DateTime<FixedOffset>>)>,
) -> String {
    let mut pages: Vec<(String, &str, Option<DateTime<FixedOffset>>)> = pages
        .map(|(route, lastmod)| (routes::output_file(route), route, lastmod))
        .collect();
    pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(100 + pages.len() * 80);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (_, route, lastmod) in pages {
        let _ = write!(
            out,
            "<url><loc>{}</loc>",
            escape(&format!("{base_url}{route}"))
        );
        if let Some(date) = lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", date.to_rfc3339());
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
