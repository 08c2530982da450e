//! The drift check picks the same method as Evidently 0.7's `DataDriftPreset`, gets the same
//! value (distance: relative 1e-9; p-value: 1e-6) and the same verdict for every column, and the
//! same data-set verdict, on the Adult demo pair, a shifted current and a small pair (fixture:
//! `tests/fixtures/make_evidently_parity.py`).

use crate::common::load;

use plumbline::checks::drift::drift;
use plumbline::config::Config;
use plumbline::progress::NoProgress;
use plumbline::run::{effective_config, Input};
use serde_json::Value;

#[test]
fn default_methods_values_and_verdicts_equal_evidently_data_drift_preset() {
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/drift/evidently_parity.json").expect("fixture"))
            .expect("json");
    let cases = [
        ("test_split", "www/demo/adult_reference.parquet", "www/demo/adult_current.parquet"),
        ("shifted", "www/demo/adult_reference.parquet", "tests/fixtures/drift/adult_current_shifted.parquet"),
        (
            "small",
            "tests/fixtures/drift/adult_reference_small.parquet",
            "tests/fixtures/drift/adult_current_small.parquet",
        ),
    ];
    for (case, r, c) in cases {
        let (reference, current) = (load(r), load(c));
        let config =
            effective_config(&Config::default(), &[Input { name: "reference", data: &reference }]).expect("config");
        let d = drift(&config, &reference, &current, &mut NoProgress);
        let w = &want[case];
        let cols = w["columns"].as_object().expect("columns");
        assert_eq!(d.columns.len(), cols.len(), "{case}: same columns compared; skipped: {:?}", d.skipped);
        for col in &d.columns {
            let e = &cols[&col.column];
            let name = col.method.name();
            assert_eq!(name, e["method"].as_str().expect("method"), "{case}/{}: method", col.column);
            let value = if col.method.is_test() { col.p_value } else { col.statistic };
            let (got, exp) = (value.expect("value"), e["value"].as_f64().expect("value"));
            let tol = if col.method.is_test() { 1e-6 } else { 1e-9 * exp.abs() + 1e-15 };
            assert!((got - exp).abs() <= tol, "{case}/{}: {name} = {got}, Evidently {exp}", col.column);
            assert_eq!(col.threshold, e["threshold"].as_f64().expect("threshold"), "{case}/{}: threshold", col.column);
            assert_eq!(col.drifted, e["drifted"].as_bool().expect("drifted"), "{case}/{}: verdict", col.column);
        }
        let share = w["share_drifted"].as_f64().expect("share");
        assert!((d.share_drifted - share).abs() < 1e-12, "{case}: share {} vs {share}", d.share_drifted);
        assert_eq!(d.dataset_drifted, w["dataset_drifted"].as_bool().expect("verdict"), "{case}: data-set verdict");
    }
}

#[test]
fn the_domain_classifier_agrees_with_a_scikit_learn_one_and_names_the_shifted_feature() {
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/drift/evidently_parity.json").expect("fixture"))
            .expect("json");
    let reference = load("www/demo/adult_reference.parquet");
    for (case, file) in [
        ("test_split", "www/demo/adult_current.parquet"),
        ("shifted", "tests/fixtures/drift/adult_current_shifted.parquet"),
    ] {
        let current = load(file);
        let config =
            effective_config(&Config::default(), &[Input { name: "reference", data: &reference }]).expect("config");
        let d = drift(&config, &reference, &current, &mut NoProgress);
        let m = d.multivariate.expect("domain classifier ran");
        let sk = want[case]["sklearn_domain_auc"].as_f64().expect("sklearn AUC");
        // Different model family details (stumps vs depth-2 trees, binning): same answer within 0.02.
        assert!((m.roc_auc - sk).abs() < 0.02, "{case}: AUC {} vs scikit-learn {sk}", m.roc_auc);
        assert_eq!(m.drifted, sk > 0.55, "{case}: verdict");
        assert_eq!(m.fold_auc.len(), 5);
        if case == "shifted" {
            assert_eq!(m.features[0].column, "age", "current keeps only people over 45");
            assert!(m.features[0].share > 0.9);
        }
    }
}
