//! # Fairness slices
//!
//! **What it does.** For each sensitive attribute, and each pair of them ("a & b"), splits the
//! rows into groups and computes, per group, Aequitas' confusion-matrix rates: prevalence
//! `prev` = (TP+FN)/n, predicted prevalence `pprev` = (TP+FP)/n, `ppr` = the group's share of
//! all predicted positives, `precision`, `npv`, `fdr`, `for`, `tpr`, `tnr`, `fpr`, `fnr`,
//! `accuracy`, and `auc` when a score exists; 95 % Wilson intervals on the rates. Disparity of a
//! metric = group value / reference group value (reference: the largest group, Aequitas "maj",
//! or one named in `fairness.reference_group`); fair when it lies in `fair_range` (0.8–1.25, the
//! four-fifths rule). Each rate is tested against the reference group: Fisher's exact test when
//! a cell of the 2×2 table is below 5, else the pooled two-proportion z-test. Per attribute,
//! Fairlearn's between-groups summaries: demographic parity (selection rate), equalized odds
//! (worst of TPR and FPR) and equal opportunity (TPR) differences (max − min) and ratios
//! (min / max).
//!
//! **Noise is not unfairness.** A group is `unfair` on a rate when its disparity lies outside
//! `fair_range` *and* the difference is significant — its test's p-value, Benjamini–Hochberg
//! adjusted across the attribute's groups, below `fairness.alpha` (0.05) — *and* the group and
//! the reference group each have at least `min_group_size` rows in the class the rate divides
//! by (positives for tpr). The default gate (equal opportunity) reads `unfair.tpr`; groups whose
//! tpr disparity is outside the range but that are set aside (not significant, too few) are
//! listed in `set_aside` with the reason. A tpr of 0 from a handful of positives fails nothing.
//!
//! Pairs are formed only between attributes with at most 10 groups each.
//!
//! **Privacy.** Groups with fewer than `min_group_size` (10) rows are marked `suppressed` and
//! their counts and rates are left out of the report (they still count in the summaries).
//! Numeric attributes (age) are cut at their quartiles (numpy's linear quantiles).
//! **Reference.** Aequitas' group metrics; `fairlearn.metrics` 0.15 `*_difference`/`*_ratio`
//! (`method="between_groups"`); `statsmodels`' `proportions_ztest`; `scipy.stats.fisher_exact`.
//! The rows analysed are those of the current input (production) when it holds the target and a
//! prediction or score, else the reference's.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::outcomes::{outcomes, Outcome, Outcomes};
use crate::checks::label::{Closed, Interval};
use crate::checks::performance::needs_model_outputs;
use crate::checks::Inputs;
use crate::checks::{Check, Context};
use crate::config::Config;
use crate::config::Preset;
use crate::data::{ColumnType, Dataset};
use crate::gates::{lookup, GateConfig};
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::benjamini_hochberg::benjamini_hochberg;
use crate::stats::quantile::quantile_sorted;
use crate::stats::roc_auc::roc_auc;
use crate::stats::wilson::wilson;
use crate::stats::z_test::two_proportions;
use serde_json::Value;

/// Attributes with more groups than this are not crossed with others (the pairs would be
/// mostly tiny, suppressed groups).
pub const MAX_GROUPS_FOR_PAIRS: usize = 10;

/// The rates tested and compared across groups.
pub const RATES: [&str; 11] =
    ["prev", "pprev", "precision", "npv", "fdr", "for", "tpr", "tnr", "fpr", "fnr", "accuracy"];

