//! A run with ONNX models: their outputs become the `prediction` and `score` of every check.
//!
//! With a model, the reference and current inputs are scored and get two new columns,
//! `model_prediction` and (binary classifiers) `model_score` — renamed with a suffix when the
//! data already has such a column — which become `roles.prediction` and `roles.score`; columns
//! that held those roles before stay out of the features. With a baseline model, its outputs become
//! `baseline_prediction`/`baseline_score` of the same rows: `comparison.baseline_prediction` and
//! `baseline_score`, so the comparison checks run on the two models' outputs for identical rows
//! (an inference-regression test). The perturbed data set of the stability check
//! (`checks/perturb.rs`) is built from the reference and scored by the model: it becomes the
//! `scored` input unless one was given, so stability runs with the default perturbations.
//! The report's `models` key says which columns fed which model input, and how they were matched.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{Field, Schema};

use super::{Model, ModelSection, ScoredInput};
use crate::checks::{perturb, Slot};
use crate::config::Config;
use crate::data::{ColumnInfo, ColumnType, Dataset};
use crate::error::{ConfigError, ModelError};
use crate::progress::{Progress, Steps};
use crate::report::Report;
use crate::run::{effective_config, run, Input};

/// Why a run with models could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("{0}")]
    Perturb(String),
}

/// The models of a run (either may be absent).
#[derive(Clone, Copy, Default)]
pub struct Models<'a> {
    pub model: Option<&'a Model>,
    pub baseline: Option<&'a Model>,
}

/// Inputs the models score.
const SCORED_INPUTS: [&str; 2] = [Slot::Reference.name(), Slot::Current.name()];

/// `run::run` with the models' outputs in the data (see the module doc).
pub fn run_with_models(
    config: &Config,
    inputs: &[Input],
    models: Models,
    generated_at: Option<String>,
    progress: &mut dyn Progress,
) -> Result<Report, RunError> {
    if models.model.is_none() && models.baseline.is_none() {
        return Ok(run(config, inputs, generated_at, progress)?);
    }
    let effective = effective_config(config, inputs)?;
    let features = effective.roles.features.clone();
    // Roles made explicit (suggested ones included), so the new columns do not change them.
    let mut config = config.clone();
    config.roles = effective.roles.clone();
    let mut data: Vec<(String, Dataset)> = inputs.iter().map(|i| (i.name.to_string(), i.data.clone())).collect();
    let mut sections = Vec::new();
    // Three steps: the models score the inputs, the model scores the perturbed rows, the checks.
    let mut steps = Steps::new(progress, 3);
    let mut scoring = steps.next();
    let count = [models.model, models.baseline].iter().filter(|m| m.is_some()).count() as u64;
    let total =
        count * data.iter().filter(|(n, _)| SCORED_INPUTS.contains(&n.as_str())).map(|(_, d)| d.rows).sum::<u64>();
    let mut done = 0u64;
    for (role, model) in [("model", models.model), ("baseline_model", models.baseline)] {
        let Some(model) = model else { continue };
        let first = reference_of(&data)?;
        let mapping = model.mapping(&config.model, first, &features)?;
        let (pred_base, score_base) = if role == "model" {
            ("model_prediction", "model_score")
        } else {
            ("baseline_prediction", "baseline_score")
        };
        let pred_name = free_name(first, pred_base);
        let binary = model.info.classes.len() == 2;
        let score_name = binary.then(|| free_name(first, score_base));
        let mut scored = Vec::new();
        for (name, d) in data.iter_mut() {
            if !SCORED_INPUTS.contains(&name.as_str()) {
                continue;
            }
            // Each input must hold the mapped columns (checked per input for the message).
            model.mapping(&config.model, d, &features)?;
            let base = done;
            let out =
                model.score_batches(&mapping, &d.file, &d.batches, &mut |rows| scoring.set(base + rows, total))?;
            done += d.rows;
            let mut cols = vec![(pred_name.clone(), out.prediction)];
            if let (Some(s), Some(scores)) = (&score_name, out.score) {
                cols.push((s.clone(), scores));
            }
            *d = with_columns(d, cols).map_err(|message| ModelError::Score {
                file: model.info.file.clone(),
                data: d.file.clone(),
                start: 1,
                end: d.rows,
                message,
            })?;
            scored.push(ScoredInput { input: name.clone(), rows: d.rows });
        }
        if role == "model" {
            config.roles.prediction = Some(pred_name.clone());
            config.roles.score = score_name.clone();
            config.roles.threshold = score_name.as_ref().map(|_| config.roles.threshold.unwrap_or(0.5));
        } else {
            config.comparison.baseline_prediction = Some(pred_name.clone());
            config.comparison.baseline_score = score_name.clone();
        }
        sections.push(ModelSection {
            role: role.to_string(),
            model: model.info.clone(),
            mapping,
            scored,
            prediction_column: pred_name,
            score_column: score_name,
        });
    }
    drop(scoring);
    // The stability check's perturbed data, scored by the model.
    let mut scoring = steps.next();
    if let (Some(model), false) = (models.model, data.iter().any(|(n, _)| n == "scored")) {
        let reference = reference_of(&data)?;
        let batches = perturb::perturbed(&config, reference).map_err(RunError::Perturb)?;
        let perturbed = dataset_of(&format!("perturbed {}", reference.file), batches).map_err(RunError::Perturb)?;
        let section = sections.iter_mut().find(|s| s.role == "model");
        if let Some(section) = section {
            let mapping = model.mapping(&config.model, &perturbed, &features)?;
            let rows = perturbed.rows;
            let out =
                model.score_batches(&mapping, &perturbed.file, &perturbed.batches, &mut |n| scoring.set(n, rows))?;
            let mut cols = vec![(section.prediction_column.clone(), out.prediction)];
            if let (Some(s), Some(scores)) = (&section.score_column, out.score) {
                cols.push((s.clone(), scores));
            }
            let scored = with_columns(&perturbed, cols).map_err(RunError::Perturb)?;
            section.scored.push(ScoredInput { input: "scored".into(), rows: scored.rows });
            data.push(("scored".into(), scored));
        }
    }
    drop(scoring);
    let inputs: Vec<Input> = data.iter().map(|(name, d)| Input { name, data: d }).collect();
    let mut report = run(&config, &inputs, generated_at, &mut steps.next())?;
    report.models = sections;
    Ok(report)
}

