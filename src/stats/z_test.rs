//! Two-proportion z-test.
//!
//! **Formula.** With categories sorted, the first one against all others: p₁, p₂ the shares of
//! "others" in reference and current, P = (n₁p₁ + n₂p₂)/(n₁ + n₂),
//! z = (p₁ − p₂)/√(P(1 − P)(1/n₁ + 1/n₂)), p = 2·(1 − Φ(|z|)). Both inputs holding the same single
//! value give p = 1.
//! **Reference.** Evidently's `z` drift test (`proportions_diff_z_stat_ind`), equal to
//! `statsmodels.stats.proportion.proportions_ztest` (pooled variance).
//! **Read it as:** for two-valued columns, whether the share of one value moved.
//! **Default threshold** (drift): p < 0.05.

use super::fisher_exact::fisher_exact;
use super::special::normal_sf;

/// (z, p) for aligned counts whose first entry is the first category in sorted order.
pub fn z_test(reference: &[f64], current: &[f64]) -> Option<(f64, f64)> {
    let (n1, n2): (f64, f64) = (reference.iter().sum(), current.iter().sum());
    if n1 <= 0.0 || n2 <= 0.0 {
        return None;
    }
    let present = |c: &[f64]| c.iter().filter(|&&x| x > 0.0).count();
    let same_single = present(reference) == 1
        && present(current) == 1
        && reference.iter().zip(current).any(|(&r, &c)| r > 0.0 && c > 0.0);
    if same_single {
        return Some((0.0, 1.0));
    }
    let p1 = (n1 - reference.first().copied().unwrap_or(0.0)) / n1;
    let p2 = (n2 - current.first().copied().unwrap_or(0.0)) / n2;
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let z = (p1 - p2) / (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    Some((z, (2.0 * normal_sf(z.abs())).min(1.0)))
}

/// Two-sided p-value of "same rate" for k₁/n₁ vs k₂/n₂: Fisher's exact test when a cell of the
/// 2×2 table is below 5, else the pooled z-test above (`statsmodels` `proportions_ztest`).
pub fn two_proportions(k1: f64, n1: f64, k2: f64, n2: f64) -> Option<f64> {
    if n1 <= 0.0 || n2 <= 0.0 {
        return None;
    }
    let cells = [k1, n1 - k1, k2, n2 - k2];
    if cells.iter().any(|&c| c < 5.0) {
        return Some(fisher_exact([k2, n2 - k2], [k1, n1 - k1]).1);
    }
    let pooled = (k1 + k2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se == 0.0 {
        return Some(1.0);
    }
    Some(2.0 * normal_sf(((k1 / n1 - k2 / n2) / se).abs()))
}
