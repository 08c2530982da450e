//! # Model quality
//!
//! **What it does.** Scores the model on every input that holds the target and a prediction (or
//! a score): reference and current side by side, so a drop in quality shows. Binary
//! classification: accuracy, balanced accuracy, precision, recall, F1, and with a score ROC AUC,
//! average precision, log loss and Brier score, plus the confusion matrix. Multiclass: accuracy,
//! balanced accuracy, macro and weighted precision/recall/F1, per-class scores and the confusion
//! matrix. Regression (a numeric target with more than 20 values): MAE, RMSE, MAPE, R², mean
//! error. Proportions (accuracy, precision, recall) carry a 95 % Wilson interval.
//!
//! **Labels.** The positive class is the larger of the two target values (numerically when
//! both are numbers). Without a prediction column, a row is predicted positive when
//! score ≥ `roles.threshold` (0.5). Rows missing the target or the prediction are left out.
//! **Reference.** `sklearn.metrics` (see each statistic in `stats/`). Not yet: calibration curve
//! and ECE, bootstrap intervals for the non-proportion metrics, error quantiles.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::data::{ColumnType, Dataset};
use crate::stats::classification::{averages, balanced_accuracy, class_scores, confusion};
use crate::stats::probabilistic::{average_precision, brier, log_loss};
use crate::stats::regression::regression;
use crate::stats::roc_auc::roc_auc;
use crate::stats::wilson::wilson;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub value: f64,
    /// 95 % interval (Wilson, for proportions).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ci: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassScores {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputPerformance {
    pub input: String,
    /// Rows with both a target and a prediction.
    pub rows: u64,
    pub metrics: BTreeMap<String, Metric>,
    /// Rows: true label, columns: predicted label, in `labels` order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub confusion_matrix: Vec<Vec<u64>>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub per_class: Vec<ClassScores>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    /// "binary", "multiclass" or "regression".
    pub task: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub labels: Vec<String>,
    pub positive_label: Option<String>,
    pub threshold: Option<f64>,
    pub inputs: Vec<InputPerformance>,
}

fn metric(value: f64) -> Metric {
    Metric { value, ci: None }
}

fn with_ci(k: f64, n: f64) -> Metric {
    Metric { value: if n > 0.0 { k / n } else { 0.0 }, ci: wilson(k, n) }
}

/// Label order: numeric when every label is a number, text otherwise.
fn sort_labels(labels: &mut [String]) {
    if labels.iter().all(|l| l.parse::<f64>().is_ok()) {
        labels.sort_by(|a, b| a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0)));
    } else {
        labels.sort();
    }
}

