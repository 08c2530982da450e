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
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_unstable_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut positives) = (0.0f64, 0u64);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their average.
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            if labels[k] {
                rank_sum += avg;
                positives += 1;
            }
        }
        i = j + 1;
    }
    let (p, q) = (positives as f64, (n as u64 - positives) as f64);
    if p == 0.0 || q == 0.0 {
        return None;
    }
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * q))
}

#[cfg(test)]
mod tests {
    use super::roc_auc;

    #[test]
    fn matches_sklearn_on_small_cases() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), Some(0.75));
        // ties: roc_auc_score([0, 1, 0, 1], [1, 1, 2, 2]) == 0.5
        assert_eq!(roc_auc(&[1.0, 1.0, 2.0, 2.0], &[false, true, false, true]), Some(0.5));
        assert_eq!(roc_auc(&[1.0, 2.0], &[true, true]), None);
    }
}
