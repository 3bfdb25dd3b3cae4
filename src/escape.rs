//! Escaping user text for every place it is written: HTML content and quoted
//! attributes, XML (feeds, sitemap), and JSON inside an HTML page (JSON-LD,
//! search fragments). One owner per context; callers never escape by hand.

use serde_json::Value;

/// Text for HTML content and quoted attributes. Tera's default also escapes
/// `/`, which only bloats every URL.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_replaced(&mut out, text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
    out
}

/// Text for XML 1.0 content and attributes. Characters XML 1.0 forbids are
/// dropped rather than breaking the feed.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_xml(&mut out, text);
    out
}

/// `xml`, appended to `out`.
pub fn push_xml(out: &mut String, text: &str) {
    push_replaced(out, text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&apos;"),
        b if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') => Some(""),
        _ => None,
    });
}

/// Appends `text` with each ASCII byte that `replace` names replaced.
/// Every `{{ }}` of every page and every feed entry comes through here: the
/// runs between replaced bytes are copied whole (no byte of a multi-byte
/// UTF-8 sequence is ASCII, so a run ends on a character's boundary),
/// rather than pushing text a char at a time.
fn push_replaced(out: &mut String, text: &str, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut run_start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let Some(replacement) = replace(byte) else {
            continue;
        };
        out.push_str(&text[run_start..i]);
        out.push_str(replacement);
        run_start = i + 1;
    }
    out.push_str(&text[run_start..]);
}

/// JSON for a `<script>` element: see `json_in_html`.
pub fn script_json(value: &Value) -> String {
    json_in_html(&serde_json::to_string(value).unwrap_or_else(|_| "{}".into()))
}

/// Writes `<`, `>`, `&` and the JavaScript line separators of serialized JSON
/// as `\u` escapes: the same data, but no user text in it can ever close a
/// `<script>` or be read as markup, whatever a server or page does with it.
pub fn json_in_html(json: &str) -> String {
    // Byte by byte, copying the runs between matches: the escaped characters
    // are ASCII or start with 0xE2, and no byte of a multi-byte UTF-8
    // sequence is ASCII. (Char by char this was most of the search index's
    // time on a 10,000-item portal.)
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 16);
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (escape, width) = match bytes[i] {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => {
                ("\\u2028", 3)
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => {
                ("\\u2029", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&json[run_start..i]);
        out.push_str(escape);
        i += width;
        run_start = i;
    }
    out.push_str(&json[run_start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_markup_and_quotes_for_html() {
        assert_eq!(
            html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(html("/tin-tuc/"), "/tin-tuc/");
    }

    #[test]
    fn keeps_vietnamese_text_whole_between_escapes() {
        assert_eq!(
            html("Sở <Nội vụ> & “CCHC”"),
            "Sở &lt;Nội vụ&gt; &amp; “CCHC”"
        );
        assert_eq!(html("<"), "&lt;");
        assert_eq!(html("ệ"), "ệ");
        assert_eq!(html(""), "");
    }

    #[test]
    fn escapes_markup_and_drops_forbidden_characters_for_xml() {
        assert_eq!(
            xml("<b>\"A&B\"</b>\u{1}"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
        // Marked letters beside replaced characters, tabs and newlines kept.
        assert_eq!(xml("Đ'ồ\t\u{1f}<ư>\n"), "Đ&apos;ồ\t&lt;ư&gt;\n");
    }

    #[test]
    fn no_text_can_close_the_script_element() {
        let value = json!({"headline": "</script><!-- a & b \u{2028}>"});
        let text = script_json(&value);
        assert_eq!(
            text,
            r#"{"headline":"\u003c/script\u003e\u003c!-- a \u0026 b \u2028\u003e"}"#
        );
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn other_text_passes_unchanged_around_the_escapes() {
        // "–" (E2 80 93) and "…" (E2 80 A6) share the first two bytes of U+2028.
        let text = "Bà Rịa – Vũng Tàu… <b>đột xuất</b>\u{2029}&";
        assert_eq!(
            json_in_html(text),
            "Bà Rịa – Vũng Tàu… \\u003cb\\u003eđột xuất\\u003c/b\\u003e\\u2029\\u0026"
        );
        assert_eq!(json_in_html("chỉ chữ"), "chỉ chữ");
    }
}
