//! Parquet written by pyarrow with every supported codec loads to the same data, and every
//! Arrow type is normalised to its canonical column type (fixtures:
//! `tests/fixtures/make_parquet_fixtures.py`).

use std::path::Path;

use plumbline::checks::summary::summarize;
use plumbline::config::SummaryConfig;
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::progress::NoProgress;
use serde_json::Value;

#[test]
fn every_codec_loads_the_same_table_with_canonical_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parquet");
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut summaries = Vec::new();
    for codec in ["snappy", "gzip", "lz4", "brotli", "zstd", "none"] {
        let name = format!("types_{codec}.parquet");
        let data = load_bytes(&name, &std::fs::read(dir.join(&name)).unwrap(), LoadOptions::default())
            .unwrap_or_else(|e| panic!("{codec}: {e}"));
        assert_eq!(data.rows, expected["rows"].as_u64().unwrap(), "{codec}");
        for c in &data.columns {
            assert_eq!(c.kind.name(), expected["types"][&c.name].as_str().unwrap(), "{codec}: {}", c.name);
            assert_eq!(c.invalid, 0, "{codec}: {}", c.name);
        }
        let s = summarize(&data, &SummaryConfig::default(), &mut NoProgress);
        for (col, missing) in expected["missing"].as_object().unwrap() {
            let got = s.columns.iter().find(|c| &c.name == col).unwrap();
            assert_eq!(got.missing, missing.as_u64().unwrap(), "{codec}: {col}");
        }
        let dec = s.columns.iter().find(|c| c.name == "dec").unwrap();
        let sum = dec.mean.unwrap() * dec.count as f64;
        assert!((sum - expected["sum_dec"].as_f64().unwrap()).abs() < 1e-9, "{codec}: decimals as floats");
        summaries.push(serde_json::to_string(&s).unwrap());
    }
    assert!(summaries.windows(2).all(|w| w[0] == w[1]), "codecs must not change the data");
}
