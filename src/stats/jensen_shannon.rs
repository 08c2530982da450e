//! Jensen–Shannon distance.
//!
//! **Formula.** With p, q the bin shares (Evidently's bins, *no* ε filling) normalised to 1 and
//! m = (p + q)/2: JS = √(½·Σ pᵢ ln(pᵢ/mᵢ) + ½·Σ qᵢ ln(qᵢ/mᵢ)) (natural log, so 0 ≤ JS ≤ √ln 2 ≈
//! 0.833). **Reference.** `scipy.spatial.distance.jensenshannon(ref, cur)`, as Evidently's
//! `jensenshannon` test. **Read it as:** a symmetric, bounded distance; 0 = same distribution.
//! Evidently's default for categorical columns and for numeric columns with ≤ 5 values when the
//! reference has more than 1000 rows. **Default threshold** (drift): JS ≥ 0.1.

pub fn jensen_shannon(reference: &[f64], current: &[f64]) -> f64 {
    let (sr, sc): (f64, f64) = (reference.iter().sum(), current.iter().sum());
    let rel = |a: f64, b: f64| if a == 0.0 { 0.0 } else { a * (a / b).ln() };
    let js: f64 = reference
        .iter()
        .zip(current)
        .map(|(&r, &c)| {
            let (p, q) = (r / sr, c / sc);
            let m = (p + q) / 2.0;
            rel(p, m) + rel(q, m)
        })
        .sum::<f64>()
        / 2.0;
    js.max(0.0).sqrt()
}
