//! Noise stability.

use super::*;

impl Present for Stability {
    fn section(&self, _report: &Report) -> Markup {
        stability_section(self)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let s = self;
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
        vec![KeyFinding::new(text, "stability")]
    }

    fn cli_line(&self) -> Option<String> {
        let s = self;
        Some(match &s.problem {
            Some(p) => format!("stability: {p}"),
            None => format!(
                "stability: {} of {} perturbations fail; flip rate {}",
                s.failed_features,
                s.features.len(),
                s.flip_rate.map_or("—".into(), |f| format!("{f:.4}"))
            ),
        })
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
            (format!("{} {} {}", f.feature, f.perturbation, fmt_num(f.level)), v, f.ci)
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
