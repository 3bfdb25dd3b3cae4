//! The command line of contract section 7: flags, exit statuses, `check`
//! and `new`.

use crate::harness::*;

#[test]
fn bad_usage_exits_2_and_writes_nothing() {
    let site = fixture("one-news-item");
    for args in [
        vec!["build", "--no-such-flag"],
        vec!["bild"],
        vec!["new", "blog", "Tiêu đề"],
        vec!["serve", "--port", "không"],
        vec![],
    ] {
        let run = site.run(&args);
        assert_eq!(
            run.output.status.code(),
            Some(2),
            "{args:?}: {}",
            run.stderr()
        );
    }
    assert!(!site.public().exists());
    assert_eq!(
        std::fs::read_dir(site.root().join("content/news"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn output_and_root_flags_choose_the_folders() {
    let site = fixture("one-news-item");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("dist");
    let run = std::process::Command::new(binary())
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.join("news/kiem-tra/index.html").exists());
    assert!(!site.public().exists());
}

#[test]
fn output_folder_that_holds_the_sources_is_refused() {
    let site = fixture("one-news-item");
    site.run(&["build", "--output", "content"])
        .expect_exit(1)
        .stderr_has("refusing to use content as the output folder");
    assert!(site
        .root()
        .join("content/news/2021-03-04-kiem-tra.md")
        .exists());
}

#[test]
fn check_reports_a_root_relative_link_to_a_missing_page_with_its_line() {
    let site = fixture("one-news-item");
    site.write(
        "content/pages/lien-he.md",
        "---\ntitle: Liên hệ\n---\n\nXem [tin](/news/kiem-tra/) và\n[trang cũ](/news/khong-co/).\n",
    );
    site.check()
        .expect_exit(1)
        .stderr_has("error: content/pages/lien-he.md:6: `body`: link to /news/khong-co/ goes to a page this site does not have");
    assert!(!site.public().exists(), "check writes nothing");
    // build still succeeds and only warns.
    site.build()
        .stderr_has("warning: content/pages/lien-he.md:6: `body`: link to /news/khong-co/");
}

#[test]
fn check_passes_on_a_valid_site() {
    let site = fixture("one-news-item");
    let run = site.check().expect_exit(0);
    assert!(run.stdout().contains("No errors found."));
}

#[test]
fn new_news_scaffolds_a_draft_that_passes_check() {
    let site = fixture("one-news-item");
    let run = site
        .run(&["new", "news", "Kiểm tra đột xuất tại Sở Tư pháp"])
        .expect_exit(0);
    let created = run
        .stdout()
        .trim()
        .trim_start_matches("Created ")
        .to_string();
    assert!(created.starts_with("content/news/"), "{created}");
    assert!(
        created.ends_with("-kiem-tra-dot-xuat-tai-so-tu-phap.md"),
        "{created}"
    );
    let text = std::fs::read_to_string(site.root().join(&created)).unwrap();
    assert!(text.contains("title: \"Kiểm tra đột xuất tại Sở Tư pháp\""));
    assert!(text.contains("draft: true"));
    site.check().expect_exit(0);
    // A second `new` with the same title refuses to overwrite.
    site.run(&["new", "news", "Kiểm tra đột xuất tại Sở Tư pháp"])
        .expect_exit(1)
        .stderr_has("already exists; not overwritten");
}

#[test]
fn new_procedure_scaffolds_a_draft_that_passes_check() {
    let site = fixture("one-news-item");
    site.run(&["new", "procedure", "Cấp giấy phép quảng cáo"])
        .expect_exit(0);
    assert!(site
        .root()
        .join("content/procedures/cap-giay-phep-quang-cao.md")
        .exists());
    site.check().expect_exit(0);
}
