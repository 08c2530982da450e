//! Pearson's χ² goodness-of-fit of the current category counts against the reference shares.
//!
//! **Formula.** Expected count of category i: eᵢ = refᵢ·(n_cur/n_ref); χ² = Σ (curᵢ − eᵢ)²/eᵢ over
//! the categories seen in either input, k − 1 degrees of freedom, p = P(χ²ₖ₋₁ ≥ χ²). A category
//! never seen in the reference makes χ² infinite (p = 0).
//! **Reference.** `scipy.stats.chisquare(f_obs=cur, f_exp=ref·n_cur/n_ref)`, as Evidently's
//! `chisquare` drift test calls it. **Read it as:** a small p says the current category mix is
//! unlikely under the reference mix. **Default threshold** (drift): p < 0.05.

use super::special::chi2_sf;

/// (χ², p) for aligned counts; `None` when an input is empty.
pub fn chisquare(reference: &[f64], current: &[f64]) -> Option<(f64, f64)> {
    let (nr, nc): (f64, f64) = (reference.iter().sum(), current.iter().sum());
    if nr <= 0.0 || nc <= 0.0 {
        return None;
    }
    let k = nc / nr;
    let stat: f64 = reference
        .iter()
        .zip(current)
        .map(|(&r, &c)| {
            let e = r * k;
            (c - e) * (c - e) / e
        })
        .sum();
    let dof = reference.len() as f64 - 1.0;
    let p = if dof < 1.0 { 1.0 } else { chi2_sf(stat, dof) };
    Some((stat, p))
}
