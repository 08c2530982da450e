//! The CLI contract pipelines rely on: `plumbline check` flags, the JSON keys, the HTML file,
//! and exit codes 0 (pass) / 1 (a gate failed) / 2 (unusable input or usage) with a message
//! naming the file.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn plumbline(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_plumbline")).args(args).current_dir(root()).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plumbline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn check_on_the_demo_writes_the_contracted_json_and_html() {
    let (json, html) = (tmp("demo.json"), tmp("demo.html"));
    let (code, stdout, stderr) = plumbline(&[
        "check",
        "--reference",
        "www/demo/adult_reference.parquet",
        "--current",
        "www/demo/adult_current.parquet",
        "--target",
        "income",
        "--sensitive",
        "sex",
        "--sensitive",
        "race",
        "--json",
        json.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "stdout {stdout} stderr {stderr}");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for key in ["plumbline_version", "config", "inputs", "summary", "quality", "leakage"] {
        assert!(doc.get(key).is_some(), "missing top-level key {key}");
    }
    assert_eq!(doc["config"]["roles"]["target"], "income");
    assert_eq!(doc["config"]["roles"]["sensitive"], serde_json::json!(["sex", "race"]));
    let inputs = doc["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 2);
    for ((input, rows), file) in inputs.iter().zip([32_561u64, 16_281]).zip(["adult_reference", "adult_current"]) {
        let mut hash = plumbline::data::FileHash::new();
        hash.update(&std::fs::read(root().join(format!("www/demo/{file}.parquet"))).unwrap());
        assert_eq!(input["sha256"].as_str(), Some(hash.hex().as_str()), "{file}: sha256 of the file's bytes");
        for key in ["name", "role", "file", "rows", "columns", "bytes", "sha256"] {
            assert!(input.get(key).is_some(), "inputs[].{key}");
        }
        assert_eq!(input["rows"].as_u64(), Some(rows));
    }
    let age = &doc["summary"]["reference"]["columns"][0];
    assert_eq!(age["name"], "age");
    for key in ["type", "count", "missing", "distinct", "min", "max", "mean", "std", "quantiles", "top"] {
        assert!(age.get(key).is_some(), "summary column key {key}");
    }
    for q in ["p1", "p5", "p25", "p50", "p75", "p95", "p99"] {
        assert!(age["quantiles"][q].is_number(), "quantile {q}");
    }
    assert_eq!(doc["quality"]["inputs"][0]["duplicated_rows"], 24);
    assert!(doc["quality"]["findings"].as_array().unwrap().iter().all(|f| f["message"].is_string()));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Summary — reference") && page.contains("Summary — current"));
    assert!(page.contains("Data quality") && page.contains("Leakage"));
    assert_eq!(doc["leakage"]["shared_rows"]["count"], 23);
}

#[test]
fn a_failing_gate_exits_1_and_the_json_says_which_and_why() {
    let run = |gates: &str| {
        let (config, json) = (tmp("gates.json"), tmp("gates-report.json"));
        std::fs::write(&config, format!("{{\"roles\": {{\"target\": \"income\", \"prediction\": \"prediction\", \"score\": \"score\"}}, \"gates\": {gates}}}")).unwrap();
        let (code, stdout, stderr) = plumbline(&[
            "check",
            "--reference",
            "www/demo/adult_reference.parquet",
            "--current",
            "www/demo/adult_current.parquet",
            "--config",
            config.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ]);
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        (code, stdout, stderr, doc)
    };
    let (code, stdout, _, doc) = run(
        r#"[{"name": "AUC at least 0.95", "expression": "performance.inputs[current].metrics.roc_auc.value >= 0.95"},
        {"name": "No drift", "expression": "drift.share_drifted < 0.3"}]"#,
    );
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(doc["verdict"], "no-go");
    assert_eq!(doc["gates"][0]["passed"], false);
    assert!((doc["gates"][0]["value"].as_f64().unwrap() - 0.9055).abs() < 1e-4);
    assert_eq!(doc["gates"][1]["passed"], true);
    assert!(stdout.contains("gate FAIL AUC at least 0.95") && stdout.contains("verdict: no-go"), "{stdout}");
    let (code, stdout, _, doc) = run(
        r#"[{"name": "AUC at least 0.9", "expression": "performance.inputs[current].metrics.roc_auc.value >= 0.9"}]"#,
    );
    assert_eq!((code, doc["verdict"].as_str()), (0, Some("go")), "{stdout}");
    // A gate on a check that did not run never lets the model ship (unless told to ignore it).
    let not_run = r#"[{"name": "AUC at least 0.9", "expression": "performance.inputs[current].metrics.roc_auc.value >= 0.9"},
        {"name": "Canary difference", "expression": "canary.difference > -0.01"}]"#;
    let (code, stdout, _, doc) = run(not_run);
    assert_eq!((code, doc["verdict"].as_str()), (1, Some("no-go")), "{stdout}");
    assert!(doc["gates"][1]["passed"].is_null());
    assert!(doc["gates"][1]["reason"].as_str().unwrap().contains("that check did not run"), "{}", doc["gates"][1]);
    assert!(stdout.contains("gate FAIL Canary difference"), "{stdout}");
    let ignored = format!("{not_run}, \"gates_unevaluated\": \"ignore\"");
    let (code, stdout, _, doc) = run(&ignored);
    assert_eq!((code, doc["verdict"].as_str()), (0, Some("go")), "{stdout}");
    // A misspelt path is refused when the config loads: exit 2, the gate and the closest name.
    let config = tmp("misspelt-gates.json");
    std::fs::write(
        &config,
        r#"{"gates": [{"name": "Accuracy typo", "expression": "performance.inputs[reference].metrics.acuracy.value > 0.5"}]}"#,
    )
    .unwrap();
    let (code, _, stderr) =
        plumbline(&["check", "--reference", "www/demo/adult_reference.parquet", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("Accuracy typo") && stderr.contains("did you mean `accuracy`?"), "{stderr}");
    let (code, _, stderr, _) = {
        let config = tmp("bad-gates.json");
        std::fs::write(&config, r#"{"gates": [{"name": "broken", "expression": "drift.share_drifted"}]}"#).unwrap();
        let (code, o, e) = plumbline(&[
            "check",
            "--reference",
            "www/demo/adult_reference.parquet",
            "--config",
            config.to_str().unwrap(),
        ]);
        (code, o, e, ())
    };
    assert_eq!(code, 2);
    assert!(stderr.contains("broken") && stderr.contains("no comparison"), "{stderr}");
}

/// A bug is never a verdict: a panic prints its message and exits 2 (not 0/1, not abort's 134).
#[test]
fn a_panic_exits_2_with_its_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .args(["check", "--reference", "www/demo/adult_reference.parquet"])
        .env("PLUMBLINE_PANIC_FOR_TEST", "1")
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("internal error") && stderr.contains("panic requested by PLUMBLINE_PANIC_FOR_TEST"),
        "{stderr}"
    );
}

