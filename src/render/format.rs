//! Numbers and dates as Vietnamese readers write them: `1,5`, `12.345`,
//! `29/12/2021`. Machine forms (ISO 8601) stay in `datetime` attributes and data.

use chrono::{DateTime, FixedOffset};

/// `1234.5` → `1.234,5`; whole numbers without decimals; at most 2 decimals.
pub fn number_vi(value: f64) -> String {
    let negative = value < 0.0;
    let rounded = (value.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let cents = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if negative && (whole > 0 || cents > 0) {
        out.push('−');
    }
    out.push_str(&grouped);
    if cents > 0 {
        let frac = format!("{cents:02}");
        out.push(',');
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// A value with its unit: `1,5%`, `201 hồ sơ`, `5 ngày`.
pub fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        Some("%") => format!("{}%", number_vi(value)),
        Some(u) if !u.is_empty() => format!("{} {u}", number_vi(value)),
        _ => number_vi(value),
    }
}

pub fn percent(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole * 100.0)
}

pub fn date_vi(date: &DateTime<FixedOffset>) -> String {
    date.format("%d/%m/%Y").to_string()
}

pub fn date_iso(date: &DateTime<FixedOffset>) -> String {
    date.to_rfc3339()
}

pub fn day_iso(date: &DateTime<FixedOffset>) -> String {
    date.format("%Y-%m-%d").to_string()
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
    fn joins_units_like_vietnamese_text() {
        assert_eq!(with_unit(1.5, Some("%")), "1,5%");
        assert_eq!(with_unit(5.0, Some("ngày")), "5 ngày");
        assert_eq!(with_unit(7.0, None), "7");
    }
}
