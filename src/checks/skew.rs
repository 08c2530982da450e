//! # Train/serve skew: does serving compute the features as training did?
//!
//! **What it does.** Joins the training features (`reference`) and the serving features
//! (`serving` input) by id (`skew.id`, default `roles.id`; one or several key columns; see
//! `join.rs` for duplicate and one-sided keys) and compares every feature present in both, row by
//! row, with the counts of TFDV's `DetectFeatureSkew`: `training_count` / `serving_count` (pairs
//! where the value is present on that side), `match_count` and `mismatch_count` (both present,
//! equal or not), `training_only` / `serving_only` (present on one side only) and `diff_count` =
//! mismatch + training_only + serving_only. Numbers (a numeric column on both sides) are equal
//! when |a − b| ≤ max(`absolute_tolerance`, `relative_tolerance`·max(|a|, |b|)), or, with
//! `float_round_ndigits`, when both round to the same value at that many decimals (half away from
//! zero); everything else compares as text. For numeric features, the distribution of
//! serving − training over pairs with both values; up to `examples` keys of differing pairs (keys
//! only: no values reach the report). The model's output column (`roles.score`, else
//! `roles.prediction`) is flagged as the prediction skew: the offline score against the online
//! one for the same id.
//! **Reference.** A pandas implementation of those definitions
//! (`tests/fixtures/make_comparison_fixtures.py`). **Read it as:** a feature with any
//! `diff_count` is computed differently in production; even a 1 % mismatch rate usually means a
//! pipeline bug (units, defaults for missing values, stale lookups).

use serde::{Deserialize, Serialize};

use crate::checks::join::{display_key, join, keys};
use crate::checks::{Check, Context, Inputs};
use crate::config::Config;
use crate::config::Preset;
use crate::data::{ColumnType, Dataset};
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::quantile::quantile_sorted;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Differences {
    /// Pairs with both values.
    pub count: u64,
    pub mean: f64,
    pub max_abs: f64,
    pub q05: f64,
    pub q50: f64,
    pub q95: f64,
}

