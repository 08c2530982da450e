//! Leakage.

use super::*;

impl Present for Leakage {
    fn section(&self, _report: &Report) -> Markup {
        leakage_section(self)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        critical_findings(&self.findings, "leakage", "leakage")
    }
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
