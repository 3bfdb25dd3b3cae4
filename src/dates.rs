//! Dates as the contract writes them, read in the site's time zone (never the
//! machine's). Periods of results (`2021`, `2021-Q3`, `2021-H1`, `2021-07`) too.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (also with `T`) in `timezone`, or RFC 3339.
pub fn parse_datetime(text: &str, timezone: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt);
    }
    let naive = if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        if text.len() != 10 {
            return None;
        }
        date.and_time(NaiveTime::MIN)
    } else {
        let normalized = text.replacen('T', " ", 1);
        NaiveDateTime::parse_from_str(&normalized, "%Y-%m-%d %H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(&normalized, "%Y-%m-%d %H:%M:%S"))
            .ok()?
    };
    timezone.from_local_datetime(&naive).single()
}

/// `+07:00`, `-05:30`, `UTC` or `Z`.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("utc") || text == "Z" {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    if hours.is_empty() || hours.len() > 2 || minutes.len() > 2 {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// A reporting period of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
}

impl Period {
    /// The machine forms of the contract, and the ways Vietnamese reports
    /// write them: `Quý III/2023`, `6 tháng đầu năm 2023`, `tháng 7/2023`.
    pub fn parse(text: &str) -> Option<Period> {
        Period::parse_code(text).or_else(|| Period::parse_vietnamese(text))
    }

    fn parse_vietnamese(text: &str) -> Option<Period> {
        let lower = text.trim().to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let year_of = |s: &str| s.parse::<i32>().ok().filter(|y| (1000..=9999).contains(y));
        match words.as_slice() {
            ["năm", y] => year_of(y).map(Period::Year),
            ["6", "tháng", "đầu", "năm", y] => year_of(y).map(|y| Period::Half(y, 1)),
            ["6", "tháng", "cuối", "năm", y] => year_of(y).map(|y| Period::Half(y, 2)),
            ["quý", rest] => {
                let (q, y) = rest.split_once('/')?;
                let q = match q {
                    "i" | "1" => 1,
                    "ii" | "2" => 2,
                    "iii" | "3" => 3,
                    "iv" | "4" => 4,
                    _ => return None,
                };
                year_of(y).map(|y| Period::Quarter(y, q))
            }
            ["tháng", rest] => {
                let (m, y) = rest.split_once('/')?;
                let m: u8 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
                year_of(y).map(|y| Period::Month(y, m))
            }
            _ => None,
        }
    }

    fn parse_code(text: &str) -> Option<Period> {
        let text = text.trim();
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        // Four digits exactly: `+662` and `-123` parse as numbers but are no years.
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let Some(rest) = rest else {
            return Some(Period::Year(year));
        };
        let upper = rest.to_ascii_uppercase();
        if let Some(q) = upper.strip_prefix('Q') {
            let q: u8 = q.parse().ok()?;
            return (1..=4).contains(&q).then_some(Period::Quarter(year, q));
        }
        if let Some(h) = upper.strip_prefix('H') {
            let h: u8 = h.parse().ok()?;
            return (1..=2).contains(&h).then_some(Period::Half(year, h));
        }
        if rest.len() != 2 {
            return None;
        }
        let m: u8 = rest.parse().ok()?;
        (1..=12).contains(&m).then_some(Period::Month(year, m))
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Half(y, _) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// Machine form, as written in front matter: `2021-Q3`.
    pub fn code(self) -> String {
        match self {
            Period::Year(y) => format!("{y:04}"),
            Period::Half(y, h) => format!("{y:04}-H{h}"),
            Period::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Period::Month(y, m) => format!("{y:04}-{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz7() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    #[test]
    fn reads_plain_date_as_midnight_in_site_time_zone() {
        let dt = parse_datetime("2021-12-29", tz7()).unwrap();
        assert_eq!(dt.to_rfc3339(), "2021-12-29T00:00:00+07:00");
    }

    #[test]
    fn reads_date_with_minutes_in_site_time_zone() {
        let dt = parse_datetime("2021-12-29 10:47", tz7()).unwrap();
        assert_eq!(dt.to_rfc3339(), "2021-12-29T10:47:00+07:00");
    }

    #[test]
    fn keeps_the_offset_of_rfc3339_dates() {
        let dt = parse_datetime("2021-12-29T03:47:00Z", tz7()).unwrap();
        assert_eq!(dt.to_rfc3339(), "2021-12-29T03:47:00+00:00");
    }

    #[test]
    fn rejects_day_month_year_dates() {
        assert!(parse_datetime("27/3/2019", tz7()).is_none());
        assert!(parse_datetime("2019-3-27", tz7()).is_none());
        assert!(parse_datetime("2019-02-30", tz7()).is_none());
    }

    #[test]
    fn parses_offsets() {
        assert_eq!(parse_offset("+07:00"), Some(tz7()));
        assert_eq!(
            parse_offset("-05:30").map(|o| o.local_minus_utc()),
            Some(-(5 * 3600 + 1800))
        );
        assert_eq!(parse_offset("Asia/Ho_Chi_Minh"), None);
    }

    #[test]
    fn parses_every_period_form() {
        assert_eq!(Period::parse("2021"), Some(Period::Year(2021)));
        assert_eq!(Period::parse("2021-Q3"), Some(Period::Quarter(2021, 3)));
        assert_eq!(Period::parse("2021-H1"), Some(Period::Half(2021, 1)));
        assert_eq!(Period::parse("2021-07"), Some(Period::Month(2021, 7)));
        assert_eq!(Period::parse("2021-Q5"), None);
    }

    /// Found by the `dates` fuzz target: `+662` was read as the year 662,
    /// whose code `662` did not parse back.
    #[test]
    fn signed_numbers_are_not_years_and_codes_round_trip() {
        assert_eq!(Period::parse("+662"), None);
        assert_eq!(Period::parse("-123"), None);
        let early = Period::parse("0662").unwrap();
        assert_eq!(early.code(), "0662");
        assert_eq!(Period::parse(&early.code()), Some(early));
    }

    #[test]
    fn reads_periods_as_vietnamese_reports_write_them() {
        assert_eq!(
            Period::parse("Quý III/2023"),
            Some(Period::Quarter(2023, 3))
        );
        assert_eq!(Period::parse("quý 2/2021"), Some(Period::Quarter(2021, 2)));
        assert_eq!(
            Period::parse("6 tháng đầu năm 2023"),
            Some(Period::Half(2023, 1))
        );
        assert_eq!(
            Period::parse("6 tháng cuối năm 2023"),
            Some(Period::Half(2023, 2))
        );
        assert_eq!(Period::parse("năm 2019"), Some(Period::Year(2019)));
        assert_eq!(Period::parse("tháng 7/2020"), Some(Period::Month(2020, 7)));
        assert_eq!(Period::parse("Quý V/2023"), None);
        assert_eq!(Period::parse("Q1/2021"), None);
    }
}
