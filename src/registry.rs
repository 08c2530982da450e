//! The table of checks: every check once, in report order. The run, its progress, the presets,
//! the default gates, the key findings, the HTML sections and the CLI summary all iterate over
//! [`CHECKS`]; nothing else lists the checks.
//!
//! Adding a check (ARCHITECTURE.md walks through it):
//! 1. a file in `src/checks/` with its result type, `impl Check` (key, presets, what it needs,
//!    how it computes, default gates, where it lives in the [`Report`]);
//! 2. a file in `src/report/html/` with `impl Present` (its section, key findings, CLI line);
//! 3. its field in [`Report`] and one line in [`CHECKS`].

use maud::Markup;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::checks::canary::Canary;
use crate::checks::comparison::Comparison;
use crate::checks::cost::Cost;
use crate::checks::drift::Drift;
use crate::checks::fairness::Fairness;
use crate::checks::leakage::Leakage;
use crate::checks::performance::Performance;
use crate::checks::quality::Quality;
use crate::checks::segments::Segments;
use crate::checks::shadow::Shadow;
use crate::checks::skew::Skew;
use crate::checks::stability::Stability;
use crate::checks::summary::Summaries;
use crate::checks::{Check, Context};
use crate::config::{Config, Preset};
use crate::gates::GateConfig;
use crate::progress::{Progress, Steps};
use crate::report::html::{KeyFinding, Present};
use crate::report::Report;

/// Every check, in the order of the report's sections.
pub static CHECKS: [Entry; 13] = [
    entry::<Quality>(),
    entry::<Comparison>(),
    entry::<Skew>(),
    entry::<Shadow>(),
    entry::<Canary>(),
    entry::<Stability>(),
    entry::<Performance>(),
    entry::<Fairness>(),
    entry::<Segments>(),
    entry::<Cost>(),
    entry::<Drift>(),
    entry::<Leakage>(),
    entry::<Summaries>(),
];

/// A check that did not run, and why (the report's `skipped` list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Skipped {
    /// The check's JSON key.
    pub check: String,
    /// Why it did not run, as a sentence.
    pub reason: String,
}

/// One row of [`CHECKS`]: a check's type, erased to what the run and the report ask of it.
pub struct Entry {
    /// The check's JSON key.
    pub key: &'static str,
    /// Its share of the progress bar, in steps.
    pub weight: u64,
    presets: &'static [Preset],
    needs: fn(&Context) -> Result<(), String>,
    requested: fn(&Context) -> bool,
    compute: fn(&Context, &mut dyn Progress, &mut Report) -> bool,
    defaults: fn(&Config, &Value) -> Vec<GateConfig>,
    ran: fn(&Report) -> bool,
    /// Its section of the HTML report, when it ran.
    pub section: fn(&Report) -> Option<Markup>,
    /// Its key findings, when it ran.
    pub key_findings: fn(&Report) -> Vec<KeyFinding>,
    /// Its line in the CLI's summary, when it ran and has one.
    pub cli_line: fn(&Report) -> Option<String>,
}

const fn entry<C: Check + Present>() -> Entry {
    Entry {
        key: C::KEY,
        weight: C::WEIGHT,
        presets: C::PRESETS,
        needs: C::needs,
        requested: C::requested,
        compute: compute::<C>,
        defaults: C::default_gates,
        ran: ran::<C>,
        section: section::<C>,
        key_findings: key_findings_of::<C>,
        cli_line: cli_line::<C>,
    }
}

fn compute<C: Check>(cx: &Context, progress: &mut dyn Progress, report: &mut Report) -> bool {
    C::run(cx, progress).map(|result| result.put(report)).is_some()
}

fn ran<C: Check>(report: &Report) -> bool {
    C::get(report).is_some()
}

fn section<C: Check + Present>(report: &Report) -> Option<Markup> {
    C::get(report).map(|c| c.section(report))
}

fn key_findings_of<C: Check + Present>(report: &Report) -> Vec<KeyFinding> {
    C::get(report).map(|c| c.key_findings(report)).unwrap_or_default()
}

fn cli_line<C: Check + Present>(report: &Report) -> Option<String> {
    C::get(report).and_then(|c| c.cli_line())
}

impl Entry {
    /// Whether `preset` runs this check.
    pub fn in_preset(&self, preset: Preset) -> bool {
        preset == Preset::Full || self.presets.contains(&preset)
    }

    /// Runs the check into `report`, or says in `report.skipped` why it did not run.
    fn run(&self, cx: &Context, steps: &mut Steps, report: &mut Report) {
        let mut part = steps.take(self.weight);
        let preset = cx.config.preset;
        let reason = if !self.in_preset(preset) && !(self.requested)(cx) {
            Err(format!("the preset {} leaves it out", preset.name()))
        } else {
            (self.needs)(cx)
        };
        let outcome = reason.and_then(|()| match (self.compute)(cx, &mut part, report) {
            true => Ok(()),
            false => Err("the inputs and roles do not allow it".to_string()),
        });
        if let Err(reason) = outcome {
            report.skipped.push(Skipped { check: self.key.to_string(), reason });
        }
    }

    /// Its default gates, when it ran (`report` is the report's JSON).
    pub fn default_gates(&self, config: &Config, report: &Value) -> Vec<GateConfig> {
        if report.get(self.key).is_some_and(|v| !v.is_null()) {
            (self.defaults)(config, report)
        } else {
            Vec::new()
        }
    }

    /// Whether it ran in `report`.
    pub fn ran(&self, report: &Report) -> bool {
        (self.ran)(report)
    }
}

/// Progress steps of the checks together.
pub fn weight() -> u64 {
    CHECKS.iter().map(|c| c.weight).sum()
}

/// Runs every check in table order.
pub fn run_all(cx: &Context, steps: &mut Steps, report: &mut Report) {
    for check in &CHECKS {
        check.run(cx, steps, report);
    }
}

/// The default gates of every check that ran, in table order.
pub fn default_gates(config: &Config, report: &Value) -> Vec<GateConfig> {
    CHECKS.iter().flat_map(|c| c.default_gates(config, report)).collect()
}

/// The key findings of every check that ran: critical ones first, then in table order.
pub fn key_findings(report: &Report) -> Vec<KeyFinding> {
    let mut out: Vec<KeyFinding> = CHECKS.iter().flat_map(|c| (c.key_findings)(report)).collect();
    out.sort_by_key(|f| !f.critical);
    out
}
