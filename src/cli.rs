//! The native CLI: reads files, runs the engine, writes the JSON and HTML reports.
//!
//! Exit codes (a pipeline gates a deployment on them): 0 when every gate passes, 1 when a gate
//! fails, 2 for unusable input or usage, with a message on stderr naming the file and position.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use plumbline::checks::perturb::{perturbed, to_csv, to_parquet};
use plumbline::config::Config;
use plumbline::data::{Dataset, FileHash, LoadOptions, Loader};
use plumbline::gates::{Unevaluated, Verdict};
use plumbline::model::apply::{run_with_models, Models};
use plumbline::model::Model;
use plumbline::progress::NoProgress;
use plumbline::report::html;
use plumbline::run::Input;

#[derive(Parser)]
#[command(
    name = "plumbline",
    version,
    about = "Data drift, quality and model checks: the same engine as the browser app."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a reference (training) file, optionally against a current (production) file.
    Check(CheckArgs),
    /// Write the perturbed data set for the noise-stability check: score it with your model,
    /// then pass the scored file to `check --scored`.
    Perturb(PerturbArgs),
}

#[derive(clap::Args)]
struct PerturbArgs {
    /// The data to perturb (CSV, CSV.gz or Parquet).
    #[arg(long, value_name = "FILE")]
    reference: PathBuf,
    /// The configuration (`stability` levels, seed, rows; `roles.features`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where to write it: `.parquet` for Parquet, anything else for CSV.
    #[arg(long, value_name = "OUT")]
    out: PathBuf,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Reference data (training set): CSV, CSV.gz or Parquet.
    #[arg(long, value_name = "FILE")]
    reference: PathBuf,
    /// Current data (production): CSV, CSV.gz or Parquet.
    #[arg(long, value_name = "FILE")]
    current: Option<PathBuf>,
    /// The old model's outputs, joined to the candidate's rows by `--id` (model comparison).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// The old model's predicted label column (in the analysed file, or in `--baseline`).
    #[arg(long, value_name = "COL")]
    baseline_prediction: Option<String>,
    /// The old model's score column.
    #[arg(long, value_name = "COL")]
    baseline_score: Option<String>,
    /// Serving features joined by `--id` to the reference (training) features: train/serve skew.
    #[arg(long, value_name = "FILE")]
    serving: Option<PathBuf>,
    /// The shadow model's log, joined by request id (`--id`) to the current (live) log.
    #[arg(long, value_name = "FILE")]
    shadow: Option<PathBuf>,
    /// The canary arm's rows, compared with the current (control) rows.
    #[arg(long, value_name = "FILE")]
    canary: Option<PathBuf>,
    /// The perturbed data set (from `plumbline perturb`) scored by your model: noise stability.
    #[arg(long, value_name = "FILE")]
    scored: Option<PathBuf>,
    /// An ONNX model (skl2onnx export, `zipmap: False`): its labels and probabilities become the
    /// prediction and score of every check, and it scores the perturbed data (stability).
    #[arg(long, value_name = "FILE.onnx")]
    model: Option<PathBuf>,
    /// The old ONNX model: scored on the same rows, compared with `--model`.
    #[arg(long, value_name = "FILE.onnx")]
    baseline_model: Option<PathBuf>,
    /// A column of the current file naming each row's arm (canary rows: `--canary-value`).
    #[arg(long, value_name = "COL")]
    canary_arm: Option<String>,
    #[arg(long, value_name = "VALUE")]
    canary_value: Option<String>,
    /// The analysis configuration (JSON) as saved by the app, or an exported report (JSON or
    /// HTML) whose configuration to reuse.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[arg(long, value_name = "COL")]
    target: Option<String>,
    #[arg(long, value_name = "COL")]
    prediction: Option<String>,
    /// Probability of the positive class.
    #[arg(long, value_name = "COL")]
    score: Option<String>,
    /// Decision threshold on the score.
    #[arg(long, value_name = "T")]
    threshold: Option<f64>,
    /// The id column; repeat for a key of several columns (joins of `--baseline`, `--serving`,
    /// `--shadow`).
    #[arg(long, value_name = "COL")]
    id: Vec<String>,
    #[arg(long, value_name = "COL")]
    timestamp: Option<String>,
    /// A sensitive attribute (repeat for several).
    #[arg(long, value_name = "COL")]
    sensitive: Vec<String>,
    /// Write the JSON report here.
    #[arg(long, value_name = "OUT")]
    json: Option<PathBuf>,
    /// Write the HTML report here.
    #[arg(long, value_name = "OUT")]
    html: Option<PathBuf>,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

pub fn main() -> i32 {
    // A bug must not look like a verdict: a panic prints its message and exits 2 ("the run
    // itself failed"), never 0 or 1, and never the abort's 134 of `panic = "abort"`.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("plumbline: internal error{at}: {message}. This is a bug in Plumbline; please report it with the command that caused it.");
        std::process::exit(2);
    }));
    // The hook's own test: the CLI test suite asks for a panic this way.
    if std::env::var_os("PLUMBLINE_PANIC_FOR_TEST").is_some() {
        panic!("panic requested by PLUMBLINE_PANIC_FOR_TEST");
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Check(args) => match check(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("plumbline: {e:#}");
                2
            }
        },
        Command::Perturb(args) => match perturb(&args) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("plumbline: {e:#}");
                2
            }
        },
    }
}

