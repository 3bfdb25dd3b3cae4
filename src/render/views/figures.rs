//! What a page shows of a measured result or a featured outcome.

use serde::Serialize;

use crate::locale::{self, percent, Texts};
use crate::model::{Outcome, ResultFigure};
use crate::render::charts;

/// What a page shows of one result. Every phrase is made from the keys
/// named beside it, and is `None` when they are not given: nothing here is
/// zero, "no" or a direction the content does not state.
#[derive(Serialize)]
pub struct ResultView {
    pub indicator: String,
    /// The figure a reader sees first, the first the content gives of:
    /// the ratio, the value, the range, the rank, the target.
    pub headline: String,
    /// `subject`.
    pub subject: Option<String>,
    /// `value` with `unit`: `1,5%`, `201 hồ sơ`.
    pub value: Option<String>,
    /// `min`, `max`, `unit`: `từ 1 đến 32 ngày`.
    pub range: Option<String>,
    /// `value`/`total`: `201/201`.
    pub ratio: Option<String>,
    /// `value`/`total` × 100: `100%`.
    pub share: Option<String>,
    pub share_number: Option<f64>,
    /// `target` with `better` and `unit`: `tối thiểu 80%`, `tối đa 5 ngày`.
    pub target: Option<String>,
    /// Only a target is stated (no value, range or rank): "mục tiêu".
    pub target_only: bool,
    /// `value` against `target`, in the direction of `better`.
    pub met_target: Option<bool>,
    pub met_label: Option<String>,
    /// `value` − `previous` (or `change`), with `unit` (`%`: in percentage
    /// points) and `previous_period`: `tăng 2,58 điểm phần trăm so với năm 2020`.
    pub change: Option<String>,
    /// `up`, `down` or `same`: the direction of `change`, for styling.
    pub trend: Option<&'static str>,
    /// `rank` and `of`: `hạng 34/63`.
    pub rank: Option<String>,
    /// `rank`, `previous_rank`, `of`: `tăng 13 bậc, từ 47 lên 34/63`.
    pub rank_change: Option<String>,
    /// `period` (`None` when the source states none).
    pub period: Option<String>,
    pub period_code: Option<String>,
    /// `better`: `higher` or `lower`.
    pub better: &'static str,
    /// An SVG bar of `value` against `total`, or against `target` when
    /// higher is better (HTML, safe); never for a rank.
    pub bar: Option<String>,
}

#[derive(Serialize)]
pub struct OutcomeView {
    pub text: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// `giảm 10 ngày (67%)`.
    pub change: Option<String>,
    /// Before and after as two SVG bars with their figures (HTML, safe).
    pub chart: Option<String>,
}

pub fn result_view(t: &Texts, r: &ResultFigure) -> ResultView {
    let lang = t.lang();
    let unit = r.unit.as_deref();
    let share_number = r.share_of_total();
    let number = |n: f64| locale::number(lang, n);
    let ratio = r
        .value
        .zip(r.total)
        .map(|(v, total)| format!("{}/{}", number(v), number(total)));
    let value = r.value.map(|v| locale::with_unit(lang, v, unit));
    let range = range_text(t, r);
    let rank = r.rank.map(|rank| rank_text(t, rank, r.of));
    let target = target_text(t, r);
    let headline = ratio
        .clone()
        .or_else(|| value.clone())
        .or_else(|| range.clone())
        .or_else(|| rank.clone())
        .or_else(|| {
            let target = target.as_ref()?;
            Some(t.fill("result.target_headline", &[("target", target)]))
        })
        .unwrap_or_else(|| change_text(t, r).unwrap_or_default());
    ResultView {
        indicator: r.indicator.clone(),
        headline,
        subject: r.subject.clone(),
        value,
        range,
        ratio,
        share: share_number.map(|p| format!("{}%", number(p))),
        share_number: share_number.map(|p| (p * 100.0).round() / 100.0),
        target,
        target_only: r.target.is_some() && r.value.is_none() && r.min.is_none() && r.rank.is_none(),
        met_target: r.meets_target(),
        met_label: r.meets_target().map(|met| {
            t.get(if met { "chart.met" } else { "chart.not_met" })
                .to_string()
        }),
        change: change_text(t, r),
        trend: r.value_change().map(trend),
        rank,
        rank_change: rank_change_text(t, r),
        period: r.period.map(|p| locale::period(t, p)),
        period_code: r.period.map(|p| p.code()),
        better: r.better.code(),
        bar: charts::result_bar(r).map(|(fill, marker)| charts::bar_svg(fill, marker)),
    }
}

