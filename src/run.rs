//! Runs every configured check over the loaded inputs and assembles the [`Report`].

use std::collections::BTreeMap;

use crate::checks::canary::canary;
use crate::checks::comparison::comparison;
use crate::checks::cost::cost;
use crate::checks::drift::drift;
use crate::checks::fairness::fairness;
use crate::checks::gates::gates;
use crate::checks::leakage::leakage;
use crate::checks::performance::performance;
use crate::checks::quality::{quality, Summarised};
use crate::checks::segments::segments;
use crate::checks::shadow::shadow;
use crate::checks::skew::skew;
use crate::checks::stability::stability;
use crate::checks::summary::{summarize, InputSummary};
use crate::config::{Config, Roles};
use crate::data::{roles, Dataset};
use crate::error::ConfigError;
use crate::progress::{Progress, Steps};
use crate::report::{InputInfo, Report};

/// A loaded input in its named slot (`reference`, `current`, ...).
pub struct Input<'a> {
    pub name: &'a str,
    pub data: &'a Dataset,
}

/// The configuration as it will be applied: roles suggested from the first input when the
/// config names none, `features` spelled out (every column without another role).
pub fn effective_config(config: &Config, inputs: &[Input]) -> Result<Config, ConfigError> {
    config.validate()?;
    let mut out = config.clone();
    let Some(first) = inputs.first() else {
        return Ok(out);
    };
    if out.roles == Roles::default() {
        out.roles = roles::suggest(&first.data.columns);
    }
    let missing: Vec<(&str, &str)> =
        out.named_columns().into_iter().filter(|(_, c)| first.data.column_index(c).is_none()).collect();
    if let Some((key, _)) = missing.first() {
        let columns = missing.iter().map(|(_, c)| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        return Err(ConfigError::UnknownColumns { key: key.to_string(), input: first.name.to_string(), columns });
    }
    if out.roles.features.is_empty() {
        let r = &out.roles;
        let c = &out.comparison;
        let special =
            [&r.target, &r.prediction, &r.score, &r.id, &r.timestamp, &c.baseline_prediction, &c.baseline_score];
        out.roles.features = first
            .data
            .column_names()
            .into_iter()
            .filter(|col| !special.iter().any(|s| s.as_deref() == Some(col.as_str())))
            .collect();
    }
    // Without a threshold a probability is cut at 0.5; any other score (a decile, a credit
    // score, a logit) gets no default: the checks that need decisions say they need one.
    if let (Some(score), None) = (&out.roles.score, out.roles.threshold) {
        let scores = first.data.column_index(score).map(|i| first.data.numbers(i)).unwrap_or_default();
        if crate::checks::outcomes::is_probability(scores.into_iter().flatten()) {
            out.roles.threshold = Some(0.5);
        }
    }
    Ok(out)
}

/// Steps of [`run`] besides the inputs' summaries: quality, leakage, drift and the nine
/// model checks.
const CHECK_STEPS: u64 = 12;

/// Computes the report. `generated_at` comes from the shell (the engine has no clock).
pub fn run(
    config: &Config,
    inputs: &[Input],
    generated_at: Option<String>,
    progress: &mut dyn Progress,
) -> Result<Report, ConfigError> {
    let config = effective_config(config, inputs)?;
    // One step per input's summary and one per check below.
    let mut steps = Steps::new(progress, inputs.len() as u64 + CHECK_STEPS);
    let summaries: Vec<InputSummary> =
        inputs.iter().map(|i| summarize(i.data, &config.summary, &mut steps.next())).collect();
    let summarised: Vec<Summarised> =
        inputs.iter().zip(&summaries).map(|(i, s)| Summarised { name: i.name, data: i.data, summary: s }).collect();
    steps.next();
    let mut quality = summarised.first().map(|reference| {
        let current = summarised.iter().find(|s| s.name == "current");
        let r = &config.roles;
        let outputs: Vec<&str> =
            [&r.target, &r.prediction, &r.score].into_iter().flatten().map(String::as_str).collect();
        quality(&config.quality, reference, current, &outputs)
    });
    // Production timestamps lie after the training range and production ids are new: for the
    // timestamp and id columns those findings are expected, not problems.
    if let Some(q) = &mut quality {
        let expected = [&config.roles.timestamp, &config.roles.id];
        q.findings.retain(|f| {
            !(matches!(f.kind.as_str(), "out_of_range" | "new_categories")
                && f.column.as_ref().is_some_and(|c| expected.iter().any(|e| e.as_deref() == Some(c.as_str()))))
        });
    }
    drop(summarised);
    let mut summary: BTreeMap<String, InputSummary> =
        inputs.iter().zip(summaries).map(|(i, s)| (i.name.to_string(), s)).collect();
    // Privacy: a frequent-value list never shows a value fewer than min_group_size rows hold.
    for s in summary.values_mut() {
        for c in &mut s.columns {
            let before = c.top.len();
            c.top.retain(|t| t.count >= config.fairness.min_group_size);
            c.top_suppressed = (before - c.top.len()) as u64;
        }
    }
    let runs = |check: &str| config.preset.runs(check);
    steps.next();
    let leakage = inputs.first().filter(|_| runs("leakage")).map(|reference| {
        let current = inputs.iter().find(|i| i.name == "current").map(|i| i.data);
        leakage(&config, reference.data, current)
    });
    let drift_progress = &mut steps.next();
    let drift = match (inputs.first(), inputs.iter().find(|i| i.name == "current")) {
        (Some(reference), Some(current)) if runs("drift") => {
            Some(drift(&config, reference.data, current.data, drift_progress))
        }
        _ => None,
    };
    let named: Vec<(&str, &Dataset)> = inputs.iter().map(|i| (i.name, i.data)).collect();
    let mut step = |check: &str| {
        steps.next();
        runs(check)
    };
    let performance = step("performance").then(|| performance(&config, &named)).flatten();
    let fairness = step("fairness").then(|| fairness(&config, &named)).flatten();
    let cost = step("cost").then(|| cost(&config, &named)).flatten();
    let segments = step("segments").then(|| segments(&config, &named)).flatten();
    let comparison = step("comparison").then(|| comparison(&config, &named)).flatten();
    let skew = step("skew").then(|| skew(&config, &named)).flatten();
    let shadow = step("shadow").then(|| shadow(&config, &named)).flatten();
    let canary = step("canary").then(|| canary(&config, &named)).flatten();
    // A scored perturbed data set asks for the stability check whatever the preset.
    let scored = named.iter().any(|(n, _)| *n == "scored");
    let stability = (step("stability") || scored).then(|| stability(&config, &named)).flatten();
    steps.finish();
    let mut report = Report {
        verdict: String::new(),
        gates: Vec::new(),
        cost,
        segments,
        comparison,
        skew,
        shadow,
        canary,
        stability,
        models: Vec::new(),
        fairness,
        performance,
        drift,
        leakage,
        quality,
        plumbline_version: crate::VERSION.to_string(),
        generated_at,
        inputs: inputs.iter().map(|i| InputInfo::of(i.name, i.data)).collect(),
        config,
        summary,
    };
    let value = serde_json::to_value(&report).unwrap_or_default();
    (report.gates, report.verdict) = gates(&report.config, &value);
    Ok(report)
}