/// Maps keyed by the rates (the report's schema lists them: a misspelt rate in a gate is refused).
fn by_rate<T: schemars::JsonSchema>(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    crate::schema::keyed_by::<T>(&RATES, generator)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Group {
    /// The group's label: the attribute's value, a numeric bin's range (`[28, 37)`, numbers as
    /// `checks::label` writes them), or an intersection's (`Female & [28, 37)`).
    pub group: String,
    /// A numeric attribute's bin, when the group is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<Interval>,
    /// `None` when suppressed.
    pub n: Option<u64>,
    pub suppressed: bool,
    /// Share of the rows.
    pub share: Option<f64>,
    /// Share of all predicted positives.
    pub ppr: Option<f64>,
    /// `prev`, `pprev`, `precision`, … (undefined rates are absent); flattened into the group in
    /// JSON, as Aequitas' columns.
    #[serde(flatten)]
    #[schemars(schema_with = "by_rate::<f64>")]
    pub metrics: BTreeMap<String, f64>,
    #[schemars(schema_with = "by_rate::<[f64; 2]>")]
    pub ci: BTreeMap<String, [f64; 2]>,
    pub auc: Option<f64>,
    #[schemars(schema_with = "by_rate::<f64>")]
    pub disparity: BTreeMap<String, f64>,
    #[schemars(schema_with = "by_rate::<bool>")]
    pub fair: BTreeMap<String, bool>,
    #[schemars(schema_with = "by_rate::<f64>")]
    pub p_value: BTreeMap<String, f64>,
    /// `p_value` adjusted by Benjamini–Hochberg across the attribute's groups, per rate.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "by_rate::<f64>")]
    pub p_adjusted: BTreeMap<String, f64>,
    /// Per rate: the disparity is outside `fair_range`, significant and on enough rows (see the
    /// module's "Noise is not unfairness"). Present for every group with a disparity.
    #[serde(default)]
    #[schemars(schema_with = "by_rate::<bool>")]
    pub unfair: BTreeMap<String, bool>,
}

/// A group whose tpr disparity is outside `fair_range` but does not count as unfair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SetAside {
    pub group: String,
    pub rate: String,
    pub disparity: f64,
    pub reason: SetAsideReason,
}

/// Why a group outside `fair_range` does not count as unfair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SetAsideReason {
    /// The class the rate divides by has fewer rows than `min_group_size`.
    TooFewRows { rows: u64, min_group_size: u64 },
    /// The disparity's adjusted p-value is not below `alpha`.
    NotSignificant { p_adjusted: f64, alpha: f64 },
    /// No test: the reference group itself, or a rate without a test.
    NoTest,
}

/// The rate the default fairness gate reads (equal opportunity).
pub const GATE_RATE: &str = "tpr";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    pub demographic_parity_difference: f64,
    pub demographic_parity_ratio: f64,
    pub equalized_odds_difference: f64,
    pub equalized_odds_ratio: f64,
    pub equal_opportunity_difference: f64,
    pub equal_opportunity_ratio: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Attribute {
    pub attribute: String,
    /// The group every other is compared with, or `min`: per rate, the group with the lowest
    /// value (Aequitas' `min_metric`).
    pub reference_group: String,
    /// The reference group of each rate.
    pub reference_groups: BTreeMap<String, String>,
    pub groups: Vec<Group>,
    pub summary: Summary,
    /// Each group's fpr, fnr and pprev at the thresholds of `Fairness::sweep_thresholds` (single
    /// attributes with a score in [0, 1]; suppressed groups left out).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sweep: Vec<SweepGroup>,
    /// Groups whose tpr disparity is outside `fair_range` but that do not count as unfair.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub set_aside: Vec<SetAside>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SweepGroup {
    pub group: String,
    pub fpr: Vec<Option<f64>>,
    pub fnr: Vec<Option<f64>>,
    pub pprev: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fairness {
    pub input: String,
    pub threshold: Option<f64>,
    pub positive_label: String,
    pub fair_range: [f64; 2],
    pub min_group_size: u64,
    /// Score thresholds of the sweep: 0, 0.05, …, 1 for a probability, 21 evenly spaced from the
    /// lowest to the highest score for any other score.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sweep_thresholds: Vec<f64>,
    pub attributes: Vec<Attribute>,
    /// The unfair group the report leads with: of the groups the check counts unfair, the one
    /// with the most people times the largest gap; absent when every group is fair.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub most_unfair: Option<MostUnfair>,
}

/// One group's rate against its reference group's, picked as the worst unfairness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MostUnfair {
    pub attribute: String,
    /// The group's label (as `groups[].group`).
    pub group: String,
    /// `pprev`, `tpr` or `fpr`.
    pub rate: String,
    pub value: f64,
    /// The reference group's label and rate.
    pub reference_group: String,
    pub reference_value: Option<f64>,
    pub disparity: f64,
    /// share of rows × ln(how far outside the fair range), capped at 5: the ranking.
    pub badness: f64,
}

