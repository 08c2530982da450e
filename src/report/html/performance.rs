//! Model quality.

use super::*;

impl Present for Performance {
    fn section(&self, report: &Report) -> Markup {
        performance_section(self, report.config.performance.bootstrap)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let key = if self.task == "regression" { "mae" } else { "accuracy" };
        let parts: Vec<String> = self
            .inputs
            .iter()
            .filter_map(|i| Some(format!("{:.3} on {}", i.metrics.get(key)?.value, i.input)))
            .collect();
        if parts.is_empty() {
            return Vec::new();
        }
        let name = if key == "mae" { "MAE" } else { "Accuracy" };
        vec![KeyFinding::new(format!("{name} {}.", parts.join(" vs ")), "performance")]
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
