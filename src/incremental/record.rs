//! What the last build rendered, page by page in the order of its plans:
//! each page's file, digest and bytes. The next plan's page at the same
//! place (or a neighbour's, when an item moved one place) is kept by
//! comparing one entry, not by looking 21,000 files up by name.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::output::Content;
use crate::render::{Plan, Planned};

/// The pages of every language's last plan, in plan order.
#[derive(Default)]
pub(super) struct LastPages {
    languages: Vec<LanguagePages>,
}

/// The pages of one language's plan.
#[derive(Default)]
struct LanguagePages {
    /// Every page's file, one after the other; page `i`'s ends at `ends[i]`.
    files: String,
    ends: Vec<u32>,
    digests: Vec<Option<u64>>,
    contents: Vec<Content>,
    /// Hash of a file → its place; made when a page is not found at or
    /// beside its place (an item moved further, a page came or went).
    places: OnceLock<FxHashMap<u64, u32>>,
}

impl LastPages {
    /// The pages of `plans`, with what each was rendered to (`contents`,
    /// per plan, in plan order).
    pub fn record(plans: &[Plan], contents: Vec<Vec<Content>>) -> Self {
        let languages = plans
            .iter()
            .zip(contents)
            .map(|(plan, contents)| LanguagePages::of(plan, contents))
            .collect();
        LastPages { languages }
    }

    /// The bytes of `page`, the `at`-th of language `lang`'s plan, when the
    /// last build rendered the same page (same file, equal digest).
    pub fn kept(&self, lang: usize, at: usize, page: &Planned) -> Option<Content> {
        let digest = page.digest?;
        let last = self.languages.get(lang)?;
        let place = last.place_of(at, &page.file)?;
        (last.digests[place] == Some(digest)).then(|| last.contents[place].clone())
    }

    /// No page recorded: none kept, none replaced.
    pub fn is_empty(&self) -> bool {
        self.languages.iter().all(|l| l.ends.is_empty())
    }

    /// Pages with a digest, in every language.
    pub fn with_digest(&self) -> usize {
        let count = |l: &LanguagePages| l.digests.iter().flatten().count();
        self.languages.iter().map(count).sum()
    }

    /// The page at `file` of language `lang` is now `page`'s, rendered to
    /// `content`; false when the last build had no page there.
    pub fn replace(&mut self, lang: usize, page: &Planned, content: Content) -> bool {
        let Some(last) = self.languages.get_mut(lang) else {
            return false;
        };
        let Some(place) = last.find(&page.file) else {
            return false;
        };
        last.digests[place] = page.digest;
        last.contents[place] = content;
        true
    }

    /// The files of language `lang` whose digest differs from `plan`'s page
    /// at the same place, or that either side lacks.
    #[cfg(debug_assertions)]
    pub fn differences(&self, lang: usize, plan: &Plan) -> Vec<String> {
        let empty = LanguagePages::default();
        let last = self.languages.get(lang).unwrap_or(&empty);
        let mut differ: Vec<String> = plan
            .pages
            .iter()
            .enumerate()
            .filter(|(at, page)| {
                last.ends.get(*at).is_none()
                    || last.file(*at) != page.file
                    || last.digests[*at] != page.digest
            })
            .map(|(_, page)| page.file.clone())
            .collect();
        differ.extend((plan.pages.len()..last.ends.len()).map(|at| last.file(at).to_string()));
        differ
    }
}

impl LanguagePages {
    fn of(plan: &Plan, contents: Vec<Content>) -> Self {
        let pages = plan.pages.iter().map(|p| (p.file.as_str(), p.digest));
        Self::from_pages(pages, contents)
    }

    fn from_pages<'p>(
        pages: impl ExactSizeIterator<Item = (&'p str, Option<u64>)> + Clone,
        contents: Vec<Content>,
    ) -> Self {
        let length: usize = pages.clone().map(|(file, _)| file.len()).sum();
        let mut files = String::with_capacity(length);
        let mut ends = Vec::with_capacity(pages.len());
        let mut digests = Vec::with_capacity(pages.len());
        for (file, digest) in pages {
            files.push_str(file);
            ends.push(files.len() as u32);
            digests.push(digest);
        }
        LanguagePages {
            files,
            ends,
            digests,
            contents,
            places: OnceLock::new(),
        }
    }

    fn file(&self, at: usize) -> &str {
        let start = at.checked_sub(1).map_or(0, |before| self.ends[before]) as usize;
        &self.files[start..self.ends[at] as usize]
    }

    /// Where `file` was: at `at` or beside it (one item moved one place
    /// shifts the pages between its old and new place by one), else found
    /// by name.
    fn place_of(&self, at: usize, file: &str) -> Option<usize> {
        let near = [Some(at), at.checked_add(1), at.checked_sub(1)];
        near.into_iter()
            .flatten()
            .find(|&place| place < self.ends.len() && self.file(place) == file)
            .or_else(|| self.find(file))
    }

    fn find(&self, file: &str) -> Option<usize> {
        let places = self.places.get_or_init(|| {
            (0..self.ends.len())
                .map(|at| (hash(self.file(at)), at as u32))
                .collect()
        });
        let place = *places.get(&hash(file))? as usize;
        if self.file(place) == file {
            return Some(place);
        }
        // Two files with one hash (never seen): looked for one by one.
        (0..self.ends.len()).find(|&at| self.file(at) == file)
    }
}

fn hash(file: &str) -> u64 {
    FxBuildHasher.hash_one(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(files: &[&str]) -> LanguagePages {
        let contents = files.iter().map(|_| Content::Written).collect();
        LanguagePages::from_pages(files.iter().map(|f| (*f, Some(1))), contents)
    }

    #[test]
    fn a_page_is_found_at_its_place_beside_it_or_by_name() {
        let last = pages(&[
            "index.html",
            "news/a/index.html",
            "news/b/index.html",
            "x.html",
        ]);
        assert_eq!(last.file(0), "index.html");
        assert_eq!(last.file(3), "x.html");
        assert_eq!(last.place_of(1, "news/a/index.html"), Some(1));
        // One item moved up one place: the pages after it shift by one.
        assert_eq!(last.place_of(1, "news/b/index.html"), Some(2));
        assert_eq!(last.place_of(2, "news/a/index.html"), Some(1));
        assert_eq!(last.place_of(0, "x.html"), Some(3));
        assert_eq!(last.place_of(9, "x.html"), Some(3));
        assert_eq!(last.place_of(1, "news/c/index.html"), None);
        assert_eq!(last.place_of(0, ""), None);
    }
}
