//! Every drift method against scipy / Evidently on the samples of
//! `tests/fixtures/make_drift_fixtures.py` (statistic: relative 1e-9; p-value: 1e-6; the TVD
//! permutation p-value within Monte-Carlo error).

use plumbline::checks::drift::{apply, Kind, Prepared};
use plumbline::config::DriftMethod;
use serde_json::Value;

fn method(name: &str) -> DriftMethod {
    serde_json::from_value(Value::String(name.into())).expect("known method")
}

fn close(got: Option<f64>, want: Option<f64>, rel: f64, abs: f64) -> bool {
    match (got, want) {
        (None, None) => true,
        (Some(g), Some(w)) => (g - w).abs() <= abs + rel * w.abs(),
        _ => false,
    }
}

#[test]
fn every_method_matches_its_reference_on_every_case() {
    let text = std::fs::read_to_string("tests/fixtures/drift/methods.json").expect("fixture");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("json");
    let mut failures = Vec::new();
    let mut data: Option<(Value, Value)> = None;
    // The samples sit on the last expectation of each case; walk backwards to attach them.
    let mut with_data = Vec::new();
    for c in cases.iter().rev() {
        if c.get("reference").is_some() {
            data = Some((c["reference"].clone(), c["current"].clone()));
        }
        with_data.push((c, data.clone().expect("samples")));
    }
    for (c, (r, cur)) in with_data.into_iter().rev() {
        let case = c["case"].as_str().unwrap_or("?");
        let m = method(c["method"].as_str().unwrap_or(""));
        let prepared = if c["kind"] == "numeric" {
            let v = |x: &Value| x.as_array().expect("array").iter().filter_map(Value::as_f64).collect::<Vec<f64>>();
            // The fixture passes float columns, which Evidently always treats as numeric.
            Prepared::from_numbers(v(&r), v(&cur), Some(Kind::Numeric))
        } else {
            let v = |x: &Value| {
                x.as_array()
                    .expect("array")
                    .iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect::<Vec<String>>()
            };
            let (rv, cv) = (v(&r), v(&cur));
            Prepared::from_labels(rv.iter().map(|s| Some(s.as_str())), cv.iter().map(|s| Some(s.as_str())))
        };
        let got = match apply(m, &prepared) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{case}/{}: {e}", m.name()));
                continue;
            }
        };
        let want_stat = c["statistic"].as_f64();
        let want_p = c["p_value"].as_f64();
        let p_tol = if m == DriftMethod::Tvd { 0.05 } else { 1e-6 };
        if !close(got.0.filter(|s| s.is_finite()), want_stat, 1e-9, 1e-12) {
            failures.push(format!("{case}/{}: statistic {:?}, expected {want_stat:?}", m.name(), got.0));
        }
        if !close(got.1, want_p, 0.0, p_tol) {
            failures.push(format!("{case}/{}: p-value {:?}, expected {want_p:?}", m.name(), got.1));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
