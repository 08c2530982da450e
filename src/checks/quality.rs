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

use serde_json::Value;

use super::findings::{finding, share, Fact};
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
                findings.push(finding(Severity::Info, Fact::OutputAbsent, None, Some(&c.name)));
            } else if cur.data.column_index(&c.name).is_none() {
                removed.push(c.name.clone());
                findings.push(finding(Severity::Critical, Fact::ColumnRemoved, None, Some(&c.name)));
            }
        }
        for c in &cur.data.columns {
            if reference.data.column_index(&c.name).is_none() {
                added.push(c.name.clone());
                findings.push(finding(Severity::Warning, Fact::ColumnAdded, None, Some(&c.name)));
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
            !(matches!(f.fact, Fact::OutOfRange { .. } | Fact::NewCategories { .. })
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
        let fact = Fact::TypeChanged { type_reference: rs.kind, type_current: cs.kind };
        findings.push(finding(Severity::Critical, fact, None, Some(name)));
    }
    if miss_c - miss_r >= cfg.missing_change {
        let fact = Fact::MissingIncreased { share_reference: miss_r, share_current: miss_c };
        findings.push(finding(Severity::Warning, fact, None, Some(name)));
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
                let fact = Fact::NewCategories { categories: unseen.len() as u64, share: nc.share };
                findings.push(finding(Severity::Warning, fact, None, Some(name)));
            }
            out.new_categories = Some(nc);
        }
        _ => {
            let (Some(lo), Some(hi)) = (as_f64(&rs.min), as_f64(&rs.max)) else { return out };
            let count = current.data.numbers(ci).into_iter().flatten().filter(|&x| x < lo || x > hi).count() as u64;
            let oor = OutOfRange { count, share: share(count, cs.count) };
            if count > 0 && oor.share >= cfg.out_of_range_share {
                let fact = Fact::OutOfRange { share: oor.share, min: rs.min.clone(), max: rs.max.clone() };
                findings.push(finding(Severity::Warning, fact, None, Some(name)));
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
        let fact = Fact::DuplicatedRows { rows: duplicated_rows, share: share(duplicated_rows, rows) };
        findings.push(finding(Severity::Warning, fact, Some(name), None));
    }
    if empty_rows > 0 {
        findings.push(finding(Severity::Warning, Fact::EmptyRows { rows: empty_rows }, Some(name), None));
    }
    let duplicated_columns = duplicated_columns(input);
    for [a, b] in &duplicated_columns {
        findings.push(finding(Severity::Warning, Fact::DuplicatedColumns { same_as: a.clone() }, Some(name), Some(b)));
    }
    let mut almost_constant = Vec::new();
    for c in &input.summary.columns {
        let Some(top) = c.top.first() else {
            if c.count == 0 && rows > 0 {
                findings.push(finding(Severity::Warning, Fact::AllMissing, Some(name), Some(&c.name)));
            }
            continue;
        };
        let s = share(top.count, c.count);
        if s >= cfg.almost_constant_share {
            let constant = top.count == c.count;
            let (severity, fact) = if constant {
                (Severity::Warning, Fact::ConstantColumn { value: top.value.clone() })
            } else {
                (Severity::Info, Fact::AlmostConstantColumn { value: top.value.clone(), share: s })
            };
            findings.push(finding(severity, fact, Some(name), Some(&c.name)));
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
