//! Native speed of the drift check on 1 000 000 rows × 20 columns per side (12 numeric, 8
//! categorical; four numeric columns shifted in the current data), with Evidently's default
//! methods, effect sizes and the domain classifier. `cargo bench --bench drift`.
//! The same shape in Python for the Evidently comparison: `scripts/bench_vs_evidently.py`.

use criterion::{criterion_group, criterion_main, Criterion};
use plumbline::checks::drift::drift;
use plumbline::config::{Config, Roles};
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::progress::NoProgress;
use plumbline::run::{effective_config, Input};

mod common;
use common::generate_seeded;

fn bench(c: &mut Criterion) {
    let rows = 1_000_000;
    let reference =
        load_bytes("reference.csv", &generate_seeded(rows, 0x9E37_79B9_7F4A_7C15, 0.0), LoadOptions::default())
            .expect("generated CSV loads");
    let current = load_bytes("current.csv", &generate_seeded(rows, 0x2545_F491_4F6C_DD1D, 5.0), LoadOptions::default())
        .expect("generated CSV loads");
    let mut config = Config::default();
    config.roles = Roles { features: reference.column_names(), ..Roles::default() };
    let config = effective_config(&config, &[Input { name: "reference", data: &reference }]).expect("config");
    let mut g = c.benchmark_group("drift");
    g.sample_size(10);
    g.bench_function("1m_x_20_per_side_defaults", |b| b.iter(|| drift(&config, &reference, &current, &mut NoProgress)));
    let mut univariate = config.clone();
    univariate.drift.multivariate.enabled = false;
    g.bench_function("1m_x_20_per_side_univariate_only", |b| {
        b.iter(|| drift(&univariate, &reference, &current, &mut NoProgress))
    });
    let mut ks = univariate.clone();
    ks.drift.num_method = Some(plumbline::config::DriftMethod::Ks);
    g.bench_function("1m_x_20_per_side_ks", |b| b.iter(|| drift(&ks, &reference, &current, &mut NoProgress)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
