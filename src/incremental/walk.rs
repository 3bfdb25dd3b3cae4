//! The last walk of content/, kept while the file watcher reports only edits
//! of files it found. It reads no file.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::load::Found;

pub struct LastWalk {
    pub found: Found,
    /// Disk path relative to the site folder → `rel_path` of the source it
    /// belongs to (`None` for a bundle asset, which is read when served).
    known: HashMap<OsString, Option<OsString>>,
}

impl LastWalk {
    pub fn new(root: &Path, found: Found) -> LastWalk {
        let relative = |disk: &Path| {
            disk.strip_prefix(root)
                .unwrap_or(disk)
                .as_os_str()
                .to_owned()
        };
        let mut known = HashMap::new();
        for file in &found.files {
            known.insert(
                relative(&file.disk_path),
                Some(file.rel_path.clone().into_os_string()),
            );
            for asset in &file.assets {
                known.insert(relative(&asset.disk_path), None);
            }
        }
        LastWalk { found, known }
    }

    /// The sources to re-read, if every changed path is a file this walk found
    /// and still there; `None` when the walk must be done again (a file came
    /// or went). A path neither found nor there now was a tool's temporary
    /// file (`sed -i` writes one beside the file it edits): it changes nothing.
    pub fn edited_sources(&self, root: &Path, changed: &[PathBuf]) -> Option<HashSet<OsString>> {
        let mut sources = HashSet::new();
        for path in changed {
            let exists = root.join(path).symlink_metadata().is_ok();
            match self.known.get(path.as_os_str()) {
                Some(known) if exists && root.join(path).is_file() => {
                    sources.extend(known.clone());
                }
                None if !exists => {}
                _ => return None,
            }
        }
        Some(sources)
    }

    /// Same files, same findings: what the last build was made from.
    pub fn same_as(&self, other: &LastWalk) -> bool {
        self.found.files == other.found.files && self.found.diagnostics == other.found.diagnostics
    }
}
