//! The publishing workflows of docs/ci/ (the ones `minhbach init` writes),
//! run for real on the demo portal: every shell step of each, in order, with
//! the one step that installs minhbach from its repository replaced by the
//! binary under test (so nothing is fetched). A step that fails, a command
//! the binary does not have, or a flag it refuses fails the test.

use std::path::Path;
use std::process::Command;

use serde_yaml::Value;

use crate::harness::*;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The install step, replaced: the binary under test at the place the
/// workflow's next steps look for it.
fn without_install(script: &str, bin_dir: &str) -> String {
    script
        .lines()
        .map(|line| match line.find("cargo install") {
            Some(at) => {
                let target = if line.contains("--root .minhbach") {
                    ".minhbach/bin"
                } else {
                    bin_dir
                };
                format!(
                    "{}{{ mkdir -p {target} && ln -sf {} {target}/minhbach; }}",
                    &line[..at],
                    binary().display()
                )
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_bash(site: &Site, script: &str, env: &[(String, String)], path: &str) {
    let out = Command::new("bash")
        .args(["-eo", "pipefail", "-c", script])
        .current_dir(site.root())
        .env("PATH", path)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "step failed:\n{script}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn text_env(map: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Mapping(m)) = map else {
        return Vec::new();
    };
    m.iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
        .collect()
}

/// What the runner would put in a `${{ … }}` expression of a step's env.
fn github_expression(key: &str, value: &str) -> String {
    if !value.contains("${{") {
        return value.to_string();
    }
    match key {
        "BASE_URL" => "https://example.github.io/portal/".into(),
        other => panic!("no value for the expression of {other}: {value}"),
    }
}

#[test]
fn the_github_workflow_publishes_the_demo_portal() {
    let site = demo();
    let workflow: Value = serde_yaml::from_str(
        &std::fs::read_to_string(Path::new(REPO).join("docs/ci/github-actions.yml")).expect("file"),
    )
    .expect("YAML");
    let bin = site.root().join(".test-bin");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let globals = text_env(workflow.get("env"));
    let steps = workflow["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("steps");
    let mut ran = 0;
    for step in steps {
        let Some(script) = step.get("run").and_then(Value::as_str) else {
            continue;
        };
        let mut env = globals.clone();
        for (k, v) in text_env(step.get("env")) {
            let value = github_expression(&k, &v);
            env.push((k, value));
        }
        let script = without_install(script, &bin.display().to_string());
        run_bash(&site, &script, &env, &path);
        ran += 1;
    }
    assert_eq!(ran, 3, "install, check and build");
    let home = site.page("");
    assert!(
        home.text.contains("https://example.github.io/portal/"),
        "the build used the Pages address"
    );
    assert!(globals
        .iter()
        .any(|(k, v)| k == "MINHBACH_REV" && !v.is_empty()));
}

#[test]
fn the_gitlab_pipeline_publishes_the_demo_portal() {
    let site = demo();
    let pipeline: Value = serde_yaml::from_str(
        &std::fs::read_to_string(Path::new(REPO).join("docs/ci/gitlab-ci.yml")).expect("file"),
    )
    .expect("YAML");
    let root = site.root().display().to_string();
    let env = vec![
        ("CI_PROJECT_DIR".to_string(), root.clone()),
        (
            "CI_PAGES_URL".to_string(),
            "https://group.gitlab.io/portal".to_string(),
        ),
    ];
    // GitLab expands variables that name others, as bash does here.
    let exports: Vec<String> = text_env(pipeline.get("variables"))
        .into_iter()
        .map(|(k, v)| format!("export {k}=\"{v}\""))
        .collect();
    let lines = |v: &Value| -> Vec<String> {
        v.as_sequence()
            .map(|s| {
                s.iter()
                    .filter_map(|l| l.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = lines(&pipeline["default"]["before_script"]);
    assert!(!before.is_empty());
    let stages = lines(&pipeline["stages"]);
    let mut ran = Vec::new();
    for stage in &stages {
        for (name, job) in pipeline.as_mapping().expect("mapping") {
            if job.get("stage").and_then(Value::as_str) != Some(stage) {
                continue;
            }
            let script = [exports.clone(), before.clone(), lines(&job["script"])]
                .concat()
                .join("\n");
            let script = without_install(&script, ".minhbach/bin");
            assert!(!script.contains("cargo install"));
            run_bash(
                &site,
                &script,
                &env,
                &std::env::var("PATH").unwrap_or_default(),
            );
            ran.push(name.as_str().unwrap_or_default().to_string());
        }
    }
    assert_eq!(ran, ["check", "pages"]);
    assert!(
        site.public().join("index.html.gz").is_file(),
        "pages built with --compress"
    );
    assert!(site
        .page("")
        .text
        .contains("https://group.gitlab.io/portal/"));
}
