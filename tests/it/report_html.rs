//! The HTML report is self-contained (a CSP that loads nothing, no external URL) and escapes
//! every data-derived string.

use plumbline::config::Config;
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::progress::NoProgress;
use plumbline::report::html::render;
use plumbline::run::{run, Input};

fn report_for(csv: &str) -> String {
    let data = load_bytes("payload.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    let report = run(&Config::default(), &[Input { name: "reference", data: &data }], None, &mut NoProgress).unwrap();
    render(&report)
}

#[test]
fn script_payloads_in_names_and_values_are_escaped() {
    let csv = "\"<script>alert(1)</script>\",\"\"\"><img src=x onerror=alert(2)>\",n\n\
               \"<svg onload=alert(3)>\",\"javascript:alert(4)\",1\n\
               \"</style><script>alert(5)</script>\",b,2\n";
    let page = report_for(csv);
    for bad in ["<script>alert", "<img src=x", "<svg onload", "</style><script>"] {
        assert!(!page.contains(bad), "unescaped payload {bad:?} in the report");
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Only the inert JSON data block may be a <script> element.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script type=\"application/json\" id=\"plumbline-config\">"));
}

#[test]
fn the_report_loads_nothing_from_anywhere() {
    let page = report_for("a,b\n1,x\n2,y\n");
    assert!(page.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
    for bad in ["http://", "https://", "src=", "href=", "@import", "url("] {
        assert!(!page.contains(bad), "the report contains {bad:?}");
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let csv = "a,b,c\n1,x,2.5\n2,y,\n3,x,1e3\n";
    assert_eq!(report_for(csv), report_for(csv));
}

#[path = "../../benches/common/mod.rs"]
mod common;

/// A 50-column pair with every role, run with every check (cost included).
fn wide_report(rows: usize) -> String {
    let reference =
        load_bytes("reference.csv", &common::generate_wide(rows, 0x9E37_79B9_7F4A_7C15, 0.0), LoadOptions::default())
            .expect("generated CSV loads");
    let current =
        load_bytes("current.csv", &common::generate_wide(rows, 0x2545_F491_4F6C_DD1D, 20.0), LoadOptions::default())
            .expect("generated CSV loads");
    let mut config = Config::default();
    config.cost = Some(plumbline::config::CostConfig { fp: 1.0, fn_: 3.0, tp: 0.0, tn: 0.0 });
    // The comparison sections: the model against itself (one file), the current data as its own
    // serving features and shadow log (two key columns), the reference as a canary arm, and the
    // reference's perturbed data scored by a stand-in model.
    config.comparison.baseline_prediction = Some("prediction".into());
    config.comparison.baseline_score = Some("score".into());
    let keys = vec!["num_0".to_string(), "num_1".to_string()];
    config.skew.id.clone_from(&keys);
    config.shadow.id = keys;
    let effective =
        plumbline::run::effective_config(&config, &[Input { name: "reference", data: &reference }]).expect("config");
    let batches = plumbline::checks::perturb::perturbed(&effective, &reference).expect("perturbs");
    let csv = String::from_utf8(plumbline::checks::perturb::to_csv(&batches).expect("csv")).expect("utf-8");
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    let at = header.split(',').position(|c| c == "num_0").expect("num_0");
    let mut scored = format!("{header},score,prediction\n");
    for line in lines {
        let x: f64 = line.split(',').nth(at).and_then(|v| v.parse().ok()).unwrap_or(0.0);
        let p = 1.0 / (1.0 + (-(x - 50.0) / 10.0).exp());
        scored.push_str(&format!("{line},{p},{}\n", u8::from(p >= 0.5)));
    }
    let scored = load_bytes("scored.csv", scored.as_bytes(), LoadOptions::default()).expect("scored loads");
    let inputs = [
        Input { name: "reference", data: &reference },
        Input { name: "current", data: &current },
        Input { name: "serving", data: &current },
        Input { name: "shadow", data: &current },
        Input { name: "canary", data: &reference },
        Input { name: "scored", data: &scored },
    ];
    render(&run(&config, &inputs, None, &mut NoProgress).expect("report"))
}

#[test]
fn a_50_column_report_with_every_section_stays_under_300_kb_and_is_reproducible() {
    let page = wide_report(5000);
    for id in
        ["verdict", "quality", "leakage", "drift", "drift-over-time", "performance", "fairness", "segments", "cost"]
            .into_iter()
            .chain(["comparison", "skew", "shadow", "canary", "stability"])
    {
        assert!(page.contains(&format!("id=\"{id}\"")), "section {id} is in the report");
    }
    assert!(!page.contains("Nothing compared"), "every comparison section has content");
    assert!(page.len() <= 300_000, "{} bytes: over the 300 KB budget", page.len());
    assert_eq!(page, wide_report(5000), "same inputs, config and seed: the same bytes");
}

#[test]
fn the_config_loads_back_from_an_html_or_json_report() {
    let data =
        load_bytes("d.csv", b"age,sex,income,score\n30,F,1,0.8\n40,M,0,0.3\n50,F,1,0.6\n", LoadOptions::default())
            .expect("csv");
    let mut config = Config::default();
    config.roles.target = Some("income".into());
    config.roles.score = Some("score".into());
    config.roles.sensitive = vec!["sex".into()];
    config.fairness.fair_range = [0.75, 1.3];
    let report = run(&config, &[Input { name: "reference", data: &data }], None, &mut NoProgress).expect("report");
    let from_html = Config::from_saved(&render(&report)).expect("config from the HTML report");
    assert_eq!(from_html, report.config);
    let from_json = Config::from_saved(&report.to_json()).expect("config from the JSON report");
    assert_eq!(from_json, report.config);
    assert_eq!(Config::from_saved(&report.config.to_json()).expect("plain config"), report.config);
    assert!(Config::from_saved("<html>no config here</html>").is_err());
}

#[test]
fn values_fewer_than_min_group_size_rows_hold_are_left_out_of_frequent_value_lists() {
    // "rare" is held by 2 rows, "common" by 12: only "common" may be listed.
    let mut csv = String::from("name,x\n");
    for i in 0..14 {
        csv += &format!("{},{i}\n", if i < 2 { "rare" } else { "common" });
    }
    let data = load_bytes("d.csv", csv.as_bytes(), LoadOptions::default()).expect("csv");
    let report =
        run(&Config::default(), &[Input { name: "reference", data: &data }], None, &mut NoProgress).expect("run");
    let name = &report.summary["reference"].columns[0];
    let listed: Vec<String> = name.top.iter().map(|t| plumbline::report::text::scalar(&t.value)).collect();
    assert_eq!(listed, ["common"]);
    assert_eq!(name.top_suppressed, 1);
    let page = render(&report);
    assert!(page.contains("<span class=\"val\">common</span>"));
    assert!(!page.contains("<span class=\"val\">rare</span>"), "the rare value is not in the list");
}

#[test]
fn a_preset_runs_only_its_checks_and_their_default_gates() {
    let load = |p: &str| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
        load_bytes(p, &std::fs::read(path).expect("demo"), LoadOptions::default()).expect("loads")
    };
    let (r, c) = (load("www/demo/adult_reference.parquet"), load("www/demo/adult_current.parquet"));
    let inputs = [Input { name: "reference", data: &r }, Input { name: "current", data: &c }];
    let presets = [
        ("data_drift", ["drift", "leakage"].as_slice()),
        ("fairness_audit", ["fairness", "performance"].as_slice()),
        ("model_quality", ["performance", "segments"].as_slice()),
    ];
    for (preset, present) in presets {
        let config = Config::from_json(&format!("{{\"preset\": \"{preset}\"}}")).expect("config");
        let report = run(&config, &inputs, None, &mut NoProgress).expect("run");
        let doc: serde_json::Value = serde_json::from_str(&report.to_json()).expect("json");
        for key in ["drift", "leakage", "performance", "fairness", "segments"] {
            assert_eq!(!doc[key].is_null(), present.contains(&key), "{preset}: {key}");
        }
        assert!(!doc["quality"].is_null() && !doc["summary"].is_null(), "{preset}: summary and quality always run");
        assert!(!report.gates.is_empty(), "{preset}: default gates for its checks");
        for g in &report.gates {
            let check = g.expression.split('.').next().unwrap_or_default();
            assert!(present.contains(&check) || check == "quality", "{preset}: gate on {check}");
        }
    }
}

#[test]
fn new_ids_and_later_timestamps_in_production_are_not_quality_findings() {
    let csv = |start: usize, shift: f64| {
        let mut s = String::from("id,ts,x,target\n");
        for i in start..start + 200 {
            s += &format!("u{i},2026-{:02}-01,{},{}\n", 1 + (i / 100) % 12, (i % 50) as f64 + shift, i % 2);
        }
        s
    };
    let r = load_bytes("r.csv", csv(0, 0.0).as_bytes(), LoadOptions::default()).expect("csv");
    let c = load_bytes("c.csv", csv(1000, 100.0).as_bytes(), LoadOptions::default()).expect("csv");
    let mut config = Config::default();
    config.roles.id = Some("id".into());
    config.roles.timestamp = Some("ts".into());
    config.roles.target = Some("target".into());
    let report = run(
        &config,
        &[Input { name: "reference", data: &r }, Input { name: "current", data: &c }],
        None,
        &mut NoProgress,
    )
    .expect("run");
    let findings: Vec<(String, Option<String>)> =
        report.quality.expect("quality").findings.into_iter().map(|f| (f.fact.kind(), f.column)).collect();
    assert!(
        findings.contains(&("out_of_range".into(), Some("x".into()))),
        "a feature out of range is a finding: {findings:?}"
    );
    for column in ["id", "ts"] {
        assert!(!findings.iter().any(|(_, c)| c.as_deref() == Some(column)), "{column}: {findings:?}");
    }
}
