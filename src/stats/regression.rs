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
    let n = y.len() as f64;
    if y.is_empty() {
        return None;
    }
    let mean_y = y.iter().sum::<f64>() / n;
    let (mut abs, mut sq, mut pct, mut err, mut tot) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (&t, &p) in y.iter().zip(pred) {
        let e = p - t;
        abs += e.abs();
        sq += e * e;
        pct += e.abs() / t.abs().max(f64::EPSILON);
        err += e;
        tot += (t - mean_y) * (t - mean_y);
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
