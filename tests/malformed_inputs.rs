//! Every file of the malformed corpus (`tests/malformed/MANIFEST.json`, made by
//! `make_corpus.py`) gives either a clear error naming the file (and the position where the
//! manifest says so) or loads and is summarised as a data-quality finding — never a panic.

use std::path::Path;

use plumbline::checks::summary::summarize;
use plumbline::config::SummaryConfig;
use plumbline::data::{LoadOptions, Loader};
use plumbline::progress::NoProgress;
use serde_json::Value;

/// Loads `bytes` in chunks of `chunk` bytes (so chunk boundaries fall everywhere).
fn load(name: &str, bytes: &[u8], chunk: usize) -> Result<plumbline::data::Dataset, plumbline::error::LoadError> {
    let mut loader = Loader::new(name, LoadOptions::default());
    for c in bytes.chunks(chunk.max(1)) {
        loader.push(c)?;
    }
    loader.finish()
}

#[test]
fn every_malformed_file_gives_a_clear_error_or_a_finding() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let manifest: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap()).unwrap();
    assert!(manifest.len() >= 15);
    for entry in &manifest {
        let file = entry["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let mentions: Vec<&str> = entry["mentions"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        for chunk in [7, 4096, 1 << 22] {
            let result = load(file, &bytes, chunk);
            match entry["expect"].as_str().unwrap() {
                "error" => {
                    let msg = result.err().unwrap_or_else(|| panic!("{file}: expected an error")).to_string();
                    assert!(msg.starts_with(&format!("{file}:")), "{file}: message must name the file: {msg}");
                    for m in &mentions {
                        assert!(msg.contains(m), "{file} (chunks of {chunk}): {msg:?} should mention {m:?}");
                    }
                }
                _ => {
                    let data = result.unwrap_or_else(|e| panic!("{file} should load (chunks of {chunk}): {e}"));
                    let summary = summarize(&data, &SummaryConfig::default(), &mut NoProgress);
                    let json = serde_json::to_string(&summary).unwrap();
                    for m in &mentions {
                        assert!(json.contains(m), "{file}: summary should mention {m:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn findings_carry_the_numbers_an_analyst_needs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let get = |f: &str| load(f, &std::fs::read(dir.join(f)).unwrap(), 1 << 20).unwrap();

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
}
