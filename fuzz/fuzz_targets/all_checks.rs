//! Every check on a small fuzzed data set with fuzzed roles: the first byte picks the roles among
//! the columns, the rest is a CSV split into a reference and a current half. Whatever the data,
//! the run ends in a report or a `ConfigError`, and the report renders.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| plumbline::fuzz::all_checks(data));
