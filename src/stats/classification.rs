//! Classification metrics from labels: confusion matrix, accuracy, balanced accuracy, precision,
//! recall and F1 (per class, binary, macro and weighted).
//!
//! **Formulas.** precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2PR/(P+R) — 0 when the
//! denominator is 0 (sklearn's `zero_division` default); balanced accuracy = mean recall over
//! the classes present in the target; macro = unweighted mean over the labels seen in target or
//! prediction, weighted = mean weighted by each class's true count.
//! **Reference.** `sklearn.metrics.{confusion_matrix, accuracy_score, balanced_accuracy_score,
//! precision_score, recall_score, f1_score}`. **Read it as:** precision — of the rows flagged, the
//! share truly positive; recall — of the truly positive rows, the share flagged.

/// Confusion matrix over `labels` (rows: true, columns: predicted) of paired label indices.
pub fn confusion(truth: &[usize], predicted: &[usize], labels: usize) -> Vec<Vec<u64>> {
    let mut m = vec![vec![0u64; labels]; labels];
    for (&t, &p) in truth.iter().zip(predicted) {
        m[t][p] += 1;
    }
    m
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// The confusion matrix with each row counted `weights[i]` times (a bootstrap resample, or
/// sklearn's `sample_weight`).
pub fn confusion_weighted(truth: &[usize], predicted: &[usize], weights: &[f64], labels: usize) -> Vec<Vec<f64>> {
    let mut m = vec![vec![0.0; labels]; labels];
    for ((&t, &p), &w) in truth.iter().zip(predicted).zip(weights) {
        m[t][p] += w;
    }
    m
}

/// A count matrix as floats, the form the metrics below take.
pub fn as_f64(m: &[Vec<u64>]) -> Vec<Vec<f64>> {
    m.iter().map(|row| row.iter().map(|&c| c as f64).collect()).collect()
}

/// (precision, recall, f1, support) of class `k`.
pub fn class_scores(m: &[Vec<f64>], k: usize) -> (f64, f64, f64, f64) {
    let tp = m[k][k];
    let predicted: f64 = m.iter().map(|row| row[k]).sum();
    let actual: f64 = m[k].iter().sum();
    let (p, r) = (ratio(tp, predicted), ratio(tp, actual));
    (p, r, ratio(2.0 * p * r, p + r), actual)
}

pub fn accuracy(m: &[Vec<f64>]) -> f64 {
    let total: f64 = m.iter().flatten().sum();
    ratio((0..m.len()).map(|k| m[k][k]).sum(), total)
}

pub fn balanced_accuracy(m: &[Vec<f64>]) -> f64 {
    let recalls: Vec<f64> =
        (0..m.len()).filter(|&k| m[k].iter().sum::<f64>() > 0.0).map(|k| class_scores(m, k).1).collect();
    ratio(recalls.iter().sum(), recalls.len() as f64)
}

/// (macro, weighted) averages of (precision, recall, f1).
pub fn averages(m: &[Vec<f64>]) -> ([f64; 3], [f64; 3]) {
    let scores: Vec<(f64, f64, f64, f64)> = (0..m.len()).map(|k| class_scores(m, k)).collect();
    let n = scores.len() as f64;
    let total: f64 = scores.iter().map(|s| s.3).sum();
    let mut macro_ = [0.0; 3];
    let mut weighted = [0.0; 3];
    for (p, r, f, s) in &scores {
        for (i, v) in [*p, *r, *f].into_iter().enumerate() {
            macro_[i] += v / n;
            weighted[i] += ratio(v * *s, total);
        }
    }
    (macro_, weighted)
}
