//! The leakage check agrees with pandas and `sklearn.metrics.roc_auc_score` on the demo pair and
//! on a copy with a leaking feature (fixtures: `tests/fixtures/make_leakage_fixtures.py`).

use crate::common::load;
use std::path::Path;

use plumbline::checks::leakage::leakage;
use plumbline::config::Config;
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::run::{effective_config, Input};
use serde_json::Value;

#[test]
fn leakage_equals_sklearn_on_the_demo_and_a_leaky_copy() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/leakage");
    let want: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("adult_expected.json")).unwrap()).unwrap();
    let cases = [
        ("demo", "www/demo/adult_reference.parquet", "www/demo/adult_current.parquet"),
        (
            "leaky",
            "tests/fixtures/leakage/adult_reference_leaky.parquet",
            "tests/fixtures/leakage/adult_current_leaky.parquet",
        ),
    ];
    for (case, r, c) in cases {
        let (reference, current) = (load(r), load(c));
        let config = effective_config(&Config::default(), &[Input { name: "reference", data: &reference }]).unwrap();
        assert_eq!(config.roles.target.as_deref(), Some("income"));
        let l = leakage(&config, &reference, Some(&current));
        let w = &want[case];
        assert_eq!(l.shared_rows.as_ref().map(|s| s.count), w["shared_rows"].as_u64(), "{case}: shared rows");
        let aucs = w["roc_auc"].as_object().unwrap();
        assert_eq!(l.target_power.len(), aucs.len(), "{case}: one AUC per feature");
        for p in &l.target_power {
            let expected = aucs[&p.column].as_f64().unwrap();
            assert!(
                (p.roc_auc - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "{case}/{}: {} vs sklearn {expected}",
                p.column,
                p.roc_auc
            );
            assert_eq!(p.flagged, p.power >= 0.95);
        }
        let current_aucs = w["roc_auc_current"].as_object().unwrap();
        assert_eq!(l.association_change.len(), current_aucs.len(), "{case}: one association per feature");
        let gini = |auc: f64| 2.0 * auc.max(1.0 - auc) - 1.0;
        for a in &l.association_change {
            let (r, c) = (aucs[&a.column].as_f64().unwrap(), current_aucs[&a.column].as_f64().unwrap());
            assert!((a.gini_reference - gini(r)).abs() <= 1e-9, "{case}/{}: reference Gini", a.column);
            assert!((a.gini_current - gini(c)).abs() <= 1e-9, "{case}/{}: current Gini vs sklearn", a.column);
            assert_eq!(a.flagged, (gini(c) - gini(r)).abs() >= 0.2, "{case}/{}", a.column);
        }
        let changed: Vec<&str> = l.association_change.iter().filter(|a| a.flagged).map(|a| a.column.as_str()).collect();
        assert_eq!(changed, if case == "leaky" { vec!["bonus_paid"] } else { vec![] }, "{case}: association change");
        let flagged: Vec<&str> = l.target_power.iter().filter(|p| p.flagged).map(|p| p.column.as_str()).collect();
        assert_eq!(flagged, if case == "leaky" { vec!["bonus_paid"] } else { vec![] }, "{case}");
    }
}

#[test]
fn ids_in_both_and_reference_rows_from_the_future_are_found() {
    let reference = load_bytes(
        "r.csv",
        b"id,day,x,y\n1,2024-01-01,3,0\n2,2024-03-05,4,1\n3,2024-02-01,5,0\n",
        LoadOptions::default(),
    )
    .unwrap();
    let current =
        load_bytes("c.csv", b"id,day,x,y\n3,2024-02-10,9,1\n4,2024-02-11,8,0\n", LoadOptions::default()).unwrap();
    let mut config = Config::default();
    config.roles.id = Some("id".into());
    config.roles.timestamp = Some("day".into());
    config.roles.target = Some("y".into());
    let config = effective_config(&config, &[Input { name: "reference", data: &reference }]).unwrap();
    let l = leakage(&config, &reference, Some(&current));
    let ids = l.shared_ids.unwrap();
    assert_eq!((ids.count, ids.share_of_current), (1, 0.5));
    let dates = l.date_leakage.unwrap();
    assert_eq!(dates.count, 1, "only 2024-03-05 is after the current start 2024-02-10");
    assert!(l.findings.iter().any(|f| f.fact.kind() == "date_leakage"));
}
