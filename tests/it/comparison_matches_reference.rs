//! Model comparison, train/serve skew, shadow and canary equal their references on committed
//! fixtures (`tests/fixtures/make_comparison_fixtures.py`): statsmodels `mcnemar`,
//! `proportions_ztest`, `confint_proportions_2indep`; scipy `wilcoxon`, `ttest_rel`, `ks_2samp`;
//! sklearn metrics; an O(m·n) DeLong implementation of the definition; pandas joins; a numpy
//! paired bootstrap (within Monte-Carlo error).

use std::path::Path;

use plumbline::checks::metric::Metric;
use plumbline::config::{Config, Criterion};
use plumbline::data::{load_bytes, Dataset, LoadOptions};
use plumbline::progress::NoProgress;
use plumbline::report::Report;
use plumbline::run::{run, Input};
use serde_json::Value;

const DIR: &str = "tests/fixtures/comparison";

fn load(name: &str) -> Dataset {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name);
    load_bytes(name, &std::fs::read(p).expect("fixture file"), LoadOptions::default()).expect("loads")
}

fn expected() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join("expected.json");
    serde_json::from_str(&std::fs::read_to_string(p).expect("expected.json")).expect("json")
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Relative 1e-9 (absolute near 0).
fn close(got: f64, want: &Value, what: &str) {
    let w = num(want);
    assert!((got - w).abs() <= 1e-9 * w.abs().max(1e-3), "{what}: {got} vs {w}");
}

/// p-values: 1e-6 relative.
fn close_p(got: f64, want: &Value, what: &str) {
    let w = num(want);
    assert!((got - w).abs() <= 1e-6 * w.abs().max(1e-12), "{what}: p {got} vs {w}");
}

fn report(config: &Config, inputs: &[(&str, &Dataset)]) -> Report {
    let inputs: Vec<Input> = inputs.iter().map(|(name, data)| Input { name, data }).collect();
    run(config, &inputs, None, &mut NoProgress).expect("runs")
}

fn one_file_config(target: &str, pred: &str, score: Option<&str>, base_pred: &str, base_score: Option<&str>) -> Config {
    let mut c = Config::default();
    c.roles.target = Some(target.into());
    c.roles.prediction = Some(pred.into());
    c.roles.score = score.map(Into::into);
    c.roles.id = Some("id".into());
    c.roles.sensitive = vec!["group".into()];
    c.comparison.baseline_prediction = Some(base_pred.into());
    c.comparison.baseline_score = base_score.map(Into::into);
    c.comparison.slice_features = false;
    c.performance.bootstrap = 4000;
    c.performance.seed = 7;
    c
}

