//! The parse cache: each content file's parse result, reused while the file
//! keeps its size, time stamp and text. It reads and parses; it never renders.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::hash::{Hash, Hasher};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{BuildError, Diagnostic};
use crate::load::{self, FoundFile, ReadFailure, SourceKind};
use crate::model::NewsItem;
use crate::parse::ParsedFile;
use crate::parse::{self, ParseContext};

/// A file changed this close to the moment it was read may change again
/// within the same time-stamp tick (file systems count in jiffies), so its
/// stamp is not trusted: it is read again next time (git's "racy clean").
const RACY_WINDOW: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
}

#[derive(Clone)]
enum Outcome {
    Parsed(Box<ParsedFile>),
    /// Not UTF-8: the content error that says so.
    Unreadable(Diagnostic),
}

impl Entry {
    fn state(&self) -> SourceState {
        SourceState {
            kind: self.found.kind.clone(),
            fingerprint: self.fingerprint,
            outside_body: self.outside_body,
            placement: self.placement,
        }
    }
}

struct Entry {
    found: FoundFile,
    stamp: Option<Stamp>,
    /// Whether the stamp can vouch for the text (see `RACY_WINDOW`).
    stamp_trusted: bool,
    fingerprint: u64,
    outside_body: Option<Fingerprint>,
    placement: Option<Fingerprint>,
    outcome: Outcome,
}

/// A file's identity for change detection: its text and everything the walk
/// found about it (kind, bundle assets), hashed.
pub type Fingerprint = u64;

/// What a rebuild compares about one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceState {
    pub kind: SourceKind,
    /// The text and what the walk found about the file.
    pub fingerprint: Fingerprint,
    /// For a news item: everything but its body, which only its own page shows.
    pub outside_body: Option<Fingerprint>,
    /// For a news item: everything but its body, title and summary, which
    /// change what its card says but not where it is listed.
    pub placement: Option<Fingerprint>,
}

/// Every content file by its path relative to the site folder. Keys are the
/// paths' bytes: hashing and comparing a `Path` walks its components, which
/// on a large site costs more than the rest of the lookup; and the hash is
/// Fx, not SipHash: these keys are our own file names, not an attacker's.
pub type Sources = FxHashMap<OsString, SourceState>;

/// The current state of every content file.
pub struct Refreshed {
    /// Parse results in the order of the walk, as a full build has them.
    pub files: Vec<ParsedFile>,
    /// Read errors (bad UTF-8).
    pub diagnostics: Vec<Diagnostic>,
    /// Every file's fingerprint and kind, to compare with an earlier build.
    pub sources: Sources,
}

#[derive(Default)]
pub struct ParseCache {
    context: Option<(chrono::FixedOffset, String)>,
    entries: FxHashMap<OsString, Entry>,
}

enum Update {
    Keep,
    Restamp(Option<Stamp>, bool),
    Replace(Box<Entry>),
}

impl ParseCache {
    /// Brings the cache up to date with the files the walk found: files whose
    /// stamp is unchanged are not even read; files whose text is unchanged are
    /// not parsed again. With `only`, the watcher vouches that no other file
    /// changed, and files whose stamp is trusted are not even looked at.
    /// Returns the files parsed (or found unreadable) afresh.
    pub fn update(
        &mut self,
        found: &[FoundFile],
        ctx: &ParseContext,
        only: Option<&HashSet<OsString>>,
    ) -> Result<Vec<OsString>, BuildError> {
        let context = (ctx.timezone, ctx.base_url.clone());
        if self.context.as_ref() != Some(&context) {
            // Dates and links in every parse depend on these.
            self.entries.clear();
            self.context = Some(context);
        }
        // Told what changed, only those files and the ones whose stamp could
        // not vouch for them are looked at (the walk, kept, found the rest).
        let candidates: Vec<&FoundFile> = match only {
            Some(changed) => found
                .iter()
                .filter(|file| {
                    let key = file.rel_path.as_os_str();
                    changed.contains(key) || self.entries.get(key).is_none_or(|e| !e.stamp_trusted)
                })
                .collect(),
            None => found.iter().collect(),
        };
        let updates: Vec<Result<Update, BuildError>> = candidates
            .par_iter()
            .map(|file| self.update_for(file, ctx, only))
            .collect();
        let mut parsed = Vec::new();
        for (file, update) in candidates.into_iter().zip(updates) {
            match update? {
                Update::Keep => {}
                Update::Restamp(stamp, trusted) => {
                    if let Some(entry) = self.entries.get_mut(file.rel_path.as_os_str()) {
                        entry.stamp = stamp;
                        entry.stamp_trusted = trusted;
                    }
                }
                Update::Replace(entry) => {
                    let key = file.rel_path.clone().into_os_string();
                    parsed.push(key.clone());
                    self.entries.insert(key, *entry);
                }
            }
        }
        if self.entries.len() > found.len() {
            let present: HashSet<&OsStr> = found.iter().map(|f| f.rel_path.as_os_str()).collect();
            self.entries
                .retain(|path, _| present.contains(path.as_os_str()));
        }
        Ok(parsed)
    }

