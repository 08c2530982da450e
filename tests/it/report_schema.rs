//! The report's published JSON schema (`docs/report.schema.json`) is the one its types generate,
//! it covers every path the demo report writes and every default gate, a misspelt gate is refused
//! when the config loads, and one snapshot (insta) pins the demo report's JSON.
//!
//! After a deliberate change of the report: `UPDATE_SCHEMA=1 cargo test report_schema` rewrites
//! the schema, `cargo insta review` (or `INSTA_UPDATE=always`) the snapshot.

use crate::common::load;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use plumbline::config::Config;
use plumbline::progress::NoProgress;
use plumbline::run::{run, Input};
use plumbline::schema;
use serde_json::Value;

/// The demo pair with the suggested roles, as the app's demo button runs it.
fn demo() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| {
        let (r, c) = (load("www/demo/adult_reference.parquet"), load("www/demo/adult_current.parquet"));
        let inputs = [Input { name: "reference", data: &r }, Input { name: "current", data: &c }];
        let report = run(&Config::default(), &inputs, Some("2026-12-02T12:00:00Z".into()), &mut NoProgress)
            .expect("the demo runs");
        serde_json::to_value(&report).expect("json")
    })
}

#[test]
fn the_published_schema_is_the_one_the_report_types_generate() {
    let generated = schema::generate();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write the schema");
    }
    let published = std::fs::read_to_string(&path).expect("docs/report.schema.json");
    assert!(
        published == generated,
        "docs/report.schema.json is not what the report's types generate: run UPDATE_SCHEMA=1 cargo test report_schema"
    );
    assert!(schema::PUBLISHED == published, "the engine embeds the published file (rebuild after an update)");
}

/// Every path to a value in `v`, lists written `[*]`.
fn paths(v: &Value, at: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                paths(x, &if at.is_empty() { k.clone() } else { format!("{at}.{k}") }, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                paths(x, &format!("{at}[*]"), out);
            }
        }
        _ => {
            out.insert(at.to_string());
        }
    }
}

#[test]
fn every_path_the_demo_report_writes_is_in_the_schema() {
    let mut all = BTreeSet::new();
    paths(demo(), "", &mut all);
    assert!(all.len() > 200, "the demo report has {} paths", all.len());
    let refused: Vec<String> =
        all.iter().filter_map(|p| schema::check_path(p).err().map(|e| format!("{p}: {e}"))).collect();
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

#[test]
fn every_default_gate_of_the_demo_is_valid_and_evaluated() {
    let gates = demo()["gates"].as_array().expect("gates");
    assert!(gates.len() >= 5, "{gates:?}");
    for g in gates {
        let expression = g["expression"].as_str().expect("expression");
        assert_eq!(plumbline::gates::validate(expression), Ok(()), "{expression}");
        assert!(!g["passed"].is_null(), "{g}");
    }
}

#[test]
fn a_misspelt_gate_is_refused_when_the_config_loads_with_the_closest_name() {
    let config = |expression: &str| {
        let text = serde_json::json!({"gates": [{"name": "typo", "expression": expression}]}).to_string();
        Config::from_json(&text).map(|_| ()).map_err(|e| e.to_string())
    };
    for (expression, says) in [
        ("performance.inputs[reference].metrics.acuracy.value > 0.5", "did you mean `accuracy`?"),
        ("drift.share_drfited < 0.3", "did you mean `share_drifted`?"),
        ("fairness.attributes[*].groups[*].unfair.tpt == false", "did you mean `tpr`?"),
        ("perfomance.inputs[current].metrics.roc_auc.value >= 0.8", "did you mean `performance`?"),
        (
            "performance.inputs[current].metrics.roc_auc.value >= performance.inputs[reference].metrics.roc_aux.value - 0.05",
            "did you mean `roc_auc`?",
        ),
    ] {
        let got = config(expression);
        assert!(got.as_ref().is_err_and(|e| e.contains("\"typo\"") && e.contains(says)), "{expression}: {got:?}");
    }
    for fine in [
        "performance.inputs[current].metrics.roc_auc.value >= 0.8",
        "fairness.attributes[sex].groups[*].disparity.fpr within [0.8, 1.25]",
        "quality.findings[*].severity != \"critical\"",
        "summary.reference.rows > 0",
        "canary.difference > -0.01",
    ] {
        assert_eq!(config(fine), Ok(()), "{fine}");
    }
}

#[test]
fn the_demo_report_json_is_pinned() {
    let mut report = demo().clone();
    report["generated_at"] = Value::String("[generated_at]".into());
    report["plumbline_version"] = Value::String("[version]".into());
    insta::assert_json_snapshot!("demo_report", report);
}
