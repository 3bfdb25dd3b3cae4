//! `minhbach init` (contract section 13) and `--version`.

use crate::harness::*;

fn empty_folder() -> Site {
    Site {
        dir: tempfile::tempdir().expect("temp dir"),
    }
}

/// A file of the portal folder (not of public/).
fn source(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn init_makes_a_portal_that_builds_and_checks_without_a_warning() {
    let site = empty_folder();
    site.run(&["init", "."]).expect_exit(0);
    for rel in [
        "site.yaml",
        "content/_index.md",
        "content/news/2024-01-15-kiem-tra-cong-tac-cai-cach-hanh-chinh.md",
        "content/procedures/1-000001-thu-tuc-mau.md",
        "content/inspections/2024.md",
        "content/indices/par-index/2023.md",
        "content/pages/gioi-thieu.md",
        ".gitignore",
        ".github/workflows/publish.yml",
        ".gitlab-ci.yml",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        "schemas/news.schema.json",
        "schemas/site.schema.json",
    ] {
        assert!(site.root().join(rel).is_file(), "init wrote no {rel}");
    }
    let build = site.build();
    assert!(!build.stderr().contains("warning"), "{}", build.stderr());
    let check = site.check().expect_exit(0);
    assert!(!check.stderr().contains("warning"), "{}", check.stderr());

    let home = site.page("");
    assert!(home
        .main_text()
        .contains("Kiểm tra công tác cải cách hành chính tại Sở Tư pháp"));
    let item = site
        .page("news/kiem-tra-cong-tac-cai-cach-hanh-chinh/")
        .main_text();
    assert!(
        item.contains("Niêm yết đầy đủ thủ tục hành chính"),
        "{item}"
    );
    assert!(item.contains("97,5"), "{item}");
    assert_eq!(site.page("pages/gioi-thieu/").text_of("h1"), "Giới thiệu");
    assert!(site.page("inspections/2024/").main_text().contains("2024"));
    assert!(site
        .page("indices/par-index/2023/")
        .main_text()
        .contains("Sở Tư pháp"));
    assert!(site
        .page("procedures/1-000001/")
        .main_text()
        .contains("1.000001"));

    let ignored = source(&site, ".gitignore");
    assert!(ignored.lines().any(|l| l == "public/") && ignored.lines().any(|l| l == ".cache/"));
    let settings: serde_json::Value =
        serde_json::from_str(&source(&site, ".vscode/settings.json")).expect("JSON");
    let schemas = settings["yaml.schemas"].as_object().expect("yaml.schemas");
    assert!(!schemas.is_empty());
    for (schema, _) in schemas {
        assert!(
            site.root().join(schema).is_file(),
            "{schema} is not written"
        );
    }
}

#[test]
fn init_pins_the_workflows_to_the_commit_it_was_built_from() {
    let site = empty_folder();
    site.run(&["init", "portal"]).expect_exit(0);
    let version = site.run(&["--version"]).expect_exit(0).stdout();
    let commit = version
        .split("commit ")
        .nth(1)
        .map(|rest| rest.trim().trim_end_matches(')').trim_end_matches("-dirty"))
        .unwrap_or_default()
        .to_string();
    for rel in [
        "portal/.github/workflows/publish.yml",
        "portal/.gitlab-ci.yml",
    ] {
        let text = source(&site, rel);
        if commit == "unknown" {
            assert!(text.contains("MINHBACH_REV: COMMIT"), "{rel}");
        } else {
            assert!(
                text.contains(&format!("MINHBACH_REV: {commit}")),
                "{rel}: {text}"
            );
        }
        assert!(text.contains("--rev \"$MINHBACH_REV\""), "{rel}");
        assert!(!text.contains("--tag"), "{rel}");
    }
}

#[test]
fn init_refuses_a_folder_that_holds_anything() {
    let site = empty_folder();
    site.write("notes.txt", "của tôi");
    site.run(&["init", "."])
        .expect_exit(1)
        .stderr_has("not empty");
    let left: Vec<_> = std::fs::read_dir(site.root()).expect("dir").collect();
    assert_eq!(left.len(), 1);
    assert_eq!(source(&site, "notes.txt"), "của tôi");
}

/// `--version` names a commit of this repository (or says it is unknown
/// when built without git).
#[test]
fn version_names_the_commit_it_was_built_from() {
    let site = empty_folder();
    let version = site.run(&["--version"]).expect_exit(0).stdout();
    assert!(
        version.starts_with(&format!("minhbach {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let commit = version
        .split("commit ")
        .nth(1)
        .map(|rest| rest.trim().trim_end_matches(')').trim_end_matches("-dirty"))
        .unwrap_or_default();
    let repo = env!("CARGO_MANIFEST_DIR");
    let git = std::process::Command::new("git")
        .args([
            "-C",
            repo,
            "cat-file",
            "-e",
            &format!("{commit}^{{commit}}"),
        ])
        .status();
    match git {
        Ok(status) if std::path::Path::new(repo).join(".git").exists() => {
            assert_eq!(commit.len(), 40, "{version}");
            assert!(status.success(), "{commit} is not a commit of {repo}");
        }
        _ => assert_eq!(commit, "unknown"),
    }
}
