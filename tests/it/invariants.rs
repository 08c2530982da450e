//! Property tests (proptest) of the invariants the numbers promise, on random small samples:
//! bounded statistics stay in their ranges, a sample against itself drifts by no method, adding
//! a constant to both sides changes no rank test, row order changes no drift or model-quality
//! result, every rate lies in [0, 1] and every bootstrap interval holds its estimate, and the
//! gates' verdict is `go` iff every gate was evaluated and holds. One helper per area; proptest
//! shrinks a failure to its smallest sample and prints it.

use plumbline::checks::drift::{apply, drift, Kind, Prepared};
use plumbline::checks::fairness;
use plumbline::config::{Config, DriftMethod};
use plumbline::data::{load_bytes, Dataset, LoadOptions};
use plumbline::gates::{GateConfig, Unevaluated};
use plumbline::progress::NoProgress;
use plumbline::run::{run, Input};
use proptest::prelude::*;
use serde_json::{json, Value};

const METHODS: [&str; 17] = [
    "ks",
    "chisquare",
    "z",
    "fisher_exact",
    "g_test",
    "TVD",
    "wasserstein",
    "anderson",
    "cramer_von_mises",
    "ed",
    "mannw",
    "t_test",
    "psi",
    "jensenshannon",
    "kl_div",
    "hellinger",
    "l_infinity",
];

fn methods() -> impl Iterator<Item = DriftMethod> {
    METHODS.iter().map(|m| serde_json::from_value(Value::String((*m).into())).expect("a method name"))
}

// ---- Drift statistics ------------------------------------------------------------------------

/// Values on a grid of quarters (sums and shifts stay exact in binary floating point).
fn numbers(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((-60i32..60).prop_map(|v| f64::from(v) / 4.0), len)
}

fn labels(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d", "é", "日本"]).prop_map(String::from), len)
}

fn numeric(r: &[f64], c: &[f64]) -> Prepared {
    Prepared::from_numbers(r.to_vec(), c.to_vec(), Some(Kind::Numeric))
}

fn categorical(r: &[String], c: &[String]) -> Prepared {
    Prepared::from_labels(r.iter().map(|s| Some(s.as_str())), c.iter().map(|s| Some(s.as_str())))
}

/// (method, statistic, p-value) of every method that applies to the column.
fn every_method(p: &Prepared) -> Vec<(DriftMethod, Option<f64>, Option<f64>)> {
    methods().filter(|m| m.allows(p.kind)).filter_map(|m| apply(m, p).ok().map(|(s, pv)| (m, s, pv))).collect()
}

/// What every statistic promises about its range (None: no bound beyond being finite).
fn range_of(m: DriftMethod) -> (f64, Option<f64>) {
    match m.name() {
        "ks" | "TVD" | "hellinger" | "jensenshannon" | "l_infinity" => (0.0, Some(1.0)),
        "psi" | "kl_div" | "wasserstein" | "ed" | "chisquare" | "g_test" | "cramer_von_mises" | "mannw"
        | "fisher_exact" => (0.0, None),
        _ => (f64::NEG_INFINITY, None),
    }
}

