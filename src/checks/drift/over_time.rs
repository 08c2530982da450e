//! # Drift over time
//!
//! **What it does.** Cuts the current data into chunks — by calendar day, week (Monday to
//! Sunday) or month of the `timestamp` column, or by a fixed number of rows (NannyML's
//! chunking) — and, per chunk, compares every drift column with the whole reference using the
//! column's method and threshold (see `drift`). Where the target and a prediction (or score and
//! threshold) exist, each chunk also gets the model's accuracy (mean absolute error for a float
//! target), next to the reference's.
//!
//! **Read it as:** when drift began and whether it persists; a performance drop in the same
//! chunks says the drift matters. `auto` picks the finest period giving at most 52 chunks.
//! Rows without a timestamp are left out of period chunks (`unassigned_rows`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{apply, ColumnDrift, Prepared};
use crate::config::{ChunkBy, Config};
use crate::data::{civil_from_days, days_from_civil, ColumnType, Dataset};
use crate::progress::Progress;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChunkColumn {
    pub column: String,
    /// The statistic of the column's method (a distance, or the test statistic).
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    pub drifted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Chunk {
    /// First and last day of the period (ISO dates), or first and last row number (from 1).
    pub start: String,
    pub end: String,
    pub rows: u64,
    pub columns: Vec<ChunkColumn>,
    pub share_drifted: f64,
    /// Model accuracy (or MAE) in the chunk.
    pub metric: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Chunking {
    pub by: ChunkBy,
    /// "accuracy" or "mae" when a target and a prediction exist.
    pub metric: Option<String>,
    pub reference_metric: Option<f64>,
    pub unassigned_rows: u64,
}

/// Values of one column in one input, as the drift check reads them.
enum Values {
    Numbers(Vec<Option<f64>>),
    Texts(Vec<Option<String>>),
}

fn values(d: &Dataset, i: usize, numbers: bool) -> Values {
    if numbers {
        Values::Numbers(d.numbers(i))
    } else {
        Values::Texts(d.texts(i))
    }
}

fn iso(days: i64) -> String {
    crate::data::infer_format_date(days)
}

/// (first day, last day) of the period holding `day`.
fn period(by: ChunkBy, day: i64) -> (i64, i64) {
    match by {
        ChunkBy::Week => {
            let start = day - (day + 3).rem_euclid(7); // 1970-01-01 was a Thursday
            (start, start + 6)
        }
        ChunkBy::Month => {
            let (y, m, _) = civil_from_days(day);
            let next = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
            (days_from_civil(y, m, 1), next - 1)
        }
        _ => (day, day),
    }
}

/// Chunk id per current row and the chunks' (start, end) labels.
fn assign(config: &Config, current: &Dataset) -> Option<(ChunkBy, Vec<Option<usize>>, Vec<(String, String)>)> {
    let chosen = config.drift.chunks.clone();
    let ts = config.roles.timestamp.as_deref().and_then(|t| current.column_index(t));
    let by = match (&chosen, ts) {
        (Some(c), _) if c.by == ChunkBy::Rows => {
            let size = c.size.unwrap_or(1).max(1);
            let n = current.rows as usize;
            let ids = (0..n).map(|r| Some(r / size)).collect();
            let labels = (0..n.div_ceil(size))
                .map(|k| ((k * size + 1).to_string(), ((k + 1) * size).min(n).to_string()))
                .collect();
            return Some((ChunkBy::Rows, ids, labels));
        }
        (Some(c), Some(_)) => c.by,
        (None, Some(_)) => ChunkBy::Auto,
        _ => return None,
    };
    let i = ts?;
    let per_day = if current.columns[i].kind == ColumnType::Timestamp { 86_400_000_000.0 } else { 1.0 };
    if !matches!(current.columns[i].kind, ColumnType::Date | ColumnType::Timestamp) {
        return None;
    }
    let days: Vec<Option<i64>> =
        current.numbers(i).into_iter().map(|v| v.map(|x| (x / per_day).floor() as i64)).collect();
    let by = if by == ChunkBy::Auto {
        let count = |b: ChunkBy| {
            days.iter().flatten().map(|&d| period(b, d).0).collect::<std::collections::BTreeSet<_>>().len()
        };
        [ChunkBy::Day, ChunkBy::Week].into_iter().find(|&b| count(b) <= 52).unwrap_or(ChunkBy::Month)
    } else {
        by
    };
    let mut starts: BTreeMap<i64, i64> = BTreeMap::new();
    for &d in days.iter().flatten() {
        let (s, e) = period(by, d);
        starts.insert(s, e);
    }
    let index: BTreeMap<i64, usize> = starts.keys().enumerate().map(|(k, &s)| (s, k)).collect();
    let ids = days.iter().map(|d| d.and_then(|d| index.get(&period(by, d).0).copied())).collect();
    let labels = starts.iter().map(|(&s, &e)| (iso(s), iso(e))).collect();
    Some((by, ids, labels))
}

/// Per-row correctness (1/0) or absolute error of the model; `None` where not computable.
fn row_metric(config: &Config, d: &Dataset) -> Option<(String, Vec<Option<f64>>)> {
    let r = &config.roles;
    let t = d.column_index(r.target.as_deref()?)?;
    if d.columns[t].kind == ColumnType::Float {
        let p = d.column_index(r.prediction.as_deref()?)?;
        let (ys, ps) = (d.numbers(t), d.numbers(p));
        return Some((
            "mae".into(),
            ys.iter().zip(&ps).map(|(y, p)| Some((y.as_ref()? - p.as_ref()?).abs())).collect(),
        ));
    }
    let ys = d.texts(t);
    if let Some(p) = r.prediction.as_deref().and_then(|p| d.column_index(p)) {
        let ps = d.texts(p);
        return Some((
            "accuracy".into(),
            ys.iter().zip(&ps).map(|(y, p)| Some(f64::from(u8::from(y.as_ref()? == p.as_ref()?)))).collect(),
        ));
    }
    // A score and a threshold against a 0/1 target.
    let s = d.column_index(r.score.as_deref()?)?;
    let threshold = r.threshold.unwrap_or(0.5);
    let scores = d.numbers(s);
    let ys = d.numbers(t);
    Some((
        "accuracy".into(),
        ys.iter()
            .zip(&scores)
            .map(|(y, s)| Some(f64::from(u8::from((*s.as_ref()? >= threshold) == (*y.as_ref()? >= 0.5)))))
            .collect(),
    ))
}

fn mean(v: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, n) = v.fold((0.0, 0u64), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| s / n as f64)
}

/// The chunks of the current data with each drift column compared against the reference.
pub fn chunks(
    config: &Config,
    reference: &Dataset,
    current: &Dataset,
    columns: &[ColumnDrift],
    progress: &mut dyn Progress,
) -> Option<(Chunking, Vec<Chunk>)> {
    let (by, ids, labels) = assign(config, current)?;
    let n_chunks = labels.len();
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); n_chunks];
    for (row, id) in ids.iter().enumerate() {
        if let Some(k) = id {
            rows_of[*k].push(row);
        }
    }
    let unassigned = ids.iter().filter(|i| i.is_none()).count() as u64;
    let mut out: Vec<Chunk> = labels
        .into_iter()
        .zip(&rows_of)
        .map(|((start, end), rows)| Chunk {
            start,
            end,
            rows: rows.len() as u64,
            columns: Vec::new(),
            share_drifted: 0.0,
            metric: None,
        })
        .collect();
    for (n, c) in columns.iter().enumerate() {
        progress.set(n as u64, columns.len() as u64);
        if progress.is_cancelled() {
            return None;
        }
        let (Some(ri), Some(ci)) = (reference.column_index(&c.column), current.column_index(&c.column)) else {
            continue;
        };
        let number = |k: ColumnType| matches!(k, ColumnType::Integer | ColumnType::Float);
        let numbers = number(reference.columns[ri].kind) && number(current.columns[ci].kind);
        let (rv, cv) = (values(reference, ri, numbers), values(current, ci, numbers));
        for (chunk, rows) in out.iter_mut().zip(&rows_of) {
            let prepared = match (&rv, &cv) {
                (Values::Numbers(r), Values::Numbers(v)) => Prepared::from_numbers(
                    r.iter().flatten().copied().collect(),
                    rows.iter().filter_map(|&i| v[i]).collect(),
                    Some(c.kind),
                ),
                (Values::Texts(r), Values::Texts(v)) => {
                    Prepared::from_labels(r.iter().map(|x| x.as_deref()), rows.iter().map(|&i| v[i].as_deref()))
                }
                _ => continue,
            };
            let (statistic, p_value) =
                if prepared.rows[1] == 0 { (None, None) } else { apply(c.method, &prepared).unwrap_or((None, None)) };
            let value = if c.method.is_test() { p_value } else { statistic };
            let drifted = value.is_some_and(|v| c.method.drifted(v, c.threshold));
            chunk.columns.push(ChunkColumn {
                column: c.column.clone(),
                statistic: statistic.filter(|s| s.is_finite()),
                p_value,
                drifted,
            });
        }
    }
    for chunk in &mut out {
        let judged = chunk.columns.len().max(1);
        chunk.share_drifted = chunk.columns.iter().filter(|c| c.drifted).count() as f64 / judged as f64;
    }
    let mut chunking = Chunking { by, metric: None, reference_metric: None, unassigned_rows: unassigned };
    if let (Some((name, cur)), Some((_, refm))) = (row_metric(config, current), row_metric(config, reference)) {
        for (chunk, rows) in out.iter_mut().zip(&rows_of) {
            chunk.metric = mean(rows.iter().filter_map(|&i| cur[i]));
        }
        chunking.reference_metric = mean(refm.into_iter().flatten());
        chunking.metric = Some(name);
    }
    Some((chunking, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_periods_are_right() {
        assert_eq!(iso(0), "1970-01-01");
        assert_eq!(iso(days_from_civil(2024, 2, 29)), "2024-02-29");
        let d = days_from_civil(2024, 3, 14); // a Thursday
        assert_eq!(
            (iso(period(ChunkBy::Week, d).0), iso(period(ChunkBy::Week, d).1)),
            ("2024-03-11".into(), "2024-03-17".into())
        );
        assert_eq!(
            (iso(period(ChunkBy::Month, d).0), iso(period(ChunkBy::Month, d).1)),
            ("2024-03-01".into(), "2024-03-31".into())
        );
        let dec = days_from_civil(2023, 12, 31);
        assert_eq!(iso(period(ChunkBy::Month, dec).1), "2023-12-31");
    }
}