#[test]
fn classification_metrics_flips_mcnemar_delong_and_slices_equal_the_references() {
    let want = &expected()["classification"];
    let d = load("classification.csv");
    let config = one_file_config("target", "pred_new", Some("score_new"), "pred_old", Some("score_old"));
    let c = report(&config, &[("reference", &d)]).comparison.expect("comparison ran");
    assert_eq!(c.problem, None);
    assert_eq!((c.task.as_str(), c.rows, c.rows_matched), ("binary", 3000, 3000));
    for m in &c.metrics {
        let w = &want["metrics"][m.metric.name()];
        close(m.baseline, &w["baseline"], &format!("{} baseline", m.metric.name()));
        close(m.candidate, &w["candidate"], &format!("{} candidate", m.metric.name()));
        close(m.delta, &w["delta"], &format!("{} delta", m.metric.name()));
    }
    assert_eq!(c.metrics.len(), 9, "accuracy, balanced accuracy, precision, recall, f1 and four score metrics");
    let f = c.flips.expect("flips");
    let wf = &want["flips"];
    assert_eq!(
        [f.both_correct, f.baseline_only_correct, f.candidate_only_correct, f.both_wrong],
        ["both_correct", "baseline_only_correct", "candidate_only_correct", "both_wrong"]
            .map(|k| wf[k].as_u64().expect("count"))
    );
    let churn = c.churn.expect("churn");
    assert_eq!(churn.rows, want["churn"].as_u64().expect("churn"));
    close(churn.share, &want["churn_share"], "churn share");
    assert_eq!(churn.to_positive + churn.to_negative, churn.rows);
    let test = |name: &str| c.tests.iter().find(|t| t.test == name).unwrap_or_else(|| panic!("{name} test"));
    close(test("mcnemar").statistic, &want["mcnemar"]["statistic"], "McNemar statistic");
    close_p(test("mcnemar").p_value, &want["mcnemar"]["p_value"], "McNemar");
    assert_eq!(test("mcnemar").exact, Some(false));
    close(test("delong").statistic, &want["delong"]["z"], "DeLong z");
    close_p(test("delong").p_value, &want["delong"]["p_value"], "DeLong");
    let metric = |name: &str| c.metrics.iter().find(|m| m.metric.name() == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!((metric("accuracy").test.as_str(), metric("roc_auc").test.as_str()), ("mcnemar", "delong"));
    // Slices of `group`: the ones where the candidate does worse, with McNemar and BH p-values.
    assert_eq!(c.slices_tested, 4);
    let slices = want["slices"].as_array().expect("slices");
    for w in slices {
        let group = w["group"].as_str().expect("group");
        let worse_way = num(&w["candidate_accuracy"]) < num(&w["baseline_accuracy"]);
        let got = c.slices.iter().find(|s| s.slice == group);
        assert_eq!(got.is_some(), worse_way, "slice {group} reported only when the candidate does worse");
        if let Some(s) = got {
            assert_eq!(s.rows, w["rows"].as_u64().expect("rows"));
            close(s.baseline, &w["baseline_accuracy"], "slice baseline accuracy");
            close(s.candidate, &w["candidate_accuracy"], "slice candidate accuracy");
            close_p(s.p_value, &w["p_value"], &format!("slice {group}"));
            close_p(s.p_adjusted, &w["p_adjusted"], &format!("slice {group} adjusted"));
            assert_eq!(s.worse, num(&w["p_adjusted"]) < 0.05);
        }
    }
    assert!(c.slices.iter().any(|s| s.slice == "d" && s.worse), "the fixture's new model is worse for group d");
    let verdict = plumbline::report::text::comparison_verdict(&c);
    assert!(verdict.contains("group = d"), "{verdict}");
}

#[test]
fn paired_bootstrap_intervals_and_p_values_agree_with_numpy_within_monte_carlo_error() {
    let want = &expected()["classification"]["bootstrap"];
    let d = load("classification.csv");
    let config = one_file_config("target", "pred_new", Some("score_new"), "pred_old", Some("score_old"));
    let c = report(&config, &[("reference", &d)]).comparison.expect("comparison ran");
    for (name, w) in want.as_object().expect("metrics") {
        let m = c.metrics.iter().find(|m| m.metric.name() == name).expect("metric");
        let [lo, hi] = m.ci.expect("interval");
        let (wlo, whi) = (num(&w["ci"][0]), num(&w["ci"][1]));
        let half = (whi - wlo) / 2.0;
        // B = 4000 on both sides: endpoints within 20 % of the half-width, p within 0.03.
        assert!(
            (lo - wlo).abs() < 0.2 * half && (hi - whi).abs() < 0.2 * half,
            "{name}: [{lo}, {hi}] vs [{wlo}, {whi}]"
        );
        assert_eq!(m.test, "paired_bootstrap");
        let p = m.p_value.expect("p");
        assert!((p - num(&w["p_value"])).abs() < 0.03, "{name}: p {p} vs {}", w["p_value"]);
    }
}

#[test]
fn small_samples_take_the_exact_mcnemar_test() {
    let want = &expected()["classification_small"];
    let d = load("classification_small.csv");
    let config = one_file_config("target", "pred_new", Some("score_new"), "pred_old", Some("score_old"));
    let c = report(&config, &[("reference", &d)]).comparison.expect("comparison ran");
    let t = c.tests.iter().find(|t| t.test == "mcnemar").expect("McNemar");
    assert_eq!(t.exact, Some(true));
    close(t.statistic, &want["mcnemar"]["statistic"], "exact McNemar statistic");
    close_p(t.p_value, &want["mcnemar"]["p_value"], "exact McNemar");
    close(c.metrics[0].candidate, &want["accuracy_new"], "accuracy");
}

#[test]
fn two_files_join_by_id_and_count_one_sided_duplicate_and_missing_ids() {
    let want = &expected()["joined"];
    let (cand, base) = (load("candidate.csv"), load("baseline.csv"));
    let mut config = Config::default();
    config.roles.target = Some("target".into());
    config.roles.prediction = Some("pred".into());
    config.roles.score = Some("score".into());
    config.roles.id = Some("id".into());
    let c = report(&config, &[("reference", &cand), ("baseline", &base)]).comparison.expect("comparison ran");
    assert_eq!(c.problem, None);
    let count = |k: &str| want[k].as_u64().expect("count");
    assert_eq!(
        (c.rows_matched, c.baseline_only, c.candidate_only),
        (count("rows_matched"), count("baseline_only"), count("candidate_only"))
    );
    assert_eq!(c.duplicate_ids.baseline, want["duplicate_ids"]["baseline"].as_u64().expect("n"));
    assert_eq!(c.duplicate_ids.candidate, want["duplicate_ids"]["candidate"].as_u64().expect("n"));
    assert_eq!(c.missing_ids.candidate, want["missing_ids"]["candidate"].as_u64().expect("n"));
    assert_eq!(c.missing_ids.baseline, want["missing_ids"]["baseline"].as_u64().expect("n"));
    let metric = |name: &str| c.metrics.iter().find(|m| m.metric.name() == name).expect("metric");
    close(metric("accuracy").baseline, &want["accuracy_old"], "accuracy old");
    close(metric("accuracy").candidate, &want["accuracy_new"], "accuracy new");
    close(metric("roc_auc").baseline, &want["auc_old"], "AUC old");
    close(metric("roc_auc").candidate, &want["auc_new"], "AUC new");
    let t = c.tests.iter().find(|t| t.test == "mcnemar").expect("McNemar");
    close_p(t.p_value, &want["mcnemar"]["p_value"], "joined McNemar");
    let f = c.flips.expect("flips");
    assert_eq!(f.candidate_only_correct, want["flips"]["candidate_only_correct"].as_u64().expect("n"));
}

#[test]
fn regression_comparison_runs_wilcoxon_exact_or_approximate_and_the_paired_t_test_as_scipy() {
    let all = expected();
    for (file, key) in [("regression.csv", "regression"), ("regression_small.csv", "regression_small")] {
        let want = &all[key];
        let d = load(file);
        let mut config = one_file_config("target", "pred_new", None, "pred_old", None);
        config.performance.bootstrap = 200;
        let c = report(&config, &[("reference", &d)]).comparison.expect("comparison ran");
        assert_eq!(c.task, "regression", "{file}");
        let metric = |name: &str| c.metrics.iter().find(|m| m.metric.name() == name).expect("metric");
        for (m, k) in [("mae", "mae"), ("rmse", "rmse"), ("r2", "r2")] {
            close(metric(m).baseline, &want[format!("{k}_old")], &format!("{file} {m} old"));
            close(metric(m).candidate, &want[format!("{k}_new")], &format!("{file} {m} new"));
        }
        let w = c.tests.iter().find(|t| t.test == "wilcoxon").expect("Wilcoxon");
        close(w.statistic, &want["wilcoxon"]["statistic"], &format!("{file} Wilcoxon statistic"));
        close_p(w.p_value, &want["wilcoxon"]["p_value"], &format!("{file} Wilcoxon"));
        assert_eq!(w.exact, Some(want["wilcoxon"]["method"] == "exact"), "{file}: scipy's method");
        let t = c.tests.iter().find(|t| t.test == "paired_t").expect("paired t");
        close(t.statistic, &want["paired_t"]["statistic"], &format!("{file} t"));
        close_p(t.p_value, &want["paired_t"]["p_value"], &format!("{file} paired t"));
        assert_eq!(metric("mae").test, "wilcoxon");
        assert!(c.passed, "{file}: the new model has smaller errors");
    }
}

#[test]
fn train_serve_skew_counts_equal_tfdv_definitions_exactly_and_within_tolerance() {
    let want = &expected()["skew"];
    let (training, serving) = (load("training.csv"), load("serving.csv"));
    for setting in ["exact", "tolerant"] {
        let s = &want["settings"][setting];
        let mut config = Config::default();
        config.roles.score = Some("score".into());
        config.skew.id = vec!["user".into(), "day".into()];
        config.skew.relative_tolerance = num(&s["relative_tolerance"]);
        config.skew.absolute_tolerance = num(&s["absolute_tolerance"]);
        let k = report(&config, &[("reference", &training), ("serving", &serving)]).skew.expect("skew ran");
        assert_eq!(k.problem, None);
        let count = |v: &Value| v.as_u64().expect("count");
        assert_eq!(k.rows_matched, count(&want["rows_matched"]));
        assert_eq!(
            (k.training_only_rows, k.serving_only_rows),
            (count(&want["training_only_rows"]), count(&want["serving_only_rows"]))
        );
        assert_eq!(k.duplicate_keys.serving, count(&want["duplicate_keys"]["serving"]));
        assert_eq!(k.duplicate_keys.training, count(&want["duplicate_keys"]["training"]));
        assert_eq!(
            (k.training_only_columns.as_slice(), k.serving_only_columns.as_slice()),
            (&["legacy".to_string()][..], &["new_flag".to_string()][..])
        );
        assert_eq!(k.prediction.as_deref(), Some("score"));
        let features = s["features"].as_array().expect("features");
        assert_eq!(k.features.len(), features.len(), "{setting}");
        for (got, w) in k.features.iter().zip(features) {
            assert_eq!(got.feature, w["feature"].as_str().expect("name"));
            let counts = [
                got.training_count,
                got.serving_count,
                got.match_count,
                got.mismatch_count,
                got.training_only,
                got.serving_only,
                got.diff_count,
            ];
            let keys = [
                "training_count",
                "serving_count",
                "match_count",
                "mismatch_count",
                "training_only",
                "serving_only",
                "diff_count",
            ];
            assert_eq!(counts, keys.map(|key| count(&w[key])), "{setting} {}", got.feature);
            let examples: Vec<&str> =
                w["examples"].as_array().expect("examples").iter().filter_map(Value::as_str).collect();
            assert_eq!(got.examples, examples, "{setting} {} examples", got.feature);
            match (&got.differences, w.get("differences")) {
                (Some(d), Some(wd)) => {
                    assert_eq!(d.count, count(&wd["count"]));
                    for (g, key) in
                        [(d.mean, "mean"), (d.max_abs, "max_abs"), (d.q05, "q05"), (d.q50, "q50"), (d.q95, "q95")]
                    {
                        let wv = num(&wd[key]);
                        assert!(
                            (g - wv).abs() <= 1e-9 * wv.abs().max(1e-6),
                            "{setting} {} {key}: {g} vs {wv}",
                            got.feature
                        );
                    }
                }
                (None, None) => {}
                (g, w) => panic!("{}: differences {g:?} vs {w:?}", got.feature),
            }
        }
    }
}

#[test]
fn shadow_join_disagreement_score_delta_and_group_agreement_equal_pandas() {
    let want = &expected()["shadow"];
    let (live, log) = (load("shadow_live.csv"), load("shadow_log.csv"));
    let mut config = Config::default();
    config.roles.prediction = Some("pred".into());
    config.roles.score = Some("score".into());
    config.roles.id = Some("request_id".into());
    config.roles.sensitive = vec!["group".into()];
    let s = report(&config, &[("reference", &live), ("shadow", &log)]).shadow.expect("shadow ran");
    let count = |v: &Value| v.as_u64().expect("count");
    assert_eq!(
        (s.rows_matched, s.live_only, s.shadow_only),
        (count(&want["rows_matched"]), count(&want["live_only"]), count(&want["shadow_only"]))
    );
    assert_eq!(s.duplicate_ids.shadow, count(&want["duplicate_ids"]["shadow"]));
    assert_eq!(s.disagreements, count(&want["disagreements"]));
    close(s.disagreement_rate, &want["disagreement_rate"], "disagreement rate");
    let d = s.score_delta.as_ref().expect("score delta");
    for (g, key) in [(d.mean, "mean"), (d.max_abs, "max_abs"), (d.q05, "q05"), (d.q50, "q50"), (d.q95, "q95")] {
        close(g, &want["score_delta"][key], key);
    }
    let groups = want["groups"].as_array().expect("groups");
    assert_eq!(s.groups.len(), groups.len());
    for (g, w) in s.groups.iter().zip(groups) {
        assert_eq!((g.group.as_str(), g.rows), (w["group"].as_str().expect("group"), count(&w["rows"])));
        close(g.agreement_rate, &w["agreement_rate"], &g.group);
    }
    assert!(s.passed, "3.5 % disagreement is under the 5 % default");
}

#[test]
fn canary_error_rates_z_test_newcombe_interval_and_ks_equal_statsmodels_and_scipy_for_both_arm_layouts() {
    let want = &expected()["canary"];
    let (control, arm, stacked) = (load("canary_control.csv"), load("canary_arm.csv"), load("canary_by_column.csv"));
    let mut config = Config::default();
    config.roles.target = Some("target".into());
    config.roles.prediction = Some("pred".into());
    config.roles.score = Some("score".into());
    let two_files = report(&config, &[("reference", &control), ("current", &control), ("canary", &arm)]).canary;
    config.canary.arm = Some("arm".into());
    let by_column = report(&config, &[("reference", &stacked), ("current", &stacked)]).canary;
    for c in [two_files.expect("canary ran"), by_column.expect("canary ran")] {
        assert_eq!(c.problem, None, "{}", c.arms);
        assert_eq!(c.metric, "error_rate");
        assert_eq!((c.control.rows, c.control.events), (5000, want["control"]["errors"].as_u64().expect("n")));
        assert_eq!((c.canary.rows, c.canary.events), (1200, want["canary"]["errors"].as_u64().expect("n")));
        close(c.difference, &want["difference"], "difference");
        let ci = c.ci.expect("interval");
        close(ci[0], &want["ci"][0], "CI low");
        close(ci[1], &want["ci"][1], "CI high");
        let z = c.z_test.as_ref().expect("z");
        close(z.statistic, &want["z_test"]["statistic"], "z");
        close_p(z.p_value, &want["z_test"]["p_value"], "z-test");
        let ks = c.ks.as_ref().expect("KS");
        close(ks.statistic, &want["ks"]["statistic"], "KS D");
        close_p(ks.p_value, &want["ks"]["p_value"], "KS");
        assert_eq!(c.verdict, plumbline::checks::canary::CanaryVerdict::Hold, "the canary's scores drifted");
    }
}

#[test]
fn criteria_follow_mlflow_metric_threshold_semantics() {
    let d = load("classification.csv");
    let mut config = one_file_config("target", "pred_new", Some("score_new"), "pred_old", Some("score_old"));
    config.performance.bootstrap = 100;
    // AUC rose by 0.0142: passes "at least +0.01", fails "at least +0.02"; log loss fell by 0.024
    // (lower is better): passes a 5 % relative improvement, fails 10 %; accuracy 0.815 fails ≥ 0.9.
    let criterion = |metric: &str, t: Option<f64>, abs: Option<f64>, rel: Option<f64>| Criterion {
        metric: Metric::from_name(metric).expect("a metric"),
        threshold: t,
        min_absolute_change: abs,
        min_relative_change: rel,
        greater_is_better: None,
    };
    for (c, pass) in [
        (criterion("roc_auc", None, Some(0.01), None), true),
        (criterion("roc_auc", None, Some(0.02), None), false),
        (criterion("log_loss", None, None, Some(0.05)), true),
        (criterion("log_loss", None, None, Some(0.10)), false),
        (criterion("accuracy", Some(0.9), None, None), false),
        (criterion("accuracy", Some(0.8), Some(-0.01), None), true),
    ] {
        config.comparison.criteria = vec![c.clone()];
        let k = report(&config, &[("reference", &d)]).comparison.expect("comparison ran");
        let m = k.metrics.iter().find(|m| m.metric == c.metric).expect("metric");
        assert_eq!(m.passed, pass, "{c:?}");
        assert_eq!(k.passed, pass, "{c:?}: the verdict follows the one criterion");
        assert!(m.criterion.is_some());
    }
}

#[test]
fn missing_columns_and_keys_give_a_problem_not_a_crash() {
    let d = load("classification.csv");
    let mut config = one_file_config("target", "pred_new", None, "no_such_column", None);
    let c = report(&config, &[("reference", &d)]).comparison.expect("asked for");
    assert!(c.problem.as_deref().is_some_and(|p| p.contains("no_such_column")), "{:?}", c.problem);
    assert!(!c.passed);
    // A baseline file without an id to join on.
    config.comparison.baseline_prediction = None;
    config.roles.id = None;
    let base = load("baseline.csv");
    let r = report(&config, &[("reference", &d), ("baseline", &base)]);
    assert!(r.comparison.and_then(|c| c.problem).is_some_and(|p| p.contains("id column")));
    assert_eq!(r.verdict, plumbline::gates::Verdict::NoGo, "an asked-for comparison that cannot run fails its gate");
    // Skew keys that do not exist.
    let mut config = Config::default();
    config.skew.id = vec!["nope".into()];
    let k =
        report(&config, &[("reference", &load("training.csv")), ("serving", &load("serving.csv"))]).skew.expect("skew");
    assert!(k.problem.as_deref().is_some_and(|p| p.contains("nope")));
}

#[test]
fn a_criterion_on_a_misspelt_metric_is_refused_when_the_config_loads() {
    // Before, a criterion on a metric the comparison did not compute was skipped: a misspelt
    // one could never fail the verdict.
    let config = r#"{"comparison": {"criteria": [{"metric": "acuracy", "threshold": 0.9}]}}"#;
    let error = Config::from_saved(config).expect_err("refused").to_string();
    assert!(error.contains("acuracy") && error.contains("`accuracy`"), "{error}");
    let good = r#"{"comparison": {"criteria": [{"metric": "accuracy", "threshold": 0.9}]}}"#;
    let config = Config::from_saved(good).expect("a known metric loads");
    assert_eq!(config.comparison.criteria[0].metric, Metric::Accuracy);
}
