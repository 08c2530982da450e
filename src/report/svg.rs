//! Charts as inline SVG strings, written by hand so they render in any browser, with
//! JavaScript off, inside a worker and in print. Every chart has a `<title>` for screen readers.

use maud::{html, Markup};

/// A coordinate with one decimal, without a trailing `.0` (charts are mostly numbers).
pub fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    match s.strip_suffix(".0") {
        Some(i) if i != "-0" => i.to_string(),
        Some(_) => "0".into(),
        None => s,
    }
}

/// Bars as one path: `(x, width, height)` each standing on the baseline `base` (one `M…z` per
/// bar, one decimal: a chart costs a few hundred bytes, not kilobytes).
fn bar_path(bars: impl Iterator<Item = (f64, f64, f64)>, base: f64) -> String {
    let mut d = String::new();
    for (x, w, h) in bars {
        if h > 0.0 {
            d += &format!("M{} {}h{}v{}h-{}z", n(x), n(base - h), n(w), n(h), n(w));
        }
    }
    d
}

/// A small bar chart of `counts`; `label` is the accessible title.
pub fn bars(counts: &[u64], label: &str, width: u32, height: u32) -> Markup {
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = counts.len().max(1) as f64;
    let w = width as f64 / n;
    let d = bar_path(
        counts.iter().enumerate().map(|(i, &c)| {
            let h = (c as f64 / max) * (height as f64 - 1.0);
            (i as f64 * w + 0.5, (w - 1.0).max(0.5), if c > 0 { h.max(1.0) } else { 0.0 })
        }),
        height as f64,
    );
    html! {
        svg class="chart" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" {
            title { (label) }
            path class="bar" d=(d) {}
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
    let half = (w / 2.0 - 0.5).max(0.5);
    let base = height as f64;
    let reference = bar_path(reference.iter().enumerate().map(|(i, &v)| (i as f64 * w + 0.5, half, bar(v))), base);
    let current = bar_path(current.iter().enumerate().map(|(i, &v)| (i as f64 * w + w / 2.0, half, bar(v))), base);
    html! {
        svg class="chart overlay" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) preserveAspectRatio="none" role="img" {
            title { (label) }
            path class="ref" d=(reference) {}
            path class="cur" d=(current) {}
        }
    }
}

