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

mod classification;
mod criteria;
mod regression;

use classification::classification_comparison;
use criteria::decide;
use regression::regression_comparison;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::checks::fairness::grouping_of;
use crate::checks::join::{join, keys};
use crate::checks::label::Condition;
use crate::checks::metric::Metric;
use crate::checks::outcomes::analysed_input;
use crate::checks::performance::{is_regression_target, options, sort_labels};
use crate::checks::segments::bin_feature;
use crate::checks::{Check, Context, Inputs, Slot};
use crate::config::Preset;
use crate::config::{Config, Criterion};
use crate::data::Dataset;
use crate::gates::{lookup, GateConfig};
use crate::progress::Progress;
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
    pub metric: Metric,
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
    /// The MLflow-style criterion applied (its `greater_is_better` filled in).
    pub criterion: Option<Criterion>,
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
    pub verdict: ComparisonVerdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonVerdict {
    /// Every metric passed (its criterion, or not significantly worse).
    AtLeastAsGood,
    /// A metric failed its criterion or is significantly worse.
    Worse,
    /// Nothing could be compared (`problem` says why).
    NothingCompared,
}

/// The rows being compared, aligned: candidate row, baseline row.
pub(super) struct Aligned<'a> {
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
        verdict: ComparisonVerdict::NothingCompared,
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
pub(super) fn slices_of(config: &Config, cd: &Dataset) -> Vec<(String, Vec<String>, Vec<Option<u32>>)> {
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
                out.push((
                    b.feature,
                    b.rules.iter().map(Condition::label).collect(),
                    b.codes.into_iter().map(|c| c.map(u32::from)).collect(),
                ));
            }
        }
    }
    out
}

pub(super) type Side<'a> = (Option<&'a str>, Option<&'a str>, bool);
pub(super) fn metric_row(
    key: Metric,
    baseline: f64,
    candidate: f64,
    draws: Option<&[f64]>,
    test: &str,
    p: Option<f64>,
    alpha: f64,
) -> MetricComparison {
    let better = key.greater_is_better();
    let delta = candidate - baseline;
    let ci = draws.and_then(|d| {
        Some([crate::stats::quantile::quantile_sorted(d, 0.025)?, crate::stats::quantile::quantile_sorted(d, 0.975)?])
    });
    let bad = if better { delta < 0.0 } else { delta > 0.0 };
    let worse = bad && p.is_some_and(|p| p < alpha);
    MetricComparison {
        metric: key,
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
/// BH over every slice tested; keeps those where the candidate does worse.
pub(super) fn finish_slices(
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
