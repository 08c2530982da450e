//! Plumbline's engine: data loading from bytes, statistics, checks and report rendering.
//!
//! The engine is pure: it never touches the file system, the network or the browser. The
//! shells (the Yew app and its Web Worker in `app/` and `worker/`, the CLI in `cli.rs`) read
//! bytes, hand them to a [`data::Loader`], call [`run::run`] and show or write the
//! [`report::Report`] it returns. `tests/it/tidy.rs` enforces this.

pub mod checks;
pub mod config;
pub mod data;
pub mod error;
#[doc(hidden)]
pub mod fuzz;
pub mod gates;
pub mod model;
pub mod progress;
pub mod protocol;
pub mod registry;
pub mod report;
pub mod run;
pub mod schema;
pub mod stats;

/// The version written into every report (`plumbline_version`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
