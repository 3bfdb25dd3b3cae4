//! Answers one HTTP request from the site in memory: files by exact path,
//! never anything outside the output tree. Building and watching live elsewhere.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use tiny_http::{Method, Request};

use super::live::{self, Hub};
use super::State;
use crate::error::Diagnostic;
use crate::escape::html as escape_html;
use crate::incremental::Later;
use crate::output::{Content, OutputTree};

/// A response, written by hand (see `send`).
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// Writes the reply and closes the connection. tiny_http answers the
/// requests of one kept-alive connection strictly in order and leaves out a
/// `Connection` header we set, so with an event stream open a browser could
/// queue a request behind it; one request per connection cannot.
fn send(request: Request, reply: Reply) {
    let head_only = *request.method() == Method::Head;
    let mut writer = request.into_writer();
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    // A tab closed meanwhile is no error of ours.
    let _ = writer
        .write_all(head.as_bytes())
        .and_then(|()| {
            if head_only {
                Ok(())
            } else {
                writer.write_all(&reply.body)
            }
        })
        .and_then(|()| writer.flush());
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Handles one request; the event stream is handed to its own thread.
pub fn handle(request: Request, state: &State, hub: &Arc<Hub>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        send(
            request,
            text(405, "only GET and HEAD are served").with_header("Allow", "GET, HEAD"),
        );
        return;
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_string();
    if path == live::EVENTS_PATH {
        let Some(events) = hub.subscribe() else {
            send(request, text(503, "too many open tabs are listening"));
            return;
        };
        // Listening first, then the state: a rebuild that lands in between
        // is in the hello or in the queue, never lost.
        let snapshot = state.snapshot();
        let errors = snapshot.diagnostics.iter().filter(|d| d.is_error()).count();
        let hello = live::format_event(
            "hello",
            &serde_json::json!({ "build": snapshot.build, "errors": errors }),
        );
        std::thread::spawn(move || live::stream(request, events, hello));
        return;
    }
    let super::Snapshot {
        build,
        tree,
        later,
        diagnostics,
    } = state.snapshot();
    let reply = match path.as_str() {
        live::ERRORS_PATH => typed(
            200,
            live::errors_document(
                &build,
                &diagnostics,
                state.site_root(),
                &crate::build::editors_texts(state.site_root()),
            )
            .into_bytes(),
            "application/json",
        ),
        live::SCRIPT_PATH => typed(
            200,
            live::SCRIPT.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        _ => match tree {
            Some(tree) => {
                let site = Site {
                    tree: &tree,
                    later: later.as_deref(),
                    build: &build,
                    copy_roots: state.copy_roots(),
                };
                site.reply(&path, request.url())
            }
            None => failed_build_page(&build, &diagnostics),
        },
    };
    let range = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Range"))
        .map(|h| h.value.as_str().to_string());
    send(request, ranged(reply, range.as_deref()));
}

/// The part of a whole reply a `Range: bytes=…` header asks for, as static hosts
/// answer it (the search page reads fragment packs so). Only one range is served;
/// several, or a header of another unit, get the whole reply, which HTTP allows.
fn ranged(reply: Reply, range: Option<&str>) -> Reply {
    let Some(spec) = range.and_then(|r| r.trim().strip_prefix("bytes=")) else {
        return reply;
    };
    if reply.status != 200 || spec.contains(',') {
        return reply;
    }
    let len = reply.body.len();
    let Some((start, end)) = byte_range(spec, len) else {
        return Reply {
            status: 416,
            headers: vec![("Content-Range", format!("bytes */{len}"))],
            body: Vec::new(),
        };
    };
    let mut headers = reply.headers;
    headers.push(("Content-Range", format!("bytes {start}-{}/{len}", end - 1)));
    Reply {
        status: 206,
        headers,
        body: reply.body[start..end].to_vec(),
    }
}

/// `a-b`, `a-` or `-n` over a body of `len` bytes, as `start..end`; None when nothing of it exists.
fn byte_range(spec: &str, len: usize) -> Option<(usize, usize)> {
    let (first, last) = spec.trim().split_once('-')?;
    let (start, end) = if first.is_empty() {
        let suffix: usize = last.parse().ok()?;
        (len.saturating_sub(suffix), len)
    } else {
        let start: usize = first.parse().ok()?;
        let end = match last {
            "" => len,
            _ => last.parse::<usize>().ok()?.saturating_add(1).min(len),
        };
        (start, end)
    };
    (start < end).then_some((start, end))
}

/// Where a request path leads in the output tree.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A key of the output tree.
    File(String),
    BadRequest,
}

/// Decodes a request path into a key of the tree. `..`, `.`, encoded
/// slashes and dots, backslashes and NUL are refused, not normalised away.
pub fn resolve(path: &str) -> Resolved {
    if !path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Some(decoded) = crate::routes::percent_decode(path) else {
        return Resolved::BadRequest;
    };
    if decoded.contains(['\\', '\0']) {
        return Resolved::BadRequest;
    }
    // Encoded `/` would let a segment check miss a `..`: decoded, it is a separator like any other.
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Resolved::BadRequest;
    }
    let key = segments.join("/");
    if key.is_empty() {
        Resolved::File("index.html".into())
    } else if decoded.ends_with('/') {
        Resolved::File(format!("{key}/index.html"))
    } else {
        Resolved::File(key)
    }
}

/// One build, as requests see it.
struct Site<'a> {
    tree: &'a OutputTree,
    later: Option<&'a Later>,
    build: &'a str,
    copy_roots: &'a [PathBuf],
}

