//! Model comparison (old vs new model).

use super::*;

impl Present for Comparison {
    fn section(&self, _report: &Report) -> Markup {
        comparison_section(self)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let c = self;
        let text = c.problem.clone().map_or_else(|| text::comparison_verdict(c), |p| format!("Model comparison: {p}."));
        vec![KeyFinding::new(text, "comparison")]
    }

    fn cli_line(&self) -> Option<String> {
        Some(format!("comparison: {}", self.problem.clone().unwrap_or_else(|| text::comparison_verdict(self))))
    }
}

fn comparison_section(c: &Comparison) -> Markup {
    let items: Vec<(String, f64, Option<[f64; 2]>, bool)> =
        c.metrics.iter().map(|m| (m.metric.name().replace('_', " "), m.delta, m.ci, m.worse)).collect();
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
                p data-testid="comparison-verdict" class=(if c.passed { "verdict" } else { "verdict bad" }) { (text::comparison_verdict(c)) }
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
                                    th scope="row" { (m.metric.name().replace('_', " ")) @if !m.greater_is_better { " " span class="muted" { "(lower is better)" } } }
                                    td class="num" { (format!("{:.4}", m.baseline)) } td class="num" { (format!("{:.4}", m.candidate)) }
                                    td class="num" { (format!("{:+.4}", m.delta)) @if let Some([lo, hi]) = m.ci { " " span class="muted" { (format!("[{lo:+.4}, {hi:+.4}]")) } } }
                                    td { (m.test.replace('_', " ")) }
                                    td class="num" { (m.p_value.map_or("—".into(), |p| format!("{p:.2e}"))) }
                                    td class=(if m.passed { "" } else { "warn" }) {
                                        (if m.passed { "✓ passed" } else { "✗ failed" })
                                        @if let Some(k) = &m.criterion { br; span class="muted" { (text::criterion(k)) } }
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
