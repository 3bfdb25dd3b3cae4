//! A build killed with SIGKILL at any moment leaves an output folder that is
//! complete: the previous site, or (after the swap) the new one, never a mix;
//! the next build removes the killed build's temporary folders.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::harness::*;

fn snapshot(dir: &Path) -> BTreeMap<String, u64> {
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

#[test]
fn killed_builds_leave_a_complete_site_and_their_leftovers_are_cleaned() {
    let site = empty_site();
    write_items(&site, 1500, "cũ");
    site.build();
    let old = snapshot(&site.public());

    write_items(&site, 1500, "mới");
    let reference = tempfile::tempdir().unwrap();
    site.run(&[
        "build",
        "--output",
        reference.path().join("out").to_str().unwrap(),
    ])
    .expect_exit(0);
    let new = snapshot(&reference.path().join("out"));
    assert_ne!(old, new);

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
    assert_eq!(snapshot(&site.public()), new);
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
    assert_eq!(snapshot(&site.public()), old);
    let leftovers = staging_folders(&site);
    assert!(leftovers.is_empty(), "staging folder left: {leftovers:?}");
}
