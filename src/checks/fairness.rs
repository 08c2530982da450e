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

use super::outcomes::{outcomes, Outcomes};
use crate::config::Config;
use crate::data::{ColumnType, Dataset};
use crate::stats::quantile::quantile_sorted;
use crate::stats::roc_auc::roc_auc;
use crate::stats::wilson::wilson;
use crate::stats::z_test::two_proportions;

/// Attributes with more groups than this are not crossed with others (the pairs would be
/// mostly tiny, suppressed groups).
pub const MAX_GROUPS_FOR_PAIRS: usize = 10;

/// The rates tested and compared across groups.
pub const RATES: [&str; 11] =
    ["prev", "pprev", "precision", "npv", "fdr", "for", "tpr", "tnr", "fpr", "fnr", "accuracy"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub group: String,
    /// `None` when suppressed.
    pub n: Option<u64>,
    pub suppressed: bool,
    /// Share of the rows.
    pub share: Option<f64>,
    /// Share of all predicted positives.
    pub ppr: Option<f64>,
    /// `prev`, `pprev`, `precision`, … (undefined rates are absent).
    pub metrics: BTreeMap<String, f64>,
    pub ci: BTreeMap<String, [f64; 2]>,
    pub auc: Option<f64>,
    pub disparity: BTreeMap<String, f64>,
    pub fair: BTreeMap<String, bool>,
    pub p_value: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub demographic_parity_difference: f64,
    pub demographic_parity_ratio: f64,
    pub equalized_odds_difference: f64,
    pub equalized_odds_ratio: f64,
    pub equal_opportunity_difference: f64,
    pub equal_opportunity_ratio: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    pub attribute: String,
    pub reference_group: String,
    pub groups: Vec<Group>,
    pub summary: Summary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fairness {
    pub input: String,
    pub threshold: Option<f64>,
    pub positive_label: String,
    pub fair_range: [f64; 2],
    pub min_group_size: u64,
    pub attributes: Vec<Attribute>,
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

/// Group label of every row for one attribute (`None` = missing), quartiles for numbers.
fn labels_of(d: &Dataset, column: &str) -> Option<Vec<Option<String>>> {
    let i = d.column_index(column)?;
    if matches!(d.columns[i].kind, ColumnType::Integer | ColumnType::Float) {
        let values = d.numbers(i);
        let mut sorted: Vec<f64> = values.iter().flatten().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let distinct = {
            let mut s = sorted.clone();
            s.dedup();
            s.len()
        };
        if distinct > 10 {
            let mut cuts: Vec<f64> = [0.25, 0.5, 0.75].iter().filter_map(|&q| quantile_sorted(&sorted, q)).collect();
            cuts.dedup();
            let (lo, hi) = (sorted.first().copied()?, sorted.last().copied()?);
            let mut edges = vec![lo];
            edges.extend(cuts.iter().copied().filter(|&c| c > lo && c < hi));
            edges.push(hi);
            let label = |x: f64| {
                let k = edges[1..edges.len() - 1].partition_point(|&e| e <= x);
                let (a, b) = (edges[k], edges[k + 1]);
                let close = if k + 2 == edges.len() { "]" } else { ")" };
                format!("[{}, {}{close}", crate::report::fmt_num(a), crate::report::fmt_num(b))
            };
            return Some(values.into_iter().map(|v| v.filter(|x| x.is_finite()).map(label)).collect());
        }
    }
    Some(d.texts(i))
}

pub fn fairness(config: &Config, inputs: &[(&str, &Dataset)]) -> Option<Fairness> {
    let r = &config.roles;
    let f = &config.fairness;
    if r.sensitive.is_empty() {
        return None;
    }
    let Outcomes { input: name, data: d, positive, threshold, rows } = outcomes(config, inputs)?;
    let mut attrs: Vec<(String, Vec<Option<String>>)> =
        r.sensitive.iter().filter_map(|c| Some((c.clone(), labels_of(d, c)?))).collect();
    if f.intersections >= 2 {
        let singles = attrs.clone();
        let few = |labels: &Vec<Option<String>>| {
            labels.iter().flatten().collect::<std::collections::HashSet<_>>().len() <= MAX_GROUPS_FOR_PAIRS
        };
        for a in 0..singles.len() {
            for b in a + 1..singles.len() {
                if !few(&singles[a].1) || !few(&singles[b].1) {
                    continue;
                }
                let labels = singles[a]
                    .1
                    .iter()
                    .zip(&singles[b].1)
                    .map(|(x, y)| Some(format!("{} & {}", x.as_ref()?, y.as_ref()?)))
                    .collect();
                attrs.push((format!("{} & {}", singles[a].0, singles[b].0), labels));
            }
        }
    }
    let total_pred_pos = rows.iter().flatten().filter(|r| r.1).count() as f64;
    let total = rows.iter().flatten().count() as f64;
    let mut out = Vec::new();
    for (attribute, labels) in attrs {
        let mut groups: HashMap<&str, (Counts, Vec<f64>, Vec<bool>)> = HashMap::new();
        for (row, label) in rows.iter().zip(&labels) {
            let (Some((y, p, s)), Some(label)) = (row, label) else { continue };
            let e = groups.entry(label.as_str()).or_default();
            match (y, p) {
                (true, true) => e.0.tp += 1.0,
                (false, true) => e.0.fp += 1.0,
                (false, false) => e.0.tn += 1.0,
                (true, false) => e.0.fn_ += 1.0,
            }
            if let Some(s) = s {
                e.1.push(*s);
                e.2.push(*y);
            }
        }
        if groups.is_empty() {
            continue;
        }
        let mut names: Vec<&str> = groups.keys().copied().collect();
        names.sort_by(|a, b| groups[b].0.n().total_cmp(&groups[a].0.n()).then(a.cmp(b)));
        let reference = f
            .reference_group
            .get(&attribute)
            .and_then(|g| names.iter().find(|n| **n == g.as_str()).copied())
            .unwrap_or(names[0]);
        let rc = groups[reference].0;
        let mut list = Vec::new();
        for name in &names {
            let (c, s, y) = &groups[name];
            let suppressed = (c.n() as u64) < f.min_group_size;
            let mut g = Group {
                group: name.to_string(),
                n: (!suppressed).then_some(c.n() as u64),
                suppressed,
                share: (!suppressed).then(|| c.n() / total),
                ppr: (!suppressed && total_pred_pos > 0.0).then(|| (c.tp + c.fp) / total_pred_pos),
                metrics: BTreeMap::new(),
                ci: BTreeMap::new(),
                auc: None,
                disparity: BTreeMap::new(),
                fair: BTreeMap::new(),
                p_value: BTreeMap::new(),
            };
            if !suppressed {
                g.auc = roc_auc(s, y);
                for rate in RATES {
                    let Some(v) = c.rate(rate) else { continue };
                    let (k, n) = c.parts(rate);
                    g.metrics.insert(rate.into(), v);
                    if let Some(ci) = wilson(k, n) {
                        g.ci.insert(rate.into(), ci);
                    }
                    if let Some(rv) = rc.rate(rate).filter(|&rv| rv > 0.0) {
                        let disparity = v / rv;
                        g.disparity.insert(rate.into(), disparity);
                        g.fair.insert(rate.into(), (f.fair_range[0]..=f.fair_range[1]).contains(&disparity));
                    }
                    if *name != reference {
                        let (rk, rn) = rc.parts(rate);
                        if let Some(p) = two_proportions(k, n, rk, rn) {
                            g.p_value.insert(rate.into(), p);
                        }
                    }
                }
            }
            list.push(g);
        }
        // Fairlearn's between-groups summaries over every group (suppressed ones included).
        let spread = |rate: &str| {
            let v: Vec<f64> = groups.values().filter_map(|g| g.0.rate(rate)).collect();
            let (lo, hi) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            (hi - lo, if hi > 0.0 { lo / hi } else { 1.0 })
        };
        let (dp_d, dp_r) = spread("pprev");
        let (tpr_d, tpr_r) = spread("tpr");
        let (fpr_d, fpr_r) = spread("fpr");
        out.push(Attribute {
            attribute,
            reference_group: reference.to_string(),
            groups: list,
            summary: Summary {
                demographic_parity_difference: dp_d,
                demographic_parity_ratio: dp_r,
                equalized_odds_difference: tpr_d.max(fpr_d),
                equalized_odds_ratio: tpr_r.min(fpr_r),
                equal_opportunity_difference: tpr_d,
                equal_opportunity_ratio: tpr_r,
            },
        });
    }
    Some(Fairness {
        input: name.to_string(),
        threshold,
        positive_label: positive,
        fair_range: f.fair_range,
        min_group_size: f.min_group_size,
        attributes: out,
    })
}
