//! # Multivariate drift: a domain classifier
//!
//! **What it does.** Trains a model to tell reference rows from current rows using all the
//! features together, and reports its k-fold cross-validated ROC AUC: 0.5 means the two inputs
//! cannot be told apart; drift when AUC > `auc_threshold` (0.55, Evidently's default for its
//! domain classifier). The features that separate the inputs most are listed with their share of
//! the model's total gain — often the first place to look.
//!
//! **How.** Up to `max_rows` rows of each input (a seeded random sample; equal numbers, so 0.5
//! is the no-drift baseline), stratified `folds`-fold cross-validation; per fold, numeric features
//! are cut into ≤ 32 quantile bins of the training part and categories are replaced by the share
//! of current rows among the training rows of that category (then binned), missing values keep a
//! bin of their own; the model is 100 gradient-boosted stumps (`stats::boosting`, learning rate
//! 0.1). Date, id and timestamp columns are left out (time alone would separate the inputs).
//! **Reference.** Evidently's and NannyML's domain-classifier drift, Deepchecks'
//! MultivariateDrift (all gradient-boosted trees); the AUC is `sklearn.metrics.roc_auc_score`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::data::{ColumnType, Dataset};
use crate::progress::Progress;
use crate::stats::boosting;
use crate::stats::rng::SplitMix64;
use crate::stats::roc_auc::roc_auc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeatureShare {
    pub column: String,
    /// Share of the model's total split gain.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Multivariate {
    pub roc_auc: f64,
    pub fold_auc: Vec<f64>,
    pub threshold: f64,
    pub drifted: bool,
    pub rows_per_input: u64,
    /// Most separating first.
    pub features: Vec<FeatureShare>,
}

const ROUNDS: usize = 100;
const LEARNING_RATE: f64 = 0.1;
const MAX_BINS: usize = 32;

enum Raw {
    Numbers(Vec<Option<f64>>),
    Labels(Vec<Option<String>>),
}

/// `count` distinct indices of 0..n in random order (partial Fisher–Yates).
fn sample(n: usize, count: usize, rng: &mut SplitMix64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..count.min(n) {
        let j = i + ((rng.next_f64() * (n - i) as f64) as usize).min(n - i - 1);
        idx.swap(i, j);
    }
    idx.truncate(count.min(n));
    idx
}

/// Bin codes (0 = missing) from thresholds computed on the training rows.
fn bin_numbers(values: &[Option<f64>], train: &[usize]) -> Vec<u8> {
    let mut t: Vec<f64> = train.iter().filter_map(|&r| values[r]).filter(|v| v.is_finite()).collect();
    t.sort_unstable_by(f64::total_cmp);
    t.dedup();
    let cuts: Vec<f64> = if t.len() < MAX_BINS {
        t.iter().skip(1).copied().collect()
    } else {
        let mut c: Vec<f64> = (1..MAX_BINS).map(|j| t[j * t.len() / MAX_BINS]).collect();
        c.dedup();
        c
    };
    values
        .iter()
        .map(|v| match v {
            Some(x) if x.is_finite() => 1 + cuts.partition_point(|c| c <= x) as u8,
            _ => 0,
        })
        .collect()
}

/// Share of current rows per category among the training rows (smoothed), as numbers.
fn encode_labels(values: &[Option<String>], y: &[bool], train: &[usize]) -> Vec<Option<f64>> {
    let mut counts: HashMap<&str, (f64, f64)> = HashMap::new();
    for &r in train {
        if let Some(v) = &values[r] {
            let e = counts.entry(v.as_str()).or_default();
            e.0 += f64::from(u8::from(y[r]));
            e.1 += 1.0;
        }
    }
    values.iter().map(|v| v.as_deref().map(|k| counts.get(k).map_or(0.5, |(c, n)| (c + 1.0) / (n + 2.0)))).collect()
}

