//! Weak segments.

use super::*;

impl Present for Segments {
    fn section(&self, _report: &Report) -> Markup {
        segments_section(self)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let s = self;
        let Some(top) = s.segments.first() else { return Vec::new() };
        let name = if s.metric == "mae" { "MAE" } else { "accuracy" };
        vec![KeyFinding::new(
            format!(
                "Weakest segment: {} — {name} {:.3} vs {:.3} overall ({} rows).",
                text::conditions(&top.conditions),
                top.metric,
                s.overall,
                top.n
            ),
            "segments",
        )]
    }
}

fn segments_section(s: &Segments) -> Markup {
    let name = if s.metric == "mae" { "MAE" } else { "Accuracy" };
    let items: Vec<(String, f64, Option<[f64; 2]>)> =
        s.segments.iter().map(|g| (text::conditions(&g.conditions), g.metric, g.ci)).collect();
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
                                    th scope="row" { (text::conditions(&g.conditions)) }
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
