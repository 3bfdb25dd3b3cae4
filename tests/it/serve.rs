//! `minhbach serve` over real HTTP: pages with their types, the reload event
//! after a save, the errors document, and nothing outside the site served.
//! Every server is killed when its test ends; every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::harness::*;

const WAIT: Duration = Duration::from_secs(30);
const ITEM: &str = "content/news/2021-03-04-kiem-tra.md";

struct Server {
    child: Child,
    port: u16,
    stderr: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Forwards a pipe's lines to a channel, so reading never blocks the test.
fn lines_of(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The exit status of a process expected to stop by itself; killed if it does not.
#[track_caller]
fn exit_within(child: &mut Child, complaint: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{complaint}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Server {
    /// `serve --port 0` (any free port), once it says where it listens.
    #[track_caller]
    fn start(site: &Site) -> Server {
        let mut child = Command::new(binary())
            .args(["serve", "--port", "0"])
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let stdout = lines_of(child.stdout.take().expect("stdout"));
        let stderr = lines_of(child.stderr.take().expect("stderr"));
        let mut server = Server {
            child,
            port: 0,
            stderr,
        };
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            let Ok(line) = stdout.recv_timeout(Duration::from_millis(200)) else {
                continue;
            };
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                server.port = rest
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("port");
                // Keep draining stdout so the server never blocks on a full pipe.
                std::thread::spawn(move || while stdout.recv().is_ok() {});
                return server;
            }
        }
        panic!("serve did not start: {}", server.stderr_text());
    }

    fn stderr_text(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }

    /// Sends `path` exactly as given (no normalising), over HTTP/1.0.
    fn get(&self, path: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read reply");
        Reply::parse(&raw)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        write!(
            stream,
            "GET /__minhbach/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut events = Events {
            stream,
            buffer: String::new(),
        };
        let (name, _) = events.next(WAIT).expect("hello event");
        assert_eq!(name, "hello");
        events
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    /// The next event's name and data, waiting at most `within`.
    fn next(&mut self, within: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + within;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|l| l.strip_prefix(name))
                        .map(|v| v.trim().to_string())
                };
                if let Some(event) = field("event:") {
                    return Some((event, field("data:").unwrap_or_default()));
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(_) => {}
            }
        }
    }

    /// Waits for the event named `name`, skipping others.
    #[track_caller]
    fn expect(&mut self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.next(left) {
                Some((event, data)) if event == name => return data,
                Some(_) => {}
                None => break,
            }
        }
        panic!("no `{name}` event within {WAIT:?}");
    }
}

#[test]
fn serves_pages_with_their_types_a_404_page_and_the_reload_tag() {
    let site = fixture("one-news-item");
    let server = Server::start(&site);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert!(home.body.contains("Cổng thử nghiệm"));
    assert!(home.body.contains("src=\"/__minhbach/live.js\""));
    // base_url is the local address, so links stay on this server.
    assert!(home
        .body
        .contains(&format!("http://127.0.0.1:{}/news/", server.port)));
    assert!(!home.body.contains("https://thu.example.vn/"));

    let item = server.get("/news/kiem-tra/");
    assert_eq!(item.status, 200);
    assert!(item.body.contains("Kiểm tra tại Sở Nội vụ"));
    assert_eq!(
        server.get("/style.css").header("content-type"),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        server.get("/rss.xml").header("content-type"),
        "application/xml; charset=utf-8"
    );
    assert_eq!(
        server.get("/data/news.json").header("content-type"),
        "application/json"
    );
    assert_eq!(
        server.get("/data/news.csv").header("content-type"),
        "text/csv; charset=utf-8"
    );
    let script = server.get("/__minhbach/live.js");
    assert_eq!(
        script.header("content-type"),
        "text/javascript; charset=utf-8"
    );
    assert!(script.body.contains("EventSource"));

    let folder = server.get("/news/kiem-tra?x=1");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), "/news/kiem-tra/?x=1");
    let missing = server.get("/khong-co-trang-nay/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), "text/html; charset=utf-8");
    assert!(missing.body.contains("Trang bạn tìm không có"));
}

#[test]
fn the_reload_tag_is_never_in_build_output() {
    let site = fixture("one-news-item");
    site.build();
    for file in site.output_files() {
        let bytes = std::fs::read(site.public().join(&file)).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__minhbach"), "{file} has the serve tag");
    }
}

#[test]
fn a_save_rebuilds_the_page_and_tells_open_tabs_to_reload() {
    let site = fixture("one-news-item");
    let server = Server::start(&site);
    let mut events = server.events();
    let text = std::fs::read_to_string(site.root().join(ITEM)).expect("read");
    site.write(
        ITEM,
        &text.replace("Đoàn kiểm tra đã làm việc.", "Đoàn đã kiểm tra xong."),
    );
    let data = events.expect("reload");
    assert!(data.contains("\"build\""), "{data}");
    let page = server.get("/news/kiem-tra/");
    assert!(page.body.contains("Đoàn đã kiểm tra xong."));
    // The page names the build it comes from, so a tab loaded meanwhile reloads too.
    let build: serde_json::Value = serde_json::from_str(&data).expect("json");
    let build = build["build"].as_str().expect("build name");
    assert!(page
        .body
        .contains(&format!("data-minhbach-build=\"{build}\"")));
}

