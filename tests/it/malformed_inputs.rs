//! Every file of the malformed corpus (`tests/malformed/MANIFEST.json`, made by
//! `make_corpus.py`) gives either a clear error naming the file (and the position where the
//! manifest says so) or loads and is summarised as a data-quality finding — never a panic.
//!
//! The manifest drives everything: per file the chunk sizes to push (`chunks`), and for files
//! that load the rows, columns, text encoding and decoded values that must come out (`rows`,
//! `columns`, `encoding`, `values`); see the docstring of `make_corpus.py`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use plumbline::checks::summary::summarize;
use plumbline::config::SummaryConfig;
use plumbline::data::{ColumnType, Dataset, LoadOptions, Loader};
use plumbline::progress::NoProgress;
use serde_json::Value;

/// Chunk sizes used when the manifest does not name any.
const DEFAULT_CHUNKS: [usize; 3] = [7, 4096, 1 << 22];

/// Loads `bytes` in chunks of `chunk` bytes (so chunk boundaries fall everywhere).
fn load(name: &str, bytes: &[u8], chunk: usize) -> Result<Dataset, plumbline::error::LoadError> {
    let mut loader = Loader::new(name, LoadOptions::default());
    for c in bytes.chunks(chunk.max(1)) {
        loader.push(c)?;
    }
    loader.finish()
}

fn corpus() -> (std::path::PathBuf, Vec<Value>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let manifest: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap()).unwrap();
    (dir, manifest)
}

