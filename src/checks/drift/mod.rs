//! # Univariate drift
//!
//! **What it does.** Compares each column's distribution in the current input with the
//! reference: one statistical test or distance per column, a verdict per column, and a verdict
//! for the data set (drifted when at least `drift_share` of the compared columns drift).
//!
//! **Method choice** (Evidently's `DataDriftPreset` default, so verdicts carry over): with at most
//! 1000 reference values, `ks` for numeric columns with more than 5 distinct values, otherwise
//! `chisquare` (or `z` when there are at most 2 distinct values); with more than 1000, the normed
//! `wasserstein` distance for numeric columns with more than 5 distinct values, otherwise
//! `jensenshannon`. A column is numeric when it holds floats, or integers with more than 5
//! distinct reference values (Evidently's rule); booleans and text are categorical; dates are not
//! compared. Missing and infinite values are dropped first, as Evidently does. Config keys under
//! `drift` override the choice (per column > numeric/categorical > all > default).
//!
//! **Verdicts.** p-value tests drift when p < threshold (`ks` and `cramer_von_mises`: p ≤
//! threshold, as in Evidently), distances when the distance ≥ threshold (`ed`: >). Every column
//! also reports an *effect size* — the normed Wasserstein distance for numeric columns, the
//! Jensen–Shannon distance for categorical ones — because with a million rows any p-value is tiny.
//! With `correction: "bh"` the p-values are adjusted by Benjamini–Hochberg across the columns
//! before the verdict (false discovery rate at the threshold).
//!
//! The statistics live in `stats/`, one file each, with formula, interpretation and reference.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use serde::{Deserialize, Serialize};

mod method;
pub mod multivariate;
pub mod over_time;
mod prepare;

pub use method::{apply, default_method};
pub use prepare::Prepared;

use crate::checks::{Check, Context};
use crate::config::Preset;
use crate::config::{Config, Correction, DriftMethod};
use crate::data::{ColumnType, Dataset};
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::benjamini_hochberg::benjamini_hochberg;
use crate::stats::ranks::merged_runs;
use crate::stats::{
    anderson, binning, cdf_distance, chisquare, cramer_von_mises, fisher_exact, g_test, hellinger, jensen_shannon,
    kl_div, ks, l_infinity, mann_whitney, psi, t_test, tvd, z_test,
};
use method::effect_size;
use multivariate::{multivariate, Multivariate};
use over_time::{Chunk, Chunking};
use prepare::{prepare, shares};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Numeric,
    Categorical,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EffectSize {
    pub name: String,
    pub value: Option<f64>,
}

