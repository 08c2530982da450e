//! The data-quality check agrees with pandas on the demo pair and on a shifted copy of current
//! (fixtures: `tests/fixtures/make_quality_fixtures.py`), and names each problem it finds.

use crate::common::load;
use std::path::Path;

use plumbline::checks::quality::{quality, Quality, Severity, Summarised};
use plumbline::checks::summary::summarize;
use plumbline::config::{QualityConfig, SummaryConfig};
use plumbline::data::{load_bytes, Dataset, LoadOptions};
use plumbline::progress::NoProgress;
use serde_json::Value;

fn check(reference: &Dataset, current: &Dataset) -> Quality {
    let (rs, cs) = (
        summarize(reference, &SummaryConfig::default(), &mut NoProgress),
        summarize(current, &SummaryConfig::default(), &mut NoProgress),
    );
    let r = Summarised { name: "reference", data: reference, summary: &rs };
    let c = Summarised { name: "current", data: current, summary: &cs };
    quality(&QualityConfig::default(), &r, Some(&c), &[])
}

fn compare(q: &Quality, want: &Value, case: &str) {
    for (i, name) in ["reference", "current"].iter().enumerate() {
        let got = &q.inputs[i];
        let w = &want[name];
        assert_eq!(got.duplicated_rows, w["duplicated_rows"].as_u64().unwrap(), "{case}/{name}: duplicated rows");
        assert_eq!(got.empty_rows, w["empty_rows"].as_u64().unwrap(), "{case}/{name}: empty rows");
        let constant: Vec<&str> = got.almost_constant.iter().map(|c| c.column.as_str()).collect();
        let want_constant: Vec<&str> =
            w["almost_constant"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(constant, want_constant, "{case}/{name}: almost constant");
    }
    let names =
        |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect() };
    let sorted = |v: &[String]| -> Vec<String> {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    assert_eq!(sorted(&q.columns_added), names(&want["added"]), "{case}: added");
    assert_eq!(sorted(&q.columns_removed), names(&want["removed"]), "{case}: removed");
    let cols = want["columns"].as_object().unwrap();
    assert_eq!(q.columns.len(), cols.len(), "{case}: shared columns");
    for c in &q.columns {
        let w = &cols[&c.column];
        let close = |a: f64, b: &Value| (a - b.as_f64().unwrap()).abs() < 1e-12;
        assert!(close(c.missing_share_reference, &w["missing_share_reference"]), "{case}/{}", c.column);
        assert!(close(c.missing_share_current, &w["missing_share_current"]), "{case}/{}", c.column);
        if let Some(n) = w.get("out_of_range") {
            assert_eq!(c.out_of_range.as_ref().map(|o| o.count), n.as_u64(), "{case}/{}: out of range", c.column);
        }
        if let Some(n) = w.get("new_categories") {
            let got = c.new_categories.as_ref().unwrap();
            assert_eq!(Some(got.count), n.as_u64(), "{case}/{}: new categories", c.column);
            let mut examples = got.examples.clone();
            examples.sort();
            assert_eq!(examples, names(&w["new_category_values"]), "{case}/{}", c.column);
        }
    }
}

#[test]
fn quality_equals_pandas_on_the_demo_and_a_shifted_copy() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quality");
    let want: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("adult_expected.json")).unwrap()).unwrap();
    let reference = load("www/demo/adult_reference.parquet");
    compare(&check(&reference, &load("www/demo/adult_current.parquet")), &want["demo"], "demo");
    let shifted = check(&reference, &load("tests/fixtures/quality/adult_current_shifted.parquet"));
    compare(&shifted, &want["shifted"], "shifted");
    // The findings an analyst must see first.
    let kinds: Vec<(String, Severity, Option<&str>)> =
        shifted.findings.iter().map(|f| (f.fact.kind(), f.severity, f.column.as_deref())).collect();
    for expect in [
        ("column_removed", Severity::Critical, Some("education")),
        ("column_removed", Severity::Critical, Some("fnlwgt")),
        ("column_added", Severity::Warning, Some("final_weight")),
        ("new_categories", Severity::Warning, Some("workclass")),
        ("out_of_range", Severity::Warning, Some("hours_per_week")),
    ] {
        let expect = (expect.0.to_string(), expect.1, expect.2);
        assert!(kinds.contains(&expect), "missing finding {expect:?} in {kinds:?}");
    }
    assert_eq!(shifted.findings[0].severity, Severity::Critical, "most severe first");
}