/// Checks one file loaded in chunks of `chunk` against its manifest entry; `Err` says what
/// is wrong, starting with the file's name.
fn check(file: &str, entry: &Value, bytes: &[u8], chunk: usize) -> Result<(), String> {
    let at = format!("{file} (chunks of {chunk})");
    let mentions: Vec<&str> = entry["mentions"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    let result = load(file, bytes, chunk);
    match entry["expect"].as_str().unwrap() {
        "error" => {
            let msg = match result {
                Err(e) => e.to_string(),
                Ok(d) => {
                    return Err(format!(
                        "{at}: expected an error, but it loaded {} rows x {} columns",
                        d.rows,
                        d.columns.len()
                    ))
                }
            };
            if !msg.starts_with(&format!("{file}:")) {
                return Err(format!("{at}: the message must start with the file's name: {msg:?}"));
            }
            for m in &mentions {
                if !msg.contains(m) {
                    return Err(format!("{at}: {msg:?} should mention {m:?}"));
                }
            }
            Ok(())
        }
        "finding" => {
            let data = result.map_err(|e| format!("{at}: should load, got: {e}"))?;
            if let Some(rows) = entry.get("rows").and_then(Value::as_u64) {
                if data.rows != rows {
                    return Err(format!("{at}: {} rows loaded, expected {rows}", data.rows));
                }
            }
            if let Some(columns) = entry.get("columns").and_then(Value::as_u64) {
                if data.columns.len() as u64 != columns {
                    let names = data.column_names();
                    let shown = names.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
                    return Err(format!("{at}: {} columns loaded ({shown}…), expected {columns}", names.len()));
                }
            }
            if let Some(encoding) = entry.get("encoding").and_then(Value::as_str) {
                if data.encoding != encoding {
                    return Err(format!("{at}: read as {:?}, expected {encoding:?}", data.encoding));
                }
            }
            if let Some(values) = entry.get("values").and_then(Value::as_object) {
                for (column, want) in values {
                    let want = want.as_str().unwrap();
                    let Some(i) = data.column_index(column) else {
                        return Err(format!("{at}: no column {column:?}; columns are {:?}", data.column_names()));
                    };
                    let texts = data.texts(i);
                    if !texts.iter().any(|t| t.as_deref() == Some(want)) {
                        let some: Vec<_> = texts.iter().take(5).collect();
                        return Err(format!("{at}: column {column:?} holds no value {want:?}; it starts {some:?}"));
                    }
                }
            }
            let summary = summarize(&data, &SummaryConfig::default(), &mut NoProgress);
            let json = serde_json::to_string(&summary).unwrap();
            for m in &mentions {
                if !json.contains(m) {
                    return Err(format!("{at}: summary should mention {m:?}"));
                }
            }
            Ok(())
        }
        other => Err(format!("{file}: unknown expect {other:?} in MANIFEST.json")),
    }
}

#[test]
fn every_malformed_file_gives_a_clear_error_or_a_finding() {
    let (dir, manifest) = corpus();
    assert!(manifest.len() >= 40, "the corpus holds {} files", manifest.len());
    let mut failures = Vec::new();
    for entry in &manifest {
        let file = entry["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let chunks: Vec<usize> = match entry.get("chunks") {
            Some(c) => c.as_array().unwrap().iter().map(|n| n.as_u64().unwrap() as usize).collect(),
            None => DEFAULT_CHUNKS.to_vec(),
        };
        for chunk in chunks {
            match catch_unwind(AssertUnwindSafe(|| check(file, entry, &bytes, chunk))) {
                Ok(Ok(())) => {}
                Ok(Err(failure)) => failures.push(failure),
                Err(panic) => {
                    let msg = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    failures.push(format!("{file} (chunks of {chunk}): PANICKED: {msg}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn findings_carry_the_numbers_an_analyst_needs() {
    let (dir, manifest) = corpus();
    let get = |f: &str| load(f, &std::fs::read(dir.join(f)).unwrap(), 1 << 20).unwrap();
    let entry = |f: &str| manifest.iter().find(|e| e["file"] == f).unwrap_or_else(|| panic!("{f} not in the manifest"));

    let mixed = get("mixed_types.csv");
    let qty = &mixed.columns[mixed.column_index("qty").unwrap()];
    assert_eq!((qty.kind.name(), qty.invalid, qty.invalid_examples.len()), ("integer", 3, 3));

    let nulls = get("all_null_column.csv");
    let s = summarize(&nulls, &SummaryConfig::default(), &mut NoProgress);
    let notes = s.columns.iter().find(|c| c.name == "notes").unwrap();
    assert_eq!((notes.count, notes.missing), (0, 40));

    let quoted = get("crlf_bom_semicolon.csv");
    assert_eq!(quoted.rows, 4);
    assert_eq!(quoted.columns[0].name, "id", "the BOM is not part of the first name");

    let dup = get("duplicate_header.csv");
    let names = dup.column_names();
    assert_eq!(names.iter().filter(|n| n.starts_with("name")).count(), 2);
    assert_ne!(names[1], names[3]);

    let header_only = get("header_only.csv");
    assert_eq!((header_only.rows, header_only.columns.len()), (0, 3));

    // Decimal commas: the price column is numbers, and they sum to what the generator wrote.
    let european = get("decimal_comma.csv");
    let price = european.column_index("price").unwrap();
    assert_eq!((european.columns[price].kind, european.columns[price].decimal_comma), (ColumnType::Float, true));
    assert_eq!(european.columns[price].invalid, 0);
    let qty = european.column_index("qty").unwrap();
    assert_eq!((european.columns[qty].kind, european.columns[qty].decimal_comma), (ColumnType::Integer, false));
    let want = entry("decimal_comma.csv")["price_sum"].as_f64().unwrap();
    let prices = european.numbers(price);
    assert!(prices.iter().all(Option::is_some), "every price parses: {prices:?}");
    let sum: f64 = prices.iter().flatten().sum();
    assert!((sum - want).abs() <= 1e-9 * want.abs().max(1.0), "sum of prices {sum}, generator's {want}");

    let sep = get("excel_sep_line.csv");
    assert!(sep.sep_line, "the sep= line is recognised");
    assert_eq!(sep.column_names(), ["id", "name", "score"]);
}

/// The corpus' two largest shapes through every check: a column of a million distinct values is
/// summarised by its top values (never a million-row table), and a 10 000-column file gives an
/// HTML report that opens (its per-column tables cut at `MAX_COLUMN_ROWS`, saying so; the JSON
/// keeps every column).
#[test]
fn a_million_categories_and_ten_thousand_columns_give_a_report_that_opens() {
    use plumbline::config::Config;
    use plumbline::report::html::{render, MAX_COLUMN_ROWS};
    use plumbline::run::{run, Input};
    let (dir, _) = corpus();
    for (file, max_html, cut) in
        [("million_categories.csv.gz", 1 << 20, false), ("wide_10000_columns.csv", 4 << 20, true)]
    {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let data = load(file, &bytes, 1 << 22).unwrap_or_else(|e| panic!("{file}: {e}"));
        // A batch of a wide file is short: arrow-csv reserves memory for every field of a batch
        // (a fuzz find: 16 384 rows x 10 001 offsets reserved 1.3 GB for this 175 KB file).
        for b in &data.batches {
            let fields = b.num_rows() * b.num_columns();
            assert!(fields <= plumbline::data::CSV_BATCH_FIELDS, "{file}: a batch of {fields} fields");
        }
        let inputs = [Input { name: "reference", data: &data }, Input { name: "current", data: &data }];
        let report = run(&Config::default(), &inputs, None, &mut NoProgress).unwrap();
        let html = render(&report);
        assert!(html.len() < max_html, "{file}: {} bytes of HTML", html.len());
        let summary = &report.summary["reference"];
        assert_eq!(summary.columns.len(), data.columns.len(), "{file}: the JSON keeps every column");
        let json = serde_json::to_value(&report).unwrap();
        let drift = json["drift"]["columns"].as_array().unwrap();
        for c in drift {
            let labels = c["shares"]["labels"].as_array().map_or(0, Vec::len);
            assert!(labels <= 11, "{file}: {} shares for {}", labels, c["column"]);
        }
        let said = format!("The table shows {MAX_COLUMN_ROWS} of {} columns", data.columns.len());
        assert_eq!(html.contains(&said), cut, "{file}: {said}");
    }
}

/// Every fuzz target's body (`plumbline::fuzz`, the code `make fuzz` runs) on every input the
/// fuzzer found (`tests/malformed/fuzz/<target>/`, one file per crash, hang or leak, kept once
/// fixed), on the target's seeds and on the malformed corpus: no panic, and every promise the
/// targets assert holds (rows independent of chunking, no gate passing by mistake, model errors
/// naming the file).
#[test]
fn fuzz_finds_seeds_and_corpus_replay_through_every_fuzz_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, body) in plumbline::fuzz::TARGETS {
        let mut dirs = vec![root.join("tests/malformed/fuzz").join(target), root.join("tests/malformed")];
        match target {
            "config_gates" => dirs.push(root.join("fuzz/seeds/config_gates")),
            "onnx_loader" => dirs.push(root.join("tests/fixtures/onnx")),
            _ => {}
        }
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for path in entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()) {
                let bytes = std::fs::read(&path).unwrap();
                // The fuzzer's inputs are small; the corpus's few big files are the loading
                // test's business (and slow in a debug build in 1-byte chunks).
                if bytes.len() > 256 << 10 {
                    continue;
                }
                if catch_unwind(AssertUnwindSafe(|| body(&bytes))).is_err() {
                    failures.push(format!("{target}: {}", path.display()));
                }
                replayed += 1;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "these inputs broke a fuzz target's promise (its panic is printed above):\n{}",
        failures.join("\n")
    );
    assert!(replayed > 200, "only {replayed} inputs replayed");
}

/// Inputs the fuzzer found that panic inside a dependency, not in Plumbline: arrow-rs's parquet
/// crate and tract (`tests/upstream_panics/<crate>/README.md` says where). Until the crate is
/// fixed the app recovers by replacing its worker and the CLI exits 2; this test fails once an
/// update fixes one, so the lists stay true.
#[test]
fn inputs_that_panic_inside_a_dependency_still_do() {
    let mut crates: Vec<(&str, fn(&[u8]), usize)> = vec![("parquet", plumbline::fuzz::parquet_loader, 3)];
    if cfg!(feature = "onnx") {
        crates.push(("tract", plumbline::fuzz::onnx_loader, 1));
    }
    for (name, target, count) in crates {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/upstream_panics").join(name);
        let mut seen = 0;
        for path in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            if path.extension().is_some_and(|e| e == "bin") {
                let bytes = std::fs::read(&path).unwrap();
                let outcome = catch_unwind(AssertUnwindSafe(|| target(&bytes)));
                assert!(
                    outcome.is_err(),
                    "{} no longer panics: {name} fixed it; move it to tests/malformed/fuzz/",
                    path.display()
                );
                seen += 1;
            }
        }
        assert_eq!(seen, count, "{name}");
    }
}
