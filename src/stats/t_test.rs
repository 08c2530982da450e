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
