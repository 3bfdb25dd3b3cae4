//! Small bar charts drawn at build time as inline SVG: a result against its
//! total or target, an outcome's before → after. No axes, no JavaScript.
//!
//! Each chart is an HTML fragment that templates print unescaped, so every
//! text in it passes through `escape_html` here; the SVG itself is drawing
//! only (hidden from screen readers) beside text saying the same figures.

use std::fmt::Write;

use crate::escape::html as escape_html;
use crate::locale::{self, Texts};
use crate::model::indices::IndexYear;
use crate::model::{Better, Outcome, ResultFigure};

/// How a bar is coloured: presentation attributes, so a chart still reads
/// with a theme's own CSS; `.bar-fill-*` classes let that CSS restyle it.
#[derive(Clone, Copy)]
enum Tone {
    Result,
    Before,
    After,
}

impl Tone {
    fn name(self) -> &'static str {
        match self {
            Tone::Result => "result",
            Tone::Before => "before",
            Tone::After => "after",
        }
    }

    /// Each at least 3:1 against the track and white (WCAG 1.4.11).
    fn colour(self) -> &'static str {
        match self {
            Tone::Result => "#0b4f9c",
            Tone::Before => "#6b7378",
            Tone::After => "#00703c",
        }
    }
}

struct Bar {
    label: String,
    value_text: String,
    /// Share of the track filled, 0 to 1.
    fill: f64,
    /// Where a target line goes, 0 to 1.
    marker: Option<f64>,
    tone: Tone,
}

/// One bar as SVG: a track (the whole: the total, the target or the larger
/// of before and after), the part filled, and an optional target line.
/// The drawing stretches to its box; the line keeps its width.
pub fn bar_svg(fill: f64, marker: Option<f64>) -> String {
    svg(fill, marker, Tone::Result)
}

fn svg(fill: f64, marker: Option<f64>, tone: Tone) -> String {
    let mut out = String::with_capacity(320);
    let _ = write!(
        out,
        "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" \
         width=\"100%\" height=\"12\" aria-hidden=\"true\">\
         <rect class=\"bar-track\" width=\"100\" height=\"10\" fill=\"#dde2e6\"/>"
    );
    let width = units(fill);
    if width > 0.0 {
        let _ = write!(
            out,
            "<rect class=\"bar-fill bar-fill-{}\" width=\"{width:.1}\" height=\"10\" fill=\"{}\"/>",
            tone.name(),
            tone.colour()
        );
    }
    if let Some(at) = marker {
        // Kept inside the box so a line at 100% is not cut in half.
        let x = units(at).clamp(0.5, 99.5);
        let _ = write!(
            out,
            "<line class=\"bar-target\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"0\" y2=\"10\" \
             stroke=\"#1b1b1b\" stroke-width=\"3\" vector-effect=\"non-scaling-stroke\"/>"
        );
    }
    out.push_str("</svg>");
    out
}

fn units(fraction: f64) -> f64 {
    if fraction.is_finite() {
        (fraction.clamp(0.0, 1.0) * 1000.0).round() / 10.0
    } else {
        0.0
    }
}

fn bars_html(class: &str, bars: &[Bar]) -> String {
    let mut out = String::with_capacity(bars.len() * 600);
    let _ = write!(out, "<dl class=\"{class}\">");
    for bar in bars {
        let _ = write!(
            out,
            "<div class=\"bar-row\"><dt>{}</dt><dd><span class=\"bar-value\">{}</span>{}</dd></div>",
            escape_html(&bar.label),
            escape_html(&bar.value_text),
            svg(bar.fill, bar.marker, bar.tone)
        );
    }
    out.push_str("</dl>");
    out
}

/// The filled part and the target line of one result, when it has a whole
/// to be measured against: its total, else (when higher is better) its
/// target, or its value when that passed the target. A rank, a range or a
/// lower-is-better target gets no bar: a bar would say more than the figure.
pub fn result_bar(r: &ResultFigure) -> Option<(f64, Option<f64>)> {
    let value = r.value?;
    let marker_of = |scale: f64| match (r.better, r.target) {
        (Better::Higher, Some(target)) => Some(target / scale),
        _ => None,
    };
    let scale = match (r.total, r.target, r.better) {
        (Some(total), _, _) if total > 0.0 => total,
        (_, Some(target), Better::Higher) if target > 0.0 => target.max(value),
        _ => return None,
    };
    Some((value / scale, marker_of(scale)))
}