/// Model quality on each input; `None` without a target and a prediction or score.
pub fn performance(config: &Config, inputs: &[(&str, &Dataset)]) -> Option<Performance> {
    let r = &config.roles;
    let target = r.target.as_deref()?;
    if r.prediction.is_none() && r.score.is_none() {
        return None;
    }
    let (_, first) = inputs.first()?;
    let ti = first.column_index(target)?;
    let numeric_target = matches!(first.columns[ti].kind, ColumnType::Integer | ColumnType::Float);
    let distinct: BTreeSet<String> = first.texts(ti).into_iter().flatten().collect();
    if numeric_target && distinct.len() > 20 {
        return regression_performance(config, inputs, target);
    }
    // Labels seen in any input's target or prediction.
    let mut labels: BTreeSet<String> = BTreeSet::new();
    for (_, d) in inputs {
        for c in [Some(target), r.prediction.as_deref()].into_iter().flatten() {
            if let Some(i) = d.column_index(c) {
                labels.extend(d.texts(i).into_iter().flatten());
            }
        }
    }
    let mut labels: Vec<String> = labels.into_iter().collect();
    sort_labels(&mut labels);
    let binary = labels.len() <= 2;
    if r.prediction.is_none() && labels.len() != 2 {
        return None; // a score alone needs two known classes
    }
    let positive = binary.then(|| labels.last().cloned()).flatten();
    let threshold = r.threshold.unwrap_or(0.5);
    let mut out = Vec::new();
    for (name, d) in inputs {
        let Some(t) = d.column_index(target) else { continue };
        let truth = d.texts(t);
        let pred = r.prediction.as_deref().and_then(|p| d.column_index(p)).map(|p| d.texts(p));
        let score = r.score.as_deref().and_then(|s| d.column_index(s)).map(|s| d.numbers(s));
        let index = |v: &str| labels.iter().position(|l| l == v);
        let (mut ti_, mut pi_, mut scores, mut ys) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for row in 0..truth.len() {
            let Some(t) = truth[row].as_deref().and_then(index) else { continue };
            let s = score.as_ref().and_then(|s| s[row]);
            let p = match &pred {
                Some(p) => p[row].as_deref().and_then(index),
                None => s.map(|s| if s >= threshold { labels.len() - 1 } else { 0 }),
            };
            let Some(p) = p else { continue };
            ti_.push(t);
            pi_.push(p);
            if let (Some(s), true) = (s, binary) {
                scores.push(s);
                ys.push(t + 1 == labels.len() && labels.len() == 2);
            }
        }
        let m = confusion(&ti_, &pi_, labels.len());
        let n = ti_.len() as f64;
        let mut metrics = BTreeMap::new();
        let correct: f64 = (0..labels.len()).map(|k| m[k][k] as f64).sum();
        metrics.insert("accuracy".to_string(), with_ci(correct, n));
        metrics.insert("balanced_accuracy".to_string(), metric(balanced_accuracy(&m)));
        let per_class: Vec<ClassScores> = (0..labels.len())
            .map(|k| {
                let (precision, recall, f1, support) = class_scores(&m, k);
                ClassScores { label: labels[k].clone(), precision, recall, f1, support }
            })
            .collect();
        if binary && labels.len() == 2 {
            let tp = m[1][1] as f64;
            let predicted_pos = (m[0][1] + m[1][1]) as f64;
            let actual_pos = (m[1][0] + m[1][1]) as f64;
            metrics.insert("precision".to_string(), with_ci(tp, predicted_pos));
            metrics.insert("recall".to_string(), with_ci(tp, actual_pos));
            metrics.insert("f1".to_string(), metric(per_class[1].f1));
            if !scores.is_empty() {
                if let Some(v) = roc_auc(&scores, &ys) {
                    metrics.insert("roc_auc".to_string(), metric(v));
                }
                for (key, v) in [
                    ("average_precision", average_precision(&scores, &ys)),
                    ("log_loss", log_loss(&scores, &ys)),
                    ("brier_score", brier(&scores, &ys)),
                ] {
                    if let Some(v) = v {
                        metrics.insert(key.to_string(), metric(v));
                    }
                }
            }
        } else {
            let (macro_, weighted) = averages(&m);
            for (i, name) in ["precision", "recall", "f1"].iter().enumerate() {
                metrics.insert(format!("{name}_macro"), metric(macro_[i]));
                metrics.insert(format!("{name}_weighted"), metric(weighted[i]));
            }
        }
        out.push(InputPerformance {
            input: name.to_string(),
            rows: ti_.len() as u64,
            metrics,
            confusion_matrix: m,
            per_class: if binary { Vec::new() } else { per_class },
        });
    }
    Some(Performance {
        task: if binary { "binary" } else { "multiclass" }.into(),
        labels,
        positive_label: positive,
        threshold: (r.prediction.is_none()).then_some(threshold),
        inputs: out,
    })
}

fn regression_performance(config: &Config, inputs: &[(&str, &Dataset)], target: &str) -> Option<Performance> {
    let p = config.roles.prediction.as_deref()?;
    let mut out = Vec::new();
    for (name, d) in inputs {
        let (Some(t), Some(pi)) = (d.column_index(target), d.column_index(p)) else { continue };
        let (ys, ps): (Vec<f64>, Vec<f64>) = d
            .numbers(t)
            .into_iter()
            .zip(d.numbers(pi))
            .filter_map(|(y, p)| Some((y?, p?)))
            .filter(|(y, p)| y.is_finite() && p.is_finite())
            .unzip();
        let Some(r) = regression(&ys, &ps) else { continue };
        let metrics = [("mae", r.mae), ("rmse", r.rmse), ("mape", r.mape), ("r2", r.r2), ("mean_error", r.mean_error)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), metric(v)))
            .collect();
        out.push(InputPerformance {
            input: name.to_string(),
            rows: ys.len() as u64,
            metrics,
            confusion_matrix: Vec::new(),
            per_class: Vec::new(),
        });
    }
    Some(Performance {
        task: "regression".into(),
        labels: Vec::new(),
        positive_label: None,
        threshold: None,
        inputs: out,
    })
}
