//! Checks, one file each. A check is one type — the result it computes — that implements
//! [`Check`]: its JSON key, the presets that run it, its progress weight, what it needs (and
//! why it did not run without it), how it computes, and its default acceptance gates. What the
//! report shows of it (its section, its key findings, its line in the CLI) is its
//! [`crate::report::html::Present`] impl. [`crate::registry::CHECKS`] lists every check once,
//! in report order; the run, progress, presets, default gates, key findings, the HTML sections
//! and the CLI summary iterate over that table. Checks never format numbers or write HTML.

pub mod canary;
pub mod comparison;
pub mod cost;
pub mod drift;
pub mod fairness;
pub mod findings;
pub mod join;
pub mod label;
pub mod leakage;
pub mod metric;
pub mod outcomes;
pub mod performance;
pub mod perturb;
pub mod quality;
pub mod segments;
pub mod shadow;
pub mod skew;
pub mod stability;
pub mod summary;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::checks::summary::InputSummary;
use crate::config::{Config, Preset};
use crate::data::Dataset;
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;

/// One check: a result type that knows how it is computed and where it goes in the report.
pub trait Check: Sized {
    /// Its key in the report's JSON (and the name presets and skip reasons use).
    const KEY: &'static str;
    /// The presets that run it besides `full` (which runs every check).
    const PRESETS: &'static [Preset];
    /// Its share of a run's progress bar, in steps of equal length.
    const WEIGHT: u64 = 1;

    /// Why it cannot run on these inputs and roles (`Err` with a sentence), checked before
    /// [`Check::run`]: no current input, no target, no sensitive attribute, ….
    fn needs(_cx: &Context) -> Result<(), String> {
        Ok(())
    }

    /// Computes the result; `None` when the data does not allow it after all (the report then
    /// says it did not run, with a general reason).
    fn run(cx: &Context, progress: &mut dyn Progress) -> Option<Self>;

    /// Whether the inputs ask for it although the preset leaves it out (a scored perturbed data
    /// set asks for the stability check).
    fn requested(_cx: &Context) -> bool {
        false
    }

    /// Its default acceptance gates (used when the config names none), given the report's
    /// JSON; asked only when it ran.
    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        Vec::new()
    }

    /// Where its result lives in the report.
    fn get(report: &Report) -> Option<&Self>;
    /// Puts its result into the report.
    fn put(self, report: &mut Report);
}

/// A named input slot. The shells name slots by these strings (`--current`, the app's slots,
/// the worker's messages); the engine uses the typed [`Inputs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// The training data (or the data every other input is compared with).
    Reference,
    /// The production data.
    Current,
    /// The old model's outputs (model comparison).
    Baseline,
    /// The serving pipeline's features (train/serve skew).
    Serving,
    /// The shadow model's log.
    Shadow,
    /// The canary arm.
    Canary,
    /// The perturbed data set scored by the user's model (stability).
    Scored,
}

impl Slot {
    /// Every slot, in the order the engine visits them.
    pub const ALL: [Slot; 7] =
        [Slot::Reference, Slot::Current, Slot::Baseline, Slot::Serving, Slot::Shadow, Slot::Canary, Slot::Scored];

    pub const fn name(self) -> &'static str {
        match self {
            Slot::Reference => "reference",
            Slot::Current => "current",
            Slot::Baseline => "baseline",
            Slot::Serving => "serving",
            Slot::Shadow => "shadow",
            Slot::Canary => "canary",
            Slot::Scored => "scored",
        }
    }

    pub fn from_name(name: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The inputs of a run, by slot. There is always a reference.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub reference: &'a Dataset,
    pub current: Option<&'a Dataset>,
    pub baseline: Option<&'a Dataset>,
    pub serving: Option<&'a Dataset>,
    pub shadow: Option<&'a Dataset>,
    pub canary: Option<&'a Dataset>,
    pub scored: Option<&'a Dataset>,
}

impl<'a> Inputs<'a> {
    /// Only a reference.
    pub fn reference(reference: &'a Dataset) -> Inputs<'a> {
        Inputs { reference, current: None, baseline: None, serving: None, shadow: None, canary: None, scored: None }
    }

    /// The reference and the current data.
    pub fn pair(reference: &'a Dataset, current: Option<&'a Dataset>) -> Inputs<'a> {
        Inputs { current, ..Inputs::reference(reference) }
    }

    pub fn get(&self, slot: Slot) -> Option<&'a Dataset> {
        match slot {
            Slot::Reference => Some(self.reference),
            Slot::Current => self.current,
            Slot::Baseline => self.baseline,
            Slot::Serving => self.serving,
            Slot::Shadow => self.shadow,
            Slot::Canary => self.canary,
            Slot::Scored => self.scored,
        }
    }

    /// Puts `data` in `slot` (the reference slot replaces the reference).
    pub fn set(&mut self, slot: Slot, data: &'a Dataset) {
        match slot {
            Slot::Reference => self.reference = data,
            Slot::Current => self.current = Some(data),
            Slot::Baseline => self.baseline = Some(data),
            Slot::Serving => self.serving = Some(data),
            Slot::Shadow => self.shadow = Some(data),
            Slot::Canary => self.canary = Some(data),
            Slot::Scored => self.scored = Some(data),
        }
    }

    /// Every loaded input with its slot, in [`Slot::ALL`]'s order.
    pub fn iter(&self) -> impl Iterator<Item = (Slot, &'a Dataset)> + '_ {
        Slot::ALL.into_iter().filter_map(|s| self.get(s).map(|d| (s, d)))
    }

    /// The inputs among `slots` that are loaded, in that order.
    pub fn among(&self, slots: &[Slot]) -> Vec<(Slot, &'a Dataset)> {
        slots.iter().filter_map(|&s| self.get(s).map(|d| (s, d))).collect()
    }
}

/// What a check sees: the effective config, the inputs and their summaries (computed once,
/// before the checks, with every value: the summary check hides rare ones in the report).
pub struct Context<'a> {
    pub config: &'a Config,
    pub inputs: Inputs<'a>,
    pub summaries: &'a BTreeMap<Slot, InputSummary>,
}

impl Context<'_> {
    /// The current data, or why a check that compares it with the reference cannot run.
    pub fn current(&self) -> Result<&Dataset, String> {
        self.inputs.current.ok_or_else(|| "it needs current data to compare with the reference".into())
    }
}
