//! The links between the pages of a list: the ends, the current page and
//! its neighbours, gaps between.

use serde::Serialize;

use super::url;
use crate::model::site::Site;
use crate::paging::Paging;

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Stands for the pages left out between its neighbours (`number` and `url` are empty).
    pub gap: bool,
}

#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// The first page, the last, and the current one with `PAGINATOR_SPAN`
    /// neighbours either side; gaps in between.
    pub pages: Vec<PageLink>,
}

/// Pages shown either side of the current one.
const PAGINATOR_SPAN: usize = 2;

pub fn paginator(
    site: &Site,
    current: usize,
    paging: Paging,
    route_of: impl Fn(usize) -> String,
) -> Paginator {
    let total = paging.count();
    let link = |n: usize| PageLink {
        number: n,
        url: url(site, &route_of(n)),
        current: n == current,
        gap: false,
    };
    let mut pages = Vec::new();
    for n in paginator_numbers(current, total) {
        match n {
            Some(n) => pages.push(link(n)),
            None => pages.push(PageLink {
                number: 0,
                url: String::new(),
                current: false,
                gap: true,
            }),
        }
    }
    Paginator {
        current,
        total,
        prev_url: (current > 1).then(|| url(site, &route_of(current - 1))),
        next_url: (current < total).then(|| url(site, &route_of(current + 1))),
        pages,
    }
}

/// The page numbers a paginator shows, `None` for a gap. Listing every page
/// made each list page grow with the site: 10,000 list pages of 880 KB each
/// at 100,000 items. A gap of one page shows that page instead.
pub fn paginator_numbers(current: usize, total: usize) -> Vec<Option<usize>> {
    let low = current.saturating_sub(PAGINATOR_SPAN).max(1);
    let high = (current + PAGINATOR_SPAN).min(total);
    let mut shown: Vec<usize> = Vec::with_capacity(2 * PAGINATOR_SPAN + 5);
    shown.push(1);
    shown.extend(low..=high);
    shown.push(total);
    shown.retain(|n| (1..=total).contains(n));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        if let Some(&before) = i.checked_sub(1).and_then(|j| shown.get(j)) {
            match n - before {
                1 => {}
                2 => out.push(Some(before + 1)),
                _ => out.push(None),
            }
        }
        out.push(Some(n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::paginator_numbers;

    fn shown(current: usize, total: usize) -> String {
        paginator_numbers(current, total)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_few_pages_are_all_shown() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "1 2 3");
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
    }

    #[test]
    fn many_pages_show_the_ends_and_the_neighbours() {
        assert_eq!(shown(1, 1000), "1 2 3 … 1000");
        assert_eq!(shown(500, 1000), "1 … 498 499 500 501 502 … 1000");
        assert_eq!(shown(1000, 1000), "1 … 998 999 1000");
        // A gap of one page shows the page: "…" never hides a single number.
        assert_eq!(shown(5, 1000), "1 2 3 4 5 6 7 … 1000");
    }

    #[test]
    fn the_size_does_not_grow_with_the_page_count() {
        assert!(paginator_numbers(5_000, 10_000).len() <= 9);
    }
}