/// ProPublica's COMPAS deciles: a threshold in the score's own units is taken, not refused.
#[test]
fn a_threshold_in_the_score_s_own_units_is_accepted() {
    let (code, stdout, stderr) = plumbline(&[
        "check",
        "--reference",
        "tests/fixtures/performance/score_units.csv",
        "--target",
        "y",
        "--score",
        "decile_score",
        "--threshold",
        "5",
        "--quiet",
    ]);
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
}

#[test]
fn unusable_input_exits_2_naming_the_file_and_position() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["check", "--reference", "tests/malformed/ragged_too_many.csv"], &["ragged_too_many.csv", "record 4"]),
        (&["check", "--reference", "tests/malformed/empty.csv"], &["empty.csv", "empty"]),
        (&["check", "--reference", "no/such/file.csv"], &["file.csv"]),
        (
            &["check", "--reference", "www/demo/adult_reference.parquet", "--target", "nope"],
            &["roles.target", "\"nope\""],
        ),
        (&["check"], &["--reference"]),
        (
            &["check", "--reference", "tests/fixtures/onnx/rows.csv", "--model", "tests/fixtures/onnx/zipmap.onnx"],
            &["zipmap.onnx", "ZipMap", "zipmap': False"],
        ),
        (
            &["check", "--reference", "tests/fixtures/onnx/rows.csv", "--model", "tests/fixtures/onnx/rows.csv"],
            &["rows.csv: this is not an ONNX model"],
        ),
        (&["frobnicate"], &["frobnicate"]),
    ];
    for (args, mentions) in cases {
        let (code, _, stderr) = plumbline(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        for m in *mentions {
            assert!(stderr.contains(m), "{args:?}: stderr {stderr:?} should mention {m:?}");
        }
    }
}

