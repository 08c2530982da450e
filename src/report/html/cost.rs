//! Cost of errors.

use super::*;

impl Present for Cost {
    fn section(&self, _report: &Report) -> Markup {
        cost_section(self)
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
