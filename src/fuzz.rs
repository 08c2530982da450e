//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), here so that the native tests replay
//! the same code on every file the fuzzer found (`tests/malformed/fuzz/<target>/`) and on the
//! corpus. Each takes any bytes and returns normally, or panics when a promise breaks: a panic in
//! the engine, a row count that depends on chunking, a gate that passes by mistake, a model
//! error that does not name its file.

use crate::config::Config;
use crate::data::{load_bytes, LoadOptions, Loader};
use crate::gates::{validate, Verdict};
use crate::progress::NoProgress;
use crate::run::{run, Input};

/// The fuzz targets by name, as `fuzz/Cargo.toml` and `tests/malformed/fuzz/` name them.
pub const TARGETS: [(&str, fn(&[u8])); 5] = [
    ("csv_loader", csv_loader),
    ("parquet_loader", parquet_loader),
    ("config_gates", config_gates),
    ("onnx_loader", onnx_loader),
    ("all_checks", all_checks),
];

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A fuzzed gzip stream that inflates past this is skipped: a 4 KiB input of deflated zeros
/// inflates to about 4 MB, which the loader takes (it refuses bombs from 32 MiB on) but which
/// costs more than the 1 s bound of an instrumented run to parse twice. The bomb bound itself is
/// tested natively (`tests/malformed/gzip_bomb.csv.gz`).
const FUZZ_INFLATE_CAP: u64 = 1 << 20;

/// Whether `data` is gzip that inflates to more than `cap` bytes (inflating at most `cap + 1`).
fn inflates_beyond(data: &[u8], cap: u64) -> bool {
    use std::io::Read;
    if !data.starts_with(&GZIP_MAGIC) {
        return false;
    }
    let mut decoder = flate2::read::GzDecoder::new(data).take(cap + 1);
    let mut sink = [0u8; 8192];
    let mut total = 0u64;
    loop {
        match decoder.read(&mut sink) {
            Ok(0) | Err(_) => return total > cap,
            Ok(n) => total += n as u64,
        }
    }
}

/// The CSV path of the loader (encodings, separators, decimal commas, gzip), fed whole and in
/// chunks cut where the input says: every outcome is a dataset or a `LoadError`.
pub fn csv_loader(data: &[u8]) {
    if inflates_beyond(data, FUZZ_INFLATE_CAP) {
        return;
    }
    let whole = load_bytes("fuzz.csv", data, LoadOptions::default());
    // The same bytes in chunks of a size taken from the first byte (1..=64): chunk boundaries
    // must not change the outcome.
    let step = usize::from(data.first().copied().unwrap_or(0) % 64) + 1;
    let mut loader = Loader::new("fuzz.csv", LoadOptions::default());
    let mut chunked = Ok(());
    for chunk in data.chunks(step) {
        if let Err(e) = loader.push(chunk) {
            chunked = Err(e);
            break;
        }
    }
    let chunked = chunked.and_then(|()| loader.finish());
    assert_eq!(whole.as_ref().map(|d| d.rows).ok(), chunked.as_ref().map(|d| d.rows).ok(), "chunking changed the rows");
}

/// The Parquet path of the loader: a `PAR1` file of any bytes is a dataset or a `LoadError`.
/// Bytes that do not start with the magic get it in front (so every input takes this path);
/// seeds that are Parquet files already are fed as they are, their offsets intact.
pub fn parquet_loader(data: &[u8]) {
    let mut bytes = Vec::with_capacity(data.len() + 4);
    if !data.starts_with(b"PAR1") {
        bytes.extend_from_slice(b"PAR1");
    }
    bytes.extend_from_slice(data);
    let _ = load_bytes("fuzz.parquet", &bytes, LoadOptions::default());
}

/// The config reader and the gate language: any text is a config or a `ConfigError`, and any
/// parsed config's gates evaluate against a small report; no gate passes by mistake.
pub fn config_gates(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = validate(text);
    if let Ok(config) = Config::from_saved(text) {
        let report = serde_json::json!({
            "drift": {"share_drifted": 0.2, "columns": [{"column": "a", "drifted": false}]},
            "quality": {"findings": []},
            "performance": {"inputs": [{"input": "current", "metrics": {"accuracy": {"value": 0.8}}}]},
        });
        let (evaluated, verdict) = crate::run::judge(&config, &report);
        assert!(verdict != Verdict::Go || evaluated.iter().all(|g| g.passed == Some(true)), "a gate passed by mistake");
    }
}

/// The ONNX model reader (protobuf, graph, operators, tensor shapes): any bytes are a model or a
/// `ModelError` naming the file. Without the `onnx` feature there is no reader to fuzz.
pub fn onnx_loader(data: &[u8]) {
    #[cfg(feature = "onnx")]
    if let Err(e) = crate::model::Model::load("fuzz.onnx", data) {
        assert!(e.to_string().contains("fuzz.onnx"), "the message names the file: {e}");
    }
    #[cfg(not(feature = "onnx"))]
    let _ = data;
}

/// Every check on a small fuzzed data set with fuzzed roles: the first byte picks the roles among
/// the columns, the rest is a CSV split into a reference and a current half. Whatever the data,
/// the run ends in a report or an error, and the report renders.
pub fn all_checks(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    if rest.len() > 4096 || rest.starts_with(&GZIP_MAGIC) {
        // Small data sets: the checks' cost grows with rows, the paths with shapes. Gzip is the
        // loader's business (`csv_loader`); here it would only spend the time on inflating.
        return;
    }
    let Ok(reference) = load_bytes("reference.csv", rest, LoadOptions::default()) else { return };
    let header_end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
    let (header, body) = rest.split_at(header_end);
    let tail = body.get(body.len() / 2..).unwrap_or_default();
    let start = tail.iter().position(|&b| b == b'\n').map_or(tail.len(), |i| i + 1);
    let mut current_bytes = header.to_vec();
    current_bytes.extend_from_slice(tail.get(start..).unwrap_or_default());
    let current = load_bytes("current.csv", &current_bytes, LoadOptions::default()).ok();
    let names: Vec<String> = reference.columns.iter().map(|c| c.name.clone()).collect();
    if names.is_empty() {
        return;
    }
    let name = |k: u8| names[usize::from(k) % names.len()].clone();
    let mut config = Config::default();
    if pick & 1 != 0 {
        config.roles.target = Some(name(pick >> 1));
    }
    if pick & 2 != 0 {
        config.roles.prediction = Some(name(pick >> 2));
    }
    if pick & 4 != 0 {
        config.roles.score = Some(name(pick >> 3));
        config.roles.threshold = Some(f64::from(pick >> 4) / 8.0);
    }
    if pick & 8 != 0 {
        config.roles.sensitive = vec![name(pick >> 4)];
    }
    config.performance.bootstrap = 20;
    let mut inputs = vec![Input { name: "reference", data: &reference }];
    if let Some(c) = &current {
        inputs.push(Input { name: "current", data: c });
    }
    if let Ok(report) = run(&config, &inputs, None, &mut NoProgress) {
        let _ = crate::report::html::render(&report);
        let _ = report.to_json();
    }
}
