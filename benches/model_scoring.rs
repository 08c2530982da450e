//! Native speed of scoring ONNX models with tract (`src/model/`): 100 000 rows of 5 features
//! through a 100-tree random forest (depth 8) and a logistic regression, mapping included.
//! `cargo bench --bench model_scoring`; the browser figure is `tests/browser/bench-onnx.mjs`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::model::Model;

#[path = "common/onnx.rs"]
mod onnx;

const ROWS: usize = 100_000;

fn bench(c: &mut Criterion) {
    let data = load_bytes("features.csv", &onnx::features_csv(ROWS, 0x2545_f491_4f6c_dd1d), LoadOptions::default())
        .expect("loads");
    let features: Vec<String> = data.column_names();
    let mut g = c.benchmark_group("model_scoring");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    for (name, bytes) in [
        ("random_forest_100_trees", onnx::random_forest(100, 8, 7)),
        ("logistic_regression", onnx::logistic_regression()),
    ] {
        let model = Model::load(name, &bytes).expect("the bench model loads");
        let mapping = model.mapping(&Default::default(), &data, &features).expect("maps by position");
        let scored = model.score_batches(&mapping, "features.csv", &data.batches, &mut |_| {}).expect("scores");
        assert_eq!(scored.prediction.iter().map(|a| a.len()).sum::<usize>(), ROWS);
        g.bench_function(format!("{name}_100k_rows"), |b| {
            b.iter(|| model.score_batches(&mapping, "features.csv", &data.batches, &mut |_| {}).expect("scores"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
