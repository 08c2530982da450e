//! Charts as inline SVG strings, written by hand so they render in any browser, with
//! JavaScript off, inside a worker and in print. Every chart has a `<title>` for screen readers.

use maud::{html, Markup};

/// A small bar chart of `counts`; `label` is the accessible title.
pub fn bars(counts: &[u64], label: &str, width: u32, height: u32) -> Markup {
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = counts.len().max(1) as f64;
    let w = width as f64 / n;
    html! {
        svg class="chart" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" {
            title { (label) }
            @for (i, &c) in counts.iter().enumerate() {
                @let h = (c as f64 / max) * (height as f64 - 1.0);
                @let h = if c > 0 { h.max(1.0) } else { 0.0 };
                rect x=(format!("{:.2}", i as f64 * w + 0.5)) y=(format!("{:.2}", height as f64 - h))
                    width=(format!("{:.2}", (w - 1.0).max(0.5))) height=(format!("{h:.2}")) {}
            }
        }
    }
}

/// Reference and current shares per bin or category, side by side (reference filled, current
/// outlined in the accent colour); `label` is the accessible title.
pub fn overlay(reference: &[f64], current: &[f64], label: &str, width: u32, height: u32) -> Markup {
    let max = reference.iter().chain(current).copied().fold(0.0f64, f64::max).max(1e-12);
    let n = reference.len().max(current.len()).max(1) as f64;
    let w = width as f64 / n;
    let bar = |v: f64| {
        let h = v / max * (height as f64 - 1.0);
        if v > 0.0 {
            h.max(1.0)
        } else {
            0.0
        }
    };
    html! {
        svg class="chart overlay" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" {
            title { (label) }
            @for (i, &v) in reference.iter().enumerate() {
                @let h = bar(v);
                rect class="ref" x=(format!("{:.2}", i as f64 * w + 0.5)) y=(format!("{:.2}", height as f64 - h))
                    width=(format!("{:.2}", (w / 2.0 - 0.5).max(0.5))) height=(format!("{h:.2}")) {}
            }
            @for (i, &v) in current.iter().enumerate() {
                @let h = bar(v);
                rect class="cur" x=(format!("{:.2}", i as f64 * w + w / 2.0)) y=(format!("{:.2}", height as f64 - h))
                    width=(format!("{:.2}", (w / 2.0 - 0.5).max(0.5))) height=(format!("{h:.2}")) {}
            }
        }
    }
}
