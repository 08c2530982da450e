//! Population stability index.
//!
//! **Formula.** PSI = Σ (rᵢ − cᵢ)·ln(rᵢ/cᵢ) over Evidently's bins (see `binning`), shares with
//! empty bins filled by ε. **Reference.** Evidently's `psi` drift test. **Read it as:** < 0.1
//! stable, 0.1–0.25 moderate shift, > 0.25 major shift (the credit-scoring rule of thumb).
//! **Default threshold** (drift): PSI ≥ 0.1.

pub fn psi(reference: &[f64], current: &[f64]) -> f64 {
    reference.iter().zip(current).map(|(&r, &c)| (r - c) * (r / c).ln()).sum()
}
