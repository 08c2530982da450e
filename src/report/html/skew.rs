//! Train/serve skew.

use super::*;

impl Present for Skew {
    fn section(&self, _report: &Report) -> Markup {
        skew_section(self)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let s = self;
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
        vec![KeyFinding::new(text, "skew")]
    }

    fn cli_line(&self) -> Option<String> {
        let s = self;
        Some(match &s.problem {
            Some(p) => format!("skew: {p}"),
            None => {
                format!("skew: {} of {} features differ on {} matched rows", s.skewed, s.features.len(), s.rows_matched)
            }
        })
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

fn differences_cells(d: &Option<Differences>) -> Markup {
    html! {
        @match d {
            Some(d) => { td class="num" { (fmt_num(d.mean)) } td class="num" { (fmt_num(d.q05)) " … " (fmt_num(d.q95)) } td class="num" { (fmt_num(d.max_abs)) } }
            None => { td class="num" { "—" } td class="num" { "—" } td class="num" { "—" } }
        }
    }
}