#[test]
fn a_config_with_an_unknown_key_is_refused_by_name() {
    let config = tmp("bad-config.json");
    std::fs::write(&config, r#"{"roles": {"target": "income"}, "drfit": {}}"#).unwrap();
    let (code, _, stderr) =
        plumbline(&["check", "--reference", "www/demo/adult_reference.parquet", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("drfit"), "{stderr}");
}

#[test]
fn a_candidate_worse_than_the_baseline_file_exits_1_and_a_better_one_0() {
    let dir = "tests/fixtures/comparison";
    let json = tmp("comparison.json");
    // The new model (candidate.csv) against the old one (baseline.csv), joined by id: better
    // overall, but significantly worse for group d — the default slice gate fails.
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "check",
            "--reference",
            &format!("{dir}/candidate.csv"),
            "--baseline",
            &format!("{dir}/baseline.csv"),
            "--id",
            "id",
            "--target",
            "target",
            "--prediction",
            "pred",
            "--score",
            "score",
            "--json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.push(json.display().to_string());
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let run = |a: Vec<String>| plumbline(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let (code, stdout, stderr) = run(args(&[]));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("gate FAIL No slice where the candidate is significantly worse"), "{stdout}");
    assert!(
        stdout.contains("comparison: The candidate is at least as good as the baseline on every metric."),
        "{stdout}"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["comparison"]["rows_matched"], 2950);
    assert_eq!(report["comparison"]["duplicate_ids"]["baseline"], 7);
    // Gates on the overall metrics only: the candidate passes.
    let config = tmp("comparison-config.json");
    std::fs::write(
        &config,
        r#"{"gates": [{"name": "AUC holds", "expression": "comparison.metrics[roc_auc].delta >= -0.01"}]}"#,
    )
    .unwrap();
    let (code, stdout, _) = run(args(&["--config", &config.display().to_string()]));
    assert_eq!(code, 0, "{stdout}");
    // Skew of the same ids: the serving file lacks columns of the training file, nothing crashes.
    let (code, stdout, stderr) = plumbline(&[
        "check",
        "--reference",
        &format!("{dir}/training.csv"),
        "--serving",
        &format!("{dir}/serving.csv"),
        "--id",
        "user",
        "--id",
        "day",
        "--score",
        "score",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("skew: 5 of 5 features differ on 1970 matched rows"), "{stdout}");
}

#[test]
fn an_onnx_model_scores_the_rows_and_gates_on_its_own_predictions() {
    let json = tmp("model.json");
    let json_arg = json.to_str().unwrap();
    let (code, stdout, stderr) = plumbline(&[
        "check",
        "--reference",
        "tests/fixtures/onnx/rows.csv",
        "--current",
        "tests/fixtures/onnx/rows.csv",
        "--target",
        "income",
        "--model",
        "tests/fixtures/onnx/random_forest.onnx",
        "--baseline-model",
        "tests/fixtures/onnx/gradient_boosting.onnx",
        "--json",
        json_arg,
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(stdout.contains("model: random_forest.onnx (Classifier); inputs: X ← age, education_num, capital_gain, capital_loss, hours_per_week (by position)"), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["config"]["roles"]["prediction"], "model_prediction");
    assert_eq!(report["models"][1]["role"], "baseline_model");
    let failed = report["gates"].as_array().unwrap().iter().any(|g| g["passed"] == false);
    assert_eq!(code, i32::from(failed), "exit code follows the gates");
    assert!(report["stability"]["features"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn the_cli_summary_of_a_model_comparison_is_pinned() {
    // Inputs, gates, each check's line and the verdict, as a pipeline's log shows them.
    let (code, stdout, stderr) = plumbline(&[
        "check",
        "--reference",
        "tests/fixtures/comparison/classification.csv",
        "--target",
        "target",
        "--prediction",
        "pred_new",
        "--score",
        "score_new",
        "--baseline-prediction",
        "pred_old",
        "--baseline-score",
        "score_old",
        "--id",
        "id",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    insta::assert_snapshot!("cli_model_comparison", stdout);
}
