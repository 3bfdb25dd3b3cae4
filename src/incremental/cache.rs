//! The parse cache: each content file's parse result, reused while the file
//! keeps its size, time stamp and text, and the parse context is the same.
//! It reads and parses; it never assembles or renders.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{BuildError, Diagnostic};
use crate::load::{self, FoundFile, ReadFailure};
use crate::parse::{self, ParseContext, ParsedFile};

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

struct Entry {
    found: FoundFile,
    stamp: Option<Stamp>,
    /// Whether the stamp can vouch for the text (see `RACY_WINDOW`).
    stamp_trusted: bool,
    /// `load::fingerprint` of the text read: an unchanged text is not parsed again.
    fingerprint: u64,
    outcome: Outcome,
}

#[derive(Default)]
pub struct ParseCache {
    /// What every parse in `entries` was made with; a different context
    /// empties the cache (dates, links and body checks depend on all of it).
    context: Option<ParseContext>,
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
        if self.context.as_ref() != Some(ctx) {
            self.entries.clear();
            self.context = Some(ctx.clone());
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

    /// Drops the parses of `keys`: the next update parses them again.
    pub fn forget(&mut self, keys: impl IntoIterator<Item = OsString>) {
        for key in keys {
            self.entries.remove(&key);
        }
    }

    /// Copies of every file's parse, in walk order, for a build to consume,
    /// and the files that could not be read.
    pub fn snapshot(&self, found: &[FoundFile]) -> (Vec<ParsedFile>, Vec<Diagnostic>) {
        // Copying ten thousand items is a good part of a rebuild: in parallel.
        let entries = self.entries_of(found);
        let outcomes: Vec<Outcome> = entries.par_iter().map(|e| e.outcome.clone()).collect();
        let mut files = Vec::with_capacity(found.len());
        let mut unreadable = Vec::new();
        for outcome in outcomes {
            match outcome {
                Outcome::Parsed(p) => files.push(*p),
                Outcome::Unreadable(d) => unreadable.push(d),
            }
        }
        (files, unreadable)
    }

    fn entries_of(&self, found: &[FoundFile]) -> Vec<&Entry> {
        found
            .iter()
            .filter_map(|file| self.entries.get(file.rel_path.as_os_str()))
            .collect()
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
        let previous = self.entries.get(key).filter(|e| e.found == *file);
        let vouched = only.is_some_and(|changed| !changed.contains(key));
        if vouched && previous.is_some_and(|e| e.stamp_trusted) {
            return Ok(Update::Keep);
        }
        let stamp = fs::metadata(&file.disk_path).ok().map(|m| Stamp {
            len: m.len(),
            modified: m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        });
        if previous.is_some_and(|e| e.stamp_trusted && stamp.is_some() && e.stamp == stamp) {
            return Ok(Update::Keep);
        }
        let read_at = SystemTime::now();
        let trusted = stamp.is_some_and(|s| {
            read_at
                .duration_since(s.modified)
                .is_ok_and(|age| age > RACY_WINDOW)
        });
        let (fingerprint, outcome) = match load::read_source(file.clone()) {
            Ok(source) => {
                if previous.is_some_and(|e| e.fingerprint == source.fingerprint) {
                    return Ok(Update::Restamp(stamp, trusted));
                }
                let parsed = parse::parse_file(&source, ctx);
                (source.fingerprint, Outcome::Parsed(Box::new(parsed)))
            }
            Err(ReadFailure::Diagnostic(d)) => {
                (load::fingerprint(file, &d.message), Outcome::Unreadable(d))
            }
            Err(ReadFailure::Io(e)) => return Err(e),
        };
        Ok(Update::Replace(Box::new(Entry {
            found: file.clone(),
            stamp,
            stamp_trusted: trusted,
            fingerprint,
            outcome,
        })))
    }
}
