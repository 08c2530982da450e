//! The self-contained HTML report: inline CSS, inline SVG, no script, no external resource of
//! any kind, and a Content-Security-Policy that forbids loading anything. Built with maud, so
//! every data-derived string (file and column names, categories) is escaped.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{fmt_num, fmt_pct, svg, Report};
use crate::checks::canary::Canary;
use crate::checks::comparison::Comparison;
use crate::checks::cost::Cost;
use crate::checks::drift::{ColumnDrift, Drift, Kind};
use crate::checks::drift_time::Chunking;
use crate::checks::fairness::{Fairness, Group};
use crate::checks::leakage::Leakage;
use crate::checks::performance::Performance;
use crate::checks::quality::{ColumnQuality, Finding, Quality, Severity};
use crate::checks::segments::Segments;
use crate::checks::shadow::Shadow;
use crate::checks::skew::{Differences, Skew};
use crate::checks::stability::Stability;
use crate::checks::summary::{ColumnSummary, InputSummary};
use crate::config::{ChunkBy, Correction};
use crate::model::{ModelKind, ModelSection};

/// The report's own policy: nothing may be fetched; only its inline styles apply.
pub const REPORT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS: &str = include_str!("report.css");

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
                    @if let Some(q) = &report.quality { (quality_section(q)) }
                    @if let Some(c) = &report.comparison { (comparison_section(c)) }
                    @if let Some(s) = &report.skew { (skew_section(s)) }
                    @if let Some(s) = &report.shadow { (shadow_section(s, report.config.fairness.min_group_size)) }
                    @if let Some(c) = &report.canary { (canary_section(c, report.config.canary.alpha)) }
                    @if let Some(s) = &report.stability { (stability_section(s)) }
                    @if let Some(p) = &report.performance { (performance_section(p, report.config.performance.bootstrap)) }
                    @if let Some(f) = &report.fairness { (fairness_section(f)) }
                    @if let Some(s) = &report.segments { (segments_section(s)) }
                    @if let Some(c) = &report.cost { (cost_section(c)) }
                    @if let Some(d) = &report.drift { (drift_section(d)) }
                    @if let Some(l) = &report.leakage { (leakage_section(l)) }
                    // Summaries of the reference and current data; the comparison inputs' are in the JSON.
                    @for input in report.inputs.iter().filter(|i| i.name == "reference" || i.name == "current") {
                        @if let Some(summary) = report.summary.get(&input.name) {
                            (summary_section(&input.name, summary, report.drift.is_none()))
                        }
                    }
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

/// The 3–5 most important findings in plain language, each with the section it comes from.
fn key_findings(report: &Report) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for (list, anchor, what) in [
        (report.quality.as_ref().map(|q| &q.findings), "quality", "data-quality"),
        (report.leakage.as_ref().map(|l| &l.findings), "leakage", "leakage"),
    ] {
        let critical: Vec<&Finding> = list.into_iter().flatten().filter(|f| f.severity == Severity::Critical).collect();
        if let Some(first) = critical.first() {
            let more = if critical.len() > 1 {
                format!(" (and {} more critical {what} findings)", critical.len() - 1)
            } else {
                String::new()
            };
            out.push((format!("{}{more}", first.message), anchor));
        }
    }
    if let Some(c) = &report.comparison {
        out.push((
            c.problem.clone().map_or_else(|| c.verdict.clone(), |p| format!("Model comparison: {p}.")),
            "comparison",
        ));
    }
    if let Some(s) = &report.skew {
        let text = match &s.problem {
            Some(p) => format!("Train/serve skew: {p}."),
            None if s.skewed == 0 => format!(
                "Serving computes all {} shared features as training does ({} rows matched).",
                s.features.len(),
                s.rows_matched
            ),
            None => {
                let mut worst: Vec<_> = s.features.iter().filter(|f| f.diff_count > 0).collect();
                worst.sort_by(|a, b| b.diff_count.cmp(&a.diff_count));
                let names: Vec<String> = worst
                    .iter()
                    .take(3)
                    .map(|f| format!("{} ({} of rows)", f.feature, fmt_pct(f.diff_share)))
                    .collect();
                format!("Train/serve skew in {} of {} features: {}.", s.skewed, s.features.len(), names.join(", "))
            }
        };
        out.push((text, "skew"));
    }
    if let Some(s) = &report.shadow {
        let text = match &s.problem {
            Some(p) => format!("Shadow: {p}."),
            None => format!(
                "The shadow model disagrees with the live one on {} of matched requests ({} of {}; limit {}).",
                fmt_pct(s.disagreement_rate),
                s.disagreements,
                s.compared,
                fmt_pct(s.max_disagreement)
            ),
        };
        out.push((text, "shadow"));
    }
    if let Some(c) = &report.canary {
        let text = match &c.problem {
            Some(p) => format!("Canary: {p}."),
            None if c.reasons.is_empty() => format!(
                "Canary: promote — no significant difference from the control arm ({} {} vs {}).",
                c.metric.replace('_', " "),
                fmt_pct(c.canary.rate),
                fmt_pct(c.control.rate)
            ),
            None => format!("Canary: hold — {}.", c.reasons.join("; ")),
        };
        out.push((text, "canary"));
    }
    if let Some(s) = &report.stability {
        let text = match &s.problem {
            Some(p) => format!("Stability: {p}."),
            None => {
                let worst = s.features.first().map(|f| {
                    format!(
                        "; most fragile: {} under {} {} ({} of rows {})",
                        f.feature,
                        f.perturbation,
                        fmt_num(f.level),
                        fmt_pct(f.flip_rate.or(f.fail_rate).unwrap_or(0.0)),
                        if f.flip_rate.is_some() { "flip" } else { "fail" }
                    )
                });
                format!(
                    "{} of {} perturbations make the model {} on at least {} of rows{}.",
                    s.failed_features,
                    s.features.len(),
                    if s.flip_rate.is_some() { "flip its decision" } else { "move its output" },
                    fmt_pct(s.fail_threshold),
                    worst.unwrap_or_default()
                )
            }
        };
        out.push((text, "stability"));
    }
    if let Some(d) = &report.drift {
        let mut drifted: Vec<&ColumnDrift> = d.columns.iter().filter(|c| c.drifted).collect();
        drifted.sort_by(|a, b| b.effect_size.value.unwrap_or(0.0).total_cmp(&a.effect_size.value.unwrap_or(0.0)));
        let text = if drifted.is_empty() {
            format!("No column drifted between reference and current (0 of {} tested).", d.columns.len())
        } else {
            let names: Vec<String> = drifted
                .iter()
                .take(3)
                .map(|c| match c.effect_size.value {
                    Some(v) => format!("{} ({} {})", c.column, c.effect_size.name, fmt_num(v)),
                    None => c.column.clone(),
                })
                .collect();
            format!(
                "{} of {} columns drifted{}: {}.",
                drifted.len(),
                d.columns.len(),
                if d.dataset_drifted { " — data-set drift" } else { "" },
                names.join(", ")
            )
        };
        out.push((text, "drift"));
    }
    if let Some(p) = &report.performance {
        let key = if p.task == "regression" { "mae" } else { "accuracy" };
        let parts: Vec<String> =
            p.inputs.iter().filter_map(|i| Some(format!("{:.3} on {}", i.metrics.get(key)?.value, i.input))).collect();
        if !parts.is_empty() {
            let name = if key == "mae" { "MAE" } else { "Accuracy" };
            out.push((format!("{name} {}.", parts.join(" vs ")), "performance"));
        }
    }
    if let Some(f) = &report.fairness {
        // The single-attribute disparity furthest outside the fair range.
        let [lo, hi] = f.fair_range;
        let mut worst: Option<(f64, String)> = None;
        for a in f.attributes.iter().filter(|a| !a.attribute.contains(" & ")) {
            for g in a.groups.iter().filter(|g| !g.suppressed) {
                for (m, label) in [
                    ("pprev", "predicted positive rate"),
                    ("tpr", "true positive rate"),
                    ("fpr", "false positive rate"),
                ] {
                    let (Some(d), Some(v)) = (g.disparity.get(m), g.metrics.get(m)) else { continue };
                    // Outside the range, significant against the reference; the most people
                    // times the largest gap (log scale) first.
                    let significant = g.p_value.get(m).is_some_and(|&p| p < 0.05);
                    let outside = (lo / d.max(1e-9)).max(d / hi);
                    let badness = g.share.unwrap_or(0.0) * outside.ln().min(5.0);
                    let reference = a.reference_groups.get(m).cloned().unwrap_or_default();
                    let rv = a.groups.iter().find(|x| x.group == reference).and_then(|x| x.metrics.get(m));
                    if significant && outside > 1.0 && worst.as_ref().is_none_or(|w| badness > w.0) {
                        let text = format!(
                            "{} = {}: {label} {:.3} vs {} for {reference} (disparity {:.2}, outside {}–{}).",
                            a.attribute,
                            g.group,
                            v,
                            rv.map_or("—".into(), |r| format!("{r:.3}")),
                            d,
                            fmt_num(lo),
                            fmt_num(hi)
                        );
                        worst = Some((badness, text));
                    }
                }
            }
        }
        out.push((
            worst.map(|w| w.1).unwrap_or_else(|| "Every group's rates are within the fair range.".into()),
            "fairness",
        ));
    }
    if let Some(s) = &report.segments {
        if let Some(top) = s.segments.first() {
            let name = if s.metric == "mae" { "MAE" } else { "accuracy" };
            out.push((
                format!(
                    "Weakest segment: {} — {name} {:.3} vs {:.3} overall ({} rows).",
                    top.rule, top.metric, s.overall, top.n
                ),
                "segments",
            ));
        }
    }
    out.truncate(5);
    out
}