impl Differences {
    /// Of `d` (any order); `None` when empty.
    pub fn of(mut d: Vec<f64>) -> Option<Differences> {
        if d.is_empty() {
            return None;
        }
        d.sort_by(f64::total_cmp);
        let n = d.len() as f64;
        Some(Differences {
            count: d.len() as u64,
            mean: d.iter().sum::<f64>() / n,
            max_abs: d.iter().fold(0.0f64, |m, v| m.max(v.abs())),
            q05: quantile_sorted(&d, 0.05)?,
            q50: quantile_sorted(&d, 0.5)?,
            q95: quantile_sorted(&d, 0.95)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeatureSkew {
    pub feature: String,
    pub training_count: u64,
    pub serving_count: u64,
    pub match_count: u64,
    pub mismatch_count: u64,
    pub training_only: u64,
    pub serving_only: u64,
    pub diff_count: u64,
    /// diff_count / rows_matched.
    pub diff_share: f64,
    /// serving − training (numeric features).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub differences: Option<Differences>,
    /// Keys of differing pairs, in training order.
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrainServe {
    pub training: u64,
    pub serving: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Skew {
    pub id: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
    pub rows_matched: u64,
    pub training_only_rows: u64,
    pub serving_only_rows: u64,
    pub duplicate_keys: TrainServe,
    pub missing_keys: TrainServe,
    /// How numbers were compared, in words.
    pub tolerance: String,
    /// By name.
    pub features: Vec<FeatureSkew>,
    /// Features with a difference.
    pub skewed: u64,
    /// The model-output feature (offline vs online score), if compared.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prediction: Option<String>,
    /// Columns of one side only (not compared).
    pub training_only_columns: Vec<String>,
    pub serving_only_columns: Vec<String>,
}

/// `None` without a `serving` input.
pub fn skew(config: &Config, inputs: &Inputs) -> Option<Skew> {
    let serving = inputs.serving?;
    let training = inputs.reference;
    let c = &config.skew;
    let ids = config.join_keys(&c.id);
    let tolerance = match c.float_round_ndigits {
        Some(d) => format!("numbers rounded to {d} decimals"),
        None if c.absolute_tolerance == 0.0 && c.relative_tolerance == 0.0 => "numbers compared exactly".into(),
        None => format!("numbers equal within max({}, {}·max(|a|, |b|))", c.absolute_tolerance, c.relative_tolerance),
    };
    let mut out = Skew {
        id: ids.clone(),
        problem: None,
        rows_matched: 0,
        training_only_rows: 0,
        serving_only_rows: 0,
        duplicate_keys: TrainServe::default(),
        missing_keys: TrainServe::default(),
        tolerance,
        features: Vec::new(),
        skewed: 0,
        prediction: None,
        training_only_columns: Vec::new(),
        serving_only_columns: Vec::new(),
    };
    let (Some(tk), Some(sk)) = (keys(training, &ids).filter(|_| !ids.is_empty()), keys(serving, &ids)) else {
        out.problem = Some(if ids.is_empty() {
            "set the id column(s) (roles.id or skew.id) that join training and serving rows".into()
        } else {
            format!("the id column(s) {} must exist in the training and the serving data", ids.join(", "))
        });
        return Some(out);
    };
    let j = join(&tk, &sk);
    out.rows_matched = j.pairs.len() as u64;
    out.training_only_rows = j.left_only;
    out.serving_only_rows = j.right_only;
    out.duplicate_keys = TrainServe { training: j.duplicate_ids.left, serving: j.duplicate_ids.right };
    out.missing_keys = TrainServe { training: j.missing_ids.left, serving: j.missing_ids.right };
    let (trows, srows): (Vec<usize>, Vec<usize>) = j.pairs.iter().copied().unzip();
    let names = |d: &Dataset| d.column_names().into_iter().filter(|n| !ids.contains(n)).collect::<Vec<_>>();
    let (tn, sn) = (names(training), names(serving));
    out.training_only_columns = tn.iter().filter(|n| !sn.contains(n)).cloned().collect();
    out.serving_only_columns = sn.iter().filter(|n| !tn.contains(n)).cloned().collect();
    let mut common: Vec<String> = tn.into_iter().filter(|n| sn.contains(n)).collect();
    common.sort();
    let r = &config.roles;
    out.prediction = [&r.score, &r.prediction].into_iter().flatten().find(|p| common.contains(p)).cloned();
    let numeric = |d: &Dataset, i: usize| matches!(d.columns[i].kind, ColumnType::Integer | ColumnType::Float);
    for f in common {
        let (Some(ti), Some(si)) = (training.column_index(&f), serving.column_index(&f)) else { continue };
        let mut s = FeatureSkew {
            feature: f.clone(),
            training_count: 0,
            serving_count: 0,
            match_count: 0,
            mismatch_count: 0,
            training_only: 0,
            serving_only: 0,
            diff_count: 0,
            diff_share: 0.0,
            differences: None,
            examples: Vec::new(),
        };
        let mut differing: Vec<bool> = Vec::with_capacity(trows.len());
        if numeric(training, ti) && numeric(serving, si) {
            let (a, b) = (training.numbers_at(ti, &trows), serving.numbers_at(si, &srows));
            let mut diffs = Vec::new();
            for (x, y) in a.iter().zip(&b) {
                let (x, y) = (x.filter(|v| !v.is_nan()), y.filter(|v| !v.is_nan()));
                differing.push(count(&mut s, x.is_some(), y.is_some(), || {
                    let (x, y) = (x.unwrap_or(0.0), y.unwrap_or(0.0));
                    diffs.push(y - x);
                    equal(x, y, c)
                }));
            }
            s.differences = Differences::of(diffs);
        } else {
            let (a, b) = (training.texts_at(ti, &trows), serving.texts_at(si, &srows));
            for (x, y) in a.iter().zip(&b) {
                differing.push(count(&mut s, x.is_some(), y.is_some(), || x == y));
            }
        }
        s.diff_count = s.mismatch_count + s.training_only + s.serving_only;
        s.diff_share = if trows.is_empty() { 0.0 } else { s.diff_count as f64 / trows.len() as f64 };
        s.examples = differing
            .iter()
            .enumerate()
            .filter(|(_, d)| **d)
            .take(c.examples)
            .filter_map(|(k, _)| tk[trows[k]].as_deref().map(|key| display_key(training, &ids, key)))
            .collect();
        out.skewed += u64::from(s.diff_count > 0);
        out.features.push(s);
    }
    Some(out)
}

/// Counts one pair; returns whether it differs. `same` runs only when both values are present.
fn count(s: &mut FeatureSkew, x: bool, y: bool, same: impl FnOnce() -> bool) -> bool {
    s.training_count += u64::from(x);
    s.serving_count += u64::from(y);
    match (x, y) {
        (true, true) => {
            if same() {
                s.match_count += 1;
                false
            } else {
                s.mismatch_count += 1;
                true
            }
        }
        (true, false) => {
            s.training_only += 1;
            true
        }
        (false, true) => {
            s.serving_only += 1;
            true
        }
        (false, false) => false,
    }
}

fn equal(a: f64, b: f64, c: &crate::config::SkewConfig) -> bool {
    if let Some(d) = c.float_round_ndigits {
        let scale = 10f64.powi(d);
        return (a * scale).round() == (b * scale).round();
    }
    a == b || (a - b).abs() <= c.absolute_tolerance.max(c.relative_tolerance * a.abs().max(b.abs()))
}

impl Check for Skew {
    const KEY: &'static str = "skew";
    const PRESETS: &'static [Preset] = &[Preset::DataDrift, Preset::ModelComparison];

    fn needs(cx: &Context) -> Result<(), String> {
        match cx.inputs.serving {
            Some(_) => Ok(()),
            None => Err("it needs the serving pipeline's features (a serving input, --serving)".into()),
        }
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Skew> {
        skew(cx.config, &cx.inputs)
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![
            GateConfig::new("Training and serving rows join", "skew.rows_matched > 0"),
            GateConfig::new("No train/serve skew", "skew.skewed == 0"),
        ]
    }

    fn get(report: &Report) -> Option<&Skew> {
        report.skew.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.skew = Some(self);
    }
}
