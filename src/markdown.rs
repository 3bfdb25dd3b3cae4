//! Markdown bodies to HTML, plain text and a summary, with the outgoing links
//! and their lines for `check`. It does not decide which links exist.

use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Shared: the serve rebuilder copies every parsed item on each save,
    /// and a copy of a body should not copy its text.
    pub html: Arc<str>,
    /// Whole text without markup, for search, feeds and citations.
    pub text: Arc<str>,
    /// The first paragraph as plain text: the default summary.
    pub first_paragraph: String,
    /// Links and images as written, each with its 1-based line in the whole file.
    pub links: Vec<BodyLink>,
    /// Raw HTML or addresses that could run a script; refused unless the site allows it.
    pub unsafe_html: Vec<UnsafeHtml>,
    /// The body's headings in order, each with the id its HTML carries.
    pub headings: Vec<Heading>,
}

/// A heading of a body: `<h2 id="ket-qua">Kết quả</h2>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Folded from its text, unique in the body (`ket-qua`, `ket-qua-2`).
    pub id: String,
    pub text: String,
    /// Where its text starts in `Rendered::text` (bytes).
    pub at: usize,
}

/// A script the body would carry into the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeHtml {
    pub line: usize,
    /// What was found: `a <script> element`, `an event-handler attribute (onclick)`.
    pub what: String,
}

static EVENT_HANDLER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?i)<[a-z][^>]*?[\s"'/](on[a-z]+)\s*="#).expect("valid regex")
});

/// Why a piece of raw HTML could run a script, if it could.
fn script_in_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("a <script> element".into());
    }
    if let Some(m) = EVENT_HANDLER.captures(html) {
        return Some(format!(
            "an event-handler attribute ({})",
            m[1].to_ascii_lowercase()
        ));
    }
    if is_script_address(&lower) {
        return Some("a javascript: address".into());
    }
    None
}

/// `javascript:` hidden by spaces, tabs or case still runs in browsers.
fn is_script_address(text: &str) -> bool {
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.contains("javascript:") || squeezed.contains("vbscript:")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub destination: String,
    pub line: usize,
    pub is_image: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders `body`, whose first line is line `first_line` of its file.
/// Root-relative links (`/news/x/`) are prefixed with `base_url` so a site
/// published under a sub-path keeps working.
pub fn render(body: &str, first_line: usize, base_url: &str) -> Rendered {
    render_with_images(body, first_line, base_url, &|_| None)
}

/// Like `render`, with `image_size` giving the pixel size of a picture as
/// written in the body (`anh.jpg`), when it is known (a page bundle's file).
pub fn render_with_images(
    body: &str,
    first_line: usize,
    base_url: &str,
    image_size: &dyn Fn(&str) -> Option<(u32, u32)>,
) -> Rendered {
    render_with_pictures(
        body,
        first_line,
        base_url,
        &|shown| match image_size(shown.src) {
            Some(size) => BodyPicture::Sized(size),
            None => BodyPicture::Unknown,
        },
    )
}

/// A picture of the body, as written.
pub struct BodyImage<'a> {
    pub src: &'a str,
    pub alt: &'a str,
    pub title: &'a str,
    /// Inside a link: the picture cannot link to its original.
    pub in_link: bool,
}

/// What the body knows of a picture it shows.
pub enum BodyPicture {
    /// The whole markup, written by the caller (a published picture).
    Markup(String),
    /// An `<img>` of this width and height.
    Sized((u32, u32)),
    Unknown,
}

/// Like `render`, with `picture` saying how each picture is shown.
pub fn render_with_pictures(
    body: &str,
    first_line: usize,
    base_url: &str,
    picture: &dyn Fn(&BodyImage) -> BodyPicture,
) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of =
        |offset: usize| first_line + line_starts.partition_point(|&start| start <= offset) - 1;
    let mut seen = Seen::with_capacity(body.len());
    let events: Vec<Event> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, range)| {
            let event = seen.rewrite(event, line_of(range.start), base_url);
            seen.read(&event);
            event
        })
        .collect();
    let events = shift_headings(events);
    let (events, named) = name_headings(events);
    let headings = named
        .into_iter()
        .zip(&seen.heading_starts)
        .map(|((id, text), &at)| Heading { id, text, at })
        .collect();
    let events = themed_images_and_tables(events, picture);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html: html.into(),
        text: seen.text.into(),
        first_paragraph: collapse_whitespace(&seen.first_paragraph),
        links: seen.links,
        unsafe_html: seen.unsafe_html,
        headings,
    }
}

