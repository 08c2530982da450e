//! Canary release.

use super::*;

impl Present for Canary {
    fn section(&self, report: &Report) -> Markup {
        canary_section(self, report.config.canary.alpha)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let c = self;
        let text = match &c.problem {
            Some(p) => format!("Canary: {p}."),
            None if c.reasons.is_empty() => format!(
                "Canary: promote — no significant difference from the control arm ({} {} vs {}).",
                c.metric.replace('_', " "),
                fmt_pct(c.canary.rate),
                fmt_pct(c.control.rate)
            ),
            None => format!("Canary: hold — {}.", text::hold_reasons(c)),
        };
        vec![KeyFinding::new(text, "canary")]
    }

    fn cli_line(&self) -> Option<String> {
        Some(format!("canary: {}", self.problem.as_deref().unwrap_or(text::canary_verdict(self.verdict))))
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
                p data-testid="canary-verdict" class=(if c.verdict == CanaryVerdict::Promote { "verdict" } else { "verdict bad" }) {
                    (if c.verdict == CanaryVerdict::Promote { "Promote" } else { "Hold" })
                    @if !c.reasons.is_empty() { ": " (text::hold_reasons(c)) } "."
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
