//! # Canary release: is the canary arm doing worse than the control arm?
//!
//! **What it does.** Splits the rows into two arms: the `canary` input against `current`, or,
//! with `canary.arm`, the rows of `current` whose arm column equals `canary.canary_value` against
//! the other rows. With the target and a prediction (or score ≥ `roles.threshold`), it compares
//! the error rates; without a target, the positive-decision rates. The difference
//! (canary − control) gets the pooled two-proportion z-test and Newcombe's 95 % interval
//! (`stats/wilson.rs`); with a score, the two-sample Kolmogorov–Smirnov test tells whether the
//! prediction distribution moved. **Verdict:** `hold` when the canary's error rate is significantly
//! higher (p < `canary.alpha`; a positive rate: significantly different either way) or its
//! scores drifted (KS p < alpha), else `promote`.
//! **Reference.** statsmodels `proportions_ztest` and `confint_proportions_2indep(method=
//! "newcomb")`, scipy `ks_2samp` (`tests/it/comparison_matches_reference.rs`).

use serde::{Deserialize, Serialize};

use crate::checks::performance::sort_labels;
use crate::checks::{Check, Context, Inputs};
use crate::config::Config;
use crate::config::Preset;
use crate::data::Dataset;
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::ks::ks_2samp;
use crate::stats::special::normal_sf;
use crate::stats::wilson::newcombe_difference;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Arm {
    pub rows: u64,
    /// Errors (or positive decisions without a target).
    pub events: u64,
    pub rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Test {
    pub statistic: f64,
    pub p_value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Canary {
    /// `error_rate` or `positive_rate`.
    pub metric: String,
    /// How the arms were told apart.
    pub arms: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
    pub control: Arm,
    pub canary: Arm,
    /// canary − control.
    pub difference: f64,
    pub ci: Option<[f64; 2]>,
    pub z_test: Option<Test>,
    /// Kolmogorov–Smirnov on the scores.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ks: Option<Test>,
    pub verdict: CanaryVerdict,
    /// Why it holds (empty when it may be promoted).
    pub reasons: Vec<HoldReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CanaryVerdict {
    /// Nothing significant against the canary.
    Promote,
    /// A reason below, or nothing compared.
    Hold,
}

/// Why the canary is held back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HoldReason {
    /// The canary's `metric` differs significantly (z-test): a higher error rate, or a positive
    /// rate that moved either way.
    RateChanged { canary: f64, control: f64, p_value: f64 },
    /// The canary's scores drifted from the control's (KS test).
    ScoresDrifted { p_value: f64 },
}

/// Per row: the event (error, or positive decision) and the score.
fn events(config: &Config, d: &Dataset, rows: &[usize], positive: Option<&str>) -> (Vec<bool>, Vec<f64>, bool) {
    let r = &config.roles;
    let col = |c: &Option<String>| c.as_deref().and_then(|c| d.column_index(c));
    let scores: Vec<Option<f64>> = col(&r.score).map(|i| d.numbers_at(i, rows)).unwrap_or_default();
    let preds: Option<Vec<Option<String>>> = col(&r.prediction).map(|i| d.texts_at(i, rows));
    let truth: Option<Vec<Option<String>>> = col(&r.target).map(|i| d.texts_at(i, rows));
    // `None`: a score that is not a probability and no threshold in its units (no decisions).
    let threshold = r.threshold;
    let decision = |k: usize| -> Option<String> {
        match &preds {
            Some(p) => p[k].clone(),
            None => {
                let s = scores.get(k).copied().flatten().filter(|s| s.is_finite())?;
                let pos = positive?;
                Some(if s >= threshold? { pos.to_string() } else { format!("not {pos}") })
            }
        }
    };
    let mut ev = Vec::new();
    for k in 0..rows.len() {
        let Some(dec) = decision(k) else { continue };
        match &truth {
            Some(t) => {
                if let Some(t) = &t[k] {
                    ev.push(&dec != t);
                }
            }
            None => ev.push(positive.is_some_and(|p| dec == p)),
        }
    }
    let mut s: Vec<f64> = scores.into_iter().flatten().filter(|s| s.is_finite()).collect();
    s.sort_by(f64::total_cmp); // the KS test takes ascending samples
    (ev, s, truth.is_some())
}

/// `None` without a `canary` input or `canary.arm`.
pub fn canary(config: &Config, inputs: &Inputs) -> Option<Canary> {
    let c = &config.canary;
    let current = inputs.current;
    let canary_input = inputs.canary;
    let mut out = Canary {
        metric: String::new(),
        arms: String::new(),
        problem: None,
        control: Arm { rows: 0, events: 0, rate: 0.0 },
        canary: Arm { rows: 0, events: 0, rate: 0.0 },
        difference: 0.0,
        ci: None,
        z_test: None,
        ks: None,
        verdict: CanaryVerdict::Hold,
        reasons: Vec::new(),
    };
    // (data, rows) of the control and the canary arm.
    let arms: [(&Dataset, Vec<usize>); 2] = match (canary_input, &c.arm, current) {
        (Some(k), _, Some(cur)) => {
            out.arms = "the canary input against the current input".into();
            [(cur, (0..cur.rows as usize).collect()), (k, (0..k.rows as usize).collect())]
        }
        (Some(k), _, None) => {
            let reference = inputs.reference;
            out.arms = "the canary input against the reference input".into();
            [(reference, (0..reference.rows as usize).collect()), (k, (0..k.rows as usize).collect())]
        }
        (None, Some(arm), _) => {
            let d = current.unwrap_or(inputs.reference);
            let Some(i) = d.column_index(arm) else {
                out.problem = Some(format!("canary.arm: no column \"{arm}\""));
                return Some(out);
            };
            out.arms = format!("rows with {arm} = {} against the other rows", c.canary_value);
            let texts = d.texts(i);
            let (mut control, mut canary) = (Vec::new(), Vec::new());
            for (row, t) in texts.iter().enumerate() {
                match t {
                    Some(v) if *v == c.canary_value => canary.push(row),
                    Some(_) => control.push(row),
                    None => {}
                }
            }
            [(d, control), (d, canary)]
        }
        (None, None, _) => return None,
    };
    // The positive class: the larger target (or prediction) value over both arms.
    let r = &config.roles;
    let mut labels: Vec<String> = Vec::new();
    for (d, rows) in &arms {
        for col in [&r.target, &r.prediction].into_iter().flatten() {
            if let Some(i) = d.column_index(col) {
                labels.extend(d.texts_at(i, rows).into_iter().flatten());
            }
        }
    }
    labels.sort();
    labels.dedup();
    sort_labels(&mut labels);
    let positive = labels.last().map(String::as_str);
    let (e0, s0, t0) = events(config, arms[0].0, &arms[0].1, positive);
    let (e1, s1, t1) = events(config, arms[1].0, &arms[1].1, positive);
    out.metric = if t0 && t1 { "error_rate" } else { "positive_rate" }.into();
    let arm = |e: &[bool]| {
        let k = e.iter().filter(|x| **x).count() as u64;
        Arm { rows: e.len() as u64, events: k, rate: if e.is_empty() { 0.0 } else { k as f64 / e.len() as f64 } }
    };
    (out.control, out.canary) = (arm(&e0), arm(&e1));
    if out.control.rows == 0 || out.canary.rows == 0 {
        out.problem = Some("each arm needs rows with a prediction (or score) and, for error rates, the target".into());
        return Some(out);
    }
    let (k1, n1, k0, n0) =
        (out.canary.events as f64, out.canary.rows as f64, out.control.events as f64, out.control.rows as f64);
    out.difference = k1 / n1 - k0 / n0;
    out.ci = newcombe_difference(k1, n1, k0, n0);
    let pooled = (k1 + k0) / (n1 + n0);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0)).sqrt();
    out.z_test = Some(if se > 0.0 {
        let z = out.difference / se;
        Test { statistic: z, p_value: (2.0 * normal_sf(z.abs())).min(1.0) }
    } else {
        Test { statistic: 0.0, p_value: 1.0 }
    });
    out.ks = ks_2samp(&s1, &s0).map(|k| Test { statistic: k.statistic, p_value: k.p_value });
    let alpha = c.alpha;
    if let Some(z) = &out.z_test {
        // A higher error rate is worse; a positive rate that moves either way is a change.
        if (out.difference > 0.0 || out.metric == "positive_rate") && z.p_value < alpha {
            out.reasons.push(HoldReason::RateChanged {
                canary: out.canary.rate,
                control: out.control.rate,
                p_value: z.p_value,
            });
        }
    }
    if let Some(k) = &out.ks {
        if k.p_value < alpha {
            out.reasons.push(HoldReason::ScoresDrifted { p_value: k.p_value });
        }
    }
    out.verdict = if out.reasons.is_empty() { CanaryVerdict::Promote } else { CanaryVerdict::Hold };
    Some(out)
}

impl Check for Canary {
    const KEY: &'static str = "canary";
    const PRESETS: &'static [Preset] = &[Preset::ModelComparison];

    fn needs(cx: &Context) -> Result<(), String> {
        match (cx.inputs.canary, &cx.config.canary.arm) {
            (None, None) => Err("it needs a canary arm: a canary input (--canary) or a column naming each row's arm (canary.arm, --canary-arm)".into()),
            _ => Ok(()),
        }
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Canary> {
        canary(cx.config, &cx.inputs)
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![GateConfig::new("Canary may be promoted", "canary.verdict == \"promote\"")]
    }

    fn get(report: &Report) -> Option<&Canary> {
        report.canary.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.canary = Some(self);
    }
}
