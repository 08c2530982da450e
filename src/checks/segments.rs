//! # Weak segments
//!
//! **What it does.** Finds where the model is worst without being told where to look. Every
//! feature is cut into bins — a category (the `max_categories` most frequent; the rest belong to
//! no bin), a missing-value bin, or for numbers with more than 10 distinct values a quantile range
//! (cuts at numpy's linear quantiles k/`numeric_bins`, right-closed like pandas' `qcut`:
//! "age ≤ 28", "28 < age ≤ 37", "age > 51"). Segments are every bin (1 feature) and every pair
//! of bins of two features (2 features) holding at least max(`min_support` × rows, `min_rows`,
//! `fairness.min_group_size`) rows.
//!
//! **Metric.** Classification: accuracy (the segment's error count against the rest's:
//! Fisher's exact test when a cell of the 2×2 table is below 5, else the pooled two-proportion
//! z-test; 95 % Wilson interval). Regression: MAE (Welch's t-test of the absolute errors against
//! the rest; interval mean ± 1.96·s/√n). The p-values of all tested segments are adjusted with
//! Benjamini–Hochberg; a segment is weak when it is worse than overall and its adjusted p is
//! below `alpha` (0.05). A 2-feature segment is kept only when it is worse than both of its
//! 1-feature parts (otherwise the single feature already says it). The `top` (10) weak segments
//! are reported, the largest gap first.
//!
//! **Reference.** The definition above, implemented independently with pandas, scipy and
//! statsmodels in `tests/fixtures/make_segments_fixtures.py`; same segments, counts, metrics and
//! p-values. Deepchecks' `WeakSegmentsPerformance` differs by design (it fits a decision tree
//! on the per-row loss of two features at a time and does no significance test).
//! The rows analysed are those of the current input when it holds the target and a prediction
//! or score, else the reference's.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::outcomes::{analysed_input, outcomes};
use super::performance::is_regression_target;
use crate::checks::label::{conjunction, Closed, Condition, Interval};
use crate::checks::performance::needs_model_outputs;
use crate::checks::Inputs;
use crate::checks::{Check, Context};
use crate::config::Config;
use crate::config::Preset;
use crate::data::{ColumnType, Dataset};
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::benjamini_hochberg::benjamini_hochberg;
use crate::stats::quantile::quantile_sorted;
use crate::stats::t_test::welch_from_moments;
use crate::stats::wilson::wilson;
use crate::stats::z_test::two_proportions;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Segment {
    /// The rule's label: `age ≤ 28 and hours_per_week > 45` (numbers as `checks::label` writes
    /// them; gates' `[…]` selectors match it).
    pub rule: String,
    /// The rule's conditions, all of which hold in the segment.
    pub conditions: Vec<Condition>,
    pub features: Vec<String>,
    pub n: u64,
    /// Share of the analysed rows.
    pub share: f64,
    /// Accuracy or MAE in the segment.
    pub metric: f64,
    pub ci: Option<[f64; 2]>,
    /// How much worse than overall (accuracy points lost, or MAE added).
    pub gap: f64,
    pub p_value: f64,
    pub p_value_adjusted: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Segments {
    pub input: String,
    /// `accuracy` or `mae`.
    pub metric: String,
    pub overall: f64,
    pub rows: u64,
    /// Smallest segment tested.
    pub min_rows: u64,
    /// Features searched.
    pub features: Vec<String>,
    /// Segments large enough to test.
    pub tested: u64,
    /// Weak segments found (before the `top` cut).
    pub weak: u64,
    pub alpha: f64,
    pub segments: Vec<Segment>,
}

/// One feature's bins: a code per row and a condition per code.
pub(crate) struct Binned {
    pub(crate) feature: String,
    /// Quantile ranges (not categories).
    pub(crate) ranges: bool,
    pub(crate) codes: Vec<Option<u16>>,
    pub(crate) rules: Vec<Condition>,
}

/// A segment's losses: their moments (mergeable, stable far from 0) and which rows they are.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    m: crate::stats::moments::Moments,
    /// Wrapping sum of the rows' hashes: equal for segments holding the same rows.
    rows: u64,
}

impl Moments {
    fn add(&mut self, x: f64, row_hash: u64) {
        self.m.push(x);
        self.rows = self.rows.wrapping_add(row_hash);
    }

    fn minus(&self, o: &Moments) -> Moments {
        Moments { m: self.m.minus(&o.m), rows: 0 }
    }

    fn n(&self) -> f64 {
        self.m.n()
    }

    fn sum(&self) -> f64 {
        self.m.sum()
    }

    fn mean(&self) -> f64 {
        self.m.mean()
    }

    /// (mean, variance with ddof 1, n).
    fn summary(&self) -> (f64, f64, f64) {
        (self.m.mean(), self.m.variance(), self.m.n())
    }
}

