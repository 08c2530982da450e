//! Calibration curve (reliability diagram) and expected calibration error.
//!
//! **Formula.** Cut [0, 1] into B equal bins (edges i/B; a score on an inner edge goes to the
//! lower bin, as `numpy.searchsorted(side="left")`); in each non-empty bin b with weight nᵦ:
//! mean predicted probability p̄ᵦ and observed positive rate ȳᵦ. ECE = Σᵦ (nᵦ/N)·|ȳᵦ − p̄ᵦ|
//! (Naeini et al. 2015; Guo et al. 2017).
//! **Reference.** `sklearn.calibration.calibration_curve(y, p, n_bins=10, strategy="uniform")`
//! for the curve (`prob_true`, `prob_pred`); ECE is numpy's sum over that curve's bins.
//! **Read it as:** a calibrated model's points lie on the diagonal: of the rows scored 0.7,
//! 70 % are positive. ECE is the average gap in probability points (0.02 = off by 2 points);
//! points below the diagonal mean over-confident scores. `None` when a score lies outside [0, 1].

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bin {
    pub lower: f64,
    pub upper: f64,
    pub count: u64,
    /// Mean score in the bin (sklearn's `prob_pred`).
    pub mean_predicted: f64,
    /// Share of positives in the bin (sklearn's `prob_true`).
    pub fraction_positive: f64,
}

/// The bin of a score in [0, 1] among `bins` equal bins.
fn bin_of(p: f64, bins: usize) -> usize {
    let step = 1.0 / bins as f64;
    // Inner edges i·step for i = 1..bins-1, as numpy.linspace writes them.
    (1..bins).take_while(|&i| i as f64 * step < p).count()
}

/// Each score's bin; `None` when a score lies outside [0, 1].
pub fn bins_of(scores: &[f64], bins: usize) -> Option<Vec<usize>> {
    if bins == 0 || scores.iter().any(|p| !(0.0..=1.0).contains(p)) {
        return None;
    }
    Some(scores.iter().map(|&p| bin_of(p, bins)).collect())
}

/// (bins, ECE) of `scores` against `labels`, each row counted `weights[i]` times.
pub fn calibration_weighted(scores: &[f64], labels: &[bool], weights: &[f64], bins: usize) -> Option<(Vec<Bin>, f64)> {
    calibration_binned(&bins_of(scores, bins)?, scores, labels, weights, bins)
}

/// The same from each row's bin (see [`bins_of`]), so a bootstrap bins the scores once.
pub fn calibration_binned(
    index: &[usize],
    scores: &[f64],
    labels: &[bool],
    weights: &[f64],
    bins: usize,
) -> Option<(Vec<Bin>, f64)> {
    let (mut n, mut sum_p, mut pos) = (vec![0.0; bins], vec![0.0; bins], vec![0.0; bins]);
    for (((&p, &y), &w), &b) in scores.iter().zip(labels).zip(weights).zip(index) {
        n[b] += w;
        sum_p[b] += w * p;
        if y {
            pos[b] += w;
        }
    }
    let total: f64 = n.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let step = 1.0 / bins as f64;
    let mut out = Vec::new();
    let mut ece = 0.0;
    for b in 0..bins {
        if n[b] <= 0.0 {
            continue;
        }
        let (mean_predicted, fraction_positive) = (sum_p[b] / n[b], pos[b] / n[b]);
        ece += n[b] / total * (fraction_positive - mean_predicted).abs();
        let upper = if b + 1 == bins { 1.0 } else { (b + 1) as f64 * step };
        out.push(Bin { lower: b as f64 * step, upper, count: n[b] as u64, mean_predicted, fraction_positive });
    }
    Some((out, ece))
}

pub fn calibration(scores: &[f64], labels: &[bool], bins: usize) -> Option<(Vec<Bin>, f64)> {
    calibration_weighted(scores, labels, &vec![1.0; scores.len()], bins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_on_an_edge_go_to_the_lower_bin_like_sklearn() {
        // calibration_curve([0, 1, 1, 0], [0.1, 0.2, 0.95, 0.0], n_bins=10):
        // prob_pred [0.05, 0.2, 0.95], prob_true [0, 1, 1]
        let (bins, ece) = calibration(&[0.1, 0.2, 0.95, 0.0], &[false, true, true, false], 10).expect("curve");
        let pred: Vec<f64> = bins.iter().map(|b| b.mean_predicted).collect();
        let truth: Vec<f64> = bins.iter().map(|b| b.fraction_positive).collect();
        assert_eq!(pred, vec![0.05, 0.2, 0.95]);
        assert_eq!(truth, vec![0.0, 1.0, 1.0]);
        assert!((ece - (0.5 * 0.05 + 0.25 * 0.8 + 0.25 * 0.05)).abs() < 1e-15);
        assert!(calibration(&[1.2], &[true], 10).is_none());
    }
}
