//! Test harness: copies a fixture site into a temporary folder, runs the real
//! `minhbach` binary on it, and parses what it wrote with a real HTML parser.

// Each helper serves some feature modules; a build of fewer modules must not warn.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub output: Output,
}

/// A copy of `tests/fixtures/NAME` in a fresh temporary folder.
#[track_caller]
pub fn fixture(name: &str) -> Site {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(source.is_dir(), "no fixture {}", source.display());
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&source, dir.path());
    Site { dir }
}

/// What the demo portal at the top of the repository is made of; the
/// browser tests' `copySite("demo", dir)` (tests/browser/lib.mjs) copies the same.
pub const DEMO_FILES: [&str; 3] = ["site.yaml", "content", "themes"];

/// A copy of the demo portal at the top of the repository: the one way the
/// tests get it, so every test builds the same portal.
#[track_caller]
pub fn demo() -> Site {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    for name in DEMO_FILES {
        let (from, to) = (repo.join(name), dir.path().join(name));
        if from.is_dir() {
            copy_dir(&from, &to);
        } else {
            fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        }
    }
    Site { dir }
}

/// An empty site folder with just a site.yaml, for tests that write their own files.
pub fn empty_site() -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("site.yaml"),
        "title: Cổng thử nghiệm\nbase_url: https://thu.example.vn/\n",
    )
    .expect("write site.yaml");
    Site { dir }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Writes `content/news/2021-01-01-nhieu.md`, "Nhiều văn bản", citing the
/// 150 decisions `Quyết định N/2020/QĐ-UBND`, N = 1..=150 (two pages of /documents/).
pub fn write_item_citing_150_documents(site: &Site) {
    let cited: String = (1..=150)
        .map(|n| format!("Theo Quyết định {n}/2020/QĐ-UBND.\n\n"))
        .collect();
    site.write(
        "content/news/2021-01-01-nhieu.md",
        &format!("---\ntitle: Nhiều văn bản\ndate: 2021-01-01\n---\n\n{cited}"),
    );
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_minhbach"))
}

impl Site {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes (or replaces) a file of the site.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// `run` with more environment variables (`TZ`, `RAYON_NUM_THREADS`,
    /// or another `SOURCE_DATE_EPOCH`).
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(binary())
            .args(args)
            .current_dir(self.root())
            .env("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01T00:00:00Z: scheduled items are judged against it
            .envs(env.iter().copied())
            .output()
            .expect("run minhbach");
        Run { output }
    }

    /// Fails if any file under public/ holds `text` (as UTF-8).
    #[track_caller]
    pub fn assert_no_file_mentions(&self, text: &str) {
        let files = self.output_files();
        assert!(!files.is_empty(), "public/ is empty");
        for file in files {
            let bytes = fs::read(self.public().join(&file)).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains(text),
                "{file} mentions {text:?}"
            );
        }
    }

    /// `minhbach build` that must succeed.
    #[track_caller]
    pub fn build(&self) -> Run {
        self.run(&["build"]).expect_exit(0)
    }

    #[track_caller]
    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// The page at `route` (`news/x/`), parsed.
    #[track_caller]
    pub fn page(&self, route: &str) -> Page {
        let file = if route.is_empty() || route.ends_with('/') {
            self.public().join(route).join("index.html")
        } else {
            self.public().join(route)
        };
        let text =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("no page {}: {e}", file.display()));
        Page {
            html: Html::parse_document(&text),
            text,
        }
    }

    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.public().join(rel))
            .unwrap_or_else(|e| panic!("cannot read public/{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Every file under public/, relative, sorted.
    pub fn output_files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.public())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(self.public())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    #[track_caller]
    pub fn expect_exit(self, code: i32) -> Self {
        assert_eq!(
            self.output.status.code(),
            Some(code),
            "exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr()
        );
        self
    }

    /// Every diagnostic `error:` line, whatever file it names (`error:
    /// PATH:LINE[:COLUMN]: ...`: content, documents.yaml, site.yaml, theme
    /// files, `--base-url`); not the closing summary line, which names none.
    pub fn error_lines(&self) -> Vec<String> {
        self.stderr()
            .lines()
            .filter(|l| l.strip_prefix("error: ").is_some_and(names_a_place))
            .map(str::to_string)
            .collect()
    }
}

/// Whether a diagnostic's text starts with `PATH:LINE` or
/// `PATH:LINE:COLUMN`, then `: ` (the summary line and internal failures
/// name no line).
fn names_a_place(text: &str) -> bool {
    let Some((place, _)) = text.split_once(": ") else {
        return false;
    };
    place.rsplit_once(':').is_some_and(|(path, number)| {
        !path.is_empty() && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Cells and inline elements are read with a space between them, then
/// whitespace is collapsed, as a reader (or a screen reader) would read them.
fn collapse(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace(" .", ".")
}

pub struct Page {
    pub html: Html,
    pub text: String,
}

impl Page {
    #[track_caller]
    pub fn select_all(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.html
            .select(&selector)
            .map(|el| collapse(&el.text().collect::<Vec<_>>().join(" ")))
            .collect()
    }

    #[track_caller]
    pub fn text_of(&self, css: &str) -> String {
        let all = self.select_all(css);
        assert!(!all.is_empty(), "nothing matches {css}");
        all[0].clone()
    }

    #[track_caller]
    pub fn attr(&self, css: &str, name: &str) -> String {
        let selector = Selector::parse(css).expect("selector");
        let el = self
            .html
            .select(&selector)
            .next()
            .unwrap_or_else(|| panic!("nothing matches {css}"));
        el.value()
            .attr(name)
            .unwrap_or_else(|| panic!("{css} has no {name}"))
            .to_string()
    }

    /// The attribute `name` of every element matching `css`, in order.
    #[track_caller]
    pub fn select_all_attr(&self, css: &str, name: &str) -> Vec<String> {
        let selector = Selector::parse(css).expect("selector");
        self.html
            .select(&selector)
            .filter_map(|el| el.value().attr(name).map(str::to_string))
            .collect()
    }

    pub fn count(&self, css: &str) -> usize {
        let selector = Selector::parse(css).expect("selector");
        self.html.select(&selector).count()
    }

    /// The text of `<main>`, whitespace collapsed: what a reader reads.
    pub fn main_text(&self) -> String {
        self.text_of("main")
    }
}
