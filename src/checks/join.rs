//! Joining two inputs row by row on key columns (ids), shared by the model comparison, the
//! train/serve skew, and the shadow check.
//!
//! **Semantics.** A row's key is the text of its key columns; a row with a missing key value
//! joins nothing and is counted in `missing_ids`. Within one side only the first row of a key
//! joins; each later row with the same key is counted in `duplicate_ids` — never dropped
//! silently. `rows_matched` counts the keys present on both sides, `left_only` / `right_only`
//! the keys present on one side only. Pairs come in the left input's row order. Keys are
//! hashed (one hash map of the right side's first rows), so 1M × 1M rows join in linear time.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::data::{infer_format_date, infer_format_timestamp, ColumnType, Dataset};

/// Per side of a join.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sides {
    pub left: u64,
    pub right: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// (left row, right row) of each key present on both sides, in left order.
    pub pairs: Vec<(usize, usize)>,
    pub left_only: u64,
    pub right_only: u64,
    /// Rows whose key an earlier row of the same side already had.
    pub duplicate_ids: Sides,
    /// Rows with a missing key value.
    pub missing_ids: Sides,
}

/// Separator of the key columns inside one key (a control character no CSV value holds).
const SEP: char = '\u{1f}';

/// Each row's key (`None` when a key column is missing on that row); `None` overall when a key
/// column does not exist in `d`.
pub fn keys(d: &Dataset, columns: &[String]) -> Option<Vec<Option<String>>> {
    let index: Vec<usize> = columns.iter().map(|c| d.column_index(c)).collect::<Option<_>>()?;
    let mut texts = index.iter().map(|&i| d.texts(i));
    let first = texts.next()?;
    Some(
        texts.fold(first, |acc, next| {
            acc.into_iter().zip(next).map(|(a, b)| Some(format!("{}{SEP}{}", a?, b?))).collect()
        }),
    )
}

/// A key as people read it: `id=17`, or `user=3, day=2026-01-03` for several columns (dates
/// and timestamps in ISO 8601).
pub fn display_key(d: &Dataset, columns: &[String], key: &str) -> String {
    key.split(SEP)
        .zip(columns)
        .map(|(v, c)| {
            let kind = d.column_index(c).map(|i| d.columns[i].kind);
            let shown = match (kind, v.parse::<i64>()) {
                (Some(ColumnType::Date), Ok(days)) => infer_format_date(days),
                (Some(ColumnType::Timestamp), Ok(us)) => infer_format_timestamp(us),
                _ => v.to_string(),
            };
            format!("{c}={shown}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Joins `left` and `right` keys (one per row).
pub fn join(left: &[Option<String>], right: &[Option<String>]) -> Join {
    let mut out = Join {
        pairs: Vec::new(),
        left_only: 0,
        right_only: 0,
        duplicate_ids: Sides::default(),
        missing_ids: Sides::default(),
    };
    let mut first_right: HashMap<&str, usize> = HashMap::with_capacity(right.len());
    for (row, key) in right.iter().enumerate() {
        match key {
            None => out.missing_ids.right += 1,
            Some(k) => {
                if first_right.contains_key(k.as_str()) {
                    out.duplicate_ids.right += 1;
                } else {
                    first_right.insert(k.as_str(), row);
                }
            }
        }
    }
    let mut seen_left: HashMap<&str, ()> = HashMap::with_capacity(left.len());
    for (row, key) in left.iter().enumerate() {
        let Some(k) = key else {
            out.missing_ids.left += 1;
            continue;
        };
        if seen_left.insert(k.as_str(), ()).is_some() {
            out.duplicate_ids.left += 1;
            continue;
        }
        match first_right.get(k.as_str()) {
            Some(&r) => out.pairs.push((row, r)),
            None => out.left_only += 1,
        }
    }
    out.right_only = (first_right.len() - out.pairs.len()) as u64;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(v: &[Option<&str>]) -> Vec<Option<String>> {
        v.iter().map(|x| x.map(str::to_string)).collect()
    }

    #[test]
    fn duplicates_missing_and_one_sided_keys_are_counted_not_dropped() {
        let left = k(&[Some("a"), Some("b"), Some("a"), None, Some("c")]);
        let right = k(&[Some("b"), Some("d"), Some("b"), Some("a"), None, None]);
        let j = join(&left, &right);
        assert_eq!(j.pairs, vec![(0, 3), (1, 0)]);
        assert_eq!((j.left_only, j.right_only), (1, 1));
        assert_eq!(j.duplicate_ids, Sides { left: 1, right: 1 });
        assert_eq!(j.missing_ids, Sides { left: 1, right: 2 });
    }
}
