//! Fisher's exact test on the 2×2 table (input × value) of a two-valued column.
//!
//! **Formula.** Given the margins, the count in one cell is hypergeometric; the two-sided p is
//! the total probability of the tables no more likely than the observed one (relative tolerance
//! 1e-7 for ties). The statistic is the sample odds ratio (a·d)/(b·c).
//! **Reference.** `scipy.stats.fisher_exact(table)`, as Evidently's `fisher_exact` test builds
//! the table ([[cur₁, cur₀], [ref₁, ref₀]]). **Read it as:** exact version of the z-test for
//! small counts. **Default threshold** (drift): p < 0.1 (Evidently's).

use super::special::ln_binom;

/// (odds ratio, p) for a two-valued column: counts of value A and B in each input.
pub fn fisher_exact(reference: [f64; 2], current: [f64; 2]) -> (f64, f64) {
    let [c, d] = reference;
    let [a, b] = current;
    let odds = (a * d) / (b * c);
    // Row sums: current (a + b), reference (c + d); first column total a + c.
    let (n_rows1, col1, total) = (a + b, a + c, a + b + c + d);
    let lo = (col1 - (total - n_rows1)).max(0.0) as u64;
    let hi = n_rows1.min(col1) as u64;
    if hi <= lo {
        return (odds, 1.0);
    }
    let ln_pmf = |x: f64| ln_binom(n_rows1, x) + ln_binom(total - n_rows1, col1 - x);
    let observed = ln_pmf(a);
    let logs: Vec<f64> = (lo..=hi).map(|x| ln_pmf(x as f64)).collect();
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (mut all, mut extreme) = (0.0, 0.0);
    let bound = (observed - top).exp() * (1.0 + 1e-7);
    for l in logs {
        let p = (l - top).exp();
        all += p;
        if p <= bound {
            extreme += p;
        }
    }
    (odds, (extreme / all).clamp(0.0, 1.0))
}
