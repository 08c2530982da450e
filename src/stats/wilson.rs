//! Wilson score interval for a proportion.
//!
//! **Formula.** With p̂ = k/n and z = Φ⁻¹(0.975): centre (p̂ + z²/2n)/(1 + z²/n), half-width
//! z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²). **Reference.**
//! `statsmodels.stats.proportion.proportion_confint(k, n, alpha=0.05, method='wilson')`.
//! **Read it as:** the range of true rates compatible with k of n at 95 %; unlike p̂ ± 1.96·se it
//! stays inside [0, 1] and is honest for small n or rates near 0 and 1.

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// 95 % interval of k successes in n trials; `None` when n = 0.
pub fn wilson(k: f64, n: f64) -> Option<[f64; 2]> {
    if n <= 0.0 {
        return None;
    }
    let p = k / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some([centre - half, centre + half])
}