/// A line through `values` (one per chunk; gaps where `None`) with a dashed `threshold` line and
/// the drifted points marked; the y axis runs from 0 to the largest value (or the threshold).
pub fn trend(
    values: &[Option<f64>],
    drifted: &[bool],
    threshold: Option<f64>,
    label: &str,
    width: u32,
    height: u32,
) -> Markup {
    let top = values.iter().flatten().copied().chain(threshold).fold(0.0f64, f64::max).max(1e-12) * 1.05;
    let steps = values.len().max(2) as f64 - 1.0;
    let (w, h) = (f64::from(width) - 4.0, f64::from(height) - 4.0);
    let px = |i: usize| 2.0 + i as f64 / steps * w;
    let py = |v: f64| 2.0 + h - (v / top) * h;
    let mut path = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                path += &format!("{}{} {}", if pen_down { "L" } else { "M" }, n(px(i)), n(py(*v)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    html! {
        svg class="chart trend" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" {
            title { (label) }
            @if let Some(t) = threshold {
                line class="threshold" x1="2" x2=(format!("{:.1}", 2.0 + w)) y1=(format!("{:.1}", py(t))) y2=(format!("{:.1}", py(t))) {}
            }
            path d=(path) {}
            @for (i, v) in values.iter().enumerate() {
                @if let (Some(v), true) = (v, drifted.get(i).copied().unwrap_or(false)) {
                    circle cx=(format!("{:.1}", px(i))) cy=(format!("{:.1}", py(*v))) r="2.5" {}
                }
            }
        }
    }
}

/// Colours of the series of an [`xy`] chart, in order (distinguishable, also in dark mode).
pub const SERIES: usize = 6;

/// Lines through points in the unit square (x and y in [0, 1]), one per series, with an optional
/// dashed diagonal (a calibration plot's ideal, then the first series' points are marked); the
/// series names go into the chart's description for screen readers.
pub fn xy(series: &[(String, Vec<(f64, f64)>)], diagonal: bool, label: &str, width: u32, height: u32) -> Markup {
    xy_over(series, diagonal, label, width, height, (0.0, 1.0))
}

/// [`xy`] with the x axis over `[lo, hi]` (a threshold sweep of a score that is not a
/// probability: a decile, a credit score); y stays in [0, 1].
pub fn xy_over(
    series: &[(String, Vec<(f64, f64)>)],
    diagonal: bool,
    label: &str,
    width: u32,
    height: u32,
    (lo, hi): (f64, f64),
) -> Markup {
    let (w, h) = (f64::from(width) - 28.0, f64::from(height) - 18.0);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let unit = |x: f64| ((x - lo) / span).clamp(0.0, 1.0);
    let px = |x: f64| 24.0 + unit(x) * w;
    let py = |y: f64| 4.0 + h - y.clamp(0.0, 1.0) * h;
    let path = |points: &[(f64, f64)]| {
        points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .enumerate()
            .map(|(i, &(x, y))| format!("{}{} {}", if i == 0 { "M" } else { "L" }, n(px(x)), n(py(y))))
            .collect::<String>()
    };
    let names: Vec<&str> = series.iter().map(|s| s.0.as_str()).collect();
    html! {
        svg class="chart xy" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" {
            title { (label) }
            desc { "Series: " (names.join(", ")) ". x runs from " (crate::report::text::fmt_num(lo)) " to " (crate::report::text::fmt_num(hi)) ", y from 0 to 1." }
            line class="axis" x1=(format!("{:.1}", px(lo))) x2=(format!("{:.1}", px(hi))) y1=(format!("{:.1}", py(0.0))) y2=(format!("{:.1}", py(0.0))) {}
            line class="axis" x1=(format!("{:.1}", px(lo))) x2=(format!("{:.1}", px(lo))) y1=(format!("{:.1}", py(0.0))) y2=(format!("{:.1}", py(1.0))) {}
            @for t in [0.0, 0.5, 1.0] {
                text class="tick" x=(format!("{:.1}", px(lo + t * (hi - lo)))) y=(height - 2) text-anchor="middle" { (crate::report::text::fmt_num(lo + t * (hi - lo))) }
                text class="tick" x="20" y=(format!("{:.1}", py(t) + 3.0)) text-anchor="end" { (t) }
            }
            @if diagonal {
                line class="diagonal" x1=(format!("{:.1}", px(lo))) y1=(format!("{:.1}", py(0.0))) x2=(format!("{:.1}", px(hi))) y2=(format!("{:.1}", py(1.0))) {}
            }
            @for (i, (_, points)) in series.iter().enumerate() {
                path class=(format!("s{}", i % SERIES)) d=(path(points)) {}
            }
            // Points marked on a calibration plot (each is a bin); sweeps are plain lines.
            @if let Some((_, points)) = series.first().filter(|_| diagonal) {
                @for &(x, y) in points.iter().filter(|(x, y)| x.is_finite() && y.is_finite()) {
                    circle class="s0" cx=(format!("{:.1}", px(x))) cy=(format!("{:.1}", py(y))) r="2" {}
                }
            }
        }
    }
}

