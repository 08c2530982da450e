//! Drift over time: chunks by month, week (auto) or rows; per chunk each column's statistic
//! against the reference and the model's accuracy, on data whose drift starts in March.

use plumbline::checks::drift::drift;
use plumbline::config::{ChunkBy, ChunkConfig, Config};
use plumbline::data::{load_bytes, Dataset, LoadOptions};
use plumbline::progress::NoProgress;
use plumbline::run::{effective_config, Input};
use plumbline::stats::cdf_distance::wasserstein_normed;

const GOLDEN: f64 = 0.618_033_988_749_894_9;

/// Low-discrepancy uniform values, so that undrifted chunks are close to the reference.
fn x(i: usize) -> f64 {
    (i as f64 * GOLDEN).fract()
}

fn reference() -> Dataset {
    let mut csv = String::from("day,x,c,y,p\n");
    for i in 0..2000 {
        let y = u8::from(x(i) > 0.5);
        let (m, dd) = (1 + (i / 28) % 12, 1 + i % 28);
        csv += &format!("2023-{m:02}-{dd:02},{},{},{y},{y}\n", x(i), ["a", "b", "c"][i % 3]);
    }
    load_bytes("reference.csv", csv.as_bytes(), LoadOptions::default()).expect("reference")
}

/// 91 days from 2024-01-01, 20 rows a day; from March x moves up by 0.5, c is mostly "c" and
/// every other prediction is wrong.
fn current() -> (Dataset, Vec<(usize, f64)>) {
    let mut csv = String::from("day,x,c,y,p\n");
    let mut rows = Vec::new();
    for d in 0..91 {
        let march = d >= 60;
        let (m, dd) = if d < 31 {
            (1, d + 1)
        } else if d < 60 {
            (2, d - 30)
        } else {
            (3, d - 59)
        };
        for k in 0..20 {
            let i = 7 + d * 20 + k;
            let v = x(i) + if march { 0.5 } else { 0.0 };
            let y = u8::from(v > 0.5);
            let p = if march && k % 2 == 0 { 1 - y } else { y };
            let c = if march && k % 4 != 0 { "c" } else { ["a", "b", "c"][i % 3] };
            csv += &format!("2024-{m:02}-{dd:02},{v},{c},{y},{p}\n");
            rows.push((d, v));
        }
    }
    (load_bytes("current.csv", csv.as_bytes(), LoadOptions::default()).expect("current"), rows)
}

fn config(by: ChunkBy, size: Option<usize>, reference: &Dataset) -> Config {
    let mut c = Config::default();
    c.roles.timestamp = Some("day".into());
    c.roles.target = Some("y".into());
    c.roles.prediction = Some("p".into());
    c.drift.chunks = Some(ChunkConfig { by, size });
    effective_config(&c, &[Input { name: "reference", data: reference }]).expect("config")
}

#[test]
fn monthly_chunks_show_drift_and_the_accuracy_drop_only_in_march() {
    let r = reference();
    let (c, rows) = current();
    let d = drift(&config(ChunkBy::Month, None, &r), &r, &c, &mut NoProgress);
    let chunking = d.chunking.as_ref().expect("chunked");
    assert_eq!(chunking.by, ChunkBy::Month);
    assert_eq!(chunking.metric.as_deref(), Some("accuracy"));
    assert_eq!(chunking.reference_metric, Some(1.0));
    let spans: Vec<(&str, &str, u64)> = d.chunks.iter().map(|k| (k.start.as_str(), k.end.as_str(), k.rows)).collect();
    assert_eq!(
        spans,
        [("2024-01-01", "2024-01-31", 620), ("2024-02-01", "2024-02-29", 580), ("2024-03-01", "2024-03-31", 620)]
    );
    let drifted = |k: usize, col: &str| d.chunks[k].columns.iter().find(|c| c.column == col).expect("column").drifted;
    for col in ["x", "c"] {
        assert_eq!([drifted(0, col), drifted(1, col), drifted(2, col)], [false, false, true], "{col}");
    }
    assert_eq!(d.chunks.iter().map(|k| k.metric).collect::<Vec<_>>(), [Some(1.0), Some(1.0), Some(0.5)]);
    // The chunk statistic is the column's method on that chunk alone.
    let mut ref_x: Vec<f64> = (0..2000).map(x).collect();
    ref_x.sort_by(f64::total_cmp);
    let mut march: Vec<f64> = rows.iter().filter(|(d, _)| *d >= 60).map(|&(_, v)| v).collect();
    march.sort_by(f64::total_cmp);
    let want = wasserstein_normed(&ref_x, &march).expect("distance");
    let got = d.chunks[2].columns.iter().find(|c| c.column == "x").and_then(|c| c.statistic).expect("statistic");
    assert!((got - want).abs() <= 1e-12 * want, "{got} vs {want}");
}

#[test]
fn auto_picks_weeks_and_row_chunks_cover_every_row() {
    let r = reference();
    let (c, _) = current();
    let d = drift(&config(ChunkBy::Auto, None, &r), &r, &c, &mut NoProgress);
    assert_eq!(d.chunking.as_ref().map(|k| k.by), Some(ChunkBy::Week), "91 days are too many day chunks");
    assert_eq!(d.chunks.len(), 13, "2024-01-01 is a Monday and 2024-03-31 a Sunday: 13 full weeks");
    assert_eq!(d.chunks.iter().map(|k| k.rows).sum::<u64>(), 1820);
    let d = drift(&config(ChunkBy::Rows, Some(500), &r), &r, &c, &mut NoProgress);
    let spans: Vec<(String, String)> = d.chunks.iter().map(|k| (k.start.clone(), k.end.clone())).collect();
    assert_eq!(spans.last(), Some(&("1501".to_string(), "1820".to_string())));
    assert_eq!(d.chunks.len(), 4);
}

#[test]
fn row_chunks_without_a_size_are_refused() {
    let err = Config::from_json(r#"{"drift": {"chunks": {"by": "rows"}}}"#).expect_err("needs a size");
    assert!(err.to_string().contains("drift.chunks.size"), "{err}");
    let err = Config::from_json(r#"{"drift": {"method": "kss"}}"#).expect_err("unknown method");
    assert!(err.to_string().contains("kss") && err.to_string().contains("wasserstein"), "{err}");
}
