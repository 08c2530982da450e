//! k-sample Anderson–Darling test (here k = 2), midrank version for samples with ties.
//!
//! **Formula.** Scholz & Stephens (1987), eq. 7: over the distinct pooled values z*ⱼ with
//! multiplicity lⱼ, Bⱼ = (#pooled < z*ⱼ) + lⱼ/2 and Mᵢⱼ = (#sample i < z*ⱼ) + (#sample i = z*ⱼ)/2,
//! A²ₐₖₙ = (N−1)/N·Σᵢ 1/nᵢ·Σⱼ lⱼ/N·(N·Mᵢⱼ − nᵢBⱼ)²/(Bⱼ(N − Bⱼ) − N·lⱼ/4); the reported statistic
//! is the standardised T = (A² − (k−1))/σ with σ² from Scholz & Stephens' eq. 4. The p-value is
//! interpolated on log(significance) by a quadratic through the tabulated critical values
//! (0.25 … 0.001) and capped to [0.001, 0.25], as scipy does.
//! **Reference.** `scipy.stats.anderson_ksamp([reference, current])` (its `significance_level`),
//! as Evidently's `anderson` test. **Read it as:** like KS but more sensitive in the tails.
//! **Default threshold** (drift): p < 0.1 (Evidently's).

use super::ranks::merged_runs;

/// (T, p) of two ascending, finite samples; `None` with fewer than two distinct values.
pub fn anderson_ksamp(a: &[f64], b: &[f64]) -> Option<(f64, f64)> {
    let n = [a.len() as f64, b.len() as f64];
    let nn = n[0] + n[1];
    if a.is_empty() || b.is_empty() {
        return None;
    }
    // Distinct pooled values with, per sample, the counts below and at each value.
    let mut distinct: Vec<([f64; 2], [f64; 2])> = Vec::new();
    merged_runs(a, b, |_, ra, rb| {
        distinct.push(([ra.start as f64, rb.start as f64], [ra.len() as f64, rb.len() as f64]));
    });
    if distinct.len() < 2 {
        return None;
    }
    let mut a2 = 0.0;
    for (s, &ni) in n.iter().enumerate() {
        let mut inner = 0.0;
        for (below, at) in &distinct {
            let lj = at[0] + at[1];
            let bj = below[0] + below[1] + lj / 2.0;
            let mij = below[s] + at[s] / 2.0;
            let num = nn * mij - bj * ni;
            inner += lj / nn * num * num / (bj * (nn - bj) - nn * lj / 4.0);
        }
        a2 += inner / ni;
    }
    a2 *= (nn - 1.0) / nn;
    let k = 2.0;
    let h_sum: f64 = n.iter().map(|x| 1.0 / x).sum();
    // hs_cs = cumsum(1/(N−1), 1/(N−2), …, 1/2); h = Σ_{i=1}^{N−1} 1/i; g = Σ hs_cs[j]/(j+2)
    let big_n = nn as u64;
    let (mut cum, mut g) = (0.0, 0.0);
    for (idx, d) in (2..big_n).rev().enumerate() {
        cum += 1.0 / d as f64;
        g += cum / (idx as f64 + 2.0);
    }
    let h = cum + 1.0;
    let ca = (4.0 * g - 6.0) * (k - 1.0) + (10.0 - 6.0 * g) * h_sum;
    let cb = (2.0 * g - 4.0) * k * k + 8.0 * h * k + (2.0 * g - 14.0 * h - 4.0) * h_sum - 8.0 * h + 4.0 * g - 6.0;
    let cc = (6.0 * h + 2.0 * g - 2.0) * k * k + (4.0 * h - 4.0 * g + 6.0) * k + (2.0 * h - 6.0) * h_sum + 4.0 * h;
    let cd = (2.0 * h + 6.0) * k * k - 4.0 * h * k;
    let sigmasq = (ca * nn.powi(3) + cb * nn * nn + cc * nn + cd) / ((nn - 1.0) * (nn - 2.0) * (nn - 3.0));
    let m = k - 1.0;
    let t = (a2 - m) / sigmasq.sqrt();
    const B0: [f64; 7] = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    const B1: [f64; 7] = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    const B2: [f64; 7] = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
    const SIG: [f64; 7] = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    let critical: Vec<f64> = (0..7).map(|i| B0[i] + B1[i] / m.sqrt() + B2[i] / m).collect();
    let p = if t < critical[0] {
        0.25
    } else if t > critical[6] {
        0.001
    } else {
        let ys: Vec<f64> = SIG.iter().map(|s| s.ln()).collect();
        let [c2, c1, c0] = quadratic_fit(&critical, &ys);
        (c2 * t * t + c1 * t + c0).exp()
    };
    Some((t, p))
}

/// Least-squares quadratic through (x, y) (`numpy.polyfit(x, y, 2)`), on centred x for
/// conditioning, solved by Gaussian elimination on the normal equations.
fn quadratic_fit(x: &[f64], y: &[f64]) -> [f64; 3] {
    let xm = x.iter().sum::<f64>() / x.len() as f64;
    let mut s = [0.0f64; 5];
    let mut t = [0.0f64; 3];
    for (&xi, &yi) in x.iter().zip(y) {
        let d = xi - xm;
        let mut p = 1.0;
        for (k, sk) in s.iter_mut().enumerate() {
            *sk += p;
            if k < 3 {
                t[k] += p * yi;
            }
            p *= d;
        }
    }
    // Normal equations for y ≈ a + b·d + c·d².
    let mut m = [[s[0], s[1], s[2], t[0]], [s[1], s[2], s[3], t[1]], [s[2], s[3], s[4], t[2]]];
    for col in 0..3 {
        let piv = (col..3).max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs())).unwrap_or(col);
        m.swap(col, piv);
        for row in 0..3 {
            if row != col {
                let f = m[row][col] / m[col][col];
                let pivot_row = m[col];
                for (x, p) in m[row].iter_mut().zip(pivot_row).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    let (a, b, c) = (m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]);
    // Back to powers of x: a + b(x − xm) + c(x − xm)².
    [c, b - 2.0 * c * xm, a - b * xm + c * xm * xm]
}
