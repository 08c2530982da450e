//! The Parquet path of the loader: a `PAR1` file of any bytes is a dataset or a `LoadError`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| plumbline::fuzz::parquet_loader(data));
