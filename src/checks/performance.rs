//! # Model quality
//!
//! **What it does.** Scores the model on every input that holds the target and a prediction (or
//! a score): reference and current side by side, so a drop in quality shows. Binary
//! classification: accuracy, balanced accuracy, precision, recall, F1, and with a score ROC AUC,
//! average precision, log loss and Brier score, plus the confusion matrix. Multiclass: accuracy,
//! balanced accuracy, macro and weighted precision/recall/F1, per-class scores and the confusion
//! matrix. A score is taken in its own units (a probability, a decile, a credit score, a logit):
//! ROC AUC and average precision work on any real score; log loss, the Brier score, the
//! calibration curve (10 equal bins) and the expected calibration error
//! (`expected_calibration_error`) only when every score of the input lies in [0, 1], and are
//! otherwise listed in `skipped` with the reason. Without a prediction column and without a
//! threshold for a score that is not a probability there are no decisions: the decision metrics
//! (accuracy, precision, …) are skipped and said so. Regression (a numeric target with more than
//! 20 values): MAE, RMSE, MAPE, R², mean error and the 5/25/50/75/95 % quantiles of the error
//! (prediction − target). Proportions (accuracy, precision, recall) carry a 95 % Wilson
//! interval, every other metric a seeded percentile bootstrap interval
//! (`performance.bootstrap` = 1000 resamples, `seed`, `bootstrap_max_rows`; see
//! `stats/bootstrap.rs`).
//!
//! **Labels.** The positive class is the larger of the two target values (numerically when
//! both are numbers). Without a prediction column, a row is predicted positive when
//! score ≥ `roles.threshold` (0.5). Rows missing the target or the prediction are left out.
//! **Reference.** `sklearn.metrics` and `sklearn.calibration.calibration_curve` (see each
//! statistic in `stats/`); the bootstrap against a numpy bootstrap within Monte-Carlo error.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::checks::metric::Metric;
use crate::checks::{Check, Context, Inputs, Slot};
use crate::config::Config;
use crate::config::PerformanceConfig;
use crate::config::Preset;
use crate::data::{ColumnType, Dataset};
use crate::gates::{lookup, GateConfig};
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::bootstrap;
use crate::stats::calibration::{bins_of, calibration, calibration_binned, Bin};
use crate::stats::classification::{as_f64, averages, balanced_accuracy, class_scores, confusion, confusion_weighted};
use crate::stats::probabilistic::{
    average_precision, average_precision_sorted, brier, brier_terms, log_loss, log_loss_terms, weighted_mean,
};
use crate::stats::quantile::quantile_sorted;
use crate::stats::regression::{regression, regression_weighted};
use crate::stats::roc_auc::{roc_auc, roc_auc_sorted};
use crate::stats::wilson::wilson;
use serde_json::Value;

/// Error quantiles reported for regression.
pub const ERROR_QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

fn metric_names(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    crate::schema::keyed_by::<MetricValue>(&names, generator)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MetricValue {
    pub value: f64,
    /// 95 % interval (Wilson, for proportions).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ci: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassScores {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputPerformance {
    pub input: String,
    /// Rows with both a target and a prediction.
    pub rows: u64,
    #[schemars(schema_with = "metric_names")]
    pub metrics: BTreeMap<String, MetricValue>,
    /// Rows: true label, columns: predicted label, in `labels` order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub confusion_matrix: Vec<Vec<u64>>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub per_class: Vec<ClassScores>,
    /// Reliability diagram of the score (binary, scores in [0, 1]); ECE is in `metrics`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub calibration: Vec<Bin>,
    /// Regression: (q, quantile q of prediction − target) for q = 5, 25, 50, 75, 95 %.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub error_quantiles: Vec<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Performance {
    /// "binary", "multiclass" or "regression".
    pub task: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub labels: Vec<String>,
    pub positive_label: Option<String>,
    pub threshold: Option<f64>,
    pub inputs: Vec<InputPerformance>,
    /// Metrics that were not computed, and why (a score that is not a probability, no threshold).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedMetrics>,
}

/// Metrics left out of one input, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkippedMetrics {
    pub input: String,
    pub metrics: Vec<String>,
    pub reason: String,
}

/// The metrics that read a score as a probability.
pub const PROBABILITY_METRICS: [&str; 4] = ["log_loss", "brier_score", "calibration", "expected_calibration_error"];
/// The metrics that need a decision per row (a prediction, or a score and a threshold).
pub const DECISION_METRICS: [&str; 6] =
    ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "confusion_matrix"];

