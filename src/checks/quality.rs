//! # Data quality and schema
//!
//! **What it does.** Compares the current input with the reference, column by column, and
//! looks at each input on its own: columns added or removed, type changes, missing share in both
//! and its change, categories in current never seen in reference, values outside the reference
//! range, constant and almost-constant columns, duplicated rows, duplicated columns and empty
//! rows. Each finding has a severity and a plain-language sentence.
//!
//! **Why.** Production data drifts away from the training set in ways a statistic on one column
//! does not show: a renamed column, a new category the model never saw, a unit change that pushes
//! values out of range, an upstream join that duplicates rows.
//!
//! **How to read it.** `critical`: the model cannot see the data as it was trained (a column is
//! gone, its type changed). `warning`: worth a look before trusting the model (missing share up
//! by ≥ `missing_change` (0.05), unseen categories, ≥ `out_of_range_share` (0.01) of values out
//! of range, duplicated rows or columns, almost-constant columns). `info`: context.
//!
//! **Definitions.** Shares are of rows (missing) or of present values (new categories, out of
//! range). A column is *almost constant* when its most frequent value holds ≥
//! `almost_constant_share` (0.95, as Evidently) of its present values, *constant* when it holds
//! all of them. Duplicated rows: rows equal in every column to an earlier row (compared exactly,
//! missing equals missing, as `pandas.DataFrame.duplicated()`). Empty rows: every value missing.
//! Duplicated columns: two columns of one input with equal type and equal values in every row.
//! **Reference.** Evidently's data-quality and data-summary presets; pandas `duplicated`.

use std::collections::{HashMap, HashSet};

use arrow_array::Array;
use arrow_row::{RowConverter, SortField};
use serde::{Deserialize, Serialize};

use crate::report::fmt_pct;

use serde_json::Value;

use super::findings::{finding, share};
pub use super::findings::{Finding, Severity};
use super::summary::{InputSummary, Scalar};
use crate::checks::{Check, Context, Slot};
use crate::config::{Config, Preset, QualityConfig};
use crate::data::{ColumnType, Dataset};
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewCategories {
    pub count: u64,
    pub share: f64,
    /// Up to 10, most frequent first.
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutOfRange {
    pub count: u64,
    pub share: f64,
}

/// Reference vs current for one column present in both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ColumnQuality {
    pub column: String,
    pub type_reference: ColumnType,
    pub type_current: ColumnType,
    pub missing_share_reference: f64,
    pub missing_share_current: f64,
    pub missing_share_change: f64,
    pub new_categories: Option<NewCategories>,
    pub out_of_range: Option<OutOfRange>,
}

/// What one input shows on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputQuality {
    pub input: String,
    pub rows: u64,
    pub duplicated_rows: u64,
    pub empty_rows: u64,
    pub duplicated_columns: Vec<[String; 2]>,
    /// Columns whose most frequent value holds ≥ `almost_constant_share` of present values.
    pub almost_constant: Vec<AlmostConstant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AlmostConstant {
    pub column: String,
    pub value: Scalar,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Quality {
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
    pub columns: Vec<ColumnQuality>,
    pub inputs: Vec<InputQuality>,
    /// Most severe first.
    pub findings: Vec<Finding>,
}

/// One input with its summary (computed once, shared by the checks).
pub struct Summarised<'a> {
    pub name: &'a str,
    pub data: &'a Dataset,
    pub summary: &'a InputSummary,
}

/// `outputs`: the target, prediction and score columns. Production data often comes without
/// them (labels arrive later, the model's outputs are logged elsewhere): their absence from the
/// current data is `info`, not a broken schema.
pub fn quality(cfg: &QualityConfig, reference: &Summarised, current: Option<&Summarised>, outputs: &[&str]) -> Quality {
    let mut findings = Vec::new();
    let mut inputs = vec![input_quality(cfg, reference, &mut findings)];
    let (mut added, mut removed, mut columns) = (Vec::new(), Vec::new(), Vec::new());
    if let Some(cur) = current {
        inputs.push(input_quality(cfg, cur, &mut findings));
        for c in &reference.data.columns {
            if cur.data.column_index(&c.name).is_none() && outputs.contains(&c.name.as_str()) {
                findings.push(finding(
                    Severity::Info,
                    "output_absent",
                    None,
                    Some(&c.name),
                    format!(
                        "Column “{}” (the target or the model's output) is not in the current data — as when labels arrive later: the checks that need it ran on the reference only.",
                        c.name
                    ),
                ));
            } else if cur.data.column_index(&c.name).is_none() {
                removed.push(c.name.clone());
                findings.push(finding(
                    Severity::Critical,
                    "column_removed",
                    None,
                    Some(&c.name),
                    format!("Column “{}” is in the reference but missing from the current data.", c.name),
                ));
            }
        }
        for c in &cur.data.columns {
            if reference.data.column_index(&c.name).is_none() {
                added.push(c.name.clone());
                findings.push(finding(
                    Severity::Warning,
                    "column_added",
                    None,
                    Some(&c.name),
                    format!("Column “{}” is new in the current data: the model never saw it.", c.name),
                ));
            }
        }
        for (ri, rc) in reference.data.columns.iter().enumerate() {
            let Some(ci) = cur.data.column_index(&rc.name) else { continue };
            columns.push(compare_column(cfg, reference, ri, cur, ci, &mut findings));
        }
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity));
    Quality { columns_added: added, columns_removed: removed, columns, inputs, findings }
}

