//! The app's state: a `Reducible` with an `Action` enum. No UI and no side effects here; the
//! worker bridge and downloads live in `bridge.rs`, called from the components.

use std::rc::Rc;

use plumbline::config::{ColumnRole, Config};
use plumbline::data::{roles, ColumnType};
use plumbline::model::ModelInfo;
use plumbline::protocol::{FromWorker, Loaded};
use yew::Reducible;

/// The named input slots, in order: (name, label, help). The first [`MAIN_SLOTS`] are always
/// shown; the others (model comparison, skew, shadow, canary) sit in a collapsed group.
pub const SLOTS: [(&str, &str, &str); 9] = [
    ("reference", "Reference data", "The training set: what the model learned from."),
    ("current", "Current data", "Production data to compare with the reference (optional)."),
    (
        "model",
        "ONNX model",
        "Optional: a model exported with skl2onnx (zipmap off). It runs here, in this tab: its predictions feed every check, and it scores perturbed rows (noise stability).",
    ),
    (
        "baseline_model",
        "Baseline ONNX model",
        "The old model, scored on the same rows as the ONNX model above and compared with it (inference regression).",
    ),
    (
        "baseline",
        "Baseline model outputs",
        "The old model's predictions or scores, joined to the current (or reference) rows by the id column.",
    ),
    (
        "serving",
        "Serving features",
        "The features as the serving pipeline computed them, joined to the reference (training) rows by the id column.",
    ),
    ("shadow", "Shadow log", "The shadow model's predictions, joined to the current (live) log by request id."),
    ("canary", "Canary rows", "The canary arm's predictions and outcomes, compared with the current (control) rows."),
    (
        "scored",
        "Scored perturbed data",
        "The perturbed data (“Export perturbed data”) with your model's prediction or score added: noise stability.",
    ),
];

