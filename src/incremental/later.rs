//! Files a rebuild finishes after its pages (open data), and the findings
//! that need them (links to /data/). It only hands them over; it makes nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::build;
use crate::error::{Diagnostic, Severity};
use crate::links::{self, PageLink};
use crate::model::Portal;
use crate::output::{Content, OutputTree};

struct Finished {
    files: OutputTree,
    warnings: Vec<Diagnostic>,
}

#[derive(Default)]
enum Slot {
    #[default]
    Waiting,
    Made(Finished),
    /// A newer rebuild's files were asked for before these were begun: its
    /// pages are served now, and these would be wasted work.
    Skipped,
}

/// Filled once by the thread that makes the files; read by requests, which
/// wait for it rather than get a stale or missing file (unless it is skipped:
/// then a newer build is served, with files of its own).
#[derive(Default)]
pub struct Later {
    finished: Mutex<Slot>,
    ready: Condvar,
}

/// How the follow-ups of rebuilds share the machine with the next save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// Nice 10: behind the rebuilds, not starved by other work (tests,
    /// where other tests keep the cores busy for minutes).
    Lower,
    /// Nice 19, for `serve`: at nice 10 the follow-ups still took a third of
    /// the cores from the next save's rebuild (saves 0.7 s apart reloaded in
    /// 140-190 ms; at 19, in 45-70 ms). Not `SCHED_IDLE`: as fast here, but
    /// on a machine kept busy the search index could wait for minutes.
    Lowest,
}

/// The threads a rebuilder makes its follow-ups on, at a lower priority,
/// and the numbering that skips a follow-up a newer one made useless (rapid
/// saves would queue them faster than they are made). Open data and the
/// search index are remade after a save while the author reads the
/// reloaded page; the next save's rebuild must not queue behind that work,
/// on the threads or the cores (with two cores, it took a save from 100 to
/// 250 ms).
pub(super) struct Background {
    pool: Option<rayon::ThreadPool>,
    newest: Arc<AtomicU64>,
}

impl Background {
    pub(super) fn new(priority: Priority) -> Self {
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("minhbach-later-{i}"))
            .start_handler(move |_| lower_priority(priority))
            .build()
            .ok();
        Background {
            pool,
            newest: Arc::default(),
        }
    }

    fn spawn(&self, work: impl FnOnce() + Send + 'static) {
        match &self.pool {
            Some(pool) => pool.spawn(work),
            None => {
                std::thread::spawn(work);
            }
        }
    }
}

impl Later {
    fn fill(&self, made: Slot) {
        if let Ok(mut slot) = self.finished.lock() {
            *slot = made;
        }
        self.ready.notify_all();
    }

    pub(super) fn finish(&self, files: OutputTree, warnings: Vec<Diagnostic>) {
        self.fill(Slot::Made(Finished { files, warnings }));
    }

    /// The files once made; `None` after `timeout`, or if they were skipped.
    fn wait(&self, timeout: Duration) -> Option<Filled<'_>> {
        let deadline = Instant::now() + timeout;
        let mut slot = self.finished.lock().ok()?;
        while matches!(*slot, Slot::Waiting) {
            let left = deadline.checked_duration_since(Instant::now())?;
            slot = self.ready.wait_timeout(slot, left).ok()?.0;
        }
        matches!(*slot, Slot::Made(_)).then_some(Filled(slot))
    }

    /// The file at `path`, once made (`None` if there is none, after
    /// `timeout`, or if a newer rebuild's files replaced these).
    pub fn get(&self, path: &str, timeout: Duration) -> Option<Content> {
        let made = self.wait(timeout)?;
        made.get()?.files.files.get(path).cloned()
    }

    /// The findings about links, once the files they may point to exist.
    pub fn warnings(&self, timeout: Duration) -> Option<Vec<Diagnostic>> {
        let made = self.wait(timeout)?;
        made.get().map(|f| f.warnings.clone())
    }

    /// The open data of `portal` and every link checked, on `background`,
    /// unless a newer follow-up is asked for before it begins.
    pub(super) fn after(
        portal: Portal,
        pages: Arc<OutputTree>,
        background: &Background,
    ) -> Arc<Later> {
        let later = Arc::new(Later::default());
        let filling = Arc::clone(&later);
        let number = background.newest.fetch_add(1, Ordering::SeqCst) + 1;
        let newest = Arc::clone(&background.newest);
        background.spawn(move || {
            if newest.load(Ordering::SeqCst) != number {
                filling.fill(Slot::Skipped);
                return;
            }
            let data = build::follow_ups(&portal, &crate::output::InMemory);
            let mut all = OutputTree {
                files: pages.files.clone(),
            };
            all.files
                .extend(data.files.iter().map(|(k, v)| (k.clone(), v.clone())));
            let links = build::portal_links(&portal);
            let root = &portal.default_site().config().root_url;
            let warnings = link_warnings(root, &links, &all);
            filling.finish(data, warnings);
        });
        later
    }

    /// `pages` with these files added: what `build` would have written.
    pub fn complete(&self, pages: &OutputTree, timeout: Duration) -> Option<OutputTree> {
        let made = self.wait(timeout)?;
        let mut tree = OutputTree {
            files: pages.files.clone(),
        };
        tree.files.extend(
            made.get()?
                .files
                .files
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        Some(tree)
    }
}

/// A filled slot, locked, holding made files.
struct Filled<'a>(MutexGuard<'a, Slot>);

impl Filled<'_> {
    fn get(&self) -> Option<&Finished> {
        match &*self.0 {
            Slot::Made(finished) => Some(finished),
            Slot::Waiting | Slot::Skipped => None,
        }
    }
}

#[cfg(target_os = "linux")]
pub(super) fn lower_priority(priority: Priority) {
    let nice = match priority {
        Priority::Lower => 10,
        Priority::Lowest => 19,
    };
    // On Linux a nice value belongs to a thread; 0 names the calling one.
    // SAFETY: setpriority reads its three integers and nothing else.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, nice);
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn lower_priority(_priority: Priority) {}

/// Broken internal links, as warnings: `build` reports them so, `check` as errors.
pub(super) fn link_warnings(base: &str, links: &[PageLink], tree: &OutputTree) -> Vec<Diagnostic> {
    links::check_links(base, links, tree)
        .into_iter()
        .map(|d| d.with_severity(Severity::Warning))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(path: &str) -> Arc<Later> {
        let later = Arc::new(Later::default());
        let mut files = OutputTree::default();
        files.add_text(path, "[]".into());
        later.finish(files, Vec::new());
        later
    }

    #[test]
    fn a_skipped_follow_up_answers_at_once_with_nothing() {
        let later = Later::default();
        later.fill(Slot::Skipped);
        // Waiting would hold the request for ten minutes.
        let long = Duration::from_secs(600);
        assert!(later.get("data/news.json", long).is_none());
        assert!(later.warnings(long).is_none());
        assert!(made("data/news.json").get("data/news.json", long).is_some());
    }
}
