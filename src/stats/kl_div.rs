//! Kullback–Leibler divergence of the reference from the current distribution.
//!
//! **Formula.** KL = Σ rᵢ·ln(rᵢ/cᵢ) over Evidently's bins (see `binning`), shares with empty bins
//! filled by ε and renormalised to sum 1. **Reference.** `scipy.stats.entropy(ref, cur)` as
//! Evidently's `kl_div` test calls it. **Read it as:** extra information (nats) needed to code
//! reference data with the current distribution; 0 = same; unbounded and asymmetric.
//! **Default threshold** (drift): KL ≥ 0.1.

pub fn kl_div(reference: &[f64], current: &[f64]) -> f64 {
    let (sr, sc): (f64, f64) = (reference.iter().sum(), current.iter().sum());
    reference
        .iter()
        .zip(current)
        .map(|(&r, &c)| {
            let (p, q) = (r / sr, c / sc);
            if p == 0.0 {
                0.0
            } else {
                p * (p / q).ln()
            }
        })
        .sum()
}
