//! Benjamini–Hochberg adjusted p-values (false discovery rate).
//!
//! **Formula.** With the m p-values sorted ascending, p₍ᵢ₎ → min over j ≥ i of p₍ⱼ₎·m/j, capped at 1.
//! **Reference.** `statsmodels.stats.multitest.multipletests(p, method="fdr_bh")[1]`.
//! **Read it as:** among the findings with adjusted p < α, at most a share α is expected to be
//! false alarms — the right guard when many columns or segments are tested at once.

/// Benjamini–Hochberg adjusted p-values (same order as the input).
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m as f64 / (rank + 1) as f64);
        out[i] = running.min(1.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::benjamini_hochberg;

    #[test]
    fn benjamini_hochberg_equals_the_step_up_formula() {
        // statsmodels.stats.multitest.multipletests(p, method="fdr_bh")[1]
        let adj = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.2, 0.5, 0.001]);
        let want = [0.03, 0.06, 0.06, 0.24, 0.5, 0.006];
        for (a, w) in adj.iter().zip(want) {
            assert!((a - w).abs() < 1e-12, "{adj:?}");
        }
    }
}
