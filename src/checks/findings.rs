//! A finding: one thing a check noticed, with its severity, a stable kind, the input and column
//! it concerns, and a sentence. The data-quality and leakage checks report them; the key
//! findings of the report start with the critical ones.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    pub severity: Severity,
    /// A stable name for the kind of finding (`column_removed`, `new_categories`, ...).
    pub kind: String,
    pub input: Option<String>,
    pub column: Option<String>,
    pub message: String,
}

pub(crate) fn finding(
    severity: Severity,
    kind: &str,
    input: Option<&str>,
    column: Option<&str>,
    message: String,
) -> Finding {
    Finding {
        severity,
        kind: kind.to_string(),
        input: input.map(str::to_string),
        column: column.map(str::to_string),
        message,
    }
}

pub(crate) fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
