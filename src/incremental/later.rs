//! Files a rebuild finishes after its pages (open data), and the findings
//! that need them (links to /data/). It only hands them over; it makes nothing.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::Diagnostic;
use crate::output::{Content, OutputTree};

struct Finished {
    files: OutputTree,
    warnings: Vec<Diagnostic>,
}

/// Filled once by the thread that makes the files; read by requests, which
/// wait for it rather than get a stale or missing file.
#[derive(Default)]
pub struct Later {
    finished: Mutex<Option<Finished>>,
    ready: Condvar,
}

impl Later {
    pub(super) fn finish(&self, files: OutputTree, warnings: Vec<Diagnostic>) {
        if let Ok(mut slot) = self.finished.lock() {
            *slot = Some(Finished { files, warnings });
        }
        self.ready.notify_all();
    }

    fn wait(&self, timeout: Duration) -> Option<MutexGuard<'_, Option<Finished>>> {
        let deadline = Instant::now() + timeout;
        let mut slot = self.finished.lock().ok()?;
        while slot.is_none() {
            let left = deadline.checked_duration_since(Instant::now())?;
            slot = self.ready.wait_timeout(slot, left).ok()?.0;
        }
        Some(slot)
    }

    /// The file at `path`, once made (`None` if there is none, or after `timeout`).
    pub fn get(&self, path: &str, timeout: Duration) -> Option<Content> {
        let slot = self.wait(timeout)?;
        slot.as_ref()?.files.files.get(path).cloned()
    }

    /// The findings about links, once the files they may point to exist.
    pub fn warnings(&self, timeout: Duration) -> Option<Vec<Diagnostic>> {
        let slot = self.wait(timeout)?;
        slot.as_ref().map(|f| f.warnings.clone())
    }

    /// `pages` with these files added: what `build` would have written.
    pub fn complete(&self, pages: &OutputTree, timeout: Duration) -> Option<OutputTree> {
        let slot = self.wait(timeout)?;
        let mut tree = OutputTree {
            files: pages.files.clone(),
        };
        tree.files.extend(
            slot.as_ref()?
                .files
                .files
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        Some(tree)
    }
}