/// The rates the report leads with: parity of decisions, equal opportunity, false alarms.
const LEADING_RATES: [&str; 3] = ["pprev", "tpr", "fpr"];

/// Among single attributes' unsuppressed groups and the rates of [`LEADING_RATES`], the one the
/// check counts unfair (outside the range, significant after Benjamini–Hochberg, on enough rows)
/// with the most people times the largest gap: share × min(ln(outside), 5), where outside is how
/// many times the disparity lies beyond the nearer end of the fair range.
pub fn most_unfair(attributes: &[Attribute], [lo, hi]: [f64; 2]) -> Option<MostUnfair> {
    let mut worst: Option<MostUnfair> = None;
    for a in attributes.iter().filter(|a| !a.attribute.contains(" & ")) {
        for g in a.groups.iter().filter(|g| !g.suppressed) {
            for rate in LEADING_RATES {
                let (Some(&d), Some(&v)) = (g.disparity.get(rate), g.metrics.get(rate)) else { continue };
                let unfair = g.unfair.get(rate).copied().unwrap_or(false);
                let outside = (lo / d.max(1e-9)).max(d / hi);
                let badness = g.share.unwrap_or(0.0) * outside.ln().min(5.0);
                if unfair && outside > 1.0 && worst.as_ref().is_none_or(|w| badness > w.badness) {
                    let reference = a.reference_groups.get(rate).cloned().unwrap_or_default();
                    let reference_value =
                        a.groups.iter().find(|x| x.group == reference).and_then(|x| x.metrics.get(rate).copied());
                    worst = Some(MostUnfair {
                        attribute: a.attribute.clone(),
                        group: g.group.clone(),
                        rate: rate.to_string(),
                        value: v,
                        reference_group: reference,
                        reference_value,
                        disparity: d,
                        badness,
                    });
                }
            }
        }
    }
    worst
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tp: f64,
    fp: f64,
    tn: f64,
    fn_: f64,
}

impl Counts {
    fn n(&self) -> f64 {
        self.tp + self.fp + self.tn + self.fn_
    }

    /// (numerator, denominator) of each rate.
    fn parts(&self, rate: &str) -> (f64, f64) {
        let Counts { tp, fp, tn, fn_ } = *self;
        match rate {
            "prev" => (tp + fn_, self.n()),
            "pprev" => (tp + fp, self.n()),
            "precision" => (tp, tp + fp),
            "npv" => (tn, tn + fn_),
            "fdr" => (fp, tp + fp),
            "for" => (fn_, tn + fn_),
            "tpr" => (tp, tp + fn_),
            "tnr" => (tn, tn + fp),
            "fpr" => (fp, fp + tn),
            "fnr" => (fn_, fn_ + tp),
            _ => (tp + tn, self.n()),
        }
    }

    fn rate(&self, rate: &str) -> Option<f64> {
        let (a, b) = self.parts(rate);
        (b > 0.0).then(|| a / b)
    }
}

/// One way of splitting the rows into groups: a code per row (`None` = missing), a label per
/// code, and per code the numeric bin it stands for (if it does).
pub(crate) struct Grouping {
    pub(crate) name: String,
    pub(crate) codes: Vec<Option<u32>>,
    pub(crate) labels: Vec<String>,
    pub(crate) bins: Vec<Option<Interval>>,
}

impl Grouping {
    fn of_bins(name: &str, codes: Vec<Option<u32>>, bins: Vec<Interval>) -> Grouping {
        let labels = bins.iter().map(Interval::label).collect();
        Grouping { name: name.to_string(), codes, labels, bins: bins.into_iter().map(Some).collect() }
    }
}

