//! URLs that two sources claim (two slugs, an alias shadowing a page, a
//! URL minhbach makes itself) and procedure codes used twice: errors that
//! name both files.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Located, NewsItem, Page, Procedure};
use crate::error::{display_path, Diagnostic, Fix};
use crate::routes;

/// One source's claim on a URL.
struct Claim<'a> {
    file: &'a PathBuf,
    line: usize,
    column: usize,
    key: &'static str,
    is_alias: bool,
}

impl<'a> Claim<'a> {
    fn of(file: &'a PathBuf, at: &Located<String>, key: &'static str, is_alias: bool) -> Self {
        Claim {
            file,
            line: at.line,
            column: at.column,
            key,
            is_alias,
        }
    }

    fn error(&self, fix: Fix, message: String) -> Diagnostic {
        Diagnostic::error(self.file, self.line, fix, message)
            .at_column(self.column)
            .with_key(self.key)
    }
}

/// Two pages with one URL, or an alias that shadows a page, are errors naming both files.
pub(super) fn check_routes(
    news: &[Arc<NewsItem>],
    procedures: &[Procedure],
    pages: &[Page],
) -> Vec<Diagnostic> {
    // A clash is rare; finding none costs a set of routes, while naming one
    // deterministically costs sorting every claim by file (`serve` pays this
    // on every save that assembles the site).
    let mut claims = claims(news, procedures, pages);
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    if !claims
        .iter()
        .any(|(route, _)| routes::is_reserved(route) || !seen.insert(route))
    {
        return Vec::new();
    }
    // Aliases come after pages, so a clash always names the page as the first owner.
    // The file that sorts first keeps the URL, so the error is stable.
    claims.sort_by(|(_, a), (_, b)| (a.is_alias, a.file).cmp(&(b.is_alias, b.file)));
    clash_errors(&claims)
}

/// Every URL the content claims, pages first.
fn claims<'a>(
    news: &'a [Arc<NewsItem>],
    procedures: &'a [Procedure],
    pages: &'a [Page],
) -> Vec<(String, Claim<'a>)> {
    let mut claims: Vec<(String, Claim)> = Vec::new();
    for item in news {
        let claim = Claim::of(&item.origin.file, &item.slug, "slug", false);
        claims.push((routes::news_item(&item.slug.value), claim));
    }
    for p in procedures {
        let claim = Claim::of(&p.origin.file, &p.slug, "slug", false);
        claims.push((routes::procedure(&p.slug.value), claim));
    }
    for p in pages {
        let claim = Claim::of(&p.origin.file, &p.slug, "slug", false);
        claims.push((routes::page(&p.slug.value), claim));
    }
    let aliased = news
        .iter()
        .map(|n| (&n.origin.file, &n.aliases))
        .chain(pages.iter().map(|p| (&p.origin.file, &p.aliases)));
    for (file, aliases) in aliased {
        for alias in aliases {
            let route = routes::alias(&alias.value);
            claims.push((route, Claim::of(file, alias, "aliases", true)));
        }
    }
    claims
}

fn clash_errors(claims: &[(String, Claim)]) -> Vec<Diagnostic> {
    let mut owners: HashMap<&str, &Claim> = HashMap::new();
    let mut errors = Vec::new();
    for (route, c) in claims {
        let shown = format!("/{route}");
        if routes::is_reserved(route) {
            errors.push(c.error(
                Fix::SameUrl,
                format!("the URL {shown} is made by minhbach itself; choose another"),
            ));
            continue;
        }
        let Some(first) = owners.get(route.as_str()) else {
            owners.insert(route, c);
            continue;
        };
        let first_file = display_path(first.file);
        let message = match (first.is_alias, c.is_alias) {
            (false, false) => format!("the URL {shown} is already used by {first_file}; give one of them another `slug`"),
            (false, true) => format!("the alias {shown} is the URL of {first_file}; an alias must be an old URL no page has"),
            _ => format!("the alias {shown} is also an alias in {first_file}"),
        };
        errors.push(c.error(Fix::SameUrl, message));
    }
    errors
}

pub(super) fn check_unique_codes(procedures: &[Procedure]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Procedure> = HashMap::new();
    let mut errors = Vec::new();
    for p in procedures {
        let Some(owner) = first.get(p.code.value.as_str()) else {
            first.insert(&p.code.value, p);
            continue;
        };
        errors.push(
            Diagnostic::error(
                &p.origin.file,
                p.code.line,
                Fix::Duplicate,
                format!(
                    "code {:?} is already used by {}; each procedure has its own code",
                    p.code.value,
                    display_path(&owner.origin.file)
                ),
            )
            .at_column(p.code.column)
            .with_key("code"),
        );
    }
    errors
}
