//! Model quality equals scikit-learn (metrics, calibration curve, `sample_weight` forms),
//! numpy (ECE, error quantiles) and statsmodels (Wilson intervals) on the Adult demo pair
//! (binary), a three-class and a regression data set; bootstrap intervals equal a numpy
//! percentile bootstrap within Monte-Carlo error (fixture:
//! `tests/fixtures/make_performance_fixtures.py`).

use crate::common::load;
use std::path::Path;

use plumbline::checks::performance::{performance, InputPerformance};
use plumbline::checks::Inputs;
use plumbline::config::Config;
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::run::{effective_config, Input};
use serde_json::Value;

fn check(case: &str, got: &InputPerformance, want: &Value) {
    assert_eq!(got.rows, want["rows"].as_u64().expect("rows"), "{case}: rows");
    if let Some(c) = want.get("calibration") {
        let (truth, pred) = (c["prob_true"].as_array().expect("prob_true"), c["prob_pred"].as_array().expect("p"));
        assert_eq!(got.calibration.len(), truth.len(), "{case}: calibration bins");
        for ((b, t), p) in got.calibration.iter().zip(truth).zip(pred) {
            let (t, p) = (t.as_f64().expect("t"), p.as_f64().expect("p"));
            assert!((b.fraction_positive - t).abs() <= 1e-12 && (b.mean_predicted - p).abs() <= 1e-12, "{case}: {b:?}");
        }
    }
    if let Some(q) = want.get("error_quantiles") {
        let q: Vec<[f64; 2]> = serde_json::from_value(q.clone()).expect("quantiles");
        assert_eq!(got.error_quantiles.len(), q.len(), "{case}: error quantiles");
        for (g, w) in got.error_quantiles.iter().zip(&q) {
            assert!(g[0] == w[0] && (g[1] - w[1]).abs() <= 1e-9 * w[1].abs().max(1.0), "{case}: {g:?} vs {w:?}");
        }
    }
    if let Some(cm) = want.get("confusion_matrix") {
        let cm: Vec<Vec<u64>> = serde_json::from_value(cm.clone()).expect("matrix");
        assert_eq!(got.confusion_matrix, cm, "{case}: confusion matrix");
    }
    let metrics = want["metrics"].as_object().expect("metrics");
    assert_eq!(got.metrics.len(), metrics.len(), "{case}: {:?}", got.metrics.keys().collect::<Vec<_>>());
    for (name, w) in metrics {
        let m = got.metrics.get(name).unwrap_or_else(|| panic!("{case}: {name} missing"));
        let v = w[0].as_f64().expect("value");
        assert!((m.value - v).abs() <= 1e-9 * v.abs().max(1.0), "{case}/{name}: {} vs sklearn {v}", m.value);
        match (m.ci, w[1].as_array().or(want.get("bootstrap").and_then(|b| b.get(name)).and_then(Value::as_array))) {
            (Some([lo, hi]), Some(ci)) if w[1].is_null() => {
                // Bootstrap: ours (B = 1000) vs numpy's (B = 4000), different random numbers.
                let (wl, wh) = (ci[0].as_f64().expect("lo"), ci[1].as_f64().expect("hi"));
                let half = (wh - wl) / 2.0;
                assert!(
                    (lo - wl).abs() <= 0.2 * half && (hi - wh).abs() <= 0.2 * half,
                    "{case}/{name}: bootstrap [{lo}, {hi}] vs numpy [{wl}, {wh}]"
                );
            }
            (Some([lo, hi]), Some(ci)) => {
                let (wl, wh) = (ci[0].as_f64().expect("lo"), ci[1].as_f64().expect("hi"));
                assert!(
                    (lo - wl).abs() < 1e-12 && (hi - wh).abs() < 1e-12,
                    "{case}/{name}: CI [{lo}, {hi}] vs [{wl}, {wh}]"
                );
            }
            (None, None) => {}
            (got, _) => panic!("{case}/{name}: interval {got:?} vs {:?}", w[1]),
        }
    }
}

#[test]
fn binary_multiclass_and_regression_metrics_equal_sklearn() {
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/performance/expected.json").expect("fixture"))
            .expect("json");
    let (r, c) = (load("www/demo/adult_reference.parquet"), load("www/demo/adult_current.parquet"));
    let config = effective_config(&Config::default(), &[Input { name: "reference", data: &r }]).expect("config");
    let p = performance(&config, &Inputs::pair(&r, Some(&c))).expect("performance");
    assert_eq!((p.task.as_str(), p.positive_label.as_deref()), ("binary", Some("1")));
    check("adult_reference", &p.inputs[0], &want["adult_reference"]);
    check("adult_current", &p.inputs[1], &want["adult_current"]);

    for (case, task) in [("multiclass", "multiclass"), ("regression", "regression")] {
        let d = load(&format!("tests/fixtures/performance/{case}.csv"));
        let mut config = Config::default();
        config.roles.target = Some("y".into());
        config.roles.prediction = Some("p".into());
        let config = effective_config(&config, &[Input { name: "reference", data: &d }]).expect("config");
        let p = performance(&config, &Inputs::reference(&d)).expect("performance");
        assert_eq!(p.task, task);
        check(case, &p.inputs[0], &want[case]);
    }
}

