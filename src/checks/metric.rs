//! The model metrics by name: one list for model quality (`performance`), the model comparison
//! and its MLflow-style criteria, with the direction in which each is better. The report's JSON
//! names them in snake case (`roc_auc`, `f1_macro`); the schema lists those names, so a gate or
//! a criterion on a misspelt metric is refused when the config loads.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Accuracy,
    BalancedAccuracy,
    Precision,
    Recall,
    F1,
    RocAuc,
    AveragePrecision,
    LogLoss,
    BrierScore,
    ExpectedCalibrationError,
    PrecisionMacro,
    RecallMacro,
    F1Macro,
    PrecisionWeighted,
    RecallWeighted,
    F1Weighted,
    Mae,
    Rmse,
    Mape,
    R2,
    /// Mean of prediction − target: the bias. Better near 0, so neither direction: a criterion
    /// on it says `greater_is_better` itself.
    MeanError,
}

impl Metric {
    /// Every metric, in the report's order.
    pub const ALL: [Metric; 21] = [
        Metric::Accuracy,
        Metric::BalancedAccuracy,
        Metric::Precision,
        Metric::Recall,
        Metric::F1,
        Metric::RocAuc,
        Metric::AveragePrecision,
        Metric::LogLoss,
        Metric::BrierScore,
        Metric::ExpectedCalibrationError,
        Metric::PrecisionMacro,
        Metric::RecallMacro,
        Metric::F1Macro,
        Metric::PrecisionWeighted,
        Metric::RecallWeighted,
        Metric::F1Weighted,
        Metric::Mae,
        Metric::Rmse,
        Metric::Mape,
        Metric::R2,
        Metric::MeanError,
    ];

    /// Its name in the JSON (`roc_auc`).
    pub fn name(self) -> &'static str {
        match self {
            Metric::Accuracy => "accuracy",
            Metric::BalancedAccuracy => "balanced_accuracy",
            Metric::Precision => "precision",
            Metric::Recall => "recall",
            Metric::F1 => "f1",
            Metric::RocAuc => "roc_auc",
            Metric::AveragePrecision => "average_precision",
            Metric::LogLoss => "log_loss",
            Metric::BrierScore => "brier_score",
            Metric::ExpectedCalibrationError => "expected_calibration_error",
            Metric::PrecisionMacro => "precision_macro",
            Metric::RecallMacro => "recall_macro",
            Metric::F1Macro => "f1_macro",
            Metric::PrecisionWeighted => "precision_weighted",
            Metric::RecallWeighted => "recall_weighted",
            Metric::F1Weighted => "f1_weighted",
            Metric::Mae => "mae",
            Metric::Rmse => "rmse",
            Metric::Mape => "mape",
            Metric::R2 => "r2",
            Metric::MeanError => "mean_error",
        }
    }

    /// The metric named `name` (as in the JSON).
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether a higher value is better: false for losses and errors.
    pub fn greater_is_better(self) -> bool {
        !matches!(
            self,
            Metric::LogLoss
                | Metric::BrierScore
                | Metric::ExpectedCalibrationError
                | Metric::Mae
                | Metric::Rmse
                | Metric::Mape
        )
    }

    /// Whether it reads the score (not the decision): ranking and probability metrics.
    pub fn needs_scores(self) -> bool {
        matches!(
            self,
            Metric::RocAuc
                | Metric::AveragePrecision
                | Metric::LogLoss
                | Metric::BrierScore
                | Metric::ExpectedCalibrationError
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Metric;

    #[test]
    fn each_metric_has_one_name_and_serde_writes_it() {
        for m in Metric::ALL {
            assert_eq!(serde_json::to_value(m).ok(), Some(serde_json::Value::from(m.name())));
            assert_eq!(Metric::from_name(m.name()), Some(m));
        }
        let names: std::collections::BTreeSet<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
        assert_eq!(names.len(), Metric::ALL.len());
    }
}
