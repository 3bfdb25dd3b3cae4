//! Markdown bodies to HTML, plain text and a summary, with the outgoing links
//! and their lines for `check`. It does not decide which links exist.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Whole text without markup, for search, feeds and citations.
    pub text: String,
    /// The first paragraph as plain text: the default summary.
    pub first_paragraph: String,
    /// Links and images as written, each with its 1-based line in the whole file.
    pub links: Vec<BodyLink>,
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
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of =
        |offset: usize| first_line + line_starts.partition_point(|&start| start <= offset) - 1;

    let mut links = Vec::new();
    let mut text = String::with_capacity(body.len());
    let mut first_paragraph = String::new();
    let mut paragraph_depth = 0usize;
    let mut first_paragraph_done = false;
    let mut in_first_paragraph = false;

    let events: Vec<Event> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(BodyLink {
                    destination: dest_url.to_string(),
                    line: line_of(range.start),
                    is_image: false,
                });
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
                links.push(BodyLink {
                    destination: dest_url.to_string(),
                    line: line_of(range.start),
                    is_image: true,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: prefix_root_relative(dest_url, base_url),
                    title,
                    id,
                })
            }
            other => other,
        })
        .inspect(|event| match event {
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                if !first_paragraph_done && paragraph_depth == 1 {
                    in_first_paragraph = true;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if in_first_paragraph && !first_paragraph.trim().is_empty() {
                    first_paragraph_done = true;
                }
                in_first_paragraph = false;
                text.push('\n');
            }
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
                if in_first_paragraph {
                    first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                if in_first_paragraph {
                    first_paragraph.push(' ');
                }
            }
            Event::End(
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => text.push('\n'),
            _ => {}
        })
        .collect();

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html,
        text,
        first_paragraph: collapse_whitespace(&first_paragraph),
        links,
    }
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
    fn truncates_at_a_word_boundary() {
        assert_eq!(truncate_words("một hai ba bốn", 9), "một hai…");
        assert_eq!(truncate_words("ngắn", 200), "ngắn");
    }
}
