//! # Summary
//!
//! **What it does.** Describes every column of every input: type, count of present values,
//! missing, distinct, min, max, mean, std, quantiles (p1 … p99), the most frequent values and a
//! histogram. It is the first thing an analyst reads about a file and the base for every other
//! check.
//!
//! **How it matches pandas.** Missing values are pandas' defaults (empty, `NA`, `NaN`, `null`,
//! …; NaN in a float column counts as missing). `count`, `missing`, `mean`, `std` (ddof = 1),
//! `min`, `max` and the quantiles equal `Series.describe()` / `Series.quantile()` with pandas'
//! default linear interpolation; `distinct` equals `nunique()`; `top` equals
//! `value_counts().head(n)` (equal counts are ordered by value here, where pandas keeps file
//! order); the histogram equals `numpy.histogram(bins=20)`. Infinite values count as present and
//! make mean/std infinite or undefined (null), as in pandas; they are left out of the histogram.
//! Booleans, dates, timestamps and text have min/max (dates as ISO text) but no mean, std or
//! quantiles.
//!
//! **Reference.** pandas `describe`, `value_counts`, `nunique`; numpy `histogram`. Fixtures:
//! `tests/fixtures/summary/*.expected.json`, made by `tests/fixtures/make_summary_fixtures.py`.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_array::Array;
use serde::{Deserialize, Serialize};

use crate::checks::{Check, Context};
use crate::config::Preset;
use crate::config::SummaryConfig;
use crate::data::{ColumnType, Dataset};
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::histogram::{histogram_sorted, Histogram};
use crate::stats::moments::mean_std;
use crate::stats::quantile::quantile_sorted;
use std::collections::BTreeMap;

