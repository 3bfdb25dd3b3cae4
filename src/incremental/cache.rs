//! The parse cache: each content file's parse result, reused while the file
//! keeps its size, time stamp and text, and the parse context is the same.
//! It reads and parses; it never assembles or renders.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

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
    /// The keys of `entries` with a finding: a save at 10,000 files collects
    /// findings from these, not from every entry.
    with_findings: FxHashSet<OsString>,
    /// The keys of `entries` whose stamp cannot vouch for their text: looked
    /// at again even when the watcher names other files only.
    untrusted: FxHashSet<OsString>,
    /// The last update went through: `entries` hold exactly its files. After
    /// one that failed half-way, the next looks at every file.
    settled: bool,
}

impl Entry {
    fn has_findings(&self) -> bool {
        match &self.outcome {
            Outcome::Parsed(p) => !p.diagnostics().is_empty(),
            Outcome::Unreadable(_) => true,
        }
    }
}

fn set_member(set: &mut FxHashSet<OsString>, key: &OsStr, member: bool) {
    if member {
        if !set.contains(key) {
            set.insert(key.to_owned());
        }
    } else {
        set.remove(key);
    }
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
            self.with_findings.clear();
            self.untrusted.clear();
            self.context = Some(ctx.clone());
        }
        let only = only.filter(|_| std::mem::take(&mut self.settled));
        let updates: Vec<(OsString, Result<Update, BuildError>)> = self
            .candidates(found, only)
            .par_iter()
            .map(|file| {
                let key = file.rel_path.clone().into_os_string();
                (key, self.update_for(file, ctx, only))
            })
            .collect();
        let mut parsed = Vec::new();
        for (key, update) in updates {
            let key = key.as_os_str();
            match update? {
                Update::Keep => {}
                Update::Restamp(stamp, trusted) => {
                    if let Some(entry) = self.entries.get_mut(key) {
                        entry.stamp = stamp;
                        entry.stamp_trusted = trusted;
                    }
                    self.mark(key, trusted, None);
                }
                Update::Replace(entry) => {
                    parsed.push(key.to_owned());
                    self.mark(key, entry.stamp_trusted, Some(entry.has_findings()));
                    self.entries.insert(key.to_owned(), *entry);
                }
            }
        }
        if self.entries.len() > found.len() {
            let present: HashSet<&OsStr> = found.iter().map(|f| f.rel_path.as_os_str()).collect();
            self.entries
                .retain(|path, _| present.contains(path.as_os_str()));
            let kept = &self.entries;
            self.with_findings.retain(|key| kept.contains_key(key));
            self.untrusted.retain(|key| kept.contains_key(key));
        }
        self.settled = true;
        Ok(parsed)
    }

    /// The files to look at. Told what changed, only those and the ones
    /// whose stamp could not vouch for them (the walk, kept, found the rest),
    /// found through their entries rather than by a pass over every file,
    /// unless a file of the walk has no entry yet.
    fn candidates<'a>(
        &'a self,
        found: &'a [FoundFile],
        only: Option<&HashSet<OsString>>,
    ) -> Vec<&'a FoundFile> {
        let Some(changed) = only else {
            return found.iter().collect();
        };
        if self.entries.len() != found.len() {
            return found
                .iter()
                .filter(|file| {
                    let key = file.rel_path.as_os_str();
                    changed.contains(key) || self.entries.get(key).is_none_or(|e| !e.stamp_trusted)
                })
                .collect();
        }
        let mut keys: Vec<&OsString> = changed.iter().chain(&self.untrusted).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .filter_map(|key| Some(&self.entries.get(key)?.found))
            .collect()
    }

    /// Keeps `with_findings` and `untrusted` in step with the entry of `key`
    /// (`findings: None` when its outcome did not change).
    fn mark(&mut self, key: &OsStr, trusted: bool, findings: Option<bool>) {
        set_member(&mut self.untrusted, key, !trusted);
        if let Some(findings) = findings {
            set_member(&mut self.with_findings, key, findings);
        }
    }

    /// Drops the parses of `keys`: the next update parses them again.
    pub fn forget(&mut self, keys: impl IntoIterator<Item = OsString>) {
        for key in keys {
            self.entries.remove(&key);
            self.with_findings.remove(&key);
            self.untrusted.remove(&key);
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

    /// Every finding of reading and parsing the files of the last update,
    /// without copying any parse, in no particular order (callers sort).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        for entry in self
            .with_findings
            .iter()
            .filter_map(|k| self.entries.get(k))
        {
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
