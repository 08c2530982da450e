//! Helpers shared by the test modules.

use std::path::Path;

use plumbline::data::{load_bytes, Dataset, LoadOptions};

/// A committed file (path from the repository's root), loaded as the app and the CLI load it.
pub fn load(path: &str) -> Dataset {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    load_bytes(path, &std::fs::read(&p).unwrap_or_else(|e| panic!("{path}: {e}")), LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path} loads: {e}"))
}
