//! Evidently's binning for the distance measures (PSI, KL, Jensen–Shannon, L∞).
//!
//! **Rule.** A numeric column with more than 20 distinct reference values is cut into
//! Sturges bins over the pooled data: k = ⌈range/(range/(log₂N + 1))⌉ equal-width bins
//! between the pooled minimum and maximum (N pooled values; `numpy.histogram_bin_edges(...,
//! bins='sturges')`), each bin [eᵢ, eᵢ₊₁) and the last closed. Any other column gets one bin
//! per value seen in either input. The shares are counts / input size. For PSI and KL an empty
//! bin's share is replaced by ε = min(non-zero shares)/10⁶ when that minimum is ≤ 10⁻⁴,
//! otherwise by 10⁻⁴ (Evidently's `get_binned_data(..., feel_zeroes=True)`).
//! **Reference.** `evidently.legacy.calculations.stattests.utils.get_binned_data`.

/// Sturges edges over the pooled sorted samples (`numpy.histogram_bin_edges(x, 'sturges')`).
pub fn sturges_edges(lo: f64, hi: f64, pooled: usize) -> Vec<f64> {
    let (first, last) = if lo == hi { (lo - 0.5, hi + 0.5) } else { (lo, hi) };
    let bins = if lo == hi {
        1
    } else {
        let width = (hi - lo) / ((pooled as f64).log2() + 1.0);
        ((hi - lo) / width).ceil().max(1.0) as usize
    };
    let step = (last - first) / bins as f64;
    let mut edges: Vec<f64> = (0..=bins).map(|k| first + k as f64 * step).collect();
    edges[bins] = last;
    edges
}

/// Counts of an ascending sample in bins [eᵢ, eᵢ₊₁), the last closed (`numpy.histogram`).
pub fn counts_in(sorted: &[f64], edges: &[f64]) -> Vec<f64> {
    let bins = edges.len().saturating_sub(1);
    let mut counts = vec![0.0; bins];
    let mut k = 0usize;
    for &x in sorted {
        if bins == 0 || x < edges[0] || x > edges[bins] {
            continue;
        }
        while k + 1 < bins && x >= edges[k + 1] {
            k += 1;
        }
        counts[k] += 1.0;
    }
    counts
}

/// Shares of counts; with `fill`, zeros replaced by Evidently's ε.
pub fn shares(counts: &[f64], fill: bool) -> Vec<f64> {
    let n: f64 = counts.iter().sum();
    let mut s: Vec<f64> = counts.iter().map(|c| c / n).collect();
    if fill {
        let min = s.iter().copied().filter(|&x| x != 0.0).fold(f64::INFINITY, f64::min);
        let eps = if min <= 1e-4 { min / 1e6 } else { 1e-4 };
        for x in &mut s {
            if *x == 0.0 {
                *x = eps;
            }
        }
    }
    s
}