/// Groups of one attribute: quartile ranges (or `edges` from config) for numbers with more
/// than 10 values, the values themselves otherwise.
pub(crate) fn grouping_of(d: &Dataset, column: &str, edges: Option<&Vec<f64>>) -> Option<Grouping> {
    let i = d.column_index(column)?;
    let numeric = matches!(d.columns[i].kind, ColumnType::Integer | ColumnType::Float);
    if numeric {
        let values = d.numbers(i);
        let mut sorted: Vec<f64> = values.iter().flatten().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let mut distinct = sorted.clone();
        distinct.dedup();
        if let Some(edges) = edges.filter(|e| !e.is_empty()) {
            // [e₀, e₁), …, [eₖ₋₁, eₖ) plus "< e₀" and "≥ eₖ" when values fall outside.
            let bins = (0..=edges.len())
                .map(|k| Interval {
                    lo: k.checked_sub(1).map(|j| edges[j]),
                    hi: edges.get(k).copied(),
                    closed: Closed::Left,
                })
                .collect();
            let codes = values
                .iter()
                .map(|v| v.filter(|x| x.is_finite()).map(|x| edges.partition_point(|&e| e <= x) as u32))
                .collect();
            return Some(Grouping::of_bins(column, codes, bins));
        }
        if distinct.len() > 10 {
            let mut cuts: Vec<f64> = [0.25, 0.5, 0.75].iter().filter_map(|&q| quantile_sorted(&sorted, q)).collect();
            cuts.dedup();
            let (lo, hi) = (sorted.first().copied()?, sorted.last().copied()?);
            let mut edges = vec![lo];
            edges.extend(cuts.iter().copied().filter(|&c| c > lo && c < hi));
            edges.push(hi);
            let bins = (0..edges.len() - 1)
                .map(|k| Interval {
                    lo: Some(edges[k]),
                    hi: Some(edges[k + 1]),
                    closed: if k + 2 == edges.len() { Closed::Both } else { Closed::Left },
                })
                .collect();
            let inner = &edges[1..edges.len() - 1];
            let codes = values
                .iter()
                .map(|v| v.filter(|x| x.is_finite()).map(|x| inner.partition_point(|&e| e <= x) as u32))
                .collect();
            return Some(Grouping::of_bins(column, codes, bins));
        }
    }
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut labels = Vec::new();
    let codes = d
        .texts(i)
        .into_iter()
        .map(|t| {
            let t = t?;
            Some(*index.entry(t).or_insert_with_key(|k| {
                labels.push(k.clone());
                (labels.len() - 1) as u32
            }))
        })
        .collect();
    let bins = vec![None; labels.len()];
    Some(Grouping { name: column.to_string(), codes, labels, bins })
}

/// The intersection of several groupings ("a & b"): mixed-radix codes.
fn cross(parts: &[&Grouping]) -> Grouping {
    let n = parts[0].codes.len();
    let codes = (0..n)
        .map(|row| parts.iter().try_fold(0u32, |acc, g| Some(acc * g.labels.len() as u32 + g.codes[row]?)))
        .collect();
    let mut labels = vec![String::new()];
    for g in parts {
        labels = labels
            .iter()
            .flat_map(|prefix| {
                g.labels.iter().map(move |l| if prefix.is_empty() { l.clone() } else { format!("{prefix} & {l}") })
            })
            .collect();
    }
    let name = parts.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(" & ");
    let bins = vec![None; labels.len()];
    Grouping { name, codes, labels, bins }
}

/// Every `k`-subset of `0..n`, in lexicographic order.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for first in 0..n {
        for rest in subsets(n - first - 1, k - 1) {
            let mut s = vec![first];
            s.extend(rest.into_iter().map(|r| r + first + 1));
            out.push(s);
        }
    }
    out
}