fn metric(value: f64) -> MetricValue {
    MetricValue { value, ci: None }
}

fn with_ci(k: f64, n: f64) -> MetricValue {
    MetricValue { value: if n > 0.0 { k / n } else { 0.0 }, ci: wilson(k, n) }
}

/// Label order: numeric when every label is a number, text otherwise.
pub(crate) fn sort_labels(labels: &mut [String]) {
    if labels.iter().all(|l| l.parse::<f64>().is_ok()) {
        labels.sort_by(|a, b| a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0)));
    } else {
        labels.sort();
    }
}

/// A numeric target with more than 20 distinct values is a regression target.
pub fn is_regression_target(d: &Dataset, target: usize) -> bool {
    matches!(d.columns[target].kind, ColumnType::Integer | ColumnType::Float)
        && d.texts(target).into_iter().flatten().collect::<BTreeSet<String>>().len() > 20
}

/// Model quality on each input; `None` without a target and a prediction or score.
pub fn performance(config: &Config, inputs: &Inputs) -> Option<Performance> {
    let r = &config.roles;
    let target = r.target.as_deref()?;
    if r.prediction.is_none() && r.score.is_none() {
        return None;
    }
    let first = inputs.reference;
    if is_regression_target(first, first.column_index(target)?) {
        return regression_performance(config, inputs, target);
    }
    // Labels seen in any input's target or prediction.
    let mut labels: BTreeSet<String> = BTreeSet::new();
    for (_, d) in inputs.iter() {
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
    // No prediction, and a score that is not a probability without a threshold in its units:
    // no decisions, only the ranking metrics.
    let decided = r.prediction.is_some() || r.threshold.is_some();
    let threshold = r.threshold.unwrap_or(f64::NAN);
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    // The model is scored on the reference and current data (and the baseline file, when it holds
    // the target); a scored perturbed data set holds noisy copies of rows, and the canary, shadow
    // and serving inputs have their own sections.
    for (name, d) in model_inputs(inputs) {
        let Some(t) = d.column_index(target) else {
            skipped.push(SkippedMetrics {
                input: name.to_string(),
                metrics: vec!["all".into()],
                reason: format!("the target column {target} is not in this input (labels often arrive later)"),
            });
            continue;
        };
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
                None if !decided => s.filter(|s| s.is_finite()).map(|_| t), // unused: no decision metric
                None => s.map(|s| if s >= threshold { labels.len() - 1 } else { 0 }),
            };
            let Some(p) = p else { continue };
            ti_.push(t);
            pi_.push(p);
            if binary {
                scores.push(s.filter(|s| s.is_finite()).unwrap_or(f64::NAN));
                ys.push(t + 1 == labels.len() && labels.len() == 2);
            }
        }
        let probability = crate::checks::outcomes::is_probability(scores.iter().copied());
        let score_name = r.score.as_deref().unwrap_or("the score");
        let range = || match crate::checks::outcomes::finite_range(&scores) {
            Some((lo, hi)) => format!("values {lo} to {hi}"),
            None => "no finite value".to_string(),
        };
        if !decided {
            skipped.push(SkippedMetrics {
                input: name.to_string(),
                metrics: DECISION_METRICS.iter().map(|m| m.to_string()).collect(),
                reason: format!(
                    "{score_name} is not a probability ({}) and no threshold is set: give roles.threshold in its units (CLI --threshold) to decide positives",
                    range()
                ),
            });
        }
        if binary && !probability && crate::checks::outcomes::finite_range(&scores).is_some() {
            skipped.push(SkippedMetrics {
                input: name.to_string(),
                metrics: PROBABILITY_METRICS.iter().map(|m| m.to_string()).collect(),
                reason: format!(
                    "{score_name} is not a probability ({}): these metrics need every score in [0, 1]",
                    range()
                ),
            });
        }
        let kinds = Kinds { decisions: decided, probability };
        out.push(classified(name, &labels, binary, &ti_, &pi_, &scores, &ys, kinds, &config.performance));
    }
    Some(Performance {
        task: if binary { "binary" } else { "multiclass" }.into(),
        labels,
        positive_label: positive,
        threshold: (r.prediction.is_none()).then_some(r.threshold).flatten(),
        inputs: out,
        skipped,
    })
}