fn trend(change: f64) -> &'static str {
    if change > 0.0 {
        "up"
    } else if change < 0.0 {
        "down"
    } else {
        "same"
    }
}

/// `từ 1 đến 32 ngày`.
fn range_text(t: &Texts, r: &ResultFigure) -> Option<String> {
    let (min, max) = (r.min?, r.max?);
    let min = locale::number(t.lang(), min);
    let max = locale::with_unit(t.lang(), max, r.unit.as_deref());
    Some(t.fill("result.range", &[("min", &min), ("max", &max)]))
}

/// `tối thiểu 80%` (higher is better) or `tối đa 5 ngày` (lower).
fn target_text(t: &Texts, r: &ResultFigure) -> Option<String> {
    let target = locale::with_unit(t.lang(), r.target?, r.unit.as_deref());
    let key = format!("result.target.{}", r.better.code());
    Some(t.fill(&key, &[("target", &target)]))
}

/// `tăng 2,58 điểm phần trăm so với năm 2020`: the difference as the
/// content gives it (`value` − `previous`, or `change`), in percentage
/// points for a percentage, never as a percent of a percent.
fn change_text(t: &Texts, r: &ResultFigure) -> Option<String> {
    let change = r.value_change()?;
    let size = change.abs();
    let amount = if r.is_percent() {
        let n = locale::number(t.lang(), size);
        let key = if size == 1.0 {
            "result.points.one"
        } else {
            "result.points"
        };
        t.fill(key, &[("n", &n)])
    } else {
        locale::with_unit(t.lang(), size, r.unit.as_deref())
    };
    let mut text = match trend(change) {
        "same" => t.get("result.change.same").to_string(),
        way => t.fill(&format!("result.change.{way}"), &[("diff", &amount)]),
    };
    if let Some(period) = r.previous_period {
        let since = t.fill("result.since", &[("period", &locale::period(t, period))]);
        text.push(' ');
        text.push_str(&since);
    }
    Some(text)
}

/// `hạng 34/63`, or `hạng 34` when `of` is not given.
fn rank_text(t: &Texts, rank: u32, of: Option<u32>) -> String {
    match of {
        Some(of) => t.fill("result.rank", &[("rank", &rank), ("of", &of)]),
        None => t.fill("result.rank_alone", &[("rank", &rank)]),
    }
}

/// `tăng 13 bậc, từ 47 lên 34/63`: a rank that rose reads as a rise.
fn rank_change_text(t: &Texts, r: &ResultFigure) -> Option<String> {
    let risen = r.places_risen()?;
    let now = match r.of {
        Some(of) => format!("{}/{of}", r.rank?),
        None => r.rank?.to_string(),
    };
    let before = r.previous_rank?;
    let places = risen.unsigned_abs();
    let way = match risen {
        0 => return Some(t.fill("result.rank.same", &[("now", &now)])),
        n if n > 0 => "up",
        _ => "down",
    };
    let key = if places == 1 {
        format!("result.rank.{way}.one")
    } else {
        format!("result.rank.{way}")
    };
    let values: [(&str, &dyn std::fmt::Display); 3] =
        [("n", &places), ("before", &before), ("now", &now)];
    Some(t.fill(&key, &values))
}

pub fn outcome_view(t: &Texts, o: &Outcome) -> OutcomeView {
    let lang = t.lang();
    let unit = o.unit.as_deref();
    let change = match (o.before, o.after) {
        (Some(before), Some(after)) if before != after => {
            let word = t.get(if after < before {
                "change.decrease"
            } else {
                "change.increase"
            });
            let diff = (after - before).abs();
            let rel = percent(diff, before)
                .map(|p| format!(" ({}%)", locale::number(lang, p.round())))
                .unwrap_or_default();
            Some(format!(
                "{word} {}{rel}",
                locale::with_unit(lang, diff, unit)
            ))
        }
        _ => None,
    };
    OutcomeView {
        text: o.text.clone(),
        before: o.before.map(|b| locale::with_unit(lang, b, unit)),
        after: o.after.map(|a| locale::with_unit(lang, a, unit)),
        change,
        chart: charts::outcome_chart(t, o),
    }
}