/// Adjusts each rate's p-values across the groups (Benjamini–Hochberg), sets `unfair`, and
/// returns the groups whose tpr disparity is outside the range but set aside, with the reason.
fn judge(list: &mut [Group], classes: &BTreeMap<(usize, &str), f64>, alpha: f64, min_size: u64) -> Vec<SetAside> {
    for rate in RATES {
        let tested: Vec<(usize, f64)> =
            list.iter().enumerate().filter_map(|(i, g)| Some((i, *g.p_value.get(rate)?))).collect();
        let adjusted = benjamini_hochberg(&tested.iter().map(|t| t.1).collect::<Vec<_>>());
        for ((i, _), q) in tested.iter().zip(adjusted) {
            list[*i].p_adjusted.insert(rate.into(), q);
        }
    }
    let mut out = Vec::new();
    for (i, g) in list.iter_mut().enumerate() {
        for (rate, &fair) in &g.fair {
            let q = g.p_adjusted.get(rate).copied();
            let size = classes.get(&(i, rate.as_str())).copied();
            let big = size.is_some_and(|n| n >= min_size as f64);
            let significant = q.is_some_and(|q| q < alpha);
            g.unfair.insert(rate.clone(), !fair && significant && big);
            if !fair && !(significant && big) && rate == GATE_RATE {
                let reason = match (size, q) {
                    (Some(rows), _) if rows < min_size as f64 => {
                        SetAsideReason::TooFewRows { rows: rows as u64, min_group_size: min_size }
                    }
                    (_, Some(p_adjusted)) => SetAsideReason::NotSignificant { p_adjusted, alpha },
                    _ => SetAsideReason::NoTest,
                };
                out.push(SetAside {
                    group: g.group.clone(),
                    rate: rate.clone(),
                    disparity: g.disparity.get(rate).copied().unwrap_or(f64::NAN),
                    reason,
                });
            }
        }
    }
    out
}

/// Steps of the sweep: 21 thresholds over the score's range (0, 0.05, …, 1 for a probability,
/// min … max for any other score; `outcomes::threshold_grid`).
pub const SWEEP_STEPS: usize = 20;

/// Each group's rates at every sweep threshold `ts` (ascending), from one pass over the rows.
fn sweep(rows: &[Option<Outcome>], g: &Grouping, keep: &[bool], ts: &[f64]) -> Vec<SweepGroup> {
    let k = g.labels.len();
    // hist[group][class][b]: rows whose score passes exactly thresholds 0..b.
    let mut hist = vec![[vec![0u64; SWEEP_STEPS + 2], vec![0u64; SWEEP_STEPS + 2]]; k];
    for (row, code) in rows.iter().zip(&g.codes) {
        if let (Some((y, _, Some(s))), Some(c)) = (row, code) {
            let b = ts.iter().take_while(|&&t| t <= *s).count();
            hist[*c as usize][usize::from(*y)][b] += 1;
        }
    }
    let mut out = Vec::new();
    for (c, h) in hist.iter().enumerate() {
        if !keep[c] {
            continue;
        }
        let (neg, pos): (u64, u64) = (h[0].iter().sum(), h[1].iter().sum());
        let (mut fpr, mut fnr, mut pprev) = (Vec::new(), Vec::new(), Vec::new());
        for j in 0..=SWEEP_STEPS {
            // predicted positive at threshold j: score ≥ t_j, i.e. b > j
            let fp: u64 = h[0][j + 1..].iter().sum();
            let tp: u64 = h[1][j + 1..].iter().sum();
            fpr.push((neg > 0).then(|| fp as f64 / neg as f64));
            fnr.push((pos > 0).then(|| (pos - tp) as f64 / pos as f64));
            pprev.push((neg + pos > 0).then(|| (fp + tp) as f64 / (neg + pos) as f64));
        }
        out.push(SweepGroup { group: g.labels[c].clone(), fpr, fnr, pprev });
    }
    out
}

