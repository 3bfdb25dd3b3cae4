//! Paths from front matter never lead outside the output folder, and every
//! name written is safe on Linux, macOS and Windows hosts.

use crate::harness::*;

#[track_caller]
fn refused(front_matter_line: &str, expected: &str) {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        &format!("---\ntitle: A\ndate: 2021-01-01\n{front_matter_line}\n---\n"),
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert!(
        run.stderr().contains(expected),
        "{front_matter_line}: {}",
        run.stderr()
    );
    assert!(!site.public().exists());
}

#[test]
fn slugs_that_leave_the_folder_are_errors() {
    for slug in ["../x", "/etc/passwd", "a/b", "%2e%2e", "C:\\\\x"] {
        refused(
            &format!("slug: \"{slug}\""),
            "content/news/a.md:4:7: `slug`: expected one URL segment",
        );
    }
}

#[test]
fn aliases_that_leave_the_folder_or_no_host_can_store_are_errors() {
    for alias in [
        "/../x",
        "/a/%2e%2e/b",
        "C:/x",
        "x/y",
        "/a\\\\b",
        "/a|b/",
        "/a*b",
        "/con:x",
    ] {
        refused(
            &format!("aliases: [\"{alias}\"]"),
            "`aliases[0]`: expected a path inside the site",
        );
    }
}

#[test]
fn pictures_that_leave_the_folder_are_errors() {
    for src in [
        "../../etc/passwd",
        "a/%2E%2E/b.png",
        "C:\\\\anh.png",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "//evil.example/x.png",
    ] {
        refused(
            &format!("image: {{src: \"{src}\", alt: \"Ảnh\"}}"),
            "`image.src`: expected a picture file of the bundle or an http(s) address",
        );
    }
}

#[test]
fn bundle_file_with_a_name_windows_cannot_store_is_an_error() {
    let site = empty_site();
    site.write(
        "content/news/2021-01-01-a/index.md",
        "---\ntitle: A\ndate: 2021-01-01\n---\n",
    );
    site.write("content/news/2021-01-01-a/bao:cao.pdf", "x");
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("bundle file \"bao:cao.pdf\" has a name that is not safe on every host");
}
