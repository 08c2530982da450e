//! The self-contained HTML report: inline CSS, inline SVG, no script, no external resource of
//! any kind, and a Content-Security-Policy that forbids loading anything. Built with maud, so
//! every data-derived string (file and column names, categories) is escaped.

mod canary;
mod comparison;
mod cost;
mod drift;
mod fairness;
mod leakage;
mod performance;
mod quality;
mod segments;
mod shadow;
mod skew;
mod stability;
mod summary;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::text::{self, fmt_num, fmt_pct};
use super::{svg, Report};
use crate::checks::canary::{Canary, CanaryVerdict};
use crate::checks::comparison::Comparison;
use crate::checks::cost::Cost;
use crate::checks::drift::over_time::Chunking;
use crate::checks::drift::{ColumnDrift, Drift, Kind};
use crate::checks::fairness::{Fairness, Group};
use crate::checks::leakage::Leakage;
use crate::checks::performance::Performance;
use crate::checks::quality::{ColumnQuality, Finding, Quality, Severity};
use crate::checks::segments::Segments;
use crate::checks::shadow::Shadow;
use crate::checks::skew::{Differences, Skew};
use crate::checks::stability::Stability;
use crate::checks::summary::Summaries;
use crate::checks::summary::{ColumnSummary, InputSummary};
use crate::config::{ChunkBy, Correction};
use crate::gates::Verdict;
use crate::model::{ModelKind, ModelSection};

/// The report's own policy: nothing may be fetched; only its inline styles apply.
pub const REPORT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS: &str = include_str!("../report.css");

pub fn render(report: &Report) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(REPORT_CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("Plumbline {}", report.plumbline_version));
                title { "Plumbline report" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "Plumbline report" }
                    p class="meta" {
                        "Plumbline " (report.plumbline_version)
                        @if let Some(t) = &report.generated_at { " · generated " (t) }
                        " · computed locally; this file holds aggregates only, no rows."
                    }
                }
                main {
                    (verdict_section(report))
                    (inputs(report))
                    @if !report.models.is_empty() { (models_section(&report.models)) }
                    // Each check's section, in the table's order (registry::CHECKS).
                    @for check in &crate::registry::CHECKS {
                        @if let Some(section) = (check.section)(report) { (section) }
                    }
                    @if !report.skipped.is_empty() { (skipped_section(report)) }
                    section id="config" {
                        h2 { "Configuration" }
                        p { "The effective configuration, to load back into Plumbline or pass to " code { "plumbline check --config" } "." }
                        pre { (report.config.to_json()) }
                    }
                }
                (config_block(report))
            }
        }
    };
    page.into_string()
}

/// What the report shows of one check's result. Each check's impl lives in this folder, in a
/// file named after it; [`crate::registry::CHECKS`] decides the order of the sections.
pub trait Present {
    /// Its section of the report (its `id` is the check's key, which key findings link to).
    fn section(&self, report: &Report) -> Markup;

    /// Its most important findings in plain language (the verdict section shows the first five
    /// of all checks', critical ones first).
    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        Vec::new()
    }

    /// Its one-line summary in the CLI's output, if it has one.
    fn cli_line(&self) -> Option<String> {
        None
    }
}

/// One key finding: a sentence and the section it links to.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFinding {
    pub text: String,
    /// The `id` of the section with the details.
    pub anchor: &'static str,
    /// Critical findings come before every other.
    pub critical: bool,
}

impl KeyFinding {
    pub fn new(text: String, anchor: &'static str) -> KeyFinding {
        KeyFinding { text, anchor, critical: false }
    }
}

/// The first critical finding of a list, with a count of the others.
fn critical_findings(list: &[Finding], anchor: &'static str, what: &str) -> Vec<KeyFinding> {
    let critical: Vec<&Finding> = list.iter().filter(|f| f.severity == Severity::Critical).collect();
    let Some(first) = critical.first() else { return Vec::new() };
    let more = if critical.len() > 1 {
        format!(" (and {} more critical {what} findings)", critical.len() - 1)
    } else {
        String::new()
    };
    vec![KeyFinding { text: format!("{}{more}", text::finding(first)), anchor, critical: true }]
}

