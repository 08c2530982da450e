//! Welch's two-sample t-test (unequal variances).
//!
//! **Formula.** t = (x̄_ref − x̄_cur)/√(s²_ref/n_ref + s²_cur/n_cur) with sample variances
//! (ddof 1); Welch–Satterthwaite degrees of freedom ν = (a + b)²/(a²/(n_ref−1) + b²/(n_cur−1)),
//! a = s²_ref/n_ref, b = s²_cur/n_cur; p = 2·P(T_ν ≥ |t|).
//! **Reference.** `scipy.stats.ttest_ind(reference, current, equal_var=False)`. (Evidently's
//! `t_test` uses the pooled-variance Student test, which is wrong when the spread changes — the
//! case drift detection cares about.) **Read it as:** whether the mean moved, relative to its
//! standard error. **Default threshold** (drift): p < 0.05.

use super::special::t_two_sided;

/// (t, p); `None` with fewer than two values in a sample or no variance at all.
pub fn welch_t_test(a: &[f64], b: &[f64]) -> Option<(f64, f64)> {
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let mean_var = |x: &[f64]| {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        (m, x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0), n)
    };
    let (m1, v1, n1) = mean_var(a);
    let (m2, v2, n2) = mean_var(b);
    welch_from_moments((m1, v1, n1), (m2, v2, n2))
}

/// Welch's test from each sample's (mean, variance with ddof 1, size).
pub fn welch_from_moments((m1, v1, n1): (f64, f64, f64), (m2, v2, n2): (f64, f64, f64)) -> Option<(f64, f64)> {
    if n1 < 2.0 || n2 < 2.0 {
        return None;
    }
    let (va, vb) = (v1 / n1, v2 / n2);
    if va + vb <= 0.0 {
        return None;
    }
    let t = (m1 - m2) / (va + vb).sqrt();
    let dof = (va + vb).powi(2) / (va * va / (n1 - 1.0) + vb * vb / (n2 - 1.0));
    Some((t, t_two_sided(t, dof)))
}

/// The paired t-test: t = d̄/(s_d/√n) for dᵢ = aᵢ − bᵢ (s_d with ddof 1), n − 1 degrees of
/// freedom, two-sided p. **Reference.** `scipy.stats.ttest_rel(a, b)`. `None` with fewer than two
/// pairs or no variance in the differences.
pub fn paired_t_test(a: &[f64], b: &[f64]) -> Option<(f64, f64)> {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    if d.len() < 2 {
        return None;
    }
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    if !(var > 0.0) {
        return None;
    }
    let t = mean / (var / n).sqrt();
    Some((t, t_two_sided(t, n - 1.0)))
}
