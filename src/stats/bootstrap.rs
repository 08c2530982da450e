//! Seeded percentile bootstrap intervals.
//!
//! **Method.** Draw B resamples of the rows with replacement (a row's weight = how often it was
//! drawn: a multinomial(n, 1/n) count), evaluate the statistic on each weighted resample and take
//! the 2.5 % and 97.5 % quantiles (numpy's linear quantile) of the B values: the 95 % percentile
//! interval (Efron & Tibshirani 1993, ch. 13). Resamples on which the statistic is undefined
//! (e.g. ROC AUC with one class drawn) are skipped; with fewer than 90 % defined there is no
//! interval. Seeded SplitMix64: the same seed gives the same interval on every platform.
//!
//! **Large inputs.** Above `max_rows` rows, a seeded random subset of m = `max_rows` rows is
//! bootstrapped instead and the interval is rescaled to n rows around the full-data estimate:
//! [θ̂ₙ + √(m/n)·(q₀.₀₂₅ − θ̂ₘ), θ̂ₙ + √(m/n)·(q₀.₉₇₅ − θ̂ₘ)] (the m-out-of-n bootstrap, Bickel,
//! Götze & van Zwet 1997), which keeps 1000 resamples cheap on millions of rows.
//!
//! **Reference.** No library draws the same random numbers, so the test compares with a numpy
//! bootstrap of the same statistic within Monte-Carlo error, and checks the weighted statistics
//! against sklearn's `sample_weight`. **Read it as:** the range the metric would plausibly take on
//! another sample of the same size from the same population.

use super::quantile::quantile_sorted;
use super::rng::SplitMix64;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Resamples (B); 0 turns intervals off.
    pub resamples: u32,
    pub seed: u64,
    /// Inputs with more rows bootstrap a subset of this many rows (see the module doc).
    pub max_rows: usize,
}

/// The rows a bootstrap of `n` rows works on: all of them, or a seeded subset of `max_rows`
/// (ascending).
pub fn rows(n: usize, options: &Options) -> Vec<usize> {
    if n <= options.max_rows {
        return (0..n).collect();
    }
    // Selection sampling (Knuth's algorithm S): each row kept with the right conditional odds.
    let mut rng = SplitMix64(options.seed ^ 0xA5A5_5A5A);
    let (mut need, mut out) = (options.max_rows, Vec::with_capacity(options.max_rows));
    for i in 0..n {
        if need == 0 {
            break;
        }
        if rng.next_f64() * ((n - i) as f64) < need as f64 {
            out.push(i);
            need -= 1;
        }
    }
    out
}

/// 95 % intervals of `k` statistics at once. `statistic(weights)` gets one weight per row of
/// the subset (see [`rows`], `m` rows) and returns the `k` values (non-finite = undefined);
/// `full` are the estimates on all `n` rows and `subset` the same statistics on the subset
/// (equal to `full` when m = n).
pub fn intervals(
    n: usize,
    m: usize,
    options: &Options,
    full: &[f64],
    subset: &[f64],
    statistic: impl FnMut(&[f64]) -> Vec<f64>,
) -> Vec<Option<[f64; 2]>> {
    draws(n, m, options, full, subset, statistic)
        .into_iter()
        .map(|d| {
            let d = d?;
            Some([quantile_sorted(&d, 0.025)?, quantile_sorted(&d, 0.975)?])
        })
        .collect()
}

/// The bootstrap distribution of each of the `k` statistics (arguments as [`intervals`]),
/// ascending and rescaled to n rows when m < n; `None` for a statistic defined on fewer than
/// 90 % of the resamples (or undefined on the data).
pub fn draws(
    n: usize,
    m: usize,
    options: &Options,
    full: &[f64],
    subset: &[f64],
    mut statistic: impl FnMut(&[f64]) -> Vec<f64>,
) -> Vec<Option<Vec<f64>>> {
    let k = full.len();
    if options.resamples == 0 || m < 2 {
        return vec![None; k];
    }
    let mut rng = SplitMix64(options.seed);
    let mut weights = vec![0.0f64; m];
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(options.resamples as usize); k];
    for _ in 0..options.resamples {
        weights.iter_mut().for_each(|w| *w = 0.0);
        for _ in 0..m {
            let i = ((rng.next_f64() * m as f64) as usize).min(m - 1);
            weights[i] += 1.0;
        }
        for (j, v) in statistic(&weights).into_iter().enumerate().take(k) {
            if v.is_finite() {
                draws[j].push(v);
            }
        }
    }
    let scale = (m as f64 / n as f64).sqrt();
    draws
        .into_iter()
        .enumerate()
        .map(|(j, mut d)| {
            if (d.len() as f64) < 0.9 * f64::from(options.resamples) || !full[j].is_finite() {
                return None;
            }
            if m != n {
                d.iter_mut().for_each(|v| *v = full[j] + scale * (*v - subset[j]));
            }
            d.sort_by(f64::total_cmp);
            Some(d)
        })
        .collect()
}

/// Two-sided bootstrap p-value of "the statistic is 0" from its (sorted) draws:
/// min(1, 2·min(share ≤ 0, share ≥ 0)).
pub fn p_value_of_zero(sorted: &[f64]) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as f64;
    let at_most = sorted.partition_point(|&v| v <= 0.0) as f64 / n;
    let at_least = (sorted.len() - sorted.partition_point(|&v| v < 0.0)) as f64 / n;
    Some((2.0 * at_most.min(at_least)).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_of_a_mean_is_close_to_the_normal_one() {
        // Mean of 0..400: sd = 115.47, se = 5.774, 95 % ≈ ±11.32 around 199.5.
        let x: Vec<f64> = (0..400).map(f64::from).collect();
        let opts = Options { resamples: 2000, seed: 3, max_rows: 100_000 };
        let mean = |w: &[f64]| vec![x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / w.iter().sum::<f64>()];
        let ci = intervals(400, 400, &opts, &[199.5], &[199.5], mean)[0].expect("interval");
        assert!((ci[0] - (199.5 - 11.32)).abs() < 1.0 && (ci[1] - (199.5 + 11.32)).abs() < 1.0, "{ci:?}");
    }

    #[test]
    fn subset_is_seeded_sorted_and_of_the_asked_size() {
        let opts = Options { resamples: 10, seed: 9, max_rows: 1000 };
        let a = rows(50_000, &opts);
        assert_eq!(a.len(), 1000);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, rows(50_000, &opts));
        assert_eq!(rows(10, &opts), (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn rescaled_interval_of_a_mean_matches_the_full_one() {
        let x: Vec<f64> = (0..40_000).map(|i| f64::from(i % 400)).collect();
        let full = 199.5;
        let opts = Options { resamples: 1000, seed: 1, max_rows: 4000 };
        let sub = rows(x.len(), &opts);
        let sub_mean = sub.iter().map(|&i| x[i]).sum::<f64>() / sub.len() as f64;
        let mean = |w: &[f64]| vec![sub.iter().zip(w).map(|(&i, b)| x[i] * b).sum::<f64>() / w.iter().sum::<f64>()];
        let ci = intervals(x.len(), sub.len(), &opts, &[full], &[sub_mean], mean)[0].expect("interval");
        // se on 40 000 rows = 115.47 / 200 = 0.577 → half-width 1.13
        let half = (ci[1] - ci[0]) / 2.0;
        assert!((half - 1.13).abs() < 0.15, "{ci:?}");
        assert!(ci[0] < full && full < ci[1]);
    }
}
