//! Shadow deployment.

use super::*;

impl Present for Shadow {
    fn section(&self, report: &Report) -> Markup {
        shadow_section(self, report.config.fairness.min_group_size)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let s = self;
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
        vec![KeyFinding::new(text, "shadow")]
    }

    fn cli_line(&self) -> Option<String> {
        let s = self;
        Some(match &s.problem {
            Some(p) => format!("shadow: {p}"),
            None => format!("shadow: {} of {} matched requests disagree", s.disagreements, s.compared),
        })
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
                    @let items: Vec<(String, f64, Option<[f64; 2]>)> = s.groups.iter().map(|g| (format!("{} = {}", g.attribute, g.group), g.agreement_rate, g.ci)).collect();
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
