//! The default theme's structural guarantees, checked on every page of a
//! portal with every page type and of the demo portal: one `<h1>`, headings
//! in order, captioned tables with header scopes, dates in `<time>`, JSON-LD
//! that parses, markup in front matter printed as text in every context,
//! charts, image sizes, metadata, overrides and cache-busting.

use std::collections::BTreeSet;
use std::fs;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::harness::*;

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

fn built_fixture() -> Site {
    let site = fixture("every-page-type");
    site.build();
    site
}

fn built_demo() -> Site {
    let site = demo();
    site.build();
    site
}

/// Every HTML page but the redirects (which have no body to speak of).
fn pages(site: &Site) -> Vec<(String, Html)> {
    site.output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let text = site.read(&f);
            (f, Html::parse_document(&text))
        })
        .filter(|(_, html)| {
            html.select(&sel("meta[http-equiv=refresh]"))
                .next()
                .is_none()
        })
        .collect()
}

fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn heading_level(el: ElementRef) -> usize {
    el.value().name()[1..].parse().expect("h1..h6")
}

fn json_ld(html: &Html) -> Vec<Value> {
    html.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
        })
        .collect()
}

/// How many of each checked thing the pages had: a check that met none
/// proved nothing.
#[derive(Default, Debug)]
struct Seen {
    theme_tables: usize,
    times: usize,
    images: usize,
    js_controls: usize,
}

#[track_caller]
fn assert_structure(name: &str, site: &Site) -> Seen {
    let pages = pages(site);
    assert!(pages.len() > 20, "{name}: only {} pages", pages.len());
    let mut seen = Seen::default();
    for (file, html) in &pages {
        let at = format!("{name}: {file}");
        check_landmarks(&at, html);
        check_headings(&at, html);
        seen.theme_tables += check_theme_tables(&at, html);
        seen.times += check_times_and_images(&at, html, &mut seen.images);
        check_metadata(&at, file, html);
        // The text-size control and print buttons are shown only with JavaScript.
        for control in html.select(&sel(".text-size, .print-button")) {
            let needs_js = control.value().classes().any(|c| c == "needs-js");
            assert!(needs_js, "{at}: shown without JS");
            seen.js_controls += 1;
        }
    }
    assert!(
        seen.theme_tables > 0 && seen.times > 0 && seen.js_controls > 0,
        "{name}: {seen:?}"
    );
    seen
}

