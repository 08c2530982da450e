//! The report: one serde document (the JSON export) and one self-contained HTML rendering of
//! it ([`html::render`]). The app shows that HTML, exports it and the JSON; the CLI writes both.
//! JSON keys are a public contract: pipelines and tests read them.

pub mod html;
pub mod svg;
pub mod text;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
use crate::checks::summary::InputSummary;
use crate::config::Config;
use crate::data::{ColumnType, Dataset};
use crate::gates::Gate;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    pub plumbline_version: String,
    /// `go`, `no-go` or `no gates`: whether every acceptance gate passed.
    pub verdict: crate::gates::Verdict,
    /// The acceptance gates and their values.
    pub gates: Vec<Gate>,
    /// The checks that did not run, each with the reason (a role or input they need is
    /// missing, or the preset leaves them out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<crate::registry::Skipped>,
    /// When the report was made (ISO 8601, UTC), given by the shell: the engine has no clock.
    pub generated_at: Option<String>,
    /// The effective configuration.
    pub config: Config,
    pub inputs: Vec<InputInfo>,
    /// Per input name.
    pub summary: BTreeMap<String, InputSummary>,
    /// Schema and data-quality findings (reference alone, or reference vs current).
    pub quality: Option<Quality>,
    /// Train/test contamination, future data and single-feature target power.
    pub leakage: Option<Leakage>,
    /// Column-by-column distribution drift of current against reference.
    pub drift: Option<Drift>,
    /// Model quality per input (needs a target and a prediction or score).
    pub performance: Option<Performance>,
    /// Group rates, disparities and Fairlearn summaries per sensitive attribute.
    pub fairness: Option<Fairness>,
    /// Cost of the model's errors (when `cost` is configured).
    pub cost: Option<Cost>,
    /// Where the model is significantly worse than overall (1- and 2-feature segments).
    pub segments: Option<Segments>,
    /// Old model vs new model on the same rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// Training vs serving features joined by id (TFDV's feature skew).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skew: Option<Skew>,
    /// Live log vs shadow log joined by request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow: Option<Shadow>,
    /// Canary arm vs control arm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary: Option<Canary>,
    /// Noise stability of the model's outputs (a scored perturbed data set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<Stability>,
    /// ONNX models scored in the run: inputs mapping, what they produced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<crate::model::ModelSection>,
}

/// Provenance of one input. Holds no values from the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputInfo {
    /// The slot: `reference`, `current`, ...
    pub name: String,
    /// What the input is for (`reference`: training data; `current`: production data).
    pub role: String,
    pub file: String,
    pub format: String,
    pub rows: u64,
    pub columns: u64,
    pub bytes: u64,
    pub sha256: String,
    /// How the file was read, when it was not plain UTF-8 CSV: its encoding, Excel's `sep=`
    /// line, decimal-comma columns (each a sentence for the report).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// The text encoding (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`).
    #[serde(default = "utf8")]
    pub encoding: String,
    /// Column types and how many values did not fit them.
    pub schema: Vec<SchemaColumn>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SchemaColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub overridden: bool,
    pub invalid: u64,
    /// Read with a decimal comma (`3,14`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decimal_comma: bool,
}

fn utf8() -> String {
    "utf-8".into()
}

impl InputInfo {
    pub fn of(name: &str, data: &Dataset) -> InputInfo {
        InputInfo {
            name: name.to_string(),
            role: role_of(name).to_string(),
            file: data.file.clone(),
            format: data.format.to_string(),
            rows: data.rows,
            columns: data.columns.len() as u64,
            bytes: data.bytes,
            sha256: data.sha256.clone(),
            schema: data
                .columns
                .iter()
                .map(|c| SchemaColumn {
                    name: c.name.clone(),
                    kind: c.kind,
                    overridden: c.overridden,
                    invalid: c.invalid,
                    decimal_comma: c.decimal_comma,
                })
                .collect(),
            notices: notices(data),
            encoding: data.encoding.to_string(),
        }
    }
}

/// Sentences on how a file was read, when not as plain UTF-8 with a detected delimiter.
fn notices(data: &Dataset) -> Vec<String> {
    let mut out = Vec::new();
    match data.encoding {
        "utf-8" => {}
        "windows-1252" => out.push(
            "The file is not UTF-8: it was read as Windows-1252 (what Excel on Windows writes). If accented letters look wrong, save it as UTF-8.".into(),
        ),
        other => out.push(format!("The file is {} text (with a byte order mark), as Excel's \"Unicode text\" export.", other.to_uppercase())),
    }
    if data.sep_line {
        out.push("The first line (Excel's sep=…) named the delimiter and was not read as the header.".into());
    }
    let comma: Vec<&str> = data.columns.iter().filter(|c| c.decimal_comma).map(|c| c.name.as_str()).collect();
    if !comma.is_empty() {
        out.push(format!(
            "Read with a decimal comma (3,14 = 3.14): {}. Set \"decimal_comma\": {{\"column\": false}} in the config to read a column otherwise.",
            comma.join(", ")
        ));
    }
    out
}

/// What each named input slot is for.
pub fn role_of(slot: &str) -> &'static str {
    match slot {
        "reference" => "reference",
        "current" => "current",
        _ => "other",
    }
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}
