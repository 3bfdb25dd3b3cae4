//! Every URL the site has, in one place: a route is a path under the output
//! root ending in `/` (a folder with `index.html`) or naming a file.

pub fn home() -> String {
    String::new()
}

pub fn news_list(page: usize) -> String {
    paged("news/", page)
}

pub fn news_item(slug: &str) -> String {
    format!("news/{slug}/")
}

pub fn page(slug: &str) -> String {
    format!("pages/{slug}/")
}

pub fn procedures() -> String {
    "procedures/".into()
}

pub fn procedure(slug: &str) -> String {
    format!("procedures/{slug}/")
}

pub fn simplified() -> String {
    "procedures/simplified/".into()
}

pub fn inspections() -> String {
    "inspections/".into()
}

pub fn inspection_year(year: i32) -> String {
    format!("inspections/{year}/")
}

pub fn indices() -> String {
    "indices/".into()
}

/// An index's years: `indices/par-index/`.
pub fn index(slug: &str) -> String {
    format!("indices/{slug}/")
}

/// One year of an index: `indices/par-index/2023/`.
pub fn index_year(slug: &str, year: i32) -> String {
    format!("indices/{slug}/{year}/")
}

pub fn outcomes() -> String {
    "outcomes/".into()
}

/// Page `n` (from 1) of the featured outcomes; the first is `/outcomes/`.
pub fn outcomes_page(n: usize) -> String {
    if n <= 1 {
        outcomes()
    } else {
        format!("outcomes/page/{n}/")
    }
}

pub fn documents() -> String {
    "documents/".into()
}

/// Page `n` (from 1) of the cited documents; the first is `/documents/`.
pub fn documents_page(n: usize) -> String {
    if n <= 1 {
        documents()
    } else {
        format!("documents/page/{n}/")
    }
}

/// A document's own page: `documents/43-2011-nd-cp/`, page `n` of its citers.
pub fn document(slug: &str, n: usize) -> String {
    if n <= 1 {
        format!("documents/{slug}/")
    } else {
        format!("documents/{slug}/page/{n}/")
    }
}

/// Page `n` of the documents of one kind: `documents/kind/nghi-dinh/`.
pub fn documents_of_kind(slug: &str, n: usize) -> String {
    if n <= 1 {
        format!("documents/kind/{slug}/")
    } else {
        format!("documents/kind/{slug}/page/{n}/")
    }
}

/// Page `n` of the documents issued in one year: `documents/year/2011/`.
pub fn documents_of_year(year: i32, n: usize) -> String {
    if n <= 1 {
        format!("documents/year/{year}/")
    } else {
        format!("documents/year/{year}/page/{n}/")
    }
}

/// The open-data page; the files themselves are `data/NAME.csv` and `.json`.
pub fn data() -> String {
    "data/".into()
}

pub fn search() -> String {
    "search/".into()
}

/// `kind` is `tags`, `agencies` or `locations`.
pub fn taxonomy(kind: &str) -> String {
    format!("{kind}/")
}

pub fn taxonomy_term(kind: &str, slug: &str, page: usize) -> String {
    paged(&format!("{kind}/{slug}/"), page)
}

fn paged(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// Routes minhbach makes itself that no content may claim: the list of
/// simplified procedures, and the pages of the news list.
pub fn is_reserved(route: &str) -> bool {
    route == "procedures/simplified/" || route == "news/page/"
}

/// The route of an alias (`/tin-tuc/cu/` → `tin-tuc/cu/`), which gets a
/// redirect page.
pub fn alias(alias: &str) -> String {
    alias.trim_start_matches('/').to_string()
}

/// The redirect pages minhbach makes itself: `/news/page/1/` is a URL people
/// guess, and goes to `/news/`.
pub fn builtin_redirects() -> [(String, String); 1] {
    ["news/page/1/".to_string()].map(|from| (from, news_list(1)))
}

/// The file a route is written to: `news/x/` → `news/x/index.html`.
pub fn output_file(route: &str) -> String {
    if route.is_empty() || route.ends_with('/') {
        format!("{route}index.html")
    } else {
        route.to_string()
    }
}

/// An absolute URL for a route under `base_url` (which ends with `/`).
pub fn permalink(base_url: &str, route: &str) -> String {
    format!("{base_url}{route}")
}

/// `%XX` decoding; `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