/// Which metric families an input's outputs support.
#[derive(Debug, Clone, Copy)]
struct Kinds {
    /// A decision per row (a prediction, or a score and a threshold).
    decisions: bool,
    /// Every score in [0, 1].
    probability: bool,
}

/// The bootstrap options of `performance` (also the comparison's paired bootstrap).
pub(crate) fn options(c: &PerformanceConfig) -> bootstrap::Options {
    bootstrap::Options { resamples: c.bootstrap, seed: c.seed, max_rows: c.bootstrap_max_rows as usize }
}

/// Rows with a finite score (the score metrics use only those).
fn scored(scores: &[f64], ys: &[bool]) -> (Vec<f64>, Vec<bool>) {
    scores.iter().zip(ys).filter(|(s, _)| s.is_finite()).map(|(s, y)| (*s, *y)).unzip()
}

/// The metrics of one classification input. `scores` is NaN where a row has no score.
#[allow(clippy::too_many_arguments)]
fn classified(
    name: &str,
    labels: &[String],
    binary: bool,
    truth: &[usize],
    pred: &[usize],
    scores: &[f64],
    ys: &[bool],
    kinds: Kinds,
    c: &PerformanceConfig,
) -> InputPerformance {
    let two = binary && labels.len() == 2;
    let m = confusion(truth, pred, labels.len());
    let mf = as_f64(&m);
    let n = truth.len() as f64;
    let mut metrics: BTreeMap<String, MetricValue> = BTreeMap::new();
    let correct: f64 = (0..labels.len()).map(|k| mf[k][k]).sum();
    metrics.insert(Metric::Accuracy.name().into(), with_ci(correct, n));
    metrics.insert(Metric::BalancedAccuracy.name().into(), metric(balanced_accuracy(&mf)));
    let per_class: Vec<ClassScores> = (0..labels.len())
        .map(|k| {
            let (precision, recall, f1, support) = class_scores(&mf, k);
            ClassScores { label: labels[k].clone(), precision, recall, f1, support: support as u64 }
        })
        .collect();
    let (s_all, y_all) = scored(scores, ys);
    let mut curve = Vec::new();
    if two {
        let tp = mf[1][1];
        metrics.insert(Metric::Precision.name().into(), with_ci(tp, mf[0][1] + tp));
        metrics.insert(Metric::Recall.name().into(), with_ci(tp, mf[1][0] + tp));
        metrics.insert(Metric::F1.name().into(), metric(per_class[1].f1));
        if !s_all.is_empty() {
            if let Some(v) = roc_auc(&s_all, &y_all) {
                metrics.insert(Metric::RocAuc.name().into(), metric(v));
            }
            if let Some(v) = average_precision(&s_all, &y_all) {
                metrics.insert(Metric::AveragePrecision.name().into(), metric(v));
            }
            if kinds.probability {
                for (key, v) in
                    [(Metric::LogLoss, log_loss(&s_all, &y_all)), (Metric::BrierScore, brier(&s_all, &y_all))]
                {
                    if let Some(v) = v {
                        metrics.insert(key.name().into(), metric(v));
                    }
                }
                if let Some((bins, ece)) = calibration(&s_all, &y_all, c.calibration_bins as usize) {
                    curve = bins;
                    metrics.insert(Metric::ExpectedCalibrationError.name().into(), metric(ece));
                }
            }
        }
    } else {
        let (macro_, weighted) = averages(&mf);
        let macros = [Metric::PrecisionMacro, Metric::RecallMacro, Metric::F1Macro];
        let weighteds = [Metric::PrecisionWeighted, Metric::RecallWeighted, Metric::F1Weighted];
        for i in 0..3 {
            metrics.insert(macros[i].name().into(), metric(macro_[i]));
            metrics.insert(weighteds[i].name().into(), metric(weighted[i]));
        }
    }
    if !kinds.decisions {
        metrics.retain(|k, _| !DECISION_METRICS.contains(&k.as_str()));
    }
    // Bootstrap intervals for every metric without a Wilson interval.
    let keys: Vec<Metric> =
        metrics.iter().filter(|(_, m)| m.ci.is_none()).filter_map(|(k, _)| Metric::from_name(k)).collect();
    let opts = options(c);
    let mut sub = bootstrap::rows(truth.len(), &opts);
    sub.sort_by(|&a, &b| scores.get(a).unwrap_or(&f64::NAN).total_cmp(scores.get(b).unwrap_or(&f64::NAN)));
    let t: Vec<usize> = sub.iter().map(|&i| truth[i]).collect();
    let p: Vec<usize> = sub.iter().map(|&i| pred[i]).collect();
    let s: Vec<f64> = sub.iter().map(|&i| scores.get(i).copied().unwrap_or(f64::NAN)).collect();
    let y: Vec<bool> = sub.iter().map(|&i| ys.get(i).copied().unwrap_or(false)).collect();
    let finite = s.iter().take_while(|v| v.is_finite()).count();
    let bins = c.calibration_bins as usize;
    // Per-row terms computed once, so each resample is a weighted sum.
    let (ll, br) = (log_loss_terms(&s[..finite], &y[..finite]), brier_terms(&s[..finite], &y[..finite]));
    let bin_index = bins_of(&s[..finite], bins);
    let statistic = |w: &[f64]| -> Vec<f64> {
        let m = confusion_weighted(&t, &p, w, labels.len());
        let (macro_, weighted) = if two { ([0.0; 3], [0.0; 3]) } else { averages(&m) };
        let (sf, yf, wf) = (&s[..finite], &y[..finite], &w[..finite]);
        keys.iter()
            .map(|k| {
                let v = match k {
                    Metric::Accuracy => Some((0..labels.len()).map(|c| m[c][c]).sum::<f64>() / w.iter().sum::<f64>()),
                    Metric::BalancedAccuracy => Some(balanced_accuracy(&m)),
                    Metric::Precision => Some(class_scores(&m, 1).0),
                    Metric::Recall => Some(class_scores(&m, 1).1),
                    Metric::F1 => Some(class_scores(&m, 1).2),
                    Metric::RocAuc => roc_auc_sorted(sf, yf, wf),
                    Metric::AveragePrecision => average_precision_sorted(sf, yf, wf),
                    Metric::LogLoss => weighted_mean(&ll, wf),
                    Metric::BrierScore => weighted_mean(&br, wf),
                    Metric::ExpectedCalibrationError => {
                        bin_index.as_ref().and_then(|b| calibration_binned(b, sf, yf, wf, bins)).map(|c| c.1)
                    }
                    Metric::PrecisionMacro => Some(macro_[0]),
                    Metric::RecallMacro => Some(macro_[1]),
                    Metric::F1Macro => Some(macro_[2]),
                    Metric::PrecisionWeighted => Some(weighted[0]),
                    Metric::RecallWeighted => Some(weighted[1]),
                    Metric::F1Weighted => Some(weighted[2]),
                    Metric::Mae | Metric::Rmse | Metric::Mape | Metric::R2 | Metric::MeanError => None,
                };
                v.unwrap_or(f64::NAN)
            })
            .collect()
    };
    set_intervals(&mut metrics, &keys, truth.len(), sub.len(), &opts, statistic);
    InputPerformance {
        input: name.to_string(),
        rows: truth.len() as u64,
        metrics,
        confusion_matrix: if kinds.decisions { m } else { Vec::new() },
        per_class: if binary { Vec::new() } else { per_class },
        calibration: curve,
        error_quantiles: Vec::new(),
    }
}