pub fn fairness(config: &Config, inputs: &Inputs) -> Option<Fairness> {
    let r = &config.roles;
    let f = &config.fairness;
    if r.sensitive.is_empty() {
        return None;
    }
    let Outcomes { input: name, data: d, positive, threshold, rows } = outcomes(config, inputs)?;
    let singles: Vec<Grouping> = r.sensitive.iter().filter_map(|c| grouping_of(d, c, f.bins.get(c))).collect();
    let crossable: Vec<usize> =
        (0..singles.len()).filter(|&i| singles[i].labels.len() <= MAX_GROUPS_FOR_PAIRS).collect();
    let mut crossed = Vec::new();
    for k in 2..=usize::from(f.intersections).min(3) {
        for s in subsets(crossable.len(), k) {
            crossed.push(cross(&s.iter().map(|&i| &singles[crossable[i]]).collect::<Vec<_>>()));
        }
    }
    let all_scores: Vec<f64> = rows.iter().flatten().filter_map(|r| r.2).collect();
    let thresholds = crate::checks::outcomes::threshold_grid(&all_scores, SWEEP_STEPS);
    let total_pred_pos = rows.iter().flatten().filter(|r| r.1).count() as f64;
    let total = rows.iter().flatten().count() as f64;
    let mut out = Vec::new();
    for (gi, grouping) in singles.iter().chain(&crossed).enumerate() {
        let k = grouping.labels.len();
        let mut counts = vec![Counts::default(); k];
        let mut scored: Vec<(Vec<f64>, Vec<bool>)> = vec![(Vec::new(), Vec::new()); k];
        for (row, code) in rows.iter().zip(&grouping.codes) {
            let (Some((y, p, s)), Some(c)) = (row, code) else { continue };
            let e = &mut counts[*c as usize];
            match (y, p) {
                (true, true) => e.tp += 1.0,
                (false, true) => e.fp += 1.0,
                (false, false) => e.tn += 1.0,
                (true, false) => e.fn_ += 1.0,
            }
            if let Some(s) = s {
                scored[*c as usize].0.push(*s);
                scored[*c as usize].1.push(*y);
            }
        }
        let mut present: Vec<usize> = (0..k).filter(|&c| counts[c].n() > 0.0).collect();
        if present.is_empty() {
            continue;
        }
        present.sort_by(|&a, &b| {
            counts[b].n().total_cmp(&counts[a].n()).then(grouping.labels[a].cmp(&grouping.labels[b]))
        });
        let suppressed = |c: usize| (counts[c].n() as u64) < f.min_group_size;
        let choice = f.reference_group.get(&grouping.name).map(String::as_str).unwrap_or(f.reference.as_str());
        let named = present.iter().copied().find(|&c| grouping.labels[c] == choice);
        // The reference group of each rate.
        let reference_of = |rate: &str| -> usize {
            if let Some(c) = named {
                return c;
            }
            if choice == "min" {
                let best = present
                    .iter()
                    .copied()
                    .filter(|&c| !suppressed(c))
                    .filter_map(|c| Some((c, counts[c].rate(rate).filter(|&v| v > 0.0)?)))
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((c, _)) = best {
                    return c;
                }
            }
            present[0]
        };
        let reference_groups: BTreeMap<String, String> =
            RATES.iter().map(|&rate| (rate.to_string(), grouping.labels[reference_of(rate)].clone())).collect();
        let mut list: Vec<Group> = Vec::new();
        // (group's index in `list`, rate) → the smaller class size the rate divides by.
        let mut classes: BTreeMap<(usize, &str), f64> = BTreeMap::new();
        for &c in &present {
            let cn = counts[c];
            let hidden = suppressed(c);
            let mut g = Group {
                group: grouping.labels[c].clone(),
                bin: grouping.bins[c],
                n: (!hidden).then_some(cn.n() as u64),
                suppressed: hidden,
                share: (!hidden).then(|| cn.n() / total),
                ppr: (!hidden && total_pred_pos > 0.0).then(|| (cn.tp + cn.fp) / total_pred_pos),
                metrics: BTreeMap::new(),
                ci: BTreeMap::new(),
                auc: None,
                disparity: BTreeMap::new(),
                fair: BTreeMap::new(),
                p_value: BTreeMap::new(),
                p_adjusted: BTreeMap::new(),
                unfair: BTreeMap::new(),
            };
            if !hidden {
                g.auc = roc_auc(&scored[c].0, &scored[c].1);
                for rate in RATES {
                    let Some(v) = cn.rate(rate) else { continue };
                    let (k, n) = cn.parts(rate);
                    g.metrics.insert(rate.into(), v);
                    if let Some(ci) = wilson(k, n) {
                        g.ci.insert(rate.into(), ci);
                    }
                    let rc = counts[reference_of(rate)];
                    if let Some(rv) = rc.rate(rate).filter(|&rv| rv > 0.0) {
                        let disparity = v / rv;
                        g.disparity.insert(rate.into(), disparity);
                        g.fair.insert(rate.into(), (f.fair_range[0]..=f.fair_range[1]).contains(&disparity));
                    }
                    if c != reference_of(rate) {
                        let (rk, rn) = rc.parts(rate);
                        if let Some(p) = two_proportions(k, n, rk, rn) {
                            g.p_value.insert(rate.into(), p);
                        }
                        classes.insert((list.len(), rate), n.min(rn));
                    }
                }
            }
            list.push(g);
        }
        let set_aside = judge(&mut list, &classes, f.alpha, f.min_group_size);
        // Fairlearn's between-groups summaries over every group (suppressed ones included).
        let spread = |rate: &str| {
            let v: Vec<f64> = present.iter().filter_map(|&c| counts[c].rate(rate)).collect();
            let (lo, hi) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            (hi - lo, if hi > 0.0 { lo / hi } else { 1.0 })
        };
        let (dp_d, dp_r) = spread("pprev");
        let (tpr_d, tpr_r) = spread("tpr");
        let (fpr_d, fpr_r) = spread("fpr");
        let is_single = gi < singles.len();
        let keep: Vec<bool> = (0..k).map(|c| counts[c].n() > 0.0 && !suppressed(c)).collect();
        out.push(Attribute {
            attribute: grouping.name.clone(),
            reference_group: match named {
                Some(c) => grouping.labels[c].clone(),
                None if choice == "min" => "min".to_string(),
                None => grouping.labels[present[0]].clone(),
            },
            reference_groups,
            groups: list,
            set_aside,
            summary: Summary {
                demographic_parity_difference: dp_d,
                demographic_parity_ratio: dp_r,
                equalized_odds_difference: tpr_d.max(fpr_d),
                equalized_odds_ratio: tpr_r.min(fpr_r),
                equal_opportunity_difference: tpr_d,
                equal_opportunity_ratio: tpr_r,
            },
            sweep: if is_single && thresholds.len() == SWEEP_STEPS + 1 && k <= MAX_GROUPS_FOR_PAIRS {
                sweep(&rows, grouping, &keep, &thresholds)
            } else {
                Vec::new()
            },
        });
    }
    Some(Fairness {
        input: name.to_string(),
        threshold,
        positive_label: positive,
        fair_range: f.fair_range,
        min_group_size: f.min_group_size,
        sweep_thresholds: if out.iter().any(|a| !a.sweep.is_empty()) { thresholds } else { Vec::new() },
        most_unfair: most_unfair(&out, f.fair_range),
        attributes: out,
    })
}

