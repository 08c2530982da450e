//! The data model: a [`Dataset`] is Arrow record batches whose columns all have one of six
//! canonical types ([`ColumnType`]), plus where it came from and what did not fit.
//!
//! Loaders are push-based ([`Loader::push`] with chunks of bytes, then [`Loader::finish`]) so
//! that the browser worker can feed `Blob.slice` chunks and the CLI can feed `read` chunks; the
//! engine never sees a file handle.

mod convert;
mod csv;
mod encoding;
mod infer;
pub mod limits;
mod loader;
mod parquet;
mod parquet_pages;
pub mod roles;

pub use infer::{
    civil_from_days, days_from_civil, format_date as infer_format_date, format_timestamp as infer_format_timestamp,
    parse_date, parse_timestamp,
};

pub use self::csv::BATCH_FIELDS as CSV_BATCH_FIELDS;
pub use loader::{load_bytes, FileHash, LoadOptions, Loader};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, SchemaRef, TimeUnit};
use serde::{Deserialize, Serialize};

/// The six column types every loaded column is normalised to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    Integer,
    Float,
    Boolean,
    Date,
    Timestamp,
    String,
}

impl ColumnType {
    pub const ALL: [ColumnType; 6] = [
        ColumnType::Integer,
        ColumnType::Float,
        ColumnType::Boolean,
        ColumnType::Date,
        ColumnType::Timestamp,
        ColumnType::String,
    ];

    /// The Arrow type a column of this kind is stored as.
    pub fn arrow_type(self) -> DataType {
        match self {
            ColumnType::Integer => DataType::Int64,
            ColumnType::Float => DataType::Float64,
            ColumnType::Boolean => DataType::Boolean,
            ColumnType::Date => DataType::Date32,
            ColumnType::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, None),
            ColumnType::String => DataType::Utf8,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::Timestamp => "timestamp",
            ColumnType::String => "string",
        }
    }

    pub fn parse(name: &str) -> Option<ColumnType> {
        ColumnType::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, ColumnType::Integer | ColumnType::Float)
    }
}

/// What loading found about one column: its type and the values that did not fit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ColumnInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// True when the type came from the user's override rather than inference.
    pub overridden: bool,
    /// Values present in the file that could not be read as `kind` (stored as missing).
    pub invalid: u64,
    /// Up to five such values with their 1-based data row.
    pub invalid_examples: Vec<InvalidValue>,
    /// The name as written in the file, when it had to be changed (duplicate or empty name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// A float column written with a decimal comma (`3,14`), as in a European `;`-delimited
    /// file: detected on the sample, or set by the config's `decimal_comma`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decimal_comma: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InvalidValue {
    pub row: u64,
    pub value: String,
}

/// A loaded input: Arrow batches of canonical types plus provenance.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The file name as the user gave it (no directories).
    pub file: String,
    pub format: &'static str,
    /// The text encoding the file was read in: `utf-8` (also Parquet), `utf-16le`, `utf-16be`
    /// or `windows-1252` (a file that is not UTF-8, read as Excel on Windows writes it).
    pub encoding: &'static str,
    /// An Excel `sep=` first line named the delimiter (and was not read as the header).
    pub sep_line: bool,
    pub bytes: u64,
    /// Hex SHA-256 of the file's bytes as read (before any decompression).
    pub sha256: String,
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub rows: u64,
    pub columns: Vec<ColumnInfo>,
}

impl Dataset {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// Every row's value of column `i` as text (`None` when missing): integers and floats as
    /// Rust prints them, dates in days and timestamps in µs since the epoch.
    pub fn texts(&self, i: usize) -> Vec<Option<String>> {
        let mut out = Vec::with_capacity(self.rows as usize);
        for b in &self.batches {
            let a = b.column(i);
            for r in 0..a.len() {
                out.push((!a.is_null(r)).then(|| self.cell_text(i, b, r)));
            }
        }
        out
    }

    /// Values of column `i` at the given rows (any order), as [`Dataset::texts`] gives them.
    pub fn texts_at(&self, i: usize, rows: &[usize]) -> Vec<Option<String>> {
        self.at(rows, |b, r| {
            let a = b.column(i);
            (!a.is_null(r)).then(|| self.cell_text(i, b, r))
        })
    }

