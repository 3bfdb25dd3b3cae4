//! Pictures in `serve`: a rebuild never waits for a resize. A picture not in
//! the cache is shown as its original; the job made here resizes it in the
//! background, then the files showing it are parsed again and the tabs reload.

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::images::ImageSettings;
use crate::load::FoundFile;
use crate::parse::{Encoding, Pictures};

/// Pictures to resize after a rebuild, and the files that show them.
pub struct PictureJob {
    pictures: Arc<Pictures>,
    /// Disk path and name in its bundle.
    waiting: Vec<(PathBuf, String)>,
    /// The content files (relative to the site folder) to parse again after.
    pub files: Vec<PathBuf>,
}

impl PictureJob {
    /// Resizes every picture (slow: run it beside the server, not in the
    /// rebuild). One that cannot be published is left to the next rebuild,
    /// which reports it like `build` would.
    pub fn run(&self) {
        let work = || {
            for (disk_path, name) in &self.waiting {
                if let Err(reason) = self.pictures.publish_now(disk_path, name) {
                    eprintln!("warning: {}: {reason}", disk_path.display());
                }
            }
        };
        // Threads of its own at the lowest priority: the next save's rebuild
        // must not queue behind encoding, on the threads or the cores.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("minhbach-pictures-{i}"))
            .start_handler(|_| super::later::lower_priority(super::Priority::Lowest))
            .build();
        match pool {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        }
    }
}

/// The rebuilder's publisher, kept while `images:` stays the same, and the
/// files to parse again because their pictures were resized since.
#[derive(Default)]
pub(super) struct ServePictures {
    publisher: Option<(ImageSettings, Arc<Pictures>)>,
    reparse: HashSet<OsString>,
}

impl ServePictures {
    /// The publisher for this rebuild, with nothing remembered from the last
    /// (a picture file may have changed since).
    pub fn publisher(
        &mut self,
        root: &std::path::Path,
        config: Option<&SiteConfig>,
    ) -> Arc<Pictures> {
        let settings = config.map(|c| c.images.clone()).unwrap_or_default();
        match &self.publisher {
            Some((kept, pictures)) if *kept == settings => {
                pictures.forget();
                Arc::clone(pictures)
            }
            _ => {
                let pictures = Arc::new(Pictures::new(root, &settings, Encoding::Later));
                self.publisher = Some((settings, Arc::clone(&pictures)));
                pictures
            }
        }
    }

    /// The files whose pictures the last job resized: their parses are stale.
    pub fn take_reparse(&mut self) -> HashSet<OsString> {
        std::mem::take(&mut self.reparse)
    }

    /// The job for the pictures this rebuild showed as originals, if any.
    pub fn job(&mut self, found: &[FoundFile]) -> Option<PictureJob> {
        let (_, pictures) = self.publisher.as_ref()?;
        let waiting: BTreeSet<PathBuf> = pictures.take_waiting().into_iter().collect();
        if waiting.is_empty() {
            return None;
        }
        let mut job = PictureJob {
            pictures: Arc::clone(pictures),
            waiting: Vec::new(),
            files: Vec::new(),
        };
        for file in found {
            let shown: Vec<_> = file
                .assets
                .iter()
                .filter(|a| waiting.contains(&a.disk_path))
                .collect();
            if shown.is_empty() {
                continue;
            }
            for asset in shown {
                let name = asset.rel_path.to_string_lossy().replace('\\', "/");
                if !job.waiting.iter().any(|(p, _)| *p == asset.disk_path) {
                    job.waiting.push((asset.disk_path.clone(), name));
                }
            }
            self.reparse.insert(file.rel_path.clone().into_os_string());
            job.files.push(file.rel_path.clone());
        }
        Some(job)
    }
}
