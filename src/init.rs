//! `minhbach init DIR`: a new portal that builds and passes `check` at once.
//! The files are the starter portal (`starter/` in the source, compiled in),
//! the publishing workflows of docs/ci/ pinned to the commit this binary was
//! built from, and the JSON Schemas of every kind of file. Refuses a folder
//! that holds anything, so nothing of a user's is ever overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");
const GITHUB_WORKFLOW: &str = include_str!("../docs/ci/github-actions.yml");
const GITLAB_WORKFLOW: &str = include_str!("../docs/ci/gitlab-ci.yml");
/// What docs/ci/ writes where a portal's own values go.
const REPO_PLACEHOLDER: &str = "https://github.com/YOUR-ORGANISATION/minhbach";
const REV_PLACEHOLDER: &str = "MINHBACH_REV: COMMIT";

/// What `init` wrote, and what the user should know about it.
#[derive(Debug)]
pub struct Initialised {
    pub files: Vec<PathBuf>,
    pub notes: Vec<String>,
}

/// Where minhbach comes from, for the workflows: the commit (without a
/// `-dirty` mark) and the repository, when the build knew them.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub commit: &'a str,
    pub repository: &'a str,
}

impl Origin<'static> {
    pub fn of_this_build() -> Self {
        Origin {
            commit: crate::COMMIT,
            repository: crate::REPOSITORY,
        }
    }
}

/// Creates the portal in `dir` (made when missing). `Err` names why not.
pub fn init(dir: &Path, origin: Origin) -> Result<Initialised, String> {
    refuse_non_empty(dir)?;
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let mut write = |rel: &Path, bytes: &[u8]| -> Result<(), String> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        files.push(rel.to_path_buf());
        Ok(())
    };
    for file in starter_files(&STARTER) {
        write(file.path(), file.contents())?;
    }
    let (github, gitlab) = pinned_workflows(origin, &mut notes);
    write(
        Path::new(".github/workflows/publish.yml"),
        github.as_bytes(),
    )?;
    write(Path::new(".gitlab-ci.yml"), gitlab.as_bytes())?;
    for kind in crate::spec::KINDS {
        let text = format!("{:#}\n", crate::spec::schema::of_kind(kind));
        write(
            &Path::new("schemas").join(crate::spec::schema::file_name(kind)),
            text.as_bytes(),
        )?;
    }
    files.sort();
    Ok(Initialised { files, notes })
}

fn refuse_non_empty(dir: &Path) -> Result<(), String> {
    match fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(format!(
                "{} is not empty: init writes a new portal only into an empty or new folder",
                dir.display()
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(format!("{} is a file, not a folder", dir.display()))
        }
        Err(e) => Err(format!("cannot read {}: {e}", dir.display())),
    }
}

fn starter_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<&include_dir::File> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(starter_files(sub));
    }
    files
}

/// The two workflow files with the repository and the commit filled in;
/// a note for each value the build did not know.
fn pinned_workflows(origin: Origin, notes: &mut Vec<String>) -> (String, String) {
    let commit = origin.commit.trim_end_matches("-dirty");
    let known_commit = commit != "unknown" && !commit.is_empty();
    if origin.commit.ends_with("-dirty") {
        notes.push(format!(
            "this minhbach was built from commit {commit} with uncommitted changes: the workflows install {commit} itself"
        ));
    }
    if !known_commit {
        notes.push(
            "this minhbach was built without git: set MINHBACH_REV in the workflow files to a commit of minhbach".into(),
        );
    }
    let repo = origin.repository;
    let known_repo =
        repo.starts_with("https://") || repo.starts_with("git@") || repo.starts_with("ssh://");
    if !known_repo {
        notes.push(
            "set MINHBACH_REPO in .github/workflows/publish.yml and .gitlab-ci.yml to the address of minhbach's repository".into(),
        );
    }
    let fill = |text: &str| {
        let mut out = text.to_string();
        if known_commit {
            out = out.replace(REV_PLACEHOLDER, &format!("MINHBACH_REV: {commit}"));
        }
        if known_repo {
            out = out.replace(REPO_PLACEHOLDER, repo);
        }
        out
    };
    (fill(GITHUB_WORKFLOW), fill(GITLAB_WORKFLOW))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_site_yaml_mentions_every_setting() {
        let site = STARTER
            .get_file("site.yaml")
            .and_then(|f| f.contents_utf8())
            .unwrap_or_default();
        let kind = crate::spec::kind("site")
            .map(|k| k.root.names())
            .unwrap_or_default();
        assert!(!kind.is_empty());
        for key in kind {
            let written = site.lines().any(|l| {
                l.trim_start_matches(['#', ' '])
                    .starts_with(&format!("{key}:"))
            });
            assert!(written, "starter/site.yaml does not mention `{key}`");
        }
    }

    #[test]
    fn the_workflows_are_pinned_to_the_commit_and_the_repository() {
        let mut notes = Vec::new();
        let origin = Origin {
            commit: "0123456789abcdef0123456789abcdef01234567",
            repository: "https://example.org/minhbach.git",
        };
        let (github, gitlab) = pinned_workflows(origin, &mut notes);
        for text in [&github, &gitlab] {
            assert!(text.contains("MINHBACH_REV: 0123456789abcdef0123456789abcdef01234567"));
            assert!(text.contains("MINHBACH_REPO: https://example.org/minhbach.git"));
            assert!(text.contains("--rev \"$MINHBACH_REV\""));
        }
        assert!(notes.is_empty(), "{notes:?}");
        let (unpinned, _) = pinned_workflows(
            Origin {
                commit: "unknown",
                repository: "unknown",
            },
            &mut notes,
        );
        assert!(unpinned.contains(REV_PLACEHOLDER));
        assert_eq!(notes.len(), 2);
    }
}
