//! Area under the ROC curve of one score against a binary label.
//!
//! **Formula.** AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊·n₋), where R₊ is the sum of the ranks (ties get
//! their average rank) of the positive rows among all rows: the Mann–Whitney U statistic
//! divided by n₊·n₋, i.e. P(score of a positive > score of a negative) + ½·P(tie).
//! **Reference.** `sklearn.metrics.roc_auc_score(y, score)` (its trapezoidal curve gives the
//! same value, ties included). **Read it as:** 0.5 = no information, 1 = the score separates
//! the classes perfectly, 0 = perfectly, in reverse. `None` when a class is absent.

/// AUC of `scores` for `labels` (true = positive). Rows are paired by position.
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let n = scores.len().min(labels.len());
    let order = ascending(&scores[..n]);
    let sorted: Vec<f64> = order.iter().map(|&i| scores[i]).collect();
    let ys: Vec<bool> = order.iter().map(|&i| labels[i]).collect();
    roc_auc_sorted(&sorted, &ys, &vec![1.0; n])
}

/// Row positions ordering `scores` ascending.
pub fn ascending(scores: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_unstable_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    idx
}

/// AUC of ascending `scores` with row weights (sklearn's `sample_weight`; a bootstrap
/// resample's counts): Σ over tie groups of W₊·(W₋ below + ½·W₋ tied) / (W₊·W₋).
pub fn roc_auc_sorted(scores: &[f64], labels: &[bool], weights: &[f64]) -> Option<f64> {
    let n = scores.len();
    let (mut num, mut neg_below, mut pos_total) = (0.0f64, 0.0f64, 0.0f64);
    let mut i = 0;
    while i < n {
        let (mut pos, mut neg) = (0.0, 0.0);
        let s = scores[i];
        while i < n && scores[i] == s {
            if labels[i] {
                pos += weights[i];
            } else {
                neg += weights[i];
            }
            i += 1;
        }
        num += pos * (neg_below + 0.5 * neg);
        neg_below += neg;
        pos_total += pos;
    }
    if pos_total <= 0.0 || neg_below <= 0.0 {
        return None;
    }
    Some(num / (pos_total * neg_below))
}

#[cfg(test)]
mod tests {
    use super::{roc_auc, roc_auc_sorted};

    #[test]
    fn matches_sklearn_on_small_cases() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), Some(0.75));
        // ties: roc_auc_score([0, 1, 0, 1], [1, 1, 2, 2]) == 0.5
        assert_eq!(roc_auc(&[1.0, 1.0, 2.0, 2.0], &[false, true, false, true]), Some(0.5));
        assert_eq!(roc_auc(&[1.0, 2.0], &[true, true]), None);
        // weights act as repeated rows: [0.1(neg)x2, 0.4(neg), 0.35(pos), 0.8(pos)x3]
        let w = roc_auc_sorted(&[0.1, 0.35, 0.4, 0.8], &[false, true, false, true], &[2.0, 1.0, 1.0, 3.0]);
        let rep = roc_auc(&[0.1, 0.1, 0.4, 0.35, 0.8, 0.8, 0.8], &[false, false, false, true, true, true, true]);
        assert_eq!(w, rep);
    }
}
