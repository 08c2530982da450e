//! Walking two sorted samples in pooled order, one distinct value at a time (the merge that
//! every two-sample statistic here is built on), and the average ("mid") ranks it gives, as
//! `scipy.stats.rankdata(method='average')` assigns them, without materialising the pool.

use std::ops::Range;

/// Calls `visit(z, ra, rb)` for each distinct value z of the two ascending samples, in order,
/// where `a[ra]` and `b[rb]` are the values equal to z (either range may be empty). Before the
/// call for z, `ra.start` values of `a` and `rb.start` of `b` are below z.
pub fn merged_runs(a: &[f64], b: &[f64], mut visit: impl FnMut(f64, Range<usize>, Range<usize>)) {
    let (mut i, mut j) = (0usize, 0usize);
    loop {
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
        visit(z, i0..i, j0..j);
    }
}

/// Calls `visit(sample, rank)` for every value (sample 0 = `a`, 1 = `b`; ranks from 1, ties
/// share their average rank) in pooled ascending order, and returns Σ(t³ − t) over the tie
/// groups (the tie correction of rank tests).
pub fn midranks(a: &[f64], b: &[f64], mut visit: impl FnMut(usize, f64)) -> f64 {
    let mut done = 0usize;
    let mut ties = 0.0;
    merged_runs(a, b, |_, ra, rb| {
        let t = ra.len() + rb.len();
        let rank = done as f64 + (t as f64 + 1.0) / 2.0;
        for _ in ra {
            visit(0, rank);
        }
        for _ in rb {
            visit(1, rank);
        }
        let tf = t as f64;
        ties += tf * tf * tf - tf;
        done += t;
    });
    ties
}