/// What a pass over a body's events gathers besides its HTML.
struct Seen {
    links: Vec<BodyLink>,
    unsafe_html: Vec<UnsafeHtml>,
    text: String,
    first_paragraph: String,
    paragraph_depth: usize,
    first_paragraph_done: bool,
    in_first_paragraph: bool,
    /// Where each heading's text starts in `text`.
    heading_starts: Vec<usize>,
}

impl Seen {
    fn with_capacity(len: usize) -> Self {
        Seen {
            links: Vec::new(),
            unsafe_html: Vec::new(),
            text: String::with_capacity(len),
            first_paragraph: String::new(),
            paragraph_depth: 0,
            first_paragraph_done: false,
            in_first_paragraph: false,
            heading_starts: Vec::new(),
        }
    }

    /// Records links, pictures and scripts (at `line`), and gives the event
    /// with root-relative addresses under `base_url`.
    fn rewrite<'a>(&mut self, event: Event<'a>, line: usize, base_url: &str) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_script_address(&dest_url) {
                    self.unsafe_html.push(UnsafeHtml {
                        line,
                        what: "a javascript: address".into(),
                    });
                }
                self.link(&dest_url, line, false);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: prefix_root_relative(dest_url, base_url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link(&dest_url, line, true);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: prefix_root_relative(dest_url, base_url),
                    title,
                    id,
                })
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                if let Some(what) = script_in_html(html) {
                    self.unsafe_html.push(UnsafeHtml { line, what });
                }
                event
            }
            other => other,
        }
    }

    fn link(&mut self, destination: &str, line: usize, is_image: bool) {
        self.links.push(BodyLink {
            destination: destination.to_string(),
            line,
            is_image,
        });
    }

    /// Gathers the plain text and the first paragraph.
    fn read(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.heading_starts.push(self.text.len()),
            Event::Start(Tag::Paragraph) => {
                self.paragraph_depth += 1;
                if !self.first_paragraph_done && self.paragraph_depth == 1 {
                    self.in_first_paragraph = true;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                if self.in_first_paragraph && !self.first_paragraph.trim().is_empty() {
                    self.first_paragraph_done = true;
                }
                self.in_first_paragraph = false;
                self.text.push('\n');
            }
            Event::Text(t) | Event::Code(t) => {
                self.text.push_str(t);
                if self.in_first_paragraph {
                    self.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                if self.in_first_paragraph {
                    self.first_paragraph.push(' ');
                }
            }
            Event::End(
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => self.text.push('\n'),
            _ => {}
        }
    }
}

/// The page's title is its only `<h1>`: a body's headings are moved down so
/// its highest one becomes `<h2>`, keeping their order (`#`/`##` and
/// `##`/`###` both give h2/h3).
fn shift_headings(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let highest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min();
    let Some(highest) = highest else {
        return events;
    };
    let shift = |level: HeadingLevel| {
        let wanted = (level as usize + 2).saturating_sub(highest).min(6);
        HeadingLevel::try_from(wanted).unwrap_or(HeadingLevel::H6)
    };
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: shift(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
            other => other,
        })
        .collect()
}