impl Site<'_> {
    fn reply(&self, path: &str, url: &str) -> Reply {
        let key = match resolve(path) {
            Resolved::File(key) => key,
            Resolved::BadRequest => return text(400, "bad request"),
        };
        let found = self.tree.files.get(&key).cloned().or_else(|| {
            // Open data is made after the pages: wait for it rather than answer 404.
            self.later
                .and_then(|later| later.get(&key, super::LATER_WAIT))
        });
        if let Some(content) = found {
            return match read(&content, self.copy_roots) {
                Some(bytes) => page(200, &key, bytes, self.build),
                None => self.not_found(),
            };
        }
        if !key.ends_with("index.html")
            && self.tree.files.contains_key(&format!("{key}/index.html"))
        {
            return redirect_with_slash(url);
        }
        self.not_found()
    }

    fn not_found(&self) -> Reply {
        match self.tree.files.get("404.html").and_then(Content::bytes) {
            Some(bytes) => page(404, "404.html", bytes.to_vec(), self.build),
            None => text(404, "not found"),
        }
    }
}

/// `/news` → `/news/`, keeping the query, so relative links on the page work.
fn redirect_with_slash(url: &str) -> Reply {
    let (path, query) = url
        .split_once('?')
        .map_or((url, None), |(p, q)| (p, Some(q)));
    let target = match query {
        Some(q) => format!("{path}/?{q}"),
        None => format!("{path}/"),
    };
    text(301, "moved").with_header("Location", &target)
}

/// A bundle asset (or a picture's copy) is read from disk when asked for,
/// only if it is still inside the content folder (or the picture cache): a
/// symlink put there since cannot lead out.
fn read(content: &Content, copy_roots: &[PathBuf]) -> Option<Vec<u8>> {
    match content {
        Content::Copy(source) | Content::Link(source) => {
            let real = fs::canonicalize(source).ok()?;
            let inside = copy_roots
                .iter()
                .filter_map(|root| fs::canonicalize(root).ok())
                .any(|root| real.starts_with(root));
            if !inside {
                return None;
            }
            fs::read(real).ok()
        }
        other => other.bytes().map(<[u8]>::to_vec),
    }
}

fn page(status: u16, key: &str, bytes: Vec<u8>, build: &str) -> Reply {
    let mime = mime_type(key);
    let bytes = if mime.starts_with("text/html") {
        live::inject(&bytes, build)
    } else {
        bytes
    };
    typed(status, bytes, mime)
}

/// Shown for every page until a first build succeeds; the overlay lists the errors too.
fn failed_build_page(build: &str, diagnostics: &[Diagnostic]) -> Reply {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Nội dung có lỗi</title></head>\
         <body><main><h1>Chưa dựng được trang: nội dung có lỗi</h1>\
         <p>Sửa các lỗi dưới đây và lưu tệp; trang sẽ tự tải lại.</p><ul>",
    );
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        html.push_str("<li><code>");
        html.push_str(&escape_html(&d.to_string()));
        html.push_str("</code></li>");
    }
    html.push_str("</ul></main></body></html>\n");
    typed(
        500,
        live::inject(html.as_bytes(), build),
        "text/html; charset=utf-8",
    )
}

fn text(status: u16, body: &str) -> Reply {
    typed(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn typed(status: u16, body: Vec<u8>, mime: &str) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body,
    }
    .with_header("Content-Type", mime)
    // Every save changes pages: the browser must never show a stale copy.
    .with_header("Cache-Control", "no-store")
    .with_header("X-Content-Type-Options", "nosniff")
}

pub fn mime_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_one_byte_range_as_a_static_host_does() {
        let whole = || Reply {
            status: 200,
            headers: vec![("Content-Type", "application/octet-stream".into())],
            body: b"0123456789".to_vec(),
        };
        let part = ranged(whole(), Some("bytes=2-4"));
        assert_eq!((part.status, part.body.as_slice()), (206, &b"234"[..]));
        assert!(part
            .headers
            .contains(&("Content-Range", "bytes 2-4/10".to_string())));
        assert_eq!(ranged(whole(), Some("bytes=7-")).body, b"789");
        assert_eq!(ranged(whole(), Some("bytes=-2")).body, b"89");
        assert_eq!(ranged(whole(), Some("bytes=8-99")).body, b"89");
        assert_eq!(ranged(whole(), Some("bytes=10-12")).status, 416);
        // Several ranges, another unit or no header: the whole body, as HTTP allows.
        for header in [Some("bytes=0-1,4-5"), Some("items=0-1"), None] {
            let reply = ranged(whole(), header);
            assert_eq!((reply.status, reply.body.len()), (200, 10), "{header:?}");
        }
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fetc%2fpasswd",
            "/a%5c..%5cx",
            "/a/%00",
            "/%",
            "/%zz",
            "/./index.html",
            "etc/passwd",
            "/%ff",
        ] {
            assert_eq!(resolve(url), Resolved::BadRequest, "{url}");
        }
    }

    #[test]
    fn maps_paths_to_tree_keys() {
        assert_eq!(resolve("/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/news/kiem-tra/"),
            Resolved::File("news/kiem-tra/index.html".into())
        );
        assert_eq!(resolve("/rss.xml"), Resolved::File("rss.xml".into()));
        // `//etc/passwd` is the key `etc/passwd`, which a site does not have.
        assert_eq!(resolve("//etc/passwd"), Resolved::File("etc/passwd".into()));
        assert_eq!(
            resolve("/news/%E1%BA%A3nh.jpg"),
            Resolved::File("news/ảnh.jpg".into())
        );
    }

    #[test]
    fn knows_the_types_of_site_files() {
        assert_eq!(mime_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(mime_type("data/news.csv"), "text/csv; charset=utf-8");
        assert_eq!(mime_type("x.SVG"), "image/svg+xml");
        assert_eq!(mime_type("noext"), "application/octet-stream");
    }
}
