//! Loading and scoring with tract (see the module doc of `model`).

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::DataType;
use tract_onnx::pb;
use tract_onnx::prelude::*;

use super::{ml_ops, InputMapping, InputType, ModelInfo, ModelInput, ModelKind};
use crate::config::ModelConfig;
use crate::data::Dataset;
use crate::error::ModelError;

/// Rows per run of the plan (bounds the memory of intermediate tensors).
pub const SLICE_ROWS: usize = 16_384;

/// Class labels, as the model writes them.
#[derive(Debug, Clone)]
enum Classes {
    Ints(Vec<i64>),
    Strings(Vec<String>),
}

/// A loaded model, ready to score.
pub struct Model {
    pub info: ModelInfo,
    plan: Arc<TypedRunnableModel>,
    classes: Option<Classes>,
    /// Index of the probabilities (classifier) or values (regressor) among the plan's outputs.
    output: usize,
}

/// The model's outputs for every row of a data set, as Arrow arrays (one per batch).
pub struct Scored {
    /// Predicted label (Int64 or Utf8) or, for a regressor, the predicted value (Float64).
    pub prediction: Vec<ArrayRef>,
    /// Probability of the positive class (binary classifiers only).
    pub score: Option<Vec<ArrayRef>>,
}

/// Operators tract-onnx registers for us, beyond its standard set, that skl2onnx uses.
const HINTS: [(&str, &str); 3] = [
    ("ZipMap", ": export the classifier with skl2onnx's options={'zipmap': False}"),
    ("SVMClassifier", ""),
    ("SVMRegressor", ""),
];