/// Every heading gets an id folded from its text (`## Kết quả` → `ket-qua`),
/// made unique in the body with `-2`, `-3` ... Returns the events and each heading's (id, text).
fn name_headings(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<(String, String)>) {
    let mut texts: Vec<String> = Vec::new();
    let mut inside = false;
    for event in &events {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                inside = true;
                texts.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => inside = false,
            Event::Text(t) | Event::Code(t) if inside => {
                if let Some(last) = texts.last_mut() {
                    last.push_str(t);
                }
            }
            _ => {}
        }
    }
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut named: Vec<(String, String)> = Vec::with_capacity(texts.len());
    let mut n = 0;
    let events = events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let text = collapse_whitespace(texts.get(n).map_or("", String::as_str));
                n += 1;
                let base = match &id {
                    Some(given) => given.to_string(),
                    None => crate::slug::slugify(&text),
                };
                let base = if base.is_empty() {
                    format!("h{n}")
                } else {
                    base
                };
                let mut unique = base.clone();
                let mut k = 2;
                while !used.insert(unique.clone()) {
                    unique = format!("{base}-{k}");
                    k += 1;
                }
                named.push((unique.clone(), text));
                Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes,
                    attrs,
                })
            }
            other => other,
        })
        .collect();
    (events, named)
}

/// Pictures get their size (when known) and load lazily, since a body starts
/// below the headline; tables scroll sideways inside their own box on a phone
/// instead of widening the page (focusable, so a keyboard can scroll them).
fn themed_images_and_tables<'a>(
    events: Vec<Event<'a>>,
    picture: &dyn Fn(&BodyImage) -> BodyPicture,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut image: Option<(String, String, String)> = None;
    let mut depth = 0usize;
    let mut links = 0usize;
    for event in events {
        if let Some((_, _, alt)) = image.as_mut() {
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth > 0 => depth -= 1,
                Event::End(TagEnd::Image) => {
                    if let Some((src, title, alt)) = image.take() {
                        let shown = BodyImage {
                            src: &src,
                            alt: &alt,
                            title: &title,
                            in_link: links > 0,
                        };
                        let html = match picture(&shown) {
                            BodyPicture::Markup(html) => html,
                            BodyPicture::Sized(size) => image_tag(&src, &title, &alt, Some(size)),
                            BodyPicture::Unknown => image_tag(&src, &title, &alt, None),
                        };
                        out.push(Event::InlineHtml(html.into()));
                    }
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => image = Some((dest_url.to_string(), title.to_string(), String::new())),
            Event::Start(Tag::Link { .. }) => {
                links += 1;
                out.push(event);
            }
            Event::End(TagEnd::Link) => {
                links = links.saturating_sub(1);
                out.push(event);
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(
                    "<div class=\"table-scroll\" tabindex=\"0\">\n".into(),
                ));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html("</div>\n".into()));
            }
            other => out.push(other),
        }
    }
    out
}

fn image_tag(src: &str, title: &str, alt: &str, size: Option<(u32, u32)>) -> String {
    let mut tag = String::from("<img src=\"");
    let _ = escape_href(&mut tag, src);
    tag.push_str("\" alt=\"");
    let _ = escape_html(&mut tag, alt);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = escape_html(&mut tag, title);
        tag.push('"');
    }
    if let Some((width, height)) = size {
        tag.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    tag.push_str(" loading=\"lazy\" decoding=\"async\">");
    tag
}

fn prefix_root_relative<'a>(dest: CowStr<'a>, base_url: &str) -> CowStr<'a> {
    if dest.starts_with('/') && !dest.starts_with("//") {
        CowStr::from(format!("{}{}", base_url.trim_end_matches('/'), dest))
    } else {
        dest
    }
}

pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts plain text to about `max_chars`, at a word boundary, with an ellipsis.
pub fn truncate_words(text: &str, max_chars: usize) -> String {
    let text = collapse_whitespace(text);
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_scripts_event_handlers_and_script_addresses_with_their_lines() {
        let body = "Đoạn 1\n\n<script>alert(1)</script>\n\n<img src=x ONERROR=\"a()\">\n\n[x](JavaScript:alert(1)) và <a href=\"java\tscript:x\">y</a>\n";
        let found: Vec<(usize, String)> = render(body, 10, "/")
            .unsafe_html
            .into_iter()
            .map(|u| (u.line, u.what))
            .collect();
        assert_eq!(
            found,
            [
                (12, "a <script> element".to_string()),
                (14, "an event-handler attribute (onerror)".to_string()),
                (16, "a javascript: address".to_string()),
                (16, "a javascript: address".to_string()),
            ]
        );
    }

    #[test]
    fn keeps_harmless_raw_html() {
        let r = render("<details><summary>Xem</summary>Nội dung</details>\n\nA <abbr title=\"Cải cách hành chính\">CCHC</abbr>\n", 1, "/");
        assert!(r.unsafe_html.is_empty());
        assert!(r
            .html
            .contains("<abbr title=\"Cải cách hành chính\">CCHC</abbr>"));
    }

    #[test]
    fn renders_tables_footnotes_strikethrough_and_task_lists() {
        let body =
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~cũ~~ mới[^1]\n\n[^1]: ghi chú\n\n- [x] xong\n";
        let html = render(body, 1, "https://x.vn/").html;
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>cũ</del>"));
        assert!(html.contains("footnote-definition"));
        assert!(html.contains("type=\"checkbox\""));
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let r = render(
            "# Tiêu đề\n\nĐoàn **kiểm tra** đã\nlàm việc.\n\nĐoạn hai.\n",
            1,
            "/",
        );
        assert_eq!(r.first_paragraph, "Đoàn kiểm tra đã làm việc.");
    }

    #[test]
    fn prefixes_root_relative_links_and_records_their_lines() {
        let r = render(
            "Xem\n\n[tin](/news/a/) và [ngoài](https://e.vn/)\n",
            5,
            "https://x.vn/cchc/",
        );
        assert!(r.html.contains("href=\"https://x.vn/cchc/news/a/\""));
        assert!(r.html.contains("href=\"https://e.vn/\""));
        assert_eq!(r.links[0].destination, "/news/a/");
        assert_eq!(r.links[0].line, 7);
    }

    #[test]
    fn gives_headings_folded_ids_unique_in_the_body() {
        let r = render(
            "## Kết quả\n\nMột.\n\n## Kết quả\n\nHai.\n\n### Đề xuất\n",
            1,
            "/",
        );
        assert!(
            r.html.contains("<h2 id=\"ket-qua\">Kết quả</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"ket-qua-2\">Kết quả</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"de-xuat\">"), "{}", r.html);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ket-qua", "ket-qua-2", "de-xuat"]);
        assert!(
            r.text[r.headings[1].at..].starts_with("Kết quả\nHai."),
            "{:?}",
            r.text
        );
    }

    #[test]
    fn moves_body_headings_below_the_page_title() {
        let html = render("# Một\n\n## Hai\n", 1, "/").html;
        assert!(
            html.contains("<h2 id=\"mot\">Một</h2>") && html.contains("<h3 id=\"hai\">Hai</h3>")
        );
        let html = render("## Một\n\n### Hai\n", 1, "/").html;
        assert!(
            html.contains("<h2 id=\"mot\">Một</h2>") && html.contains("<h3 id=\"hai\">Hai</h3>")
        );
        assert!(!render("###### Sáu\n\n# Một", 1, "/").html.contains("<h1"));
    }

    #[test]
    fn sizes_pictures_and_loads_them_lazily() {
        let sized = |src: &str| (src == "anh.jpg").then_some((800, 600));
        let html = render_with_images(
            "![Đoàn *kiểm tra* \"A\"](anh.jpg \"t<\") ![x](/b.png)",
            1,
            "https://x.vn/",
            &sized,
        )
        .html;
        assert!(html.contains(
            r#"<img src="anh.jpg" alt="Đoàn kiểm tra &quot;A&quot;" title="t&lt;" width="800" height="600" loading="lazy" decoding="async">"#
        ), "{html}");
        assert!(html.contains(r#"<img src="https://x.vn/b.png" alt="x" loading="lazy""#));
    }

    #[test]
    fn wraps_tables_in_a_scrolling_box() {
        let html = render("| a |\n|---|\n| 1 |\n", 1, "/").html;
        assert!(html.starts_with("<div class=\"table-scroll\" tabindex=\"0\">\n<table>"));
        assert!(html.trim_end().ends_with("</table>\n</div>"));
    }

    #[test]
    fn truncates_at_a_word_boundary() {
        assert_eq!(truncate_words("một hai ba bốn", 9), "một hai…");
        assert_eq!(truncate_words("ngắn", 200), "ngắn");
    }
}
