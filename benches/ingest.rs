//! Native speed of CSV → Arrow and of the summary, on a generated file shaped like the design's
//! target (200 000 rows × 20 columns: 12 numeric, 8 categorical, ≈ 27 MB).
//! `cargo bench --bench ingest`; throughput is printed as MB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plumbline::checks::summary::summarize;
use plumbline::config::SummaryConfig;
use plumbline::data::{load_bytes, FileHash, LoadOptions, Loader};
use plumbline::progress::NoProgress;

mod common;
use common::generate;

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
