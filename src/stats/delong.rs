//! DeLong's test for two correlated ROC AUCs (two models scored on the same rows).
//!
//! **Formula** (DeLong, DeLong & Clarke-Pearson 1988). For m positives X and n negatives Y and
//! ψ(x, y) = 1 if x > y, ½ if x = y, 0 otherwise, each model r has the structural components
//! V10ᵢ = mean_j ψ(Xᵢ, Yⱼ) and V01ⱼ = mean_i ψ(Xᵢ, Yⱼ), with AUC = mean(V10). S10 and S01 are the
//! 2×2 sample covariances (ddof 1) of the two models' components; S = S10/m + S01/n;
//! Var(AUC₂ − AUC₁) = S₁₁ + S₂₂ − 2S₁₂; z = (AUC₂ − AUC₁)/√Var; p = 2·P(Z ≥ |z|).
//! The components come from midranks in O(N log N) (Sun & Xu 2014): V10ᵢ = (Rᵢ − R⁺ᵢ)/n, with
//! Rᵢ the rank of Xᵢ among all scores and R⁺ᵢ its rank among the positives; V01ⱼ =
//! 1 − (Rⱼ − R⁻ⱼ)/m. **Reference.** A committed O(m·n) implementation of the definition
//! (`tests/fixtures/make_comparison_fixtures.py`) and `sklearn.metrics.roc_auc_score` for the
//! AUCs. **Read it as:** whether the new model ranks positives above negatives more (or less)
//! often than the old one beyond the noise of these rows. **Default threshold:** p < 0.05.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeLong {
    pub auc: [f64; 2],
    /// Variances of the two AUCs and their covariance.
    pub var: [f64; 2],
    pub cov: f64,
    pub z: f64,
    pub p_value: f64,
}

/// Midranks (1-based, ties averaged) of `x`.
fn midranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// (V10 per positive, V01 per negative) of one model.
fn components(scores: &[f64], labels: &[bool]) -> (Vec<f64>, Vec<f64>) {
    let pos: Vec<f64> = scores.iter().zip(labels).filter(|(_, &y)| y).map(|(s, _)| *s).collect();
    let neg: Vec<f64> = scores.iter().zip(labels).filter(|(_, &y)| !y).map(|(s, _)| *s).collect();
    let (m, n) = (pos.len() as f64, neg.len() as f64);
    let all = midranks(scores);
    let (rp, rn) = (midranks(&pos), midranks(&neg));
    let (mut v10, mut v01) = (Vec::with_capacity(pos.len()), Vec::with_capacity(neg.len()));
    let (mut i, mut j) = (0, 0);
    for (k, &y) in labels.iter().enumerate() {
        if y {
            v10.push((all[k] - rp[i]) / n);
            i += 1;
        } else {
            v01.push(1.0 - (all[k] - rn[j]) / m);
            j += 1;
        }
    }
    (v10, v01)
}

/// 2×2 sample covariance (ddof 1) of two equally long series.
fn cov2(a: &[f64], b: &[f64]) -> [f64; 3] {
    let k = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / k, b.iter().sum::<f64>() / k);
    let mut s = [0.0; 3];
    for (x, y) in a.iter().zip(b) {
        s[0] += (x - ma) * (x - ma);
        s[1] += (y - mb) * (y - mb);
        s[2] += (x - ma) * (y - mb);
    }
    s.map(|v| v / (k - 1.0))
}

/// The test of `second` against `first` on the same rows; `None` with fewer than two positives
/// or negatives, or non-finite scores.
pub fn delong(first: &[f64], second: &[f64], labels: &[bool]) -> Option<DeLong> {
    let m = labels.iter().filter(|&&y| y).count();
    let n = labels.len() - m;
    if m < 2 || n < 2 || first.len() != labels.len() || second.len() != labels.len() {
        return None;
    }
    if first.iter().chain(second).any(|s| !s.is_finite()) {
        return None;
    }
    let (a10, a01) = components(first, labels);
    let (b10, b01) = components(second, labels);
    let auc = [a10.iter().sum::<f64>() / m as f64, b10.iter().sum::<f64>() / m as f64];
    let (s10, s01) = (cov2(&a10, &b10), cov2(&a01, &b01));
    let s = [0, 1, 2].map(|k| s10[k] / m as f64 + s01[k] / n as f64);
    let var = s[0] + s[1] - 2.0 * s[2];
    let delta = auc[1] - auc[0];
    let (z, p_value) = if var > 0.0 {
        let z = delta / var.sqrt();
        (z, (2.0 * super::special::normal_sf(z.abs())).min(1.0))
    } else if delta == 0.0 {
        (0.0, 1.0)
    } else {
        (delta.signum() * f64::INFINITY, 0.0)
    };
    Some(DeLong { auc, var: [s[0], s[1]], cov: s[2], z, p_value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_models_have_no_difference() {
        let s = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2];
        let y = [false, false, true, true, true, false];
        let d = delong(&s, &s, &y).expect("defined");
        assert_eq!((d.z, d.p_value), (0.0, 1.0));
        assert!((d.auc[0] - 8.0 / 9.0).abs() < 1e-15);
    }

    #[test]
    fn one_class_is_undefined() {
        assert!(delong(&[0.1, 0.2, 0.3], &[0.3, 0.2, 0.1], &[true, true, true]).is_none());
    }
}
