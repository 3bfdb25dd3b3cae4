//! Live reload: the server-sent event stream each open tab listens to, and
//! the errors document its overlay shows. It does not build or watch.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::json;

use crate::error::{display_path, Diagnostic, Severity};
use crate::locale::Texts;

/// Tabs listening at once; each holds a thread, so the count is bounded.
const MAX_LISTENERS: usize = 64;
/// A comment line this often finds tabs that were closed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub const EVENTS_PATH: &str = "/__minhbach/events";
pub const ERRORS_PATH: &str = "/__minhbach/errors.json";
pub const SCRIPT_PATH: &str = "/__minhbach/live.js";
pub const SCRIPT: &str = include_str!("live.js");

/// The tabs listening for rebuilds.
#[derive(Default)]
pub struct Hub {
    listeners: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// `None` when too many tabs listen already.
    pub fn subscribe(&self) -> Option<Receiver<String>> {
        let mut listeners = self.listeners.lock().ok()?;
        if listeners.len() >= MAX_LISTENERS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        listeners.push(tx);
        Some(rx)
    }

    /// Sends one event to every tab, forgetting tabs that have gone.
    pub fn broadcast(&self, event: &str, data: &serde_json::Value) {
        let message = format_event(event, data);
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|tx| tx.send(message.clone()).is_ok());
        }
    }
}

pub fn format_event(event: &str, data: &serde_json::Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

/// Streams events to one tab until it goes away. The head is written by
/// hand: tiny_http would buffer a chunked body, and an event must leave at once.
pub fn stream(request: tiny_http::Request, events: Receiver<String>, hello: String) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\n\
        Content-Type: text/event-stream; charset=utf-8\r\n\
        Cache-Control: no-store\r\n\
        Connection: close\r\n\r\n\
        retry: 1000\n\n";
    if writer.write_all(head.as_bytes()).is_err()
        || writer.write_all(hello.as_bytes()).is_err()
        || writer.flush().is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(KEEP_ALIVE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer.write_all(message.as_bytes()).is_err() || writer.flush().is_err() {
            return;
        }
    }
}

/// The findings of the last rebuild, for the overlay; each with `open`, a
/// link that opens its file at its line in an editor (VS Code's
/// `vscode://file/` address, which other editors register too), and `fix`,
/// how to fix it in the editors' language, which also gives the overlay its
/// `lang`, heading and button.
pub fn errors_document(
    build: &str,
    diagnostics: &[Diagnostic],
    site_root: &Path,
    editors: &Texts,
) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "file": display_path(&d.path),
                "line": d.line,
                "column": d.column,
                "key": d.key,
                "message": d.message,
                "text": d.to_string(),
                "open": editor_link(site_root, &d.path, d.line, d.column),
                "fix": editors.fix(d.fix),
            })
        })
        .collect();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    json!({
        "build": build,
        "lang": editors.lang().code(),
        "heading": editors.count("serve.errors_heading", errors),
        "hide": editors.get("serve.hide"),
        "diagnostics": list,
    })
    .to_string()
}

fn editor_link(site_root: &Path, file: &Path, line: usize, column: Option<usize>) -> String {
    let path = site_root.join(file);
    let absolute = std::fs::canonicalize(&path).unwrap_or(path);
    let text = display_path(&absolute)
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('#', "%23");
    let slash = if text.starts_with('/') { "" } else { "/" };
    format!("vscode://file{slash}{text}:{line}:{}", column.unwrap_or(1))
}

/// The tag `serve` puts before `</body>` of every HTML page it sends.
pub fn snippet(build: &str) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-minhbach-build=\"{build}\" defer></script>")
}

/// Adds the live-reload tag to a page, before its last `</body>` (or at the end).
pub fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let tag = snippet(build);
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_closing_body_tag() {
        let page = b"<html><body><p>a</p></BODY></html>";
        let out = String::from_utf8(inject(page, "7")).expect("utf8");
        assert_eq!(
            out,
            format!("<html><body><p>a</p>{}</BODY></html>", snippet("7"))
        );
    }

    #[test]
    fn appends_to_pages_without_a_body_tag() {
        let out = String::from_utf8(inject(b"<p>a</p>", "1")).expect("utf8");
        assert!(out.starts_with("<p>a</p><script"));
    }

    use crate::error::Fix;
    use crate::locale::Lang;

    #[test]
    fn errors_document_carries_file_line_column_key_and_message() {
        let d = Diagnostic::error("content/news/a.md", 4, Fix::Date, "expected a date")
            .at_column(7)
            .with_key("date");
        let vi = Texts::builtin(Lang::Vi);
        let doc: serde_json::Value =
            serde_json::from_str(&errors_document("1-2", &[d], Path::new("/srv/cong"), &vi))
                .expect("json");
        let first = &doc["diagnostics"][0];
        assert_eq!(first["file"], "content/news/a.md");
        assert_eq!(first["line"], 4);
        assert_eq!(first["column"], 7);
        assert_eq!(first["key"], "date");
        assert_eq!(first["severity"], "error");
        assert_eq!(
            first["open"],
            "vscode://file/srv/cong/content/news/a.md:4:7"
        );
        assert_eq!(doc["lang"], "vi");
        assert_eq!(first["fix"], vi.fix(Fix::Date));
        assert!(
            first["fix"]
                .as_str()
                .is_some_and(|f| f.contains("2019-03-27")),
            "{first}"
        );
        assert!(
            doc["heading"]
                .as_str()
                .is_some_and(|h| h.starts_with("1 lỗi")),
            "{doc}"
        );
    }
}
