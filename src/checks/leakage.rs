//! # Leakage
//!
//! **What it does.** Looks for information the model will not have in production, or that mixes
//! training and test data: rows of the current data that also appear in the reference (train/test
//! contamination), ids present in both, reference rows dated after the current data begins
//! (training on the future), and features that alone predict the target almost perfectly.
//!
//! **Definitions.** *Shared rows*: current rows equal to a reference row over the feature and
//! target columns present in both (missing equals missing). *Shared ids*: distinct values of the
//! `id` column found in both inputs. *Date leakage*: reference rows whose `timestamp` is later
//! than the earliest current timestamp. *Single-feature target power*: on the reference, the ROC
//! AUC of each feature alone against a binary target, reported as max(AUC, 1 − AUC); numeric
//! features are used as they are (rows with the feature missing are left out), categorical ones
//! through their target rate per category (missing is a category). Power ≥ `power_threshold`
//! (0.95) flags a likely leak (Deepchecks' SingleFeatureContribution uses the same idea with its
//! predictive power score). *Feature–label association change*: the same single-feature
//! power in each input, as a Gini coefficient (2·power − 1, 0 = no information, 1 = perfect),
//! flagged when it moves by ≥ `association_change` (0.2) — Deepchecks'
//! FeatureLabelCorrelationChange, with the Gini in place of its predictive power score: a feature
//! that predicts the label far better in training than in production was likely built with
//! knowledge of the label.
//! **Reference.** `sklearn.metrics.roc_auc_score`; pandas `merge` for shared rows.

use std::collections::{HashMap, HashSet};

use arrow_array::ArrayRef;
use arrow_row::{RowConverter, SortField};
use serde::{Deserialize, Serialize};

use super::findings::{finding, share, Fact, Finding, Severity};
use crate::checks::{Check, Context};
use crate::config::Config;
use crate::config::Preset;
use crate::data::{ColumnType, Dataset};
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::roc_auc::roc_auc;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SharedRows {
    /// The columns compared.
    pub columns: Vec<String>,
    pub count: u64,
    pub share_of_current: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SharedIds {
    pub column: String,
    pub count: u64,
    pub share_of_current: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DateLeakage {
    pub column: String,
    pub count: u64,
    pub share_of_reference: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeaturePower {
    pub column: String,
    pub roc_auc: f64,
    pub power: f64,
    pub flagged: bool,
}

/// How strongly a feature alone predicts the target in each input (Gini = 2·power − 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssociationChange {
    pub column: String,
    pub gini_reference: f64,
    pub gini_current: f64,
    /// current − reference.
    pub change: f64,
    pub flagged: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Leakage {
    pub shared_rows: Option<SharedRows>,
    pub shared_ids: Option<SharedIds>,
    pub date_leakage: Option<DateLeakage>,
    /// Strongest first; empty without a binary target.
    pub target_power: Vec<FeaturePower>,
    pub power_threshold: f64,
    /// Largest change first; empty without a binary target in both inputs.
    pub association_change: Vec<AssociationChange>,
    pub association_threshold: f64,
    pub findings: Vec<Finding>,
}

/// `config` is the effective config (roles spelled out).
pub fn leakage(config: &Config, reference: &Dataset, current: Option<&Dataset>) -> Leakage {
    let roles = &config.roles;
    let threshold = config.leakage.power_threshold;
    let mut findings = Vec::new();
    let mut out = Leakage {
        shared_rows: None,
        shared_ids: None,
        date_leakage: None,
        target_power: Vec::new(),
        power_threshold: threshold,
        association_change: Vec::new(),
        association_threshold: config.leakage.association_change,
        findings: Vec::new(),
    };
    if let Some(cur) = current {
        let mut columns: Vec<String> = roles.features.clone();
        columns.extend(roles.target.clone());
        columns.retain(|c| match (reference.column_index(c), cur.column_index(c)) {
            (Some(a), Some(b)) => reference.columns[a].kind == cur.columns[b].kind,
            _ => false,
        });
        if !columns.is_empty() {
            let count = shared_rows(reference, cur, &columns);
            let s = SharedRows { columns, count, share_of_current: share(count, cur.rows) };
            if count > 0 {
                let fact = Fact::SharedRows { rows: count, share_of_current: s.share_of_current };
                findings.push(finding(Severity::Warning, fact, None, None));
            }
            out.shared_rows = Some(s);
        }
        if let Some(id) = &roles.id {
            if let (Some(a), Some(b)) = (reference.column_index(id), cur.column_index(id)) {
                let r: HashSet<String> = reference.texts(a).into_iter().flatten().collect();
                let c: HashSet<String> = cur.texts(b).into_iter().flatten().collect();
                let count = c.intersection(&r).count() as u64;
                let s = SharedIds { column: id.clone(), count, share_of_current: share(count, c.len() as u64) };
                if count > 0 {
                    let fact = Fact::SharedIds { ids: count, share_of_current: s.share_of_current };
                    findings.push(finding(Severity::Warning, fact, None, Some(id)));
                }
                out.shared_ids = Some(s);
            }
        }
        if let Some(ts) = &roles.timestamp {
            if let (Some(a), Some(b)) = (reference.column_index(ts), cur.column_index(ts)) {
                let start = cur.numbers(b).into_iter().flatten().fold(f64::INFINITY, f64::min);
                let count = reference.numbers(a).into_iter().flatten().filter(|&t| t > start).count() as u64;
                let d = DateLeakage { column: ts.clone(), count, share_of_reference: share(count, reference.rows) };
                if count > 0 {
                    let fact = Fact::DateLeakage { rows: count, share_of_reference: d.share_of_reference };
                    findings.push(finding(Severity::Critical, fact, None, Some(ts)));
                }
                out.date_leakage = Some(d);
            }
        }
    }
    if let Some(labels) = roles.target.as_deref().and_then(|t| binary_labels(reference, t)) {
        for f in &roles.features {
            let Some(i) = reference.column_index(f) else { continue };
            let Some(auc) = feature_auc(reference, i, &labels) else { continue };
            let power = auc.max(1.0 - auc);
            let flagged = power >= threshold;
            if flagged {
                findings.push(finding(Severity::Critical, Fact::TargetLeak { power }, None, Some(f)));
            }
            out.target_power.push(FeaturePower { column: f.clone(), roc_auc: auc, power, flagged });
        }
        out.target_power.sort_by(|a, b| b.power.total_cmp(&a.power));
    }
    let target = roles.target.as_deref();
    let labels = target.and_then(|t| Some((binary_labels(reference, t)?, binary_labels(current?, t)?)));
    if let (Some((ref_labels, cur_labels)), Some(cur)) = (labels, current) {
        let limit = config.leakage.association_change;
        for f in &roles.features {
            let (Some(i), Some(j)) = (reference.column_index(f), cur.column_index(f)) else { continue };
            let gini =
                |d: &Dataset, i: usize, l: &[Option<bool>]| feature_auc(d, i, l).map(|a| 2.0 * a.max(1.0 - a) - 1.0);
            let (Some(gr), Some(gc)) = (gini(reference, i, &ref_labels), gini(cur, j, &cur_labels)) else { continue };
            let change = gc - gr;
            let flagged = change.abs() >= limit;
            if flagged {
                let fact = Fact::AssociationChange { gini_reference: gr, gini_current: gc };
                findings.push(finding(Severity::Warning, fact, None, Some(f)));
            }
            out.association_change.push(AssociationChange {
                column: f.clone(),
                gini_reference: gr,
                gini_current: gc,
                change,
                flagged,
            });
        }
        out.association_change.sort_by(|a, b| b.change.abs().total_cmp(&a.change.abs()));
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity));
    out.findings = findings;
    out
}

fn shared_rows(reference: &Dataset, current: &Dataset, columns: &[String]) -> u64 {
    let pick = |d: &Dataset| -> Vec<usize> { columns.iter().filter_map(|c| d.column_index(c)).collect() };
    let (ri, ci) = (pick(reference), pick(current));
    let fields: Vec<SortField> =
        ri.iter().map(|&i| SortField::new(reference.schema.field(i).data_type().clone())).collect();
    let Ok(converter) = RowConverter::new(fields) else { return 0 };
    let mut seen: HashSet<Box<[u8]>> = HashSet::new();
    for b in &reference.batches {
        let cols: Vec<ArrayRef> = ri.iter().map(|&i| b.column(i).clone()).collect();
        if let Ok(rows) = converter.convert_columns(&cols) {
            seen.extend(rows.iter().map(|r| Box::<[u8]>::from(r.as_ref())));
        }
    }
    let mut count = 0u64;
    for b in &current.batches {
        let cols: Vec<ArrayRef> = ci.iter().map(|&i| b.column(i).clone()).collect();
        if let Ok(rows) = converter.convert_columns(&cols) {
            count += rows.iter().filter(|r| seen.contains(r.as_ref())).count() as u64;
        }
    }
    count
}

/// The target as booleans (the larger of its two values is positive); `None` unless it has
/// exactly two values. Rows with a missing target are `None`.
fn binary_labels(d: &Dataset, target: &str) -> Option<Vec<Option<bool>>> {
    let i = d.column_index(target)?;
    let kind = d.columns[i].kind;
    let values: Vec<Option<String>> = d.texts(i);
    let mut distinct: Vec<&String> = values.iter().flatten().collect::<HashSet<_>>().into_iter().collect();
    if distinct.len() != 2 {
        return None;
    }
    if kind.is_numeric() {
        distinct.sort_by(|a, b| a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0)));
    } else {
        distinct.sort();
    }
    let positive = distinct[1].clone();
    Some(values.iter().map(|v| v.as_ref().map(|v| *v == positive)).collect())
}