/// Horizontal bars of values in [0, max] with their 95 % intervals as whiskers, one row per
/// item (`name`, value, interval), and an optional dashed reference line (the overall value or
/// the reference group's). Names are drawn as text so the chart reads without the table.
pub fn interval_bars(
    items: &[(String, f64, Option<[f64; 2]>)],
    reference: Option<f64>,
    label: &str,
    width: u32,
) -> Markup {
    let row = 16.0;
    let height = (items.len() as f64 * row + 16.0).ceil() as u32;
    let left = 170.0;
    let top = items
        .iter()
        .map(|(_, v, ci)| ci.map_or(*v, |c| c[1]).max(*v))
        .chain(reference)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max)
        .max(1e-12);
    let w = f64::from(width) - left - 40.0;
    let px = |v: f64| left + (v / top).clamp(0.0, 1.0) * w;
    let short = |s: &str| {
        if s.chars().count() > 28 {
            format!("{}…", s.chars().take(27).collect::<String>())
        } else {
            s.to_string()
        }
    };
    html! {
        svg class="chart bars-ci" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" {
            title { (label) }
            @for (i, (name, v, ci)) in items.iter().enumerate() {
                @let y = i as f64 * row + 2.0;
                text x=(format!("{:.1}", left - 4.0)) y=(format!("{:.1}", y + 11.0)) text-anchor="end" { (short(name)) }
                rect x=(format!("{left:.1}")) y=(format!("{:.1}", y + 2.0)) width=(format!("{:.1}", (px(*v) - left).max(0.5))) height="10" {}
                @if let Some([lo, hi]) = ci {
                    line class="ci" x1=(format!("{:.1}", px(*lo))) x2=(format!("{:.1}", px(*hi))) y1=(format!("{:.1}", y + 7.0)) y2=(format!("{:.1}", y + 7.0)) {}
                }
                text class="val" x=(format!("{:.1}", px(ci.map_or(*v, |c| c[1]).max(*v)) + 3.0)) y=(format!("{:.1}", y + 11.0)) { (format!("{v:.3}")) }
            }
            @if let Some(r) = reference {
                line class="ref-line" x1=(format!("{:.1}", px(r))) x2=(format!("{:.1}", px(r))) y1="0" y2=(format!("{:.1}", f64::from(height) - 12.0)) {}
                text class="val" x=(format!("{:.1}", px(r))) y=(format!("{:.1}", f64::from(height) - 2.0)) text-anchor="middle" { (format!("{r:.3}")) }
            }
        }
    }
}

/// Horizontal bars diverging from 0 (deltas), with 95 % intervals as whiskers; an item marked
/// `bad` gets the `bad` class (a significant change for the worse). One row per item.
pub fn diverging(items: &[(String, f64, Option<[f64; 2]>, bool)], label: &str, width: u32) -> Markup {
    let row = 16.0;
    let height = (items.len() as f64 * row + 8.0).ceil() as u32;
    let left = 170.0;
    let span = items
        .iter()
        .flat_map(|(_, v, ci, _)| [Some(*v), ci.map(|c| c[0]), ci.map(|c| c[1])])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()))
        .max(1e-12);
    let half = (f64::from(width) - left - 50.0) / 2.0;
    let zero = left + half;
    let px = |v: f64| zero + (v / span).clamp(-1.0, 1.0) * half;
    html! {
        svg class="chart diverging" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" {
            title { (label) }
            @for (i, (name, v, ci, bad)) in items.iter().enumerate() {
                @let y = i as f64 * row + 2.0;
                @let (x0, x1) = (px(v.min(0.0)), px(v.max(0.0)));
                text x=(format!("{:.1}", left - 4.0)) y=(format!("{:.1}", y + 11.0)) text-anchor="end" { (name) }
                rect class=(if *bad { "bad" } else { "" }) x=(format!("{x0:.1}")) y=(format!("{:.1}", y + 2.0)) width=(format!("{:.1}", (x1 - x0).max(0.5))) height="10" {}
                @if let Some([lo, hi]) = ci {
                    line class="ci" x1=(format!("{:.1}", px(*lo))) x2=(format!("{:.1}", px(*hi))) y1=(format!("{:.1}", y + 7.0)) y2=(format!("{:.1}", y + 7.0)) {}
                }
                text class="val" x=(format!("{:.1}", f64::from(width) - 4.0)) y=(format!("{:.1}", y + 11.0)) text-anchor="end" { (format!("{v:+.4}")) }
            }
            line class="ref-line" x1=(format!("{zero:.1}")) x2=(format!("{zero:.1}")) y1="0" y2=(format!("{}", height)) {}
        }
    }
}
