//! Distances between the empirical CDFs of two samples: the Wasserstein-1 distance and the
//! energy distance, by one merge of the sorted samples (O(n) after sorting).
//!
//! **Formula.** Over the merged sorted values z₀ ≤ z₁ ≤ …, with U, V the two empirical CDFs:
//! W₁ = Σ |U(zᵢ) − V(zᵢ)|·(zᵢ₊₁ − zᵢ) = ∫|U − V|; energy = √2·√(Σ (U(zᵢ) − V(zᵢ))²·(zᵢ₊₁ − zᵢ)).
//! Evidently's *normed* Wasserstein divides W₁ by max(σ_ref, 0.001), σ the population standard
//! deviation of the reference.
//! **Reference.** `scipy.stats.wasserstein_distance`, `scipy.stats.energy_distance`
//! (`_cdf_distance`); Evidently's `wasserstein` and `ed` drift tests.
//! **Read it as:** W₁ is how far, in the column's units, values must move to turn one
//! distribution into the other; normed, in reference standard deviations (0.1 = a tenth of a
//! standard deviation, Evidently's default threshold). Energy distance: 0 = same distribution;
//! default threshold 0.1 (drift when above).

use super::ranks::merged_runs;

/// (W₁, ∫(U − V)²) of two ascending, finite, non-empty samples.
fn integrals(u: &[f64], v: &[f64]) -> (f64, f64) {
    let (nu, nv) = (u.len() as f64, v.len() as f64);
    let (mut w1, mut sq) = (0.0, 0.0);
    // Between consecutive distinct values both CDFs are constant.
    let mut prev: Option<f64> = None;
    merged_runs(u, v, |z, ru, rv| {
        if let Some(p) = prev {
            let diff = (ru.start as f64 / nu - rv.start as f64 / nv).abs();
            let delta = z - p;
            w1 += diff * delta;
            sq += diff * diff * delta;
        }
        prev = Some(z);
    });
    (w1, sq)
}

/// Wasserstein-1 distance (`scipy.stats.wasserstein_distance(u, v)`).
pub fn wasserstein(u: &[f64], v: &[f64]) -> Option<f64> {
    (!u.is_empty() && !v.is_empty()).then(|| integrals(u, v).0)
}

/// Evidently's normed Wasserstein: W₁ / max(σ_ref, 0.001).
pub fn wasserstein_normed(reference: &[f64], current: &[f64]) -> Option<f64> {
    let w = wasserstein(reference, current)?;
    Some(w / population_std(reference).max(0.001))
}

/// Energy distance (`scipy.stats.energy_distance(u, v)`).
pub fn energy(u: &[f64], v: &[f64]) -> Option<f64> {
    (!u.is_empty() && !v.is_empty()).then(|| (2.0f64).sqrt() * integrals(u, v).1.sqrt())
}

/// `numpy.std(x)` (ddof 0), two passes.
pub fn population_std(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt()
}