    /// Copies of every file's parse, in walk order, for a build to consume.
    pub fn snapshot(&self, found: &[FoundFile]) -> Refreshed {
        // Copying ten thousand items is a good part of a rebuild: in parallel.
        let entries = self.entries_of(found);
        let outcomes: Vec<Outcome> = entries.par_iter().map(|e| e.outcome.clone()).collect();
        let mut files = Vec::with_capacity(found.len());
        let mut diagnostics = Vec::new();
        for outcome in outcomes {
            match outcome {
                Outcome::Parsed(p) => files.push(*p),
                Outcome::Unreadable(d) => diagnostics.push(d),
            }
        }
        Refreshed {
            files,
            diagnostics,
            sources: self.sources(found),
        }
    }

    fn entries_of(&self, found: &[FoundFile]) -> Vec<&Entry> {
        found
            .iter()
            .filter_map(|file| self.entries.get(file.rel_path.as_os_str()))
            .collect()
    }

    pub fn sources(&self, found: &[FoundFile]) -> Sources {
        self.entries_of(found)
            .into_iter()
            .map(|e| (e.found.rel_path.clone().into_os_string(), e.state()))
            .collect()
    }

    pub fn state(&self, key: &OsStr) -> Option<SourceState> {
        self.entries.get(key).map(Entry::state)
    }

    pub fn parsed(&self, key: &OsStr) -> Option<&ParsedFile> {
        match &self.entries.get(key)?.outcome {
            Outcome::Parsed(p) => Some(p),
            Outcome::Unreadable(_) => None,
        }
    }

    /// Every finding of reading and parsing, without copying any parse.
    pub fn diagnostics(&self, found: &[FoundFile]) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        for entry in self.entries_of(found) {
            match &entry.outcome {
                Outcome::Parsed(p) => all.extend_from_slice(p.diagnostics()),
                Outcome::Unreadable(d) => all.push(d.clone()),
            }
        }
        all
    }

    fn update_for(
        &self,
        file: &FoundFile,
        ctx: &ParseContext,
        only: Option<&HashSet<OsString>>,
    ) -> Result<Update, BuildError> {
        let key = file.rel_path.as_os_str();
        let vouched = only.is_some_and(|changed| !changed.contains(key));
        if vouched
            && self
                .entries
                .get(key)
                .is_some_and(|e| e.stamp_trusted && e.found == *file)
        {
            return Ok(Update::Keep);
        }
        let stamp = fs::metadata(&file.disk_path).ok().map(|m| Stamp {
            len: m.len(),
            modified: m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        });
        let previous = self.entries.get(key).filter(|e| e.found == *file);
        if let Some(entry) = previous {
            if entry.stamp_trusted && stamp.is_some() && entry.stamp == stamp {
                return Ok(Update::Keep);
            }
        }
        let read_at = SystemTime::now();
        let trusted = stamp.is_some_and(|s| {
            read_at
                .duration_since(s.modified)
                .is_ok_and(|age| age > RACY_WINDOW)
        });
        let (fingerprint, (outside_body, placement), outcome) =
            match load::read_source(file.clone()) {
                Ok(source) => {
                    let fingerprint = fingerprint_of(file, &source.text);
                    if previous.is_some_and(|e| e.fingerprint == fingerprint) {
                        return Ok(Update::Restamp(stamp, trusted));
                    }
                    let parsed = parse::parse_file(&source, ctx);
                    let prints = (outside_body(&parsed), placement(&parsed));
                    (fingerprint, prints, Outcome::Parsed(Box::new(parsed)))
                }
                Err(ReadFailure::Diagnostic(d)) => (
                    fingerprint_of(file, &d.message),
                    (None, None),
                    Outcome::Unreadable(d),
                ),
                Err(ReadFailure::Io(e)) => return Err(e),
            };
        Ok(Update::Replace(Box::new(Entry {
            found: file.clone(),
            stamp,
            stamp_trusted: trusted,
            fingerprint,
            outside_body,
            placement,
            outcome,
        })))
    }
}

/// A hash of a news item with its body left out: equal before and after an
/// edit, the edit touched nothing any other page shows. The summary (the
/// body's first paragraph by default) and the cited documents are kept in.
fn outside_body(parsed: &ParsedFile) -> Option<Fingerprint> {
    news_print(parsed, |_| {})
}

/// A hash of a news item without its body, title and summary: equal before
/// and after an edit, the item keeps its place in every list, taxonomy and
/// index (they are ordered and grouped by date, slug, tags, agency, location,
/// inspection, outcomes and cited documents, all kept in).
fn placement(parsed: &ParsedFile) -> Option<Fingerprint> {
    news_print(parsed, |item| {
        item.title.clear();
        item.summary.clear();
        item.body.first_paragraph.clear();
    })
}

/// The hash of a news item's parse, body left out, after `leave_out`.
fn news_print(parsed: &ParsedFile, leave_out: impl Fn(&mut NewsItem)) -> Option<Fingerprint> {
    let ParsedFile::News(news) = parsed else {
        return None;
    };
    let mut item = NewsItem::clone(news.item.as_ref()?);
    item.body.html = "".into();
    item.body.text = "".into();
    item.body.links.clear();
    item.origin.fingerprint = 0;
    leave_out(&mut item);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    format!("{item:?}").hash(&mut hasher);
    Some(hasher.finish())
}

fn fingerprint_of(file: &FoundFile, text: &str) -> Fingerprint {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    file.stem.hash(&mut hasher);
    file.bundle_dir.hash(&mut hasher);
    for asset in &file.assets {
        asset.rel_path.hash(&mut hasher);
    }
    hasher.finish()
}
