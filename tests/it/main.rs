//! The integration tests: one crate (one binary to build and link), a module per area.
//! Each module is named after what it proves; fixtures live in `tests/fixtures` and
//! `tests/malformed`, made by the committed scripts beside them.

mod check_registry;
mod cli;
mod common;
mod comparison_matches_reference;
mod cost_matches_numpy;
mod drift_matches_evidently;
mod drift_matches_scipy;
mod drift_over_time;
mod fairness_matches_fairlearn;
mod invariants;
mod leakage_matches_sklearn;
mod loading;
mod malformed_inputs;
mod onnx_matches_onnxruntime;
mod parquet_codecs;
mod performance_matches_sklearn;
mod quality_matches_pandas;
mod report_html;
mod report_schema;
mod segments_match_reference;
mod stability_matches_pandas;
mod summary_matches_pandas;
mod tidy;
