//! L∞ distance between the bin shares.
//!
//! **Formula.** L∞ = maxᵢ |rᵢ − cᵢ| over Evidently's bins (see `binning`), no ε filling.
//! **Reference.** The definition (checked against numpy on the fixtures); Evidently 0.7 has no
//! such test. **Read it as:** the largest change in the share of any one category or bin
//! (0.1 = some value gained or lost ten percentage points). **Default threshold**: ≥ 0.1.

pub fn l_infinity(reference: &[f64], current: &[f64]) -> f64 {
    reference.iter().zip(current).map(|(&r, &c)| (r - c).abs()).fold(0.0, f64::max)
}
