//! # Model comparison: is the new model (candidate) at least as good as the old one (baseline)?
//!
//! **Inputs.** Either one file holding both models' outputs next to the target
//! (`comparison.baseline_prediction` / `baseline_score` beside `roles.prediction` / `score`), or a
//! `baseline` input with the old model's outputs joined to the analysed input by id
//! (`comparison.id`, default `roles.id`; see `join.rs` for duplicates and one-sided ids, which are
//! counted, never dropped silently). The target comes from the candidate's row, else the
//! baseline's.
//!
//! **What it does.** Every metric of the model-quality check for both models on the same rows,
//! the delta (candidate − baseline) with a 95 % paired-bootstrap interval, and a paired test:
//! McNemar for accuracy (`stats/mcnemar.rs`), DeLong for ROC AUC (`stats/delong.rs`), the
//! Wilcoxon signed-rank test for MAE (`stats/wilcoxon.rs`) and a seeded paired bootstrap for the
//! rest (`stats/bootstrap.rs`: p = 2·min(share of deltas ≤ 0, share ≥ 0); resamples and seed
//! from `performance`). Regression also gets the paired t-test on the absolute errors.
//! Classification: the flip matrix (both right, only one right, both wrong) and the churn of
//! decisions. Slices (groups of each sensitive attribute, and with `slice_features` the
//! segments of each feature as the weak-segment search cuts them) where the candidate is
//! significantly worse: McNemar (accuracy) or Wilcoxon (MAE) per slice, Benjamini–Hochberg over
//! all slices tested; slices smaller than `fairness.min_group_size` are not tested.
//!
//! **Verdict.** A metric passes unless the candidate is significantly worse (delta in the bad
//! direction, p < `alpha`), or — when `comparison.criteria` names the metric — by MLflow's
//! `MetricThreshold` rules: `threshold` (candidate ≥ it, ≤ for losses), `min_absolute_change`
//! (candidate − baseline > it, or baseline − candidate for losses), `min_relative_change` (the
//! same relative to |baseline|). Negative changes are allowed here: "may lose at most 0.01".
//! **Reference.** statsmodels `mcnemar`, scipy `wilcoxon` / `ttest_rel`, sklearn metrics, a
//! committed DeLong script, a numpy paired bootstrap (`tests/it/comparison_matches_reference.rs`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::checks::fairness::grouping_of;
use crate::checks::join::{join, keys};
use crate::checks::outcomes::analysed_input;
use crate::checks::performance::{is_regression_target, options, sort_labels};
use crate::checks::segments::bin_feature;
use crate::checks::{Check, Context, Inputs, Slot};
use crate::config::Preset;
use crate::config::{Config, Criterion};
use crate::data::Dataset;
use crate::gates::{lookup, GateConfig};
use crate::progress::Progress;
use crate::report::fmt_num;
use crate::report::Report;
use crate::stats::benjamini_hochberg::benjamini_hochberg;
use crate::stats::bootstrap::{self, p_value_of_zero};
use crate::stats::classification::{averages, balanced_accuracy, class_scores, confusion_weighted};
use crate::stats::delong::delong;
use crate::stats::mcnemar::mcnemar;
use crate::stats::probabilistic::{average_precision_sorted, brier_terms, log_loss_terms, weighted_mean};
use crate::stats::regression::regression_weighted;
use crate::stats::roc_auc::{ascending, roc_auc_sorted};
use crate::stats::t_test::paired_t_test;
use crate::stats::wilcoxon::wilcoxon;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MetricComparison {
    pub metric: String,
    pub baseline: f64,
    pub candidate: f64,
    /// candidate − baseline.
    pub delta: f64,
    /// 95 % paired-bootstrap interval of the delta.
    pub ci: Option<[f64; 2]>,
    pub greater_is_better: bool,
    /// `mcnemar`, `delong`, `wilcoxon` or `paired_bootstrap`.
    pub test: String,
    pub p_value: Option<f64>,
    /// The delta points the bad way and p < alpha.
    pub worse: bool,
    /// The MLflow-style criterion applied, in words.
    pub criterion: Option<String>,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PairedTest {
    pub test: String,
    /// What it compares, e.g. "accuracy" or "absolute error".
    pub on: String,
    pub statistic: f64,
    pub p_value: f64,
    /// McNemar's exact binomial / Wilcoxon's exact distribution was used.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub exact: Option<bool>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Flips {
    pub both_correct: u64,
    pub baseline_only_correct: u64,
    pub candidate_only_correct: u64,
    pub both_wrong: u64,
}

/// Rows whose decision changed between the models.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Churn {
    pub rows: u64,
    pub share: f64,
    /// Binary: negative → positive and positive → negative.
    pub to_positive: u64,
    pub to_negative: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SliceComparison {
    /// The attribute or feature.
    pub attribute: String,
    pub slice: String,
    pub rows: u64,
    /// The slice metric (`slice_metric`) of each model.
    pub baseline: f64,
    pub candidate: f64,
    pub delta: f64,
    pub p_value: f64,
    /// Benjamini–Hochberg over every slice tested.
    pub p_adjusted: f64,
    pub worse: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PerSide {
    pub baseline: u64,
    pub candidate: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    /// `binary`, `multiclass` or `regression`.
    pub task: String,
    /// Where each model's outputs come from.
    pub baseline: String,
    pub candidate: String,
    /// Why nothing could be compared (a missing column or key), when so.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
    /// Keys on both sides (one file: its rows).
    pub rows_matched: u64,
    pub baseline_only: u64,
    pub candidate_only: u64,
    pub duplicate_ids: PerSide,
    pub missing_ids: PerSide,
    /// Matched rows with the target and both models' outputs: what is compared.
    pub rows: u64,
    pub alpha: f64,
    pub metrics: Vec<MetricComparison>,
    pub tests: Vec<PairedTest>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flips: Option<Flips>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub churn: Option<Churn>,
    /// `accuracy` or `mae`: what the slices compare.
    pub slice_metric: String,
    pub slices_tested: u64,
    /// Slices where the candidate does worse, most significant first (at most `segments.top`).
    pub slices: Vec<SliceComparison>,
    /// Every metric passed.
    pub passed: bool,
    /// One sentence: at least as good, or not and why.
    pub verdict: String,
}

/// Whether a higher value of `metric` is better.
pub fn greater_is_better(metric: &str) -> bool {
    !matches!(metric, "log_loss" | "brier_score" | "mae" | "rmse" | "mape" | "expected_calibration_error")
}

/// The rows being compared, aligned: candidate row, baseline row.
struct Aligned<'a> {
    cand: &'a Dataset,
    base: &'a Dataset,
    /// (candidate row, baseline row).
    pairs: Vec<(usize, usize)>,
}

impl Aligned<'_> {
    fn texts(&self, column: Option<&str>, from_base: bool) -> Option<Vec<Option<String>>> {
        let d = if from_base { self.base } else { self.cand };
        let i = d.column_index(column?)?;
        let rows: Vec<usize> = self.pairs.iter().map(|p| if from_base { p.1 } else { p.0 }).collect();
        Some(d.texts_at(i, &rows))
    }

    fn numbers(&self, column: Option<&str>, from_base: bool) -> Option<Vec<Option<f64>>> {
        let d = if from_base { self.base } else { self.cand };
        let i = d.column_index(column?)?;
        let rows: Vec<usize> = self.pairs.iter().map(|p| if from_base { p.1 } else { p.0 }).collect();
        Some(d.numbers_at(i, &rows))
    }

    /// The target per pair: the candidate's value, else the baseline's.
    fn target_texts(&self, target: &str) -> Vec<Option<String>> {
        let c = self.texts(Some(target), false);
        let b = self.texts(Some(target), true).filter(|_| !std::ptr::eq(self.cand, self.base));
        (0..self.pairs.len())
            .map(|k| c.as_ref().and_then(|c| c[k].clone()).or_else(|| b.as_ref().and_then(|b| b[k].clone())))
            .collect()
    }
}

