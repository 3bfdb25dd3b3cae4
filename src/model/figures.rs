//! Measured figures a news item reports (`results`) and its featured
//! outcomes. A figure holds only what the content states: every part but
//! the indicator may be missing, and a missing part is never zero.

use std::hash::{Hash, Hasher};

use super::Period;
use crate::frontmatter::fields::Choice;

choice_enum!(Better {
    Higher => "higher",
    Lower => "lower",
});

/// The contract's default: a higher value is better.
#[allow(clippy::derivable_impls)] // the macro makes the enum; the default is ours
impl Default for Better {
    fn default() -> Self {
        Better::Higher
    }
}

/// One entry of `results` (contract sections 2 and 8).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultFigure {
    pub indicator: String,
    /// What the figure is about ("Sở Tư pháp", "cả nước"); not the item's agency.
    pub subject: Option<String>,
    /// Which direction of `value` is an improvement (ranks: always lower).
    pub better: Better,
    pub value: Option<f64>,
    /// A measured range, "từ 1 đến 32 ngày".
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: Option<String>,
    /// The value is "value of total".
    pub total: Option<f64>,
    /// An "at least" (`better: higher`) or "at most" (`lower`) threshold.
    pub target: Option<f64>,
    /// The same indicator's earlier value, in `previous_period`.
    pub previous: Option<f64>,
    pub previous_period: Option<Period>,
    /// A stated difference, when the earlier value is not given.
    pub change: Option<f64>,
    /// `None`: the source states no period (`period: ~`).
    pub period: Option<Period>,
    pub rank: Option<u32>,
    /// How many are ranked: "rank 23 of 63".
    pub of: Option<u32>,
    pub previous_rank: Option<u32>,
}

impl ResultFigure {
    /// The earlier value's or rank's difference to now, in the figure's
    /// own direction (`value - previous`), as stated or as given by both.
    pub fn value_change(&self) -> Option<f64> {
        match (self.value, self.previous) {
            (Some(now), Some(before)) => Some(now - before),
            _ => self.change,
        }
    }

    /// Places moved up (positive) or down since `previous_rank`.
    pub fn places_risen(&self) -> Option<i64> {
        Some(i64::from(self.previous_rank?) - i64::from(self.rank?))
    }

    /// The value as a share of `total`, in percent, when both are stated.
    pub fn share_of_total(&self) -> Option<f64> {
        let (value, total) = (self.value?, self.total?);
        (total > 0.0).then(|| value / total * 100.0)
    }

    /// Whether `value` meets `target`, in the direction `better` gives.
    pub fn meets_target(&self) -> Option<bool> {
        let (value, target) = (self.value?, self.target?);
        Some(match self.better {
            Better::Higher => value >= target,
            Better::Lower => value <= target,
        })
    }

    /// A percentage: changes of it are in percentage points.
    pub fn is_percent(&self) -> bool {
        self.unit.as_deref().map(str::trim) == Some("%")
    }
}

/// Figures hash by their bits: equal hashes, equal figures as written.
pub(super) fn hash_number<H: Hasher>(value: Option<f64>, h: &mut H) {
    value.map(f64::to_bits).hash(h);
}

impl Hash for ResultFigure {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // Destructured, so a new key cannot be left out.
        let ResultFigure {
            indicator,
            subject,
            better,
            value,
            min,
            max,
            unit,
            total,
            target,
            previous,
            previous_period,
            change,
            period,
            rank,
            of,
            previous_rank,
        } = self;
        (indicator, subject, better, unit, previous_period, period).hash(h);
        (rank, of, previous_rank).hash(h);
        for figure in [value, min, max, total, target, previous, change] {
            hash_number(*figure, h);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub text: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub unit: Option<String>,
}

impl Hash for Outcome {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let Outcome {
            text,
            before,
            after,
            unit,
        } = self;
        (text, unit).hash(h);
        hash_number(*before, h);
        hash_number(*after, h);
    }
}
