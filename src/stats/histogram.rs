//! Equal-width histogram.
//!
//! **Formula.** `bins` equal-width bins over [min, max]; bin k holds edgeₖ ≤ x < edgeₖ₊₁, the
//! last bin also holds x = max. When min = max the range is widened to [min − 0.5, max + 0.5].
//! **Reference.** `numpy.histogram(x, bins=bins)` (same edges, same counts).
//! **Read it as:** the shape of a numeric column; the app and report draw it as bars.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

/// Histogram of ascending, finite `sorted` values; `None` when empty.
pub fn histogram_sorted(sorted: &[f64], bins: usize) -> Option<Histogram> {
    let (&first, &last) = (sorted.first()?, sorted.last()?);
    let bins = bins.max(1);
    let (lo, hi) = if first == last { (first - 0.5, last + 0.5) } else { (first, last) };
    // numpy: np.linspace(lo, hi, bins + 1)
    let step = (hi - lo) / bins as f64;
    let mut edges: Vec<f64> = (0..=bins).map(|k| lo + k as f64 * step).collect();
    edges[bins] = hi;
    let mut counts = vec![0u64; bins];
    let norm = bins as f64 / (hi - lo);
    for &x in sorted {
        // numpy computes the bin from the scaled offset, then corrects by the edges.
        let mut k = (((x - lo) * norm) as usize).min(bins - 1);
        if x < edges[k] {
            k = k.saturating_sub(1);
        } else if k + 1 < bins && x >= edges[k + 1] {
            k += 1;
        }
        counts[k] += 1;
    }
    Some(Histogram { edges, counts })
}

#[cfg(test)]
mod tests {
    use super::histogram_sorted;

    #[test]
    fn matches_numpy_on_small_cases() {
        // numpy.histogram([1, 2, 2, 3, 10], bins=3)
        let h = histogram_sorted(&[1.0, 2.0, 2.0, 3.0, 10.0], 3).unwrap();
        assert_eq!(h.counts, [4, 0, 1]);
        assert_eq!(h.edges, [1.0, 4.0, 7.0, 10.0]);
        // numpy.histogram([5, 5], bins=2) -> edges [4.5, 5, 5.5], counts [0, 2]
        let h = histogram_sorted(&[5.0, 5.0], 2).unwrap();
        assert_eq!(h.counts, [0, 2]);
        assert_eq!(h.edges, [4.5, 5.0, 5.5]);
        assert!(histogram_sorted(&[], 4).is_none());
    }
}
