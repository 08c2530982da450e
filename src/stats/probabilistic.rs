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
    let order = super::roc_auc::ascending(scores);
    let sorted: Vec<f64> = order.iter().map(|&i| scores[i]).collect();
    let ys: Vec<bool> = order.iter().map(|&i| labels[i]).collect();
    average_precision_sorted(&sorted, &ys, &vec![1.0; scores.len()])
}

/// Average precision of ascending `scores` with row weights (sklearn's `sample_weight`).
pub fn average_precision_sorted(scores: &[f64], labels: &[bool], weights: &[f64]) -> Option<f64> {
    let positives: f64 = labels.iter().zip(weights).filter(|(&y, _)| y).map(|(_, w)| w).sum();
    if positives <= 0.0 {
        return None;
    }
    let (mut tp, mut fp, mut ap, mut last_recall) = (0.0, 0.0, 0.0, 0.0);
    let mut i = scores.len();
    while i > 0 {
        let s = scores[i - 1];
        while i > 0 && scores[i - 1] == s {
            i -= 1;
            if labels[i] {
                tp += weights[i];
            } else {
                fp += weights[i];
            }
        }
        if tp + fp > 0.0 {
            let recall = tp / positives;
            ap += (recall - last_recall) * (tp / (tp + fp));
            last_recall = recall;
        }
    }
    Some(ap)
}

/// Each row's log loss term −(y·ln p + (1−y)·ln(1−p)), p clipped to [ε, 1 − ε].
pub fn log_loss_terms(scores: &[f64], labels: &[bool]) -> Vec<f64> {
    let eps = f64::EPSILON;
    scores
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
        .collect()
}

/// Each row's squared error (p − y)².
pub fn brier_terms(scores: &[f64], labels: &[bool]) -> Vec<f64> {
    scores.iter().zip(labels).map(|(&p, &y)| (p - f64::from(u8::from(y))).powi(2)).collect()
}

/// Σ wᵢ·termᵢ / Σ wᵢ (rows of weight 0 skipped); `None` when the weights sum to 0.
pub fn weighted_mean(terms: &[f64], weights: &[f64]) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0.0);
    for (&t, &w) in terms.iter().zip(weights) {
        if w != 0.0 {
            sum += w * t;
            total += w;
        }
    }
    (total > 0.0).then(|| sum / total)
}

/// Weighted mean log loss (sklearn's `sample_weight`).
pub fn log_loss_weighted(scores: &[f64], labels: &[bool], weights: &[f64]) -> Option<f64> {
    weighted_mean(&log_loss_terms(scores, labels), weights)
}

pub fn brier_weighted(scores: &[f64], labels: &[bool], weights: &[f64]) -> Option<f64> {
    weighted_mean(&brier_terms(scores, labels), weights)
}

pub fn log_loss(scores: &[f64], labels: &[bool]) -> Option<f64> {
    log_loss_weighted(scores, labels, &vec![1.0; scores.len()])
}

pub fn brier(scores: &[f64], labels: &[bool]) -> Option<f64> {
    brier_weighted(scores, labels, &vec![1.0; scores.len()])
}