impl Check for Quality {
    const KEY: &'static str = "quality";
    const PRESETS: &'static [Preset] =
        &[Preset::DataDrift, Preset::ModelQuality, Preset::FairnessAudit, Preset::ModelComparison];

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Quality> {
        let summarised = |slot: Slot| {
            Some(Summarised { name: slot.name(), data: cx.inputs.get(slot)?, summary: cx.summaries.get(&slot)? })
        };
        let reference = summarised(Slot::Reference)?;
        let current = summarised(Slot::Current);
        let r = &cx.config.roles;
        let outputs: Vec<&str> =
            [&r.target, &r.prediction, &r.score].into_iter().flatten().map(String::as_str).collect();
        let mut q = quality(&cx.config.quality, &reference, current.as_ref(), &outputs);
        // Production timestamps lie after the training range and production ids are new: for
        // the timestamp and id columns those findings are expected, not problems.
        let expected = [&r.timestamp, &r.id];
        q.findings.retain(|f| {
            !(matches!(f.kind.as_str(), "out_of_range" | "new_categories")
                && f.column.as_ref().is_some_and(|c| expected.iter().any(|e| e.as_deref() == Some(c.as_str()))))
        });
        Some(q)
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![GateConfig::new("No critical data-quality finding", "quality.findings[*].severity != \"critical\"")]
    }

    fn get(report: &Report) -> Option<&Quality> {
        report.quality.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.quality = Some(self);
    }
}

fn compare_column(
    cfg: &QualityConfig,
    reference: &Summarised,
    ri: usize,
    current: &Summarised,
    ci: usize,
    findings: &mut Vec<Finding>,
) -> ColumnQuality {
    let (rs, cs) = (&reference.summary.columns[ri], &current.summary.columns[ci]);
    let name = rs.name.as_str();
    let miss_r = share(rs.missing, reference.summary.rows);
    let miss_c = share(cs.missing, current.summary.rows);
    if rs.kind != cs.kind {
        findings.push(finding(
            Severity::Critical,
            "type_changed",
            None,
            Some(name),
            format!(
                "Column “{name}” was {} in the reference and is {} in the current data.",
                rs.kind.name(),
                cs.kind.name()
            ),
        ));
    }
    if miss_c - miss_r >= cfg.missing_change {
        findings.push(finding(
            Severity::Warning,
            "missing_increased",
            None,
            Some(name),
            format!(
                "Column “{name}” is missing in {} of current rows, up from {} in the reference.",
                fmt_pct(miss_c),
                fmt_pct(miss_r)
            ),
        ));
    }
    let mut out = ColumnQuality {
        column: name.to_string(),
        type_reference: rs.kind,
        type_current: cs.kind,
        missing_share_reference: miss_r,
        missing_share_current: miss_c,
        missing_share_change: miss_c - miss_r,
        new_categories: None,
        out_of_range: None,
    };
    if rs.kind != cs.kind {
        return out;
    }
    match rs.kind {
        ColumnType::String | ColumnType::Boolean => {
            let known: HashSet<String> = reference.data.texts(ri).into_iter().flatten().collect();
            let mut unseen: Vec<(String, u64)> =
                counts(current.data.texts(ci)).into_iter().filter(|(v, _)| !known.contains(v)).collect();
            unseen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let count: u64 = unseen.iter().map(|(_, c)| c).sum();
            let nc = NewCategories {
                count,
                share: share(count, cs.count),
                examples: unseen.iter().take(10).map(|(v, _)| v.clone()).collect(),
            };
            if count > 0 {
                findings.push(finding(
                    Severity::Warning,
                    "new_categories",
                    None,
                    Some(name),
                    format!(
                        "Column “{name}” has {} categor{} never seen in the reference, in {} of current values.",
                        unseen.len(),
                        if unseen.len() == 1 { "y" } else { "ies" },
                        fmt_pct(nc.share)
                    ),
                ));
            }
            out.new_categories = Some(nc);
        }
        _ => {
            let (Some(lo), Some(hi)) = (as_f64(&rs.min), as_f64(&rs.max)) else { return out };
            let count = current.data.numbers(ci).into_iter().flatten().filter(|&x| x < lo || x > hi).count() as u64;
            let oor = OutOfRange { count, share: share(count, cs.count) };
            if count > 0 && oor.share >= cfg.out_of_range_share {
                findings.push(finding(
                    Severity::Warning,
                    "out_of_range",
                    None,
                    Some(name),
                    format!(
                        "{} of current values of “{name}” lie outside the reference range [{}, {}].",
                        fmt_pct(oor.share),
                        rs.min.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                        rs.max.as_ref().map(|v| v.to_string()).unwrap_or_default()
                    ),
                ));
            }
            out.out_of_range = Some(oor);
        }
    }
    out
}