#[track_caller]
fn check_landmarks(at: &str, html: &Html) {
    let root = html.root_element();
    // `at` is "portal: path"; the demo's English pages are under en/.
    let english = at
        .split_once(": ")
        .is_some_and(|(_, path)| path.starts_with("en/"));
    let lang = if english { "en" } else { "vi" };
    assert_eq!(root.value().attr("lang"), Some(lang), "{at}: lang");
    assert_eq!(html.select(&sel("h1")).count(), 1, "{at}: one h1");
    assert_eq!(html.select(&sel("main#main")).count(), 1, "{at}: one main");
    assert_eq!(
        html.select(&sel(r##"a.skip-link[href="#main"]"##)).count(),
        1,
        "{at}: skip link"
    );
    for landmark in ["body > header", "nav[aria-label]", "body > footer"] {
        assert!(
            html.select(&sel(landmark)).next().is_some(),
            "{at}: {landmark}"
        );
    }
}

/// Headings never skip a level on the way down.
#[track_caller]
fn check_headings(at: &str, html: &Html) {
    let mut previous = 0;
    for h in html.select(&sel("h1, h2, h3, h4, h5, h6")) {
        let level = heading_level(h);
        assert!(
            level <= previous + 1,
            "{at}: <h{level}> \"{}\" follows <h{previous}>",
            text_of(h)
        );
        previous = level;
    }
}

/// The theme's tables (Markdown bodies aside) say what they hold; gives
/// how many it checked.
#[track_caller]
fn check_theme_tables(at: &str, html: &Html) -> usize {
    let mut checked = 0;
    for table in html.select(&sel("table")) {
        let in_prose = table
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().classes().any(|c| c == "prose"));
        if in_prose {
            continue;
        }
        let caption = table.select(&sel("caption")).next();
        assert!(
            caption.is_some_and(|c| !text_of(c).is_empty()),
            "{at}: a table without a caption"
        );
        for th in table.select(&sel("th")) {
            let scope = th.value().attr("scope");
            assert!(
                matches!(scope, Some("col" | "row")),
                "{at}: <th> \"{}\" without scope",
                text_of(th)
            );
        }
        checked += 1;
    }
    checked
}

/// Every `<time>` has a machine-readable date and every `<img>` an alt;
/// gives the number of times, and adds the images to `images`.
#[track_caller]
fn check_times_and_images(at: &str, html: &Html, images: &mut usize) -> usize {
    let mut times = 0;
    for time in html.select(&sel("time")) {
        let datetime = time.value().attr("datetime").unwrap_or_default();
        let valid = chrono::DateTime::parse_from_rfc3339(datetime).is_ok()
            || chrono::NaiveDate::parse_from_str(datetime, "%Y-%m-%d").is_ok();
        assert!(valid, "{at}: <time datetime={datetime:?}>");
        times += 1;
    }
    for img in html.select(&sel("img")) {
        let alt = img.value().attr("alt");
        assert!(alt.is_some(), "{at}: <img> without alt");
        *images += 1;
    }
    times
}

/// A canonical address equal to og:url, a description, JSON-LD that parses.
#[track_caller]
fn check_metadata(at: &str, file: &str, html: &Html) {
    let canonical = html
        .select(&sel(r#"link[rel="canonical"]"#))
        .next()
        .and_then(|l| l.value().attr("href"))
        .unwrap_or_else(|| panic!("{at}: no canonical"));
    let og_url = html
        .select(&sel(r#"meta[property="og:url"]"#))
        .next()
        .and_then(|m| m.value().attr("content"));
    assert_eq!(og_url, Some(canonical), "{at}: og:url");
    if !file.ends_with("404.html") {
        let description = html
            .select(&sel(r#"meta[name="description"]"#))
            .next()
            .and_then(|m| m.value().attr("content"));
        assert!(
            description.is_some_and(|d| !d.trim().is_empty()),
            "{at}: description"
        );
    }
    json_ld(html);
}

#[test]
fn every_page_of_a_portal_with_every_page_type_is_well_formed() {
    let site = built_fixture();
    let files: BTreeSet<String> = site.output_files().into_iter().collect();
    for expected in [
        "index.html",
        "news/index.html",
        "news/page/2/index.html",
        "news/kiem-tra-so-tu-phap/index.html",
        "tags/index.html",
        "tags/mot-cua/index.html",
        "agencies/so-tu-phap/index.html",
        "locations/tinh-thu-nghiem/index.html",
        "inspections/index.html",
        "inspections/2024/index.html",
        "outcomes/index.html",
        "procedures/index.html",
        "procedures/1-000001/index.html",
        "procedures/simplified/index.html",
        "documents/index.html",
        "data/index.html",
        "search/index.html",
        "pages/gioi-thieu/index.html",
        "404.html",
        "tin-cu/kiem-tra-so-tu-phap/index.html",
    ] {
        assert!(files.contains(expected), "the fixture lacks {expected}");
    }
    let seen = assert_structure("every-page-type", &site);
    assert!(seen.images > 2, "{seen:?}");
}

#[test]
fn every_page_of_the_demo_portal_is_well_formed() {
    let site = built_demo();
    let seen = assert_structure("demo", &site);
    assert!(seen.images > 0, "{seen:?}");
    // An article page and its style sheet stay small for a phone on a slow network.
    let article = "news/van-phong-ubnd-tinh-mot-so-ket-qua-noi-bat-trong-cong-tac-cai-cach-hanh-chinh/index.html";
    let weight = site.read(article).len() + site.read("style.css").len();
    assert!(weight < 50_000, "article HTML + CSS is {weight} bytes");
}

#[test]
fn markup_in_front_matter_is_text_in_every_context() {
    let site = built_fixture();
    let title = "Thử <b>đậm</b> & \"ngoặc\" 'đơn' </script><!-- hết";
    let summary = "Tóm tắt </script><script>alert(1)</script> & <i>nghiêng</i>";
    let page = site.page("news/ky-tu-dac-biet/");

    assert_eq!(page.text_of("h1"), title);
    assert_eq!(page.count("h1 b, main i, main em, main img"), 0);
    assert_eq!(
        page.text_of("title"),
        format!("{title} – Cổng thử nghiệm cải cách hành chính")
    );
    assert_eq!(page.attr(r#"meta[property="og:title"]"#, "content"), title);
    assert_eq!(page.attr(r#"meta[name="description"]"#, "content"), summary);
    assert_eq!(page.text_of(".author"), "Tác giả <em>\"A\"</em>");
    assert_eq!(page.text_of(".tags a"), "<thẻ> & \"x\"");
    assert_eq!(page.text_of(".chart dt"), "Chỉ số </script> <b>x</b>");
    assert!(page
        .main_text()
        .contains("Kết quả <img src=x onerror=alert(1)>"));

    // The only scripts are the theme's: the one in <head>, site.js and the JSON-LD block.
    let scripts = page.select_all("script");
    assert_eq!(scripts.len(), 3, "{scripts:?}");
    assert_eq!(page.count("script[src]"), 1);
    assert_eq!(page.count(r#"script[type="application/ld+json"]"#), 1);
    assert!(scripts[0].starts_with("(function(d){d.className+=\" js\""));
    let raw_block = page
        .text
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("a JSON-LD block");
    assert!(!raw_block.contains('<') && !raw_block.contains('>') && !raw_block.contains('&'));
    let data = &json_ld(&page.html)[0];
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(data["headline"], title);
    assert_eq!(data["description"], summary);
    assert_eq!(data["author"]["name"], "Tác giả <em>\"A\"</em>");

    // The same title in lists and the feed.
    let list = site.page("news/page/2/");
    assert!(list.select_all(".card-title").iter().any(|t| t == title));
    assert_eq!(list.count(".card-title b, .card a i"), 0);
    let feed = site.read("rss.xml");
    let xml = roxmltree::Document::parse(&feed).expect("the feed is XML");
    assert!(xml
        .descendants()
        .any(|n| n.has_tag_name("title") && n.text() == Some(title)));
}

#[test]
fn structured_data_names_each_kind_of_page() {
    let site = built_fixture();
    let of = |route: &str| json_ld(&site.page(route).html);

    let article = &of("news/kiem-tra-so-tu-phap/")[0];
    assert_eq!(article["@context"], "https://schema.org");
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["datePublished"], "2024-03-05T09:30:00+07:00");
    assert_eq!(article["dateModified"], "2024-03-07T00:00:00+07:00");
    assert_eq!(
        article["image"],
        "https://thu.example.gov.vn/news/kiem-tra-so-tu-phap/anh-doan-kiem-tra-64w.png"
    );
    assert_eq!(article["publisher"]["@type"], "GovernmentOrganization");

    let service = &of("procedures/1-000001/")[0];
    assert_eq!(service["@type"], "GovernmentService");
    assert_eq!(service["identifier"], "1.000001");
    assert_eq!(service["provider"]["name"], "Sở Tư pháp");
    assert!(service["availableChannel"]["serviceUrl"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://dichvucong.gov.vn/")));

    let data = &of("data/")[0];
    let graph = data["@graph"].as_array().expect("a graph");
    // News, inspections, results, procedures, indices, documents.
    assert_eq!(graph.len(), 6);
    for dataset in graph {
        assert_eq!(dataset["@type"], "Dataset");
        let downloads = dataset["distribution"].as_array().expect("downloads");
        assert!(!downloads.is_empty(), "{dataset}");
        for d in downloads {
            let url = d["contentUrl"].as_str().expect("contentUrl");
            let rel = url
                .strip_prefix("https://thu.example.gov.vn/")
                .expect("on the site");
            assert!(site.exists(rel), "{rel} is not published");
        }
    }

    assert_eq!(of("")[0]["@type"], "WebSite");
}

#[test]
fn the_open_data_page_counts_the_rows_it_links_to() {
    let site = built_fixture();
    let page = site.page("data/");
    for name in ["news", "inspections", "results", "procedures"] {
        let csv = site.read(&format!("data/{name}.csv"));
        let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
        let shown = page.text_of(&format!("tr#{name} td.num"));
        assert_eq!(shown, rows.to_string(), "rows of {name}");
    }
    assert_eq!(
        site.page("")
            .attr(r#".footer-links a[href$="/data/"]"#, "href"),
        "https://thu.example.gov.vn/data/"
    );
}

#[test]
fn results_and_outcomes_are_drawn_beside_their_figures() {
    let site = built_fixture();
    let page = site.page("news/kiem-tra-so-tu-phap/");
    // Two of the three results have a total or a target; the table keeps all three.
    assert_eq!(page.count(".results figure.chart .bar-row"), 2);
    assert_eq!(page.count(".results table tbody tr"), 3);
    assert_eq!(
        page.select_all(".results .chart dt"),
        ["Hồ sơ giải quyết đúng hạn", "Tỷ lệ hồ sơ nộp trực tuyến"]
    );
    assert_eq!(
        page.select_all(".results .chart .bar-value"),
        ["98/100 hồ sơ (98%)", "45%; mục tiêu 60%: chưa đạt"]
    );
    for svg in page.select_all(".chart svg") {
        assert!(
            svg.is_empty(),
            "the drawing carries no text of its own: {svg:?}"
        );
    }
    // Two result bars, and before and after for the one measured outcome.
    assert_eq!(page.count(r#".chart svg[aria-hidden="true"]"#), 4);
    assert_eq!(page.count(".chart svg"), 4);
    assert_eq!(
        page.select_all(".outcomes .chart .chart-title"),
        ["Rút ngắn thời gian cấp phiếu lý lịch tư pháp"]
    );
    // The list of outcomes stays text only.
    assert_eq!(page.count(".outcomes li svg"), 0);
    assert_eq!(page.count(".results .chart line.bar-target"), 1);
    assert_eq!(
        page.select_all(".outcomes .bars-change .bar-value"),
        ["10 ngày", "5 ngày"]
    );

    let outcomes = site.page("outcomes/");
    assert!(outcomes.count(".bars-change") >= 2);
    let home = site.page("");
    assert!(home.count(".figure svg.bar") >= 2);
}

#[test]
fn pictures_have_sizes_and_body_pictures_load_lazily() {
    let site = built_fixture();
    let page = site.page("news/kiem-tra-so-tu-phap/");
    let lead = ".lead-image img";
    assert_eq!(page.attr(lead, "width"), "64");
    assert_eq!(page.attr(lead, "height"), "40");
    assert_eq!(
        page.count(&format!("{lead}[loading]")),
        0,
        "the lead picture is above the fold"
    );
    assert_eq!(page.attr(r#".prose img[src="so-do.svg"]"#, "width"), "300");
    assert_eq!(page.attr(r#".prose img[src="so-do.svg"]"#, "height"), "100");
    assert_eq!(
        page.count(r#".prose img[loading="lazy"][width][height]"#),
        2
    );
    assert_eq!(page.count(".prose .table-scroll > table"), 1);
}

#[test]
fn sitemap_and_feeds_are_xml_listing_real_pages() {
    let site = built_fixture();
    for feed in ["rss.xml", "news/rss.xml", "inspections/rss.xml"] {
        let text = site.read(feed);
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed} is not XML: {e}"));
        assert!(
            doc.descendants().any(|n| n.has_tag_name("channel")),
            "{feed}"
        );
    }
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://thu.example.gov.vn/data/"));
    for loc in &locs {
        let rel = loc
            .strip_prefix("https://thu.example.gov.vn/")
            .expect("on the site");
        assert!(site.exists(&format!("{rel}index.html")), "{loc}");
    }
}

#[test]
fn the_menu_marks_the_current_page_and_section() {
    let site = built_fixture();
    let news = site.page("news/kiem-tra-so-tu-phap/");
    assert_eq!(
        news.text_of(r#".site-nav a[aria-current="true"]"#),
        "Tin tức"
    );
    assert_eq!(news.count(".site-nav a[aria-current]"), 1);
    let list = site.page("news/");
    assert_eq!(
        list.text_of(r#".site-nav a[aria-current="page"]"#),
        "Tin tức"
    );
    assert_eq!(
        site.page("").text_of(r#".site-nav a[aria-current="page"]"#),
        "Trang chủ"
    );
}

#[test]
fn a_site_overrides_one_template_and_adds_static_files() {
    let site = fixture("every-page-type");
    site.build();
    let default_css = site.page("").attr(r#"link[rel="stylesheet"]"#, "href");
    assert!(
        default_css.starts_with("https://thu.example.gov.vn/style.css?v=")
            && default_css.len() == "https://thu.example.gov.vn/style.css?v=".len() + 8,
        "{default_css}"
    );

    let yaml = fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", &format!("{yaml}theme: cong-tinh\n"));
    site.write(
        "themes/cong-tinh/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Trang riêng của tỉnh</h1>{% endblock %}",
    );
    site.write(
        "themes/cong-tinh/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "themes/cong-tinh/static/style.css",
        "body { color: #000; }\n",
    );
    site.build();

    assert_eq!(site.page("404.html").text_of("h1"), "Trang riêng của tỉnh");
    // The other templates stay the default ones.
    assert_eq!(site.page("news/").count(".cards .card"), 2);
    assert_eq!(
        site.read("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert_eq!(site.read("style.css"), "body { color: #000; }\n");
    assert!(site.exists("site.js"), "the default static files stay");
    let own_css = site.page("").attr(r#"link[rel="stylesheet"]"#, "href");
    assert_ne!(own_css, default_css, "a new style sheet gets a new address");
}
