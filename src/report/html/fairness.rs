//! Fairness.

use super::*;

impl Present for Fairness {
    fn section(&self, _report: &Report) -> Markup {
        fairness_section(self)
    }

    /// The check's most unfair group, or that every group is within the range.
    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        vec![KeyFinding::new(text::most_unfair(self), "fairness")]
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
                                    th scope="row" { (group_name(g)) }
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
                        ul { @for s in a.set_aside.iter().take(20) { li { (s.group) " (disparity " (fmt_num(s.disparity)) "): " (text::set_aside(&s.reason)) } } }
                    }
                }
                // Bars for single attributes (intersections: the table).
                div class="charts" {
                    @for m in ["pprev", "tpr", "fpr"].iter().filter(|_| !a.attribute.contains(" & ")).copied() {
                        @let items: Vec<(String, f64, Option<[f64; 2]>)> = a.groups.iter().filter(|g| !g.suppressed).take(12)
                            .filter_map(|g| Some((group_name(g), *g.metrics.get(m)?, g.ci.get(m).copied()))).collect();
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

/// A group as people read it: a numeric bin in the report's number format, else its label.
fn group_name(g: &crate::checks::fairness::Group) -> String {
    g.bin.as_ref().map_or_else(|| g.group.clone(), text::interval)
}
