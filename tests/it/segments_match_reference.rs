//! The weak-segment search finds the same segments, counts, metrics and p-values as an
//! independent pandas / scipy / statsmodels implementation of its definition, on the Adult demo
//! (accuracy) and on a regression set with a planted weak segment (MAE) — fixture:
//! `tests/fixtures/make_segments_fixtures.py`.

use crate::common::load;

use plumbline::checks::segments::{segments, Segments};
use plumbline::checks::Inputs;
use plumbline::config::Config;
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::run::{effective_config, Input};
use serde_json::Value;

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string("tests/fixtures/segments/expected.json").expect("fixture"))
        .expect("json")
}

fn close(case: &str, got: f64, want: &Value, rel: f64) {
    let w = want.as_f64().expect(case);
    assert!((got - w).abs() <= rel * w.abs().max(1e-300), "{case}: {got} vs reference {w}");
}

fn check(case: &str, got: &Segments, want: &Value) {
    assert_eq!(got.metric, want["metric"].as_str().expect("metric"), "{case}");
    for (k, v) in [("rows", got.rows), ("min_rows", got.min_rows), ("tested", got.tested), ("weak", got.weak)] {
        assert_eq!(v, want[k].as_u64().expect(k), "{case}: {k}");
    }
    close(&format!("{case}/overall"), got.overall, &want["overall"], 1e-12);
    let list = want["segments"].as_array().expect("segments");
    let rules: Vec<&str> = got.segments.iter().map(|s| s.rule.as_str()).collect();
    let want_rules: Vec<&str> = list.iter().map(|s| s["rule"].as_str().expect("rule")).collect();
    assert_eq!(rules, want_rules, "{case}: the same weak segments in the same order");
    for (s, w) in got.segments.iter().zip(list) {
        let c = format!("{case}/{}", s.rule);
        assert_eq!(s.n, w["n"].as_u64().expect("n"), "{c}: n");
        close(&format!("{c}: metric"), s.metric, &w["metric"], 1e-9);
        close(&format!("{c}: gap"), s.gap, &w["gap"], 1e-9);
        close(&format!("{c}: p"), s.p_value, &w["p_value"], 1e-6);
        close(&format!("{c}: adjusted p"), s.p_value_adjusted, &w["p_value_adjusted"], 1e-6);
        let [lo, hi] = s.ci.expect("interval");
        assert!(lo <= s.metric && s.metric <= hi, "{c}: interval");
    }
}

#[test]
fn adult_weak_segments_equal_the_pandas_reference() {
    let d = load("www/demo/adult_current.parquet");
    let config = effective_config(&Config::default(), &[Input { name: "reference", data: &d }]).expect("config");
    let got = segments(&config, &Inputs::pair(&d, Some(&d))).expect("segments");
    check("adult_current", &got, &expected()["adult_current"]);
}

#[test]
fn planted_regression_segment_is_found_first_with_the_reference_p_values() {
    let d = load("tests/fixtures/segments/regression.csv");
    let mut config = Config::default();
    config.roles.target = Some("y".into());
    config.roles.prediction = Some("p".into());
    let config = effective_config(&config, &[Input { name: "reference", data: &d }]).expect("config");
    let got = segments(&config, &Inputs::reference(&d)).expect("segments");
    check("regression", &got, &expected()["regression"]);
    // The planted segment: color = red with x > 0.5 carries the large errors.
    let top = &got.segments[0];
    assert!(top.rule.contains("color = red") && top.rule.starts_with("x >"), "{}", top.rule);
}

#[test]
fn nothing_is_weak_when_errors_do_not_depend_on_the_features() {
    // Errors every 7th row, independent of the two features.
    let mut csv = String::from("a,b,y,p\n");
    for i in 0..2000 {
        let y = i % 2;
        let p = if i % 7 == 0 { 1 - y } else { y };
        csv += &format!("{},{},{y},{p}\n", ["u", "v", "w"][i % 3], (i * 37) % 100);
    }
    let d = load_bytes("flat.csv", csv.as_bytes(), LoadOptions::default()).expect("csv");
    let mut config = Config::default();
    config.roles.target = Some("y".into());
    config.roles.prediction = Some("p".into());
    let config = effective_config(&config, &[Input { name: "reference", data: &d }]).expect("config");
    let got = segments(&config, &Inputs::reference(&d)).expect("segments");
    assert!(got.tested > 10, "segments were tested: {}", got.tested);
    assert_eq!(got.weak, 0, "{:?}", got.segments.first().map(|s| &s.rule));
}