/// How many of [`SLOTS`] are always shown.
pub const MAIN_SLOTS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub enum SlotStatus {
    Empty,
    Loading {
        file: String,
        done: u64,
        total: u64,
    },
    Loaded(Rc<Loaded>),
    /// An ONNX model, read and prepared by the model worker.
    Model(Rc<ModelInfo>, f64),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportOut {
    pub json: String,
    pub html: String,
    pub millis: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub slots: Vec<(&'static str, SlotStatus)>,
    pub config: Config,
    /// True once the user set roles (or loaded a config): suggestions no longer overwrite them.
    pub roles_from_user: bool,
    pub report: Option<Rc<ReportOut>>,
    pub running: bool,
    /// How far the run is: (done, total).
    pub run_progress: (u64, u64),
    /// Slots read again after a cancelled run: their data did not change, so the report stays.
    pub restoring: Vec<String>,
    pub error: Option<String>,
    pub ready: bool,
    /// Run the checks as soon as every started load has finished (the demo).
    pub autorun: bool,
    /// A passing message for the status line (e.g. a finished download).
    pub notice: Option<String>,
    /// How many times the worker crashed: each one starts a new worker (see `app::App`).
    pub crashes: u32,
}

impl Default for State {
    fn default() -> Self {
        State {
            slots: SLOTS.iter().map(|(n, _, _)| (*n, SlotStatus::Empty)).collect(),
            config: Config::default(),
            roles_from_user: false,
            report: None,
            running: false,
            run_progress: (0, 0),
            restoring: Vec::new(),
            error: None,
            ready: false,
            autorun: false,
            notice: None,
            crashes: 0,
        }
    }
}

pub enum Action {
    Worker(FromWorker),
    Loading {
        slot: String,
        file: String,
        total: u64,
    },
    SetRole {
        column: String,
        role: ColumnRole,
    },
    SetSensitive {
        column: String,
        on: bool,
    },
    SetType {
        column: String,
        kind: Option<ColumnType>,
        /// Read its numbers with a decimal comma.
        decimal_comma: bool,
    },
    SetConfig(Config),
    Running,
    /// The user stopped the run: the worker was replaced and reads these slots (slot, file)
    /// again.
    RunCancelled(Vec<(String, String)>),
    /// After a crash, a new worker reads these slots (slot, file) again.
    Restarted(Vec<(String, String)>),
    Autorun,
    Error(String),
    DismissError,
}

impl State {
    pub fn slot(&self, name: &str) -> &SlotStatus {
        self.slots.iter().find(|(n, _)| *n == name).map(|(_, s)| s).unwrap_or(&SlotStatus::Empty)
    }

    fn slot_mut(&mut self, name: &str) -> Option<&mut SlotStatus> {
        self.slots.iter_mut().find(|(n, _)| *n == name).map(|(_, s)| s)
    }

    pub fn reference(&self) -> Option<&Loaded> {
        match self.slot("reference") {
            SlotStatus::Loaded(l) => Some(l),
            _ => None,
        }
    }

    /// The slots holding loaded data or a model: what a new worker must read again.
    pub fn held_slots(&self) -> Vec<&'static str> {
        self.slots
            .iter()
            .filter(|(_, st)| matches!(st, SlotStatus::Loaded(_) | SlotStatus::Model(..)))
            .map(|(n, _)| *n)
            .collect()
    }

    pub fn any_loading(&self) -> bool {
        self.slots.iter().any(|(_, s)| matches!(s, SlotStatus::Loading { .. }))
    }

    /// True when the demo asked to run and every load has finished well.
    pub fn should_autorun(&self) -> bool {
        self.autorun && !self.any_loading() && self.reference().is_some() && !self.running
    }

    /// True (once) when `slot` was being read again after a cancelled run.
    fn restored(&mut self, slot: &str) -> bool {
        let before = self.restoring.len();
        self.restoring.retain(|s| s != slot);
        self.restoring.len() < before
    }

    fn columns(&self) -> Vec<String> {
        self.reference().map(|r| r.columns.iter().map(|c| c.name.clone()).collect()).unwrap_or_default()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Worker(msg) => match msg {
                FromWorker::Ready => s.ready = true,
                // Only helper workers hash; the app's worker never sends this.
                FromWorker::Hashed { .. } => {}
                FromWorker::Progress { slot, done, total } => {
                    if let Some(SlotStatus::Loading { done: d, total: t, .. }) = s.slot_mut(&slot) {
                        (*d, *t) = (done, total);
                    }
                }
                FromWorker::Loaded { slot, info } => {
                    if slot == "reference" && !s.roles_from_user {
                        s.config.roles = roles::suggest(&info.columns);
                    } else if slot == "reference" {
                        // The user's roles stay, minus the columns this file lacks.
                        let all: Vec<String> = info.columns.iter().map(|c| c.name.clone()).collect();
                        s.config.roles.keep_columns(&all);
                        let c = &mut s.config.comparison;
                        for col in [&mut c.baseline_prediction, &mut c.baseline_score] {
                            if col.as_ref().is_some_and(|x| !all.contains(x)) {
                                *col = None;
                            }
                        }
                    }
                    if let Some(st) = s.slot_mut(&slot) {
                        *st = SlotStatus::Loaded(Rc::new(info));
                    }
                    if !s.restored(&slot) {
                        s.report = None;
                    }
                }
                FromWorker::LoadFailed { slot, message } => {
                    if let Some(st) = s.slot_mut(&slot) {
                        *st = SlotStatus::Failed(message.clone());
                    }
                    s.error = Some(message);
                    s.autorun = false;
                }
                FromWorker::Cancelled { slot } => {
                    if let Some(st) = s.slot_mut(&slot) {
                        *st = SlotStatus::Empty;
                    }
                    s.autorun = false;
                }
                FromWorker::ModelLoaded { slot, info, millis } => {
                    if let Some(st) = s.slot_mut(&slot) {
                        *st = SlotStatus::Model(Rc::new(info), millis);
                    }
                    if !s.restored(&slot) {
                        s.report = None;
                    }
                }
                FromWorker::Report { json, html, millis } => {
                    s.running = false;
                    s.report = Some(Rc::new(ReportOut { json, html, millis }));
                }
                FromWorker::RunFailed { message } => {
                    s.running = false;
                    s.error = Some(message);
                }
                FromWorker::Crashed { message } => {
                    // Say what was under way; a file being read when it happened is not read
                    // again (it would crash the new worker too): it is marked failed.
                    let reading: Vec<String> = s
                        .slots
                        .iter()
                        .filter_map(|(_, st)| match st {
                            SlotStatus::Loading { file, .. } => Some(file.clone()),
                            _ => None,
                        })
                        .collect();
                    let step = if s.running {
                        "running the checks".to_string()
                    } else if !reading.is_empty() {
                        format!("reading {}", reading.join(", "))
                    } else {
                        "working".to_string()
                    };
                    for (_, st) in s.slots.iter_mut() {
                        if let SlotStatus::Loading { file, .. } = st {
                            *st = SlotStatus::Failed(format!("{file}: the engine stopped while reading it: {message}"));
                        }
                    }
                    s.error = Some(format!(
                        "The engine stopped while {step} ({message}). This is a bug; a new engine was started and \
                         reads your other files again, nothing else is lost."
                    ));
                    s.running = false;
                    s.autorun = false;
                    s.crashes += 1;
                }
                FromWorker::RunProgress { done, total } => {
                    if s.running {
                        s.run_progress = (done, total);
                    }
                }
                FromWorker::Perturbed { rows, .. } => {
                    s.notice = Some(format!("Perturbed data downloaded ({rows} rows): score it with your model, then load it as “Scored perturbed data”."));
                }
            },
            Action::Loading { slot, file, total } => {
                s.notice = None;
                if let Some(st) = s.slot_mut(&slot) {
                    *st = SlotStatus::Loading { file, done: 0, total };
                }
                s.error = None;
            }
            Action::SetRole { column, role } => {
                let all = s.columns();
                s.config.roles.assign(&column, role, &all);
                s.roles_from_user = true;
            }
            Action::SetSensitive { column, on } => {
                s.config.roles.set_sensitive(&column, on);
                s.roles_from_user = true;
            }
            Action::SetType { column, kind, decimal_comma } => {
                if decimal_comma {
                    s.config.decimal_comma.insert(column.clone(), true);
                } else {
                    s.config.decimal_comma.remove(&column);
                }
                match kind {
                    Some(k) => {
                        s.config.types.insert(column, k);
                    }
                    None => {
                        s.config.types.remove(&column);
                    }
                }
            }
            Action::SetConfig(c) => {
                s.config = c;
                s.roles_from_user = true;
            }
            Action::Running => {
                s.running = true;
                s.run_progress = (0, 0);
                s.notice = None;
                s.autorun = false;
                s.error = None;
            }
            Action::RunCancelled(reading) => {
                s.running = false;
                s.autorun = false;
                s.notice = Some("Run cancelled.".into());
                s.restoring = reading.iter().map(|(slot, _)| slot.clone()).collect();
                for (slot, file) in reading {
                    if let Some(st) = s.slot_mut(&slot) {
                        *st = SlotStatus::Loading { file, done: 0, total: 0 };
                    }
                }
            }
            Action::Restarted(reading) => {
                s.restoring = reading.iter().map(|(slot, _)| slot.clone()).collect();
                for (slot, file) in reading {
                    if let Some(st) = s.slot_mut(&slot) {
                        *st = SlotStatus::Loading { file, done: 0, total: 0 };
                    }
                }
            }
            Action::Autorun => s.autorun = true,
            Action::Error(e) => s.error = Some(e),
            Action::DismissError => s.error = None,
        }
        Rc::new(s)
    }
}