/// `201/201 hồ sơ (100%)`, then how it stands against its target.
fn result_text(t: &Texts, r: &ResultFigure) -> Option<String> {
    let lang = t.lang();
    let unit = r.unit.as_deref();
    let value = r.value?;
    let mut text = match (r.total.filter(|total| *total > 0.0), r.share_of_total()) {
        (Some(total), Some(share)) => {
            let share = locale::number(lang, share);
            let ratio = format!(
                "{}/{}",
                locale::number(lang, value),
                locale::number(lang, total)
            );
            match unit.map(str::trim) {
                Some("%") | None | Some("") => format!("{ratio} ({share}%)"),
                Some(u) => format!("{ratio} {u} ({share}%)"),
            }
        }
        _ => locale::with_unit(lang, value, unit),
    };
    if let (Some(target), Some(met)) = (r.target, r.meets_target()) {
        let verdict = t.get(if met { "chart.met" } else { "chart.not_met" });
        let target = locale::with_unit(lang, target, unit);
        let values: [(&str, &dyn std::fmt::Display); 2] =
            [("target", &target), ("verdict", &verdict)];
        text.push_str(&t.fill("chart.against_target", &values));
    }
    Some(text)
}

/// Every result that has a total or a target, as one chart with a caption;
/// `None` when there is none.
pub fn results_chart(t: &Texts, results: &[ResultFigure]) -> Option<String> {
    let bars: Vec<Bar> = results
        .iter()
        .filter_map(|r| {
            let (fill, marker) = result_bar(r)?;
            Some(Bar {
                label: r.indicator.clone(),
                value_text: result_text(t, r)?,
                fill,
                marker,
                tone: Tone::Result,
            })
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let has_target = results
        .iter()
        .any(|r| result_bar(r).is_some_and(|(_, marker)| marker.is_some()));
    let legend = if has_target {
        t.get("chart.target_line")
    } else {
        ""
    };
    Some(format!(
        "<figure class=\"chart\"><figcaption>{}{}</figcaption>{}</figure>",
        escape_html(t.get("chart.results")),
        escape_html(legend),
        bars_html("bars", &bars)
    ))
}

/// An outcome measured before and after, as two bars on one scale.
pub fn outcome_chart(t: &Texts, o: &Outcome) -> Option<String> {
    let (before, after) = (o.before?, o.after?);
    let scale = before.max(after);
    if scale <= 0.0 || !scale.is_finite() {
        return None;
    }
    let unit = o.unit.as_deref();
    let bar = |key: &str, value: f64, tone: Tone| Bar {
        label: t.get(key).to_string(),
        value_text: locale::with_unit(t.lang(), value, unit),
        fill: value / scale,
        marker: None,
        tone,
    };
    let bars = [
        bar("chart.before", before, Tone::Before),
        bar("chart.after", after, Tone::After),
    ];
    Some(bars_html("bars bars-change", &bars))
}

/// The measured outcomes of one item, each named by its text above its two
/// bars, in one captioned figure; `None` when no outcome has both figures.
pub fn outcomes_chart(t: &Texts, outcomes: &[Outcome]) -> Option<String> {
    let groups: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            Some(format!(
                "<div class=\"chart-group\"><p class=\"chart-title\">{}</p>{}</div>",
                escape_html(&o.text),
                outcome_chart(t, o)?
            ))
        })
        .collect();
    if groups.is_empty() {
        return None;
    }
    Some(format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption>{}</figure>",
        escape_html(t.get("chart.before_after")),
        groups.concat()
    ))
}

