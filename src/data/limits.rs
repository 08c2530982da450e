//! How much memory a file will take once loaded, and the refusal of files that cannot fit.
//!
//! A browser tab's engine worker is a wasm32 instance: at most 4 GiB of memory for every input it
//! holds, the working copies the checks make, and the report. A file that cannot fit is refused
//! *before* it is read, with its size, the estimate and what to do instead, rather than a tab that
//! dies half-way ("Aw, Snap!", or an OOM trap that loses everything loaded so far).
//!
//! **Estimate.** Arrow holds a CSV in about its own size (numbers in 8 bytes instead of their
//! text, strings as their bytes plus 4-byte offsets), and the checks' sorted copies, ranks,
//! histograms and the domain classifier's samples take more again: 2.5× the CSV. A gzip'd CSV is
//! counted at 5× its size (typical compression of tabular text) times that; Parquet at 4× its
//! size (columnar compression and encoding) times that. Measured in headless Chromium on a
//! 20-column table (12 numeric, 8 categorical; `tests/browser/largest-file.mjs`): a 1.5 GB CSV
//! loads and its checks run, a 1.7 GB one loads and the run runs out of memory, so 2.5× puts the
//! refusal at 1.5 GB; a 344 MB Parquet file of the same table (4.9 M rows) loads and runs.

use crate::error::LoadError;

/// What a wasm32 worker may use at most.
pub const WASM32_MEMORY: u64 = 4 << 30;
/// The share of it the inputs may plan for: the rest is the engine itself, the report and the
/// allocator's slack.
pub const BROWSER_BUDGET: u64 = WASM32_MEMORY / 8 * 7;

/// The memory (bytes) a file of `bytes` bytes named `file` will need once loaded and checked.
pub fn estimate(file: &str, bytes: u64) -> u64 {
    let lower = file.to_lowercase();
    // In tenths: 2.5× for CSV, times 4 for Parquet and 5 for gzip.
    let tenths = if is_parquet(&lower) {
        100
    } else if lower.ends_with(".gz") {
        125
    } else {
        25
    };
    bytes.saturating_mul(tenths) / 10
}

fn is_parquet(lower: &str) -> bool {
    lower.ends_with(".parquet") || lower.ends_with(".pq")
}

/// `Err` when `file` (of `bytes` bytes) cannot fit in `budget` next to inputs already needing
/// `held` bytes: the message gives the size, the estimate, and what to do instead.
pub fn check_fits(file: &str, bytes: u64, held: u64, budget: u64) -> Result<(), LoadError> {
    let need = estimate(file, bytes);
    if need.saturating_add(held) <= budget {
        return Ok(());
    }
    let others = if held > 0 { format!(" next to the {} the other inputs need", size(held)) } else { String::new() };
    // Parquet is already the smaller form: no point suggesting it for a Parquet file.
    let parquet = if is_parquet(&file.to_lowercase()) { "" } else { "Save it as Parquet (smaller in memory), " };
    Err(LoadError::TooLarge {
        file: file.to_string(),
        message: format!(
            "{} is too large to check in the browser: it would need about {} of memory{others}, and a \
             browser tab's engine has at most {} for everything it holds. {parquet}check a sample of \
             its rows, or run the command-line tool on it (plumbline check --reference FILE), which \
             has no such limit.",
            size(bytes),
            size(need),
            size(budget),
        ),
    })
}

/// Bytes as "3.2 GB" / "850 MB" / "12 KB" (decimal units, as file managers show them).
pub fn size(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.0} MB", b / 1e6)
    } else {
        format!("{:.0} KB", (b / 1e3).max(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_fit_pass_and_others_are_refused_with_size_estimate_and_advice() {
        let gib = 1u64 << 30;
        for (file, bytes, held, fits) in [
            ("train.csv", 1_500_000_000, 0, true),
            ("train.csv", 1_700_000_000, 0, false),
            ("train.csv", 1_000_000_000, 1_000_000_000, true),
            ("train.csv", 1_000_000_000, 2 * gib, false),
            ("train.parquet", 300_000_000, 0, true),
            ("train.parquet", 600_000_000, 0, false),
            ("train.csv.gz", 300_000_000, 0, true),
            ("TRAIN.CSV.GZ", 500_000_000, 0, false),
        ] {
            let got = check_fits(file, bytes, held, BROWSER_BUDGET);
            assert_eq!(got.is_ok(), fits, "{file} {bytes} next to {held}: {got:?}");
            if let Err(e) = got {
                let text = e.to_string();
                for part in [file, "too large to check in the browser", "a sample", "plumbline check"] {
                    assert!(text.contains(part), "{text}");
                }
                let parquet = file.ends_with(".parquet");
                assert_eq!(text.contains("Save it as Parquet"), !parquet, "{text}");
            }
        }
        let e = check_fits("big.csv", 3_000_000_000, 0, BROWSER_BUDGET).unwrap_err().to_string();
        assert!(e.contains("big.csv: 3.0 GB") && e.contains("about 7.5 GB") && e.contains("at most 3.8 GB"), "{e}");
    }
}
