//! The config reader and the gate language: any text is a config or a `ConfigError`, and any
//! parsed config's gates evaluate against a small report without a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| plumbline::fuzz::config_gates(data));
