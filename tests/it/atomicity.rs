//! A build killed with SIGKILL at any moment leaves an output folder that is
//! complete: the previous site, or (after the swap) the new one, never a mix;
//! the next build removes the killed build's temporary folders. Timed kills
//! may all miss the build; the kills at the build's fault hook
//! (`MINHBACH_FAULT_*`, see `cli::Environment`) land where they say.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;

fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut h = DefaultHasher::new();
            std::fs::read(e.path()).unwrap().hash(&mut h);
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                h.finish(),
            )
        })
        .collect()
}

/// The build's temporary folders beside `public/`.
fn staging_folders(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

fn write_items(site: &Site, count: usize, edition: &str) {
    for i in 0..count {
        site.write(
            &format!("content/news/2021-01-01-tin-{i:04}.md"),
            &format!(
                "---\ntitle: Tin {i} {edition}\ndate: 2021-01-01\ntags: [chủ đề {}]\n---\n\nĐoàn kiểm tra {edition} làm việc lần {i}.\n",
                i % 50
            ),
        );
    }
}

/// A site built from the old edition of `count` items, with the new edition
/// written over its sources; and both sites' files (the new one built aside).
fn old_site_with_new_sources(count: usize) -> (Site, Snapshot, Snapshot) {
    let site = empty_site();
    write_items(&site, count, "cũ");
    site.build();
    let old = snapshot(&site.public());
    write_items(&site, count, "mới");
    let reference = tempfile::tempdir().unwrap();
    let out = reference.path().join("out");
    site.run(&["build", "--output", out.to_str().unwrap()])
        .expect_exit(0);
    let new = snapshot(&out);
    assert_ne!(old, new);
    (site, old, new)
}

type Snapshot = BTreeMap<String, u64>;

/// Fails, naming a few of the files that differ, unless `dir` holds exactly
/// the files of `expected` (the `which` site).
#[track_caller]
fn assert_is_site(dir: &Path, expected: &Snapshot, which: &str) {
    let actual = snapshot(dir);
    if &actual == expected {
        return;
    }
    let differ: Vec<&String> = actual
        .keys()
        .chain(expected.keys())
        .filter(|f| actual.get(*f) != expected.get(*f))
        .collect();
    panic!(
        "{} is not the {which} site: {} files differ ({} files there, {} expected), e.g. {:?}",
        dir.display(),
        differ.len(),
        actual.len(),
        expected.len(),
        &differ[..differ.len().min(5)]
    );
}

#[test]
fn builds_killed_at_timed_moments_leave_the_old_or_the_new_site() {
    let (site, old, new) = old_site_with_new_sources(1500);
    // Each kill may land before, in or after the build: these only show
    // that no moment leaves a mix. The tests below kill inside the build.
    for delay_ms in [10, 40, 90, 160, 250, 400, 700, 1100] {
        let mut child = Command::new(binary())
            .arg("build")
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = snapshot(&site.public());
        assert!(
            now == old || now == new,
            "after a kill at {delay_ms} ms the output is neither the old nor the new site"
        );
    }

    site.build();
    assert_is_site(&site.public(), &new, "new");
    let leftovers = staging_folders(&site);
    assert!(leftovers.is_empty(), "stale folders left: {leftovers:?}");
}

/// How long a build may take to reach its fault hook.
const REACH: Duration = Duration::from_secs(60);

/// A `minhbach build` paused at its fault hook; killed on drop, so a failed
/// assertion leaves no build behind.
struct Paused {
    child: Child,
    /// The site folder, where the build keeps its folders beside public/.
    root: PathBuf,
    _marker_dir: tempfile::TempDir,
}

impl Drop for Paused {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Paused {
    /// Starts `build` with the hook `(variable, value)` and waits, bounded,
    /// until the build says it reached it.
    #[track_caller]
    fn start(site: &Site, hook: (&str, &str)) -> Paused {
        let marker_dir = tempfile::tempdir().unwrap();
        let marker = marker_dir.path().join("paused");
        let stderr = marker_dir.path().join("stderr");
        let child = Command::new(binary())
            .arg("build")
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .env("MINHBACH_FAULT_MARKER", &marker)
            .env(hook.0, hook.1)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut paused = Paused {
            child,
            root: site.root().to_path_buf(),
            _marker_dir: marker_dir,
        };
        let deadline = Instant::now() + REACH;
        while !marker.exists() {
            let said = || std::fs::read_to_string(&stderr).unwrap_or_default();
            if let Some(status) = paused.child.try_wait().unwrap() {
                panic!(
                    "the build ended ({status}) without reaching the hook {hook:?}:\n{}",
                    said()
                );
            }
            assert!(
                Instant::now() < deadline,
                "the build did not reach the hook {hook:?} within {REACH:?}:\n{}",
                said()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        paused
    }

    /// The folder this very process fills (its id is in the name).
    fn staging(&self) -> PathBuf {
        self.root.join(format!(".public.tmp-{}", self.child.id()))
    }

    /// The folders beside public/ that this process made: the staging
    /// folder, or (after the swap) the one that holds the old site.
    fn folders(&self) -> Vec<PathBuf> {
        let suffix = format!("-{}", self.child.id());
        std::fs::read_dir(&self.root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with(".public.") && name.ends_with(&suffix)
            })
            .collect()
    }

    /// SIGKILL, and the process reaped: its id is no longer alive.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn html_files(snapshot: &Snapshot) -> usize {
    snapshot.keys().filter(|f| f.ends_with(".html")).count()
}

#[test]
fn a_build_killed_while_writing_its_pages_leaves_exactly_the_old_site() {
    let (site, old, new) = old_site_with_new_sources(300);
    let paused = Paused::start(&site, ("MINHBACH_FAULT_PAUSE_AFTER_PAGES", "40"));
    // The proof that the kill lands mid-build: the build's own staging
    // folder holds some of its pages, not all, and public/ is still old.
    let staging = paused.staging();
    assert!(staging.is_dir(), "no staging folder {}", staging.display());
    let written = html_files(&snapshot(&staging));
    assert!(
        (40..html_files(&new)).contains(&written),
        "the staging folder holds {written} pages of {}",
        html_files(&new)
    );
    assert_is_site(&site.public(), &old, "old (before the kill)");
    paused.kill();

    assert_is_site(&site.public(), &old, "old");
    assert!(
        staging.is_dir(),
        "the staging folder went with the kill: the kill was not mid-build"
    );
    site.build();
    assert_is_site(&site.public(), &new, "new");
    let leftovers = staging_folders(&site);
    assert!(leftovers.is_empty(), "stale folders left: {leftovers:?}");
}

#[test]
fn a_build_killed_just_after_its_swap_leaves_the_new_site() {
    let (site, old, new) = old_site_with_new_sources(300);
    let paused = Paused::start(&site, ("MINHBACH_FAULT_PAUSE_AFTER_SWAP", "1"));
    // Swapped, not yet cleaned: the build's one folder beside public/ holds
    // the old site now (the staging folder after an exchange, or the old
    // output moved aside).
    assert_is_site(&site.public(), &new, "new (before the kill)");
    let folders = paused.folders();
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert_is_site(&folders[0], &old, "old");
    paused.kill();

    assert_is_site(&site.public(), &new, "new");
    site.build();
    assert_is_site(&site.public(), &new, "new");
    let leftovers = staging_folders(&site);
    assert!(leftovers.is_empty(), "stale folders left: {leftovers:?}");
}

#[test]
fn a_page_that_fails_to_render_leaves_the_previous_site_and_no_half_written_folder() {
    let site = empty_site();
    write_items(&site, 300, "cũ");
    site.build();
    let old = snapshot(&site.public());

    // Pages are written as they are rendered: the other 299 reach the staging
    // folder before (or while) this one fails.
    write_items(&site, 300, "mới");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://thu.example.vn/\ntheme: rieng\n",
    );
    site.write(
        "themes/rieng/templates/news_item.html",
        "{% extends \"base.html\" %}{% block content %}{% if item.title == \"Tin 150 mới\" %}{{ no_such_value }}{% endif %}{% endblock %}",
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert!(
        run.stderr().contains("cannot render /news/tin-0150/"),
        "{}",
        run.stderr()
    );
    assert_is_site(&site.public(), &old, "old");
    let leftovers = staging_folders(&site);
    assert!(leftovers.is_empty(), "staging folder left: {leftovers:?}");
}
