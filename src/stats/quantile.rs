//! Quantiles with linear interpolation.
//!
//! **Formula.** For sorted values x₀ ≤ … ≤ xₙ₋₁ and q ∈ [0, 1]: h = (n − 1)·q, i = ⌊h⌋,
//! Q(q) = xᵢ + (h − i)·(xᵢ₊₁ − xᵢ).
//! **Reference.** `numpy.quantile(method="linear")`, which is pandas' default for
//! `Series.quantile` and `describe` (Hyndman & Fan 1996, definition 7). The interpolation is
//! written as numpy's `_lerp`, switching to the upper end for h − i ≥ 0.5, so results agree to
//! the last bit. **Read it as:** p50 is the median; p1/p99 show the tails.

/// Quantile `q` of ascending `sorted` values; `None` when empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q;
    let i = (h.floor() as usize).min(n - 1);
    let j = (i + 1).min(n - 1);
    let t = h - i as f64;
    let (a, b) = (sorted[i], sorted[j]);
    let diff = b - a;
    Some(if t >= 0.5 { b - diff * (1.0 - t) } else { a + diff * t })
}

#[cfg(test)]
mod tests {
    use super::quantile_sorted;

    #[test]
    fn matches_numpy_linear_on_known_values() {
        // numpy.quantile([1, 2, 3, 4, 10], q) for q = 0, .25, .5, .9, 1
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        let want = [(0.0, 1.0), (0.25, 2.0), (0.5, 3.0), (0.9, 7.6), (1.0, 10.0)];
        for (q, w) in want {
            let got = quantile_sorted(&x, q).unwrap();
            assert!((got - w).abs() < 1e-12, "q={q}: {got} vs {w}");
        }
        assert_eq!(quantile_sorted(&[], 0.5), None);
        assert_eq!(quantile_sorted(&[7.0], 0.99), Some(7.0));
    }
}
