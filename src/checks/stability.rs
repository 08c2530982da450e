//! # Noise stability: does a slight change of input change the prediction?
//!
//! **Input.** The `scored` input: the perturbed data set (`perturb.rs`) scored by the user's
//! model — its `row_id` and `perturbation` columns and the model's output in the prediction
//! (`roles.prediction`) and/or score (`roles.score`) column. Each perturbed row is paired with the
//! unperturbed row of the same `row_id` (`perturbation` = `none`).
//!
//! **What it does.** A *flip* is a pair whose decision differs (the predicted label, or
//! score ≥ `roles.threshold`). The *output change* of a pair is |y′ − y| for the score (or a
//! regression prediction); a pair *fails* when |y′ − y| > `output_sensitivity`·|y| (Giskard's
//! rule, 0.05). Reported per perturbation (`feature`, kind, level): flip rate, mean output
//! change, fail rate; per kind and level over all features; overall; and the flip rate per group
//! of each sensitive attribute (the unperturbed row's group; groups under
//! `fairness.min_group_size` pairs hidden). A perturbation *fails* when its flip rate (or, without
//! labels, its fail rate) reaches `stability.fail_rate` (0.05).
//! **Reference.** A pandas implementation of these definitions
//! (`tests/fixtures/make_stability_fixtures.py`). **Read it as:** a model whose decisions flip
//! for 1 % noise on one feature is relying on a knife-edge of that feature; check its
//! preprocessing and the decision threshold before trusting it.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::checks::fairness::grouping_of;
use crate::checks::{Check, Context, Inputs};
use crate::config::Config;
use crate::config::Preset;
use crate::data::ColumnType;
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::wilson::wilson;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeatureStability {
    pub feature: String,
    /// `gaussian`, `multiplicative`, `round`, `swap` or `missing`.
    pub perturbation: String,
    pub level: f64,
    /// Pairs compared.
    pub rows: u64,
    pub flip_rate: Option<f64>,
    pub mean_abs_change: Option<f64>,
    pub fail_rate: Option<f64>,
    /// Wilson 95 % interval of the flip rate (or, for a regressor, of the fail rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci: Option<[f64; 2]>,
    pub failed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LevelStability {
    pub perturbation: String,
    pub level: f64,
    pub rows: u64,
    pub flip_rate: Option<f64>,
    pub mean_abs_change: Option<f64>,
    pub fail_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupStability {
    pub attribute: String,
    pub group: String,
    pub rows: u64,
    pub flip_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stability {
    pub seed: u64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
    /// Distinct rows (row ids) with an unperturbed output.
    pub rows: u64,
    /// Perturbed rows paired with their unperturbed row.
    pub pairs: u64,
    /// Perturbed rows without an unperturbed row, or without an output.
    pub unpaired: u64,
    pub flip_rate: Option<f64>,
    pub mean_abs_change: Option<f64>,
    pub fail_rate: Option<f64>,
    pub output_sensitivity: f64,
    pub fail_threshold: f64,
    pub levels: Vec<LevelStability>,
    /// Most fragile first.
    pub features: Vec<FeatureStability>,
    pub failed_features: u64,
    pub groups: Vec<GroupStability>,
}

#[derive(Default, Clone, Copy)]
struct Acc {
    n: u64,
    flips: u64,
    decided: u64,
    change: f64,
    fails: u64,
    changed: u64,
}

impl Acc {
    fn add(&mut self, flip: Option<bool>, change: Option<(f64, bool)>) {
        self.n += 1;
        if let Some(f) = flip {
            self.decided += 1;
            self.flips += u64::from(f);
        }
        if let Some((c, fail)) = change {
            self.changed += 1;
            self.change += c;
            self.fails += u64::from(fail);
        }
    }
    fn rates(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        let rate = |k: u64, n: u64| (n > 0).then(|| k as f64 / n as f64);
        (
            rate(self.flips, self.decided),
            (self.changed > 0).then(|| self.change / self.changed as f64),
            rate(self.fails, self.changed),
        )
    }
}

/// `None` without a `scored` input.
pub fn stability(config: &Config, inputs: &Inputs) -> Option<Stability> {
    let d = inputs.scored?;
    let s = &config.stability;
    let r = &config.roles;
    let mut out = Stability {
        seed: s.seed,
        problem: None,
        rows: 0,
        pairs: 0,
        unpaired: 0,
        flip_rate: None,
        mean_abs_change: None,
        fail_rate: None,
        output_sensitivity: s.output_sensitivity,
        fail_threshold: s.fail_rate,
        levels: Vec::new(),
        features: Vec::new(),
        failed_features: 0,
        groups: Vec::new(),
    };
    let (Some(id), Some(pert)) = (d.column_index("row_id"), d.column_index("perturbation")) else {
        out.problem = Some("the scored file needs the row_id and perturbation columns of the perturbed data".into());
        return Some(out);
    };
    let col = |c: &Option<String>| c.as_deref().and_then(|c| d.column_index(c));
    let (pred, score) = (col(&r.prediction), col(&r.score));
    if pred.is_none() && score.is_none() {
        out.problem = Some("the scored file has neither the prediction nor the score column (roles)".into());
        return Some(out);
    }
    // A numeric prediction with many values and no score is a regression output.
    let regression = score.is_none()
        && pred.is_some_and(|p| {
            matches!(d.columns[p].kind, ColumnType::Integer | ColumnType::Float)
                && d.texts(p).into_iter().flatten().collect::<std::collections::BTreeSet<_>>().len() > 20
        });
    let ids = d.texts(id);
    let names = d.texts(pert);
    let labels = pred.filter(|_| !regression).map(|p| d.texts(p));
    let outputs: Option<Vec<Option<f64>>> = score.or(pred.filter(|_| regression)).map(|c| d.numbers(c));
    // `None`: a score that is not a probability and no threshold in its units (no decisions).
    let threshold = r.threshold;
    let decision = |row: usize| -> Option<String> {
        match &labels {
            Some(l) => l[row].clone(),
            None if !regression => {
                outputs.as_ref()?[row].filter(|v| v.is_finite()).and_then(|v| Some((v >= threshold?).to_string()))
            }
            None => None,
        }
    };
    let output = |row: usize| outputs.as_ref().and_then(|o| o[row]).filter(|v| v.is_finite());
    // The unperturbed row of each id.
    let mut original: HashMap<&str, usize> = HashMap::new();
    for row in 0..d.rows as usize {
        if let (Some(i), Some("none")) = (ids[row].as_deref(), names[row].as_deref()) {
            original.entry(i).or_insert(row);
        }
    }
    out.rows = original.len() as u64;
    let groupings: Vec<_> = r.sensitive.iter().filter_map(|a| grouping_of(d, a, config.fairness.bins.get(a))).collect();
    let mut per: BTreeMap<(String, String, String), Acc> = BTreeMap::new();
    let mut levels: BTreeMap<(String, String), Acc> = BTreeMap::new();
    let mut groups: Vec<Vec<Acc>> = groupings.iter().map(|g| vec![Acc::default(); g.labels.len()]).collect();
    let mut all = Acc::default();
    for row in 0..d.rows as usize {
        let Some(name) = names[row].as_deref().filter(|n| *n != "none") else { continue };
        let Some(&base) = ids[row].as_deref().and_then(|i| original.get(i)) else {
            out.unpaired += 1;
            continue;
        };
        let mut parts = name.rsplitn(3, ':');
        let (Some(level), Some(kind), Some(feature)) = (parts.next(), parts.next(), parts.next()) else {
            out.unpaired += 1;
            continue;
        };
        let flip = match (decision(base), decision(row)) {
            (Some(a), Some(b)) => Some(a != b),
            _ => None,
        };
        let change = match (output(base), output(row)) {
            (Some(a), Some(b)) => Some(((b - a).abs(), (b - a).abs() > s.output_sensitivity * a.abs())),
            _ => None,
        };
        if flip.is_none() && change.is_none() {
            out.unpaired += 1;
            continue;
        }
        out.pairs += 1;
        all.add(flip, change);
        per.entry((feature.to_string(), kind.to_string(), level.to_string())).or_default().add(flip, change);
        levels.entry((kind.to_string(), level.to_string())).or_default().add(flip, change);
        if let Some(f) = flip {
            for (g, acc) in groupings.iter().zip(&mut groups) {
                if let Some(code) = g.codes[base] {
                    acc[code as usize].add(Some(f), None);
                }
            }
        }
    }
    (out.flip_rate, out.mean_abs_change, out.fail_rate) = all.rates();
    let level_of = |l: &str| l.parse::<f64>().unwrap_or(f64::NAN);
    out.levels = levels
        .into_iter()
        .map(|((kind, level), a)| {
            let (flip_rate, mean_abs_change, fail_rate) = a.rates();
            LevelStability {
                perturbation: kind,
                level: level_of(&level),
                rows: a.n,
                flip_rate,
                mean_abs_change,
                fail_rate,
            }
        })
        .collect();
    out.levels.sort_by(|a, b| a.perturbation.cmp(&b.perturbation).then(a.level.total_cmp(&b.level)));
    out.features = per
        .into_iter()
        .map(|((feature, kind, level), a)| {
            let (flip_rate, mean_abs_change, fail_rate) = a.rates();
            let failed = flip_rate.or(fail_rate).is_some_and(|v| v >= s.fail_rate);
            let ci = flip_rate.or(fail_rate).and_then(|v| wilson((v * a.n as f64).round(), a.n as f64));
            FeatureStability {
                feature,
                perturbation: kind,
                level: level_of(&level),
                rows: a.n,
                flip_rate,
                mean_abs_change,
                fail_rate,
                ci,
                failed,
            }
        })
        .collect();
    let badness = |f: &FeatureStability| f.flip_rate.or(f.fail_rate).unwrap_or(0.0);
    out.features.sort_by(|a, b| {
        badness(b)
            .total_cmp(&badness(a))
            .then(a.feature.cmp(&b.feature))
            .then(a.perturbation.cmp(&b.perturbation))
            .then(a.level.total_cmp(&b.level))
    });
    out.failed_features = out.features.iter().filter(|f| f.failed).count() as u64;
    for (g, acc) in groupings.iter().zip(groups) {
        let mut pairs: Vec<(&String, Acc)> = g.labels.iter().zip(acc).collect();
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        for (label, a) in pairs {
            if a.decided >= config.fairness.min_group_size.max(1) {
                out.groups.push(GroupStability {
                    attribute: g.name.clone(),
                    group: label.clone(),
                    rows: a.decided,
                    flip_rate: a.flips as f64 / a.decided as f64,
                });
            }
        }
    }
    if out.pairs == 0 {
        out.problem =
            Some("no perturbed row pairs with an unperturbed row (perturbation = none) that has an output".into());
    }
    Some(out)
}

impl Check for Stability {
    const KEY: &'static str = "stability";
    const PRESETS: &'static [Preset] = &[Preset::ModelQuality, Preset::ModelComparison];

    fn needs(cx: &Context) -> Result<(), String> {
        match cx.inputs.scored {
            Some(_) => Ok(()),
            None => {
                Err("it needs the perturbed data scored by the model (a scored input, --scored, or an ONNX model)"
                    .into())
            }
        }
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Stability> {
        stability(cx.config, &cx.inputs)
    }

    /// A scored perturbed data set asks for the check whatever the preset.
    fn requested(cx: &Context) -> bool {
        cx.inputs.scored.is_some()
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![GateConfig::new("Predictions stable under small noise", "stability.features[*].failed == false")]
    }

    fn get(report: &Report) -> Option<&Stability> {
        report.stability.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.stability = Some(self);
    }
}