fn feature_auc(d: &Dataset, i: usize, labels: &[Option<bool>]) -> Option<f64> {
    let kind = d.columns[i].kind;
    let (mut scores, mut ys) = (Vec::new(), Vec::new());
    if matches!(kind, ColumnType::String | ColumnType::Boolean) {
        let ks = d.texts(i);
        let mut rate: HashMap<Option<&str>, (f64, f64)> = HashMap::new();
        for (k, y) in ks.iter().zip(labels) {
            if let Some(y) = y {
                let e = rate.entry(k.as_deref()).or_insert((0.0, 0.0));
                e.0 += f64::from(u8::from(*y));
                e.1 += 1.0;
            }
        }
        for (k, y) in ks.iter().zip(labels) {
            if let (Some(y), Some((pos, n))) = (y, rate.get(&k.as_deref())) {
                scores.push(pos / n);
                ys.push(*y);
            }
        }
    } else {
        for (x, y) in d.numbers(i).into_iter().zip(labels) {
            if let (Some(x), Some(y)) = (x, y) {
                scores.push(x);
                ys.push(*y);
            }
        }
    }
    roc_auc(&scores, &ys)
}

impl Check for Leakage {
    const KEY: &'static str = "leakage";
    const PRESETS: &'static [Preset] = &[Preset::DataDrift];

    fn run(cx: &Context, _progress: &mut dyn Progress) -> Option<Leakage> {
        Some(leakage(cx.config, cx.inputs.reference, cx.inputs.current))
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![GateConfig::new("No critical leakage finding", "leakage.findings[*].severity != \"critical\"")]
    }

    fn get(report: &Report) -> Option<&Leakage> {
        report.leakage.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.leakage = Some(self);
    }
}