/// The analysed input, the metric name and each row's loss (1 = wrong / absolute error).
fn losses<'a>(config: &Config, inputs: &Inputs<'a>) -> Option<(&'a str, &'a Dataset, bool, Vec<Option<f64>>)> {
    let r = &config.roles;
    let target = r.target.as_deref()?;
    let (name, d) = analysed_input(config, inputs)?;
    let ti = d.column_index(target)?;
    if is_regression_target(d, ti) {
        let pi = d.column_index(r.prediction.as_deref()?)?;
        let (y, p) = (d.numbers(ti), d.numbers(pi));
        let loss = y
            .iter()
            .zip(&p)
            .map(|(y, p)| Some((p.filter(|v| v.is_finite())? - y.filter(|v| v.is_finite())?).abs()))
            .collect();
        return Some((name, d, true, loss));
    }
    if let Some(o) = outcomes(config, inputs) {
        let loss = o.rows.iter().map(|r| r.map(|(y, p, _)| f64::from(u8::from(y != p)))).collect();
        return Some((o.input, o.data, false, loss));
    }
    let pi = d.column_index(r.prediction.as_deref()?)?;
    let (truth, pred) = (d.texts(ti), d.texts(pi));
    let loss = truth.iter().zip(&pred).map(|(t, p)| Some(f64::from(u8::from(t.as_ref()? != p.as_ref()?)))).collect();
    Some((name, d, false, loss))
}

pub(crate) fn bin_feature(d: &Dataset, feature: &str, max_categories: usize, numeric_bins: usize) -> Option<Binned> {
    let i = d.column_index(feature)?;
    let mut rules = Vec::new();
    if matches!(d.columns[i].kind, ColumnType::Integer | ColumnType::Float) {
        let values = d.numbers(i);
        let mut sorted: Vec<f64> = values.iter().flatten().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let mut distinct = sorted.clone();
        distinct.dedup();
        if distinct.len() > 10 {
            let max = *sorted.last()?;
            let mut cuts: Vec<f64> = (1..numeric_bins)
                .filter_map(|k| quantile_sorted(&sorted, k as f64 / numeric_bins as f64))
                .filter(|&c| c < max)
                .collect();
            cuts.dedup();
            if cuts.is_empty() {
                return None;
            }
            for k in 0..=cuts.len() {
                let range =
                    Interval { lo: k.checked_sub(1).map(|j| cuts[j]), hi: cuts.get(k).copied(), closed: Closed::Right };
                rules.push(Condition::InRange { feature: feature.to_string(), range });
            }
            let missing = rules.len() as u16;
            rules.push(Condition::Missing { feature: feature.to_string() });
            let codes = values
                .iter()
                .map(|v| match v {
                    Some(x) if x.is_finite() => Some(cuts.partition_point(|&c| c < *x) as u16),
                    _ => Some(missing),
                })
                .collect();
            return Some(Binned { feature: feature.to_string(), ranges: true, codes, rules });
        }
    }
    let texts = d.texts(i);
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for t in texts.iter().flatten() {
        *counts.entry(t.as_str()).or_default() += 1;
    }
    let mut top: Vec<(&str, u64)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.truncate(max_categories);
    let index: HashMap<&str, u16> = top.iter().enumerate().map(|(k, (v, _))| (*v, k as u16)).collect();
    rules.extend(top.iter().map(|(v, _)| Condition::Equal { feature: feature.to_string(), value: v.to_string() }));
    let missing = rules.len() as u16;
    rules.push(Condition::Missing { feature: feature.to_string() });
    let codes = texts
        .iter()
        .map(|t| match t {
            Some(t) => index.get(t.as_str()).copied(),
            None => Some(missing),
        })
        .collect();
    Some(Binned { feature: feature.to_string(), ranges: false, codes, rules })
}

struct Candidate {
    features: Vec<usize>,
    bins: Vec<u16>,
    m: Moments,
}

