//! Feeds (RSS 2.0), the sitemap (sitemaps.org) and robots.txt, written
//! directly: their shape is fixed by their standards, not by a theme.

use std::fmt::Write;

use crate::escape::xml as escape;
use crate::model::languages::hreflangs;
use crate::model::site::Site;
use crate::model::{Alternate, NewsItem};
use chrono::{DateTime, FixedOffset};

use crate::output::OutputTree;
use crate::routes;

const FEED_ITEMS: usize = 50;

pub const SITEMAP: &str = "sitemap.xml";

/// One entry of a feed: a news item, or a year of an index when it was published.
struct Entry<'a> {
    title: String,
    route: String,
    date: DateTime<FixedOffset>,
    /// For `lastBuildDate`: the entry's last change.
    updated: DateTime<FixedOffset>,
    summary: &'a str,
    categories: Vec<&'a str>,
}

fn news_entry<'a>(site: &'a Site, item: &'a NewsItem) -> Entry<'a> {
    let mut categories: Vec<&str> = Vec::new();
    if item.featured {
        categories.push(site.config().texts.get("feed.featured"));
    }
    categories.extend(item.tags.iter().map(String::as_str));
    Entry {
        title: item.title.clone(),
        route: routes::news_item(&item.slug.value),
        date: item.date,
        updated: item.updated.unwrap_or(item.date),
        summary: &item.summary,
        categories,
    }
}

/// The news items a feed can show, and the last change of all of them.
struct Shown<'a> {
    /// The newest `FEED_ITEMS`, and those of the same date as the last of
    /// them: the feed's own order (date, then route) picks among those.
    entries: Vec<Entry<'a>>,
    newest: Option<DateTime<FixedOffset>>,
}

impl<'a> Shown<'a> {
    /// `items` newest first, as `Site::news` keeps them.
    fn of(site: &'a Site, items: impl Iterator<Item = &'a NewsItem>) -> Self {
        let mut entries: Vec<Entry<'a>> = Vec::new();
        let mut newest = None;
        for item in items {
            newest = newest.max(Some(item.updated.unwrap_or(item.date)));
            let full = entries.len() >= FEED_ITEMS;
            if !full || entries.last().is_some_and(|last| last.date == item.date) {
                entries.push(news_entry(site, item));
            }
        }
        Shown { entries, newest }
    }
}

/// The index years that say when they were published, newest first.
fn index_entries(site: &Site) -> Vec<Entry<'_>> {
    let t = &site.config().texts;
    let mut entries: Vec<Entry> = site
        .indices()
        .iter()
        .flat_map(|index| index.years.values().map(move |year| (index, year)))
        .filter_map(|(index, year)| {
            let date = year.published?;
            let values: [(&str, &dyn std::fmt::Display); 2] =
                [("index", &index.name), ("year", &year.year)];
            Some(Entry {
                title: t.fill("page.index_year", &values),
                route: routes::index_year(&index.slug, year.year),
                date,
                updated: date,
                summary: year.scope.as_deref().unwrap_or(""),
                categories: vec![index.name.as_str()],
            })
        })
        .collect();
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.route.cmp(&b.route)));
    entries
}

/// The feeds and robots.txt.
/// The feeds of `site`, at its language's root (see `OutputTree::nest`).
pub fn feeds(site: &Site) -> OutputTree {
    let mut tree = OutputTree::default();
    add_feeds(site, &mut tree);
    tree
}

