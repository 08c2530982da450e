//! The model worker's engine: ONNX models held per slot, and runs with them. Only the
//! `plumbline-model-worker` binary refers to this module, so only its wasm contains tract.

use std::cell::RefCell;
use std::collections::HashMap;

use plumbline::config::Config;
use plumbline::model::apply::{run_with_models, Models};
use plumbline::model::{Model, ModelInfo};
use plumbline::progress::Progress;
use plumbline::report::Report;
use plumbline::run::Input;

use super::Engine;

thread_local! {
    static MODELS: RefCell<HashMap<String, Model>> = RefCell::new(HashMap::new());
}

pub fn engine() -> Engine {
    Engine { models: true, load_model, drop_model, run }
}

fn load_model(slot: &str, file: &str, bytes: &[u8]) -> Result<ModelInfo, String> {
    MODELS.with(|m| m.borrow_mut().remove(slot));
    let model = Model::load(file, bytes).map_err(|e| e.to_string())?;
    let info = model.info.clone();
    MODELS.with(|m| m.borrow_mut().insert(slot.to_string(), model));
    Ok(info)
}

fn drop_model(slot: &str) {
    MODELS.with(|m| m.borrow_mut().remove(slot));
}

fn run(config: &Config, inputs: &[Input], generated_at: String, progress: &mut dyn Progress) -> Result<Report, String> {
    MODELS.with(|m| {
        let m = m.borrow();
        let models = Models { model: m.get("model"), baseline: m.get("baseline_model") };
        run_with_models(config, inputs, models, Some(generated_at), progress).map_err(|e| e.to_string())
    })
}
