//! Measured figures of a news item: `results` and `outcomes`.

use serde_yaml::Value;

use crate::dates::Period;
use crate::frontmatter::describe;
use crate::frontmatter::fields::{scalar_text, Fields, Reader};
use crate::model::{Outcome, ResultFigure};

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
                format!(
                    "expected {{indicator, value, unit, total, target, period}}, found {}",
                    describe(item)
                ),
            );
            continue;
        };
        let fr = Fields::new(m, &path);
        let indicator = fr.text(r, "indicator", true);
        let value = fr.number(r, "value", true);
        let unit = fr.text(r, "unit", false);
        let total = fr.number(r, "total", false);
        let target = fr.number(r, "target", false);
        let period = match fr.get("period") {
            None => Some(Period::Year(item_year)),
            Some(v) => {
                let parsed = scalar_text(v).and_then(|t| Period::parse(&t));
                if parsed.is_none() {
                    r.error(
                        &fr.path("period"),
                        format!(
                            "expected a period like 2021, 2021-Q3, 2021-07, 2021-H1 or Quý III/2021, found {}",
                            describe(v)
                        ),
                    );
                }
                parsed
            }
        };
        fr.warn_unknown(
            r,
            &["indicator", "value", "unit", "total", "target", "period"],
        );
        if let (Some(indicator), Some(value), Some(period)) = (indicator, value, period) {
            out.push(ResultFigure {
                indicator,
                value,
                unit,
                total,
                target,
                period,
            });
        }
    }
    out
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
                fo.warn_unknown(r, &["text", "before", "after", "unit"]);
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
                format!(
                    "expected a text or {{text, before, after, unit}}, found {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}
