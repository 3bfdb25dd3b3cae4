//! `minhbach serve`: builds into the output folder, serves it on 127.0.0.1,
//! and rebuilds when content, site.yaml or the theme change.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use crate::build::{self, BuildOptions};
use crate::error::{BuildError, Failure};

pub fn serve(root: &Path, port: u16, drafts: bool) -> Result<(), Failure> {
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        BuildError::other(format!(
            "cannot listen on 127.0.0.1:{port}: {e} (is another server using it? try --port {})",
            port.wrapping_add(1).max(1024)
        ))
    })?;
    let options = BuildOptions {
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        drafts,
        ..BuildOptions::new(root)
    };
    let output = options.output_dir();
    rebuild(&options);
    println!(
        "Serving {} at http://127.0.0.1:{port}/ (Ctrl+C to stop)",
        output.display()
    );

    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_mini::new_debouncer(Duration::from_millis(100), tx)
        .map_err(|e| BuildError::other(format!("cannot watch files: {e}")))?;
    for watched in [
        root.join("content"),
        root.join("themes"),
        root.join("site.yaml"),
    ] {
        if watched.exists() {
            let mode = notify::RecursiveMode::Recursive;
            debouncer.watcher().watch(&watched, mode).map_err(|e| {
                BuildError::other(format!("cannot watch {}: {e}", watched.display()))
            })?;
        }
    }
    let watch_options = options.clone();
    std::thread::spawn(move || {
        for events in rx {
            let Ok(events) = events else { continue };
            if events.iter().any(|e| !is_editor_temp_file(&e.path)) {
                rebuild(&watch_options);
            }
        }
    });

    for request in server.incoming_requests() {
        let response = respond(&output, request.url());
        let _ = request.respond(response);
    }
    Ok(())
}

fn rebuild(options: &BuildOptions) {
    let started = std::time::Instant::now();
    match build::build(options) {
        Ok(built) => {
            for w in &built.warnings {
                eprintln!("{w}");
            }
            println!("Rebuilt in {} ms", started.elapsed().as_millis());
        }
        Err(Failure::Content(diagnostics)) => {
            for d in &diagnostics {
                eprintln!("{d}");
            }
            eprintln!("error: the build failed; the previous pages are still served");
        }
        Err(Failure::Internal(err)) => eprintln!("error: {err}"),
    }
}

/// Swap files, backups and lock files that editors write next to the real one.
pub fn is_editor_temp_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(output: &Path, url: &str) -> Response {
    match resolve(output, url) {
        Resolved::File(path) => match fs::read(&path) {
            Ok(bytes) => with_type(tiny_http::Response::from_data(bytes), &path),
            Err(_) => not_found(output),
        },
        Resolved::NotFound => not_found(output),
        Resolved::BadRequest => {
            tiny_http::Response::from_string("bad request").with_status_code(400)
        }
    }
}

fn not_found(output: &Path) -> Response {
    let body = fs::read(output.join("404.html")).unwrap_or_else(|_| b"404 Not Found".to_vec());
    with_type(tiny_http::Response::from_data(body), Path::new("404.html")).with_status_code(404)
}

fn with_type(response: Response, path: &Path) -> Response {
    let mime = mime_type(path);
    match tiny_http::Header::from_bytes(&b"Content-Type"[..], mime.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

pub fn mime_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
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
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

pub enum Resolved {
    File(PathBuf),
    NotFound,
    BadRequest,
}

/// Maps a request path to a file inside `output`, never outside it: `..`,
/// encoded `%2e%2e`, backslashes, NUL and symlinks that lead out are refused.
pub fn resolve(output: &Path, url: &str) -> Resolved {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(decoded) = percent_decode(path) else {
        return Resolved::BadRequest;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Resolved::BadRequest;
    }
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Resolved::BadRequest;
    }
    let mut candidate = output.join(relative);
    if candidate.is_dir() {
        candidate = candidate.join("index.html");
    }
    let (Ok(real), Ok(real_root)) = (fs::canonicalize(&candidate), fs::canonicalize(output)) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&real_root) || !real.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(real)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_editor_temporary_files() {
        assert!(is_editor_temp_file(Path::new("content/news/.a.md.swp")));
        assert!(is_editor_temp_file(Path::new("content/news/a.md~")));
        assert!(is_editor_temp_file(Path::new("content/news/.#a.md")));
        assert!(!is_editor_temp_file(Path::new("content/news/a.md")));
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        let dir = std::env::temp_dir();
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "/a%5c..%5cx",
            "/%00",
        ] {
            assert!(
                matches!(
                    resolve(&dir, url),
                    Resolved::BadRequest | Resolved::NotFound
                ),
                "{url}"
            );
        }
    }
}