fn as_f64(s: &Option<Scalar>) -> Option<f64> {
    match s {
        Some(Scalar::Int(i)) => Some(*i as f64),
        Some(Scalar::Float(f)) => Some(*f),
        Some(Scalar::Text(t)) => {
            crate::data::parse_date(t).map(|d| d as f64).or_else(|| crate::data::parse_timestamp(t).map(|t| t as f64))
        }
        _ => None,
    }
}

/// Present values and how often each occurs.
fn counts(values: Vec<Option<String>>) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for v in values.into_iter().flatten() {
        *out.entry(v).or_insert(0) += 1;
    }
    out
}

fn input_quality(cfg: &QualityConfig, input: &Summarised, findings: &mut Vec<Finding>) -> InputQuality {
    let (duplicated_rows, empty_rows) = duplicated_and_empty_rows(input.data);
    let name = input.name;
    let rows = input.data.rows;
    if duplicated_rows > 0 {
        findings.push(finding(
            Severity::Warning,
            "duplicated_rows",
            Some(name),
            None,
            format!(
                "{duplicated_rows} rows of the {name} data ({}) repeat an earlier row exactly.",
                fmt_pct(share(duplicated_rows, rows))
            ),
        ));
    }
    if empty_rows > 0 {
        findings.push(finding(
            Severity::Warning,
            "empty_rows",
            Some(name),
            None,
            format!("{empty_rows} rows of the {name} data have no value at all."),
        ));
    }
    let duplicated_columns = duplicated_columns(input);
    for [a, b] in &duplicated_columns {
        findings.push(finding(
            Severity::Warning,
            "duplicated_columns",
            Some(name),
            Some(b),
            format!("Columns “{a}” and “{b}” of the {name} data hold the same values in every row."),
        ));
    }
    let mut almost_constant = Vec::new();
    for c in &input.summary.columns {
        let Some(top) = c.top.first() else {
            if c.count == 0 && rows > 0 {
                findings.push(finding(
                    Severity::Warning,
                    "all_missing",
                    Some(name),
                    Some(&c.name),
                    format!("Column “{}” of the {name} data has no value in any row.", c.name),
                ));
            }
            continue;
        };
        let s = share(top.count, c.count);
        if s >= cfg.almost_constant_share {
            let constant = top.count == c.count;
            findings.push(finding(
                if constant { Severity::Warning } else { Severity::Info },
                if constant { "constant_column" } else { "almost_constant_column" },
                Some(name),
                Some(&c.name),
                if constant {
                    format!(
                        "Column “{}” of the {name} data holds one value ({}) in every row that has one.",
                        c.name, top.value
                    )
                } else {
                    format!(
                        "Column “{}” of the {name} data is almost constant: {} of its values are {}.",
                        c.name,
                        fmt_pct(s),
                        top.value
                    )
                },
            ));
            almost_constant.push(AlmostConstant { column: c.name.clone(), value: top.value.clone(), share: s });
        }
    }
    InputQuality { input: name.to_string(), rows, duplicated_rows, empty_rows, duplicated_columns, almost_constant }
}

/// Exact duplicates (every column equal, missing equals missing) and all-missing rows.
fn duplicated_and_empty_rows(data: &Dataset) -> (u64, u64) {
    let fields: Vec<SortField> = data.schema.fields().iter().map(|f| SortField::new(f.data_type().clone())).collect();
    let Ok(converter) = RowConverter::new(fields) else { return (0, 0) };
    let mut seen: HashSet<Box<[u8]>> = HashSet::new();
    let (mut duplicated, mut empty) = (0u64, 0u64);
    for batch in &data.batches {
        let Ok(rows) = converter.convert_columns(batch.columns()) else { continue };
        for (i, row) in rows.iter().enumerate() {
            if !seen.insert(row.as_ref().into()) {
                duplicated += 1;
            }
            if batch.columns().iter().all(|c| c.is_null(i)) {
                empty += 1;
            }
        }
    }
    (duplicated, empty)
}

/// Pairs of columns with the same type and the same values everywhere (first, later).
fn duplicated_columns(input: &Summarised) -> Vec<[String; 2]> {
    let cols = &input.summary.columns;
    let mut out = Vec::new();
    for i in 0..cols.len() {
        for j in (i + 1)..cols.len() {
            let (a, b) = (&cols[i], &cols[j]);
            let alike =
                a.kind == b.kind && a.count == b.count && a.distinct == b.distinct && a.min == b.min && a.max == b.max;
            if alike
                && input.data.rows > 0
                && input.data.batches.iter().all(|batch| batch.column(i).as_ref() == batch.column(j).as_ref())
            {
                out.push([a.name.clone(), b.name.clone()]);
            }
        }
    }
    out
}