pub fn segments(config: &Config, inputs: &Inputs) -> Option<Segments> {
    let c = &config.segments;
    if !c.enabled {
        return None;
    }
    let (name, d, regression, loss) = losses(config, inputs)?;
    let r = &config.roles;
    let features: Vec<&String> = r
        .features
        .iter()
        .filter(|f| ![&r.target, &r.prediction, &r.score, &r.id, &r.timestamp].iter().any(|s| s.as_deref() == Some(f)))
        .collect();
    let binned: Vec<Binned> =
        features.iter().filter_map(|f| bin_feature(d, f, c.max_categories, c.numeric_bins)).collect();
    // A 64-bit hash of each row number.
    let hashes: Vec<u64> = (0..loss.len() as u64).map(crate::stats::rng::nth).collect();
    let mut overall = Moments::default();
    for (l, h) in loss.iter().zip(&hashes) {
        if let Some(l) = l {
            overall.add(*l, *h);
        }
    }
    if overall.n() < 2.0 {
        return None;
    }
    let min_rows =
        (c.min_support * overall.n()).ceil().max(c.min_rows as f64).max(config.fairness.min_group_size as f64);
    // One pass per feature and per pair of features.
    let mut singles: Vec<Vec<Moments>> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (fi, b) in binned.iter().enumerate() {
        let mut m = vec![Moments::default(); b.rules.len()];
        for ((l, code), h) in loss.iter().zip(&b.codes).zip(&hashes) {
            if let (Some(l), Some(code)) = (l, code) {
                m[*code as usize].add(*l, *h);
            }
        }
        for (k, mk) in m.iter().enumerate() {
            if mk.n() >= min_rows && mk.n() < overall.n() {
                candidates.push(Candidate { features: vec![fi], bins: vec![k as u16], m: *mk });
            }
        }
        singles.push(m);
    }
    if c.pairs {
        for a in 0..binned.len() {
            for b in a + 1..binned.len() {
                let nb = binned[b].rules.len();
                let mut m = vec![Moments::default(); binned[a].rules.len() * nb];
                for (((l, ca), cb), h) in loss.iter().zip(&binned[a].codes).zip(&binned[b].codes).zip(&hashes) {
                    if let (Some(l), Some(ca), Some(cb)) = (l, ca, cb) {
                        m[*ca as usize * nb + *cb as usize].add(*l, *h);
                    }
                }
                for (k, mk) in m.iter().enumerate() {
                    if mk.n() >= min_rows && mk.n() < overall.n() {
                        let bins = vec![(k / nb) as u16, (k % nb) as u16];
                        candidates.push(Candidate { features: vec![a, b], bins, m: *mk });
                    }
                }
            }
        }
    }
    let p_values: Vec<f64> = candidates
        .iter()
        .map(|cand| {
            let rest = overall.minus(&cand.m);
            let p = if regression {
                welch_from_moments(cand.m.summary(), rest.summary()).map(|t| t.1)
            } else {
                two_proportions(cand.m.sum(), cand.m.n(), rest.sum(), rest.n())
            };
            p.filter(|p| p.is_finite()).unwrap_or(1.0)
        })
        .collect();
    let adjusted = benjamini_hochberg(&p_values);
    let worse = |m: &Moments| m.mean() > overall.mean();
    let mut weak: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .filter(|(i, cand)| adjusted[*i] < c.alpha && worse(&cand.m))
        .filter(|(_, cand)| {
            // A pair must be worse than each of its single-feature parts.
            cand.features.len() == 1
                || cand.features.iter().zip(&cand.bins).all(|(&f, &b)| cand.m.mean() > singles[f][b as usize].mean())
        })
        .map(|(i, cand)| (i, cand.m.mean() - overall.mean()))
        .collect();
    let conditions = |cand: &Candidate| -> Vec<Condition> {
        cand.features.iter().zip(&cand.bins).map(|(&f, &b)| binned[f].rules[b as usize].clone()).collect()
    };
    let rule = |cand: &Candidate| conjunction(&conditions(cand));
    weak.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(candidates[b.0].m.n().total_cmp(&candidates[a.0].m.n()))
            .then_with(|| rule(&candidates[a.0]).cmp(&rule(&candidates[b.0])))
    });
    // The same rows under another name (education_num = 10 is education = Some-college): keep
    // the one with the fewest features, then the fewest ranges (categories read better).
    weak.sort_by_key(|&(i, _)| {
        let f = &candidates[i].features;
        (f.len(), f.iter().filter(|&&k| binned[k].ranges).count())
    });
    let mut seen = std::collections::HashSet::new();
    weak.retain(|&(i, _)| seen.insert((candidates[i].m.rows, candidates[i].m.n() as u64)));
    weak.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(candidates[b.0].m.n().total_cmp(&candidates[a.0].m.n()))
            .then_with(|| rule(&candidates[a.0]).cmp(&rule(&candidates[b.0])))
    });
    let found = weak.len() as u64;
    let list = weak
        .into_iter()
        .take(c.top)
        .map(|(i, gap)| {
            let cand = &candidates[i];
            let m = cand.m;
            let (metric, ci) = if regression {
                let (mean, var, n) = m.summary();
                let half = 1.96 * (var / n).sqrt();
                (mean, Some([mean - half, mean + half]))
            } else {
                (1.0 - m.mean(), wilson(m.n() - m.sum(), m.n()))
            };
            Segment {
                rule: rule(cand),
                conditions: conditions(cand),
                features: cand.features.iter().map(|&f| binned[f].feature.clone()).collect(),
                n: m.n() as u64,
                share: m.n() / overall.n(),
                metric,
                ci,
                gap,
                p_value: p_values[i],
                p_value_adjusted: adjusted[i],
            }
        })
        .collect();
    Some(Segments {
        input: name.to_string(),
        metric: if regression { "mae" } else { "accuracy" }.to_string(),
        overall: if regression { overall.mean() } else { 1.0 - overall.mean() },
        rows: overall.n() as u64,
        min_rows: min_rows as u64,
        features: binned.iter().map(|b| b.feature.clone()).collect(),
        tested: candidates.len() as u64,
        weak: found,
        alpha: c.alpha,
        segments: list,
    })
}

impl Check for Segments {
    const KEY: &'static str = "segments";
    const PRESETS: &'static [Preset] = &[Preset::ModelQuality, Preset::ModelComparison];

    fn needs(cx: &Context) -> Result<(), String> {
        needs_model_outputs(cx.config)
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Segments> {
        segments(cx.config, &cx.inputs)
    }

    fn get(report: &Report) -> Option<&Segments> {
        report.segments.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.segments = Some(self);
    }
}