#[test]
fn a_content_error_keeps_the_last_pages_and_is_reported_to_open_tabs() {
    let site = fixture("one-news-item");
    let server = Server::start(&site);
    let mut events = server.events();
    let good = std::fs::read_to_string(site.root().join(ITEM)).expect("read");
    site.write(
        ITEM,
        &good
            .replace("date: 2021-03-04", "date: 4/3/2021")
            .replace("Đoàn kiểm tra", "Bản lỗi"),
    );
    events.expect("errors");
    let errors: serde_json::Value =
        serde_json::from_str(&server.get("/__minhbach/errors.json").body).expect("json");
    let first = &errors["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], ITEM);
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 7);
    assert_eq!(first["key"], "date");
    assert_eq!(
        first["message"],
        "expected a date like 2019-03-27, found \"4/3/2021\""
    );
    // The fixture's editors write Vietnamese: the overlay explains in it.
    assert_eq!(errors["lang"], "vi");
    assert_eq!(
        first["fix"],
        "Cách sửa: ngày phải viết dạng năm-tháng-ngày: 2019-03-27 (không viết 27/3/2019)."
    );
    assert!(
        errors["heading"]
            .as_str()
            .is_some_and(|h| h.starts_with("1 lỗi nội dung")),
        "{errors}"
    );
    let page = server.get("/news/kiem-tra/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Đoàn kiểm tra đã làm việc."),
        "the last good page is served"
    );

    site.write(ITEM, &good);
    events.expect("reload");
    let errors: serde_json::Value =
        serde_json::from_str(&server.get("/__minhbach/errors.json").body).expect("json");
    assert_eq!(errors["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let site = fixture("one-news-item");
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("bi-mat.txt"), "BÍ MẬT").expect("write");
    site.write(
        "content/news/2021-05-01-co-anh/index.md",
        "---\ntitle: Có ảnh\ndate: 2021-05-01\n---\n\nẢnh.\n",
    );
    site.write("content/news/2021-05-01-co-anh/that.txt", "tệp thật");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("bi-mat.txt"),
        site.root()
            .join("content/news/2021-05-01-co-anh/bi-mat.txt"),
    )
    .expect("symlink");
    let server = Server::start(&site);
    assert_eq!(server.get("/news/co-anh/that.txt").status, 200);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/news/../../site.yaml",
        "/news/%2e%2e/%2e%2e/site.yaml",
        "/..%5csite.yaml",
        "/./index.html",
        "/%00",
        "/%zz",
    ] {
        assert_eq!(server.get(path).status, 400, "{path}");
    }
    for path in [
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/site.yaml",
        "/content/news/2021-03-04-kiem-tra.md",
        "/news/co-anh/bi-mat.txt",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            !reply.body.contains("BÍ MẬT") && !reply.body.contains("base_url"),
            "{path}"
        );
    }
    // An absolute URL as the request target is not a path of this site.
    assert_eq!(server.get("http://127.0.0.1/../site.yaml").status, 400);
}

#[test]
fn other_methods_are_refused() {
    let site = fixture("one-news-item");
    let server = Server::start(&site);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(stream, "DELETE / HTTP/1.0\r\nHost: x\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    assert_eq!(Reply::parse(&raw).status, 405);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = fixture("one-news-item");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let mut child = Command::new(binary())
        .args(["serve", "--port", &port])
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = lines_of(child.stderr.take().expect("stderr"));
    let status = exit_within(&mut child, "serve kept running on a busy port");
    assert_eq!(status.code(), Some(1));
    let message = stderr.iter().collect::<Vec<_>>().join("\n");
    assert!(
        message.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{message}"
    );
}

#[test]
fn a_folder_without_site_yaml_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(binary())
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = lines_of(child.stderr.take().expect("stderr"));
    let status = exit_within(&mut child, "serve kept running without a site");
    assert_eq!(status.code(), Some(1));
    let message = stderr.iter().collect::<Vec<_>>().join("\n");
    assert!(message.contains("site.yaml:1: file not found"), "{message}");
}

#[test]
fn pictures_resized_in_the_background_reload_the_tabs() {
    let site = fixture("pictures");
    let server = Server::start(&site);
    let mut events = server.events();
    // The first build showed the originals; the resize ends in a rebuild.
    events.expect("reload");
    let page = server.get("/news/hoi-nghi-cai-cach/");
    assert!(
        page.body.contains("hoi-nghi-360w.webp 360w"),
        "{}",
        page.body
    );
    let copy = server.get("/news/hoi-nghi-cai-cach/hoi-nghi-360w.webp");
    assert_eq!(copy.status, 200);
    assert_eq!(copy.header("content-type"), "image/webp");
}