#[test]
fn a_score_alone_is_cut_at_the_threshold() {
    let d = load_bytes("s.csv", b"y,s\n0,0.2\n1,0.7\n1,0.4\n0,0.6\n1,0.9\n", LoadOptions::default()).expect("csv");
    let mut config = Config::default();
    config.roles.target = Some("y".into());
    config.roles.score = Some("s".into());
    config.roles.threshold = Some(0.5);
    let config = effective_config(&config, &[Input { name: "reference", data: &d }]).expect("config");
    let p = performance(&config, &Inputs::reference(&d)).expect("performance");
    // predicted: 0, 1, 0, 1, 1 → TN, TP, FN, FP, TP
    assert_eq!(p.inputs[0].confusion_matrix, vec![vec![1, 1], vec![1, 2]]);
    assert_eq!(p.threshold, Some(0.5));
}

/// The weights 0, 1, 2, 0, 1, 2, … the fixture gives sklearn as `sample_weight`.
fn row_weights(n: usize) -> Vec<f64> {
    (0..n).map(|i| (i % 3) as f64).collect()
}

fn close(case: &str, got: Option<f64>, want: &Value) {
    let (g, w) = (got.expect(case), want.as_f64().expect(case));
    assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{case}: {g} vs sklearn {w}");
}

#[test]
fn weighted_metrics_the_bootstrap_uses_equal_sklearn_sample_weight() {
    use plumbline::stats::classification::{balanced_accuracy, class_scores, confusion_weighted};
    use plumbline::stats::probabilistic::{average_precision_sorted, brier_weighted, log_loss_weighted};
    use plumbline::stats::regression::regression_weighted;
    use plumbline::stats::roc_auc::{ascending, roc_auc_sorted};
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/performance/expected.json").expect("fixture"))
            .expect("json");
    for (case, file) in [("adult_reference", "adult_reference"), ("adult_current", "adult_current")] {
        let d = load(&format!("www/demo/{file}.parquet"));
        let col =
            |c: &str| d.numbers(d.column_index(c).expect(c)).into_iter().map(|v| v.expect(c)).collect::<Vec<f64>>();
        let (y, p, s) = (col("income"), col("prediction"), col("score"));
        let w = row_weights(y.len());
        let w_ = &want[case]["weighted"];
        let t: Vec<usize> = y.iter().map(|&v| v as usize).collect();
        let pr: Vec<usize> = p.iter().map(|&v| v as usize).collect();
        let m = confusion_weighted(&t, &pr, &w, 2);
        close(&format!("{case}/balanced_accuracy"), Some(balanced_accuracy(&m)), &w_["balanced_accuracy"]);
        close(&format!("{case}/f1"), Some(class_scores(&m, 1).2), &w_["f1"]);
        let order = ascending(&s);
        let (ss, ys, ws): (Vec<f64>, Vec<bool>, Vec<f64>) = {
            let mut a = (Vec::new(), Vec::new(), Vec::new());
            for &i in &order {
                a.0.push(s[i]);
                a.1.push(y[i] == 1.0);
                a.2.push(w[i]);
            }
            a
        };
        close(&format!("{case}/roc_auc"), roc_auc_sorted(&ss, &ys, &ws), &w_["roc_auc"]);
        close(&format!("{case}/average_precision"), average_precision_sorted(&ss, &ys, &ws), &w_["average_precision"]);
        close(&format!("{case}/log_loss"), log_loss_weighted(&ss, &ys, &ws), &w_["log_loss"]);
        close(&format!("{case}/brier_score"), brier_weighted(&ss, &ys, &ws), &w_["brier_score"]);
    }
    let d = load("tests/fixtures/performance/regression.csv");
    let col = |c: &str| d.numbers(d.column_index(c).expect(c)).into_iter().map(|v| v.expect(c)).collect::<Vec<f64>>();
    let (y, p) = (col("y"), col("p"));
    let r = regression_weighted(&y, &p, &row_weights(y.len())).expect("regression");
    let w_ = &want["regression"]["weighted"];
    for (k, v) in [("mae", r.mae), ("rmse", r.rmse), ("mape", r.mape), ("r2", r.r2), ("mean_error", r.mean_error)] {
        close(&format!("regression/{k}"), Some(v), &w_[k]);
    }
}