/// A value as it appears in a report: a whole number, a real number, a boolean or text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Quantiles {
    pub p1: f64,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub p99: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TopValue {
    pub value: Scalar,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ColumnSummary {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub count: u64,
    pub missing: u64,
    pub distinct: u64,
    pub min: Option<Scalar>,
    pub max: Option<Scalar>,
    pub mean: Option<f64>,
    pub std: Option<f64>,
    pub quantiles: Option<Quantiles>,
    pub top: Vec<TopValue>,
    /// Most frequent values left out of a shared report because fewer than
    /// `fairness.min_group_size` rows hold them (they could single people out).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub top_suppressed: u64,
    pub histogram: Option<Histogram>,
    /// Values in the file that did not fit the column's type (stored as missing).
    pub invalid: u64,
    /// Infinite values (numeric columns).
    pub infinite: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputSummary {
    pub rows: u64,
    pub columns: Vec<ColumnSummary>,
}

/// Summarises every column of `data`.
pub fn summarize(data: &Dataset, cfg: &SummaryConfig, progress: &mut dyn Progress) -> InputSummary {
    let n = data.columns.len() as u64;
    let columns = data
        .columns
        .iter()
        .enumerate()
        .map(|(i, info)| {
            progress.set(i as u64, n);
            let mut s = summarize_column(data, i, info.kind, cfg);
            s.invalid = info.invalid;
            s
        })
        .collect();
    progress.set(n, n);
    InputSummary { rows: data.rows, columns }
}

fn empty(name: &str, kind: ColumnType, rows: u64) -> ColumnSummary {
    ColumnSummary {
        name: name.to_string(),
        kind,
        count: 0,
        missing: rows,
        distinct: 0,
        min: None,
        max: None,
        mean: None,
        std: None,
        quantiles: None,
        top: Vec::new(),
        top_suppressed: 0,
        histogram: None,
        invalid: 0,
        infinite: 0,
    }
}

fn summarize_column(data: &Dataset, i: usize, kind: ColumnType, cfg: &SummaryConfig) -> ColumnSummary {
    let name = &data.columns[i].name;
    let arrays = data.batches.iter().map(|b| b.column(i));
    let mut s = empty(name, kind, data.rows);
    match kind {
        ColumnType::Integer => {
            let mut v: Vec<i64> = Vec::with_capacity(data.rows as usize);
            arrays.for_each(|a| v.extend(a.as_primitive::<Int64Type>().iter().flatten()));
            v.sort_unstable();
            let runs = runs(&v);
            let xs: Vec<f64> = v.iter().map(|&x| x as f64).collect();
            numeric(&mut s, &xs, cfg);
            s.min = v.first().map(|&x| Scalar::Int(x));
            s.max = v.last().map(|&x| Scalar::Int(x));
            s.distinct = runs.len() as u64;
            s.top = top(runs, cfg.top, |x| Scalar::Int(*x));
        }
        ColumnType::Float => {
            let mut v: Vec<f64> = Vec::with_capacity(data.rows as usize);
            arrays.for_each(|a| v.extend(a.as_primitive::<Float64Type>().iter().flatten().filter(|x| !x.is_nan())));
            // -0.0 and 0.0 are one value, as in pandas.
            v.iter_mut().for_each(|x| *x += 0.0);
            v.sort_unstable_by(f64::total_cmp);
            numeric(&mut s, &v, cfg);
            s.min = v.first().map(|&x| Scalar::Float(x));
            s.max = v.last().map(|&x| Scalar::Float(x));
            let runs = runs(&v);
            s.distinct = runs.len() as u64;
            s.top = top(runs, cfg.top, |x| Scalar::Float(*x));
        }
        ColumnType::Date | ColumnType::Timestamp => {
            let mut v: Vec<i64> = Vec::with_capacity(data.rows as usize);
            if kind == ColumnType::Date {
                arrays.for_each(|a| v.extend(a.as_primitive::<Date32Type>().iter().flatten().map(i64::from)));
            } else {
                arrays.for_each(|a| v.extend(a.as_primitive::<TimestampMicrosecondType>().iter().flatten()));
            }
            v.sort_unstable();
            let show = |x: &i64| {
                Scalar::Text(if kind == ColumnType::Date {
                    crate::data::infer_format_date(*x)
                } else {
                    crate::data::infer_format_timestamp(*x)
                })
            };
            s.count = v.len() as u64;
            s.missing = data.rows.saturating_sub(s.count);
            s.min = v.first().map(show);
            s.max = v.last().map(show);
            let runs = runs(&v);
            s.distinct = runs.len() as u64;
            s.top = top(runs, cfg.top, show);
        }
        ColumnType::Boolean => {
            let (mut t, mut f) = (0u64, 0u64);
            for a in arrays {
                let b = a.as_boolean();
                let trues = b.true_count() as u64;
                t += trues;
                f += (b.len() - b.null_count()) as u64 - trues;
            }
            s.count = t + f;
            s.missing = data.rows.saturating_sub(s.count);
            let mut counts: Vec<(bool, u64)> = [(false, f), (true, t)].into_iter().filter(|c| c.1 > 0).collect();
            s.distinct = counts.len() as u64;
            s.min = counts.first().map(|c| Scalar::Bool(c.0));
            s.max = counts.last().map(|c| Scalar::Bool(c.0));
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            s.top =
                counts.into_iter().take(cfg.top).map(|(v, c)| TopValue { value: Scalar::Bool(v), count: c }).collect();
        }
        ColumnType::String => {
            let mut counts: HashMap<&str, u64> = HashMap::new();
            for a in arrays {
                for v in a.as_string::<i32>().iter().flatten() {
                    *counts.entry(v).or_insert(0) += 1;
                }
            }
            s.count = counts.values().sum();
            s.missing = data.rows.saturating_sub(s.count);
            s.distinct = counts.len() as u64;
            s.min = counts.keys().min().map(|v| Scalar::Text(v.to_string()));
            s.max = counts.keys().max().map(|v| Scalar::Text(v.to_string()));
            let mut pairs: Vec<(&str, u64)> = counts.into_iter().collect();
            pairs.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            s.top = pairs
                .into_iter()
                .take(cfg.top)
                .map(|(v, c)| TopValue { value: Scalar::Text(v.to_string()), count: c })
                .collect();
        }
    }
    s
}

/// Fills count, missing, mean, std, quantiles and histogram from sorted numeric values.
fn numeric(s: &mut ColumnSummary, sorted: &[f64], cfg: &SummaryConfig) {
    s.count = sorted.len() as u64;
    s.missing = s.missing.saturating_sub(s.count);
    let (mean, std) = mean_std(sorted);
    s.mean = mean;
    s.std = std.filter(|x| !x.is_nan());
    s.infinite = sorted.iter().filter(|x| x.is_infinite()).count() as u64;
    let q = |p| quantile_sorted(sorted, p);
    if let (Some(p1), Some(p5), Some(p25), Some(p50), Some(p75), Some(p95), Some(p99)) =
        (q(0.01), q(0.05), q(0.25), q(0.5), q(0.75), q(0.95), q(0.99))
    {
        s.quantiles = Some(Quantiles { p1, p5, p25, p50, p75, p95, p99 });
    }
    let finite_start = sorted.partition_point(|x| *x == f64::NEG_INFINITY);
    let finite_end = sorted.partition_point(|x| *x < f64::INFINITY);
    s.histogram = histogram_sorted(&sorted[finite_start..finite_end], cfg.histogram_bins);
}

/// Runs of equal values in a sorted slice: (value, count).
fn runs<T: PartialEq + Copy>(sorted: &[T]) -> Vec<(T, u64)> {
    let mut out: Vec<(T, u64)> = Vec::new();
    for &x in sorted {
        match out.last_mut() {
            Some((v, c)) if *v == x => *c += 1,
            _ => out.push((x, 1)),
        }
    }
    out
}

/// The `n` most frequent values; equal counts in ascending value order.
fn top<T: Copy>(mut runs: Vec<(T, u64)>, n: usize, show: impl Fn(&T) -> Scalar) -> Vec<TopValue> {
    // Runs come in ascending value order; a stable sort by count keeps it for ties.
    runs.sort_by(|a, b| b.1.cmp(&a.1));
    runs.iter().take(n).map(|(v, c)| TopValue { value: show(v), count: *c }).collect()
}

fn is_zero(x: &u64) -> bool {
    *x == 0
}

/// Every input's summary, by slot name: the report's `summary`.
pub type Summaries = BTreeMap<String, InputSummary>;

impl Check for Summaries {
    const KEY: &'static str = "summary";
    const PRESETS: &'static [Preset] =
        &[Preset::DataDrift, Preset::ModelQuality, Preset::FairnessAudit, Preset::ModelComparison];
    /// The summaries are computed before the checks (one step per input; quality reads them):
    /// this only hides rare values.
    const WEIGHT: u64 = 0;

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Summaries> {
        let mut out = Summaries::new();
        for (slot, s) in cx.summaries {
            let mut s = s.clone();
            // Privacy: a frequent-value list never shows a value fewer than min_group_size rows
            // hold.
            for c in &mut s.columns {
                let before = c.top.len();
                c.top.retain(|t| t.count >= cx.config.fairness.min_group_size);
                c.top_suppressed = (before - c.top.len()) as u64;
            }
            out.insert(slot.name().to_string(), s);
        }
        Some(out)
    }

    fn get(report: &Report) -> Option<&Summaries> {
        Some(&report.summary)
    }

    fn put(self, report: &mut Report) {
        report.summary = self;
    }
}
