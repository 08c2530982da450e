//! Type inference for text columns (CSV), on a sample of rows.
//!
//! Each non-missing sample value is tried as integer, float, boolean, date and timestamp. The
//! column gets the first type that at least [`FIT_SHARE`] of the sampled values fit, in the order
//! integer → float → boolean → date → timestamp → string, with one exception: a column whose
//! numbers include any non-integer becomes float, never integer. So a few stray words in a
//! numeric column do not turn it into text; those values are stored as missing and counted as
//! `invalid` (reported, never fatal). A column with no value in the sample is `string`.
//! Missing values are pandas' default `na_values` ([`super::NA_TOKENS`]).

use super::{is_na_token, ColumnType};

/// The share of sampled values that must fit a type for the column to get it.
pub const FIT_SHARE: f64 = 0.90;

/// Counts of sample values fitting each type; feed values with [`TypeVotes::add`].
#[derive(Debug, Default, Clone)]
pub struct TypeVotes {
    present: u64,
    int: u64,
    float: u64,
    boolean: u64,
    date: u64,
    timestamp: u64,
    /// Values that are numbers with a decimal comma (`3,14`, `-0,5`, `1.234,5`).
    comma: u64,
}

impl TypeVotes {
    pub fn add(&mut self, value: &str) {
        if is_na_token(value) {
            return;
        }
        self.present += 1;
        if parse_int(value).is_some() {
            self.int += 1;
            self.float += 1;
        } else if value.contains(',') && parse_decimal_comma(value).is_some() {
            self.comma += 1;
        } else if parse_float(value).is_some() {
            self.float += 1;
        } else if parse_bool(value).is_some() {
            self.boolean += 1;
        } else if parse_date(value).is_some() {
            self.date += 1;
            self.timestamp += 1;
        } else if parse_timestamp(value).is_some() {
            self.timestamp += 1;
        }
    }

    /// True when the column reads as numbers written with a decimal comma: at least
    /// [`FIT_SHARE`] of the values are integers or decimal-comma numbers, and some have a comma.
    /// (Only asked of files not delimited by commas.)
    pub fn decimal_comma(&self) -> bool {
        let need = (self.present as f64 * FIT_SHARE).ceil() as u64;
        self.comma > 0 && self.int + self.comma >= need.max(1)
    }

    pub fn decide(&self) -> ColumnType {
        if self.present == 0 {
            return ColumnType::String;
        }
        let need = (self.present as f64 * FIT_SHARE).ceil() as u64;
        if self.float >= need {
            if self.int == self.float {
                ColumnType::Integer
            } else {
                ColumnType::Float
            }
        } else if self.boolean >= need {
            ColumnType::Boolean
        } else if self.date >= need {
            ColumnType::Date
        } else if self.timestamp >= need {
            ColumnType::Timestamp
        } else {
            ColumnType::String
        }
    }
}

#[inline]
pub fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim_ascii();
    let b = t.as_bytes();
    // Fast reject: integers are sign + digits only.
    let digits = match b.split_first()? {
        (b'+' | b'-', rest) => rest,
        _ => b,
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    t.parse::<i64>().ok()
}

/// Floats as pandas reads them: decimal or exponent notation, `inf`/`-inf`/`Infinity`.
#[inline]
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim_ascii();
    let first = *t.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.' | b'i' | b'I' | b'n' | b'N')) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// A number written with a decimal comma, as European spreadsheets export it: `3,14`, `-0,75`,
/// `1.234,5` (dots group thousands, three digits each); plain integers too (`12`).
pub fn parse_decimal_comma(s: &str) -> Option<f64> {
    let t = s.trim_ascii();
    let (int, frac) = match t.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let unsigned = int.strip_prefix(['+', '-']).unwrap_or(int);
    let mut groups = unsigned.split('.');
    let first = groups.next()?;
    let grouped = unsigned.contains('.');
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if grouped && frac.is_none() {
        return None; // `1.234`: a thousands group or a decimal dot? Not a decimal-comma number.
    }
    let head_ok =
        if grouped { digits(first) && first.len() <= 3 } else { digits(first) || (first.is_empty() && frac.is_some()) };
    if !head_ok || !groups.all(|g| g.len() == 3 && digits(g)) {
        return None;
    }
    if let Some(f) = frac {
        if !digits(f) {
            return None;
        }
    }
    let plain: String = int.chars().filter(|&c| c != '.').collect();
    let text = match frac {
        Some(f) => format!("{plain}.{f}"),
        None => plain,
    };
    text.parse::<f64>().ok()
}

