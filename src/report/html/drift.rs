//! Drift, drift over time and the domain classifier.

use super::*;

impl Present for Drift {
    fn section(&self, _report: &Report) -> Markup {
        drift_section(self)
    }

    fn key_findings(&self, _report: &Report) -> Vec<KeyFinding> {
        let d = self;
        let mut drifted: Vec<&ColumnDrift> = d.columns.iter().filter(|c| c.drifted).collect();
        drifted.sort_by(|a, b| b.effect_size.value.unwrap_or(0.0).total_cmp(&a.effect_size.value.unwrap_or(0.0)));
        let text = if drifted.is_empty() {
            format!("No column drifted between reference and current (0 of {} tested).", d.columns.len())
        } else {
            let names: Vec<String> = drifted
                .iter()
                .take(3)
                .map(|c| match c.effect_size.value {
                    Some(v) => format!("{} ({} {})", c.column, c.effect_size.name, fmt_num(v)),
                    None => c.column.clone(),
                })
                .collect();
            format!(
                "{} of {} columns drifted{}: {}.",
                drifted.len(),
                d.columns.len(),
                if d.dataset_drifted { " — data-set drift" } else { "" },
                names.join(", ")
            )
        };
        vec![KeyFinding::new(text, "drift")]
    }
}

fn drift_section(d: &Drift) -> Markup {
    let drifted = d.columns.iter().filter(|c| c.drifted).count();
    let mut order: Vec<&ColumnDrift> = d.columns.iter().collect();
    // Most severe first: drifted columns, then by effect size.
    order.sort_by(|a, b| {
        b.drifted
            .cmp(&a.drifted)
            .then(b.effect_size.value.unwrap_or(0.0).total_cmp(&a.effect_size.value.unwrap_or(0.0)))
    });
    let yes_no = |v: bool| if v { "drifted" } else { "no drift" };
    html! {
        section id="drift" {
            h2 { "Drift" }
            p class=(if d.dataset_drifted { "verdict bad" } else { "verdict" }) data-testid="drift-verdict" {
                @if d.dataset_drifted { "The data set drifted: " } @else { "No data-set drift: " }
                (drifted) " of " (d.columns.len()) " columns drifted (" (fmt_pct(d.share_drifted)) "; the data set drifts at ≥ " (fmt_pct(d.drift_share)) ")."
                @if let Some(t) = d.target_drifted { " Target: " (yes_no(t)) "." }
                @if let Some(p) = d.prediction_drifted { " Prediction: " (yes_no(p)) "." }
            }
            @if let Some(m) = &d.multivariate {
                p class=(if m.drifted { "verdict bad" } else { "verdict" }) data-testid="multivariate-verdict" {
                    "All features together: a classifier tells current rows from reference rows with ROC AUC " (format!("{:.3}", m.roc_auc))
                    @if m.drifted { " (> " (fmt_num(m.threshold)) ": the inputs differ)." } @else { " (≤ " (fmt_num(m.threshold)) ": no multivariate drift)." }
                }
                p class="muted" {
                    (m.fold_auc.len()) "-fold cross-validated on " (m.rows_per_input) " rows of each input. Most separating: "
                    @for (i, f) in m.features.iter().take(5).enumerate() {
                        @if i > 0 { ", " } (f.column) " " (fmt_pct(f.share))
                    }
                    "."
                }
            }
            p class="muted" {
                "Each column: the test Evidently would pick (p-value tests drift when p is under the threshold; distances when at or over it), and an effect size that stays meaningful on large samples. Charts: "
                span class="key-ref" { "■ reference" } " " span class="key-cur" { "■ current" } " shares per bin or category."
                @if d.correction == Correction::Bh { " p-values adjusted by Benjamini–Hochberg across columns." }
            }
            div class="scroll" {
                table {
                    thead { tr {
                        th scope="col" { "Column" } th scope="col" { "Method" } th scope="col" class="num" { "Statistic" }
                        th scope="col" class="num" { "p-value" } th scope="col" class="num" { "Threshold" }
                        th scope="col" class="num" { "Effect size" } th scope="col" { "Verdict" } th scope="col" { "Distribution" }
                    } }
                    tbody {
                        @for c in order.iter().take(MAX_COLUMN_ROWS) {
                            tr data-column=(c.column) {
                                th scope="row" { (c.column) @if c.role != "feature" { " " span class="muted" { "(" (c.role) ")" } } br; span class="muted" { (if c.kind == Kind::Numeric { "numeric" } else { "categorical" }) } }
                                td { (c.method.label()) @if let Some(n) = &c.note { br; span class="muted" { (n) } } }
                                td class="num" { (opt(c.statistic)) }
                                td class="num" { (opt(c.p_value_adjusted.or(c.p_value))) }
                                td class="num" { (fmt_num(c.threshold)) }
                                td class="num" { (opt(c.effect_size.value)) br; span class="muted" { (c.effect_size.name) } }
                                td { @if c.drifted { span class="warn" { "drift" } } @else { "—" } }
                                td class="dist" {
                                    details {
                                        // One chart: opening the details enlarges it (CSS), no second copy.
                                        summary { (svg::overlay(&c.shares.reference, &c.shares.current, &format!("{}: reference and current shares", c.column), 140, 28)) }
                                        p class="muted" {
                                            @if !c.shares.edges.is_empty() {
                                                (c.shares.edges.len() - 1) " equal bins from " (fmt_num(c.shares.edges[0])) " to " (fmt_num(c.shares.edges[c.shares.edges.len() - 1])) "."
                                            } @else {
                                                (c.shares.labels.join(" · "))
                                            }
                                            " Rows: " (c.reference_rows) " reference, " (c.current_rows) " current."
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (more_columns(order.len(), "drifted first, then by effect size"))
            @if let Some(k) = &d.chunking { (drift_over_time(d, k)) }
            @if !d.skipped.is_empty() {
                h3 { "Not compared" }
                ul { @for s in &d.skipped { li { (s.column) ": " (s.reason) } } }
            }
        }
    }
}

/// Trend charts drawn (the columns with the most drifted chunks); the rest are rows of text.
const TREND_CHARTS: usize = 20;

fn drift_over_time(d: &Drift, k: &Chunking) -> Markup {
    let by = match k.by {
        ChunkBy::Day => "day",
        ChunkBy::Week => "week",
        ChunkBy::Month => "month",
        ChunkBy::Rows | ChunkBy::Auto => "rows",
    };
    let first = d.chunks.first();
    let last = d.chunks.last();
    // Columns with the most drifted chunks first; charts for the first `TREND_CHARTS` (a
    // 50-column report stays small; the JSON has every value).
    let mut by_drifted: Vec<(&ColumnDrift, Vec<bool>)> = d
        .columns
        .iter()
        .map(|c| (c, d.chunks.iter().map(|k| k.columns.iter().any(|x| x.column == c.column && x.drifted)).collect()))
        .collect();
    by_drifted.sort_by_key(|(_, f)| std::cmp::Reverse(f.iter().filter(|&&x| x).count()));
    html! {
        h3 id="drift-over-time" { "Drift over time, by " (by) }
        p class="muted" {
            (d.chunks.len()) " chunks"
            @if let (Some(f), Some(l)) = (first, last) { " from " (f.start) " to " (l.end) }
            ". Each column's statistic per chunk against the whole reference; dashed: the threshold; dots: drifted chunks."
            @if k.unassigned_rows > 0 { " " (k.unassigned_rows) " rows without a timestamp are left out." }
        }
        div class="scroll" {
            table {
                thead { tr { th scope="col" { "Column" } th scope="col" { "Trend" } th scope="col" class="num" { "Drifted chunks" } } }
                tbody {
                    @if let Some(name) = &k.metric {
                        @let values: Vec<Option<f64>> = d.chunks.iter().map(|c| c.metric).collect();
                        tr {
                            th scope="row" { "Model " (name) @if let Some(r) = k.reference_metric { br; span class="muted" { "reference " (fmt_num(r)) } } }
                            td { (svg::trend(&values, &[], k.reference_metric, &format!("Model {name} per chunk"), 280, 44)) }
                            td class="num" { "—" }
                        }
                    }
                    @for (rank, (c, flags)) in by_drifted.iter().enumerate() {
                        @let values: Vec<Option<f64>> = d.chunks.iter().map(|k| k.columns.iter().find(|x| x.column == c.column).and_then(|x| if c.method.is_test() { x.p_value } else { x.statistic })).collect();
                        @let drifted = flags.iter().filter(|&&f| f).count();
                        tr {
                            th scope="row" { (c.column) br; span class="muted" { (c.method.label()) } }
                            td {
                                @if rank < TREND_CHARTS {
                                    (svg::trend(&values, flags, Some(c.threshold), &format!("{} per chunk: {}", c.column, c.method.label()), 280, 44))
                                } @else { span class="muted" { "chart left out (values in the JSON report)" } }
                            }
                            td class="num" { (drifted) " of " (flags.len()) }
                        }
                    }
                }
            }
        }
    }
}