    /// Values of column `i` at the given rows (any order), as [`Dataset::numbers`] gives them.
    pub fn numbers_at(&self, i: usize, rows: &[usize]) -> Vec<Option<f64>> {
        let kind = self.columns[i].kind;
        self.at(rows, |b, r| {
            let a = b.column(i);
            if a.is_null(r) {
                return None;
            }
            match kind {
                ColumnType::Integer => Some(a.as_primitive::<Int64Type>().value(r) as f64),
                ColumnType::Float => Some(a.as_primitive::<Float64Type>().value(r)).filter(|x| !x.is_nan()),
                ColumnType::Date => Some(f64::from(a.as_primitive::<Date32Type>().value(r))),
                ColumnType::Timestamp => Some(a.as_primitive::<TimestampMicrosecondType>().value(r) as f64),
                _ => None,
            }
        })
    }

    fn cell_text(&self, i: usize, b: &RecordBatch, r: usize) -> String {
        let a = b.column(i);
        match self.columns[i].kind {
            ColumnType::Integer => a.as_primitive::<Int64Type>().value(r).to_string(),
            ColumnType::Float => a.as_primitive::<Float64Type>().value(r).to_string(),
            ColumnType::Boolean => a.as_boolean().value(r).to_string(),
            ColumnType::Date => a.as_primitive::<Date32Type>().value(r).to_string(),
            ColumnType::Timestamp => a.as_primitive::<TimestampMicrosecondType>().value(r).to_string(),
            ColumnType::String => a.as_string::<i32>().value(r).to_string(),
        }
    }

    /// Looks up global row numbers batch by batch.
    fn at<T>(&self, rows: &[usize], mut get: impl FnMut(&RecordBatch, usize) -> T) -> Vec<T>
    where
        T: Default,
    {
        let mut starts = Vec::with_capacity(self.batches.len());
        let mut acc = 0usize;
        for b in &self.batches {
            starts.push(acc);
            acc += b.num_rows();
        }
        rows.iter()
            .map(|&row| {
                let k = starts.partition_point(|&s| s <= row).saturating_sub(1);
                match self.batches.get(k) {
                    Some(b) if row - starts[k] < b.num_rows() => get(b, row - starts[k]),
                    _ => T::default(),
                }
            })
            .collect()
    }

    /// Every row's value of column `i` as a number (numeric, date in days, timestamp in µs;
    /// `None` when missing, NaN or not an ordered type).
    pub fn numbers(&self, i: usize) -> Vec<Option<f64>> {
        let kind = self.columns[i].kind;
        let mut out = Vec::with_capacity(self.rows as usize);
        for b in &self.batches {
            let a = b.column(i);
            match kind {
                ColumnType::Integer => out.extend(a.as_primitive::<Int64Type>().iter().map(|v| v.map(|x| x as f64))),
                ColumnType::Float => {
                    out.extend(a.as_primitive::<Float64Type>().iter().map(|v| v.filter(|x| !x.is_nan())))
                }
                ColumnType::Date => out.extend(a.as_primitive::<Date32Type>().iter().map(|v| v.map(f64::from))),
                ColumnType::Timestamp => {
                    out.extend(a.as_primitive::<TimestampMicrosecondType>().iter().map(|v| v.map(|x| x as f64)))
                }
                _ => out.extend(std::iter::repeat_n(None, a.len())),
            }
        }
        out
    }
}

/// Tokens read as missing, as pandas' `read_csv` does by default (`na_values`), so that counts
/// of missing values match pandas on the same file.
pub const NA_TOKENS: [&str; 19] = [
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
    "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// True when `s` is one of [`NA_TOKENS`].
#[inline]
pub fn is_na_token(s: &str) -> bool {
    // A `match` on string literals compiles to a switch on length, then compares: far cheaper
    // than scanning the list for every value.
    matches!(
        s,
        "" | "#N/A"
            | "#N/A N/A"
            | "#NA"
            | "-1.#IND"
            | "-1.#QNAN"
            | "-NaN"
            | "-nan"
            | "1.#IND"
            | "1.#QNAN"
            | "<NA>"
            | "N/A"
            | "NA"
            | "NULL"
            | "NaN"
            | "None"
            | "n/a"
            | "nan"
            | "null"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_na_match_equals_the_token_list() {
        for t in super::NA_TOKENS {
            assert!(super::is_na_token(t), "{t:?}");
        }
        for t in ["na", "0", "none", " NA", "N/A "] {
            assert!(!super::is_na_token(t), "{t:?}");
        }
    }
}
