//! How a list is cut into pages: how many pages, which items a page shows,
//! which page shows an item. The one owner of this arithmetic; routes and
//! templates ask it, the rebuilder never repeats it.

use std::ops::Range;

/// A list of `len` items shown `per_page` to a page. An empty list still
/// has one (empty) page: `/news/` exists on a new portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paging {
    pub len: usize,
    pub per_page: usize,
}

impl Paging {
    pub fn new(len: usize, per_page: usize) -> Self {
        Paging {
            len,
            per_page: per_page.max(1),
        }
    }

    /// Number of pages, at least 1.
    pub fn count(self) -> usize {
        self.len.div_ceil(self.per_page).max(1)
    }

    /// Positions in the list shown on page `n` (from 1).
    pub fn slice(self, n: usize) -> Range<usize> {
        let start = (n.max(1) - 1).saturating_mul(self.per_page).min(self.len);
        start..(start + self.per_page).min(self.len)
    }

    /// The page (from 1) that shows the item at `position`.
    pub fn page_of(self, position: usize) -> usize {
        position / self.per_page + 1
    }

    /// Page numbers 1..=count.
    pub fn pages(self) -> std::ops::RangeInclusive<usize> {
        1..=self.count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_has_one_empty_page() {
        let paging = Paging::new(0, 10);
        assert_eq!(paging.count(), 1);
        assert_eq!(paging.slice(1), 0..0);
    }

    #[test]
    fn the_last_page_holds_the_rest() {
        let paging = Paging::new(25, 10);
        assert_eq!(paging.count(), 3);
        assert_eq!(paging.slice(3), 20..25);
        assert_eq!(paging.slice(4), 25..25);
        assert_eq!(paging.page_of(19), 2);
        assert_eq!(paging.page_of(20), 3);
    }

    #[test]
    fn zero_per_page_counts_as_one() {
        assert_eq!(Paging::new(3, 0).count(), 3);
    }
}