/// The reference among the loaded inputs (`effective_config` has checked that there is one).
fn reference_of(data: &[(String, Dataset)]) -> Result<&Dataset, RunError> {
    data.iter()
        .find(|(n, _)| n == Slot::Reference.name())
        .map(|(_, d)| d)
        .ok_or_else(|| RunError::Config(crate::run::no_reference()))
}

/// `base`, or `base_2`, `base_3`, … when the data already has that column.
fn free_name(d: &Dataset, base: &str) -> String {
    if d.column_index(base).is_none() {
        return base.to_string();
    }
    (2..).map(|k| format!("{base}_{k}")).find(|n| d.column_index(n).is_none()).unwrap_or_else(|| base.to_string())
}

fn column_type(t: &arrow_schema::DataType) -> ColumnType {
    ColumnType::ALL.into_iter().find(|c| &c.arrow_type() == t).unwrap_or(ColumnType::String)
}

fn info(name: &str, kind: ColumnType) -> ColumnInfo {
    ColumnInfo {
        name: name.to_string(),
        kind,
        overridden: false,
        invalid: 0,
        invalid_examples: Vec::new(),
        renamed_from: None,
        decimal_comma: false,
    }
}

/// `d` with new columns (one array per batch of `d`).
fn with_columns(d: &Dataset, columns: Vec<(String, Vec<ArrayRef>)>) -> Result<Dataset, String> {
    let mut fields: Vec<Field> = d.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    let mut infos = d.columns.clone();
    for (name, arrays) in &columns {
        let t = arrays.first().map(|a| a.data_type().clone()).unwrap_or(arrow_schema::DataType::Float64);
        fields.push(Field::new(name, t.clone(), true));
        infos.push(info(name, column_type(&t)));
    }
    let schema = Arc::new(Schema::new(fields));
    let mut batches = Vec::with_capacity(d.batches.len());
    for (b, batch) in d.batches.iter().enumerate() {
        let mut arrays = batch.columns().to_vec();
        for (name, a) in &columns {
            arrays.push(a.get(b).cloned().ok_or_else(|| format!("no output for batch {b} of column {name}"))?);
        }
        batches.push(RecordBatch::try_new(schema.clone(), arrays).map_err(|e| e.to_string())?);
    }
    Ok(Dataset { schema, batches, columns: infos, ..d.clone() })
}

/// A generated data set (the perturbed rows) as a `Dataset`.
fn dataset_of(file: &str, batches: Vec<RecordBatch>) -> Result<Dataset, String> {
    let schema = batches.first().map(|b| b.schema()).ok_or("the perturbed data set is empty")?;
    let columns = schema.fields().iter().map(|f| info(f.name(), column_type(f.data_type()))).collect();
    let rows = batches.iter().map(|b| b.num_rows() as u64).sum();
    Ok(Dataset {
        file: file.to_string(),
        format: "generated",
        encoding: "utf-8",
        sep_line: false,
        bytes: 0,
        sha256: String::new(),
        schema,
        batches,
        rows,
        columns,
    })
}