pub fn add_feeds(site: &Site, tree: &mut OutputTree) {
    let news = Shown::of(site, site.news().iter().map(|n| n.as_ref()));
    let inspections = Shown::of(
        site,
        site.news()
            .iter()
            .map(|n| n.as_ref())
            .filter(|n| !n.inspections.is_empty()),
    );
    let indices = index_entries(site);
    let title = &site.config().title;
    let t = &site.config().texts;
    // The main feed has the news and each index year when it is published.
    let mut everything: Vec<&Entry> = news.entries.iter().chain(&indices).collect();
    everything.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.route.cmp(&b.route)));
    let newest = news
        .newest
        .into_iter()
        .chain(indices.iter().map(|e| e.updated));
    let channel = Channel {
        title,
        route: "",
        self_route: "rss.xml",
        newest: newest.max(),
    };
    tree.add_text("rss.xml", feed(site, &channel, &everything));
    let feeds = [
        ("feed.news", routes::news_list(1), "news/rss.xml", &news),
        (
            "feed.inspections",
            routes::inspections(),
            "inspections/rss.xml",
            &inspections,
        ),
    ];
    for (key, route, path, shown) in feeds {
        let entries: Vec<&Entry> = shown.entries.iter().collect();
        let feed_title = t.fill(key, &[("site", title)]);
        let channel = Channel {
            title: &feed_title,
            route: &route,
            self_route: path,
            newest: shown.newest,
        };
        tree.add_text(path, feed(site, &channel, &entries));
    }
    if !site.indices().is_empty() {
        let entries: Vec<&Entry> = indices.iter().collect();
        let feed_title = t.fill("feed.indices", &[("site", title)]);
        let route = routes::indices();
        let channel = Channel {
            title: &feed_title,
            route: &route,
            self_route: "indices/rss.xml",
            newest: indices.iter().map(|e| e.updated).max(),
        };
        tree.add_text("indices/rss.xml", feed(site, &channel, &entries));
    }
    tree.add_text(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            site.config().base_url
        ),
    );
}

/// A feed's own lines: its title, the page it stands for, its own address
/// and the last change of any entry it could list.
struct Channel<'a> {
    title: &'a str,
    route: &'a str,
    self_route: &'a str,
    newest: Option<DateTime<FixedOffset>>,
}

fn feed(site: &Site, channel: &Channel, items: &[&Entry]) -> String {
    let Channel {
        title,
        route,
        self_route,
        newest,
    } = *channel;
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
    // The newest entry's time, not the clock's, so two builds are byte-identical.
    if let Some(newest) = newest {
        let _ = writeln!(
            out,
            "<lastBuildDate>{}</lastBuildDate>",
            newest.to_rfc2822()
        );
    }
    for entry in items.iter().take(FEED_ITEMS) {
        let link = format!("{base}{}", entry.route);
        out.push_str("<item>\n");
        let _ = writeln!(out, "<title>{}</title>", escape(&entry.title));
        let _ = writeln!(out, "<link>{}</link>", escape(&link));
        let _ = writeln!(out, "<guid isPermaLink=\"true\">{}</guid>", escape(&link));
        let _ = writeln!(out, "<pubDate>{}</pubDate>", entry.date.to_rfc2822());
        let _ = writeln!(out, "<description>{}</description>", escape(entry.summary));
        for category in &entry.categories {
            let _ = writeln!(out, "<category>{}</category>", escape(category));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// One page as the sitemap lists it.
pub struct SitemapPage<'a> {
    pub url: String,
    /// Its file under the output folder: the order of the sitemap.
    pub file: &'a str,
    /// When its content last changed, where known.
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// Its versions in every language, itself included; empty for a page
    /// in one language.
    pub alternates: &'a [Alternate],
}

/// The sitemap of `pages`, in the order of their files; each translated
/// page lists its versions (`xhtml:link`, with `x-default` for the
/// default language's).
pub fn sitemap(mut pages: Vec<SitemapPage>) -> String {
    pages.sort_unstable_by(|a, b| a.file.cmp(b.file));
    let mut out = String::with_capacity(100 + pages.len() * 80);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if pages.iter().any(|p| !p.alternates.is_empty()) {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for page in pages {
        out.push_str("<url><loc>");
        crate::escape::push_xml(&mut out, &page.url);
        out.push_str("</loc>");
        if let Some(date) = page.lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", date.to_rfc3339());
        }
        for (hreflang, url) in hreflangs(page.alternates) {
            let _ = write!(
                out,
                "<xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                escape(url)
            );
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
