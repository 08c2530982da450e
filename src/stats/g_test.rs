//! G-test (log-likelihood ratio) of the current category counts against the reference shares.
//!
//! **Formula.** eᵢ = refᵢ·(n_cur/n_ref); G = 2·Σ curᵢ·ln(curᵢ/eᵢ) (terms with curᵢ = 0 are 0),
//! k − 1 degrees of freedom, p = P(χ²ₖ₋₁ ≥ G).
//! **Reference.** `scipy.stats.power_divergence(cur, ref·n_cur/n_ref, lambda_="log-likelihood")`.
//! Evidently 0.7 passes the raw reference counts as expected counts, which scipy rejects unless
//! both inputs have the same size; scaling them is the test as defined.
//! **Read it as:** like χ², more accurate when some counts are small.
//! **Default threshold** (drift): p < 0.1 (Evidently's).

use super::special::chi2_sf;

pub fn g_test(reference: &[f64], current: &[f64]) -> Option<(f64, f64)> {
    let (nr, nc): (f64, f64) = (reference.iter().sum(), current.iter().sum());
    if nr <= 0.0 || nc <= 0.0 {
        return None;
    }
    let k = nc / nr;
    let stat = 2.0
        * reference
            .iter()
            .zip(current)
            .map(|(&r, &c)| if c == 0.0 { 0.0 } else { c * (c / (r * k)).ln() })
            .sum::<f64>();
    let dof = reference.len() as f64 - 1.0;
    let p = if dof < 1.0 { 1.0 } else { chi2_sf(stat, dof) };
    Some((stat, p))
}
