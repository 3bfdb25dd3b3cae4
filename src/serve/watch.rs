//! Watches what a site is built from (content/, site.yaml, themes/) and
//! reports each burst of saves once. It does not build.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::BuildError;

/// An editor's save is a burst of writes and renames within a few
/// milliseconds; the rebuild waits this long after the last for the burst to end.
const QUIET: Duration = Duration::from_millis(40);
/// After a file written was closed, or renamed into place, the save is most
/// likely whole: a shorter wait still joins what follows at once (30 ms of
/// every save's reload).
const QUIET_AFTER_SAVE: Duration = Duration::from_millis(10);
/// A stream of changes (a `git checkout`) is built at least this often.
const LONGEST_BURST: Duration = Duration::from_secs(1);

const WATCHED_FOLDERS: [&str; 2] = ["content", "themes"];

/// The debouncing is ours, not a debouncer crate's: those forget the kind of
/// event, and reading a file is an event too, so a rebuild, which reads the
/// sources, would set off the next one.
pub struct SourceWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    /// For work done beside the watcher (pictures resized in the background)
    /// to report the files it changed, as if they had been saved.
    poke: mpsc::Sender<notify::Result<Event>>,
    root: PathBuf,
    watched: [bool; 2],
}

impl SourceWatcher {
    /// Watches `root` itself (site.yaml, and content/ or themes/ appearing)
    /// and, recursively, content/ and themes/.
    pub fn start(root: &Path) -> Result<SourceWatcher, BuildError> {
        let root = std::path::absolute(root).map_err(|e| BuildError::io(root, e))?;
        let (tx, events) = mpsc::channel();
        let poke = tx.clone();
        let mut watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when serve is stopping.
            let _ = tx.send(event);
        })
        .map_err(|e| BuildError::other(format!("cannot watch files: {e}")))?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| BuildError::other(format!("cannot watch {}: {e}", root.display())))?;
        let mut source_watcher = SourceWatcher {
            watcher,
            events,
            poke,
            root,
            watched: [false; 2],
        };
        source_watcher.watch_folders();
        Ok(source_watcher)
    }

    /// A handle that reports `paths` (relative to the site folder) as saved.
    pub fn poker(&self) -> Poker {
        Poker {
            tx: self.poke.clone(),
            root: self.root.clone(),
        }
    }

    /// Adds the recursive watches that are missing (a folder created later).
    fn watch_folders(&mut self) {
        for (i, name) in WATCHED_FOLDERS.iter().enumerate() {
            let dir = self.root.join(name);
            if self.watched[i] || !dir.is_dir() {
                continue;
            }
            match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => self.watched[i] = true,
                Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
            }
        }
    }

    /// Blocks until sources change and the burst of changes is over; returns
    /// the changed paths, relative to the site folder. `None` when watching stopped.
    pub fn wait(&mut self) -> Option<Changes> {
        let mut changed = Changes::default();
        let mut last = Relevance::None;
        while changed.paths.is_empty() && !changed.rescan {
            let event = self.events.recv().ok()?;
            last = self.collect(event, &mut changed);
        }
        let started = Instant::now();
        let mut quiet_from = Instant::now();
        loop {
            let quiet = match last {
                Relevance::Saved => QUIET_AFTER_SAVE,
                Relevance::None | Relevance::Changed => QUIET,
            };
            let deadline = (quiet_from + quiet).min(started + LONGEST_BURST);
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            match self.events.recv_timeout(left) {
                Ok(event) => {
                    // Only changes that matter extend the wait.
                    let relevance = self.collect(event, &mut changed);
                    if relevance != Relevance::None {
                        last = relevance;
                        quiet_from = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        changed.paths.sort();
        changed.paths.dedup();
        self.watch_folders();
        Some(changed)
    }

    /// Adds the event's relevant paths.
    fn collect(&self, event: notify::Result<Event>, changed: &mut Changes) -> Relevance {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                eprintln!("warning: file watching: {e}");
                changed.rescan = true;
                return Relevance::Changed;
            }
        };
        if event.need_rescan() {
            changed.rescan = true;
            return Relevance::Changed;
        }
        if !changes_content(&event.kind) {
            return Relevance::None;
        }
        let before = changed.paths.len();
        changed
            .paths
            .extend(event.paths.iter().filter_map(|p| relevant(&self.root, p)));
        match (changed.paths.len() > before, ends_a_save(&event.kind)) {
            (false, _) => Relevance::None,
            (true, false) => Relevance::Changed,
            (true, true) => Relevance::Saved,
        }
    }
}

/// Reports files as saved to the watcher, from another thread.
#[derive(Clone)]
pub struct Poker {
    tx: mpsc::Sender<notify::Result<Event>>,
    root: PathBuf,
}

impl Poker {
    pub fn saved(&self, paths: &[PathBuf]) {
        let mut event = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Write)));
        for path in paths {
            event = event.add_path(self.root.join(path));
        }
        // The receiver is gone only when serve is stopping.
        let _ = self.tx.send(Ok(event));
    }
}

