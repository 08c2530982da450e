//! The table of checks (`registry::CHECKS`) is the one list: every check in it has a place in
//! the report's JSON and schema, each check that ran has its section in the HTML in table order,
//! each one that did not run says why, and key findings put critical ones first.

use std::sync::OnceLock;

use plumbline::config::{Config, CostConfig};
use plumbline::data::{load_bytes, Dataset, LoadOptions};
use plumbline::progress::NoProgress;
use plumbline::registry::{key_findings, CHECKS};
use plumbline::report::html::render;
use plumbline::report::Report;
use plumbline::run::{run, Input};

use crate::common::load;

fn demo_data() -> &'static (Dataset, Dataset) {
    static DATA: OnceLock<(Dataset, Dataset)> = OnceLock::new();
    DATA.get_or_init(|| (load("www/demo/adult_reference.parquet"), load("www/demo/adult_current.parquet")))
}

fn demo(config: &Config) -> Report {
    let (r, c) = demo_data();
    let inputs = [Input { name: "reference", data: r }, Input { name: "current", data: c }];
    run(config, &inputs, None, &mut NoProgress).expect("the demo runs")
}

#[test]
fn every_check_has_one_distinct_key_that_the_report_schema_knows() {
    let schema: serde_json::Value = serde_json::from_str(plumbline::schema::PUBLISHED).expect("schema");
    let properties = schema["properties"].as_object().expect("the report's properties");
    let mut seen = std::collections::BTreeSet::new();
    for check in &CHECKS {
        assert!(seen.insert(check.key), "{} is listed twice", check.key);
        assert!(properties.contains_key(check.key), "the report has no key {}", check.key);
    }
    // Every optional section of the report is a check's (models come from the ONNX scoring
    // step, before the checks).
    for key in properties.keys() {
        let known = seen.contains(key.as_str())
            || ["plumbline_version", "verdict", "gates", "skipped", "generated_at", "config", "inputs", "models"]
                .contains(&key.as_str());
        assert!(known, "the report's key {key} belongs to no check in registry::CHECKS");
    }
}

#[test]
fn each_check_that_ran_has_its_section_in_table_order_and_each_other_says_why_not() {
    let report = demo(&Config::default());
    let page = render(&report);
    let mut last = 0;
    for check in CHECKS.iter().filter(|c| c.key != "summary") {
        let skipped = report.skipped.iter().find(|s| s.check == check.key);
        let at = page.find(&format!("<section id=\"{}\"", check.key));
        match (check.ran(&report), skipped, at) {
            (true, None, Some(at)) => {
                assert!(at > last, "{}'s section is out of the table's order", check.key);
                last = at;
            }
            (false, Some(s), None) => {
                assert!(!s.reason.is_empty(), "{} gives no reason", check.key);
                assert!(page.contains(&s.reason), "the report shows why {} did not run", check.key);
            }
            (ran, s, at) => panic!("{}: ran {ran}, skipped {s:?}, section at {at:?}", check.key),
        }
    }
    // The demo has roles for every model check but no cost matrix, old model, serving
    // features, shadow log, canary arm or scored perturbed data.
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.check.as_str()).collect();
    assert_eq!(skipped, ["comparison", "skew", "shadow", "canary", "stability", "cost"]);
    let cost = report.skipped.iter().find(|s| s.check == "cost").expect("cost");
    assert!(cost.reason.contains("cost: {fp, fn, tp, tn}"), "{}", cost.reason);
    // With a cost matrix, cost runs and leaves the list.
    let mut config = Config::default();
    config.cost = Some(CostConfig { fp: 1.0, fn_: 5.0, tp: 0.0, tn: 0.0 });
    let with_cost = demo(&config);
    assert!(with_cost.cost.is_some() && !with_cost.skipped.iter().any(|s| s.check == "cost"));
}

#[test]
fn a_preset_names_itself_as_the_reason_a_check_did_not_run() {
    let config = Config::from_json("{\"preset\": \"data_drift\"}").expect("config");
    let report = demo(&config);
    for key in ["performance", "fairness", "segments"] {
        let s = report.skipped.iter().find(|s| s.check == key).unwrap_or_else(|| panic!("{key} is skipped"));
        assert_eq!(s.reason, "the preset data_drift leaves it out");
    }
    for check in &CHECKS {
        let runs = check.in_preset(plumbline::config::Preset::DataDrift);
        assert_eq!(runs, ["quality", "skew", "drift", "leakage", "summary"].contains(&check.key), "{}", check.key);
    }
}

#[test]
fn key_findings_put_critical_ones_first_and_link_to_a_section_that_exists() {
    // The current data loses a column: a critical quality finding.
    let csv = |with_z: bool, shift: usize| {
        let mut s = String::from(if with_z { "x,z,target,pred\n" } else { "x,target,pred\n" });
        for i in 0..300 {
            let z = if with_z { format!("{},", i % 7) } else { String::new() };
            s += &format!("{},{z}{},{}\n", (i + shift) % 50, i % 2, (i / 3) % 2);
        }
        s
    };
    let r = load_bytes("r.csv", csv(true, 0).as_bytes(), LoadOptions::default()).expect("csv");
    let c = load_bytes("c.csv", csv(false, 25).as_bytes(), LoadOptions::default()).expect("csv");
    let mut config = Config::default();
    config.roles.target = Some("target".into());
    config.roles.prediction = Some("pred".into());
    let inputs = [Input { name: "reference", data: &r }, Input { name: "current", data: &c }];
    let report = run(&config, &inputs, None, &mut NoProgress).expect("runs");
    let findings = key_findings(&report);
    assert!(findings.len() >= 3, "{findings:?}");
    assert!(findings[0].critical && findings[0].anchor == "quality", "{findings:?}");
    assert!(findings[0].text.contains("“z”"), "{}", findings[0].text);
    assert!(findings.iter().skip(1).all(|f| !f.critical));
    let page = render(&report);
    for f in &findings {
        assert!(page.contains(&format!("<section id=\"{}\"", f.anchor)), "no section {}", f.anchor);
    }
}

#[test]
fn each_section_of_the_demo_report_is_pinned() {
    // One snapshot per section the demo draws (a change of words, layout or numbers shows as a
    // diff to review: `cargo insta review`).
    let report = demo(&Config::default());
    for check in &CHECKS {
        if let Some(section) = (check.section)(&report) {
            insta::assert_snapshot!(format!("section_{}", check.key), section.into_string());
        }
    }
}