fn read_config(path: &Option<PathBuf>) -> anyhow::Result<Config> {
    Ok(match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            Config::from_saved(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => Config::default(),
    })
}

fn perturb(args: &PerturbArgs) -> anyhow::Result<()> {
    let config = read_config(&args.config)?;
    let data = load(&args.reference, &config.load_options())?;
    let config = plumbline::run::effective_config(&config, &[Input { name: "reference", data: &data }])?;
    let batches = perturbed(&config, &data).map_err(|e| anyhow::anyhow!("{}: {e}", args.reference.display()))?;
    let parquet = args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let bytes = if parquet { to_parquet(&batches) } else { to_csv(&batches) }.map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(&args.out, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    println!(
        "wrote {}: {rows} rows ({} perturbations of {} rows, seed {})",
        args.out.display(),
        batches.len().saturating_sub(1),
        batches.first().map_or(0, |b| b.num_rows()),
        config.stability.seed
    );
    Ok(())
}

fn load_model(path: &Path) -> anyhow::Result<Model> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(Model::load(&name, &bytes)?)
}

fn check(args: &CheckArgs) -> anyhow::Result<i32> {
    let mut config = match &args.config {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            Config::from_saved(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => Config::default(),
    };
    let r = &mut config.roles;
    let flags = [
        (&mut r.target, &args.target),
        (&mut r.prediction, &args.prediction),
        (&mut r.score, &args.score),
        (&mut r.timestamp, &args.timestamp),
    ];
    for (slot, flag) in flags {
        if flag.is_some() {
            slot.clone_from(flag);
        }
    }
    if args.threshold.is_some() {
        r.threshold = args.threshold;
    }
    if !args.sensitive.is_empty() {
        r.sensitive.clone_from(&args.sensitive);
    }
    if let Some(first) = args.id.first() {
        r.id = Some(first.clone());
    }
    if args.id.len() > 1 {
        config.comparison.id.clone_from(&args.id);
        config.skew.id.clone_from(&args.id);
        config.shadow.id.clone_from(&args.id);
    }
    if args.baseline_prediction.is_some() {
        config.comparison.baseline_prediction.clone_from(&args.baseline_prediction);
    }
    if args.baseline_score.is_some() {
        config.comparison.baseline_score.clone_from(&args.baseline_score);
    }
    if args.canary_arm.is_some() {
        config.canary.arm.clone_from(&args.canary_arm);
    }
    if let Some(v) = &args.canary_value {
        config.canary.canary_value.clone_from(v);
    }
    let options = config.load_options();
    let mut loaded: Vec<(&str, Dataset)> = vec![("reference", load(&args.reference, &options)?)];
    let extra = [
        ("current", &args.current),
        ("baseline", &args.baseline),
        ("serving", &args.serving),
        ("shadow", &args.shadow),
        ("canary", &args.canary),
        ("scored", &args.scored),
    ];
    for (slot, path) in extra {
        if let Some(path) = path {
            loaded.push((slot, load(path, &options)?));
        }
    }
    let inputs: Vec<Input> = loaded.iter().map(|(name, data)| Input { name, data }).collect();
    let model = args.model.as_deref().map(load_model).transpose()?;
    let baseline = args.baseline_model.as_deref().map(load_model).transpose()?;
    let models = Models { model: model.as_ref(), baseline: baseline.as_ref() };
    let report = run_with_models(&config, &inputs, models, Some(now_iso()), &mut NoProgress)?;
    if let Some(path) = &args.json {
        std::fs::write(path, report.to_json()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    if let Some(path) = &args.html {
        std::fs::write(path, html::render(&report)).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    if !args.quiet {
        for i in &report.inputs {
            println!(
                "{}: {} — {} rows × {} columns ({}, {} bytes)",
                i.name, i.file, i.rows, i.columns, i.format, i.bytes
            );
        }
        for m in &report.models {
            let mapping: Vec<String> =
                m.mapping.iter().map(|i| format!("{} ← {} (by {})", i.input, i.columns.join(", "), i.by)).collect();
            println!("{}: {} ({:?}); inputs: {}", m.role, m.model.file, m.model.kind, mapping.join("; "));
        }
        for p in [&args.json, &args.html].into_iter().flatten() {
            println!("wrote {}", p.display());
        }
        for g in &report.gates {
            let mark = match g.passed {
                Some(true) => "pass",
                Some(false) => "FAIL",
                None if report.config.gates_unevaluated == Unevaluated::Ignore => "n/a ",
                None => "FAIL",
            };
            let value = g.value.as_ref().map(|v| format!(" = {v}")).unwrap_or_default();
            let at = g.at.as_ref().map(|a| format!(" at {a}")).unwrap_or_default();
            let reason = g.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
            println!("gate {mark} {}{value}{at}{reason}", g.name);
        }
        // Each check's one-line summary, in the table's order.
        for check in &plumbline::registry::CHECKS {
            if let Some(line) = (check.cli_line)(&report) {
                println!("{line}");
            }
        }
        println!("verdict: {}", report.verdict.name());
    }
    // 1 when a gate failed, so a pipeline stops the deployment (2: the run itself failed).
    Ok(if report.verdict == Verdict::NoGo { 1 } else { 0 })
}

/// Reads a file in 4 MiB chunks into the engine's push loader, while a second thread
/// computes its SHA-256 (hashing costs about as much as parsing).
fn load(path: &Path, options: &LoadOptions) -> anyhow::Result<Dataset> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| anyhow::anyhow!("{name}: {e}");
    std::thread::scope(|scope| {
        let hashing = scope.spawn(|| -> std::io::Result<String> {
            let mut hash = FileHash::new();
            let mut file = File::open(path)?;
            let mut buf = vec![0u8; 4 << 20];
            loop {
                match file.read(&mut buf)? {
                    0 => return Ok(hash.hex()),
                    n => hash.update(&buf[..n]),
                }
            }
        });
        let mut loader = Loader::new(&name, options.clone()).without_hash();
        let mut file = File::open(path).map_err(io)?;
        let mut buf = vec![0u8; 4 << 20];
        loop {
            match file.read(&mut buf).map_err(io)? {
                0 => break,
                n => loader.push(&buf[..n])?,
            }
        }
        let mut data = loader.finish()?;
        data.sha256 = hashing.join().map_err(|_| anyhow::anyhow!("{name}: hashing failed"))?.map_err(io)?;
        Ok(data)
    })
}

/// The current time as ISO 8601 UTC (seconds).
fn now_iso() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    format!("{}Z", plumbline::data::infer_format_timestamp(secs * 1_000_000))
}
