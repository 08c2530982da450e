//! ONNX models scored with tract give onnxruntime's labels and probabilities (within 1e-5) on
//! skl2onnx exports of scikit-learn models trained on Adult
//! (`tests/fixtures/make_onnx_fixtures.py`): logistic regression behind a StandardScaler
//! (Scaler), random forest and gradient boosting classifiers, linear and random-forest
//! regressors (TreeEnsembleRegressor), and ColumnTransformer pipelines with SimpleImputer
//! (Imputer, LabelEncoder), StandardScaler and OneHotEncoder fed one column per input.
//! Also: models feed every check through `run_with_models`, and a bad model or mapping gives a
//! message naming the file and the operator or column.

use std::collections::BTreeMap;
use std::path::Path;

use arrow_array::{Array, Float64Array, Int64Array};
use plumbline::config::{Config, Preset};
use plumbline::data::{load_bytes, Dataset, LoadOptions};
use plumbline::error::ModelError;
use plumbline::model::apply::{run_with_models, Models, RunError};
use plumbline::model::{Model, ModelKind};
use plumbline::progress::NoProgress;
use plumbline::run::Input;
use serde_json::Value;

const DIR: &str = "tests/fixtures/onnx";

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name)).expect("fixture file")
}

fn load(name: &str) -> Dataset {
    load_bytes(name, &bytes(name), LoadOptions::default()).expect("loads")
}

fn expected() -> Value {
    serde_json::from_slice(&bytes("expected.json")).expect("json")
}

fn mapping_of(case: &Value) -> Config {
    let mut config = Config::default();
    let inputs: BTreeMap<String, Vec<String>> = serde_json::from_value(case["inputs"].clone()).expect("inputs");
    config.model.inputs = inputs;
    config
}

