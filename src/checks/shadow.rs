//! # Shadow deployment: does the shadow model agree with the live one on the same requests?
//!
//! **What it does.** Joins the live log (`current`) and the shadow model's log (`shadow` input)
//! by request id (`shadow.id`, default `roles.id`; see `join.rs`): the match rate (matched /
//! distinct live requests), requests logged on one side only, duplicate ids, the disagreement
//! rate (matched requests whose decision differs: the `roles.prediction` values, else
//! score ≥ `roles.threshold`), the distribution of the score delta (shadow − live), and the
//! agreement per group of each sensitive attribute (groups under `fairness.min_group_size`
//! hidden). It passes when the disagreement rate is at most `shadow.max_disagreement` (0.05).
//! **Reference.** A pandas implementation (`tests/fixtures/make_comparison_fixtures.py`).
//! **Read it as:** no labels are needed; a shadow model that disagrees on many requests, or on
//! one group far more than on others, deserves a labelled comparison before it goes live.

use serde::{Deserialize, Serialize};

use crate::checks::fairness::grouping_of;
use crate::checks::join::{join, keys};
use crate::checks::skew::Differences;
use crate::checks::{Check, Context, Inputs};
use crate::config::Config;
use crate::config::Preset;
use crate::data::Dataset;
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::wilson::wilson;
use serde_json::Value;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LiveShadow {
    pub live: u64,
    pub shadow: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShadowGroup {
    pub attribute: String,
    pub group: String,
    pub rows: u64,
    pub agreement_rate: f64,
    /// Wilson 95 % interval of the agreement rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Shadow {
    pub id: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
    pub rows_matched: u64,
    pub live_only: u64,
    pub shadow_only: u64,
    pub duplicate_ids: LiveShadow,
    pub missing_ids: LiveShadow,
    /// rows_matched / (rows_matched + live_only).
    pub match_rate: f64,
    /// Matched requests with both decisions.
    pub compared: u64,
    pub disagreements: u64,
    pub disagreement_rate: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score_delta: Option<Differences>,
    pub groups: Vec<ShadowGroup>,
    pub max_disagreement: f64,
    pub passed: bool,
}

/// `None` without a `shadow` input.
pub fn shadow(config: &Config, inputs: &Inputs) -> Option<Shadow> {
    let shadow = inputs.shadow?;
    let live = inputs.current.unwrap_or(inputs.reference);
    let r = &config.roles;
    let ids = config.join_keys(&config.shadow.id);
    let mut out = Shadow {
        id: ids.clone(),
        problem: None,
        rows_matched: 0,
        live_only: 0,
        shadow_only: 0,
        duplicate_ids: LiveShadow::default(),
        missing_ids: LiveShadow::default(),
        match_rate: 0.0,
        compared: 0,
        disagreements: 0,
        disagreement_rate: 0.0,
        score_delta: None,
        groups: Vec::new(),
        max_disagreement: config.shadow.max_disagreement,
        passed: false,
    };
    let (Some(lk), Some(sk)) = (keys(live, &ids).filter(|_| !ids.is_empty()), keys(shadow, &ids)) else {
        out.problem = Some(if ids.is_empty() {
            "set the request-id column(s) (roles.id or shadow.id) that join the live and shadow logs".into()
        } else {
            format!("the request-id column(s) {} must exist in both logs", ids.join(", "))
        });
        return Some(out);
    };
    let j = join(&lk, &sk);
    out.rows_matched = j.pairs.len() as u64;
    out.live_only = j.left_only;
    out.shadow_only = j.right_only;
    out.duplicate_ids = LiveShadow { live: j.duplicate_ids.left, shadow: j.duplicate_ids.right };
    out.missing_ids = LiveShadow { live: j.missing_ids.left, shadow: j.missing_ids.right };
    let distinct_live = out.rows_matched + out.live_only;
    out.match_rate = if distinct_live > 0 { out.rows_matched as f64 / distinct_live as f64 } else { 0.0 };
    let (lrows, srows): (Vec<usize>, Vec<usize>) = j.pairs.iter().copied().unzip();
    // `None`: a score that is not a probability and no threshold in its units (no decisions).
    let threshold = r.threshold;
    let score =
        |d: &Dataset, rows: &[usize]| r.score.as_deref().and_then(|s| d.column_index(s)).map(|i| d.numbers_at(i, rows));
    let (ls, ss) = (score(live, &lrows), score(shadow, &srows));
    let decisions = |d: &Dataset, rows: &[usize], s: &Option<Vec<Option<f64>>>| -> Option<Vec<Option<String>>> {
        match r.prediction.as_deref().and_then(|p| d.column_index(p)) {
            Some(i) => Some(d.texts_at(i, rows)),
            None => {
                let t = threshold?;
                s.as_ref()
                    .map(|s| s.iter().map(|v| v.filter(|x| x.is_finite()).map(|x| (x >= t).to_string())).collect())
            }
        }
    };
    let (Some(ld), Some(sd)) = (decisions(live, &lrows, &ls), decisions(shadow, &srows, &ss)) else {
        out.problem = Some(
            "both logs need the prediction (roles.prediction) or score (roles.score) column; a score that is not a probability also needs roles.threshold in its units".into(),
        );
        return Some(out);
    };
    let agree: Vec<Option<bool>> = ld.iter().zip(&sd).map(|(a, b)| Some(a.as_ref()? == b.as_ref()?)).collect();
    out.compared = agree.iter().flatten().count() as u64;
    out.disagreements = agree.iter().flatten().filter(|a| !**a).count() as u64;
    out.disagreement_rate = if out.compared > 0 { out.disagreements as f64 / out.compared as f64 } else { 0.0 };
    if let (Some(a), Some(b)) = (&ls, &ss) {
        let d = a.iter().zip(b).filter_map(|(x, y)| Some(y.filter(|v| v.is_finite())? - x.filter(|v| v.is_finite())?));
        out.score_delta = Differences::of(d.collect());
    }
    for attribute in &r.sensitive {
        let Some(g) = grouping_of(live, attribute, config.fairness.bins.get(attribute)) else { continue };
        let mut per = vec![(0u64, 0u64); g.labels.len()];
        for (k, &row) in lrows.iter().enumerate() {
            if let (Some(code), Some(a)) = (g.codes[row], agree[k]) {
                per[code as usize].0 += 1;
                per[code as usize].1 += u64::from(a);
            }
        }
        let mut groups: Vec<ShadowGroup> = g
            .labels
            .iter()
            .zip(per)
            .filter(|(_, (n, _))| *n >= config.fairness.min_group_size.max(1))
            .map(|(label, (n, a))| ShadowGroup {
                attribute: attribute.clone(),
                group: label.clone(),
                rows: n,
                agreement_rate: a as f64 / n as f64,
                ci: wilson(a as f64, n as f64),
            })
            .collect();
        groups.sort_by(|a, b| a.group.cmp(&b.group));
        out.groups.extend(groups);
    }
    out.passed = out.compared > 0 && out.disagreement_rate <= out.max_disagreement;
    Some(out)
}

impl Check for Shadow {
    const KEY: &'static str = "shadow";
    const PRESETS: &'static [Preset] = &[Preset::ModelComparison];

    fn needs(cx: &Context) -> Result<(), String> {
        match cx.inputs.shadow {
            Some(_) => Ok(()),
            None => Err("it needs the shadow model's log (a shadow input, --shadow)".into()),
        }
    }

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Shadow> {
        shadow(cx.config, &cx.inputs)
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![GateConfig::new("Shadow model agrees with the live one", "shadow.passed == true")]
    }

    fn get(report: &Report) -> Option<&Shadow> {
        report.shadow.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.shadow = Some(self);
    }
}