/// The 3–5 most important findings, each with the section it comes from.
const KEY_FINDINGS: usize = 5;

/// The checks that did not run, with the reason: a reader sees what the report does not cover.
fn skipped_section(report: &Report) -> Markup {
    html! {
        section id="skipped" {
            h2 { "Checks not run" }
            ul {
                @for s in &report.skipped { li { strong { (s.check) } ": " (s.reason) "." } }
            }
        }
    }
}

fn verdict_section(report: &Report) -> Markup {
    let failed = report.gates.iter().filter(|g| g.passed == Some(false)).count();
    let evaluated = report.gates.iter().filter(|g| g.passed.is_some()).count();
    let unevaluated = report.gates.len() - evaluated;
    let nogo = report.verdict == Verdict::NoGo;
    let mut findings = crate::registry::key_findings(report);
    findings.truncate(KEY_FINDINGS);
    html! {
        section id="verdict" {
            h2 { "Verdict" }
            p data-testid="verdict" class=(format!("banner {}", if nogo { "nogo" } else if report.verdict == Verdict::Go { "go" } else { "none" })) {
                @if nogo {
                    strong { "NO-GO" } " — "
                    @if failed > 0 { (failed) " of " (evaluated) " acceptance gate" @if evaluated != 1 { "s" } " failed" @if unevaluated > 0 { "; " } }
                    @if unevaluated > 0 && report.config.gates_unevaluated == crate::gates::Unevaluated::Fail {
                        (unevaluated) " gate" @if unevaluated != 1 { "s" } " could not be evaluated"
                    }
                    "."
                }
                @else if report.verdict == Verdict::Go { strong { "GO" } " — all " (evaluated) " acceptance gate" @if evaluated != 1 { "s" } " passed." }
                @else { "No acceptance gate was evaluated." }
            }
            @if !findings.is_empty() {
                h3 { "Key findings" }
                ol class="key-findings" {
                    @for f in &findings { li { (f.text) " " a href=(format!("#{}", f.anchor)) { "Details" } } }
                }
            }
            @if !report.gates.is_empty() {
                h3 { "Acceptance gates" }
                div class="scroll" {
                    table class="gates" {
                        thead { tr { th scope="col" { "Gate" } th scope="col" { "Result" } th scope="col" class="num" { "Value" } th scope="col" { "Condition" } } }
                        tbody {
                            @for g in &report.gates {
                                tr data-gate=(g.name) {
                                    th scope="row" { (g.name) }
                                    td class=(match g.passed { Some(false) => "warn", _ => "" }) {
                                        (match g.passed { Some(true) => "✓ passed", Some(false) => "✗ failed", None => "✗ not evaluated" })
                                        @if let Some(r) = &g.reason { br; span class="muted" { (r) } }
                                    }
                                    td class="num" {
                                        (g.value.as_ref().map(|v| v.as_f64().map(|x| format!("{x:.4}")).unwrap_or_else(|| v.to_string())).unwrap_or_else(|| "—".into()))
                                    }
                                    td { code { (g.expression) } @if let Some(at) = &g.at { br; span class="muted" { "at " (at) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn inputs(report: &Report) -> Markup {
    html! {
        section id="inputs" {
            h2 { "Inputs" }
            table {
                thead { tr { th scope="col" { "Input" } th scope="col" { "File" } th scope="col" { "Format" } th scope="col" class="num" { "Rows" } th scope="col" class="num" { "Columns" } th scope="col" class="num" { "Bytes" } th scope="col" { "SHA-256" } } }
                tbody {
                    @for i in &report.inputs {
                        tr {
                            th scope="row" { (i.name) }
                            td { (i.file) }
                            td { (i.format) }
                            td class="num" { (i.rows) }
                            td class="num" { (i.columns) }
                            td class="num" { (i.bytes) }
                            td class="hash" { code { (i.sha256) } }
                        }
                    }
                }
            }
            @for i in report.inputs.iter().filter(|i| !i.notices.is_empty()) {
                ul class="notices" data-testid=(format!("notices-{}", i.name)) {
                    @for n in &i.notices { li { strong { (i.name) ": " } (n) } }
                }
            }
        }
    }
}

fn findings(list: &[Finding]) -> Markup {
    html! {
        ul class="findings" {
            @for f in list.iter().take(MAX_COLUMN_ROWS) {
                li class=(format!("finding {}", severity_name(f.severity))) {
                    span class="badge" { (severity_name(f.severity)) } " " (text::finding(f))
                }
            }
        }
        @if list.len() > MAX_COLUMN_ROWS {
            p class="muted" data-testid="more-findings" {
                "The list shows " (MAX_COLUMN_ROWS) " of " (list.len()) " findings, most severe first; the other "
                (list.len() - MAX_COLUMN_ROWS) " are in the JSON report."
            }
        }
    }
}

/// Inline lists (duplicated columns, almost constant ones) show this many items, then a count.
const INLINE_ITEMS: usize = 20;

fn and_more(total: usize) -> Markup {
    html! { @if total > INLINE_ITEMS { " and " (total - INLINE_ITEMS) " more (JSON report)" } }
}

fn models_section(models: &[ModelSection]) -> Markup {
    html! {
        section id="models" {
            h2 { "Models" }
            p class="muted" { "ONNX models run locally (tract). Their labels and probabilities are the predictions every check reads; the old model's are the comparison's baseline." }
            @for m in models {
                @let kind = match m.model.kind { ModelKind::Classifier => "classifier", ModelKind::Regressor => "regressor" };
                h3 { (if m.role == "model" { "Model: " } else { "Baseline model: " }) code { (m.model.file) } }
                p data-testid=(format!("{}-summary", m.role)) {
                    "A " (kind)
                    @if !m.model.classes.is_empty() { " of classes " (m.model.classes.join(", ")) }
                    " (" (m.model.bytes) " bytes"
                    @if !m.model.producer.is_empty() { ", made by " (m.model.producer) }
                    "; operators " (m.model.operators.join(", ")) "). "
                    "Predictions in column " code { (m.prediction_column) }
                    @if let Some(s) = &m.score_column { ", probability of class " (m.model.classes.get(1).map_or("1", String::as_str)) " in " code { (s) } }
                    "; scored "
                    (m.scored.iter().map(|s| format!("{} ({} rows)", s.input, s.rows)).collect::<Vec<_>>().join(", ")) "."
                }
                table data-testid=(format!("{}-mapping", m.role)) {
                    caption { "Model inputs and the columns that feed them" }
                    thead { tr { th scope="col" { "Model input" } th scope="col" { "Type" } th scope="col" { "Columns, in order" } th scope="col" { "Matched" } } }
                    tbody {
                        @for i in &m.mapping {
                            tr {
                                th scope="row" { code { (i.input) } }
                                td { (format!("{:?}", i.kind).to_lowercase()) }
                                td { (i.columns.join(", ")) }
                                td { (match i.by.as_str() { "config" => "from the config", "name" => "by name", _ => "by position (the feature columns in file order)" }) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Rows of a per-column table (summary, drift) in the HTML: a 10 000-column file gives a report
/// that opens, not 30 MB of tables. The JSON keeps every column.
pub const MAX_COLUMN_ROWS: usize = 500;

/// The sentence under a table cut at [`MAX_COLUMN_ROWS`] rows.
fn more_columns(total: usize, order: &str) -> Markup {
    html! {
        @if total > MAX_COLUMN_ROWS {
            p class="muted" data-testid="more-columns" {
                "The table shows " (MAX_COLUMN_ROWS) " of " (total) " columns (" (order) "); the other "
                (total - MAX_COLUMN_ROWS) " are in the JSON report."
            }
        }
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Critical => "critical",
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(fmt_num).unwrap_or_else(|| "—".into())
}

/// The effective config as inert JSON (`type="application/json"` never runs), so the app can
/// read a report's setup back. `<` is escaped so the data cannot close the element.
fn config_block(report: &Report) -> Markup {
    let json = serde_json::to_string(&report.config).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c");
    html! { script type="application/json" id="plumbline-config" { (PreEscaped(json)) } }
}