/// Bootstraps `keys` and stores each interval on its metric.
fn set_intervals(
    metrics: &mut BTreeMap<String, MetricValue>,
    keys: &[Metric],
    n: usize,
    m: usize,
    opts: &bootstrap::Options,
    mut statistic: impl FnMut(&[f64]) -> Vec<f64>,
) {
    if keys.is_empty() || opts.resamples == 0 {
        return;
    }
    let full: Vec<f64> = keys.iter().map(|k| metrics.get(k.name()).map_or(f64::NAN, |m| m.value)).collect();
    let subset = if m == n { full.clone() } else { statistic(&vec![1.0; m]) };
    for (k, ci) in keys.iter().zip(bootstrap::intervals(n, m, opts, &full, &subset, statistic)) {
        if let Some(metric) = metrics.get_mut(k.name()) {
            metric.ci = ci;
        }
    }
}

fn regression_performance(config: &Config, inputs: &Inputs, target: &str) -> Option<Performance> {
    let p = config.roles.prediction.as_deref()?;
    let mut out = Vec::new();
    // The model is scored on the reference and current data (and the baseline file, when it holds
    // the target); a scored perturbed data set holds noisy copies of rows, and the canary, shadow
    // and serving inputs have their own sections.
    for (name, d) in model_inputs(inputs) {
        let (Some(t), Some(pi)) = (d.column_index(target), d.column_index(p)) else { continue };
        let (ys, ps): (Vec<f64>, Vec<f64>) = d
            .numbers(t)
            .into_iter()
            .zip(d.numbers(pi))
            .filter_map(|(y, p)| Some((y?, p?)))
            .filter(|(y, p)| y.is_finite() && p.is_finite())
            .unzip();
        let Some(r) = regression(&ys, &ps) else { continue };
        let values = |r: &crate::stats::regression::Regression| [r.mae, r.rmse, r.mape, r.r2, r.mean_error];
        let keys = [Metric::Mae, Metric::Rmse, Metric::Mape, Metric::R2, Metric::MeanError];
        let mut metrics: BTreeMap<String, MetricValue> =
            keys.iter().map(|k| k.name().to_string()).zip(values(&r).into_iter().map(metric)).collect();
        let opts = options(&config.performance);
        let sub = bootstrap::rows(ys.len(), &opts);
        let (sy, sp): (Vec<f64>, Vec<f64>) = sub.iter().map(|&i| (ys[i], ps[i])).unzip();
        set_intervals(&mut metrics, &keys, ys.len(), sub.len(), &opts, |w| {
            regression_weighted(&sy, &sp, w).map_or(vec![f64::NAN; 5], |r| values(&r).to_vec())
        });
        let mut errors: Vec<f64> = ys.iter().zip(&ps).map(|(y, p)| p - y).collect();
        errors.sort_by(f64::total_cmp);
        let error_quantiles = ERROR_QUANTILES.iter().filter_map(|&q| Some([q, quantile_sorted(&errors, q)?])).collect();
        out.push(InputPerformance {
            input: name.to_string(),
            rows: ys.len() as u64,
            metrics,
            confusion_matrix: Vec::new(),
            per_class: Vec::new(),
            calibration: Vec::new(),
            error_quantiles,
        });
    }
    Some(Performance {
        task: "regression".into(),
        labels: Vec::new(),
        positive_label: None,
        threshold: None,
        inputs: out,
        skipped: Vec::new(),
    })
}

