//! Measured figures of a news item: `results` and `outcomes`.

use serde_yaml::Value;

use crate::dates::Period;
use crate::error::Fix;
use crate::frontmatter::describe;
use crate::frontmatter::fields::{scalar_text, Fields, Reader};
use crate::model::{Outcome, ResultFigure};

/// The keys of a `results` entry.
pub(super) const RESULT_KEYS: &[&str] = &[
    "indicator",
    "subject",
    "better",
    "value",
    "min",
    "max",
    "unit",
    "total",
    "target",
    "previous",
    "previous_period",
    "change",
    "period",
    "rank",
    "of",
    "previous_rank",
];

pub(super) const OUTCOME_KEYS: &[&str] = &["text", "before", "after", "unit"];

pub(super) fn read_results(f: &Fields, r: &mut Reader, item_year: i32) -> Vec<ResultFigure> {
    let Some(items) = f.sequence(r, "results") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = f.path("results").index(i);
        let Value::Mapping(m) = item else {
            r.error(
                &path,
                Fix::Shape,
                format!(
                    "expected {{indicator, value, unit, total, target, period, ...}}, found {}",
                    describe(item)
                ),
            );
            continue;
        };
        let fr = Fields::new(m, &path);
        let figure = read_result(&fr, r, item_year);
        fr.warn_unknown(r, RESULT_KEYS);
        out.extend(figure);
    }
    out
}

/// One entry; `None` when it has an error (the error is recorded).
fn read_result(fr: &Fields, r: &mut Reader, item_year: i32) -> Option<ResultFigure> {
    let errors_before = r.diagnostics.len();
    let figure = ResultFigure {
        indicator: fr.text(r, "indicator", true).unwrap_or_default(),
        subject: fr.text(r, "subject", false),
        better: fr.choice(r, "better", false).unwrap_or_default(),
        value: fr.number(r, "value", false),
        min: fr.number(r, "min", false),
        max: fr.number(r, "max", false),
        unit: fr.text(r, "unit", false),
        total: fr.number(r, "total", false),
        target: fr.number(r, "target", false),
        previous: fr.number(r, "previous", false),
        previous_period: read_period(fr, r, "previous_period").flatten(),
        change: fr.number(r, "change", false),
        // Absent: the item's year; `period: ~`: the source states none.
        period: read_period(fr, r, "period").unwrap_or(Some(Period::Year(item_year))),
        rank: fr.count(r, "rank", false),
        of: fr.count(r, "of", false),
        previous_rank: fr.count(r, "previous_rank", false),
    };
    check_result(fr, r, &figure);
    let has_errors = r.diagnostics[errors_before..].iter().any(|d| d.is_error());
    (!has_errors).then_some(figure)
}

/// A period key: `None` when absent, `Some(None)` when written `~` (or
/// unreadable, with its error recorded).
fn read_period(fr: &Fields, r: &mut Reader, key: &str) -> Option<Option<Period>> {
    if fr.is_null(key) {
        return Some(None);
    }
    let v = fr.get(key)?;
    let parsed = scalar_text(v).and_then(|t| Period::parse(&t));
    if parsed.is_none() {
        r.error(
            &fr.path(key),
            Fix::Period,
            format!(
                "expected a period like 2021, 2021-Q3, 2021-07, 2021-H1 or Quý III/2021, found {}",
                describe(v)
            ),
        );
    }
    Some(parsed)
}

/// What a result must hold to say something true: a value, a target, a
/// rank or a range; a range with both ends in order; a rank within `of`.
fn check_result(fr: &Fields, r: &mut Reader, figure: &ResultFigure) {
    // Keys written but unreadable have their own error already.
    let states = ["value", "target", "rank", "min", "max", "change"]
        .iter()
        .any(|key| fr.has(key));
    if !states && fr.has("indicator") {
        r.error(
            &fr.path("value"),
            Fix::Figure,
            "required key is missing: expected a `value`, a `target`, a `rank`, a `change` or a range (`min` and `max`)",
        );
    }
    match (figure.min, figure.max) {
        (Some(min), Some(max)) if min > max => r.error(
            &fr.path("min"),
            Fix::Range,
            format!("expected `min` not above `max` ({max}), found {min}"),
        ),
        (Some(_), None) => r.error(&fr.path("min"), Fix::Range, "a range needs `max` too"),
        (None, Some(_)) => r.error(&fr.path("max"), Fix::Range, "a range needs `min` too"),
        _ => {}
    }
    if figure.total.is_some() && figure.value.is_none() {
        r.error(
            &fr.path("total"),
            Fix::Figure,
            "`total` says the value is \"value of total\": give the `value` too",
        );
    }
    for (key, rank) in [
        ("rank", figure.rank),
        ("previous_rank", figure.previous_rank),
    ] {
        match (rank, figure.of) {
            (Some(0), _) => r.error(
                &fr.path(key),
                Fix::Rank,
                "expected a rank of 1 or more, found 0",
            ),
            (Some(rank), Some(of)) if rank > of => r.error(
                &fr.path(key),
                Fix::Rank,
                format!("expected a rank within `of` ({of}), found {rank}"),
            ),
            _ => {}
        }
    }
    if figure.previous_rank.is_some() && figure.rank.is_none() {
        r.error(
            &fr.path("previous_rank"),
            Fix::Figure,
            "`previous_rank` is the earlier rank: give the `rank` too",
        );
    }
    let earlier =
        figure.previous.is_some() || figure.previous_rank.is_some() || figure.change.is_some();
    if figure.previous_period.is_some() && !earlier {
        r.warn(
            &fr.path("previous_period"),
            Fix::Period,
            "`previous_period` names the period of `previous`, `previous_rank` or `change`, and none is given",
        );
    }
    if figure.previous.is_some() && figure.value.is_none() {
        r.error(
            &fr.path("previous"),
            Fix::Figure,
            "`previous` is the earlier value: give the `value` too",
        );
    }
}

pub(super) fn read_outcomes(f: &Fields, r: &mut Reader) -> Vec<Outcome> {
    let Some(items) = f.sequence(r, "outcomes") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = f.path("outcomes").index(i);
        match item {
            Value::String(text) => out.push(Outcome {
                text: text.clone(),
                before: None,
                after: None,
                unit: None,
            }),
            Value::Mapping(m) => {
                let fo = Fields::new(m, &path);
                let text = fo.text(r, "text", true);
                let before = fo.number(r, "before", false);
                let after = fo.number(r, "after", false);
                let unit = fo.text(r, "unit", false);
                fo.warn_unknown(r, OUTCOME_KEYS);
                if let Some(text) = text {
                    out.push(Outcome {
                        text,
                        before,
                        after,
                        unit,
                    });
                }
            }
            other => r.error(
                &path,
                Fix::Shape,
                format!(
                    "expected a text or {{text, before, after, unit}}, found {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}
