//! The cost of errors on the Adult demo equals numpy on the same counts (fixture:
//! `tests/fixtures/make_cost_fixtures.py`).

use crate::common::load;

use plumbline::checks::cost::cost;
use plumbline::checks::Inputs;
use plumbline::config::{Config, CostConfig};
use plumbline::run::{effective_config, Input};
use serde_json::Value;

#[test]
fn cost_best_threshold_curve_and_groups_equal_numpy() {
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/cost/adult_expected.json").expect("fixture"))
            .expect("json");
    let (r, c) = (load("www/demo/adult_reference.parquet"), load("www/demo/adult_current.parquet"));
    let mut config = effective_config(&Config::default(), &[Input { name: "reference", data: &r }]).expect("config");
    config.roles.sensitive = vec!["sex".into()];
    config.cost = Some(CostConfig { fp: 1.0, fn_: 5.0, tp: -0.5, tn: 0.0 });
    let k = cost(&config, &Inputs::pair(&r, Some(&c))).expect("cost");
    let close = |a: f64, b: &Value| (a - b.as_f64().expect("number")).abs() <= 1e-12 * a.abs().max(1.0);
    assert_eq!(k.input, "current");
    assert_eq!(k.rows, want["rows"].as_u64().expect("rows"));
    assert!(close(k.cost_per_row, &want["cost_per_row"]), "{}", k.cost_per_row);
    assert!(close(k.total_cost, &want["total_cost"]));
    assert_eq!(k.best_threshold, want["best_threshold"].as_f64(), "best threshold");
    assert!(close(k.best_cost_per_row.expect("best"), &want["best_cost_per_row"]));
    let curve = want["curve"].as_array().expect("curve");
    assert_eq!(k.curve.len(), curve.len());
    for (got, exp) in k.curve.iter().zip(curve) {
        assert!(close(got[1], &exp[1]), "curve at {}: {} vs {}", got[0], got[1], exp[1]);
    }
    for g in &k.groups {
        assert!(close(g.cost_per_row.expect("not suppressed"), &want["sex"][&g.group]), "{}", g.group);
    }
    assert_eq!(k.groups.len(), 2);
    // Without a cost config the check does not run.
    config.cost = None;
    assert!(cost(&config, &Inputs::pair(&r, Some(&c))).is_none());
}
