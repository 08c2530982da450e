//! Native speed of the model checks on 1 000 000 rows with five sensitive attributes and all
//! ten pairwise intersections: fairness (rates, intervals, tests, summaries, sweep), model
//! quality (with 1000 bootstrap resamples), weak segments (7 features, 21 pairs) and the cost of
//! errors. `cargo bench --bench model_checks`.

use criterion::{criterion_group, criterion_main, Criterion};
use plumbline::checks::cost::cost;
use plumbline::checks::fairness::fairness;
use plumbline::checks::performance::performance;
use plumbline::checks::segments::segments;
use plumbline::checks::Inputs;
use plumbline::config::{Config, CostConfig};
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::run::{effective_config, Input};

mod common;
use common::generate_model;

fn bench(c: &mut Criterion) {
    let data = load_bytes("model.csv", &generate_model(1_000_000, 0x9E37_79B9_7F4A_7C15), LoadOptions::default())
        .expect("generated CSV loads");
    let mut config = effective_config(&Config::default(), &[Input { name: "reference", data: &data }]).expect("config");
    assert_eq!(config.roles.sensitive.len(), 5, "{:?}", config.roles.sensitive);
    config.cost = Some(CostConfig { fp: 1.0, fn_: 5.0, tp: 0.0, tn: 0.0 });
    let inputs = Inputs::reference(&data);
    let f = fairness(&config, &inputs).expect("fairness");
    assert_eq!(f.attributes.len(), 15, "5 attributes and 10 pairs");
    let mut g = c.benchmark_group("model_checks");
    g.sample_size(10);
    g.bench_function("fairness_1m_5_attributes_10_pairs", |b| b.iter(|| fairness(&config, &inputs)));
    g.bench_function("performance_1m_bootstrap_1000", |b| b.iter(|| performance(&config, &inputs)));
    g.bench_function("segments_1m_7_features", |b| b.iter(|| segments(&config, &inputs)));
    g.bench_function("cost_1m", |b| b.iter(|| cost(&config, &inputs)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