#[test]
fn each_problem_gives_its_finding() {
    // (reference CSV, current CSV, finding kinds expected)
    let cases: &[(&str, &str, &[&str])] = &[
        ("a,b\n1,x\n2,y\n", "a,b\n1,x\n2,y\n", &[]),
        ("a,b\n1,x\n2,y\n", "a,b\nq,x\n2,y\n", &["type_changed"]),
        ("a,b\n1,x\n2,y\n3,z\n4,w\n", "a,b\n,x\n,y\n3,z\n4,w\n", &["missing_increased"]),
        ("a,b\n1,x\n2,x\n3,y\n", "a,b\n1,x\n2,x\n1,x\n", &["duplicated_rows"]),
        ("a,b,c\n1,x,1\n2,y,2\n", "a,b,c\n1,x,1\n,,\n", &["empty_rows", "missing_increased"]),
        ("a,b\n1,2\n2,3\n", "a,b\n1,2\n2,3\n", &[]),
        ("a,b\n1,1\n2,2\n", "a,b\n1,1\n2,2\n", &["duplicated_columns"]),
    ];
    for (r, c, want) in cases {
        let reference = load_bytes("r.csv", r.as_bytes(), LoadOptions::default()).unwrap();
        let current = load_bytes("c.csv", c.as_bytes(), LoadOptions::default()).unwrap();
        let q = check(&reference, &current);
        for k in *want {
            assert!(
                q.findings.iter().any(|f| f.fact.kind() == *k),
                "{r:?} vs {c:?}: expected {k}, got {:?}",
                q.findings
            );
        }
        if want.is_empty() {
            assert!(q.findings.iter().all(|f| f.severity == Severity::Info), "{r:?} vs {c:?}: {:?}", q.findings);
        }
    }
}

/// Production data without its labels is the normal case: the missing target is reported as
/// such (`info`), the model checks run on the reference only, and no default gate fails for it.
#[test]
fn a_target_absent_from_production_is_no_critical_finding_and_fails_no_gate() {
    let mut reference = String::from("age,sex,employed,score\n");
    let mut current = String::from("age,sex,score\n");
    for i in 0..400u32 {
        let (age, sex, y) = (20 + i % 40, ["f", "m"][(i % 2) as usize], u32::from(i % 3 == 0));
        let score = (f64::from(i % 10) + 0.5) / 10.0;
        reference.push_str(&format!("{age},{sex},{y},{score}\n"));
        current.push_str(&format!("{age},{sex},{score}\n"));
    }
    let r = load_bytes("census_reference.csv", reference.as_bytes(), LoadOptions::default()).unwrap();
    let c = load_bytes("census_current.csv", current.as_bytes(), LoadOptions::default()).unwrap();
    let mut config = plumbline::config::Config::default();
    config.roles.target = Some("employed".into());
    config.roles.score = Some("score".into());
    let inputs =
        [plumbline::run::Input { name: "reference", data: &r }, plumbline::run::Input { name: "current", data: &c }];
    let report = plumbline::run::run(&config, &inputs, None, &mut NoProgress).unwrap();
    let q = report.quality.as_ref().unwrap();
    let absent: Vec<_> = q.findings.iter().filter(|f| f.column.as_deref() == Some("employed")).collect();
    assert_eq!(absent.len(), 1, "{:?}", q.findings);
    assert_eq!((absent[0].fact.kind(), absent[0].severity), ("output_absent".to_string(), Severity::Info));
    assert!(q.columns_removed.is_empty(), "the target is not a removed feature");
    let p = report.performance.as_ref().unwrap();
    let measured: Vec<&str> = p.inputs.iter().map(|i| i.input.as_str()).collect();
    assert_eq!(measured, ["reference"], "model quality ran on the reference only");
    for g in &report.gates {
        assert_ne!(g.passed, Some(false), "gate {} failed: {:?}", g.name, g.reason);
        assert!(g.passed.is_some(), "default gate {} could not be evaluated: {:?}", g.name, g.reason);
    }
}
