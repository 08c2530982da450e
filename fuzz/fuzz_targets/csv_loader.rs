//! The CSV path of the loader (encodings, separators, decimal commas, gzip), fed whole and in
//! chunks cut where the input says: every outcome is a dataset or a `LoadError`, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| plumbline::fuzz::csv_loader(data));