#[test]
fn bootstrap_intervals_are_seeded_and_bracket_the_estimate() {
    let (r, c) = (load("www/demo/adult_reference.parquet"), load("www/demo/adult_current.parquet"));
    let config = effective_config(&Config::default(), &[Input { name: "reference", data: &r }]).expect("config");
    let once = performance(&config, &Inputs::reference(&c)).expect("performance");
    let again = performance(&config, &Inputs::reference(&c)).expect("performance");
    assert_eq!(once, again, "same seed, same intervals");
    for (name, m) in &once.inputs[0].metrics {
        let [lo, hi] = m.ci.unwrap_or_else(|| panic!("{name} has an interval"));
        assert!(lo < hi && lo <= m.value && m.value <= hi || name == "expected_calibration_error", "{name}: {lo} {hi}");
    }
    let mut other = config.clone();
    other.performance.seed = 7;
    let seeded = performance(&other, &Inputs::reference(&c)).expect("performance");
    assert_ne!(seeded.inputs[0].metrics["roc_auc"].ci, once.inputs[0].metrics["roc_auc"].ci, "the seed matters");
    // Above bootstrap_max_rows, a subset is bootstrapped and rescaled: about the same interval.
    let mut capped = config.clone();
    capped.performance.bootstrap_max_rows = 4000;
    let sub = performance(&capped, &Inputs::reference(&c)).expect("performance");
    for k in ["roc_auc", "log_loss", "f1"] {
        let ([a, b], [x, y]) = (once.inputs[0].metrics[k].ci.expect("ci"), sub.inputs[0].metrics[k].ci.expect("ci"));
        let (w1, w2) = (b - a, y - x);
        assert!((w2 / w1 - 1.0).abs() < 0.3, "{k}: width {w1} on all rows vs {w2} rescaled from 4000");
    }
}

/// Scores in their own units (a COMPAS-style decile with threshold 5, a credit score with 620,
/// a logit with 0): the rank metrics equal scikit-learn's on the raw scores, the decision
/// metrics equal sklearn's at the score's own threshold, and the probability metrics are
/// skipped with the reason. Without a threshold there are no decisions, and the report says so.
#[test]
fn scores_that_are_not_probabilities_are_read_in_their_own_units() {
    let d = load("tests/fixtures/performance/score_units.csv");
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/performance/score_units_expected.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for column in ["decile_score", "credit", "logit"] {
        let w = &want[column];
        for with_threshold in [true, false] {
            let mut config = Config::default();
            config.roles.target = Some("y".into());
            config.roles.score = Some(column.into());
            config.roles.threshold = with_threshold.then(|| w["threshold"].as_f64().unwrap());
            config.performance.bootstrap = 0;
            let config = effective_config(&config, &[Input { name: "reference", data: &d }]).expect("config");
            assert_eq!(config.roles.threshold.is_some(), with_threshold, "{column}: no default threshold off [0, 1]");
            let p = performance(&config, &Inputs::reference(&d)).expect("performance");
            let got = &p.inputs[0];
            let case = format!("{column} (threshold given: {with_threshold})");
            for metric in ["roc_auc", "average_precision"] {
                close(&case, got.metrics.get(metric).map(|m| m.value), &w[metric]);
            }
            for metric in ["log_loss", "brier_score", "expected_calibration_error"] {
                assert!(!got.metrics.contains_key(metric), "{case}: {metric} must be skipped");
            }
            assert!(got.calibration.is_empty(), "{case}: no calibration curve");
            let skipped: Vec<&str> = p.skipped.iter().flat_map(|s| s.metrics.iter().map(String::as_str)).collect();
            assert!(skipped.contains(&"log_loss") && skipped.contains(&"brier_score"), "{case}: {skipped:?}");
            assert!(p.skipped.iter().all(|s| s.reason.contains(column)), "{case}: reasons name the column");
            if with_threshold {
                for metric in ["accuracy", "precision", "recall", "f1"] {
                    close(&case, got.metrics.get(metric).map(|m| m.value), &w[metric]);
                }
            } else {
                assert!(!got.metrics.contains_key("accuracy"), "{case}: no decisions without a threshold");
                assert!(skipped.contains(&"accuracy"), "{case}: {skipped:?}");
                assert!(p.skipped.iter().any(|s| s.reason.contains("roles.threshold")), "{case}: says what to set");
            }
        }
    }
}
