//! Wilcoxon's signed-rank test for paired samples (here: the two models' absolute errors on the
//! same rows).
//!
//! **Formula.** dᵢ = xᵢ − yᵢ; zero differences are dropped (`zero_method="wilcox"`); the
//! remaining n are ranked by |dᵢ| (ties get their average rank); R⁺ = Σ ranks of dᵢ > 0,
//! R⁻ = Σ ranks of dᵢ < 0; the statistic is min(R⁺, R⁻). With n ≤ 50 and neither zeros nor ties,
//! the exact null distribution of R⁺ (counts of subsets of {1..n} with each sum) gives
//! p = min(1, 2·P(R⁺ ≤ min(R⁺, R⁻))). Otherwise the normal approximation without continuity
//! correction: z = (R⁺ − n(n+1)/4)/σ, σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over tie groups,
//! p = 2·P(Z ≥ |z|). **Reference.** `scipy.stats.wilcoxon(x, y)` with its defaults
//! (`method="auto"`). **Read it as:** whether one model's errors are typically larger than the
//! other's, robust to a few huge errors (unlike the paired t-test on the same errors).
//! **Default threshold:** p < 0.05.

use super::special::normal_sf;

/// The exact test applies up to this many non-zero differences (scipy's `auto`).
pub const EXACT_UP_TO: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wilcoxon {
    /// min(R⁺, R⁻).
    pub statistic: f64,
    pub p_value: f64,
    /// Non-zero differences.
    pub n: usize,
    pub exact: bool,
}

/// `None` when every difference is zero (or there are none).
pub fn wilcoxon(x: &[f64], y: &[f64]) -> Option<Wilcoxon> {
    let mut d: Vec<f64> = x.iter().zip(y).map(|(a, b)| a - b).filter(|d| *d != 0.0 && d.is_finite()).collect();
    let n = d.len();
    if n == 0 {
        return None;
    }
    d.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
    let (mut r_plus, mut r_minus, mut ties, mut tied) = (0.0, 0.0, 0.0, false);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && d[j + 1].abs() == d[i].abs() {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        if t > 1.0 {
            tied = true;
            ties += t * t * t - t;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for v in &d[i..=j] {
            if *v > 0.0 {
                r_plus += rank;
            } else {
                r_minus += rank;
            }
        }
        i = j + 1;
    }
    let statistic = f64::min(r_plus, r_minus);
    let nf = n as f64;
    if n <= EXACT_UP_TO && !tied {
        // counts[s] = subsets of {1..n} with sum s; total 2ⁿ.
        let max = n * (n + 1) / 2;
        let mut counts = vec![0.0f64; max + 1];
        counts[0] = 1.0;
        for k in 1..=n {
            for s in (k..=max).rev() {
                counts[s] += counts[s - k];
            }
        }
        let total = 2f64.powi(n as i32);
        let cdf: f64 = counts[..=(statistic as usize)].iter().sum::<f64>() / total;
        return Some(Wilcoxon { statistic, p_value: (2.0 * cdf).min(1.0), n, exact: true });
    }
    let mean = nf * (nf + 1.0) / 4.0;
    let var = nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - ties / 48.0;
    let z = if var > 0.0 { (r_plus - mean) / var.sqrt() } else { 0.0 };
    Some(Wilcoxon { statistic, p_value: (2.0 * normal_sf(z.abs())).min(1.0), n, exact: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_positive_differences_give_the_smallest_exact_p() {
        // n = 5, R⁻ = 0: P(R⁺ ≤ 0) = 1/32, p = 1/16.
        let w = wilcoxon(&[2.0, 3.0, 4.0, 5.0, 6.0], &[1.0, 1.0, 1.0, 1.0, 1.0]).expect("defined");
        assert!(w.exact && w.statistic == 0.0 && (w.p_value - 0.0625).abs() < 1e-15);
    }

    #[test]
    fn zeros_are_dropped_and_all_zero_is_undefined() {
        assert!(wilcoxon(&[1.0, 2.0], &[1.0, 2.0]).is_none());
        assert_eq!(wilcoxon(&[1.0, 3.0], &[1.0, 2.0]).map(|w| w.n), Some(1));
    }
}
