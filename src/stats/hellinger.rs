//! Hellinger distance.
//!
//! **Formula.** H = √(1 − BC), BC = Σ √(pᵢ·qᵢ) the Bhattacharyya coefficient (clipped to [0, 1]).
//! Categorical columns: p, q the value shares. Numeric columns, as Evidently computes it:
//! Sturges edges over the *distinct* pooled values, p and q the density histograms of each input
//! on those edges, BC = Σ √(pᵢ·qᵢ)·w with w the common bin width.
//! **Reference.** Evidently's `hellinger` drift test. **Read it as:** 0 = same distribution,
//! 1 = disjoint. **Default threshold** (drift): H ≥ 0.1.

use super::binning::{counts_in, sturges_edges};

/// From aligned category counts.
pub fn hellinger_categorical(reference: &[f64], current: &[f64]) -> f64 {
    let (sr, sc): (f64, f64) = (reference.iter().sum(), current.iter().sum());
    let bc: f64 = reference.iter().zip(current).map(|(&r, &c)| ((r / sr) * (c / sc)).sqrt()).sum();
    (1.0 - bc.clamp(0.0, 1.0)).sqrt()
}

/// From two ascending numeric samples and the sorted distinct pooled values.
pub fn hellinger_numeric(reference: &[f64], current: &[f64], distinct: &[f64]) -> Option<f64> {
    let (&lo, &hi) = (distinct.first()?, distinct.last()?);
    let edges = sturges_edges(lo, hi, distinct.len());
    let density = |x: &[f64]| -> Vec<f64> {
        let n = x.len() as f64;
        counts_in(x, &edges).iter().zip(edges.windows(2)).map(|(c, w)| c / n / (w[1] - w[0])).collect()
    };
    let (h1, h2) = (density(reference), density(current));
    let width = (edges[edges.len() - 1] - edges[0]) / (edges.len() - 1) as f64;
    let bc: f64 = h1.iter().zip(&h2).map(|(p, q)| (p * q).sqrt() * width).sum();
    Some((1.0 - bc.clamp(0.0, 1.0)).sqrt())
}