pub fn multivariate(
    config: &Config,
    reference: &Dataset,
    current: &Dataset,
    progress: &mut dyn Progress,
) -> Option<Multivariate> {
    let m = &config.drift.multivariate;
    if !m.enabled {
        return None;
    }
    let r = &config.roles;
    let skip = [&r.id, &r.timestamp];
    let features: Vec<(String, usize, usize)> = r
        .features
        .iter()
        .filter(|f| !skip.iter().any(|s| s.as_deref() == Some(f.as_str())))
        .filter_map(|f| Some((f.clone(), reference.column_index(f)?, current.column_index(f)?)))
        .filter(|(_, a, b)| {
            let dated = |k: ColumnType| matches!(k, ColumnType::Date | ColumnType::Timestamp);
            !dated(reference.columns[*a].kind) && !dated(current.columns[*b].kind)
        })
        .collect();
    let per_side = (reference.rows as usize).min(current.rows as usize).min(m.max_rows);
    if features.is_empty() || per_side < 2 * m.folds {
        return None;
    }
    let mut rng = SplitMix64(42);
    let (ref_rows, cur_rows) =
        (sample(reference.rows as usize, per_side, &mut rng), sample(current.rows as usize, per_side, &mut rng));
    // Pooled sample: reference rows first (label false), then current (true).
    let y: Vec<bool> = (0..2 * per_side).map(|i| i >= per_side).collect();
    let raw: Vec<Raw> = features
        .iter()
        .map(|(_, a, b)| {
            let number = |k: ColumnType| matches!(k, ColumnType::Integer | ColumnType::Float);
            if number(reference.columns[*a].kind) && number(current.columns[*b].kind) {
                let (rv, cv) = (reference.numbers(*a), current.numbers(*b));
                Raw::Numbers(ref_rows.iter().map(|&i| rv[i]).chain(cur_rows.iter().map(|&i| cv[i])).collect())
            } else {
                let (rv, cv) = (reference.texts(*a), current.texts(*b));
                Raw::Labels(
                    ref_rows.iter().map(|&i| rv[i].clone()).chain(cur_rows.iter().map(|&i| cv[i].clone())).collect(),
                )
            }
        })
        .collect();
    // Stratified folds: each side's rows dealt round-robin in random order.
    let mut fold = vec![0usize; 2 * per_side];
    for side in 0..2 {
        for (k, i) in sample(per_side, per_side, &mut rng).into_iter().enumerate() {
            fold[side * per_side + i] = k % m.folds;
        }
    }
    let mut fold_auc = Vec::new();
    let mut gain = vec![0.0; features.len()];
    for k in 0..m.folds {
        progress.set(k as u64, m.folds as u64);
        if progress.is_cancelled() {
            return None;
        }
        let train: Vec<usize> = (0..2 * per_side).filter(|&i| fold[i] != k).collect();
        let test: Vec<usize> = (0..2 * per_side).filter(|&i| fold[i] == k).collect();
        let columns: Vec<Vec<u8>> = raw
            .iter()
            .map(|c| match c {
                Raw::Numbers(v) => bin_numbers(v, &train),
                Raw::Labels(v) => bin_numbers(&encode_labels(v, &y, &train), &train),
            })
            .collect();
        let model = boosting::fit(&columns, &y, &train, MAX_BINS + 1, ROUNDS, LEARNING_RATE);
        let mut row = vec![0u8; columns.len()];
        let scores: Vec<f64> = test
            .iter()
            .map(|&i| {
                for (f, c) in columns.iter().enumerate() {
                    row[f] = c[i];
                }
                model.decision(&row)
            })
            .collect();
        let labels: Vec<bool> = test.iter().map(|&i| y[i]).collect();
        fold_auc.push(roc_auc(&scores, &labels).unwrap_or(0.5));
        for (g, mg) in gain.iter_mut().zip(&model.gain) {
            *g += mg;
        }
    }
    progress.set(m.folds as u64, m.folds as u64);
    let auc = fold_auc.iter().sum::<f64>() / fold_auc.len() as f64;
    let total: f64 = gain.iter().sum();
    let mut shares: Vec<FeatureShare> = features
        .iter()
        .zip(&gain)
        .map(|((name, _, _), g)| FeatureShare {
            column: name.clone(),
            share: if total > 0.0 { g / total } else { 0.0 },
        })
        .collect();
    shares.sort_by(|a, b| b.share.total_cmp(&a.share));
    Some(Multivariate {
        roc_auc: auc,
        fold_auc,
        threshold: m.auc_threshold,
        drifted: auc > m.auc_threshold,
        rows_per_input: per_side as u64,
        features: shares,
    })
}