fn empty(task: &str, baseline: String, candidate: String, problem: Option<String>, alpha: f64) -> Comparison {
    Comparison {
        task: task.into(),
        baseline,
        candidate,
        problem,
        rows_matched: 0,
        baseline_only: 0,
        candidate_only: 0,
        duplicate_ids: PerSide::default(),
        missing_ids: PerSide::default(),
        rows: 0,
        alpha,
        metrics: Vec::new(),
        tests: Vec::new(),
        flips: None,
        churn: None,
        slice_metric: String::new(),
        slices_tested: 0,
        slices: Vec::new(),
        passed: false,
        verdict: String::new(),
    }
}

/// The comparison; `None` when none is asked for (no baseline input and no baseline column).
pub fn comparison(config: &Config, inputs: &Inputs) -> Option<Comparison> {
    let r = &config.roles;
    let c = &config.comparison;
    let baseline_input = inputs.baseline.map(|d| (Slot::Baseline.name(), d));
    if baseline_input.is_none() && c.baseline_prediction.is_none() && c.baseline_score.is_none() {
        return None;
    }
    let has_output = |d: &Dataset| {
        [&r.prediction, &r.score].iter().any(|col| col.as_deref().is_some_and(|col| d.column_index(col).is_some()))
    };
    let candidate = analysed_input(config, inputs).or_else(|| {
        inputs
            .among(&[Slot::Current, Slot::Reference])
            .into_iter()
            .find(|(_, d)| has_output(d))
            .map(|(s, d)| (s.name(), d))
    });
    let outputs = |p: &Option<String>, s: &Option<String>| {
        [p.as_deref(), s.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
    };
    let cand_desc = |name: &str| format!("{name}: {}", outputs(&r.prediction, &r.score));
    let Some((cname, cd)) = candidate else {
        let why = "no input holds the candidate's prediction or score (roles.prediction / roles.score)";
        return Some(empty("", String::new(), String::new(), Some(why.into()), c.alpha));
    };
    let target = r.target.as_deref();
    // Where the baseline's outputs are, and the rows they pair with.
    let (bd, base_pred, base_score, aligned, joined) = match baseline_input {
        Some((_, bd)) => {
            let in_base = |first: &Option<String>, second: &Option<String>| {
                [first, second].into_iter().flatten().find(|col| bd.column_index(col).is_some()).cloned()
            };
            let (bp, bs) = (in_base(&c.baseline_prediction, &r.prediction), in_base(&c.baseline_score, &r.score));
            let desc = format!("baseline: {}", outputs(&bp, &bs));
            let ids = config.join_keys(&c.id);
            let problem = if ids.is_empty() {
                Some("set the id column (roles.id or comparison.id) to join the baseline's rows".to_string())
            } else if bp.is_none() && bs.is_none() {
                Some("the baseline input holds neither the prediction nor the score column".to_string())
            } else {
                None
            };
            if let Some(p) = problem {
                return Some(empty("", desc, cand_desc(cname), Some(p), c.alpha));
            }
            let (Some(ck), Some(bk)) = (keys(cd, &ids), keys(bd, &ids)) else {
                let p = format!("the id column(s) {} must exist in both inputs", ids.join(", "));
                return Some(empty("", desc, cand_desc(cname), Some(p), c.alpha));
            };
            let j = join(&ck, &bk);
            let a = Aligned { cand: cd, base: bd, pairs: j.pairs.clone() };
            (bd, bp, bs, a, Some(j))
        }
        None => {
            let missing: Vec<&String> = [&c.baseline_prediction, &c.baseline_score]
                .into_iter()
                .flatten()
                .filter(|col| cd.column_index(col).is_none())
                .collect();
            if !missing.is_empty() {
                let list = missing.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ");
                let p =
                    format!("the {cname} input has no column {list} (comparison.baseline_prediction / baseline_score)");
                return Some(empty("", String::new(), cand_desc(cname), Some(p), c.alpha));
            }
            let pairs = (0..cd.rows as usize).map(|i| (i, i)).collect();
            (cd, c.baseline_prediction.clone(), c.baseline_score.clone(), Aligned { cand: cd, base: cd, pairs }, None)
        }
    };
    let base_desc = if joined.is_some() {
        format!("baseline input: {}", outputs(&base_pred, &base_score))
    } else {
        format!("{cname}: {}", outputs(&base_pred, &base_score))
    };
    let Some(target) = target.filter(|t| cd.column_index(t).is_some() || bd.column_index(t).is_some()) else {
        let p = "the target column (roles.target) is in neither input".to_string();
        return Some(empty("", base_desc, cand_desc(cname), Some(p), c.alpha));
    };
    let mut out = empty("", base_desc, cand_desc(cname), None, c.alpha);
    match &joined {
        Some(j) => {
            out.rows_matched = j.pairs.len() as u64;
            out.candidate_only = j.left_only;
            out.baseline_only = j.right_only;
            out.duplicate_ids = PerSide { candidate: j.duplicate_ids.left, baseline: j.duplicate_ids.right };
            out.missing_ids = PerSide { candidate: j.missing_ids.left, baseline: j.missing_ids.right };
        }
        None => out.rows_matched = cd.rows,
    }
    let regression = {
        let (d, i) = match cd.column_index(target) {
            Some(i) => (cd, i),
            None => (bd, bd.column_index(target)?),
        };
        is_regression_target(d, i)
    };
    let sides =
        [(base_pred.as_deref(), base_score.as_deref(), true), (r.prediction.as_deref(), r.score.as_deref(), false)];
    if regression {
        regression_comparison(config, &aligned, target, &sides, &mut out);
    } else {
        classification_comparison(config, &aligned, target, &sides, &mut out);
    }
    decide(&c.criteria, &mut out);
    Some(out)
}

/// Per compared row: its candidate row (for slices).
fn slices_of(config: &Config, cd: &Dataset) -> Vec<(String, Vec<String>, Vec<Option<u32>>)> {
    let mut out = Vec::new();
    for a in &config.roles.sensitive {
        if let Some(g) = grouping_of(cd, a, config.fairness.bins.get(a)) {
            out.push((g.name, g.labels, g.codes));
        }
    }
    if config.comparison.slice_features {
        let s = &config.segments;
        for f in config.roles.features.iter().filter(|f| !config.roles.sensitive.contains(f)) {
            if let Some(b) = bin_feature(cd, f, s.max_categories, s.numeric_bins) {
                out.push((b.feature, b.rules, b.codes.into_iter().map(|c| c.map(u32::from)).collect()));
            }
        }
    }
    out
}

type Side<'a> = (Option<&'a str>, Option<&'a str>, bool);

fn classification_comparison(config: &Config, a: &Aligned, target: &str, sides: &[Side; 2], out: &mut Comparison) {
    let truth = a.target_texts(target);
    let preds: Vec<Option<Vec<Option<String>>>> = sides.iter().map(|(p, _, b)| a.texts(*p, *b)).collect();
    let scores: Vec<Option<Vec<Option<f64>>>> = sides.iter().map(|(_, s, b)| a.numbers(*s, *b)).collect();
    let mut labels: BTreeSet<String> = truth.iter().flatten().cloned().collect();
    for p in preds.iter().flatten() {
        labels.extend(p.iter().flatten().cloned());
    }
    let mut labels: Vec<String> = labels.into_iter().collect();
    sort_labels(&mut labels);
    let binary = labels.len() == 2;
    out.task = if labels.len() <= 2 { "binary" } else { "multiclass" }.into();
    // `None`: a score that is not a probability and no threshold in its units (no decisions).
    let threshold = config.roles.threshold;
    let index = |v: &str| labels.iter().position(|l| l == v);
    let decision = |k: usize, row: usize| -> Option<usize> {
        match &preds[k] {
            Some(p) => p[row].as_deref().and_then(index),
            None if binary => {
                let s = scores[k].as_ref()?[row].filter(|s| s.is_finite())?;
                Some(usize::from(s >= threshold?))
            }
            None => None,
        }
    };
    // Compared rows: target and both decisions known.
    let (mut rows, mut t, mut p0, mut p1) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for row in 0..truth.len() {
        let (Some(y), Some(d0), Some(d1)) = (truth[row].as_deref().and_then(index), decision(0, row), decision(1, row))
        else {
            continue;
        };
        rows.push(row);
        t.push(y);
        p0.push(d0);
        p1.push(d1);
    }
    out.rows = rows.len() as u64;
    if rows.is_empty() {
        out.problem = Some(if config.roles.threshold.is_none() {
            "no row has the target and both models' outputs: a score that is not a probability needs roles.threshold in its units".into()
        } else {
            "no row has the target and both models' outputs".into()
        });
        return;
    }
    let mut flips = Flips::default();
    let mut churn = Churn { rows: 0, share: 0.0, to_positive: 0, to_negative: 0 };
    for k in 0..rows.len() {
        match (p0[k] == t[k], p1[k] == t[k]) {
            (true, true) => flips.both_correct += 1,
            (true, false) => flips.baseline_only_correct += 1,
            (false, true) => flips.candidate_only_correct += 1,
            (false, false) => flips.both_wrong += 1,
        }
        if p0[k] != p1[k] {
            churn.rows += 1;
            if binary && p1[k] == 1 {
                churn.to_positive += 1;
            } else if binary {
                churn.to_negative += 1;
            }
        }
    }
    churn.share = churn.rows as f64 / rows.len() as f64;
    out.flips = Some(flips);
    out.churn = Some(churn);
    let (stat, p_mcnemar, exact) = mcnemar(flips.baseline_only_correct, flips.candidate_only_correct);
    out.tests.push(PairedTest {
        test: "mcnemar".into(),
        on: "accuracy".into(),
        statistic: stat,
        p_value: p_mcnemar,
        exact: Some(exact),
    });
    // Score columns on the compared rows; score metrics use rows where both are finite.
    let score_at = |k: usize| -> Option<Vec<f64>> {
        let s = scores[k].as_ref()?;
        Some(rows.iter().map(|&r| s[r].filter(|v| v.is_finite()).unwrap_or(f64::NAN)).collect())
    };
    let both_scores = match (score_at(0), score_at(1)) {
        (Some(a), Some(b)) if binary => Some((a, b)),
        _ => None,
    };
    let mut keys: Vec<&str> = vec!["accuracy", "balanced_accuracy"];
    if binary {
        keys.extend(["precision", "recall", "f1"]);
    } else {
        keys.extend(["precision_macro", "recall_macro", "f1_macro"]);
    }
    let mut p_delong = None;
    let scored: Vec<usize> = match &both_scores {
        Some((s0, s1)) => (0..rows.len()).filter(|&k| s0[k].is_finite() && s1[k].is_finite()).collect(),
        None => Vec::new(),
    };
    if let Some((s0, s1)) = &both_scores {
        let ys: Vec<bool> = scored.iter().map(|&k| t[k] == 1).collect();
        let (a0, a1): (Vec<f64>, Vec<f64>) = scored.iter().map(|&k| (s0[k], s1[k])).unzip();
        if let Some(d) = delong(&a0, &a1, &ys) {
            out.tests.push(PairedTest {
                test: "delong".into(),
                on: "roc_auc".into(),
                statistic: d.z,
                p_value: d.p_value,
                exact: None,
            });
            p_delong = Some(d.p_value);
            keys.extend(["roc_auc", "average_precision"]);
            // Log loss and the Brier score read a score as a probability: only for scores in [0, 1].
            let probability = |s: &[f64]| crate::checks::outcomes::is_probability(scored.iter().map(|&k| s[k]));
            if probability(s0) && probability(s1) {
                keys.extend(["log_loss", "brier_score"]);
            }
        }
    }
    let model = Model::new(
        t.clone(),
        [p0.clone(), p1.clone()],
        both_scores.as_ref().map(|(a, b)| [a.as_slice(), b.as_slice()]),
        &scored,
        labels.len(),
    );
    let evaluate = |m: &Model, w: &[f64], k: usize| m.metrics(&keys, w, k);
    let ones = vec![1.0; rows.len()];
    let values = [evaluate(&model, &ones, 0), evaluate(&model, &ones, 1)];
    // Paired bootstrap of every delta (a subset of rows above bootstrap_max_rows).
    let opts = options(&config.performance);
    let sub = bootstrap::rows(rows.len(), &opts);
    let full: Vec<f64> = values[1].iter().zip(&values[0]).map(|(c, b)| c - b).collect();
    let sub_model;
    let m_ref = if sub.len() == rows.len() {
        &model
    } else {
        let st: Vec<usize> = sub.iter().map(|&k| t[k]).collect();
        let (q0, q1): (Vec<usize>, Vec<usize>) = sub.iter().map(|&k| (p0[k], p1[k])).unzip();
        let ss = both_scores.as_ref().map(|(a, b)| {
            (sub.iter().map(|&k| a[k]).collect::<Vec<f64>>(), sub.iter().map(|&k| b[k]).collect::<Vec<f64>>())
        });
        let sscored: Vec<usize> = match &ss {
            Some((a, b)) => (0..sub.len()).filter(|&k| a[k].is_finite() && b[k].is_finite()).collect(),
            None => Vec::new(),
        };
        sub_model =
            Model::new(st, [q0, q1], ss.as_ref().map(|(a, b)| [a.as_slice(), b.as_slice()]), &sscored, labels.len());
        &sub_model
    };
    let subset: Vec<f64> = if sub.len() == rows.len() {
        full.clone()
    } else {
        let w = vec![1.0; sub.len()];
        evaluate(m_ref, &w, 1).iter().zip(evaluate(m_ref, &w, 0)).map(|(c, b)| c - b).collect()
    };
    let draws = bootstrap::draws(rows.len(), sub.len(), &opts, &full, &subset, |w| {
        evaluate(m_ref, w, 1).iter().zip(evaluate(m_ref, w, 0)).map(|(c, b)| c - b).collect()
    });
    for (j, key) in keys.iter().enumerate() {
        let d = draws[j].as_deref();
        let (test, p) = match *key {
            "accuracy" => ("mcnemar", Some(p_mcnemar)),
            "roc_auc" => ("delong", p_delong),
            _ => ("paired_bootstrap", d.and_then(p_value_of_zero)),
        };
        out.metrics.push(metric_row(key, values[0][j], values[1][j], d, test, p, out.alpha));
    }
    // Slices: McNemar on accuracy per slice.
    out.slice_metric = "accuracy".into();
    let cand_rows: Vec<usize> = rows.iter().map(|&k| a.pairs[k].0).collect();
    let correct: Vec<(bool, bool)> = (0..rows.len()).map(|k| (p0[k] == t[k], p1[k] == t[k])).collect();
    let min = config.fairness.min_group_size.max(2);
    let mut found = Vec::new();
    for (attribute, labels, codes) in slices_of(config, a.cand) {
        let mut per: Vec<[u64; 4]> = vec![[0; 4]; labels.len()];
        for (k, &row) in cand_rows.iter().enumerate() {
            if let Some(code) = codes.get(row).copied().flatten() {
                let cell = &mut per[code as usize];
                let (b, c) = correct[k];
                cell[usize::from(!b) * 2 + usize::from(!c)] += 1;
            }
        }
        for (label, cell) in labels.iter().zip(per) {
            let n: u64 = cell.iter().sum();
            if n < min {
                continue;
            }
            let (base_ok, cand_ok) = ((cell[0] + cell[1]) as f64 / n as f64, (cell[0] + cell[2]) as f64 / n as f64);
            let (_, p, _) = mcnemar(cell[1], cell[2]);
            found.push((attribute.clone(), label.clone(), n, base_ok, cand_ok, p));
        }
    }
    finish_slices(config, out, found, true);
}

/// Per-row data of both models over a set of rows, so each bootstrap resample is a weighted sum.
struct Model {
    truth: Vec<usize>,
    preds: [Vec<usize>; 2],
    labels: usize,
    /// Rows (indices into `truth`) with both scores finite.
    scored: Vec<usize>,
    /// Per model: `scored` positions in ascending score order, the sorted scores and labels.
    order: [Vec<usize>; 2],
    sorted: [(Vec<f64>, Vec<bool>); 2],
    /// Per model: log-loss and Brier terms of the scored rows.
    terms: [(Vec<f64>, Vec<f64>); 2],
}

impl Model {
    fn new(
        truth: Vec<usize>,
        preds: [Vec<usize>; 2],
        scores: Option<[&[f64]; 2]>,
        scored: &[usize],
        labels: usize,
    ) -> Self {
        let ys: Vec<bool> = scored.iter().map(|&k| truth[k] == 1).collect();
        let per = |s: &[f64]| {
            let v: Vec<f64> = scored.iter().map(|&k| s[k]).collect();
            let order = ascending(&v);
            let sorted = (order.iter().map(|&j| v[j]).collect(), order.iter().map(|&j| ys[j]).collect());
            let terms = (log_loss_terms(&v, &ys), brier_terms(&v, &ys));
            (order, sorted, terms)
        };
        let (o0, s0, t0, o1, s1, t1) = match scores {
            Some([a, b]) => {
                let (o0, s0, t0) = per(a);
                let (o1, s1, t1) = per(b);
                (o0, s0, t0, o1, s1, t1)
            }
            None => Default::default(),
        };
        Model { truth, preds, labels, scored: scored.to_vec(), order: [o0, o1], sorted: [s0, s1], terms: [t0, t1] }
    }

    /// The metrics `keys` of model `k` with row weights `w`.
    fn metrics(&self, keys: &[&str], w: &[f64], k: usize) -> Vec<f64> {
        let m = confusion_weighted(&self.truth, &self.preds[k], w, self.labels);
        let two = self.labels == 2;
        let (macro_, _) = if two { ([0.0; 3], [0.0; 3]) } else { averages(&m) };
        let needs_scores =
            keys.iter().any(|k| matches!(*k, "roc_auc" | "average_precision" | "log_loss" | "brier_score"));
        let ws: Vec<f64> = if needs_scores { self.scored.iter().map(|&j| w[j]).collect() } else { Vec::new() };
        let sorted_w: Vec<f64> = if needs_scores { self.order[k].iter().map(|&j| ws[j]).collect() } else { Vec::new() };
        let total: f64 = w.iter().sum();
        keys.iter()
            .map(|key| {
                let v = match *key {
                    "accuracy" => Some((0..self.labels).map(|c| m[c][c]).sum::<f64>() / total),
                    "balanced_accuracy" => Some(balanced_accuracy(&m)),
                    "precision" if two => Some(class_scores(&m, 1).0),
                    "recall" if two => Some(class_scores(&m, 1).1),
                    "f1" if two => Some(class_scores(&m, 1).2),
                    "precision_macro" => Some(macro_[0]),
                    "recall_macro" => Some(macro_[1]),
                    "f1_macro" => Some(macro_[2]),
                    "roc_auc" => roc_auc_sorted(&self.sorted[k].0, &self.sorted[k].1, &sorted_w),
                    "average_precision" => average_precision_sorted(&self.sorted[k].0, &self.sorted[k].1, &sorted_w),
                    "log_loss" => weighted_mean(&self.terms[k].0, &ws),
                    "brier_score" => weighted_mean(&self.terms[k].1, &ws),
                    _ => None,
                };
                v.unwrap_or(f64::NAN)
            })
            .collect()
    }
}

fn metric_row(
    key: &str,
    baseline: f64,
    candidate: f64,
    draws: Option<&[f64]>,
    test: &str,
    p: Option<f64>,
    alpha: f64,
) -> MetricComparison {
    let better = greater_is_better(key);
    let delta = candidate - baseline;
    let ci = draws.and_then(|d| {
        Some([crate::stats::quantile::quantile_sorted(d, 0.025)?, crate::stats::quantile::quantile_sorted(d, 0.975)?])
    });
    let bad = if better { delta < 0.0 } else { delta > 0.0 };
    let worse = bad && p.is_some_and(|p| p < alpha);
    MetricComparison {
        metric: key.to_string(),
        baseline,
        candidate,
        delta,
        ci,
        greater_is_better: better,
        test: test.to_string(),
        p_value: p,
        worse,
        criterion: None,
        passed: !worse,
    }
}

fn regression_comparison(config: &Config, a: &Aligned, target: &str, sides: &[Side; 2], out: &mut Comparison) {
    out.task = "regression".into();
    let truth = a.numbers(Some(target), false).filter(|_| a.cand.column_index(target).is_some());
    let truth = truth.or_else(|| a.numbers(Some(target), true)).unwrap_or_default();
    let preds: Vec<Option<Vec<Option<f64>>>> = sides.iter().map(|(p, _, b)| a.numbers(*p, *b)).collect();
    let (Some(q0), Some(q1)) = (&preds[0], &preds[1]) else {
        out.problem = Some("a regression comparison needs both models' prediction columns".into());
        return;
    };
    let (mut rows, mut y, mut p0, mut p1) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for k in 0..truth.len() {
        let fin = |v: Option<f64>| v.filter(|x| x.is_finite());
        if let (Some(t), Some(b), Some(c)) = (fin(truth[k]), fin(q0[k]), fin(q1[k])) {
            rows.push(k);
            y.push(t);
            p0.push(b);
            p1.push(c);
        }
    }
    out.rows = rows.len() as u64;
    if rows.len() < 2 {
        out.problem = Some("fewer than two rows have the target and both models' predictions".into());
        return;
    }
    let e0: Vec<f64> = y.iter().zip(&p0).map(|(t, p)| (t - p).abs()).collect();
    let e1: Vec<f64> = y.iter().zip(&p1).map(|(t, p)| (t - p).abs()).collect();
    let w = wilcoxon(&e1, &e0);
    if let Some(w) = w {
        out.tests.push(PairedTest {
            test: "wilcoxon".into(),
            on: "absolute error".into(),
            statistic: w.statistic,
            p_value: w.p_value,
            exact: Some(w.exact),
        });
    }
    if let Some((t, p)) = paired_t_test(&e1, &e0) {
        out.tests.push(PairedTest {
            test: "paired_t".into(),
            on: "absolute error".into(),
            statistic: t,
            p_value: p,
            exact: None,
        });
    }
    let keys = ["mae", "rmse", "r2", "mape"];
    let values = |ys: &[f64], p: &[f64], w: &[f64]| -> Vec<f64> {
        regression_weighted(ys, p, w).map_or(vec![f64::NAN; 4], |r| vec![r.mae, r.rmse, r.r2, r.mape])
    };
    let ones = vec![1.0; y.len()];
    let (v0, v1) = (values(&y, &p0, &ones), values(&y, &p1, &ones));
    let opts = options(&config.performance);
    let sub = bootstrap::rows(y.len(), &opts);
    let pick = |v: &[f64]| sub.iter().map(|&k| v[k]).collect::<Vec<f64>>();
    let (sy, s0, s1) = (pick(&y), pick(&p0), pick(&p1));
    let delta =
        |w: &[f64]| -> Vec<f64> { values(&sy, &s1, w).iter().zip(values(&sy, &s0, w)).map(|(c, b)| c - b).collect() };
    let full: Vec<f64> = v1.iter().zip(&v0).map(|(c, b)| c - b).collect();
    let subset = if sub.len() == y.len() { full.clone() } else { delta(&vec![1.0; sub.len()]) };
    let draws = bootstrap::draws(y.len(), sub.len(), &opts, &full, &subset, delta);
    for (j, key) in keys.iter().enumerate() {
        let d = draws[j].as_deref();
        let (test, p) = match *key {
            "mae" => ("wilcoxon", w.map(|w| w.p_value)),
            _ => ("paired_bootstrap", d.and_then(p_value_of_zero)),
        };
        out.metrics.push(metric_row(key, v0[j], v1[j], d, test, p, out.alpha));
    }
    // Slices: Wilcoxon on the absolute errors per slice.
    out.slice_metric = "mae".into();
    let min = config.fairness.min_group_size.max(2) as usize;
    let mut found = Vec::new();
    for (attribute, labels, codes) in slices_of(config, a.cand) {
        let mut per: Vec<Vec<usize>> = vec![Vec::new(); labels.len()];
        for (k, &row) in rows.iter().enumerate() {
            if let Some(code) = codes.get(a.pairs[row].0).copied().flatten() {
                per[code as usize].push(k);
            }
        }
        for (label, members) in labels.iter().zip(per) {
            if members.len() < min {
                continue;
            }
            let (b, c): (Vec<f64>, Vec<f64>) = members.iter().map(|&k| (e0[k], e1[k])).unzip();
            let n = members.len() as f64;
            let (mb, mc) = (b.iter().sum::<f64>() / n, c.iter().sum::<f64>() / n);
            let p = wilcoxon(&c, &b).map_or(1.0, |w| w.p_value);
            found.push((attribute.clone(), label.clone(), members.len() as u64, mb, mc, p));
        }
    }
    finish_slices(config, out, found, false);
}

/// BH over every slice tested; keeps those where the candidate does worse.
fn finish_slices(
    config: &Config,
    out: &mut Comparison,
    found: Vec<(String, String, u64, f64, f64, f64)>,
    higher_better: bool,
) {
    out.slices_tested = found.len() as u64;
    let adjusted = benjamini_hochberg(&found.iter().map(|f| f.5).collect::<Vec<_>>());
    let mut slices: Vec<SliceComparison> = found
        .into_iter()
        .zip(adjusted)
        .map(|((attribute, slice, rows, baseline, candidate, p_value), p_adjusted)| {
            let delta = candidate - baseline;
            let bad = if higher_better { delta < 0.0 } else { delta > 0.0 };
            SliceComparison {
                attribute,
                slice,
                rows,
                baseline,
                candidate,
                delta,
                p_value,
                p_adjusted,
                worse: bad && p_adjusted < config.comparison.alpha,
            }
        })
        .filter(|s| if higher_better { s.delta < 0.0 } else { s.delta > 0.0 })
        .collect();
    slices.sort_by(|a, b| a.p_adjusted.total_cmp(&b.p_adjusted).then(a.p_value.total_cmp(&b.p_value)));
    slices.truncate(config.segments.top);
    out.slices = slices;
}

/// Applies the criteria (MLflow's semantics) and writes the verdict.
fn decide(criteria: &[Criterion], out: &mut Comparison) {
    for m in &mut out.metrics {
        let Some(c) = criteria.iter().find(|c| c.metric == m.metric) else { continue };
        let better = c.greater_is_better.unwrap_or(m.greater_is_better);
        let gain = if better { m.delta } else { -m.delta };
        let mut parts = Vec::new();
        let mut ok = true;
        if let Some(t) = c.threshold {
            ok &= if better { m.candidate >= t } else { m.candidate <= t };
            parts.push(format!("{} {}", if better { "≥" } else { "≤" }, fmt_num(t)));
        }
        if let Some(d) = c.min_absolute_change {
            ok &= gain > d;
            parts.push(format!("change > {}", fmt_num(d)));
        }
        if let Some(d) = c.min_relative_change {
            ok &= gain > d * m.baseline.abs();
            parts.push(format!("relative change > {}", fmt_num(d)));
        }
        m.criterion = Some(parts.join(", "));
        m.passed = ok;
    }
    if out.problem.is_some() {
        out.passed = false;
        out.verdict = "Nothing was compared.".into();
        return;
    }
    let failed: Vec<&MetricComparison> = out.metrics.iter().filter(|m| !m.passed).collect();
    out.passed = failed.is_empty() && !out.metrics.is_empty();
    let worse_slices = out.slices.iter().filter(|s| s.worse).count();
    let mut verdict = if out.passed {
        "The candidate is at least as good as the baseline on every metric.".to_string()
    } else {
        let reasons: Vec<String> = failed
            .iter()
            .map(|m| {
                let why = match (&m.criterion, m.p_value) {
                    (Some(c), _) => format!("criterion {c} not met"),
                    (None, Some(p)) => format!("significantly worse, p = {}", fmt_num(p)),
                    (None, None) => "worse".into(),
                };
                format!("{} {} → {} ({why})", m.metric, fmt_num(m.baseline), fmt_num(m.candidate))
            })
            .collect();
        format!("The candidate is worse than the baseline: {}.", reasons.join("; "))
    };
    if worse_slices > 0 {
        let first = &out.slices[0];
        let name = if first.slice.starts_with(&first.attribute) {
            first.slice.clone()
        } else {
            format!("{} = {}", first.attribute, first.slice)
        };
        verdict.push_str(&format!(
            " It is significantly worse in {worse_slices} slice{} (e.g. {name}).",
            if worse_slices == 1 { "" } else { "s" }
        ));
    }
    out.verdict = verdict;
}

impl Check for Comparison {
    const KEY: &'static str = "comparison";
    const PRESETS: &'static [Preset] = &[Preset::ModelComparison];

    fn needs(cx: &Context) -> Result<(), String> {
        let c = &cx.config.comparison;
        if cx.inputs.baseline.is_none() && c.baseline_prediction.is_none() && c.baseline_score.is_none() {
            return Err("it needs the old model's outputs: a baseline input (--baseline) or comparison.baseline_prediction / baseline_score".into());
        }
        Ok(())
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Comparison> {
        comparison(cx.config, &cx.inputs)
    }

    fn default_gates(_config: &Config, report: &Value) -> Vec<GateConfig> {
        let mut out = vec![GateConfig::new("Candidate at least as good as the baseline", "comparison.passed == true")];
        if !lookup(report, "comparison.metrics[roc_auc].delta").is_empty() {
            out.push(GateConfig::new(
                "Candidate ROC AUC at most 0.01 below the baseline's",
                "comparison.metrics[roc_auc].delta >= -0.01",
            ));
        }
        out.push(GateConfig::new(
            "No slice where the candidate is significantly worse",
            "comparison.slices[*].worse == false",
        ));
        out
    }

    fn get(report: &Report) -> Option<&Comparison> {
        report.comparison.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.comparison = Some(self);
    }
}
