//! The CSV path of the loader (encodings, separators, decimal commas, gzip), fed whole and in
//! chunks cut where the input says: every outcome is a dataset or a `LoadError`, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plumbline::data::{load_bytes, LoadOptions, Loader};

fuzz_target!(|data: &[u8]| {
    let whole = load_bytes("fuzz.csv", data, LoadOptions::default());
    // The same bytes in chunks of a size taken from the first byte (1..=64): chunk boundaries
    // must not change the outcome.
    let step = usize::from(data.first().copied().unwrap_or(0) % 64) + 1;
    let mut loader = Loader::new("fuzz.csv", LoadOptions::default());
    let mut chunked = Ok(());
    for chunk in data.chunks(step) {
        if let Err(e) = loader.push(chunk) {
            chunked = Err(e);
            break;
        }
    }
    let chunked = chunked.and_then(|()| loader.finish());
    assert_eq!(whole.as_ref().map(|d| d.rows).ok(), chunked.as_ref().map(|d| d.rows).ok(), "chunking changed the rows");
});
