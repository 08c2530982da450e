//! The engine stays pure: no browser crate, no file system, no clock in its modules. Only the
//! shells (`app/`, `worker/`, `cli.rs`, `main.rs`, `worker_main.rs`) may touch the outside.

use std::path::Path;

const SHELLS: [&str; 5] = ["app", "worker", "cli.rs", "main.rs", "worker_main.rs"];
const FORBIDDEN: [&str; 9] =
    ["web_sys", "js_sys", "wasm_bindgen", "yew", "gloo", "std::fs", "std::net", "SystemTime", "Instant::now"];

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_engine_imports_no_web_crate_and_no_file_system() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut engine_files = 0;
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_str().unwrap();
        if SHELLS.contains(&first) {
            continue;
        }
        engine_files += 1;
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN {
                assert!(!code.contains(word), "{}:{}: the engine must not use `{word}`", rel.display(), n + 1);
            }
        }
    }
    assert!(engine_files > 10, "found only {engine_files} engine files");
}

#[test]
fn checks_compute_and_never_draw_or_list_themselves() {
    // A check computes typed results; its section is a `Present` impl in `report/html/`, its
    // sentences and number formats are `report::text`'s, and `registry.rs` is the only list
    // of checks.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks");
    let mut files = Vec::new();
    walk(&dir, &mut files);
    assert!(files.len() > 15, "found only {} check files", files.len());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in ["report::html", "report::text", "fmt_num", "fmt_pct", "maud", "registry::"] {
                assert!(!code.contains(word), "{}:{}: a check must not use `{word}`", f.display(), n + 1);
            }
        }
    }
}
