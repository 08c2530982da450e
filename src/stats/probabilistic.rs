//! Metrics of a probability score against a binary target: average precision, log loss and the
//! Brier score.
//!
//! **Formulas.** Average precision AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct score thresholds in
//! decreasing order (no interpolation). Log loss = −mean(y·ln p + (1−y)·ln(1−p)) with p clipped to
//! [ε, 1−ε], ε the float64 machine epsilon. Brier = mean((p − y)²).
//! **Reference.** `sklearn.metrics.{average_precision_score, log_loss, brier_score_loss}`.
//! **Read it as:** AP summarises the precision–recall curve (the positive rate is the no-skill
//! level); log loss and Brier score the probabilities themselves (lower is better; Brier 0.25 =
//! always saying 0.5).

pub fn average_precision(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let positives = labels.iter().filter(|&&y| y).count() as f64;
    if positives == 0.0 {
        return None;
    }
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut tp, mut fp, mut ap, mut last_recall) = (0.0, 0.0, 0.0, 0.0);
    let mut i = 0;
    while i < idx.len() {
        let s = scores[idx[i]];
        while i < idx.len() && scores[idx[i]] == s {
            if labels[idx[i]] {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            i += 1;
        }
        let recall = tp / positives;
        ap += (recall - last_recall) * (tp / (tp + fp));
        last_recall = recall;
    }
    Some(ap)
}

pub fn log_loss(scores: &[f64], labels: &[bool]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let eps = f64::EPSILON;
    let sum: f64 = scores
        .iter()
        .zip(labels)
        .map(|(&p, &y)| {
            let p = p.clamp(eps, 1.0 - eps);
            if y {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum();
    Some(sum / scores.len() as f64)
}

pub fn brier(scores: &[f64], labels: &[bool]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let sum: f64 = scores.iter().zip(labels).map(|(&p, &y)| (p - f64::from(u8::from(y))).powi(2)).sum();
    Some(sum / scores.len() as f64)
}
