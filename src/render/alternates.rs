//! Which page of one language is which page of another. The page of a
//! content file has for versions the pages of its translations (found by
//! the path they share, whatever their slugs); any other page (home, lists,
//! a tag that both languages have) the page at the same route. A page's
//! versions are in its digest: it is rendered again when a translation
//! appears or goes.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::plan::{Plan, Planned};
use crate::model::Alternate;

/// What one language's plan has, to be looked up by the others.
struct Index<'p> {
    base_url: &'p str,
    lang: crate::locale::Lang,
    pages: &'p [Planned<'p>],
    /// The listed pages of content files, by their hashed translation key
    /// (`Planned::key`). Pages are read only when keys hash alike: reading
    /// every page's origin, scattered among the items, cost more than the
    /// rest of the linking at 10,000 items.
    by_key: FxHashMap<u64, usize>,
    /// Pages whose key hashes like another's in `by_key` but is not its.
    other_keys: Vec<usize>,
    plain: FxHashSet<&'p str>,
}

/// Gives every listed page of `plans` (one per language, the default
/// first) its versions in every language, itself included, when it has one
/// in another.
pub fn link_alternates(plans: &mut [Plan]) {
    if plans.len() < 2 {
        return;
    }
    let found: Vec<Vec<Option<Arc<[Alternate]>>>> = {
        let indices: Vec<Index> = plans.iter().map(index).collect();
        (0..plans.len())
            .map(|lang| {
                (0..plans[lang].pages.len())
                    .map(|at| versions((lang, at), &indices))
                    .collect()
            })
            .collect()
    };
    for (plan, found) in plans.iter_mut().zip(found) {
        for (page, alternates) in plan.pages.iter_mut().zip(found) {
            let Some(alternates) = alternates else {
                continue;
            };
            if let Some(digest) = page.digest.as_mut() {
                let mut h = FxHasher::default();
                digest.hash(&mut h);
                alternates.hash(&mut h);
                *digest = h.finish();
            }
            page.alternates = alternates;
        }
    }
}

fn index<'p>(plan: &'p Plan) -> Index<'p> {
    let mut index = Index {
        base_url: &plan.base_url,
        lang: plan.lang,
        pages: &plan.pages,
        by_key: FxHashMap::default(),
        other_keys: Vec::new(),
        plain: FxHashSet::default(),
    };
    for (at, page) in plan.pages.iter().enumerate().filter(|(_, p)| p.listed) {
        if page.origin.is_none() {
            index.plain.insert(page.route.as_str());
            continue;
        }
        match index.by_key.entry(page.key) {
            Entry::Vacant(slot) => {
                slot.insert(at);
            }
            // The same key again: the last page has it, as a map by path would.
            Entry::Occupied(mut slot) if same_key(&plan.pages[*slot.get()], page) => {
                slot.insert(at);
            }
            Entry::Occupied(_) => index.other_keys.push(at),
        }
    }
    index
}

fn same_key(a: &Planned, b: &Planned) -> bool {
    a.key == b.key && a.translation_key() == b.translation_key()
}

impl<'p> Index<'p> {
    /// The route of the page here that is `page`'s version, if any.
    /// `itself`: `page` is at that position here (it is of this language).
    fn route_of(&self, page: &Planned, itself: Option<usize>) -> Option<&'p str> {
        if page.origin.is_none() {
            return self.plain.get(page.route.as_str()).copied();
        }
        let at = *self.by_key.get(&page.key)?;
        if itself == Some(at) || same_key(&self.pages[at], page) {
            return Some(&self.pages[at].route);
        }
        let at = self
            .other_keys
            .iter()
            .find(|&&i| same_key(&self.pages[i], page))?;
        Some(&self.pages[*at].route)
    }
}

/// The versions of the `at`-th page of the `lang`-th plan in every
/// language, when there are two or more.
fn versions((lang, at): (usize, usize), indices: &[Index]) -> Option<Arc<[Alternate]>> {
    let page = &indices[lang].pages[at];
    if !page.listed {
        return None;
    }
    let route_in = |i: usize| indices[i].route_of(page, (i == lang).then_some(at));
    // Most pages have no version in another language: nothing is made for them.
    (0..indices.len())
        .filter(|&i| i != lang)
        .find_map(route_in)?;
    let found: Vec<Alternate> = (0..indices.len())
        .filter_map(|i| {
            let route = route_in(i)?;
            let index = &indices[i];
            Some(Alternate {
                lang: index.lang,
                url: format!("{}{route}", index.base_url),
            })
        })
        .collect();
    (found.len() > 1).then(|| Arc::from(found))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::locale::Lang;
    use crate::model::Origin;

    fn origin(file: &str, of: Option<&str>, lang: Lang) -> Origin {
        Origin {
            file: PathBuf::from(file),
            assets: Vec::new(),
            citations: Vec::new(),
            citation_contexts: Vec::new(),
            fingerprint: 0,
            lang,
            translation_of: of.map(PathBuf::from),
            pictures: Default::default(),
        }
    }

    fn plan<'s>(lang: Lang, base_url: &str, pages: Vec<Planned<'s>>) -> Plan<'s> {
        Plan {
            pages,
            lang,
            base_url: base_url.to_string(),
        }
    }

    fn urls(page: &Planned) -> Vec<String> {
        page.alternates.iter().map(|a| a.url.clone()).collect()
    }

    /// Pages are matched by their hashed keys, then by their paths: with
    /// every key hashing alike, each page still finds its own translation
    /// and no other (`b` among the other keys in both languages, `c`
    /// translated nowhere).
    #[test]
    fn keys_that_hash_alike_are_told_apart_by_their_paths() {
        let (a, b, c) = (
            origin("content/news/a.md", None, Lang::Vi),
            origin("content/news/b.md", None, Lang::Vi),
            origin("content/news/c.md", None, Lang::Vi),
        );
        let a_en = origin("content/news/a.en.md", Some("content/news/a.md"), Lang::En);
        let b_en = origin("content/news/b.en.md", Some("content/news/b.md"), Lang::En);
        for key in [
            |o: &Origin| crate::render::plan::key_hash(o),
            |_: &Origin| 7,
        ] {
            let page = |route: &str, o| Planned::for_test(route, Some(o), key(o));
            let vi = vec![
                page("news/a/", &a),
                page("news/b/", &b),
                page("news/c/", &c),
                Planned::for_test("", None, 0),
            ];
            let en = vec![
                page("news/b-en/", &b_en),
                page("news/a-en/", &a_en),
                Planned::for_test("", None, 0),
            ];
            let mut plans = [plan(Lang::Vi, "/", vi), plan(Lang::En, "/en/", en)];
            link_alternates(&mut plans);
            let [vi, en] = &plans;
            assert_eq!(urls(&vi.pages[0]), ["/news/a/", "/en/news/a-en/"]);
            assert_eq!(urls(&vi.pages[1]), ["/news/b/", "/en/news/b-en/"]);
            assert!(urls(&vi.pages[2]).is_empty(), "c has no translation");
            assert_eq!(urls(&vi.pages[3]), ["/", "/en/"]);
            assert_eq!(urls(&en.pages[0]), ["/news/b/", "/en/news/b-en/"]);
            assert_eq!(urls(&en.pages[1]), ["/news/a/", "/en/news/a-en/"]);
            assert_eq!(urls(&en.pages[2]), ["/", "/en/"]);
        }
    }
}
