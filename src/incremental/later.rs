//! Files a rebuild finishes after its pages (open data), and the findings
//! that need them (links to /data/). It only hands them over; it makes nothing.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::build::{self, PageLink};
use crate::error::{sort_diagnostics, Diagnostic, Severity};
use crate::model::site::Site;
use crate::output::{Content, OutputTree};

/// How long a rebuild's own follow-up waits for the previous one's files.
const CHAIN_WAIT: Duration = Duration::from_secs(600);

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

    /// After a full rebuild: the open data of `site` and every link checked,
    /// on a thread.
    pub(super) fn after_full_build(site: Arc<Site>, pages: Arc<OutputTree>) -> Arc<Later> {
        let later = Arc::new(Later::default());
        let filling = Arc::clone(&later);
        std::thread::spawn(move || {
            let data = crate::render::open_data(&site);
            let mut all = OutputTree {
                files: pages.files.clone(),
            };
            all.files
                .extend(data.files.iter().map(|(k, v)| (k.clone(), v.clone())));
            let links = build::site_links(&site);
            let warnings = link_warnings(&site.config.base_url, &links, &all);
            filling.finish(data, warnings);
        });
        later
    }

    /// After an edit of bodies only: the same open data as `previous` (no body
    /// is in it), with the edited files' links checked again, on a thread.
    pub(super) fn after_body_edit(
        previous: Arc<Later>,
        pages: Arc<OutputTree>,
        base_url: String,
        edited: HashSet<PathBuf>,
        links: Vec<PageLink>,
    ) -> Arc<Later> {
        let later = Arc::new(Later::default());
        let filling = Arc::clone(&later);
        std::thread::spawn(move || {
            let Some(slot) = previous.wait(CHAIN_WAIT) else {
                return;
            };
            let Some(before) = slot.as_ref() else {
                return;
            };
            let files = OutputTree {
                files: before.files.files.clone(),
            };
            let mut warnings: Vec<Diagnostic> = before
                .warnings
                .iter()
                .filter(|d| !edited.contains(&d.path))
                .cloned()
                .collect();
            drop(slot);
            let mut all = OutputTree {
                files: pages.files.clone(),
            };
            all.files
                .extend(files.files.iter().map(|(k, v)| (k.clone(), v.clone())));
            warnings.extend(link_warnings(&base_url, &links, &all));
            sort_diagnostics(&mut warnings);
            filling.finish(files, warnings);
        });
        later
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

/// Broken internal links, as warnings: `build` reports them so, `check` as errors.
pub(super) fn link_warnings(base: &str, links: &[PageLink], tree: &OutputTree) -> Vec<Diagnostic> {
    build::check_links(base, links, tree)
        .into_iter()
        .map(|mut d| {
            d.severity = Severity::Warning;
            d
        })
        .collect()
}

/// Broken links of a whole build, as warnings.
pub(super) fn link_warnings_of(built: &build::Built) -> Vec<Diagnostic> {
    link_warnings(
        &built.site.config.base_url,
        &build::site_links(&built.site),
        &built.tree,
    )
}
