//! Loading invariants: how the bytes arrive (chunk sizes, gzip, BOM, CRLF, delimiter) never
//! changes the data; type overrides apply; the first rows decide types, later misfits are
//! counted.

use std::io::Write;
use std::path::Path;

use plumbline::checks::summary::summarize;
use plumbline::config::SummaryConfig;
use plumbline::data::{load_bytes, ColumnType, Dataset, LoadOptions, Loader};
use plumbline::progress::NoProgress;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summary").join(name)).unwrap()
}

fn summary_json(d: &Dataset) -> String {
    serde_json::to_string(&summarize(d, &SummaryConfig::default(), &mut NoProgress)).unwrap()
}

fn load_chunked(name: &str, bytes: &[u8], chunk: usize) -> Dataset {
    let mut l = Loader::new(name, LoadOptions::default());
    for c in bytes.chunks(chunk) {
        l.push(c).unwrap();
    }
    l.finish().unwrap()
}

#[test]
fn chunk_boundaries_do_not_change_the_data() {
    let bytes = fixture("mixed.csv");
    let whole = summary_json(&load_bytes("mixed.csv", &bytes, LoadOptions::default()).unwrap());
    for chunk in [1, 2, 3, 17, 1000, 65_537] {
        assert_eq!(summary_json(&load_chunked("mixed.csv", &bytes, chunk)), whole, "chunks of {chunk}");
    }
}

#[test]
fn gzip_bom_crlf_and_other_delimiters_give_the_same_data() {
    let bytes = fixture("mixed.csv");
    let text = String::from_utf8(bytes.clone()).unwrap();
    let want = summary_json(&load_bytes("mixed.csv", &bytes, LoadOptions::default()).unwrap());

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("gzip", gz.finish().unwrap()),
        ("bom", [&[0xEF, 0xBB, 0xBF][..], &bytes].concat()),
        ("crlf", text.replace('\n', "\r\n").into_bytes()),
    ];
    for (what, v) in variants {
        assert_eq!(summary_json(&load_bytes("mixed.csv", &v, LoadOptions::default()).unwrap()), want, "{what}");
    }
    // The fixture has no commas inside fields, so swapping the delimiter is exact.
    assert!(!text.contains('"'));
    for d in [";", "\t", "|"] {
        let swapped = text.replace(',', d).into_bytes();
        assert_eq!(
            summary_json(&load_bytes("mixed.csv", &swapped, LoadOptions::default()).unwrap()),
            want,
            "delimiter {d:?}"
        );
    }
}

#[test]
fn a_type_override_wins_over_inference() {
    let csv = b"zip,amount\n01234,1\n98765,2\n";
    let inferred = load_bytes("z.csv", csv, LoadOptions::default()).unwrap();
    assert_eq!(inferred.columns[0].kind, ColumnType::Integer);
    let mut options = LoadOptions::default();
    options.types.insert("zip".into(), ColumnType::String);
    options.types.insert("amount".into(), ColumnType::Float);
    let d = load_bytes("z.csv", csv, options).unwrap();
    assert_eq!((d.columns[0].kind, d.columns[0].overridden), (ColumnType::String, true));
    assert_eq!(d.columns[1].kind, ColumnType::Float);
    let s = summarize(&d, &SummaryConfig::default(), &mut NoProgress);
    assert_eq!(s.columns[0].min, Some(plumbline::checks::summary::Scalar::Text("01234".into())));
}

#[test]
fn values_after_the_sample_that_do_not_fit_are_counted_not_fatal() {
    let mut csv = String::from("n\n");
    for i in 0..20_000 {
        csv.push_str(&format!("{i}\n"));
    }
    csv.push_str("twenty thousand\n3.5\n");
    let d = load_bytes("late.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    let n = &d.columns[0];
    assert_eq!((n.kind, n.invalid), (ColumnType::Integer, 2));
    assert_eq!(n.invalid_examples[0].row, 20_001);
    assert_eq!(n.invalid_examples[0].value, "twenty thousand");
    assert_eq!(d.rows, 20_002);
}

#[test]
fn quoted_fields_keep_delimiters_quotes_and_newlines() {
    let csv = "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n";
    let d = load_bytes("q.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    assert_eq!(d.rows, 3);
    let s = summarize(&d, &SummaryConfig { top: 3, ..Default::default() }, &mut NoProgress);
    let values: Vec<String> = s.columns[1].top.iter().map(|t| plumbline::report::text::scalar(&t.value)).collect();
    assert_eq!(values, ["a, b", "say \"hi\"", "two\nlines"]);
}

/// Past the type sample the typed decoder takes over: the data must equal what the text path
/// gives, whatever the line ends and wherever values stop fitting.
#[test]
fn the_typed_fast_path_equals_the_text_path() {
    let mut lf = String::from("id,x,flag,name,day\n");
    for i in 0..50_000u32 {
        let x = match i % 997 {
            0 => "NA".to_string(),
            1 if i > 30_000 => "oops".to_string(),
            2 => "nan".to_string(),
            _ => format!("{}.{}", i % 1000, i % 7),
        };
        let flag = if i % 3 == 0 { "true" } else { "FALSE" };
        lf.push_str(&format!("{i},{x},{flag},n{},2024-01-{:02}\n", i % 13, 1 + i % 28));
    }
    let crlf = lf.replace('\n', "\r\n");
    let a = load_bytes("lf.csv", lf.as_bytes(), LoadOptions::default()).unwrap();
    let b = load_chunked("crlf.csv", crlf.as_bytes(), 100_003);
    assert_eq!(a.rows, 50_000);
    assert_eq!(summary_json(&a), summary_json(&b));
    let x = &a.columns[1];
    assert_eq!(x.kind, ColumnType::Float);
    let oops = (30_000..50_000u32).filter(|i| i % 997 == 1).count() as u64;
    assert_eq!(x.invalid, oops, "late words are counted");
    let s = summarize(&a, &SummaryConfig::default(), &mut NoProgress);
    let na = (0..50_000u32).filter(|i| i % 997 == 0 || i % 997 == 2).count() as u64;
    assert_eq!(s.columns[1].missing, na + oops, "NA and nan tokens are missing on both paths");
    assert_eq!(s.columns[2].count, 50_000);
    assert_eq!(s.columns[4].kind, ColumnType::Date);
}

#[test]
fn a_structural_error_past_the_sample_names_the_file_record() {
    let mut csv = String::from("a,b\n");
    for i in 0..30_000 {
        csv.push_str(&format!("{i},{i}\n"));
    }
    csv.push_str("1,2,3\n");
    let err = load_bytes("late.csv", csv.as_bytes(), LoadOptions::default()).unwrap_err().to_string();
    assert!(err.contains("record 30002"), "{err}");
}
