//! Data quality and schema.

use super::*;

impl Present for Quality {
    fn section(&self, _report: &Report) -> Markup {
        quality_section(self)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        critical_findings(&self.findings, "quality", "data-quality")
    }
}

/// The per-column quality rows, those with a change (type, missing share, new categories,
/// values out of range) first, each group in file order.
fn changed_first(columns: &[ColumnQuality]) -> Vec<&ColumnQuality> {
    let changed = |c: &ColumnQuality| {
        c.type_reference != c.type_current
            || c.missing_share_change != 0.0
            || c.new_categories.as_ref().is_some_and(|n| n.count > 0)
            || c.out_of_range.as_ref().is_some_and(|o| o.count > 0)
    };
    let mut rows: Vec<&ColumnQuality> = columns.iter().collect();
    rows.sort_by_key(|c| !changed(c));
    rows
}

fn quality_section(q: &Quality) -> Markup {
    html! {
        section id="quality" {
            h2 { "Data quality" }
            @if q.findings.is_empty() {
                p { "No finding: same columns and types, no new categories, values within the reference range, no duplicated or empty rows." }
            } @else {
                (findings(&q.findings))
            }
            @if !q.columns.is_empty() {
                h3 { "Reference vs current, per column" }
                div class="scroll" {
                    table {
                        thead { tr {
                            th scope="col" { "Column" } th scope="col" { "Type" }
                            th scope="col" class="num" { "Missing (ref)" } th scope="col" class="num" { "Missing (cur)" }
                            th scope="col" class="num" { "Change" } th scope="col" { "New categories" } th scope="col" class="num" { "Out of range" }
                        } }
                        tbody {
                            @for c in changed_first(&q.columns).into_iter().take(MAX_COLUMN_ROWS) {
                                tr {
                                    th scope="row" { (c.column) }
                                    td { (c.type_reference.name()) @if c.type_reference != c.type_current { " → " span class="warn" { (c.type_current.name()) } } }
                                    td class="num" { (fmt_pct(c.missing_share_reference)) }
                                    td class="num" { (fmt_pct(c.missing_share_current)) }
                                    td class="num" { (fmt_pct(c.missing_share_change)) }
                                    td {
                                        @if let Some(n) = &c.new_categories {
                                            @if n.count > 0 { (n.count) " values (" (fmt_pct(n.share)) "): " span class="muted" { (n.examples.join(", ")) } } @else { "—" }
                                        } @else { "—" }
                                    }
                                    td class="num" { @if let Some(o) = &c.out_of_range { (o.count) " (" (fmt_pct(o.share)) ")" } @else { "—" } }
                                }
                            }
                        }
                    }
                }
                (more_columns(q.columns.len(), "those that changed first"))
            }
            h3 { "Per input" }
            table {
                thead { tr { th scope="col" { "Input" } th scope="col" class="num" { "Rows" } th scope="col" class="num" { "Duplicated rows" } th scope="col" class="num" { "Empty rows" } th scope="col" { "Duplicated columns" } th scope="col" { "Almost constant" } } }
                tbody {
                    @for i in &q.inputs {
                        tr {
                            th scope="row" { (i.input) }
                            td class="num" { (i.rows) }
                            td class="num" { (i.duplicated_rows) }
                            td class="num" { (i.empty_rows) }
                            td { @for (k, [a, b]) in i.duplicated_columns.iter().take(INLINE_ITEMS).enumerate() { @if k > 0 { ", " } (a) " = " (b) } (and_more(i.duplicated_columns.len())) }
                            td { @for (k, c) in i.almost_constant.iter().take(INLINE_ITEMS).enumerate() { @if k > 0 { ", " } (c.column) " (" (fmt_pct(c.share)) ")" } (and_more(i.almost_constant.len())) }
                        }
                    }
                }
            }
        }
    }
}
