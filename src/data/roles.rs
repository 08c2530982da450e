//! Column roles suggested from names and types. The user edits them in the app; the CLI takes
//! them from `--config` and flags, falling back to these suggestions.

use super::{ColumnInfo, ColumnType};
use crate::config::Roles;

const TARGET: [&str; 9] = ["target", "label", "y", "class", "outcome", "income", "churn", "default", "is_fraud"];
const PREDICTION: [&str; 6] = ["prediction", "predicted", "pred", "y_pred", "predicted_label", "prediction_label"];
const SCORE: [&str; 7] = ["score", "proba", "probability", "y_score", "y_proba", "prediction_score", "predicted_proba"];
const ID: [&str; 7] = ["id", "uuid", "row_id", "customer_id", "user_id", "record_id", "index"];
const TIMESTAMP: [&str; 7] = ["timestamp", "time", "date", "datetime", "created_at", "event_time", "ts"];
const SENSITIVE: [&str; 12] = [
    "sex",
    "gender",
    "race",
    "ethnicity",
    "age",
    "religion",
    "nationality",
    "native_country",
    "marital_status",
    "disability",
    "age_group",
    "country_of_birth",
];

fn norm(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-', '.'], "_")
}

/// Suggests roles for the columns of the reference input.
pub fn suggest(columns: &[ColumnInfo]) -> Roles {
    let pick = |names: &[&str], ok: &dyn Fn(&ColumnInfo) -> bool| -> Option<String> {
        names.iter().find_map(|want| columns.iter().find(|c| norm(&c.name) == *want && ok(c)).map(|c| c.name.clone()))
    };
    let any = |_: &ColumnInfo| true;
    let target = pick(&TARGET, &any);
    let prediction = pick(&PREDICTION, &any);
    let score = pick(&SCORE, &|c| c.kind == ColumnType::Float);
    let id = pick(&ID, &|c| matches!(c.kind, ColumnType::Integer | ColumnType::String));
    let timestamp = pick(&TIMESTAMP, &|c| matches!(c.kind, ColumnType::Date | ColumnType::Timestamp));
    let sensitive: Vec<String> =
        columns.iter().filter(|c| SENSITIVE.contains(&norm(&c.name).as_str())).map(|c| c.name.clone()).collect();
    let special: Vec<&Option<String>> = vec![&target, &prediction, &score, &id, &timestamp];
    let features = columns
        .iter()
        .filter(|c| !special.iter().any(|s| s.as_deref() == Some(c.name.as_str())))
        .map(|c| c.name.clone())
        .collect();
    // No threshold: it is in the score's own units, and the run sets 0.5 only for a probability.
    Roles { threshold: None, target, prediction, score, id, timestamp, sensitive, features }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, kind: ColumnType) -> ColumnInfo {
        ColumnInfo {
            name: name.into(),
            kind,
            overridden: false,
            invalid: 0,
            invalid_examples: vec![],
            renamed_from: None,
            decimal_comma: false,
        }
    }

    #[test]
    fn suggests_roles_from_names_and_types() {
        let cols = [
            col("Customer ID", ColumnType::Integer),
            col("age", ColumnType::Integer),
            col("Sex", ColumnType::String),
            col("income", ColumnType::Integer),
            col("prediction", ColumnType::Integer),
            col("score", ColumnType::Float),
            col("created_at", ColumnType::Timestamp),
            col("hours", ColumnType::Float),
        ];
        let r = suggest(&cols);
        assert_eq!(r.target.as_deref(), Some("income"));
        assert_eq!(r.prediction.as_deref(), Some("prediction"));
        assert_eq!(r.score.as_deref(), Some("score"));
        assert_eq!(r.id.as_deref(), Some("Customer ID"));
        assert_eq!(r.timestamp.as_deref(), Some("created_at"));
        assert_eq!(r.sensitive, ["age", "Sex"]);
        assert_eq!(r.features, ["age", "Sex", "hours"]);
        assert_eq!(r.threshold, None, "the run decides: 0.5 only for a score in [0, 1]");
    }

    #[test]
    fn a_text_column_named_score_is_not_a_score() {
        let r = suggest(&[col("score", ColumnType::String)]);
        assert_eq!(r.score, None);
        assert_eq!(r.features, ["score"]);
    }
}
