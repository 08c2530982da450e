//! The summary equals pandas' `describe` / `value_counts` / `nunique` and numpy's `histogram`
//! on committed fixtures (made by `tests/fixtures/make_summary_fixtures.py`).

use std::path::Path;

use plumbline::checks::summary::{summarize, ColumnSummary, Scalar};
use plumbline::config::SummaryConfig;
use plumbline::data::{load_bytes, ColumnType, LoadOptions};
use plumbline::progress::NoProgress;
use serde_json::Value;

const REL: f64 = 1e-9;

fn close(got: f64, want: f64) -> bool {
    got == want || (got - want).abs() <= REL * want.abs().max(1e-300) || (got - want).abs() < 1e-12
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn scalar_f64(s: &Option<Scalar>) -> Option<f64> {
    match s {
        Some(Scalar::Int(i)) => Some(*i as f64),
        Some(Scalar::Float(f)) => Some(*f),
        _ => None,
    }
}

fn check_column(file: &str, got: &ColumnSummary, want: &Value) {
    let ctx = format!("{file}:{}", got.name);
    let dtype = want["pandas_dtype"].as_str().unwrap_or_default();
    let numeric = dtype.starts_with("int") || dtype.starts_with("float");
    assert_eq!(numeric, got.kind.is_numeric(), "{ctx}: pandas {dtype} vs {:?}", got.kind);
    if dtype == "bool" {
        assert_eq!(got.kind, ColumnType::Boolean, "{ctx}");
    }
    for (key, value) in [("count", got.count), ("missing", got.missing), ("distinct", got.distinct)] {
        assert_eq!(Some(value), want[key].as_u64(), "{ctx}: {key}");
    }
    if numeric {
        for (key, value) in
            [("min", scalar_f64(&got.min)), ("max", scalar_f64(&got.max)), ("mean", got.mean), ("std", got.std)]
        {
            match (value, num(&want[key])) {
                (Some(g), Some(w)) => assert!(close(g, w), "{ctx}: {key} {g} vs pandas {w}"),
                (g, w) => assert_eq!(g, w, "{ctx}: {key}"),
            }
        }
        let q = got.quantiles.as_ref().expect("numeric column has quantiles");
        let pairs = [
            ("p1", q.p1),
            ("p5", q.p5),
            ("p25", q.p25),
            ("p50", q.p50),
            ("p75", q.p75),
            ("p95", q.p95),
            ("p99", q.p99),
        ];
        for (key, g) in pairs {
            let w = num(&want["quantiles"][key]).expect("pandas quantile");
            assert!(close(g, w), "{ctx}: {key} {g} vs pandas {w}");
        }
        let h = got.histogram.as_ref().expect("histogram");
        let want_counts: Vec<u64> =
            want["histogram"]["counts"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        assert_eq!(h.counts, want_counts, "{ctx}: histogram counts");
        for (g, w) in h.edges.iter().zip(want["histogram"]["edges"].as_array().unwrap()) {
            assert!(close(*g, w.as_f64().unwrap()), "{ctx}: histogram edge {g} vs {w}");
        }
    }
    // value_counts: the counts in order are equal; values are equal wherever the count is not
    // tied with a neighbour (pandas orders ties by first appearance, Plumbline by value).
    let want_top = want["top"].as_array().expect("top");
    let want_counts: Vec<u64> = want_top.iter().map(|t| t["count"].as_u64().unwrap()).collect();
    let got_counts: Vec<u64> = got.top.iter().map(|t| t.count).collect();
    assert_eq!(got_counts, want_counts, "{ctx}: top counts");
    for (i, (g, w)) in got.top.iter().zip(want_top).enumerate() {
        let tied = want_counts.iter().filter(|&&c| c == want_counts[i]).count() > 1;
        if tied {
            continue;
        }
        let same = match (&g.value, &w["value"]) {
            (Scalar::Text(s), Value::String(t)) => s == t,
            (Scalar::Bool(b), Value::Bool(c)) => b == c,
            (v, Value::Number(n)) => scalar_f64(&Some(v.clone())).zip(n.as_f64()).is_some_and(|(a, b)| close(a, b)),
            _ => false,
        };
        assert!(same, "{ctx}: top[{i}] {:?} vs pandas {}", g.value, w["value"]);
    }
}

#[test]
fn summary_equals_pandas_on_every_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summary");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("csv") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("expected.json")).unwrap()).unwrap();
        let data = load_bytes(&name, &std::fs::read(&path).unwrap(), LoadOptions::default()).unwrap();
        let summary = summarize(&data, &SummaryConfig::default(), &mut NoProgress);
        let want_cols = expected["columns"].as_array().unwrap();
        assert_eq!(summary.columns.len(), want_cols.len(), "{name}: column count");
        for (got, want) in summary.columns.iter().zip(want_cols) {
            assert_eq!(got.name, want["name"].as_str().unwrap(), "{name}");
            check_column(&name, got, want);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} columns checked");
}

#[test]
fn parquet_and_csv_of_the_same_data_summarise_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pq = load_bytes(
        "adult_reference.parquet",
        &std::fs::read(root.join("www/demo/adult_reference.parquet")).unwrap(),
        LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(pq.rows, 32_561);
    let s = summarize(&pq, &SummaryConfig::default(), &mut NoProgress);
    let age = s.columns.iter().find(|c| c.name == "age").unwrap();
    assert_eq!((age.kind, age.count, age.missing), (ColumnType::Integer, 32_561, 0));
    let workclass = s.columns.iter().find(|c| c.name == "workclass").unwrap();
    assert_eq!(workclass.missing, 1_836, "the '?' markers are nulls in the demo Parquet");
}
