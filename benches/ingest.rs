//! Native speed of CSV → Arrow and of the summary, on a generated file shaped like the design's
//! target (200 000 rows × 20 columns: 12 numeric, 8 categorical, ≈ 27 MB).
//! `cargo bench --bench ingest`; throughput is printed as MB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plumbline::checks::summary::summarize;
use plumbline::config::SummaryConfig;
use plumbline::data::{load_bytes, FileHash, LoadOptions, Loader};
use plumbline::progress::NoProgress;

/// A deterministic CSV: 12 numeric and 8 categorical columns.
pub fn generate(rows: usize) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 140);
    let names: Vec<String> = (0..12).map(|i| format!("num_{i}")).chain((0..8).map(|i| format!("cat_{i}"))).collect();
    out.push_str(&names.join(","));
    out.push('\n');
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..rows {
        for i in 0..12 {
            let v = next();
            if i % 3 == 0 {
                out.push_str(&format!("{}", v % 100_000));
            } else {
                out.push_str(&format!("{:.4}", (v % 1_000_000) as f64 / 997.0 - 300.0));
            }
            out.push(',');
        }
        for i in 0..8 {
            let v = next() % (5 + i * 7) as u64;
            out.push_str(&format!("category_{i}_{v}"));
            out.push(if i == 7 { '\n' } else { ',' });
        }
    }
    out.into_bytes()
}

fn ingest(c: &mut Criterion) {
    let csv = generate(200_000);
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.bench_function("csv_to_arrow_200k_x_20", |b| {
        b.iter(|| load_bytes("bench.csv", &csv, LoadOptions::default()).map(|d| d.rows))
    });
    // What the worker and the CLI do: they hash on another core, in parallel.
    g.bench_function("csv_to_arrow_200k_x_20_unhashed", |b| {
        b.iter(|| {
            let mut l = Loader::new("bench.csv", LoadOptions::default()).without_hash();
            for c in csv.chunks(4 << 20) {
                l.push(c).expect("generated CSV loads");
            }
            l.finish().map(|d| d.rows)
        })
    });
    g.bench_function("sha256_27mb", |b| {
        b.iter(|| {
            let mut h = FileHash::new();
            h.update(&csv);
            h.hex()
        })
    });
    let data = load_bytes("bench.csv", &csv, LoadOptions::default()).expect("generated CSV loads");
    g.bench_function("summary_200k_x_20", |b| {
        b.iter(|| summarize(&data, &SummaryConfig::default(), &mut NoProgress).rows)
    });
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
