//! Every check on a small fuzzed data set with fuzzed roles: the first byte picks the roles among
//! the columns, the rest is a CSV split into a reference and a current half. Whatever the data,
//! the run ends in a report or a `ConfigError`, and the report renders.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plumbline::config::Config;
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::progress::NoProgress;
use plumbline::run::{run, Input};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    if rest.len() > 4096 {
        return; // small data sets: the checks' cost grows with rows, the paths with shapes
    }
    let Ok(reference) = load_bytes("reference.csv", rest, LoadOptions::default()) else { return };
    let header_end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
    let (header, body) = rest.split_at(header_end);
    let half = body.len() / 2;
    let tail = body.get(half..).unwrap_or_default();
    let start = tail.iter().position(|&b| b == b'\n').map_or(tail.len(), |i| i + 1);
    let mut current_bytes = header.to_vec();
    current_bytes.extend_from_slice(tail.get(start..).unwrap_or_default());
    let current = load_bytes("current.csv", &current_bytes, LoadOptions::default()).ok();
    let names: Vec<String> = reference.columns.iter().map(|c| c.name.clone()).collect();
    if names.is_empty() {
        return;
    }
    let name = |k: u8| names[usize::from(k) % names.len()].clone();
    let mut config = Config::default();
    if pick & 1 != 0 {
        config.roles.target = Some(name(pick >> 1));
    }
    if pick & 2 != 0 {
        config.roles.prediction = Some(name(pick >> 2));
    }
    if pick & 4 != 0 {
        config.roles.score = Some(name(pick >> 3));
        config.roles.threshold = Some(f64::from(pick >> 4) / 8.0);
    }
    if pick & 8 != 0 {
        config.roles.sensitive = vec![name(pick >> 4)];
    }
    config.performance.bootstrap = 20;
    let mut inputs = vec![Input { name: "reference", data: &reference }];
    if let Some(c) = &current {
        inputs.push(Input { name: "current", data: c });
    }
    if let Ok(report) = run(&config, &inputs, None, &mut NoProgress) {
        let _ = plumbline::report::html::render(&report);
        let _ = report.to_json();
    }
});
