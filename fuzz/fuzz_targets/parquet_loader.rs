//! The Parquet path of the loader: a `PAR1` file of any bytes is a dataset or a `LoadError`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plumbline::data::{load_bytes, LoadOptions};

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"PAR1".to_vec();
    bytes.extend_from_slice(data);
    let _ = load_bytes("fuzz.parquet", &bytes, LoadOptions::default());
});
