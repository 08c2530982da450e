//! The report-size figure: a 50-column data set (every role: timestamp, sensitive attributes,
//! target, score, prediction) with every section — summary, quality, leakage, drift with drift
//! over time and the domain classifier, model quality, fairness with pairs, weak segments, cost,
//! gates — rendered to the self-contained HTML. Prints its size and times the rendering.
//! `cargo bench --bench report`. (`tests/it/report_html.rs` holds the 300 KB budget.)

use criterion::{criterion_group, criterion_main, Criterion};
use plumbline::config::{Config, CostConfig};
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::progress::NoProgress;
use plumbline::report::html;
use plumbline::run::{run, Input};

mod common;
use common::generate_wide;

fn bench(c: &mut Criterion) {
    let rows = 20_000;
    let reference =
        load_bytes("reference.csv", &generate_wide(rows, 0x9E37_79B9_7F4A_7C15, 0.0), LoadOptions::default())
            .expect("generated CSV loads");
    let current = load_bytes("current.csv", &generate_wide(rows, 0x2545_F491_4F6C_DD1D, 20.0), LoadOptions::default())
        .expect("generated CSV loads");
    let config = Config { cost: Some(CostConfig { fp: 1.0, fn_: 3.0, tp: 0.0, tn: 0.0 }), ..Config::default() };
    let inputs = [Input { name: "reference", data: &reference }, Input { name: "current", data: &current }];
    let report = run(&config, &inputs, None, &mut NoProgress).expect("report");
    let page = html::render(&report);
    println!(
        "report of {} columns × {rows} rows per side: {} bytes HTML ({:.0} KB), {} bytes JSON",
        reference.columns.len(),
        page.len(),
        page.len() as f64 / 1024.0,
        report.to_json().len()
    );
    let keep = std::env::temp_dir().join("plumbline-report-50-columns.html");
    if std::fs::write(&keep, &page).is_ok() {
        println!("(written to {} to look at)", keep.display());
    }
    let mut g = c.benchmark_group("report");
    g.sample_size(20);
    g.bench_function("render_50_columns_every_section", |b| b.iter(|| html::render(&report)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