#[inline]
pub fn parse_bool(s: &str) -> Option<bool> {
    // Case-insensitive, as arrow-csv's typed parser (pandas takes true/True/TRUE).
    let t = s.trim_ascii();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `YYYY-MM-DD` → days since 1970-01-01 (proleptic Gregorian).
pub fn parse_date(s: &str) -> Option<i32> {
    let b = s.trim_ascii().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: &[u8]| -> Option<i64> {
        r.iter().try_fold(0i64, |acc, c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as i64))
    };
    let (y, m, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    i32::try_from(days_from_civil(y, m, d)).ok()
}

/// An ISO 8601 date-time (`YYYY-MM-DD HH:MM:SS[.fff][Z|±hh:mm]`) → microseconds since the epoch.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let t = s.trim_ascii();
    // `get`, not `[..10]`: byte 10 may fall inside a multi-byte character of user text.
    let date = t.get(..10)?;
    if t.len() < 16 || parse_date(date).is_none() || !matches!(t.as_bytes().get(10), Some(b' ' | b'T')) {
        return None;
    }
    arrow_cast::parse::string_to_timestamp_nanos(t).ok().map(|n| n.div_euclid(1000))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

pub fn format_timestamp(micros: i64) -> String {
    let days = micros.div_euclid(86_400_000_000);
    let rem = micros.rem_euclid(86_400_000_000);
    let (h, mi, s, us) = (rem / 3_600_000_000, rem / 60_000_000 % 60, rem / 1_000_000 % 60, rem % 1_000_000);
    if us == 0 {
        format!("{}T{h:02}:{mi:02}:{s:02}", format_date(days))
    } else {
        format!("{}T{h:02}:{mi:02}:{s:02}.{us:06}", format_date(days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(values: &[&str]) -> ColumnType {
        let mut v = TypeVotes::default();
        values.iter().for_each(|s| v.add(s));
        v.decide()
    }

    #[test]
    fn infers_each_type_from_its_values() {
        let cases: &[(&[&str], ColumnType)] = &[
            (&["1", "-2", "+3", " 4"], ColumnType::Integer),
            (&["1", "2.5", "1e3", "inf", "-inf"], ColumnType::Float),
            (&["true", "False", "TRUE"], ColumnType::Boolean),
            (&["2024-01-31", "2000-02-29"], ColumnType::Date),
            (&["2024-01-31 10:00:00", "2024-01-31T10:00:00.5Z", "2024-02-01"], ColumnType::Timestamp),
            (&["a", "1", "2"], ColumnType::String),
            (&["", "NA", "null"], ColumnType::String),
            (&["1", "", "NaN", "3"], ColumnType::Integer),
            (&["2023-02-29"], ColumnType::String),
        ];
        for (values, want) in cases {
            assert_eq!(infer(values), *want, "values {values:?}");
        }
    }

    #[test]
    fn decimal_commas_read_as_european_spreadsheets_write_them() {
        let cases: &[(&str, Option<f64>)] = &[
            ("3,14", Some(3.14)),
            ("-0,75", Some(-0.75)),
            ("+2,5", Some(2.5)),
            ("1.234,5", Some(1234.5)),
            ("12.345.678,25", Some(12_345_678.25)),
            (",5", Some(0.5)),
            ("42", Some(42.0)),
            (" 7,0 ", Some(7.0)),
            ("3.14", None),
            ("1,2,3", None),
            ("12.34,5", None),
            ("3,", None),
            ("a,b", None),
            ("1.234", None),
            ("", None),
            ("ü,5", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_decimal_comma(s), *want, "{s:?}");
        }
        let mut v = TypeVotes::default();
        ["3,14", "12", "-0,5", "NA"].iter().for_each(|s| v.add(s));
        assert!(v.decimal_comma());
        let mut v = TypeVotes::default();
        ["1", "2", "3"].iter().for_each(|s| v.add(s));
        assert!(!v.decimal_comma(), "integers alone stay integers");
    }

    #[test]
    fn a_few_stray_words_do_not_make_a_numeric_column_text() {
        let mut values: Vec<String> = (0..200).map(|i| i.to_string()).collect();
        values.push("oops".into());
        let mut v = TypeVotes::default();
        values.iter().for_each(|s| v.add(s));
        assert_eq!(v.decide(), ColumnType::Integer);
    }

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for s in ["1970-01-01", "1969-12-31", "2000-02-29", "2024-12-31", "1900-03-01"] {
            let d = parse_date(s).unwrap();
            assert_eq!(format_date(d as i64), s);
        }
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_timestamp("1970-01-01T00:00:01Z"), Some(1_000_000));
        assert_eq!(format_timestamp(1_500_000), "1970-01-01T00:00:01.500000");
    }

    #[test]
    fn multi_byte_text_at_any_offset_is_no_date_and_no_panic() {
        // "Müller-Lüdenscheidt": the second ü spans bytes 9–10, where a date would end.
        for base in ["Müller-Lüdenscheidt", "2024-01-3é 10:00:00", "€€€€€€€€€€€€", "👩‍👩‍👧‍👦 family 👩‍👩‍👧‍👦"]
        {
            for pad in 0..8 {
                let v = format!("{}{base}", "x".repeat(pad));
                assert_eq!(parse_timestamp(&v), None, "{v}");
                assert_eq!(parse_date(&v), None, "{v}");
                let mut votes = TypeVotes::default();
                votes.add(&v);
                assert_eq!(votes.decide(), ColumnType::String, "{v}");
            }
        }
    }
}
