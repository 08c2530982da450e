//! Regression metrics.
//!
//! **Formulas.** MAE = mean|y − ŷ|; RMSE = √mean((y − ŷ)²); MAPE = mean(|y − ŷ|/max(|y|, ε)), ε the
//! float64 epsilon (a share, not a percentage); R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² (1 when both sums
//! are 0, 0 when only the second is); mean error = mean(ŷ − y), the bias (positive: the model
//! over-predicts). **Reference.** `sklearn.metrics.{mean_absolute_error, root_mean_squared_error,
//! mean_absolute_percentage_error, r2_score}`; mean error is numpy's `mean(pred - y)`.

pub struct Regression {
    pub mae: f64,
    pub rmse: f64,
    pub mape: f64,
    pub r2: f64,
    pub mean_error: f64,
}

pub fn regression(y: &[f64], pred: &[f64]) -> Option<Regression> {
    regression_weighted(y, pred, &vec![1.0; y.len()])
}

/// The metrics with each row counted `weights[i]` times (sklearn's `sample_weight`; a bootstrap
/// resample's counts).
pub fn regression_weighted(y: &[f64], pred: &[f64], weights: &[f64]) -> Option<Regression> {
    let n: f64 = weights.iter().sum();
    if y.is_empty() || n <= 0.0 {
        return None;
    }
    let mean_y = y.iter().zip(weights).map(|(t, w)| t * w).sum::<f64>() / n;
    let (mut abs, mut sq, mut pct, mut err, mut tot) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for ((&t, &p), &w) in y.iter().zip(pred).zip(weights) {
        if w == 0.0 {
            continue;
        }
        let e = p - t;
        abs += w * e.abs();
        sq += w * e * e;
        pct += w * e.abs() / t.abs().max(f64::EPSILON);
        err += w * e;
        tot += w * (t - mean_y) * (t - mean_y);
    }
    let r2 = if tot == 0.0 {
        if sq == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        1.0 - sq / tot
    };
    Some(Regression { mae: abs / n, rmse: (sq / n).sqrt(), mape: pct / n, r2, mean_error: err / n })
}
