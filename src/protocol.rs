//! Messages between the app (UI thread) and its Web Worker, as JSON. Files travel beside the
//! JSON as `File` objects (structured clone), never as bytes through the UI thread.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::data::ColumnInfo;

/// Where the worker reads an input from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// The `File` sent with the message.
    File { name: String, size: u64 },
    /// A same-origin static asset (the demo data).
    Url { url: String, name: String },
    /// Read the slot's previous source again (after a type override).
    Reload,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker {
    Load {
        slot: String,
        source: Source,
        config: Config,
    },
    Cancel {
        slot: String,
    },
    Remove {
        slot: String,
    },
    Run {
        config: Config,
        generated_at: String,
    },
    /// To a helper worker: hash the `File` sent with the message.
    Hash {
        slot: String,
    },
    /// Make the perturbed data set of the reference (noise stability) as CSV, or as Parquet.
    Perturb {
        config: Config,
        parquet: bool,
    },
    /// Panic, as a bug would: the browser test of the crash path. The app sends it only when
    /// its address ends in `#panic-for-test`, before a run.
    PanicForTest,
}

/// What the app needs to know about a loaded input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    pub file: String,
    pub format: String,
    pub rows: u64,
    pub bytes: u64,
    pub columns: Vec<ColumnInfo>,
    pub millis: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromWorker {
    Ready,
    Progress {
        slot: String,
        done: u64,
        total: u64,
    },
    Loaded {
        slot: String,
        info: Loaded,
    },
    LoadFailed {
        slot: String,
        message: String,
    },
    Cancelled {
        slot: String,
    },
    /// From a helper worker: the SHA-256 of the file it was sent.
    Hashed {
        slot: String,
        sha256: String,
    },
    Report {
        json: String,
        html: String,
        millis: f64,
    },
    RunFailed {
        message: String,
    },
    /// The worker (or its model worker) panicked: its state is lost, the app starts a new one.
    Crashed {
        message: String,
    },
    /// How far the run is (`done` of `total` units; the units mean nothing else).
    RunProgress {
        done: u64,
        total: u64,
    },
    /// An ONNX model was read and prepared (by the model worker).
    ModelLoaded {
        slot: String,
        info: crate::model::ModelInfo,
        millis: f64,
    },
    /// The perturbed data set, to download: its bytes travel beside this message (a
    /// `Uint8Array`, transferred).
    Perturbed {
        name: String,
        mime: String,
        rows: u64,
    },
}
