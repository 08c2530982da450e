//! Runs every configured check over the loaded inputs and assembles the [`Report`].

use std::collections::BTreeMap;

use crate::checks::summary::{summarize, InputSummary};
use crate::checks::{Context, Inputs, Slot};
use crate::config::{Config, Roles};
use crate::data::{roles, Dataset};
use crate::error::ConfigError;
use crate::gates::{gates, Gate, Verdict};
use crate::progress::{Progress, Steps};
use crate::registry;
use crate::report::{InputInfo, Report};

/// A loaded input in its named slot (`reference`, `current`, ...).
pub struct Input<'a> {
    pub name: &'a str,
    pub data: &'a Dataset,
}

/// The configuration as it will be applied: roles suggested from the first input when the
/// config names none, `features` spelled out (every column without another role).
pub fn effective_config(config: &Config, inputs: &[Input]) -> Result<Config, ConfigError> {
    effective(config, &typed(inputs)?)
}

/// [`effective_config`] on typed inputs.
pub fn effective(config: &Config, inputs: &Inputs) -> Result<Config, ConfigError> {
    config.validate()?;
    let mut out = config.clone();
    let reference = inputs.reference;
    if out.roles == Roles::default() {
        out.roles = roles::suggest(&reference.columns);
    }
    let missing: Vec<(&str, &str)> =
        out.named_columns().into_iter().filter(|(_, c)| reference.column_index(c).is_none()).collect();
    if let Some((key, _)) = missing.first() {
        let columns = missing.iter().map(|(_, c)| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        return Err(ConfigError::UnknownColumns {
            key: key.to_string(),
            input: Slot::Reference.name().to_string(),
            columns,
        });
    }
    if out.roles.features.is_empty() {
        let r = &out.roles;
        let c = &out.comparison;
        let special =
            [&r.target, &r.prediction, &r.score, &r.id, &r.timestamp, &c.baseline_prediction, &c.baseline_score];
        out.roles.features = reference
            .column_names()
            .into_iter()
            .filter(|col| !special.iter().any(|s| s.as_deref() == Some(col.as_str())))
            .collect();
    }
    // Without a threshold a probability is cut at 0.5; any other score (a decile, a credit
    // score, a logit) gets no default: the checks that need decisions say they need one.
    if let (Some(score), None) = (&out.roles.score, out.roles.threshold) {
        let scores = reference.column_index(score).map(|i| reference.numbers(i)).unwrap_or_default();
        if crate::checks::outcomes::is_probability(scores.into_iter().flatten()) {
            out.roles.threshold = Some(0.5);
        }
    }
    Ok(out)
}

/// The typed inputs of a run: every name must be a slot the engine knows, and there must be a
/// reference.
pub fn typed<'a>(inputs: &[Input<'a>]) -> Result<Inputs<'a>, ConfigError> {
    let reference = inputs.iter().find(|i| i.name == Slot::Reference.name()).ok_or_else(no_reference)?;
    let mut typed = Inputs::reference(reference.data);
    for i in inputs {
        let slot = Slot::from_name(i.name).ok_or_else(|| {
            let known: Vec<&str> = Slot::ALL.iter().map(|s| s.name()).collect();
            ConfigError::Inputs(format!("no input slot \"{}\" (the slots are {})", i.name, known.join(", ")))
        })?;
        typed.set(slot, i.data);
    }
    Ok(typed)
}

/// A run without a reference input.
pub(crate) fn no_reference() -> ConfigError {
    ConfigError::Inputs("load a reference file first".into())
}

/// Computes the report. `generated_at` comes from the shell (the engine has no clock).
pub fn run(
    config: &Config,
    inputs: &[Input],
    generated_at: Option<String>,
    progress: &mut dyn Progress,
) -> Result<Report, ConfigError> {
    let typed = typed(inputs)?;
    let config = effective(config, &typed)?;
    // One step per input's summary, then each check's weight (registry::CHECKS).
    let count = typed.iter().count() as u64;
    let mut steps = Steps::new(progress, count + registry::weight());
    let summaries: BTreeMap<Slot, InputSummary> =
        typed.iter().map(|(slot, data)| (slot, summarize(data, &config.summary, &mut steps.next()))).collect();
    let mut report = Report {
        verdict: crate::gates::Verdict::NoGates,
        gates: Vec::new(),
        skipped: Vec::new(),
        cost: None,
        segments: None,
        comparison: None,
        skew: None,
        shadow: None,
        canary: None,
        stability: None,
        models: Vec::new(),
        fairness: None,
        performance: None,
        drift: None,
        leakage: None,
        quality: None,
        plumbline_version: crate::VERSION.to_string(),
        generated_at,
        inputs: inputs.iter().map(|i| InputInfo::of(i.name, i.data)).collect(),
        config: Config::default(),
        summary: BTreeMap::new(),
    };
    let cx = Context { config: &config, inputs: typed, summaries: &summaries };
    registry::run_all(&cx, &mut steps, &mut report);
    steps.finish();
    report.config = config;
    let value = serde_json::to_value(&report).unwrap_or_default();
    (report.gates, report.verdict) = judge(&report.config, &value);
    Ok(report)
}

/// The config's gates, or the default gates of the checks that ran (each check declares its
/// own: `Check::default_gates`), evaluated on `report` (its JSON value), and the verdict.
pub fn judge(config: &Config, report: &serde_json::Value) -> (Vec<Gate>, Verdict) {
    let list = config.gates.clone().unwrap_or_else(|| crate::registry::default_gates(config, report));
    gates(&list, config.gates_unevaluated, report)
}