impl Check for Fairness {
    const KEY: &'static str = "fairness";
    const PRESETS: &'static [Preset] = &[Preset::FairnessAudit];

    fn needs(cx: &Context) -> Result<(), String> {
        if cx.config.roles.sensitive.is_empty() {
            return Err("it needs a sensitive attribute (roles.sensitive, --sensitive)".into());
        }
        needs_model_outputs(cx.config)
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Fairness> {
        fairness(cx.config, &cx.inputs)
    }

    /// Equal opportunity per sensitive attribute: a group counts only when its tpr disparity is
    /// outside the fair range, significant and on enough rows (`unfair`), so noise from a
    /// handful of positives fails nothing.
    fn default_gates(config: &Config, report: &Value) -> Vec<GateConfig> {
        let [lo, hi] = config.fairness.fair_range;
        config
            .roles
            .sensitive
            .iter()
            .map(|a| (a, format!("fairness.attributes[{a}].groups[*].unfair.tpr")))
            .filter(|(_, path)| !lookup(report, path).is_empty())
            .map(|(a, path)| {
                GateConfig::new(
                    &format!("Equal opportunity across {a} (tpr disparity within [{lo}, {hi}] or not significant)"),
                    &format!("{path} == false"),
                )
            })
            .collect()
    }

    fn get(report: &Report) -> Option<&Fairness> {
        report.fairness.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.fairness = Some(self);
    }
}
