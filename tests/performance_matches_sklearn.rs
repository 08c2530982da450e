//! Model quality equals scikit-learn (metrics) and statsmodels (Wilson intervals) on the Adult
//! demo pair (binary), a three-class and a regression data set (fixture:
//! `tests/fixtures/make_performance_fixtures.py`).

use std::path::Path;

use plumbline::checks::performance::{performance, InputPerformance};
use plumbline::config::Config;
use plumbline::data::{load_bytes, Dataset, LoadOptions};
use plumbline::run::{effective_config, Input};
use serde_json::Value;

fn load(path: &str) -> Dataset {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    load_bytes(path, &std::fs::read(p).expect("fixture file"), LoadOptions::default()).expect("loads")
}

fn check(case: &str, got: &InputPerformance, want: &Value) {
    assert_eq!(got.rows, want["rows"].as_u64().expect("rows"), "{case}: rows");
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
        match (m.ci, w[1].as_array()) {
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
    let p = performance(&config, &[("reference", &r), ("current", &c)]).expect("performance");
    assert_eq!((p.task.as_str(), p.positive_label.as_deref()), ("binary", Some("1")));
    check("adult_reference", &p.inputs[0], &want["adult_reference"]);
    check("adult_current", &p.inputs[1], &want["adult_current"]);

    for (case, task) in [("multiclass", "multiclass"), ("regression", "regression")] {
        let d = load(&format!("tests/fixtures/performance/{case}.csv"));
        let mut config = Config::default();
        config.roles.target = Some("y".into());
        config.roles.prediction = Some("p".into());
        let config = effective_config(&config, &[Input { name: "reference", data: &d }]).expect("config");
        let p = performance(&config, &[("reference", &d)]).expect("performance");
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
    let p = performance(&config, &[("reference", &d)]).expect("performance");
    // predicted: 0, 1, 0, 1, 1 → TN, TP, FN, FP, TP
    assert_eq!(p.inputs[0].confusion_matrix, vec![vec![1, 1], vec![1, 2]]);
    assert_eq!(p.threshold, Some(0.5));
}