/// One year of an index as bars, a unit each in rank order, scaled to the
/// index's `max_score` (else the highest score); each bar's text says the
/// rank and the score, so the list reads the same without the drawing.
pub fn index_chart(t: &Texts, year: &IndexYear) -> Option<String> {
    let top = year
        .max_score
        .or_else(|| year.units.iter().filter_map(|u| u.score).reduce(f64::max))?;
    if top <= 0.0 || !top.is_finite() {
        return None;
    }
    let bars: Vec<Bar> = year
        .units
        .iter()
        .filter_map(|u| {
            let score = u.score?;
            let rank = u.rank.map(|rank| format!("{rank}. ")).unwrap_or_default();
            Some(Bar {
                label: format!("{rank}{}", u.unit.value),
                value_text: locale::number(t.lang(), score),
                fill: score / top,
                marker: None,
                tone: Tone::Result,
            })
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let caption = t.fill(
        "index.chart_caption",
        &[("max", &locale::number(t.lang(), top))],
    );
    Some(format!(
        "<figure class=\"chart chart-index\"><figcaption>{}</figcaption>{}</figure>",
        escape_html(&caption),
        bars_html("bars", &bars)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;
    use crate::model::Period;

    fn vi() -> Texts {
        Texts::builtin(Lang::Vi)
    }

    fn figure(value: f64, total: Option<f64>, target: Option<f64>) -> ResultFigure {
        ResultFigure {
            indicator: "Hồ sơ <đúng hẹn> & \"sớm\"".into(),
            value: Some(value),
            unit: Some("hồ sơ".into()),
            total,
            target,
            period: Some(Period::Year(2021)),
            ..ResultFigure::default()
        }
    }

    #[test]
    fn measures_a_result_against_its_total_then_its_target() {
        assert_eq!(
            result_bar(&figure(4.0, Some(11.0), None)),
            Some((4.0 / 11.0, None))
        );
        assert_eq!(
            result_bar(&figure(45.0, None, Some(90.0))),
            Some((0.5, Some(1.0)))
        );
        assert_eq!(
            result_bar(&figure(120.0, None, Some(100.0))),
            Some((1.0, Some(100.0 / 120.0)))
        );
        assert_eq!(result_bar(&figure(53.0, None, None)), None);
    }

    #[test]
    fn escapes_every_text_it_writes() {
        let html = results_chart(&vi(), &[figure(201.0, Some(201.0), None)]).expect("a chart");
        assert!(html.contains("<dt>Hồ sơ &lt;đúng hẹn&gt; &amp; &quot;sớm&quot;</dt>"));
        assert!(html.contains("201/201 hồ sơ (100%)"));
        assert!(!html.contains("<đúng"));
    }

    #[test]
    fn says_whether_a_target_was_met() {
        let html = results_chart(&vi(), &[figure(45.0, None, Some(90.0))]).expect("a chart");
        assert!(html.contains("45 hồ sơ; mục tiêu 90 hồ sơ: chưa đạt"));
        assert!(html.contains("Vạch đứng là mục tiêu"));
        assert!(html.contains("x1=\"99.5\""));
    }

    #[test]
    fn draws_before_and_after_on_one_scale() {
        let outcome = Outcome {
            text: "Rút ngắn".into(),
            before: Some(15.0),
            after: Some(5.0),
            unit: Some("ngày".into()),
        };
        let html = outcome_chart(&vi(), &outcome).expect("a chart");
        assert!(html.contains("<dt>Trước</dt><dd><span class=\"bar-value\">15 ngày</span>"));
        assert!(html.contains("width=\"100.0\" height=\"10\" fill=\"#6b7378\""));
        assert!(html.contains("width=\"33.3\""));
        let unmeasured = Outcome {
            text: "Công khai <đầy đủ>".into(),
            before: None,
            ..outcome.clone()
        };
        assert_eq!(outcome_chart(&vi(), &unmeasured), None);
        let figure = outcomes_chart(&vi(), &[unmeasured.clone(), outcome]).expect("a figure");
        assert_eq!(figure.matches("class=\"chart-group\"").count(), 1);
        assert!(figure.contains("<p class=\"chart-title\">Rút ngắn</p>"));
        assert_eq!(outcomes_chart(&vi(), &[unmeasured]), None);
    }

    #[test]
    fn clamps_what_does_not_fit() {
        assert_eq!(units(1.7), 100.0);
        assert_eq!(units(-0.2), 0.0);
        assert_eq!(units(f64::NAN), 0.0);
        assert!(!bar_svg(0.0, None).contains("bar-fill"));
    }
}
