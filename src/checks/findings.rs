//! A finding: one thing a check noticed — its severity, its kind with the numbers that make it
//! (a [`Fact`]), and the input and column it concerns. The data-quality and leakage checks report
//! them; the key findings of the report start with the critical ones. Checks state facts; the
//! sentence a person reads (`message` in the JSON) is worded by `report::text`.

use serde::{Deserialize, Serialize};

use crate::checks::summary::Scalar;
use crate::data::ColumnType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

/// A finding as the checks make it. Its JSON (written by `report::text`, which adds the
/// `message`) is `{severity, kind, <the fact's numbers>, input, column, message}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    #[serde(flatten)]
    pub fact: Fact,
    pub input: Option<String>,
    pub column: Option<String>,
}

/// What a finding says, with its numbers; `kind` in the JSON is the variant's stable name.
/// Shares are in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    /// The target or a model output column is not in the current data (labels arrive later).
    OutputAbsent,
    /// A reference column is missing from the current data.
    ColumnRemoved,
    /// A current column is not in the reference.
    ColumnAdded,
    /// The column's type differs between the inputs.
    TypeChanged { type_reference: ColumnType, type_current: ColumnType },
    /// The column's share of missing values grew by at least `quality.missing_change`.
    MissingIncreased { share_reference: f64, share_current: f64 },
    /// Current values that the reference never had.
    NewCategories { categories: u64, share: f64 },
    /// Current values outside the reference's [min, max].
    OutOfRange { share: f64, min: Option<Scalar>, max: Option<Scalar> },
    /// Rows that repeat an earlier row exactly.
    DuplicatedRows { rows: u64, share: f64 },
    /// Rows without any value.
    EmptyRows { rows: u64 },
    /// The column holds the same values as `same_as` in every row.
    DuplicatedColumns { same_as: String },
    /// The column has no value in any row.
    AllMissing,
    /// The column holds one value in every row that has one.
    ConstantColumn { value: Scalar },
    /// The column's most frequent value holds `share` of its values.
    AlmostConstantColumn { value: Scalar, share: f64 },
    /// Current rows that also appear in the reference.
    SharedRows { rows: u64, share_of_current: f64 },
    /// Current ids that are also in the reference.
    SharedIds { ids: u64, share_of_current: f64 },
    /// Reference rows dated after the current data begins.
    DateLeakage { rows: u64, share_of_reference: f64 },
    /// The feature alone predicts the target with this ROC AUC (max(AUC, 1 − AUC)).
    TargetLeak { power: f64 },
    /// The feature's Gini with the target changed between the inputs.
    AssociationChange { gini_reference: f64, gini_current: f64 },
}

impl Fact {
    /// The stable name of its kind, as `kind` in the JSON (`new_categories`, …).
    pub fn kind(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("kind").and_then(serde_json::Value::as_str).map(str::to_string))
            .unwrap_or_default()
    }
}

pub(crate) fn finding(severity: Severity, fact: Fact, input: Option<&str>, column: Option<&str>) -> Finding {
    Finding { severity, fact, input: input.map(str::to_string), column: column.map(str::to_string) }
}

pub(crate) fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