/// Shares of each input per bin (numeric, `edges`) or per category (`labels`), for the charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Shares {
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub edges: Vec<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub labels: Vec<String>,
    pub reference: Vec<f64>,
    pub current: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ColumnDrift {
    pub column: String,
    pub kind: Kind,
    pub method: DriftMethod,
    pub statistic: Option<f64>,
    /// `None` for distances.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg adjusted p-value (only with `correction: "bh"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p_value_adjusted: Option<f64>,
    pub threshold: f64,
    pub drifted: bool,
    pub effect_size: EffectSize,
    /// "feature", "target" or "prediction".
    pub role: String,
    pub reference_rows: u64,
    pub current_rows: u64,
    pub shares: Shares,
    /// Why the method differs from the configured one, if it does.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Skipped {
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Drift {
    pub share_drifted: f64,
    pub drift_share: f64,
    pub dataset_drifted: bool,
    pub correction: Correction,
    /// Drift of the target and of the prediction (or score) column, reported apart.
    pub target_drifted: Option<bool>,
    pub prediction_drifted: Option<bool>,
    pub columns: Vec<ColumnDrift>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub skipped: Vec<Skipped>,
    /// How the current data was cut for drift over time (`None`: not cut).
    pub chunking: Option<Chunking>,
    /// The domain classifier: can a model tell current rows from reference rows?
    pub multivariate: Option<Multivariate>,
    /// Drift over time, one entry per chunk of the current data.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub chunks: Vec<Chunk>,
}

/// The drift check over `reference` and `current`.
pub fn drift(config: &Config, reference: &Dataset, current: &Dataset, progress: &mut dyn Progress) -> Drift {
    let d = &config.drift;
    let r = &config.roles;
    let role_of = |c: &str| {
        if r.target.as_deref() == Some(c) {
            "target"
        } else if r.prediction.as_deref() == Some(c) || r.score.as_deref() == Some(c) {
            "prediction"
        } else {
            "feature"
        }
    };
    let names: Vec<String> = if d.columns.is_empty() {
        let mut v = r.features.clone();
        v.extend([&r.target, &r.prediction, &r.score].into_iter().flatten().cloned());
        let mut seen = std::collections::HashSet::new();
        v.retain(|c| seen.insert(c.clone()));
        v
    } else {
        d.columns.clone()
    };
    let mut columns = Vec::new();
    let mut skipped = Vec::new();
    let total = names.len() as u64;
    for (n, name) in names.iter().enumerate() {
        progress.set(n as u64, total);
        if progress.is_cancelled() {
            break;
        }
        let p = match prepare(reference, current, name) {
            Ok(p) => p,
            Err(reason) => {
                skipped.push(Skipped { column: name.clone(), reason });
                continue;
            }
        };
        let kind_method = if p.kind == Kind::Numeric { d.num_method } else { d.cat_method };
        let mut note = None;
        let method = if let Some(&m) = d.per_column_method.get(name) {
            if !m.allows(p.kind) {
                let kind = if p.kind == Kind::Numeric { "numeric" } else { "categorical" };
                skipped.push(Skipped {
                    column: name.clone(),
                    reason: format!("drift.per_column_method {} does not apply to a {kind} column", m.name()),
                });
                continue;
            }
            m
        } else if let Some(m) = kind_method.or(d.method) {
            if m.allows(p.kind) {
                m
            } else {
                let fallback = default_method(&p);
                note = Some(format!("{} does not apply to this column; used {}", m.name(), fallback.name()));
                fallback
            }
        } else {
            default_method(&p)
        };
        let kind_threshold = if p.kind == Kind::Numeric { d.num_threshold } else { d.cat_threshold };
        let threshold = d
            .per_column_threshold
            .get(name)
            .copied()
            .or(kind_threshold)
            .or(d.threshold)
            .unwrap_or_else(|| method.default_threshold());
        let (statistic, p_value) = match apply(method, &p) {
            Ok(v) => v,
            Err(reason) => {
                skipped.push(Skipped { column: name.clone(), reason });
                continue;
            }
        };
        let value = if method.is_test() { p_value } else { statistic };
        let drifted = value.is_some_and(|v| method.drifted(v, threshold));
        columns.push(ColumnDrift {
            column: name.clone(),
            kind: p.kind,
            method,
            effect_size: effect_size(method, statistic, &p),
            statistic: statistic.filter(|s| s.is_finite()),
            p_value,
            p_value_adjusted: None,
            threshold,
            drifted,
            role: role_of(name).to_string(),
            reference_rows: p.rows[0],
            current_rows: p.rows[1],
            shares: shares(&p),
            note,
        });
    }
    progress.set(total, total);
    if d.correction == Correction::Bh {
        let tested: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].p_value.is_some()).collect();
        let raw: Vec<f64> = tested.iter().filter_map(|&i| columns[i].p_value).collect();
        for (&i, adj) in tested.iter().zip(benjamini_hochberg(&raw)) {
            let c = &mut columns[i];
            c.p_value_adjusted = Some(adj);
            c.drifted = c.method.drifted(adj, c.threshold);
        }
    }
    let drifted = columns.iter().filter(|c| c.drifted).count();
    let share_drifted = if columns.is_empty() { 0.0 } else { drifted as f64 / columns.len() as f64 };
    let verdict_of = |role: &str| columns.iter().find(|c| c.role == role).map(|c| c.drifted);
    let (chunking, chunks) = match over_time::chunks(config, reference, current, &columns, progress) {
        Some((c, k)) => (Some(c), k),
        None => (None, Vec::new()),
    };
    let multivariate = multivariate(config, reference, current, progress);
    Drift {
        multivariate,
        chunking,
        chunks,
        share_drifted,
        drift_share: d.drift_share,
        dataset_drifted: !columns.is_empty() && share_drifted >= d.drift_share,
        correction: d.correction,
        target_drifted: verdict_of("target"),
        prediction_drifted: verdict_of("prediction"),
        columns,
        skipped,
    }
}

impl Check for Drift {
    const KEY: &'static str = "drift";
    const PRESETS: &'static [Preset] = &[Preset::DataDrift];
    /// Drift tests every column, builds the domain classifier and the chunks over time: the
    /// longest of the checks on a plain reference/current pair.
    const WEIGHT: u64 = 3;

    fn needs(cx: &Context) -> Result<(), String> {
        cx.current().map(|_| ())
    }

    fn run(cx: &Context, progress: &mut dyn Progress) -> Option<Drift> {
        Some(drift(cx.config, cx.inputs.reference, cx.inputs.current?, progress))
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![GateConfig::new("No data-set drift", "drift.dataset_drifted == false")]
    }

    fn get(report: &Report) -> Option<&Drift> {
        report.drift.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.drift = Some(self);
    }
}