#[test]
fn labels_and_probabilities_equal_onnxruntime_for_every_skl2onnx_model() {
    let want = expected();
    let cases = want.as_object().expect("cases");
    assert_eq!(cases.len(), 7, "every model of the fixture script is tested");
    for (name, case) in cases {
        let model = Model::load(case["file"].as_str().expect("file"), &bytes(case["file"].as_str().expect("file")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let data = load(case["rows"].as_str().expect("rows"));
        let config = mapping_of(case);
        let mapping = model.mapping(&config.model, &data, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(mapping.iter().all(|m| m.by == "config"));
        let scored = model.score_batches(&mapping, &data.file, &data.batches, &mut |_| {}).expect("scores");
        let predictions: Vec<_> = scored.prediction.iter().collect();
        if case["kind"] == "classifier" {
            assert_eq!(model.info.kind, ModelKind::Classifier, "{name}");
            let labels: Vec<i64> = predictions
                .iter()
                .flat_map(|a| a.as_any().downcast_ref::<Int64Array>().expect("int labels").values().to_vec())
                .collect();
            let want_labels: Vec<i64> =
                case["labels"].as_array().expect("labels").iter().map(|v| v.as_i64().expect("i64")).collect();
            assert_eq!(labels.len(), 400, "{name}");
            assert_eq!(labels, want_labels, "{name}: labels");
            let scores: Vec<f64> = scored
                .score
                .as_ref()
                .expect("binary score")
                .iter()
                .flat_map(|a| a.as_any().downcast_ref::<Float64Array>().expect("f64").values().to_vec())
                .collect();
            for (i, (got, want)) in
                scores.iter().zip(case["probabilities"].as_array().expect("probabilities")).enumerate()
            {
                let want = want[1].as_f64().expect("p");
                assert!((got - want).abs() <= 1e-5, "{name} row {i}: probability {got} vs onnxruntime {want}");
            }
            assert_eq!(scores.len(), 400);
        } else {
            assert_eq!(model.info.kind, ModelKind::Regressor, "{name}");
            let values: Vec<f64> = predictions
                .iter()
                .flat_map(|a| a.as_any().downcast_ref::<Float64Array>().expect("values").values().to_vec())
                .collect();
            let want_values = case["values"].as_array().expect("values");
            assert_eq!(values.len(), want_values.len(), "{name}");
            for (i, (got, want)) in values.iter().zip(want_values).enumerate() {
                let want = want.as_f64().expect("v");
                assert!(
                    (got - want).abs() <= 1e-5 * want.abs().max(1.0),
                    "{name} row {i}: {got} vs onnxruntime {want}"
                );
            }
        }
    }
}

#[test]
fn per_column_inputs_map_by_name_and_a_single_input_by_position() {
    let data = load("rows_missing.csv");
    let pipeline = Model::load("pipeline.onnx", &bytes("pipeline.onnx")).expect("loads");
    let m = pipeline.mapping(&Default::default(), &data, &[]).expect("maps by name");
    assert_eq!(m.len(), 8);
    assert!(m.iter().all(|m| m.by == "name" && m.columns == [m.input.clone()]));
    let rows = load("rows.csv");
    let forest = Model::load("random_forest.onnx", &bytes("random_forest.onnx")).expect("loads");
    let numeric: Vec<String> = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week", "workclass"]
        .map(String::from)
        .to_vec();
    let m = forest.mapping(&Default::default(), &rows, &numeric).expect("maps by position");
    assert_eq!(m[0].by, "position");
    assert_eq!(m[0].columns, numeric[..5].to_vec(), "text columns are not candidates of a float input");
    let err = forest.mapping(&Default::default(), &rows, &numeric[..3]).expect_err("3 columns for 5");
    let text = err.to_string();
    assert!(text.starts_with("random_forest.onnx: model input \"X\": it takes 5 column(s)"), "{text}");
    assert!(text.contains("\"model\": {\"inputs\""), "{text}");
}

#[test]
fn a_missing_or_mistyped_column_is_named_in_the_message() {
    let rows = load("rows.csv");
    let pipeline = Model::load("pipeline.onnx", &bytes("pipeline.onnx")).expect("loads");
    let mut config = Config::default();
    config.model.inputs.insert("age".into(), vec!["sex".into()]);
    let err = pipeline.mapping(&config.model, &rows, &[]).expect_err("text for a float input");
    assert_eq!(
        err.to_string(),
        "pipeline.onnx: model input \"age\": column \"sex\" of rows.csv is string but the input takes Float values"
    );
    config.model.inputs.insert("age".into(), vec!["no_such".into()]);
    let err = pipeline.mapping(&config.model, &rows, &[]).expect_err("missing column");
    assert_eq!(err.to_string(), "pipeline.onnx: model input \"age\": rows.csv has no column \"no_such\"");
}

#[test]
fn unsupported_operators_and_non_models_are_named_not_crashed_on() {
    for (bytes, want) in [
        (b"not a model at all".to_vec(), "bad.onnx: this is not an ONNX model"),
        (Vec::new(), "bad.onnx: this is not an ONNX model"),
        (bytes("zipmap.onnx"), "bad.onnx: the model uses the ONNX operator ZipMap (domain ai.onnx.ml), which Plumbline cannot run: export the classifier with skl2onnx's options={'zipmap': False}"),
    ] {
        let err = Model::load("bad.onnx", &bytes).err().expect("an error");
        assert!(err.to_string().starts_with(want), "{err}");
    }
    // Graph outputs tract's name table lacks (it panicked on each; found by the fuzzer).
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed/fuzz/onnx_loader");
    for (file, want) in [
        ("output_named_by_no_node.bin", "is produced by no node"),
        ("graph_output_with_an_empty_name.bin", "a graph output has no name"),
    ] {
        let found = std::fs::read(fuzz.join(file)).expect("a fuzz find");
        let err = Model::load(file, &found).err().expect("an error").to_string();
        assert!(err.starts_with(&format!("{file}: ")) && err.contains(want), "{err}");
    }
    // A truncated model never panics.
    let whole = bytes("random_forest.onnx");
    for cut in [1, 100, whole.len() / 2, whole.len() - 1] {
        assert!(Model::load("cut.onnx", &whole[..cut]).is_err(), "cut at {cut}");
    }
}

/// Models whose graph declares a 40 GB tensor (`make_hostile_onnx.py`) are refused with a
/// sentence naming the file and the tensor, before anything that size is allocated.
#[test]
fn a_model_declaring_a_huge_tensor_is_refused_before_it_is_allocated() {
    for (file, names) in [
        ("hostile_initializer.onnx", "tensor \"w\""),
        ("hostile_constant_of_shape.onnx", "ConstantOfShape"),
        ("hostile_expand.onnx", "Expand"),
    ] {
        let err = Model::load(file, &bytes(file)).err().expect("an error").to_string();
        assert!(err.starts_with(&format!("{file}: ")), "{err}");
        for part in [names, "100000 x 100000", "40.0 GB", "at most 1.1 GB"] {
            assert!(err.contains(part), "{file}: {err:?} should mention {part:?}");
        }
    }
}

#[test]
fn model_outputs_become_prediction_and_score_of_every_check() {
    let rows = load("rows.csv");
    let model = Model::load("random_forest.onnx", &bytes("random_forest.onnx")).expect("loads");
    let baseline = Model::load("logistic.onnx", &bytes("logistic.onnx")).expect("loads");
    let mut config = Config::default();
    config.preset = Preset::Full;
    config.roles.target = Some("income".into());
    config.roles.sensitive = vec!["sex".into()];
    config.roles.features =
        ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week", "workclass", "sex", "race"]
            .map(String::from)
            .to_vec();
    config.stability.rows = 200;
    let inputs = [Input { name: "reference", data: &rows }, Input { name: "current", data: &rows }];
    let report = run_with_models(
        &config,
        &inputs,
        Models { model: Some(&model), baseline: Some(&baseline) },
        None,
        &mut NoProgress,
    )
    .expect("runs");
    assert_eq!(report.config.roles.prediction.as_deref(), Some("model_prediction"));
    assert_eq!(report.config.roles.score.as_deref(), Some("model_score"));
    assert_eq!(report.config.comparison.baseline_score.as_deref(), Some("baseline_score"));
    let json = serde_json::to_value(&report).expect("json");
    // Accuracy of the model on its own 400 rows equals onnxruntime's labels against the target.
    let want = expected();
    let labels = want["random_forest"]["labels"].as_array().expect("labels");
    let target = rows.numbers(rows.column_index("income").expect("income"));
    let correct = labels.iter().zip(&target).filter(|(l, t)| l.as_f64() == **t).count();
    let accuracy = json["performance"]["inputs"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["input"] == "current"))
        .map(|i| i["metrics"]["accuracy"]["value"].as_f64().expect("accuracy"));
    assert_eq!(accuracy, Some(correct as f64 / 400.0), "{}", json["performance"]);
    assert!(json["comparison"]["metrics"].as_array().is_some_and(|m| !m.is_empty()), "comparison ran");
    assert!(json["fairness"].is_object(), "fairness ran");
    let stability = &json["stability"];
    assert_eq!(stability["problem"], Value::Null, "{stability}");
    assert!(stability["features"].as_array().is_some_and(|f| f.len() > 5), "stability ran on the perturbed data");
    let models = json["models"].as_array().expect("models");
    assert_eq!(models.len(), 2);
    assert_eq!(models[0]["scored"].as_array().map(Vec::len), Some(3), "reference, current and the perturbed rows");
    assert_eq!(models[0]["mapping"][0]["by"], "position");
    let html = plumbline::report::html::render(&report);
    for want in [
        "data-testid=\"model-mapping\"",
        "data-testid=\"baseline_model-mapping\"",
        "age, education_num, capital_gain, capital_loss, hours_per_week",
    ] {
        assert!(html.contains(want), "the report shows {want}");
    }
}

#[test]
fn a_model_that_cannot_read_the_data_is_an_error_naming_both_files() {
    let rows = load("rows.csv");
    let model = Model::load("pipeline.onnx", &bytes("pipeline.onnx")).expect("loads");
    let inputs = [Input { name: "reference", data: &rows }];
    let mut config = Config::default();
    config.model.inputs.insert("workclass".into(), vec!["nope".into()]);
    let err = run_with_models(&config, &inputs, Models { model: Some(&model), baseline: None }, None, &mut NoProgress)
        .expect_err("mapping fails");
    assert!(matches!(err, RunError::Model(ModelError::Mapping { .. }) | RunError::Config(_)), "{err}");
}

#[test]
fn the_demo_model_scores_every_slice_of_the_adult_reference_like_onnxruntime() {
    let want: Value = serde_json::from_slice(&bytes("demo_model_expected.json")).expect("json");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = load_bytes(
        "adult_reference.parquet",
        &std::fs::read(root.join("www/demo/adult_reference.parquet")).expect("demo"),
        LoadOptions::default(),
    )
    .expect("loads");
    let model = Model::load("adult_model.onnx", &std::fs::read(root.join("www/demo/adult_model.onnx")).expect("model"))
        .expect("loads");
    let mapping = model.mapping(&Default::default(), &data, &[]).expect("maps by name");
    assert_eq!(mapping.len(), 13);
    let mut progressed = Vec::new();
    let scored =
        model.score_batches(&mapping, &data.file, &data.batches, &mut |rows| progressed.push(rows)).expect("scores");
    assert_eq!(progressed.last().copied(), Some(32_561));
    assert!(progressed.len() > 1, "more rows than one slice: scored in slices");
    assert_eq!(scored.prediction.len(), data.batches.len(), "one array per batch");
    let labels: String = scored
        .prediction
        .iter()
        .flat_map(|a| a.as_any().downcast_ref::<Int64Array>().expect("labels").values().to_vec())
        .map(|v| char::from(b'0' + v as u8))
        .collect();
    assert_eq!(labels.len(), 32_561);
    assert_eq!(labels, want["labels"].as_str().expect("labels"), "labels equal onnxruntime's");
    let scores: Vec<f64> = scored
        .score
        .expect("scores")
        .iter()
        .flat_map(|a| a.as_any().downcast_ref::<Float64Array>().expect("f64").values().to_vec())
        .collect();
    for (i, w) in want["probabilities_every_100th"].as_array().expect("p").iter().enumerate() {
        let w = w.as_f64().expect("p");
        assert!((scores[i * 100] - w).abs() <= 1e-5, "row {}: {} vs {w}", i * 100, scores[i * 100]);
    }
}
