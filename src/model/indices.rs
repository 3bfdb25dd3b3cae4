//! Performance indices (PAR INDEX, SIPAS, PAPI ...): one file a year, each
//! ranking units. Ranks are the file's own, or derived from the scores
//! (ties share a rank); a change against the year before is known only for
//! a unit both years rank.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use super::figures::{hash_number, Better};
use super::{Located, Origin, UnitLevel};
use crate::markdown::Rendered;

/// A band of scores ("Tốt" from 90), highest `from` first.
#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub from: f64,
}

/// One ranked unit of one year.
#[derive(Debug, Clone)]
pub struct RankedUnit {
    pub unit: Located<String>,
    pub unit_level: Option<UnitLevel>,
    pub score: Option<f64>,
    /// As given, or derived from the scores.
    pub rank: Option<u32>,
    pub components: Vec<Option<f64>>,
    pub note: Option<String>,
}

/// `content/indices/SLUG/YYYY.md`.
#[derive(Debug, Clone)]
pub struct IndexYear {
    pub origin: Origin,
    /// The index's folder name, its URL segment.
    pub slug: String,
    /// The index's name, the same in every year of `slug`.
    pub name: Located<String>,
    pub year: i32,
    pub scope: Option<String>,
    pub published: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub basis: Option<String>,
    pub max_score: Option<f64>,
    pub better: Better,
    pub components: Vec<String>,
    pub bands: Vec<Band>,
    /// By rank, then as written.
    pub units: Vec<RankedUnit>,
    /// How many units the whole ranking has, when `units` lists only some.
    pub of: Option<u32>,
    pub body: Rendered,
}

impl IndexYear {
    /// The band a score falls in (the first whose `from` it reaches).
    pub fn band_of(&self, score: f64) -> Option<&Band> {
        self.bands.iter().find(|band| score >= band.from)
    }

    /// The unit named `name` (names are unique within a year).
    pub fn unit(&self, name: &str) -> Option<&RankedUnit> {
        self.units.iter().find(|u| u.unit.value == name)
    }

    /// The lowest-ranked unit, when the file lists the whole ranking (with
    /// `of` beyond the listed units, no listed unit is the lowest).
    pub fn lowest(&self) -> Option<&RankedUnit> {
        if self.of.is_some_and(|of| of as usize > self.units.len()) {
            return None;
        }
        self.units.iter().rev().find(|u| u.rank.is_some())
    }
}

/// Everything of a year's file, hashed (the plan's digest of its pages).
impl Hash for IndexYear {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.origin.fingerprint.hash(h);
        for unit in &self.units {
            unit.rank.hash(h);
        }
    }
}

/// One index: its years, oldest first.
#[derive(Debug, Clone)]
pub struct Index {
    pub slug: String,
    pub name: String,
    pub years: BTreeMap<i32, IndexYear>,
}

/// How a unit moved between a year and the year before it in the same index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub previous_year: i32,
    /// Places risen (positive) or fallen; `None` when a year gives no rank.
    pub places_risen: Option<i64>,
    pub score_change: Option<f64>,
}

impl Index {
    pub fn latest(&self) -> Option<&IndexYear> {
        self.years.values().next_back()
    }

    /// `unit`'s change from the previous year of this index, only when both
    /// years rank (or score) it.
    pub fn change(&self, year: i32, unit: &str) -> Option<Change> {
        let (&previous_year, before) = self.years.range(..year).next_back()?;
        let now = self.years.get(&year)?.unit(unit)?;
        let then = before.unit(unit)?;
        let places_risen = match (now.rank, then.rank) {
            (Some(now), Some(then)) => Some(i64::from(then) - i64::from(now)),
            _ => None,
        };
        let score_change = match (now.score, then.score) {
            (Some(now), Some(then)) => Some(now - then),
            _ => None,
        };
        (places_risen.is_some() || score_change.is_some()).then_some(Change {
            previous_year,
            places_risen,
            score_change,
        })
    }
}

/// Ranks from scores where the file gives none: best first (by `better`),
/// ties sharing a rank (1, 2, 2, 4); units without a score stay unranked.
pub fn derive_ranks(units: &mut [RankedUnit], better: Better) {
    if units.iter().any(|u| u.rank.is_some()) {
        return;
    }
    let key = |u: &RankedUnit| {
        u.score
            .map(|s| if better == Better::Lower { s } else { -s })
    };
    let mut order: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].score.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        key(&units[a])
            .partial_cmp(&key(&units[b]))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut rank = 0;
    let mut previous: Option<f64> = None;
    for (place, &i) in order.iter().enumerate() {
        if previous != units[i].score {
            rank = place as u32 + 1;
            previous = units[i].score;
        }
        units[i].rank = Some(rank);
    }
}

/// Units in rank order; unranked ones last, in the order written.
pub fn sort_by_rank(units: &mut [RankedUnit]) {
    units.sort_by_key(|u| u.rank.unwrap_or(u32::MAX));
}

/// The first pair of units whose given ranks contradict their scores: a
/// better rank with a worse score.
pub fn contradicting_ranks(
    units: &[RankedUnit],
    better: Better,
) -> Option<(&RankedUnit, &RankedUnit)> {
    let worse = |a: f64, b: f64| match better {
        Better::Higher => a < b,
        Better::Lower => a > b,
    };
    for a in units {
        for b in units {
            if let (Some(ra), Some(rb), Some(sa), Some(sb)) = (a.rank, b.rank, a.score, b.score) {
                if ra < rb && worse(sa, sb) {
                    return Some((a, b));
                }
            }
        }
    }
    None
}

impl Hash for RankedUnit {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (&self.unit.value, self.unit_level, self.rank, &self.note).hash(h);
        hash_number(self.score, h);
        for c in &self.components {
            hash_number(*c, h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, score: Option<f64>) -> RankedUnit {
        RankedUnit {
            unit: Located {
                value: name.into(),
                line: 1,
                column: 1,
            },
            unit_level: None,
            score,
            rank: None,
            components: Vec::new(),
            note: None,
        }
    }

    #[test]
    fn tied_scores_share_a_rank_and_the_next_skips() {
        let mut units = vec![
            unit("A", Some(80.0)),
            unit("B", Some(90.0)),
            unit("C", Some(80.0)),
            unit("D", Some(70.0)),
            unit("E", None),
        ];
        derive_ranks(&mut units, Better::Higher);
        let ranks: Vec<Option<u32>> = units.iter().map(|u| u.rank).collect();
        assert_eq!(ranks, [Some(2), Some(1), Some(2), Some(4), None]);
    }

    #[test]
    fn with_lower_better_the_smallest_score_ranks_first() {
        let mut units = vec![unit("A", Some(3.0)), unit("B", Some(1.0))];
        derive_ranks(&mut units, Better::Lower);
        assert_eq!(units[1].rank, Some(1));
    }

    #[test]
    fn a_better_rank_with_a_worse_score_is_found() {
        let mut units = vec![unit("A", Some(70.0)), unit("B", Some(90.0))];
        units[0].rank = Some(1);
        units[1].rank = Some(2);
        let (a, b) = contradicting_ranks(&units, Better::Higher).expect("a contradiction");
        assert_eq!((a.unit.value.as_str(), b.unit.value.as_str()), ("A", "B"));
    }
}