/// What an event says about the sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relevance {
    /// Nothing a build reads.
    None,
    Changed,
    /// A file a build reads was written and closed, or renamed into place.
    Saved,
}

fn ends_a_save(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

/// One burst of changes.
#[derive(Debug, Default)]
pub struct Changes {
    /// Relative to the site folder.
    pub paths: Vec<PathBuf>,
    /// Events were lost (or the system said so): look at every file.
    pub rescan: bool,
}

/// Opening and reading a file changes nothing; closing it after writing does.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// The path relative to the site folder, if a build reads it.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let first = match parts.next()? {
        Component::Normal(name) => name.to_str()?,
        _ => return None,
    };
    if rel == Path::new(crate::config::CONFIG_FILE) {
        return Some(rel.to_path_buf());
    }
    if !WATCHED_FOLDERS.contains(&first) || is_editor_temp_file(rel) {
        return None;
    }
    // Hidden files and folders are never content (contract, section 1).
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    (!hidden).then(|| rel.to_path_buf())
}

/// Swap files, backups and lock files that editors write beside the real one.
pub fn is_editor_temp_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_editor_temporary_files() {
        assert!(is_editor_temp_file(Path::new("content/news/.a.md.swp")));
        assert!(is_editor_temp_file(Path::new("content/news/a.md~")));
        assert!(is_editor_temp_file(Path::new("content/news/.#a.md")));
        assert!(is_editor_temp_file(Path::new("content/news/#a.md#")));
        assert!(is_editor_temp_file(Path::new("content/news/4913")));
        assert!(!is_editor_temp_file(Path::new("content/news/a.md")));
    }

    #[test]
    fn a_closed_write_or_a_rename_into_place_ends_a_save() {
        use notify::event::DataChange;
        assert!(ends_a_save(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(ends_a_save(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(!ends_a_save(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(!ends_a_save(&EventKind::Modify(ModifyKind::Name(
            RenameMode::From
        ))));
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::CreateKind;
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn only_what_a_build_reads_is_relevant() {
        let root = Path::new("/site");
        let rel = |p: &str| relevant(root, Path::new(p));
        assert_eq!(rel("/site/site.yaml"), Some(PathBuf::from("site.yaml")));
        assert_eq!(
            rel("/site/content/news/a.md"),
            Some(PathBuf::from("content/news/a.md"))
        );
        assert!(rel("/site/themes/default/templates/base.html").is_some());
        assert_eq!(rel("/site/public/index.html"), None);
        assert_eq!(rel("/site/.git/index"), None);
        assert_eq!(rel("/site/content/news/.a.md.swp"), None);
        assert_eq!(rel("/site/content/.cache/x"), None);
        assert_eq!(rel("/site/README.md"), None);
    }
}
