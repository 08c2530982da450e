//! ONNX models scored with tract: load, map columns to the model's inputs, score a data set.
//!
//! A model comes as bytes (the shells read the file). [`Model::load`] reads the protobuf, checks
//! that every operator is one tract runs (its own plus the ONNX-ML ops in [`ml_ops`]) — or names
//! the one it cannot — and prepares a plan with a free batch axis. [`Model::mapping`] decides
//! which columns feed which input ([`crate::config::ModelConfig`]); [`Model::score`] runs the plan
//! over a [`Dataset`] in slices of [`SLICE_ROWS`] rows and returns the model's outputs as Arrow
//! arrays: the predicted label and, for a binary classifier, the probability of the second class
//! (scikit-learn's `predict_proba[:, 1]`, the positive class); for a regressor the predicted value.
//!
//! Labels are derived from the probabilities: the class of the highest probability (the first on
//! a tie), as onnxruntime's classifiers decide. (tract's own label output of a tree classifier is
//! not reliable; its probabilities equal onnxruntime's.) `tests/it/onnx_matches_onnxruntime.rs`
//! checks both against onnxruntime on skl2onnx exports.
//!
//! The types here (what the report and the app say of a model) build without tract; loading and
//! scoring (`scoring.rs`, `ml_ops.rs`, `apply.rs`) need the `onnx` feature (on by default; the
//! browser's UI and engine worker build without it, the model worker with it).
//!
//! Inputs: float and double tensors take numeric, boolean or date columns (missing values become
//! NaN, which skl2onnx's imputers replace); string tensors take text columns (missing values
//! become the empty string, skl2onnx's convention for a missing string); int64 tensors take
//! integer columns without missing values.

#[cfg(feature = "onnx")]
pub mod apply;
#[cfg(feature = "onnx")]
pub mod ml_ops;
#[cfg(feature = "onnx")]
mod scoring;
#[cfg(feature = "onnx")]
mod tensor_bounds;

#[cfg(feature = "onnx")]
pub use scoring::{Model, Scored, SLICE_ROWS};

use serde::{Deserialize, Serialize};

/// Element type of a model input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InputType {
    Float,
    Double,
    Int64,
    String,
}

impl InputType {
    #[cfg(feature = "onnx")]
    pub(crate) fn of(elem_type: i32) -> Option<InputType> {
        match elem_type {
            1 => Some(InputType::Float),
            11 => Some(InputType::Double),
            7 => Some(InputType::Int64),
            8 => Some(InputType::String),
            _ => None,
        }
    }
}

/// One model input as the file declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelInput {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: InputType,
    /// Columns the input takes (its second axis), when the file fixes it.
    pub width: Option<usize>,
}

/// What a model predicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Classifier,
    Regressor,
}

/// What the report says of a model: the file, what it predicts, its inputs and operators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelInfo {
    pub file: String,
    pub bytes: u64,
    pub kind: ModelKind,
    /// Class labels in the order of the probability columns (classifiers).
    pub classes: Vec<String>,
    pub inputs: Vec<ModelInput>,
    /// Operator types in the graph, sorted.
    pub operators: Vec<String>,
    pub producer: String,
}

/// Which columns feed one input, and how that was decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputMapping {
    pub input: String,
    #[serde(rename = "type")]
    pub kind: InputType,
    pub columns: Vec<String>,
    /// `config`, `name` or `position`.
    pub by: String,
}

/// What the report says of one model: which model, how it was fed, what it produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelSection {
    /// `model` or `baseline_model`.
    pub role: String,
    pub model: ModelInfo,
    pub mapping: Vec<InputMapping>,
    /// Inputs scored and their rows (`scored` is the perturbed data set).
    pub scored: Vec<ScoredInput>,
    pub prediction_column: String,
    pub score_column: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoredInput {
    pub input: String,
    pub rows: u64,
}
