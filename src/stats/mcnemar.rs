//! McNemar's test: did two classifiers, scored on the same rows, err equally often?
//!
//! **Formula.** Only the discordant rows count: b = rows only the baseline got right,
//! c = rows only the candidate got right. With b + c < 25 the exact test: statistic min(b, c),
//! p = min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(b + c, ½). Otherwise the χ² test with
//! Edwards' continuity correction: statistic (|b − c| − 1)²/(b + c), p = P(χ²₁ ≥ statistic).
//! **Reference.** `statsmodels.stats.contingency_tables.mcnemar(table, exact=(b + c < 25),
//! correction=True)` with table [[both right, b], [c, both wrong]].
//! **Read it as:** a small p means the two models' accuracies differ by more than the rows they
//! disagree on would give by chance. The rows both get right (or wrong) say nothing about which
//! is better, which is why this test is far more sensitive than comparing two accuracies.
//! **Default threshold** (comparison): p < 0.05.

use super::special::{chi2_sf, ln_binom};

/// Below this many discordant rows the exact binomial test is used.
pub const EXACT_BELOW: u64 = 25;

/// (statistic, p-value, exact?) for b and c discordant rows.
pub fn mcnemar(b: u64, c: u64) -> (f64, f64, bool) {
    let n = b + c;
    if n < EXACT_BELOW {
        let k = b.min(c);
        let cdf: f64 = (0..=k).map(|i| (ln_binom(n as f64, i as f64) - n as f64 * std::f64::consts::LN_2).exp()).sum();
        return (k as f64, (2.0 * cdf).min(1.0), true);
    }
    let d = (b as f64 - c as f64).abs() - 1.0;
    let statistic = d * d / n as f64;
    (statistic, chi2_sf(statistic, 1.0), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_discordant_rows_give_p_one() {
        assert_eq!(mcnemar(0, 0), (0.0, 1.0, true));
    }

    #[test]
    fn exact_branch_is_symmetric_and_a_binomial_tail() {
        // b = 2, c = 8: P(X ≤ 2 | n = 10) = 56/1024, p = 0.109375.
        let (s, p, exact) = mcnemar(2, 8);
        assert!(exact && s == 2.0 && (p - 0.109_375).abs() < 1e-15);
        assert_eq!(mcnemar(8, 2), mcnemar(2, 8));
    }
}
