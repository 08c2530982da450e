//! Average ("mid") ranks of two sorted samples in their pooled order, as
//! `scipy.stats.rankdata(method='average')` assigns them, without materialising the pool.

/// Calls `visit(sample, rank)` for every value (sample 0 = `a`, 1 = `b`; ranks from 1, ties
/// share their average rank) in pooled ascending order, and returns Σ(t³ − t) over the tie
/// groups (the tie correction of rank tests).
pub fn midranks(a: &[f64], b: &[f64], mut visit: impl FnMut(usize, f64)) -> f64 {
    let (mut i, mut j) = (0usize, 0usize);
    let mut done = 0usize;
    let mut ties = 0.0;
    while i < a.len() || j < b.len() {
        let z = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => break,
        };
        let (i0, j0) = (i, j);
        while i < a.len() && a[i] <= z {
            i += 1;
        }
        while j < b.len() && b[j] <= z {
            j += 1;
        }
        let t = (i - i0) + (j - j0);
        let rank = done as f64 + (t as f64 + 1.0) / 2.0;
        for _ in i0..i {
            visit(0, rank);
        }
        for _ in j0..j {
            visit(1, rank);
        }
        let tf = t as f64;
        ties += tf * tf * tf - tf;
        done += t;
    }
    ties
}
