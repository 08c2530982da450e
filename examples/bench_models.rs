//! Writes the scoring benchmark's models and data for the browser benchmark
//! (`tests/browser/bench-onnx.mjs`): `rf100.onnx`, `lr.onnx` and `features.csv` (N rows).
//!   cargo run --release --example bench_models -- DIR [ROWS]

#[path = "../benches/common/onnx.rs"]
mod onnx;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let rows: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1_000_000);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("rf100.onnx"), onnx::random_forest(100, 8, 7))?;
    std::fs::write(dir.join("lr.onnx"), onnx::logistic_regression())?;
    std::fs::write(dir.join("features.csv"), onnx::features_csv(rows, 0x2545_f491_4f6c_dd1d))?;
    println!("wrote {}", dir.display());
    Ok(())
}
