//! Native speed of the joins by id on 1 000 000 × 1 000 000 rows: the hash join alone, the
//! model comparison of two files (McNemar, DeLong, 1000 paired-bootstrap resamples on a
//! 100 000-row subset, slices) and the train/serve skew of the same two files.
//! `cargo bench --bench comparison`.

use criterion::{criterion_group, criterion_main, Criterion};
use plumbline::checks::comparison::comparison;
use plumbline::checks::join::{join, keys};
use plumbline::checks::skew::skew;
use plumbline::checks::Inputs;
use plumbline::config::Config;
use plumbline::data::{load_bytes, LoadOptions};

mod common;
use common::generate_pair;

fn bench(c: &mut Criterion) {
    let (cand, base) = generate_pair(1_000_000, 0x5EED);
    let cand = load_bytes("candidate.csv", &cand, LoadOptions::default()).expect("loads");
    let base = load_bytes("baseline.csv", &base, LoadOptions::default()).expect("loads");
    let mut config = Config::default();
    config.roles.target = Some("target".into());
    config.roles.prediction = Some("prediction".into());
    config.roles.score = Some("score".into());
    config.roles.id = Some("id".into());
    config.roles.sensitive = vec!["group".into()];
    config.roles.features = vec!["group".into(), "x".into()];
    let ids = vec!["id".to_string()];
    let (ck, bk) = (keys(&cand, &ids).expect("keys"), keys(&base, &ids).expect("keys"));
    let j = join(&ck, &bk);
    assert_eq!((j.pairs.len(), j.left_only, j.right_only), (990_000, 10_000, 10_000));
    let inputs = Inputs { baseline: Some(&base), ..Inputs::reference(&cand) };
    let k = comparison(&config, &inputs).expect("comparison");
    assert_eq!((k.rows, k.problem), (990_000, None));
    let mut g = c.benchmark_group("comparison");
    g.sample_size(10);
    g.bench_function("keys_and_join_1m_x_1m", |b| {
        b.iter(|| join(&keys(&cand, &ids).expect("keys"), &keys(&base, &ids).expect("keys")))
    });
    g.bench_function("comparison_1m_x_1m_bootstrap_1000", |b| b.iter(|| comparison(&config, &inputs)));
    let skew_inputs = Inputs { serving: Some(&base), ..Inputs::reference(&cand) };
    g.bench_function("skew_1m_x_1m", |b| b.iter(|| skew(&config, &skew_inputs)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
