//! The per-input summaries (reference and current; the other inputs' are in the JSON).

use super::*;

impl Present for Summaries {
    fn section(&self, report: &Report) -> Markup {
        html! {
            @for input in report.inputs.iter().filter(|i| i.name == "reference" || i.name == "current") {
                @if let Some(summary) = self.get(&input.name) {
                    (summary_section(&input.name, summary, report.drift.is_none()))
                }
            }
        }
    }
}

/// `histograms`: false when the drift section already draws every column's distributions.
fn summary_section(name: &str, s: &InputSummary, histograms: bool) -> Markup {
    html! {
        section id=(format!("summary-{name}")) class="summary" {
            h2 { "Summary — " (name) }
            p { (s.rows) " rows, " (s.columns.len()) " columns. Missing counts pandas' default NA tokens; std has ddof = 1; quantiles interpolate linearly (pandas' default)."
                @if !histograms { " Each numeric column's distribution is drawn in the drift section, against the other input's." } }
            div class="scroll" {
                table {
                    thead { tr {
                        th scope="col" { "Column" } th scope="col" { "Type" }
                        th scope="col" class="num" { "Count" } th scope="col" class="num" { "Missing" }
                        th scope="col" class="num" { "Distinct" } th scope="col" class="num" { "Mean" }
                        th scope="col" class="num" { "Std" } th scope="col" class="num" { "Min" }
                        th scope="col" class="num" { "p50" } th scope="col" class="num" { "Max" }
                        th scope="col" { "Distribution" }
                    } }
                    tbody {
                        @for c in s.columns.iter().take(MAX_COLUMN_ROWS) { (column_row(c, s.rows, histograms)) }
                    }
                }
            }
            (more_columns(s.columns.len(), "the first in the file"))
        }
    }
}

fn column_row(c: &ColumnSummary, rows: u64, histograms: bool) -> Markup {
    let missing_share = if rows > 0 { c.missing as f64 / rows as f64 } else { 0.0 };
    html! {
        tr {
            th scope="row" { (c.name) }
            td { (c.kind.name()) @if c.invalid > 0 { " " span class="warn" title="values that did not fit the type" { "(" (c.invalid) " invalid)" } } }
            td class="num" { (c.count) }
            td class="num" { (c.missing) @if c.missing > 0 { " " span class="muted" { "(" (fmt_pct(missing_share)) ")" } } }
            td class="num" { (c.distinct) }
            td class="num" { (opt(c.mean)) }
            td class="num" { (opt(c.std)) }
            td class="num" { (c.min.as_ref().map(text::scalar).unwrap_or_else(|| "—".into())) }
            td class="num" { (opt(c.quantiles.as_ref().map(|q| q.p50))) }
            td class="num" { (c.max.as_ref().map(text::scalar).unwrap_or_else(|| "—".into())) }
            td class="dist" {
                @if let Some(h) = c.histogram.as_ref().filter(|_| histograms) {
                    (svg::bars(&h.counts, &format!("Histogram of {}: {} bins from {} to {}", c.name, h.counts.len(), fmt_num(h.edges[0]), fmt_num(h.edges[h.edges.len() - 1])), 140, 28))
                } @else if !c.top.is_empty() || c.top_suppressed > 0 {
                    ol class="top" {
                        @for t in c.top.iter().take(3) {
                            li { span class="val" { (text::scalar(&t.value)) } " " span class="muted" { (t.count) } }
                        }
                    }
                    @if c.top.is_empty() { span class="muted" { "rare values suppressed" } }
                }
            }
        }
    }
}
