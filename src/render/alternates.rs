//! Which page of one language is which page of another. The page of a
//! content file has for versions the pages of its translations (found by
//! the path they share, whatever their slugs); any other page (home, lists,
//! a tag that both languages have) the page at the same route. A page's
//! versions are in its digest: it is rendered again when a translation
//! appears or goes.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::plan::{Plan, Planned};
use crate::model::Alternate;

/// What one language's plan has, to be looked up by the others.
struct Index<'p> {
    base_url: &'p str,
    lang: crate::locale::Lang,
    by_key: FxHashMap<&'p Path, &'p str>,
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
        plans
            .iter()
            .map(|plan| {
                plan.pages
                    .iter()
                    .map(|page| versions(page, &indices))
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
    let listed = plan.pages.iter().filter(|p| p.listed);
    let mut index = Index {
        base_url: &plan.base_url,
        lang: plan.lang,
        by_key: FxHashMap::default(),
        plain: FxHashSet::default(),
    };
    for page in listed {
        match page.translation_key() {
            Some(key) => {
                index.by_key.insert(key, page.route.as_str());
            }
            None => {
                index.plain.insert(page.route.as_str());
            }
        }
    }
    index
}

/// The page's versions in every language, when there are two or more.
fn versions(page: &Planned, indices: &[Index]) -> Option<Arc<[Alternate]>> {
    if !page.listed {
        return None;
    }
    let found: Vec<Alternate> = indices
        .iter()
        .filter_map(|index| {
            let route = match page.translation_key() {
                Some(key) => *index.by_key.get(key)?,
                None => index.plain.get(page.route.as_str()).copied()?,
            };
            Some(Alternate {
                lang: index.lang,
                url: format!("{}{route}", index.base_url),
            })
        })
        .collect();
    (found.len() > 1).then(|| Arc::from(found))
}
