//! How numbers, dates, periods and fixed labels are written for a reader:
//! `1,5` and `29/12/2021` in Vietnamese, `1.5` and `29 December 2021` in
//! English. Machine forms (ISO 8601) stay in `datetime` attributes and data.
//! It knows words, not content: labels are looked up by their code.

use chrono::{DateTime, Datelike, FixedOffset};

use crate::dates::Period;

mod texts;
pub use texts::Texts;

/// A language the portal is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl Lang {
    pub const CODES: &'static [&'static str] = &["vi", "en"];

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 code, for `<html lang>` and feeds.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// `1234.5` → `1.234,5` (vi) or `1,234.5` (en); whole numbers without
/// decimals; at most 2 decimals.
pub fn number(lang: Lang, value: f64) -> String {
    let (group, decimal) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let negative = value < 0.0;
    let rounded = (value.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let cents = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + 6);
    if negative && (whole > 0 || cents > 0) {
        out.push('−');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(ch);
    }
    if cents > 0 {
        let frac = format!("{cents:02}");
        out.push(decimal);
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// The Vietnamese form of `number`, the default language's.
pub fn number_vi(value: f64) -> String {
    number(Lang::Vi, value)
}

/// A value with its unit: `1,5%`, `201 hồ sơ`, `5 ngày`.
pub fn with_unit(lang: Lang, value: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        Some("%") => format!("{}%", number(lang, value)),
        Some(u) if !u.is_empty() => format!("{} {u}", number(lang, value)),
        _ => number(lang, value),
    }
}

/// `part` as a percentage of `whole`, when `whole` is positive.
pub fn percent(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole * 100.0)
}

/// A day as a reader writes it: `29/12/2021`, `29 December 2021`.
pub fn date(t: &Texts, date: &DateTime<FixedOffset>) -> String {
    match t.lang() {
        Lang::Vi => date.format("%d/%m/%Y").to_string(),
        Lang::En => {
            let month = t.label("month", &date.month().to_string());
            format!("{} {month} {}", date.day(), date.year())
        }
    }
}

/// RFC 3339, for `<time datetime>` and feeds' machine dates.
pub fn date_iso(date: &DateTime<FixedOffset>) -> String {
    date.to_rfc3339()
}

/// `2021-12-29`.
pub fn day_iso(date: &DateTime<FixedOffset>) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A reporting period as a reader writes it: `quý III/2021`, `Q3 2021`.
pub fn period(t: &Texts, period: Period) -> String {
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    match period {
        Period::Year(y) => t.fill("period.year", &[("year", &y)]),
        Period::Half(y, h) => t.fill(&format!("period.half.{h}"), &[("year", &y)]),
        Period::Quarter(y, q) => {
            let roman = ROMAN[usize::from(q.clamp(1, 4) - 1)];
            let values: [(&str, &dyn std::fmt::Display); 3] =
                [("year", &y), ("q", &q), ("roman", &roman)];
            t.fill("period.quarter", &values)
        }
        Period::Month(y, m) => {
            let name = t.label("month", &m.to_string());
            let values: [(&str, &dyn std::fmt::Display); 3] =
                [("year", &y), ("m", &m), ("month", &name)];
            t.fill("period.month", &values)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_numbers_with_vietnamese_separators() {
        assert_eq!(number_vi(1.5), "1,5");
        assert_eq!(number_vi(201.0), "201");
        assert_eq!(number_vi(12345.678), "12.345,68");
        assert_eq!(number_vi(1000000.0), "1.000.000");
        assert_eq!(number_vi(-2.5), "−2,5");
    }

    #[test]
    fn writes_numbers_with_english_separators() {
        assert_eq!(number(Lang::En, 1.5), "1.5");
        assert_eq!(number(Lang::En, 12345.678), "12,345.68");
    }

    #[test]
    fn joins_units_like_vietnamese_text() {
        assert_eq!(with_unit(Lang::Vi, 1.5, Some("%")), "1,5%");
        assert_eq!(with_unit(Lang::Vi, 5.0, Some("ngày")), "5 ngày");
        assert_eq!(with_unit(Lang::Vi, 7.0, None), "7");
    }

    #[test]
    fn writes_days_and_periods_per_language() {
        let (vi, en) = (Texts::builtin(Lang::Vi), Texts::builtin(Lang::En));
        let day = chrono::DateTime::parse_from_rfc3339("2014-06-27T00:00:00+07:00").unwrap();
        assert_eq!(date(&vi, &day), "27/06/2014");
        assert_eq!(date(&en, &day), "27 June 2014");
        assert_eq!(period(&vi, Period::Quarter(2018, 1)), "quý I/2018");
        assert_eq!(period(&en, Period::Quarter(2018, 1)), "Q1 2018");
        assert_eq!(period(&vi, Period::Half(2023, 2)), "6 tháng cuối năm 2023");
        assert_eq!(period(&en, Period::Month(2020, 7)), "July 2020");
        assert_eq!(period(&vi, Period::Month(2020, 7)), "tháng 7/2020");
    }
}