fn assert_in_ranges(p: &Prepared) -> Result<(), TestCaseError> {
    for (m, s, pv) in every_method(p) {
        if let Some(pv) = pv {
            prop_assert!((0.0..=1.0).contains(&pv), "{} p-value {pv}", m.name());
        }
        if let Some(s) = s {
            let (lo, hi) = range_of(m);
            // Fisher's odds ratio (0/0, x/0) and Welch's t (zero variances) are undefined on
            // degenerate tables and samples, as in scipy; every other statistic is a number.
            // χ² and G against an expected count of 0 (a category the reference lacks) are +∞,
            // with p = 0, as in scipy.
            if matches!(m.name(), "fisher_exact" | "t_test") && !s.is_finite() {
                continue;
            }
            let infinite_ok = matches!(m.name(), "chisquare" | "g_test") && s == f64::INFINITY;
            prop_assert!(s.is_finite() || infinite_ok, "{} statistic {s}", m.name());
            prop_assert!(s >= lo - 1e-12, "{} statistic {s} below {lo}", m.name());
            if let Some(hi) = hi {
                prop_assert!(s <= hi + 1e-12, "{} statistic {s} above {hi}", m.name());
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn bounded_statistics_stay_in_their_ranges(r in numbers(2..80), c in numbers(2..80),
                                               lr in labels(1..80), lc in labels(1..80)) {
        assert_in_ranges(&numeric(&r, &c))?;
        assert_in_ranges(&categorical(&lr, &lc))?;
    }

    #[test]
    fn a_sample_against_itself_drifts_by_no_method(r in numbers(2..80), l in labels(1..80)) {
        for p in [numeric(&r, &r), categorical(&l, &l)] {
            for (m, s, pv) in every_method(&p) {
                let value = if m.is_test() { pv } else { s };
                if let Some(v) = value {
                    prop_assert!(!m.drifted(v, m.default_threshold()), "{} drifts on itself: {v}", m.name());
                }
            }
        }
    }

    #[test]
    fn a_constant_added_to_both_sides_changes_no_rank_test(r in numbers(2..80), c in numbers(2..80),
                                                            shift in -1000i32..1000) {
        let moved = |v: &[f64]| v.iter().map(|x| x + f64::from(shift)).collect::<Vec<f64>>();
        let (before, after) = (numeric(&r, &c), numeric(&moved(&r), &moved(&c)));
        for name in ["ks", "anderson", "cramer_von_mises", "mannw"] {
            let m: DriftMethod = serde_json::from_value(Value::String(name.into())).expect("method");
            prop_assert_eq!(apply(m, &before), apply(m, &after), "{}", name);
        }
    }
}

// ---- Whole checks on a small binary-classification data set ----------------------------------

#[derive(Debug, Clone)]
struct Row {
    x: f64,
    group: &'static str,
    target: u8,
    score: f64,
}

fn rows(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Row>> {
    let row = ((-40i32..40), prop::sample::select(vec!["f", "m", "x"]), 0u8..2, 0u32..=20).prop_map(
        |(x, group, target, score)| Row { x: f64::from(x) / 4.0, group, target, score: f64::from(score) / 20.0 },
    );
    prop::collection::vec(row, len)
}

fn csv(rows: &[Row]) -> Vec<u8> {
    let mut out = String::from("x,group,target,prediction,score\n");
    for r in rows {
        let prediction = u8::from(r.score >= 0.5);
        out.push_str(&format!("{},{},{},{},{}\n", r.x, r.group, r.target, prediction, r.score));
    }
    out.into_bytes()
}

fn dataset(name: &str, rows: &[Row]) -> Dataset {
    load_bytes(name, &csv(rows), LoadOptions::default()).expect("a generated CSV loads")
}

fn model_config() -> Config {
    serde_json::from_value(json!({
        "roles": {"target": "target", "prediction": "prediction", "score": "score", "sensitive": ["group"]},
        "performance": {"bootstrap": 200},
    }))
    .expect("config")
}

fn report(reference: &[Row], current: &[Row]) -> Value {
    let (r, c) = (dataset("reference.csv", reference), dataset("current.csv", current));
    let inputs = [Input { name: "reference", data: &r }, Input { name: "current", data: &c }];
    let report = run(&model_config(), &inputs, None, &mut NoProgress).expect("the run");
    serde_json::to_value(&report).expect("json")
}

/// Rates by name: they are shares of rows, so they lie in [0, 1].
const RATES: [&str; 14] = [
    "accuracy",
    "balanced_accuracy",
    "precision",
    "recall",
    "f1",
    "specificity",
    "roc_auc",
    "average_precision",
    "tpr",
    "fpr",
    "fnr",
    "tnr",
    "selection_rate",
    "ppr",
];

/// Maps keyed by rate names whose values are not rates.
const RATIOS: [&str; 3] = ["disparity", "p_value", "p_adjusted"];

/// Every rate (a number under a key named in [`RATES`], or its `value`) and every interval
/// `ci: [lo, hi]` next to a `value`, anywhere in the report: (path, problem).
fn rate_problems(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let (Some(value), Some(Value::Array(ci))) = (map.get("value").and_then(Value::as_f64), map.get("ci")) {
                if let [lo, hi] = ci.as_slice() {
                    let (lo, hi) = (lo.as_f64().unwrap_or(f64::NAN), hi.as_f64().unwrap_or(f64::NAN));
                    if !(lo <= value + 1e-12 && value <= hi + 1e-12) {
                        out.push(format!("{path}: estimate {value} outside its interval [{lo}, {hi}]"));
                    }
                }
            }
            for (k, x) in map {
                let here = format!("{path}.{k}");
                if RATIOS.contains(&k.as_str()) {
                    continue; // keyed by rate names, but ratios of rates: any positive number
                }
                let rate = RATES.contains(&k.as_str());
                match x {
                    Value::Number(n) if rate => {
                        let n = n.as_f64().unwrap_or(f64::NAN);
                        if !(0.0..=1.0).contains(&n) {
                            out.push(format!("{here} = {n}"));
                        }
                    }
                    Value::Object(m) if rate => {
                        if let Some(n) = m.get("value").and_then(Value::as_f64) {
                            if !(0.0..=1.0).contains(&n) {
                                out.push(format!("{here}.value = {n}"));
                            }
                        }
                        rate_problems(x, &here, out);
                    }
                    _ => rate_problems(x, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                rate_problems(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// `a` and `b` equal, numbers within 1e-12 relative (a sum over rows in another order rounds
/// differently in the last bit); the differences found, by path.
fn same_up_to_rounding(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            if (x - y).abs() > 1e-12 * x.abs().max(y.abs()).max(1.0) {
                out.push(format!("{path}: {x} vs {y}"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() || x.keys().any(|k| !y.contains_key(k)) {
                out.push(format!(
                    "{path}: keys {:?} vs {:?}",
                    x.keys().collect::<Vec<_>>(),
                    y.keys().collect::<Vec<_>>()
                ));
                return;
            }
            for (k, v) in x {
                same_up_to_rounding(v, &y[k], &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same_up_to_rounding(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: {a} vs {b}")),
    }
}

/// The results that must not depend on the order of the rows (the bootstrap's intervals do:
/// its resamples are drawn by row number, like numpy's).
fn order_free(report: &Value) -> Value {
    let metrics = |input: &Value| -> Value {
        input["metrics"].as_object().map_or(Value::Null, |m| {
            m.iter().map(|(k, v)| (k.clone(), v["value"].clone())).collect::<serde_json::Map<_, _>>().into()
        })
    };
    json!({
        "drift": report["drift"]["columns"],
        "performance": report["performance"]["inputs"].as_array().map(|a| a.iter().map(metrics).collect::<Vec<_>>()),
        "fairness": report["fairness"]["attributes"].as_array().map(|a| a.iter().map(|x| {
            // A group's rates sit in the group itself (flattened, as Aequitas' columns).
            x["groups"].as_array().map(|g| g.iter().map(|g| {
                let rates: Vec<Value> = fairness::RATES.iter().map(|r| g[*r].clone()).collect();
                json!([g["group"], g["n"], rates])
            }).collect::<Vec<_>>())
        }).collect::<Vec<_>>()),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_rate_is_in_0_1_and_every_interval_holds_its_estimate(reference in rows(20..120), current in rows(20..120)) {
        let report = report(&reference, &current);
        prop_assert!(report["performance"].is_object(), "performance ran");
        let mut problems = Vec::new();
        rate_problems(&report, "report", &mut problems);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn row_order_changes_no_drift_or_model_quality_result(
        (reference, shuffled) in rows(20..120).prop_flat_map(|r| (Just(r.clone()), Just(r).prop_shuffle())),
        current in rows(20..120),
    ) {
        let (a, b) = (report(&reference, &current), report(&shuffled, &current));
        prop_assert!(a["drift"]["columns"].as_array().is_some_and(|c| !c.is_empty()), "drift ran");
        let mut differences = Vec::new();
        same_up_to_rounding(&order_free(&a), &order_free(&b), "report", &mut differences);
        prop_assert!(differences.is_empty(), "{}", differences.join("\n"));
    }

    #[test]
    fn row_order_changes_no_column_drift(
        (reference, shuffled) in rows(20..120).prop_flat_map(|r| (Just(r.clone()), Just(r).prop_shuffle())),
        current in rows(20..120),
    ) {
        let config: Config = serde_json::from_value(json!({"roles": {"target": "target"}})).expect("config");
        let c = dataset("current.csv", &current);
        let one = drift(&config, &dataset("reference.csv", &reference), &c, &mut NoProgress);
        let two = drift(&config, &dataset("reference.csv", &shuffled), &c, &mut NoProgress);
        prop_assert_eq!(serde_json::to_value(&one.columns).ok(), serde_json::to_value(&two.columns).ok());
    }
}

// ---- Gates -----------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Path {
    /// `values.kK`, which holds `values[k]` when k < the number of values.
    Value(usize),
    /// `lists.kK[*].v`: every element of `lists[k]` (an empty list holds).
    List(usize),
}

fn gate_strategy() -> impl Strategy<Value = (Path, usize, f64)> {
    let path = prop_oneof![(0usize..6).prop_map(Path::Value), (0usize..4).prop_map(Path::List)];
    (path, 0usize..4, (-4i32..5).prop_map(f64::from))
}

const OPS: [&str; 4] = ["<", "<=", ">", ">="];

fn holds(op: &str, a: f64, b: f64) -> bool {
    match op {
        "<" => a < b,
        "<=" => a <= b,
        ">" => a > b,
        _ => a >= b,
    }
}

proptest! {
    #[test]
    fn the_verdict_is_go_iff_every_gate_was_evaluated_and_holds(
        values in prop::collection::vec((-4i32..5).prop_map(f64::from), 0..5),
        lists in prop::collection::vec(prop::collection::vec((-4i32..5).prop_map(f64::from), 0..4), 0..3),
        list in prop::collection::vec(gate_strategy(), 0..6),
    ) {
        let report = json!({
            "values": values.iter().enumerate().map(|(i, v)| (format!("k{i}"), json!(v))).collect::<serde_json::Map<_, _>>(),
            "lists": lists.iter().enumerate().map(|(i, l)| {
                (format!("k{i}"), l.iter().map(|v| json!({"v": v})).collect::<Value>())
            }).collect::<serde_json::Map<_, _>>(),
        });
        let mut expected = Vec::new();
        let mut config_gates = Vec::new();
        for (i, (path, op, bound)) in list.iter().enumerate() {
            let op = OPS[*op];
            let (expression, want) = match path {
                Path::Value(k) => (format!("values.k{k} {op} {bound}"), values.get(*k).map(|v| holds(op, *v, *bound))),
                Path::List(k) => (
                    format!("lists.k{k}[*].v {op} {bound}"),
                    lists.get(*k).map(|l| l.iter().all(|v| holds(op, *v, *bound))),
                ),
            };
            config_gates.push(GateConfig { name: format!("g{i}"), expression });
            expected.push(want);
        }
        for ignore in [false, true] {
            let mut config = Config::default();
            config.gates = Some(config_gates.clone());
            config.gates_unevaluated = if ignore { Unevaluated::Ignore } else { Unevaluated::Fail };
            let (evaluated, verdict) = plumbline::run::judge(&config, &report);
            let got: Vec<Option<bool>> = evaluated.iter().map(|g| g.passed).collect();
            prop_assert_eq!(&got, &expected);
            let failed = expected.iter().any(|p| *p == Some(false));
            let unknown = expected.iter().any(|p| p.is_none());
            let want = if failed || (unknown && !ignore) {
                "no-go"
            } else if expected.iter().all(|p| p.is_none()) {
                "no gates"
            } else {
                "go"
            };
            prop_assert_eq!(verdict.name(), want, "gates {:?}", evaluated);
        }
    }
}