fn verdict_section(report: &Report) -> Markup {
    let failed = report.gates.iter().filter(|g| g.passed == Some(false)).count();
    let evaluated = report.gates.iter().filter(|g| g.passed.is_some()).count();
    let unevaluated = report.gates.len() - evaluated;
    let nogo = report.verdict == "no-go";
    let findings = key_findings(report);
    html! {
        section id="verdict" {
            h2 { "Verdict" }
            p data-testid="verdict" class=(format!("banner {}", if nogo { "nogo" } else if report.verdict == "go" { "go" } else { "none" })) {
                @if nogo {
                    strong { "NO-GO" } " — "
                    @if failed > 0 { (failed) " of " (evaluated) " acceptance gate" @if evaluated != 1 { "s" } " failed" @if unevaluated > 0 { "; " } }
                    @if unevaluated > 0 && report.config.gates_unevaluated == crate::checks::gates::Unevaluated::Fail {
                        (unevaluated) " gate" @if unevaluated != 1 { "s" } " could not be evaluated"
                    }
                    "."
                }
                @else if report.verdict == "go" { strong { "GO" } " — all " (evaluated) " acceptance gate" @if evaluated != 1 { "s" } " passed." }
                @else { "No acceptance gate was evaluated." }
            }
            @if !findings.is_empty() {
                h3 { "Key findings" }
                ol class="key-findings" {
                    @for (text, anchor) in &findings { li { (text) " " a href=(format!("#{anchor}")) { "Details" } } }
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

/// `histograms`: false when the drift section already draws every column's distributions.
fn summary_section(name: &str, s: &InputSummary, histograms: bool) -> Markup {
    html! {
        section id=(format!("summary-{name}")) class="summary" {
            h2 { "Summary — " (name) }
            p { (s.rows) " rows, " (s.columns.len()) " columns. Missing counts pandas' default NA tokens; std has ddof = 1; quantiles interpolate linearly (pandas' default)."
                @if !histograms { " Each numeric column's distribution is drawn in the drift section, against the other input's." } }
            div class="scroll" {
                table {
                    thead { tr {
                        th scope="col" { "Column" } th scope="col" { "Type" }
                        th scope="col" class="num" { "Count" } th scope="col" class="num" { "Missing" }
                        th scope="col" class="num" { "Distinct" } th scope="col" class="num" { "Mean" }
                        th scope="col" class="num" { "Std" } th scope="col" class="num" { "Min" }
                        th scope="col" class="num" { "p50" } th scope="col" class="num" { "Max" }
                        th scope="col" { "Distribution" }
                    } }
                    tbody {
                        @for c in s.columns.iter().take(MAX_COLUMN_ROWS) { (column_row(c, s.rows, histograms)) }
                    }
                }
            }
            (more_columns(s.columns.len(), "the first in the file"))
        }
    }
}

/// The per-column quality rows, those with a change (type, missing share, new categories,
/// values out of range) first, each group in file order.
fn changed_first(columns: &[ColumnQuality]) -> Vec<&ColumnQuality> {
    let changed = |c: &ColumnQuality| {
        c.type_reference != c.type_current
            || c.missing_share_change != 0.0
            || c.new_categories.as_ref().is_some_and(|n| n.count > 0)
            || c.out_of_range.as_ref().is_some_and(|o| o.count > 0)
    };
    let mut rows: Vec<&ColumnQuality> = columns.iter().collect();
    rows.sort_by_key(|c| !changed(c));
    rows
}

fn quality_section(q: &Quality) -> Markup {
    html! {
        section id="quality" {
            h2 { "Data quality" }
            @if q.findings.is_empty() {
                p { "No finding: same columns and types, no new categories, values within the reference range, no duplicated or empty rows." }
            } @else {
                (findings(&q.findings))
            }
            @if !q.columns.is_empty() {
                h3 { "Reference vs current, per column" }
                div class="scroll" {
                    table {
                        thead { tr {
                            th scope="col" { "Column" } th scope="col" { "Type" }
                            th scope="col" class="num" { "Missing (ref)" } th scope="col" class="num" { "Missing (cur)" }
                            th scope="col" class="num" { "Change" } th scope="col" { "New categories" } th scope="col" class="num" { "Out of range" }
                        } }
                        tbody {
                            @for c in changed_first(&q.columns).into_iter().take(MAX_COLUMN_ROWS) {
                                tr {
                                    th scope="row" { (c.column) }
                                    td { (c.type_reference.name()) @if c.type_reference != c.type_current { " → " span class="warn" { (c.type_current.name()) } } }
                                    td class="num" { (fmt_pct(c.missing_share_reference)) }
                                    td class="num" { (fmt_pct(c.missing_share_current)) }
                                    td class="num" { (fmt_pct(c.missing_share_change)) }
                                    td {
                                        @if let Some(n) = &c.new_categories {
                                            @if n.count > 0 { (n.count) " values (" (fmt_pct(n.share)) "): " span class="muted" { (n.examples.join(", ")) } } @else { "—" }
                                        } @else { "—" }
                                    }
                                    td class="num" { @if let Some(o) = &c.out_of_range { (o.count) " (" (fmt_pct(o.share)) ")" } @else { "—" } }
                                }
                            }
                        }
                    }
                }
                (more_columns(q.columns.len(), "those that changed first"))
            }
            h3 { "Per input" }
            table {
                thead { tr { th scope="col" { "Input" } th scope="col" class="num" { "Rows" } th scope="col" class="num" { "Duplicated rows" } th scope="col" class="num" { "Empty rows" } th scope="col" { "Duplicated columns" } th scope="col" { "Almost constant" } } }
                tbody {
                    @for i in &q.inputs {
                        tr {
                            th scope="row" { (i.input) }
                            td class="num" { (i.rows) }
                            td class="num" { (i.duplicated_rows) }
                            td class="num" { (i.empty_rows) }
                            td { @for (k, [a, b]) in i.duplicated_columns.iter().take(INLINE_ITEMS).enumerate() { @if k > 0 { ", " } (a) " = " (b) } (and_more(i.duplicated_columns.len())) }
                            td { @for (k, c) in i.almost_constant.iter().take(INLINE_ITEMS).enumerate() { @if k > 0 { ", " } (c.column) " (" (fmt_pct(c.share)) ")" } (and_more(i.almost_constant.len())) }
                        }
                    }
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
                    span class="badge" { (severity_name(f.severity)) } " " (f.message)
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

fn leakage_section(l: &Leakage) -> Markup {
    html! {
        section id="leakage" {
            h2 { "Leakage" }
            @if l.findings.is_empty() {
                p { "No sign of leakage: no current row or id repeats the reference, no reference row is dated after the current data, and no feature alone predicts the target almost perfectly." }
            } @else {
                (findings(&l.findings))
            }
            ul {
                @if let Some(s) = &l.shared_rows {
                    li { "Current rows also in the reference: " (s.count) " (" (fmt_pct(s.share_of_current)) "), compared over " (s.columns.len()) " feature and target columns." }
                }
                @if let Some(s) = &l.shared_ids {
                    li { "Ids of “" (s.column) "” in both inputs: " (s.count) " (" (fmt_pct(s.share_of_current)) " of current ids)." }
                }
                @if let Some(d) = &l.date_leakage {
                    li { "Reference rows dated after the current data begins (“" (d.column) "”): " (d.count) " (" (fmt_pct(d.share_of_reference)) ")." }
                }
            }
            @if !l.association_change.is_empty() {
                h3 { "Feature–label association, reference vs current" }
                p class="muted" { "Gini (2·AUC − 1) of each feature alone against the target in each input; a change of ≥ " (fmt_num(l.association_threshold)) " is flagged." }
                table {
                    thead { tr { th scope="col" { "Feature" } th scope="col" class="num" { "Reference" } th scope="col" class="num" { "Current" } th scope="col" class="num" { "Change" } th scope="col" { "Flag" } } }
                    tbody {
                        @for a in l.association_change.iter().take(15) {
                            tr {
                                th scope="row" { (a.column) }
                                td class="num" { (format!("{:.3}", a.gini_reference)) }
                                td class="num" { (format!("{:.3}", a.gini_current)) }
                                td class="num" { (format!("{:+.3}", a.change)) }
                                td { @if a.flagged { span class="warn" { "changed" } } }
                            }
                        }
                    }
                }
            }
            @if !l.target_power.is_empty() {
                h3 { "Single-feature target power (reference)" }
                p class="muted" { "ROC AUC of each feature alone against the target, either direction; ≥ " (fmt_num(l.power_threshold)) " flags a likely leak." }
                table {
                    thead { tr { th scope="col" { "Feature" } th scope="col" class="num" { "Power" } th scope="col" { "Flag" } } }
                    tbody {
                        @for p in &l.target_power {
                            tr {
                                th scope="row" { (p.column) }
                                td class="num" { (format!("{:.3}", p.power)) }
                                td { @if p.flagged { span class="warn" { "likely leak" } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn performance_section(p: &Performance, resamples: u32) -> Markup {
    let names: Vec<&String> = p.inputs.first().map(|i| i.metrics.keys().collect()).unwrap_or_default();
    html! {
        section id="performance" {
            h2 { "Model quality" }
            p class="muted" {
                @match p.task.as_str() {
                    "regression" => { "Regression: errors of the prediction against the target." },
                    "binary" => { "Binary classification, positive class “" (p.positive_label.clone().unwrap_or_default()) "”"
                        @if let Some(t) = p.threshold { ", predicted positive when the score ≥ " (fmt_num(t)) } "." },
                    _ => { "Multiclass classification over " (p.labels.len()) " labels." },
                }
                " Brackets: 95 % intervals — Wilson for proportions"
                @if resamples > 0 { ", a seeded percentile bootstrap (" (resamples) " resamples) for the rest" }
                ". Values as scikit-learn computes them."
            }
            @if !p.skipped.is_empty() {
                ul class="skipped" data-testid="performance-skipped" {
                    @for s in &p.skipped { li { "Not computed on " (s.input) ": " (s.metrics.join(", ")) " — " (s.reason) "." } }
                }
            }
            div class="scroll" {
                table {
                    thead { tr { th scope="col" { "Metric" } @for i in &p.inputs { th scope="col" class="num" { (i.input) " (" (i.rows) " rows)" } } } }
                    tbody {
                        @for name in &names {
                            tr data-metric=(name) {
                                th scope="row" { (name) }
                                @for i in &p.inputs {
                                    td class="num" {
                                        @if let Some(m) = i.metrics.get(*name) {
                                            (format!("{:.4}", m.value))
                                            @if let Some([lo, hi]) = m.ci { " " span class="muted" { (format!("[{lo:.3}, {hi:.3}]")) } }
                                        } @else { "—" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @let curves: Vec<(String, Vec<(f64, f64)>)> = p.inputs.iter().filter(|i| !i.calibration.is_empty())
                .map(|i| (i.input.clone(), i.calibration.iter().map(|b| (b.mean_predicted, b.fraction_positive)).collect())).collect();
            @if !curves.is_empty() {
                h3 { "Calibration" }
                p class="muted" { "Mean score (x) against the observed positive rate (y) in 10 equal score bins; the dashed diagonal is perfect calibration, points below it are over-confident. "
                    @for (k, (name, _)) in curves.iter().enumerate() { span class=(format!("key-s{k}")) { "■ " } (name) " " } }
                (svg::xy(&curves, true, "Calibration curve: observed positive rate by mean score per bin", 260, 220))
                @for i in p.inputs.iter().filter(|i| !i.calibration.is_empty()) {
                    details {
                        summary { "Calibration bins — " (i.input) }
                        table {
                            thead { tr { th scope="col" { "Score bin" } th scope="col" class="num" { "Rows" } th scope="col" class="num" { "Mean score" } th scope="col" class="num" { "Positive rate" } } }
                            tbody { @for b in &i.calibration { tr {
                                th scope="row" { (format!("[{:.1}, {:.1}{}", b.lower, b.upper, if b.upper >= 1.0 { "]" } else { ")" })) }
                                td class="num" { (b.count) } td class="num" { (format!("{:.3}", b.mean_predicted)) } td class="num" { (format!("{:.3}", b.fraction_positive)) }
                            } } }
                        }
                    }
                }
            }
            @if p.inputs.iter().any(|i| !i.error_quantiles.is_empty()) {
                h3 { "Error quantiles (prediction − target)" }
                table {
                    thead { tr { th scope="col" { "Quantile" } @for i in &p.inputs { th scope="col" class="num" { (i.input) } } } }
                    tbody { @for (k, q) in crate::checks::performance::ERROR_QUANTILES.iter().enumerate() { tr {
                        th scope="row" { (format!("{:.0} %", q * 100.0)) }
                        @for i in &p.inputs { td class="num" { (i.error_quantiles.get(k).map(|e| fmt_num(e[1])).unwrap_or_else(|| "—".into())) } }
                    } } }
                }
            }
            @if p.labels.len() >= 2 && p.labels.len() <= 12 {
                @for i in &p.inputs {
                    h3 { "Confusion matrix — " (i.input) }
                    table class="confusion" {
                        thead { tr { th scope="col" { "true ↓ / predicted →" } @for l in &p.labels { th scope="col" class="num" { (l) } } } }
                        tbody {
                            @for (k, row) in i.confusion_matrix.iter().enumerate() {
                                tr { th scope="row" { (p.labels.get(k).cloned().unwrap_or_default()) } @for v in row { td class="num" { (v) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn fairness_section(f: &Fairness) -> Markup {
    const SHOWN: [&str; 6] = ["pprev", "tpr", "fpr", "precision", "fnr", "accuracy"];
    let cell = |g: &Group, m: &str| -> Markup {
        html! {
            @if let Some(v) = g.metrics.get(m) {
                // Only unfair values carry markup (the disparity as a tooltip): the table stays light.
                @if g.fair.get(m) == Some(&false) {
                    span class="warn" title=(g.disparity.get(m).map(|d| format!("disparity {d:.2}")).unwrap_or_default()) { (format!("{v:.3}")) " ⚠" }
                } @else { (format!("{v:.3}")) }
            } @else { "—" }
        }
    };
    html! {
        section id="fairness" {
            h2 { "Fairness" }
            p class="muted" {
                "On the " (f.input) " data, positive class “" (f.positive_label) "”. Each rate per group; ⚠ marks a disparity (group ÷ reference group) outside "
                (fmt_num(f.fair_range[0])) "–" (fmt_num(f.fair_range[1])) ". Groups under " (f.min_group_size) " rows are suppressed. "
                "pprev: predicted positive rate; tpr/fpr/fnr: true/false positive and false negative rates."
            }
            @for a in &f.attributes {
                h3 data-attribute=(a.attribute) { (a.attribute) }
                p {
                    "Demographic parity difference " (format!("{:.3}", a.summary.demographic_parity_difference))
                    " (ratio " (format!("{:.3}", a.summary.demographic_parity_ratio)) "); equalized odds difference "
                    (format!("{:.3}", a.summary.equalized_odds_difference)) " (ratio " (format!("{:.3}", a.summary.equalized_odds_ratio))
                    "); equal opportunity difference " (format!("{:.3}", a.summary.equal_opportunity_difference)) ". Reference group: "
                    @if a.reference_group == "min" { "per rate, the group with the lowest value (Aequitas “min”)" } @else { (a.reference_group) } "."
                }
                div class="scroll" {
                    table {
                        thead { tr {
                            th scope="col" { "Group" } th scope="col" class="num" { "n" }
                            @for m in SHOWN { th scope="col" class="num" { (m) } }
                            th scope="col" class="num" { "auc" }
                        } }
                        tbody {
                            @for g in a.groups.iter().take(20) {
                                tr {
                                    th scope="row" { (g.group) }
                                    @if g.suppressed {
                                        td class="muted" colspan=(SHOWN.len() + 2) { "suppressed (fewer than " (f.min_group_size) " rows)" }
                                    } @else {
                                        td class="num" { (g.n.unwrap_or(0)) }
                                        @for m in SHOWN { td class="num" { (cell(g, m)) } }
                                        td class="num" { (opt(g.auc)) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if a.groups.len() > 20 { p class="muted" { (a.groups.len() - 20) " smaller groups are in the JSON report." } }
                @if !a.set_aside.is_empty() {
                    details data-testid=(format!("set-aside-{}", a.attribute)) {
                        summary { (a.set_aside.len()) " group" @if a.set_aside.len() != 1 { "s" } " with a tpr disparity outside [" (fmt_num(f.fair_range[0])) ", " (fmt_num(f.fair_range[1])) "] set aside by the equal-opportunity gate" }
                        ul { @for s in a.set_aside.iter().take(20) { li { (s.group) " (disparity " (fmt_num(s.disparity)) "): " (s.reason) } } }
                    }
                }
                // Bars for single attributes (intersections: the table).
                div class="charts" {
                    @for m in ["pprev", "tpr", "fpr"].iter().filter(|_| !a.attribute.contains(" & ")).copied() {
                        @let items: Vec<(String, f64, Option<[f64; 2]>)> = a.groups.iter().filter(|g| !g.suppressed).take(12)
                            .filter_map(|g| Some((g.group.clone(), *g.metrics.get(m)?, g.ci.get(m).copied()))).collect();
                        @let reference = a.reference_groups.get(m).and_then(|r| a.groups.iter().find(|g| &g.group == r)).and_then(|g| g.metrics.get(m).copied());
                        @if !items.is_empty() {
                            figure {
                                (svg::interval_bars(&items, reference, &format!("{m} per {} group with 95 % Wilson intervals; dashed: the reference group", a.attribute), 380))
                                figcaption class="muted" { (m) " with 95 % intervals; dashed: reference group" }
                            }
                        }
                    }
                }
                @if !a.sweep.is_empty() {
                    details {
                        summary { "Threshold sweep — how each " (a.attribute) " group's rates move with the score threshold" }
                        @let (lo, hi) = (f.sweep_thresholds.first().copied().unwrap_or(0.0), f.sweep_thresholds.last().copied().unwrap_or(1.0));
                        p class="muted" { "x: the score threshold (" (fmt_num(lo)) " to " (fmt_num(hi)) "); y: the rate. "
                            @for (k, g) in a.sweep.iter().take(svg::SERIES).enumerate() { span class=(format!("key-s{k}")) { "■ " } (g.group) " " } }
                        div class="charts" {
                            @for (m, pick) in [("fpr", 0usize), ("fnr", 1), ("pprev", 2)] {
                                @let series: Vec<(String, Vec<(f64, f64)>)> = a.sweep.iter().take(svg::SERIES).map(|g| {
                                    let v = [&g.fpr, &g.fnr, &g.pprev][pick];
                                    (g.group.clone(), f.sweep_thresholds.iter().zip(v.iter()).filter_map(|(t, v)| Some((*t, (*v)?))).collect())
                                }).collect();
                                figure {
                                    (svg::xy_over(&series, false, &format!("{m} of each {} group by score threshold", a.attribute), 240, 170, (lo, hi)))
                                    figcaption class="muted" { (m) " by threshold" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn segments_section(s: &Segments) -> Markup {
    let name = if s.metric == "mae" { "MAE" } else { "Accuracy" };
    let items: Vec<(String, f64, Option<[f64; 2]>)> =
        s.segments.iter().map(|g| (g.rule.clone(), g.metric, g.ci)).collect();
    html! {
        section id="segments" {
            h2 { "Weak segments" }
            p class="muted" {
                "Where the model does worst, found without being told where to look: every feature's categories and quintile ranges, "
                "and every pair of them, with at least " (s.min_rows) " of " (s.rows) " rows. "
                (s.tested) " segments tested against the rest of the " (s.input) " data ("
                @if s.metric == "mae" { "Welch's t-test on absolute errors" } @else { "two-proportion z or Fisher's exact test on errors" }
                "), Benjamini–Hochberg adjusted; weak = worse with adjusted p < " (fmt_num(s.alpha)) "."
            }
            p data-testid="segments-verdict" class=(if s.weak > 0 { "verdict bad" } else { "verdict" }) {
                @if s.weak == 0 { "No segment is significantly worse than overall (" (name.to_lowercase()) " " (format!("{:.4}", s.overall)) ")." }
                @else { (s.weak) " weak segment" @if s.weak != 1 { "s" } "; overall " (name.to_lowercase()) " " (format!("{:.4}", s.overall))
                    @if s.weak as usize > s.segments.len() { ", the " (s.segments.len()) " worst shown" } "." }
            }
            @if !items.is_empty() {
                (svg::interval_bars(&items, Some(s.overall), &format!("{name} per weak segment with 95 % intervals; dashed line: overall"), 640))
                div class="scroll" {
                    table {
                        thead { tr { th scope="col" { "Segment" } th scope="col" class="num" { "Rows" } th scope="col" class="num" { "Share" }
                            th scope="col" class="num" { (name) } th scope="col" class="num" { "Gap" } th scope="col" class="num" { "Adjusted p" } } }
                        tbody {
                            @for g in &s.segments {
                                tr {
                                    th scope="row" { (g.rule) }
                                    td class="num" { (g.n) } td class="num" { (format!("{:.1} %", g.share * 100.0)) }
                                    td class="num" { (format!("{:.4}", g.metric)) @if let Some([lo, hi]) = g.ci { " " span class="muted" { (format!("[{lo:.3}, {hi:.3}]")) } } }
                                    td class="num" { (if s.metric == "mae" { format!("+{}", fmt_num(g.gap)) } else { format!("−{:.1} pts", g.gap * 100.0) }) }
                                    td class="num" { (format!("{:.1e}", g.p_value_adjusted)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn differences_cells(d: &Option<Differences>) -> Markup {
    html! {
        @match d {
            Some(d) => { td class="num" { (fmt_num(d.mean)) } td class="num" { (fmt_num(d.q05)) " … " (fmt_num(d.q95)) } td class="num" { (fmt_num(d.max_abs)) } }
            None => { td class="num" { "—" } td class="num" { "—" } td class="num" { "—" } }
        }
    }
}

fn comparison_section(c: &Comparison) -> Markup {
    let items: Vec<(String, f64, Option<[f64; 2]>, bool)> =
        c.metrics.iter().map(|m| (m.metric.replace('_', " "), m.delta, m.ci, m.worse)).collect();
    html! {
        section id="comparison" {
            h2 { "Model comparison" }
            p class="muted" {
                "The baseline (" (c.baseline) ") against the candidate (" (c.candidate) ") on the same " (c.rows) " rows. "
                "Each delta is candidate − baseline with a 95 % paired-bootstrap interval; p-values from McNemar's test (accuracy), "
                "DeLong's test (ROC AUC), Wilcoxon's signed-rank test (MAE) or the paired bootstrap; worse = the bad direction with p < " (fmt_num(c.alpha)) "."
            }
            @if let Some(p) = &c.problem { p class="verdict bad" data-testid="comparison-verdict" { "Nothing compared: " (p) "." } }
            @else {
                p data-testid="comparison-verdict" class=(if c.passed { "verdict" } else { "verdict bad" }) { (c.verdict) }
                @if c.baseline_only + c.candidate_only + c.duplicate_ids.baseline + c.duplicate_ids.candidate + c.missing_ids.baseline + c.missing_ids.candidate > 0 {
                    p class="warn" {
                        "Join by id: " (c.rows_matched) " ids matched; " (c.baseline_only) " only in the baseline, " (c.candidate_only) " only in the candidate; "
                        "duplicate ids (later rows not compared): " (c.duplicate_ids.baseline) " baseline, " (c.duplicate_ids.candidate) " candidate; "
                        "rows without an id: " (c.missing_ids.baseline) " baseline, " (c.missing_ids.candidate) " candidate."
                    }
                }
                @if !items.is_empty() { (svg::diverging(&items, "Change of each metric, candidate − baseline, with 95 % intervals; orange: significantly worse", 640)) }
                div class="scroll" {
                    table data-testid="comparison-metrics" {
                        thead { tr { th scope="col" { "Metric" } th scope="col" class="num" { "Baseline" } th scope="col" class="num" { "Candidate" }
                            th scope="col" class="num" { "Delta [95 % CI]" } th scope="col" { "Test" } th scope="col" class="num" { "p" } th scope="col" { "Result" } } }
                        tbody {
                            @for m in &c.metrics {
                                tr {
                                    th scope="row" { (m.metric.replace('_', " ")) @if !m.greater_is_better { " " span class="muted" { "(lower is better)" } } }
                                    td class="num" { (format!("{:.4}", m.baseline)) } td class="num" { (format!("{:.4}", m.candidate)) }
                                    td class="num" { (format!("{:+.4}", m.delta)) @if let Some([lo, hi]) = m.ci { " " span class="muted" { (format!("[{lo:+.4}, {hi:+.4}]")) } } }
                                    td { (m.test.replace('_', " ")) }
                                    td class="num" { (m.p_value.map_or("—".into(), |p| format!("{p:.2e}"))) }
                                    td class=(if m.passed { "" } else { "warn" }) {
                                        (if m.passed { "✓ passed" } else { "✗ failed" })
                                        @if let Some(k) = &m.criterion { br; span class="muted" { (k) } }
                                        @else if m.worse { br; span class="muted" { "significantly worse" } }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !c.tests.is_empty() {
                    p class="muted" {
                        @for (i, t) in c.tests.iter().enumerate() {
                            @if i > 0 { "; " }
                            (t.test.replace('_', " ")) " on " (t.on) ": statistic " (fmt_num(t.statistic)) ", p = " (format!("{:.3e}", t.p_value))
                            @if t.exact == Some(true) { " (exact)" }
                        }
                        "."
                    }
                }
                @if let (Some(f), Some(ch)) = (&c.flips, &c.churn) {
                    h3 { "Flips" }
                    table class="flips" data-testid="flips" {
                        thead { tr { td {} th scope="col" { "Candidate right" } th scope="col" { "Candidate wrong" } } }
                        tbody {
                            tr { th scope="row" { "Baseline right" } td class="num" { (f.both_correct) } td class="num" { (f.baseline_only_correct) } }
                            tr { th scope="row" { "Baseline wrong" } td class="num" { (f.candidate_only_correct) } td class="num" { (f.both_wrong) } }
                        }
                    }
                    p {
                        "Churn: " (ch.rows) " rows (" (fmt_pct(ch.share)) ") get a different decision"
                        @if ch.to_positive + ch.to_negative > 0 { ": " (ch.to_positive) " become positive, " (ch.to_negative) " negative" }
                        ". Only the " (f.baseline_only_correct + f.candidate_only_correct) " rows one model gets right and the other wrong decide which is better."
                    }
                }
                h3 { "Slices" }
                p class="muted" {
                    (c.slices_tested) " slices tested (groups of the sensitive attributes and feature segments) with "
                    @if c.slice_metric == "mae" { "Wilcoxon's test on absolute errors" } @else { "McNemar's test" }
                    ", Benjamini–Hochberg adjusted."
                }
                @if c.slices.is_empty() { p { "The candidate is not worse in any slice." } }
                @else {
                    div class="scroll" {
                        table data-testid="comparison-slices" {
                            thead { tr { th scope="col" { "Attribute" } th scope="col" { "Slice" } th scope="col" class="num" { "Rows" }
                                th scope="col" class="num" { "Baseline " (c.slice_metric) } th scope="col" class="num" { "Candidate " (c.slice_metric) }
                                th scope="col" class="num" { "Adjusted p" } th scope="col" { "Worse" } } }
                            tbody {
                                @for s in &c.slices {
                                    tr {
                                        td { (s.attribute) } th scope="row" { (s.slice) } td class="num" { (s.rows) }
                                        td class="num" { (format!("{:.4}", s.baseline)) } td class="num" { (format!("{:.4}", s.candidate)) }
                                        td class="num" { (format!("{:.2e}", s.p_adjusted)) }
                                        td class=(if s.worse { "warn" } else { "" }) { (if s.worse { "yes" } else { "no" }) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn skew_section(s: &Skew) -> Markup {
    // The features that differ, most first; the matching ones are counted (all are in the JSON).
    let mut features: Vec<_> = s.features.iter().filter(|f| f.diff_count > 0).collect();
    features.sort_by(|a, b| b.diff_count.cmp(&a.diff_count).then(a.feature.cmp(&b.feature)));
    let matching: Vec<&str> = s.features.iter().filter(|f| f.diff_count == 0).map(|f| f.feature.as_str()).collect();
    html! {
        section id="skew" {
            h2 { "Train/serve skew" }
            p class="muted" {
                "Training rows (reference) and serving rows joined by " (s.id.join(", ")) "; every shared feature compared row by row as TFDV's "
                "feature-skew detector counts it (" (s.tolerance) "). Examples list keys only."
            }
            @if let Some(p) = &s.problem { p class="verdict bad" data-testid="skew-verdict" { "Nothing compared: " (p) "." } }
            @else {
                p data-testid="skew-verdict" class=(if s.skewed > 0 { "verdict bad" } else { "verdict" }) {
                    @if s.skewed == 0 { "No skew: every shared feature matches on all " (s.rows_matched) " matched rows." }
                    @else { (s.skewed) " of " (s.features.len()) " features differ between training and serving." }
                }
                p {
                    (s.rows_matched) " keys matched; " (s.training_only_rows) " only in training, " (s.serving_only_rows) " only in serving; duplicate keys: "
                    (s.duplicate_keys.training) " training, " (s.duplicate_keys.serving) " serving; rows without a key: " (s.missing_keys.training) " training, " (s.missing_keys.serving) " serving."
                    @if !s.training_only_columns.is_empty() { " Only in training (not compared): " (s.training_only_columns.join(", ")) "." }
                    @if !s.serving_only_columns.is_empty() { " Only in serving (not compared): " (s.serving_only_columns.join(", ")) "." }
                }
                @if !matching.is_empty() {
                    p data-testid="skew-matching" { "Identical on every matched row: " (matching.join(", ")) "." }
                }
                @if !features.is_empty() {
                div class="scroll" {
                    table data-testid="skew-features" {
                        thead { tr { th scope="col" { "Feature" } th scope="col" class="num" { "Match" } th scope="col" class="num" { "Mismatch" }
                            th scope="col" class="num" { "Training only" } th scope="col" class="num" { "Serving only" } th scope="col" class="num" { "Differ" }
                            th scope="col" class="num" { "Mean diff" } th scope="col" class="num" { "5–95 % diff" } th scope="col" class="num" { "Max |diff|" } th scope="col" { "Example keys" } } }
                        tbody {
                            @for f in features {
                                tr {
                                    th scope="row" { (f.feature) @if s.prediction.as_deref() == Some(f.feature.as_str()) { " " span class="muted" { "(prediction)" } } }
                                    td class="num" { (f.match_count) } td class="num" { (f.mismatch_count) } td class="num" { (f.training_only) } td class="num" { (f.serving_only) }
                                    td class=(if f.diff_count > 0 { "num warn" } else { "num" }) { (f.diff_count) " (" (fmt_pct(f.diff_share)) ")" }
                                    (differences_cells(&f.differences))
                                    td { (f.examples.join("; ")) }
                                }
                            }
                        }
                    }
                }
                }
            }
        }
    }
}

fn shadow_section(s: &Shadow, min_group: u64) -> Markup {
    html! {
        section id="shadow" {
            h2 { "Shadow deployment" }
            p class="muted" {
                "The live log (current) and the shadow model's log joined by request id (" (s.id.join(", ")) "); a decision is the predicted label, "
                "or the score against the threshold. Groups under " (min_group) " requests are hidden."
            }
            @if let Some(p) = &s.problem { p class="verdict bad" data-testid="shadow-verdict" { "Nothing compared: " (p) "." } }
            @else {
                p data-testid="shadow-verdict" class=(if s.passed { "verdict" } else { "verdict bad" }) {
                    "Disagreement " (fmt_pct(s.disagreement_rate)) " (" (s.disagreements) " of " (s.compared) " requests); limit " (fmt_pct(s.max_disagreement)) "."
                }
                p {
                    "Match rate " (fmt_pct(s.match_rate)) ": " (s.rows_matched) " requests in both logs, " (s.live_only) " only live, " (s.shadow_only)
                    " only in the shadow log; duplicate ids: " (s.duplicate_ids.live) " live, " (s.duplicate_ids.shadow) " shadow."
                }
                @if let Some(d) = &s.score_delta {
                    p { "Score delta (shadow − live) over " (d.count) " requests: mean " (fmt_num(d.mean)) ", 5–95 % " (fmt_num(d.q05)) " … " (fmt_num(d.q95)) ", largest |delta| " (fmt_num(d.max_abs)) "." }
                }
                @if !s.groups.is_empty() {
                    @let items: Vec<(String, f64, Option<[f64; 2]>)> = s.groups.iter().map(|g| (format!("{} = {}", g.attribute, g.group), g.agreement_rate, crate::stats::wilson::wilson(g.agreement_rate * g.rows as f64, g.rows as f64))).collect();
                    (svg::interval_bars(&items, Some(1.0 - s.disagreement_rate), "Agreement rate per group with 95 % intervals; dashed: overall", 640))
                    table {
                        thead { tr { th scope="col" { "Attribute" } th scope="col" { "Group" } th scope="col" class="num" { "Requests" } th scope="col" class="num" { "Agreement" } } }
                        tbody { @for g in &s.groups { tr { td { (g.attribute) } th scope="row" { (g.group) } td class="num" { (g.rows) } td class="num" { (fmt_pct(g.agreement_rate)) } } } }
                    }
                }
            }
        }
    }
}

fn canary_section(c: &Canary, alpha: f64) -> Markup {
    let what = c.metric.replace('_', " ");
    html! {
        section id="canary" {
            h2 { "Canary release" }
            p class="muted" {
                "Arms: " (c.arms) ". The " (what) " of each arm; the difference (canary − control) with the pooled two-proportion z-test and Newcombe's 95 % interval"
                @if c.ks.is_some() { "; the score distributions with the Kolmogorov–Smirnov test" } ". Significant: p < " (fmt_num(alpha)) "."
            }
            @if let Some(p) = &c.problem { p class="verdict bad" data-testid="canary-verdict" { "Nothing compared: " (p) "." } }
            @else {
                p data-testid="canary-verdict" class=(if c.verdict == "promote" { "verdict" } else { "verdict bad" }) {
                    (if c.verdict == "promote" { "Promote" } else { "Hold" })
                    @if !c.reasons.is_empty() { ": " (c.reasons.join("; ")) } "."
                }
                table {
                    thead { tr { th scope="col" { "Arm" } th scope="col" class="num" { "Rows" } th scope="col" class="num" { (what) } } }
                    tbody {
                        tr { th scope="row" { "control" } td class="num" { (c.control.rows) } td class="num" { (format!("{:.4}", c.control.rate)) } }
                        tr { th scope="row" { "canary" } td class="num" { (c.canary.rows) } td class="num" { (format!("{:.4}", c.canary.rate)) } }
                    }
                }
                p {
                    "Difference " (format!("{:+.4}", c.difference))
                    @if let Some([lo, hi]) = c.ci { " [" (format!("{lo:+.4}, {hi:+.4}")) "]" }
                    @if let Some(z) = &c.z_test { "; z = " (format!("{:.3}", z.statistic)) ", p = " (format!("{:.3e}", z.p_value)) }
                    @if let Some(k) = &c.ks { "; KS on scores D = " (format!("{:.4}", k.statistic)) ", p = " (format!("{:.3e}", k.p_value)) }
                    "."
                }
            }
        }
    }
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

fn stability_section(s: &Stability) -> Markup {
    let rate = |f: Option<f64>| f.map_or("—".to_string(), fmt_pct);
    let items: Vec<(String, f64, Option<[f64; 2]>)> = s
        .features
        .iter()
        .take(12)
        .map(|f| {
            let v = f.flip_rate.or(f.fail_rate).unwrap_or(0.0);
            let k = (v * f.rows as f64).round();
            (
                format!("{} {} {}", f.feature, f.perturbation, fmt_num(f.level)),
                v,
                crate::stats::wilson::wilson(k, f.rows as f64),
            )
        })
        .collect();
    let what = if s.flip_rate.is_some() { "flip rate" } else { "fail rate" };
    html! {
        section id="stability" {
            h2 { "Noise stability" }
            p class="muted" {
                "The model's outputs on rows perturbed one feature at a time (seed " (s.seed) ") against its outputs on the same rows unchanged. "
                "A flip: the decision changes; a fail: the score moves by more than " (fmt_pct(s.output_sensitivity)) " of itself. "
                "A perturbation fails when its " (what) " reaches " (fmt_pct(s.fail_threshold)) "."
            }
            @if let Some(p) = &s.problem { p class="verdict bad" data-testid="stability-verdict" { "Nothing compared: " (p) "." } }
            @else {
                p data-testid="stability-verdict" class=(if s.failed_features > 0 { "verdict bad" } else { "verdict" }) {
                    (s.failed_features) " of " (s.features.len()) " perturbations fail. Overall flip rate " (rate(s.flip_rate)) ", fail rate " (rate(s.fail_rate))
                    " over " (s.pairs) " perturbed rows of " (s.rows) " rows"
                    @if s.unpaired > 0 { " (" (s.unpaired) " perturbed rows had no unchanged row to compare with)" } "."
                }
                @if !items.is_empty() {
                    (svg::interval_bars(&items, Some(s.fail_threshold), &format!("Sensitivity ranking: {what} per perturbation with 95 % intervals; dashed: the failure threshold"), 640))
                }
                div class="scroll" {
                    table data-testid="stability-features" {
                        thead { tr { th scope="col" { "Feature" } th scope="col" { "Perturbation" } th scope="col" class="num" { "Level" } th scope="col" class="num" { "Rows" }
                            th scope="col" class="num" { "Flip rate" } th scope="col" class="num" { "Mean |change|" } th scope="col" class="num" { "Fail rate" } th scope="col" { "Result" } } }
                        tbody {
                            @for f in s.features.iter().enumerate().filter(|(i, f)| *i < 20 || f.failed).map(|(_, f)| f) {
                                tr {
                                    th scope="row" { (f.feature) } td { (f.perturbation) } td class="num" { (fmt_num(f.level)) } td class="num" { (f.rows) }
                                    td class="num" { (rate(f.flip_rate)) } td class="num" { (f.mean_abs_change.map_or("—".into(), |v| format!("{v:.4}"))) }
                                    td class="num" { (rate(f.fail_rate)) }
                                    td class=(if f.failed { "warn" } else { "" }) { (if f.failed { "✗ fails" } else { "✓" }) }
                                }
                            }
                        }
                    }
                }
                @let hidden = s.features.iter().enumerate().filter(|(i, f)| *i >= 20 && !f.failed).count();
                @if hidden > 0 { p class="muted" { "The " (hidden) " least fragile perturbations, all passing, are in the JSON report." } }
                @if !s.groups.is_empty() {
                    h3 { "Flip rate per group" }
                    table {
                        thead { tr { th scope="col" { "Attribute" } th scope="col" { "Group" } th scope="col" class="num" { "Perturbed rows" } th scope="col" class="num" { "Flip rate" } } }
                        tbody { @for g in &s.groups { tr { td { (g.attribute) } th scope="row" { (g.group) } td class="num" { (g.rows) } td class="num" { (fmt_pct(g.flip_rate)) } } } }
                    }
                }
            }
        }
    }
}

fn cost_section(c: &Cost) -> Markup {
    let values: Vec<Option<f64>> = c.curve.iter().map(|p| Some(p[1])).collect();
    html! {
        section id="cost" {
            h2 { "Cost of errors" }
            p data-testid="cost-now" {
                "On the " (c.input) " data (" (c.rows) " rows) the model's decisions cost " (fmt_num(c.cost_per_row)) " per row ("
                (fmt_num(c.total_cost)) " in total)."
                @if let (Some(t), Some(b)) = (c.best_threshold, c.best_cost_per_row) {
                    " The cheapest threshold on the score is " (fmt_num(t)) ": " (fmt_num(b)) " per row."
                }
            }
            @if !values.is_empty() {
                @let (lo, hi) = (c.curve.first().map_or(0.0, |p| p[0]), c.curve.last().map_or(1.0, |p| p[0]));
                (svg::trend(&values, &[], c.best_cost_per_row, &format!("Cost per row by score threshold, {} to {}; dashed: the lowest cost", fmt_num(lo), fmt_num(hi)), 420, 90))
            }
            @if !c.groups.is_empty() {
                table {
                    thead { tr { th scope="col" { "Attribute" } th scope="col" { "Group" } th scope="col" class="num" { "n" } th scope="col" class="num" { "Cost per row" } } }
                    tbody {
                        @for g in &c.groups {
                            tr { td { (g.attribute) } th scope="row" { (g.group) }
                                 td class="num" { (g.n.map(|n| n.to_string()).unwrap_or_else(|| "suppressed".into())) }
                                 td class="num" { (opt(g.cost_per_row)) } }
                        }
                    }
                }
            }
        }
    }
}

fn drift_section(d: &Drift) -> Markup {
    let drifted = d.columns.iter().filter(|c| c.drifted).count();
    let mut order: Vec<&ColumnDrift> = d.columns.iter().collect();
    // Most severe first: drifted columns, then by effect size.
    order.sort_by(|a, b| {
        b.drifted
            .cmp(&a.drifted)
            .then(b.effect_size.value.unwrap_or(0.0).total_cmp(&a.effect_size.value.unwrap_or(0.0)))
    });
    let yes_no = |v: bool| if v { "drifted" } else { "no drift" };
    html! {
        section id="drift" {
            h2 { "Drift" }
            p class=(if d.dataset_drifted { "verdict bad" } else { "verdict" }) data-testid="drift-verdict" {
                @if d.dataset_drifted { "The data set drifted: " } @else { "No data-set drift: " }
                (drifted) " of " (d.columns.len()) " columns drifted (" (fmt_pct(d.share_drifted)) "; the data set drifts at ≥ " (fmt_pct(d.drift_share)) ")."
                @if let Some(t) = d.target_drifted { " Target: " (yes_no(t)) "." }
                @if let Some(p) = d.prediction_drifted { " Prediction: " (yes_no(p)) "." }
            }
            @if let Some(m) = &d.multivariate {
                p class=(if m.drifted { "verdict bad" } else { "verdict" }) data-testid="multivariate-verdict" {
                    "All features together: a classifier tells current rows from reference rows with ROC AUC " (format!("{:.3}", m.roc_auc))
                    @if m.drifted { " (> " (fmt_num(m.threshold)) ": the inputs differ)." } @else { " (≤ " (fmt_num(m.threshold)) ": no multivariate drift)." }
                }
                p class="muted" {
                    (m.fold_auc.len()) "-fold cross-validated on " (m.rows_per_input) " rows of each input. Most separating: "
                    @for (i, f) in m.features.iter().take(5).enumerate() {
                        @if i > 0 { ", " } (f.column) " " (fmt_pct(f.share))
                    }
                    "."
                }
            }
            p class="muted" {
                "Each column: the test Evidently would pick (p-value tests drift when p is under the threshold; distances when at or over it), and an effect size that stays meaningful on large samples. Charts: "
                span class="key-ref" { "■ reference" } " " span class="key-cur" { "■ current" } " shares per bin or category."
                @if d.correction == Correction::Bh { " p-values adjusted by Benjamini–Hochberg across columns." }
            }
            div class="scroll" {
                table {
                    thead { tr {
                        th scope="col" { "Column" } th scope="col" { "Method" } th scope="col" class="num" { "Statistic" }
                        th scope="col" class="num" { "p-value" } th scope="col" class="num" { "Threshold" }
                        th scope="col" class="num" { "Effect size" } th scope="col" { "Verdict" } th scope="col" { "Distribution" }
                    } }
                    tbody {
                        @for c in order.iter().take(MAX_COLUMN_ROWS) {
                            tr data-column=(c.column) {
                                th scope="row" { (c.column) @if c.role != "feature" { " " span class="muted" { "(" (c.role) ")" } } br; span class="muted" { (if c.kind == Kind::Numeric { "numeric" } else { "categorical" }) } }
                                td { (c.method.label()) @if let Some(n) = &c.note { br; span class="muted" { (n) } } }
                                td class="num" { (opt(c.statistic)) }
                                td class="num" { (opt(c.p_value_adjusted.or(c.p_value))) }
                                td class="num" { (fmt_num(c.threshold)) }
                                td class="num" { (opt(c.effect_size.value)) br; span class="muted" { (c.effect_size.name) } }
                                td { @if c.drifted { span class="warn" { "drift" } } @else { "—" } }
                                td class="dist" {
                                    details {
                                        // One chart: opening the details enlarges it (CSS), no second copy.
                                        summary { (svg::overlay(&c.shares.reference, &c.shares.current, &format!("{}: reference and current shares", c.column), 140, 28)) }
                                        p class="muted" {
                                            @if !c.shares.edges.is_empty() {
                                                (c.shares.edges.len() - 1) " equal bins from " (fmt_num(c.shares.edges[0])) " to " (fmt_num(c.shares.edges[c.shares.edges.len() - 1])) "."
                                            } @else {
                                                (c.shares.labels.join(" · "))
                                            }
                                            " Rows: " (c.reference_rows) " reference, " (c.current_rows) " current."
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (more_columns(order.len(), "drifted first, then by effect size"))
            @if let Some(k) = &d.chunking { (drift_over_time(d, k)) }
            @if !d.skipped.is_empty() {
                h3 { "Not compared" }
                ul { @for s in &d.skipped { li { (s.column) ": " (s.reason) } } }
            }
        }
    }
}

/// Trend charts drawn (the columns with the most drifted chunks); the rest are rows of text.
const TREND_CHARTS: usize = 20;

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

fn drift_over_time(d: &Drift, k: &Chunking) -> Markup {
    let by = match k.by {
        ChunkBy::Day => "day",
        ChunkBy::Week => "week",
        ChunkBy::Month => "month",
        ChunkBy::Rows | ChunkBy::Auto => "rows",
    };
    let first = d.chunks.first();
    let last = d.chunks.last();
    // Columns with the most drifted chunks first; charts for the first `TREND_CHARTS` (a
    // 50-column report stays small; the JSON has every value).
    let mut by_drifted: Vec<(&ColumnDrift, Vec<bool>)> = d
        .columns
        .iter()
        .map(|c| (c, d.chunks.iter().map(|k| k.columns.iter().any(|x| x.column == c.column && x.drifted)).collect()))
        .collect();
    by_drifted.sort_by_key(|(_, f)| std::cmp::Reverse(f.iter().filter(|&&x| x).count()));
    html! {
        h3 id="drift-over-time" { "Drift over time, by " (by) }
        p class="muted" {
            (d.chunks.len()) " chunks"
            @if let (Some(f), Some(l)) = (first, last) { " from " (f.start) " to " (l.end) }
            ". Each column's statistic per chunk against the whole reference; dashed: the threshold; dots: drifted chunks."
            @if k.unassigned_rows > 0 { " " (k.unassigned_rows) " rows without a timestamp are left out." }
        }
        div class="scroll" {
            table {
                thead { tr { th scope="col" { "Column" } th scope="col" { "Trend" } th scope="col" class="num" { "Drifted chunks" } } }
                tbody {
                    @if let Some(name) = &k.metric {
                        @let values: Vec<Option<f64>> = d.chunks.iter().map(|c| c.metric).collect();
                        tr {
                            th scope="row" { "Model " (name) @if let Some(r) = k.reference_metric { br; span class="muted" { "reference " (fmt_num(r)) } } }
                            td { (svg::trend(&values, &[], k.reference_metric, &format!("Model {name} per chunk"), 280, 44)) }
                            td class="num" { "—" }
                        }
                    }
                    @for (rank, (c, flags)) in by_drifted.iter().enumerate() {
                        @let values: Vec<Option<f64>> = d.chunks.iter().map(|k| k.columns.iter().find(|x| x.column == c.column).and_then(|x| if c.method.is_test() { x.p_value } else { x.statistic })).collect();
                        @let drifted = flags.iter().filter(|&&f| f).count();
                        tr {
                            th scope="row" { (c.column) br; span class="muted" { (c.method.label()) } }
                            td {
                                @if rank < TREND_CHARTS {
                                    (svg::trend(&values, flags, Some(c.threshold), &format!("{} per chunk: {}", c.column, c.method.label()), 280, 44))
                                } @else { span class="muted" { "chart left out (values in the JSON report)" } }
                            }
                            td class="num" { (drifted) " of " (flags.len()) }
                        }
                    }
                }
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

fn column_row(c: &ColumnSummary, rows: u64, histograms: bool) -> Markup {
    let missing_share = if rows > 0 { c.missing as f64 / rows as f64 } else { 0.0 };
    html! {
        tr {
            th scope="row" { (c.name) }
            td { (c.kind.name()) @if c.invalid > 0 { " " span class="warn" title="values that did not fit the type" { "(" (c.invalid) " invalid)" } } }
            td class="num" { (c.count) }
            td class="num" { (c.missing) @if c.missing > 0 { " " span class="muted" { "(" (fmt_pct(missing_share)) ")" } } }
            td class="num" { (c.distinct) }
            td class="num" { (opt(c.mean)) }
            td class="num" { (opt(c.std)) }
            td class="num" { (c.min.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "—".into())) }
            td class="num" { (opt(c.quantiles.as_ref().map(|q| q.p50))) }
            td class="num" { (c.max.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "—".into())) }
            td class="dist" {
                @if let Some(h) = c.histogram.as_ref().filter(|_| histograms) {
                    (svg::bars(&h.counts, &format!("Histogram of {}: {} bins from {} to {}", c.name, h.counts.len(), fmt_num(h.edges[0]), fmt_num(h.edges[h.edges.len() - 1])), 140, 28))
                } @else if !c.top.is_empty() || c.top_suppressed > 0 {
                    ol class="top" {
                        @for t in c.top.iter().take(3) {
                            li { span class="val" { (t.value.to_string()) } " " span class="muted" { (t.count) } }
                        }
                    }
                    @if c.top.is_empty() { span class="muted" { "rare values suppressed" } }
                }
            }
        }
    }
}

/// The effective config as inert JSON (`type="application/json"` never runs), so the app can
/// read a report's setup back. `<` is escaped so the data cannot close the element.
fn config_block(report: &Report) -> Markup {
    let json = serde_json::to_string(&report.config).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c");
    html! { script type="application/json" id="plumbline-config" { (PreEscaped(json)) } }
}
