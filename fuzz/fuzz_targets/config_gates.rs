//! The config reader and the gate language: any text is a config or a `ConfigError`, and any
//! parsed config's gates evaluate against a small report without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plumbline::checks::gates::{gates, validate};
use plumbline::config::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = validate(text);
    if let Ok(config) = Config::from_saved(text) {
        let report = serde_json::json!({
            "drift": {"share_drifted": 0.2, "columns": [{"column": "a", "drifted": false}]},
            "quality": {"findings": []},
            "performance": {"inputs": [{"input": "current", "metrics": {"accuracy": {"value": 0.8}}}]},
        });
        let (evaluated, verdict) = gates(&config, &report);
        assert!(verdict != "go" || evaluated.iter().all(|g| g.passed == Some(true)), "a gate passed by mistake");
    }
});