impl Model {
    /// Reads and prepares a model. `file` names it in messages.
    pub fn load(file: &str, bytes: &[u8]) -> Result<Model, ModelError> {
        let mut onnx = tract_onnx::onnx();
        ml_ops::register(&mut onnx.op_register);
        let not_onnx = |message: String| ModelError::NotOnnx { file: file.to_string(), message };
        let mut reader = bytes;
        let proto = onnx.proto_model_for_read(&mut reader).map_err(|e| not_onnx(first_line(&e)))?;
        let graph = proto.graph.as_ref().ok_or_else(|| not_onnx("the file holds no graph".into()))?;
        if graph.node.is_empty() {
            return Err(not_onnx("the graph has no operators".into()));
        }
        super::tensor_bounds::check(file, graph)?;
        // tract indexes its name table by each graph output and panics on a name nothing defines
        // — its table skips empty names (found by the onnx_loader fuzzer, twice): refuse such a
        // graph first.
        let defined = |name: &str| {
            !name.is_empty()
                && (graph.input.iter().any(|i| i.name == name)
                    || graph.initializer.iter().any(|t| t.name == name)
                    || graph.node.iter().any(|n| n.output.iter().chain(&n.input).any(|o| o == name)))
        };
        if let Some(output) = graph.output.iter().find(|o| !defined(&o.name)) {
            return Err(not_onnx(if output.name.is_empty() {
                "a graph output has no name".to_string()
            } else {
                format!("the graph's output \"{}\" is produced by no node", output.name)
            }));
        }
        for node in &graph.node {
            if !onnx.op_register.0.contains_key(&node.op_type) {
                let hint = HINTS.iter().find(|(op, _)| *op == node.op_type).map_or("", |(_, h)| *h);
                return Err(ModelError::Unsupported {
                    file: file.to_string(),
                    op: node.op_type.clone(),
                    domain: if node.domain.is_empty() { "ai.onnx".into() } else { node.domain.clone() },
                    hint: hint.to_string(),
                });
            }
        }
        let initializers: Vec<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
        let mut inputs = Vec::new();
        for i in graph.input.iter().filter(|i| !initializers.contains(&i.name.as_str())) {
            let tensor = match i.r#type.as_ref().and_then(|t| t.value.as_ref()) {
                Some(pb::type_proto::Value::TensorType(t)) => t,
                _ => return Err(not_onnx(format!("input \"{}\" is not a tensor", i.name))),
            };
            let kind = InputType::of(tensor.elem_type).ok_or_else(|| ModelError::Mapping {
                file: file.to_string(),
                input: i.name.clone(),
                message: format!(
                    "element type {} is not supported (float, double, int64 and string are)",
                    tensor.elem_type
                ),
            })?;
            let width = tensor.shape.as_ref().and_then(|s| s.dim.get(1)).and_then(|d| match d.value {
                Some(pb::tensor_shape_proto::dimension::Value::DimValue(v)) => usize::try_from(v).ok(),
                _ => None,
            });
            inputs.push(ModelInput { name: i.name.clone(), kind, width });
        }
        let classes = graph.node.iter().rev().find_map(|n| {
            let attr = |name: &str| n.attribute.iter().find(|a| a.name == name);
            if let Some(a) = attr("classlabels_int64s").or_else(|| attr("classlabels_ints")) {
                return Some(Classes::Ints(a.ints.clone()));
            }
            attr("classlabels_strings")
                .map(|a| Classes::Strings(a.strings.iter().map(|s| String::from_utf8_lossy(s).into_owned()).collect()))
        });
        // The probabilities (or values): the first float output.
        let output = graph
            .output
            .iter()
            .position(|o| matches!(o.r#type.as_ref().and_then(|t| t.value.as_ref()), Some(pb::type_proto::Value::TensorType(t)) if t.elem_type == 1 || t.elem_type == 11))
            .ok_or_else(|| ModelError::Build { file: file.to_string(), message: "the model has no float output (probabilities or predicted values)".into() })?;
        let mut operators: Vec<String> = graph.node.iter().map(|n| n.op_type.clone()).collect();
        operators.sort();
        operators.dedup();
        let build = |e: TractError| ModelError::Build { file: file.to_string(), message: chain(&e) };
        let mut model = onnx.model_for_proto_model(&proto).map_err(build)?;
        // Every input gets a free batch axis `N` (skl2onnx writes `None`).
        let n = model.symbols.sym("N");
        for (ix, input) in inputs.iter().enumerate() {
            let dt = match input.kind {
                InputType::Float => f32::datum_type(),
                InputType::Double => f64::datum_type(),
                InputType::Int64 => i64::datum_type(),
                InputType::String => String::datum_type(),
            };
            let shape: TVec<TDim> = match input.width {
                Some(w) => tvec![n.to_dim(), w.to_dim()],
                None => tvec![n.to_dim(), 1.to_dim()],
            };
            model.set_input_fact(ix, InferenceFact::dt_shape(dt, shape)).map_err(build)?;
        }
        let plan = model.into_optimized().and_then(|m| m.into_runnable()).map_err(build)?;
        let kind = if classes.is_some() { ModelKind::Classifier } else { ModelKind::Regressor };
        let info = ModelInfo {
            file: file.to_string(),
            bytes: bytes.len() as u64,
            kind,
            classes: match &classes {
                Some(Classes::Ints(v)) => v.iter().map(|c| c.to_string()).collect(),
                Some(Classes::Strings(v)) => v.clone(),
                None => Vec::new(),
            },
            inputs: inputs.iter().map(|i| ModelInput { width: Some(i.width.unwrap_or(1)), ..i.clone() }).collect(),
            operators,
            producer: [proto.producer_name.as_str(), proto.producer_version.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        };
        Ok(Model { info, plan, classes, output })
    }

    /// Which columns of `d` feed each input. `features` are the data's feature columns (the
    /// candidates of a by-position mapping).
    pub fn mapping(
        &self,
        config: &ModelConfig,
        d: &Dataset,
        features: &[String],
    ) -> Result<Vec<InputMapping>, ModelError> {
        let file = &self.info.file;
        let err = |input: &str, message: String| ModelError::Mapping {
            file: file.clone(),
            input: input.to_string(),
            message,
        };
        let single = self.info.inputs.len() == 1;
        let mut out = Vec::new();
        for input in &self.info.inputs {
            let width = input.width.unwrap_or(1);
            let (columns, by) = if let Some(cols) = config.inputs.get(&input.name) {
                (cols.clone(), "config")
            } else if width == 1 && d.column_index(&input.name).is_some() {
                (vec![input.name.clone()], "name")
            } else if single {
                let numeric = input.kind != InputType::String;
                let candidates: Vec<String> = features
                    .iter()
                    .filter(|f| d.column_index(f).is_some_and(|i| !numeric || d.columns[i].kind.is_numeric()))
                    .cloned()
                    .collect();
                if candidates.len() != width {
                    return Err(err(
                        &input.name,
                        format!(
                            "it takes {width} column(s) and {} has {} {}feature column(s) ({}); list them in the config: \"model\": {{\"inputs\": {{\"{}\": [...]}}}}",
                            d.file,
                            candidates.len(),
                            if numeric { "numeric " } else { "" },
                            preview(&candidates),
                            input.name
                        ),
                    ));
                }
                (candidates, "position")
            } else {
                return Err(err(
                    &input.name,
                    format!("{} has no column of that name; map it in the config: \"model\": {{\"inputs\": {{\"{}\": [\"column\"]}}}}", d.file, input.name),
                ));
            };
            if columns.len() != width {
                return Err(err(
                    &input.name,
                    format!("it takes {width} column(s), the config lists {}", columns.len()),
                ));
            }
            for c in &columns {
                let Some(i) = d.column_index(c) else {
                    return Err(err(&input.name, format!("{} has no column \"{c}\"", d.file)));
                };
                let kind = d.columns[i].kind;
                let fits = match input.kind {
                    InputType::String => true,
                    InputType::Float | InputType::Double => kind.is_numeric() || kind.name() == "boolean",
                    InputType::Int64 => matches!(kind.name(), "integer" | "boolean"),
                };
                if !fits {
                    return Err(err(
                        &input.name,
                        format!(
                            "column \"{c}\" of {} is {} but the input takes {:?} values",
                            d.file,
                            kind.name(),
                            input.kind
                        ),
                    ));
                }
            }
            out.push(InputMapping { input: input.name.clone(), kind: input.kind, columns, by: by.to_string() });
        }
        Ok(out)
    }

    /// Scores every row of `batches` (named `data` in messages).
    pub fn score_batches(
        &self,
        mapping: &[InputMapping],
        data: &str,
        batches: &[RecordBatch],
        progress: &mut dyn FnMut(u64),
    ) -> Result<Scored, ModelError> {
        let mut prediction = Vec::new();
        let mut score: Option<Vec<ArrayRef>> = None;
        let mut start = 0u64;
        for batch in batches {
            // One array per batch: the slices of a batch are scored, then put back together.
            let mut preds: Vec<ArrayRef> = Vec::new();
            let mut scores: Vec<ArrayRef> = Vec::new();
            let mut offset = 0;
            loop {
                let len = SLICE_ROWS.min(batch.num_rows() - offset);
                let slice = batch.slice(offset, len);
                let fail = |message: String| ModelError::Score {
                    file: self.info.file.clone(),
                    data: data.to_string(),
                    start: start + 1,
                    end: start + len as u64,
                    message,
                };
                let (p, s) = self.score_slice(mapping, &slice).map_err(fail)?;
                preds.push(p);
                scores.extend(s);
                start += len as u64;
                offset += len;
                progress(start);
                if offset >= batch.num_rows() {
                    break;
                }
            }
            let join = |parts: &[ArrayRef]| -> Result<ArrayRef, ModelError> {
                let refs: Vec<&dyn Array> = parts.iter().map(|a| a.as_ref()).collect();
                arrow_select::concat::concat(&refs).map_err(|e| ModelError::Score {
                    file: self.info.file.clone(),
                    data: data.to_string(),
                    start: start - batch.num_rows() as u64 + 1,
                    end: start,
                    message: e.to_string(),
                })
            };
            prediction.push(join(&preds)?);
            if !scores.is_empty() {
                score.get_or_insert_with(Vec::new).push(join(&scores)?);
            }
        }
        Ok(Scored { prediction, score })
    }

    fn score_slice(
        &self,
        mapping: &[InputMapping],
        batch: &RecordBatch,
    ) -> Result<(ArrayRef, Option<ArrayRef>), String> {
        let n = batch.num_rows();
        let mut tensors: TVec<TValue> = TVec::new();
        for m in mapping {
            let columns: Vec<ArrayRef> = m
                .columns
                .iter()
                .map(|c| batch.column_by_name(c).cloned().ok_or_else(|| format!("no column \"{c}\"")))
                .collect::<Result<_, _>>()?;
            tensors.push(input_tensor(m, &columns, n)?.into_tvalue());
        }
        if n == 0 {
            return Ok(self.empty());
        }
        let outputs = self.plan.run(tensors).map_err(|e| chain(&e))?;
        let out = outputs.get(self.output).ok_or("the model returned fewer outputs than it declares")?;
        let out = out.cast_to::<f64>().map_err(|e| chain(&e))?;
        let values = out.try_as_plain_ram().and_then(|v| v.as_slice::<f64>()).map_err(|e| chain(&e))?;
        let width = values.len() / n;
        if width == 0 || values.len() != n * width {
            return Err(format!("the model returned {} values for {n} rows", values.len()));
        }
        let Some(classes) = &self.classes else {
            return Ok((Arc::new(Float64Array::from(values.iter().step_by(width).copied().collect::<Vec<_>>())), None));
        };
        let count = match classes {
            Classes::Ints(c) => c.len(),
            Classes::Strings(c) => c.len(),
        };
        // A binary linear classifier may return one column (the positive class's score).
        let probs: Vec<f64> = if width == 1 && count == 2 {
            values.iter().flat_map(|&p| [1.0 - p, p]).collect()
        } else if width == count {
            values.to_vec()
        } else {
            return Err(format!("the model returned {width} probabilities per row for {count} classes"));
        };
        let best: Vec<usize> = probs
            .chunks(count)
            .map(|row| row.iter().enumerate().fold(0, |b, (k, &p)| if p > row[b] { k } else { b }))
            .collect();
        let prediction: ArrayRef = match classes {
            Classes::Ints(c) => Arc::new(Int64Array::from(best.iter().map(|&k| c[k]).collect::<Vec<_>>())),
            Classes::Strings(c) => Arc::new(StringArray::from(best.iter().map(|&k| c[k].as_str()).collect::<Vec<_>>())),
        };
        let score = (count == 2).then(|| {
            Arc::new(Float64Array::from(probs.iter().skip(1).step_by(2).copied().collect::<Vec<_>>())) as ArrayRef
        });
        Ok((prediction, score))
    }

    fn empty(&self) -> (ArrayRef, Option<ArrayRef>) {
        let prediction: ArrayRef = match &self.classes {
            None => Arc::new(Float64Array::from(Vec::<f64>::new())),
            Some(Classes::Ints(_)) => Arc::new(Int64Array::from(Vec::<i64>::new())),
            Some(Classes::Strings(_)) => Arc::new(StringArray::from(Vec::<&str>::new())),
        };
        let binary = self.info.classes.len() == 2;
        (prediction, binary.then(|| Arc::new(Float64Array::from(Vec::<f64>::new())) as ArrayRef))
    }
}

/// The tensor of one input: rows × mapped columns.
fn input_tensor(m: &InputMapping, columns: &[ArrayRef], n: usize) -> Result<Tensor, String> {
    let w = columns.len();
    let cast = |c: &ArrayRef, to: &DataType| arrow_cast::cast(c, to).map_err(|e| format!("{}: {e}", m.input));
    let shape = [n, w];
    match m.kind {
        InputType::Float | InputType::Double => {
            let cols: Vec<Float64Array> = columns
                .iter()
                .map(|c| {
                    let c =
                        if matches!(c.data_type(), DataType::Date32) { cast(c, &DataType::Int32)? } else { c.clone() };
                    let c =
                        if matches!(c.data_type(), DataType::Timestamp(..)) { cast(&c, &DataType::Int64)? } else { c };
                    let c = cast(&c, &DataType::Float64)?;
                    c.as_any().downcast_ref::<Float64Array>().cloned().ok_or_else(|| "not numeric".to_string())
                })
                .collect::<Result<_, String>>()?;
            let mut v = Vec::with_capacity(n * w);
            for r in 0..n {
                for c in &cols {
                    v.push(if c.is_null(r) { f64::NAN } else { c.value(r) });
                }
            }
            if m.kind == InputType::Float {
                let v: Vec<f32> = v.into_iter().map(|x| x as f32).collect();
                Tensor::from_shape(&shape, &v).map_err(|e| chain(&e))
            } else {
                Tensor::from_shape(&shape, &v).map_err(|e| chain(&e))
            }
        }
        InputType::Int64 => {
            let cols: Vec<Int64Array> = columns
                .iter()
                .map(|c| {
                    let c = cast(c, &DataType::Int64)?;
                    c.as_any().downcast_ref::<Int64Array>().cloned().ok_or_else(|| "not integer".to_string())
                })
                .collect::<Result<_, String>>()?;
            let mut v = Vec::with_capacity(n * w);
            for r in 0..n {
                for (c, name) in cols.iter().zip(&m.columns) {
                    if c.is_null(r) {
                        return Err(format!(
                            "column \"{name}\" is missing in row {} and input \"{}\" takes integers",
                            r + 1,
                            m.input
                        ));
                    }
                    v.push(c.value(r));
                }
            }
            Tensor::from_shape(&shape, &v).map_err(|e| chain(&e))
        }
        InputType::String => {
            let cols: Vec<StringArray> = columns
                .iter()
                .map(|c| {
                    let c = cast(c, &DataType::Utf8)?;
                    c.as_any().downcast_ref::<StringArray>().cloned().ok_or_else(|| "not text".to_string())
                })
                .collect::<Result<_, String>>()?;
            let mut v = Vec::with_capacity(n * w);
            for r in 0..n {
                for c in &cols {
                    v.push(if c.is_null(r) { String::new() } else { c.value(r).to_string() });
                }
            }
            let a = tract_ndarray::Array2::from_shape_vec((n, w), v).map_err(|e| e.to_string())?;
            Ok(a.into_tensor())
        }
    }
}

fn first_line(e: &TractError) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

/// The error and its causes, innermost last, on one line.
fn chain(e: &TractError) -> String {
    e.chain().map(|c| c.to_string()).collect::<Vec<_>>().join(": ")
}

fn preview(names: &[String]) -> String {
    let mut s = names.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 6 {
        s.push_str(", …");
    }
    s
}