/// The inputs the model is scored on: the reference and current data, and the baseline file
/// when it holds the target. A scored perturbed data set holds noisy copies of rows, and the
/// canary, shadow and serving inputs have their own sections.
fn model_inputs<'a>(inputs: &Inputs<'a>) -> impl Iterator<Item = (&'static str, &'a Dataset)> {
    inputs.among(&[Slot::Reference, Slot::Current, Slot::Baseline]).into_iter().map(|(s, d)| (s.name(), d))
}

impl Check for Performance {
    const KEY: &'static str = "performance";
    const PRESETS: &'static [Preset] = &[Preset::ModelQuality, Preset::FairnessAudit, Preset::ModelComparison];

    fn needs(cx: &Context) -> Result<(), String> {
        needs_model_outputs(cx.config)
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Performance> {
        performance(cx.config, &cx.inputs)
    }

    /// The model holds its quality in production: accuracy and ROC AUC at most 0.05 below the
    /// reference's, MAE at most 10 % above it (each when both inputs have it).
    fn default_gates(_config: &Config, report: &Value) -> Vec<GateConfig> {
        let has = |input: &str, metric: &str| {
            !lookup(report, &format!("performance.inputs[{input}].metrics.{metric}.value")).is_empty()
        };
        [
            (
                "accuracy",
                "Accuracy holds in production",
                ">= performance.inputs[reference].metrics.accuracy.value - 0.05",
            ),
            ("roc_auc", "ROC AUC holds in production", ">= performance.inputs[reference].metrics.roc_auc.value - 0.05"),
            ("mae", "MAE holds in production", "<= performance.inputs[reference].metrics.mae.value * 1.1"),
        ]
        .into_iter()
        .filter(|(metric, _, _)| has("current", metric) && has("reference", metric))
        .map(|(metric, name, rule)| {
            GateConfig::new(name, &format!("performance.inputs[current].metrics.{metric}.value {rule}"))
        })
        .collect()
    }

    fn get(report: &Report) -> Option<&Performance> {
        report.performance.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.performance = Some(self);
    }
}

/// Why the model checks cannot run without a target and the model's outputs.
pub(crate) fn needs_model_outputs(config: &Config) -> Result<(), String> {
    let r = &config.roles;
    if r.target.is_none() {
        return Err("it needs a target column (roles.target, --target)".into());
    }
    if r.prediction.is_none() && r.score.is_none() {
        return Err("it needs the model's prediction or score column (roles.prediction or roles.score)".into());
    }
    Ok(())
}
