//! Mann–Whitney U test (two-sided).
//!
//! **Formula.** U₁ = R₁ − n₁(n₁+1)/2 with R₁ the sum of the reference's midranks in the pooled
//! sample; U = max(U₁, n₁n₂ − U₁). Exact p = 2·P(U' ≥ U) from the null distribution of U (the
//! Gaussian-binomial coefficients, Löffler 1983) when a sample has at most 8 values and there
//! are no ties; otherwise the normal approximation with tie and continuity corrections:
//! z = (U − n₁n₂/2 − ½)/√(n₁n₂/12·((n+1) − Σ(t³−t)/(n(n−1)))), p = 2·(1 − Φ(z)).
//! **Reference.** `scipy.stats.mannwhitneyu(reference, current, alternative='two-sided')`.
//! Evidently's `mannw` passes `alternative='less'`, a one-sided test that misses a current
//! distribution shifted down; we test both directions, as drift detection needs.
//! **Read it as:** whether values in one input tend to be larger than in the other.
//! **Default threshold** (drift): p < 0.05.

use super::ranks::midranks;
use super::special::normal_sf;

/// Largest n₁·n₂ for which the exact null distribution is tabulated (beyond it, scipy would
/// also take minutes; we use the normal approximation and say so in the docs).
const MAX_EXACT_CELLS: f64 = 1e7;

/// (U₁, p) of two ascending finite non-empty samples.
pub fn mann_whitney(a: &[f64], b: &[f64]) -> Option<(f64, f64)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let mut r1 = 0.0;
    let ties = midranks(a, b, |s, r| {
        if s == 0 {
            r1 += r;
        }
    });
    let u1 = r1 - n1 * (n1 + 1.0) / 2.0;
    let u = u1.max(n1 * n2 - u1);
    let exact = (a.len() <= 8 || b.len() <= 8) && ties == 0.0 && n1 * n2 <= MAX_EXACT_CELLS;
    let p = if exact {
        2.0 * exact_sf(u as u64, a.len().min(b.len()), a.len().max(b.len()))
    } else {
        let n = n1 + n2;
        let s = (n1 * n2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)))).sqrt();
        let z = (u - n1 * n2 / 2.0 - 0.5) / s;
        2.0 * normal_sf(z)
    };
    Some((u1, p.clamp(0.0, 1.0)))
}

/// P(U ≥ u) for sample sizes m ≤ n: the coefficients of the Gaussian binomial
/// [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i))/(1 − q^i), divided by C(m+n, m).
fn exact_sf(u: u64, m: usize, n: usize) -> f64 {
    let deg = m * n;
    let mut c = vec![0.0f64; deg + 1];
    c[0] = 1.0;
    let mut cur_deg = 0usize;
    for i in 1..=m {
        // multiply by (1 + q + … + q^(n+i−1)) / … : use (1 − q^(n+i)) then divide by (1 − q^i)
        let new_deg = cur_deg + n;
        let step = n + i;
        for k in (step..=new_deg.min(deg)).rev() {
            c[k] -= c[k - step];
        }
        for k in i..=new_deg.min(deg) {
            c[k] += c[k - i];
        }
        cur_deg = new_deg;
    }
    let total: f64 = c.iter().sum();
    let tail: f64 = c.iter().skip(u as usize).sum();
    tail / total
}
