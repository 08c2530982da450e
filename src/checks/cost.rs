//! # Cost of errors
//!
//! **What it does.** Puts a price on the model's decisions: with `cost: {fp, fn, tp, tn}` (the
//! cost of each outcome per row; gains are negative costs), the expected cost per row at the
//! model's current decisions (the prediction column, or score ≥ `roles.threshold`), the threshold
//! on the score that minimises it (searched over every distinct score, predicting positive when
//! score ≥ threshold, plus "never positive") with the cost curve, and the cost per row of each
//! group of every sensitive attribute (groups under `fairness.min_group_size` suppressed).
//! **Formula.** cost/row = (FP·c_fp + FN·c_fn + TP·c_tp + TN·c_tn)/n.
//! **Reference.** numpy on the same counts (`tests/fixtures/make_cost_fixtures.py`); NannyML's
//! business value uses the same confusion-matrix weighting. **Read it as:** what the errors cost
//! today, and how much moving the threshold would save.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::outcomes::{outcomes, Outcomes};
use crate::checks::performance::needs_model_outputs;
use crate::checks::Inputs;
use crate::checks::{Check, Context};
use crate::config::Config;
use crate::config::Preset;
use crate::progress::Progress;
use crate::report::Report;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupCost {
    pub attribute: String,
    pub group: String,
    /// `None` when suppressed.
    pub n: Option<u64>,
    pub cost_per_row: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cost {
    pub input: String,
    pub rows: u64,
    /// Cost per row of the current decisions.
    pub cost_per_row: f64,
    pub total_cost: f64,
    /// The score threshold with the lowest cost (`None` without a score).
    pub best_threshold: Option<f64>,
    pub best_cost_per_row: Option<f64>,
    /// (threshold, cost per row) at 0, 0.01, …, 1 for a probability; 101 thresholds evenly from
    /// the lowest to the highest score for any other score.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub curve: Vec<[f64; 2]>,
    pub groups: Vec<GroupCost>,
}

pub fn cost(config: &Config, inputs: &Inputs) -> Option<Cost> {
    let c = config.cost.as_ref()?;
    let r = &config.roles;
    let Outcomes { input: name, data: d, rows, .. } = outcomes(config, inputs)?;
    let price = |y: bool, p: bool| match (y, p) {
        (true, true) => c.tp,
        (false, true) => c.fp,
        (true, false) => c.fn_,
        (false, false) => c.tn,
    };
    let used: Vec<(bool, bool, Option<f64>)> = rows.iter().flatten().copied().collect();
    let n = used.len() as f64;
    if n == 0.0 {
        return None;
    }
    let total: f64 = used.iter().map(|&(y, p, _)| price(y, p)).sum();
    // Threshold search over the rows with a score.
    let mut scored: Vec<(f64, bool)> = used.iter().filter_map(|&(y, _, s)| Some((s?, y))).collect();
    let (mut best_threshold, mut best_cost, mut curve) = (None, None, Vec::new());
    if !scored.is_empty() {
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let m = scored.len() as f64;
        let positives = scored.iter().filter(|s| s.1).count() as f64;
        // Start with nobody predicted positive, then lower the threshold one distinct score at a time.
        let (mut tp, mut fp) = (0.0, 0.0);
        let cost_at =
            |tp: f64, fp: f64| (tp * c.tp + fp * c.fp + (positives - tp) * c.fn_ + (m - positives - fp) * c.tn) / m;
        let mut best = (f64::INFINITY, cost_at(0.0, 0.0));
        let mut i = 0;
        while i < scored.len() {
            let t = scored[i].0;
            while i < scored.len() && scored[i].0 == t {
                if scored[i].1 {
                    tp += 1.0;
                } else {
                    fp += 1.0;
                }
                i += 1;
            }
            let v = cost_at(tp, fp);
            if v < best.1 {
                best = (t, v);
            }
        }
        best_threshold = Some(best.0).filter(|t| t.is_finite());
        best_cost = Some(best.1);
        let scores: Vec<f64> = scored.iter().map(|s| s.0).collect();
        curve =
            crate::checks::outcomes::threshold_grid(&scores, 100)
                .into_iter()
                .map(|t| {
                    let (tp, fp) = scored.iter().filter(|s| s.0 >= t).fold((0.0, 0.0), |(a, b), s| {
                        if s.1 {
                            (a + 1.0, b)
                        } else {
                            (a, b + 1.0)
                        }
                    });
                    [t, cost_at(tp, fp)]
                })
                .collect();
    }
    let mut groups = Vec::new();
    for attr in &r.sensitive {
        let Some(i) = d.column_index(attr) else { continue };
        let labels = d.texts(i);
        let mut acc: HashMap<&str, (f64, f64)> = HashMap::new();
        for (row, label) in rows.iter().zip(&labels) {
            if let (Some((y, p, _)), Some(l)) = (row, label) {
                let e = acc.entry(l.as_str()).or_default();
                e.0 += price(*y, *p);
                e.1 += 1.0;
            }
        }
        let mut list: Vec<(&str, (f64, f64))> = acc.into_iter().collect();
        list.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1).then(a.0.cmp(b.0)));
        for (g, (sum, count)) in list {
            let suppressed = (count as u64) < config.fairness.min_group_size;
            groups.push(GroupCost {
                attribute: attr.clone(),
                group: g.to_string(),
                n: (!suppressed).then_some(count as u64),
                cost_per_row: (!suppressed).then(|| sum / count),
            });
        }
    }
    Some(Cost {
        input: name.to_string(),
        rows: n as u64,
        cost_per_row: total / n,
        total_cost: total,
        best_threshold,
        best_cost_per_row: best_cost,
        curve,
        groups,
    })
}

impl Check for Cost {
    const KEY: &'static str = "cost";
    const PRESETS: &'static [Preset] = &[Preset::ModelQuality, Preset::FairnessAudit];

    fn needs(cx: &Context) -> Result<(), String> {
        if cx.config.cost.is_none() {
            return Err("it needs the cost of each kind of error (cost: {fp, fn, tp, tn} in the config)".into());
        }
        needs_model_outputs(cx.config)
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Cost> {
        cost(cx.config, &cx.inputs)
    }

    fn get(report: &Report) -> Option<&Cost> {
        report.cost.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.cost = Some(self);
    }
}
