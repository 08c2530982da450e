//! ONNX-ML operators tract does not ship, registered into tract's ONNX op register.
//!
//! skl2onnx writes these for scikit-learn's preprocessing and tree regressors; the semantics
//! follow the ONNX-ML operator specification (onnx/docs/Operators-ml.md) and are tested against
//! onnxruntime's outputs in `tests/it/onnx_matches_onnxruntime.rs`:
//!
//! - `Scaler` (StandardScaler, MinMaxScaler): `y[i, j] = (x[i, j] - offset[j]) * scale[j]`, as f32;
//!   a single offset or scale applies to every column.
//! - `Imputer` (SimpleImputer on numbers): a value equal to `replaced_value_float` (NaN when
//!   unset: "is NaN") becomes `imputed_value_floats[j]` (or the single value for every column);
//!   the int64 form likewise.
//! - `LabelEncoder` (skl2onnx's string imputer and label encoders): a map from `keys_*` to
//!   `values_*` (strings, int64 or floats), `default_*` for keys not in the map.
//! - `OneHotEncoder`: the output has one more axis of `cats_*` length, 1.0 where the value equals
//!   the category; an unknown value gives all zeros when `zeros = 1` and an error otherwise.
//! - `TreeEnsembleRegressor`: every tree is walked from its node 0 (`BRANCH_LEQ`, `BRANCH_LT`,
//!   `BRANCH_GTE`, `BRANCH_GT`, `BRANCH_EQ`, `BRANCH_NEQ`; a NaN feature goes to the true branch
//!   when `nodes_missing_value_tracks_true` says so, else to the false branch), the leaf's
//!   `target_weights` are added to their `target_ids`, then `aggregate_function` (`SUM`,
//!   `AVERAGE`, `MIN`, `MAX`) over trees, plus `base_values`; `post_transform` `NONE` only.
//!   Sums are kept in f64 and returned as f32, like the float output onnxruntime gives.
//! - `TreeEnsembleClassifier` (replacing tract's, which scored a 100-tree forest at about 30 ms
//!   a row here, and whose label output is unreliable): the trees as above, one sum per class,
//!   plus `base_values`, then `post_transform` (`NONE`, `LOGISTIC` per class, `SOFTMAX`). In the
//!   binary layout with one score (every leaf names the same class, as skl2onnx writes gradient
//!   boosting) the score `s` is the second class's: `p = 1 / (1 + e^-s)` under `LOGISTIC` (`p = s`
//!   under `NONE`) and the probabilities are `[1 - p, p]`. The label is the class of the highest
//!   probability (the first on a tie).
//!
//! Each op is an `Expansion` (inference rules + wiring) around one typed op, [`MlOp`], whose
//! evaluation dispatches on [`Spec`].

use std::sync::Arc;

use tract_onnx::model::{OnnxOpRegister, ParsingContext};
use tract_onnx::pb::NodeProto;
use tract_onnx::tract_hir::internal::*;
use tract_onnx::tract_hir::tract_core::ndarray::ArrayD;

pub fn register(reg: &mut OnnxOpRegister) {
    reg.insert("TreeEnsembleClassifier", tree_ensemble_classifier);
    reg.insert("Scaler", scaler);
    reg.insert("Imputer", imputer);
    reg.insert("LabelEncoder", label_encoder);
    reg.insert("OneHotEncoder", one_hot_encoder);
    reg.insert("TreeEnsembleRegressor", tree_ensemble_regressor);
}

/// Values of one type, for the encoders' keys and values.
#[derive(Debug, Clone)]
enum Values {
    Strings(Vec<String>),
    Ints(Vec<i64>),
    Floats(Vec<f32>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Strings(v) => v.len(),
            Values::Ints(v) => v.len(),
            Values::Floats(v) => v.len(),
        }
    }
    fn datum_type(&self) -> DatumType {
        match self {
            Values::Strings(_) => DatumType::String,
            Values::Ints(_) => DatumType::I64,
            Values::Floats(_) => DatumType::F32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Leq,
    Lt,
    Gte,
    Gt,
    Eq,
    Neq,
    Leaf,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    mode: Mode,
    feature: usize,
    value: f32,
    true_child: usize,
    false_child: usize,
    nan_true: bool,
    /// Range of this node's entries in `Trees::leaf_weights`.
    leaf: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Post {
    None,
    Logistic,
    Softmax,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Aggregate {
    Sum,
    Average,
    Min,
    Max,
}

#[derive(Debug, Clone)]
struct Trees {
    /// Node index (in `nodes`) of each tree's node 0.
    roots: Vec<usize>,
    nodes: Vec<Node>,
    /// (target, weight) of the leaves, grouped by node.
    leaf_weights: Vec<(usize, f64)>,
    n_targets: usize,
    aggregate: Aggregate,
    base_values: Vec<f64>,
    max_feature: usize,
}

#[derive(Debug, Clone)]
enum Spec {
    Scaler {
        offset: Vec<f32>,
        scale: Vec<f32>,
    },
    ImputerFloat {
        imputed: Vec<f32>,
        replaced: f32,
    },
    ImputerInt {
        imputed: Vec<i64>,
        replaced: i64,
    },
    LabelEncoder {
        keys: Values,
        values: Values,
        default: Values,
    },
    OneHot {
        cats: Values,
        zeros: bool,
    },
    Trees(Trees),
    /// Two outputs: label, probabilities `[N, classes]`.
    ClassifierTrees {
        trees: Trees,
        classes: Values,
        post: Post,
        /// Binary layout with one score (every leaf names the same class): the score is the
        /// second class's, the first's is `1 - p`.
        one_score: bool,
    },
}

/// The typed op behind every expansion here.
#[derive(Debug, Clone)]
pub struct MlOp {
    name: &'static str,
    spec: Arc<Spec>,
}

impl PartialEq for MlOp {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.spec, &other.spec)
    }
}
impl Eq for MlOp {}

impl MlOp {
    fn output_type(&self) -> DatumType {
        match &*self.spec {
            Spec::Scaler { .. }
            | Spec::OneHot { .. }
            | Spec::Trees(_)
            | Spec::ImputerFloat { .. }
            | Spec::ClassifierTrees { .. } => DatumType::F32,
            Spec::ImputerInt { .. } => DatumType::I64,
            Spec::LabelEncoder { values, .. } => values.datum_type(),
        }
    }

    /// Output shape from the input's.
    fn output_shape(&self, input: &[TDim]) -> TVec<TDim> {
        match &*self.spec {
            Spec::OneHot { cats, .. } => {
                let mut s: TVec<TDim> = input.iter().cloned().collect();
                s.push(cats.len().to_dim());
                s
            }
            Spec::Trees(t) => tvec![input.first().cloned().unwrap_or_else(|| 1.to_dim()), t.n_targets.to_dim()],
            Spec::ClassifierTrees { classes, .. } => {
                tvec![input.first().cloned().unwrap_or_else(|| 1.to_dim()), classes.len().to_dim()]
            }
            _ => input.iter().cloned().collect(),
        }
    }
}

impl Op for MlOp {
    fn name(&self) -> StaticName {
        self.name.into()
    }
    op_as_typed_op!();
}

impl EvalOp for MlOp {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let shape: Vec<usize> = input.shape().to_vec();
        let out = match &*self.spec {
            Spec::Scaler { offset, scale } => {
                let x = input.cast_to::<f32>()?;
                let x = x.try_as_plain_ram()?;
                let x = x.as_slice::<f32>()?;
                let width = shape.last().copied().unwrap_or(1).max(1);
                let pick = |v: &[f32], j: usize| if v.len() == 1 { v[0] } else { v.get(j).copied().unwrap_or(0.0) };
                let y: Vec<f32> = x
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (v - pick(offset, i % width)) * pick(scale, i % width))
                    .collect();
                ArrayD::from_shape_vec(shape, y)?.into_tensor()
            }
            Spec::ImputerFloat { imputed, replaced } => {
                let x = input.cast_to::<f32>()?;
                let x = x.try_as_plain_ram()?;
                let hit = |v: f32| if replaced.is_nan() { v.is_nan() } else { v == *replaced };
                ArrayD::from_shape_vec(shape.clone(), impute(x.as_slice::<f32>()?, &shape, imputed, hit))?.into_tensor()
            }
            Spec::ImputerInt { imputed, replaced } => {
                let x = input.cast_to::<i64>()?;
                let x = x.try_as_plain_ram()?;
                let hit = |v: i64| v == *replaced;
                ArrayD::from_shape_vec(shape.clone(), impute(x.as_slice::<i64>()?, &shape, imputed, hit))?.into_tensor()
            }
            Spec::LabelEncoder { keys, values, default } => {
                let index = key_index(keys, &input)?;
                match (values, default) {
                    (Values::Strings(v), Values::Strings(d)) => {
                        let d = d.first().cloned().unwrap_or_default();
                        let y: Vec<String> =
                            index.iter().map(|k| k.map_or_else(|| d.clone(), |k| v[k].clone())).collect();
                        ArrayD::from_shape_vec(shape, y)?.into_tensor()
                    }
                    (Values::Ints(v), Values::Ints(d)) => {
                        let d = d.first().copied().unwrap_or(-1);
                        let y: Vec<i64> = index.iter().map(|k| k.map_or(d, |k| v[k])).collect();
                        ArrayD::from_shape_vec(shape, y)?.into_tensor()
                    }
                    (Values::Floats(v), Values::Floats(d)) => {
                        let d = d.first().copied().unwrap_or(-0.0);
                        let y: Vec<f32> = index.iter().map(|k| k.map_or(d, |k| v[k])).collect();
                        ArrayD::from_shape_vec(shape, y)?.into_tensor()
                    }
                    _ => bail!("LabelEncoder: values and default differ in type"),
                }
            }
            Spec::OneHot { cats, zeros } => {
                let index = key_index(cats, &input)?;
                let c = cats.len();
                let mut y = vec![0f32; index.len() * c];
                for (i, k) in index.iter().enumerate() {
                    match k {
                        Some(k) => y[i * c + k] = 1.0,
                        None if *zeros => {}
                        None => bail!("OneHotEncoder: a value is not among the categories (zeros = 0)"),
                    }
                }
                let mut out_shape = shape;
                out_shape.push(c);
                ArrayD::from_shape_vec(out_shape, y)?.into_tensor()
            }
            Spec::ClassifierTrees { trees, classes, post, one_score } => {
                let (scores, n) = trees.predict_all(&input, &shape)?;
                let c = classes.len();
                let sigmoid = |s: f64| 1.0 / (1.0 + (-s).exp());
                let mut probs: Vec<f32> = Vec::with_capacity(c * n);
                for row in scores.chunks(trees.n_targets.max(1)) {
                    if *one_score {
                        let p = if *post == Post::Logistic { sigmoid(row[0]) } else { row[0] } as f32;
                        probs.extend([1.0 - p, p]);
                        continue;
                    }
                    match post {
                        Post::None => probs.extend(row.iter().map(|&v| v as f32)),
                        Post::Logistic => probs.extend(row.iter().map(|&v| sigmoid(v) as f32)),
                        Post::Softmax => {
                            let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                            let sum: f64 = row.iter().map(|&v| (v - max).exp()).sum();
                            probs.extend(row.iter().map(|&v| ((v - max).exp() / sum) as f32));
                        }
                    }
                }
                let best: Vec<usize> = probs
                    .chunks(c.max(1))
                    .map(|row| row.iter().enumerate().fold(0, |b, (k, &p)| if p > row[b] { k } else { b }))
                    .collect();
                let label = match classes {
                    Values::Ints(v) => {
                        ArrayD::from_shape_vec(vec![n], best.iter().map(|&k| v[k]).collect())?.into_tensor()
                    }
                    Values::Strings(v) => {
                        ArrayD::from_shape_vec(vec![n], best.iter().map(|&k| v[k].clone()).collect())?.into_tensor()
                    }
                    Values::Floats(_) => bail!("TreeEnsembleClassifier: float class labels"),
                };
                let probs = ArrayD::from_shape_vec(vec![n, c], probs)?.into_tensor();
                return Ok(tvec!(label.into_tvalue(), probs.into_tvalue()));
            }
            Spec::Trees(t) => {
                let (y, n) = t.predict_all(&input, &shape)?;
                let y: Vec<f32> = y.into_iter().map(|v| v as f32).collect();
                ArrayD::from_shape_vec(vec![n, t.n_targets], y)?.into_tensor()
            }
        };
        Ok(tvec!(out.into_tvalue()))
    }
}

impl TypedOp for MlOp {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let dims: TVec<TDim> = inputs[0].shape.iter().cloned().collect();
        let shape = self.output_shape(&dims);
        if let Spec::ClassifierTrees { classes, .. } = &*self.spec {
            return Ok(tvec!(classes.datum_type().fact(&[shape[0].clone()]), f32::fact(&*shape)));
        }
        Ok(tvec!(self.output_type().fact(&*shape)))
    }

    as_op!();
}

/// `x` with every value `hit` says is missing replaced by its column's imputed value (or the
/// single one).
fn impute<T: Copy>(x: &[T], shape: &[usize], imputed: &[T], hit: impl Fn(T) -> bool) -> Vec<T> {
    let width = shape.last().copied().unwrap_or(1).max(1);
    x.iter()
        .enumerate()
        .map(|(i, &v)| match (hit(v), imputed) {
            (false, _) => v,
            (true, [one]) => *one,
            (true, many) => many.get(i % width).copied().unwrap_or(v),
        })
        .collect()
}

/// For every input value, the index of the equal key (`None`: not a key).
fn key_index(keys: &Values, input: &Tensor) -> TractResult<Vec<Option<usize>>> {
    Ok(match keys {
        Values::Strings(k) => {
            let x = input.cast_to::<String>()?;
            let map: std::collections::HashMap<&str, usize> =
                k.iter().enumerate().rev().map(|(i, s)| (s.as_str(), i)).collect();
            x.try_as_plain_ram()?.as_slice::<String>()?.iter().map(|s| map.get(s.as_str()).copied()).collect()
        }
        Values::Ints(k) => {
            let x = input.cast_to::<i64>()?;
            let map: std::collections::HashMap<i64, usize> = k.iter().enumerate().rev().map(|(i, &v)| (v, i)).collect();
            x.try_as_plain_ram()?.as_slice::<i64>()?.iter().map(|v| map.get(v).copied()).collect()
        }
        Values::Floats(k) => {
            let x = input.cast_to::<f32>()?;
            x.try_as_plain_ram()?
                .as_slice::<f32>()?
                .iter()
                .map(|v| k.iter().position(|c| c == v || (c.is_nan() && v.is_nan())))
                .collect()
        }
    })
}

impl Trees {
    /// Every target's value for every row of `input` (`[N, features]`), row after row.
    fn predict_all(&self, input: &Tensor, shape: &[usize]) -> TractResult<(Vec<f64>, usize)> {
        let x = input.cast_to::<f32>()?;
        let x = x.try_as_plain_ram()?;
        let x = x.as_slice::<f32>()?;
        let (n, width) = match shape {
            [n, w] => (*n, *w),
            [w] => (1, *w),
            _ => bail!("tree ensemble: input of rank {} (expected 2)", shape.len()),
        };
        if width <= self.max_feature && n > 0 {
            bail!("tree ensemble: the model reads feature {} of {width}", self.max_feature);
        }
        let mut acc = vec![0f64; self.n_targets];
        let mut seen = vec![false; self.n_targets];
        let mut out = Vec::with_capacity(n * self.n_targets);
        for r in 0..n {
            self.predict(&x[r * width..(r + 1) * width], &mut acc, &mut seen);
            out.extend_from_slice(&acc);
        }
        Ok((out, n))
    }

    fn predict(&self, x: &[f32], acc: &mut [f64], seen: &mut [bool]) {
        acc.iter_mut().for_each(|a| *a = 0.0);
        seen.iter_mut().for_each(|s| *s = false);
        for &root in &self.roots {
            let mut i = root;
            // A malformed tree cannot loop forever: at most one step per node.
            for _ in 0..=self.nodes.len() {
                let node = &self.nodes[i];
                if node.mode == Mode::Leaf {
                    for &(target, w) in &self.leaf_weights[node.leaf.0..node.leaf.1] {
                        match self.aggregate {
                            Aggregate::Sum | Aggregate::Average => acc[target] += w,
                            Aggregate::Min => acc[target] = if seen[target] { acc[target].min(w) } else { w },
                            Aggregate::Max => acc[target] = if seen[target] { acc[target].max(w) } else { w },
                        }
                        seen[target] = true;
                    }
                    break;
                }
                let v = x[node.feature];
                let t = node.value;
                let go_true = if v.is_nan() {
                    node.nan_true
                } else {
                    match node.mode {
                        Mode::Leq => v <= t,
                        Mode::Lt => v < t,
                        Mode::Gte => v >= t,
                        Mode::Gt => v > t,
                        Mode::Eq => v == t,
                        Mode::Neq => v != t,
                        Mode::Leaf => false,
                    }
                };
                i = if go_true { node.true_child } else { node.false_child };
            }
        }
        let trees = self.roots.len().max(1) as f64;
        for (k, a) in acc.iter_mut().enumerate() {
            if self.aggregate == Aggregate::Average {
                *a /= trees;
            }
            *a += self.base_values.get(k).copied().unwrap_or(0.0);
        }
    }
}

/// An expansion: output type and shape rules, then the typed op (inputs cast as needed).
#[derive(Debug, Clone)]
struct Expand(MlOp);

impl Expansion for Expand {
    fn name(&self) -> StaticName {
        self.0.name.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(
        &'s self,
        s: &mut Solver<'r>,
        inputs: &'p [TensorProxy],
        outputs: &'p [TensorProxy],
    ) -> InferenceResult {
        check_input_arity(inputs, 1)?;
        let op = &self.0;
        if let Spec::ClassifierTrees { classes, .. } = &*op.spec {
            check_output_arity(outputs, 2)?;
            s.equals(&outputs[0].datum_type, classes.datum_type())?;
            s.equals(&outputs[0].rank, 1)?;
            s.equals(&outputs[0].shape[0], &inputs[0].shape[0])?;
            s.equals(&outputs[1].datum_type, DatumType::F32)?;
            s.equals(&outputs[1].rank, 2)?;
            s.equals(&outputs[1].shape[0], &inputs[0].shape[0])?;
            return s.equals(&outputs[1].shape[1], classes.len().to_dim());
        }
        check_output_arity(outputs, 1)?;
        s.equals(&outputs[0].datum_type, op.output_type())?;
        match &*op.spec {
            Spec::OneHot { .. } => s.equals(&outputs[0].rank, (&inputs[0].rank).bex() + 1)?,
            Spec::Trees(_) => s.equals(&outputs[0].rank, 2)?,
            _ => s.equals(&outputs[0].rank, &inputs[0].rank)?,
        }
        s.given(&inputs[0].shape, move |s, shape| s.equals(&outputs[0].shape, op.output_shape(&shape)))
    }

    fn nboutputs(&self) -> TractResult<usize> {
        Ok(if matches!(&*self.0.spec, Spec::ClassifierTrees { .. }) { 2 } else { 1 })
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        model.wire_node(prefix, self.0.clone(), inputs)
    }
}

fn build(name: &'static str, spec: Spec) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    Ok((expand(Expand(MlOp { name, spec: Arc::new(spec) })), vec![]))
}

fn floats(node: &NodeProto, name: &str) -> TractResult<Vec<f32>> {
    Ok(node.get_attr_opt_vec::<f32>(name)?.unwrap_or_default())
}

fn scaler(_ctx: &ParsingContext, node: &NodeProto) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let mut offset = floats(node, "offset")?;
    let mut scale = floats(node, "scale")?;
    if offset.is_empty() {
        offset.push(0.0);
    }
    if scale.is_empty() {
        scale.push(1.0);
    }
    build("Scaler", Spec::Scaler { offset, scale })
}

fn imputer(_ctx: &ParsingContext, node: &NodeProto) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let ints = node.get_attr_opt_vec::<i64>("imputed_value_int64s")?.unwrap_or_default();
    if !ints.is_empty() {
        let replaced = node.get_attr_opt::<i64>("replaced_value_int64")?.unwrap_or(0);
        return build("Imputer", Spec::ImputerInt { imputed: ints, replaced });
    }
    let imputed = floats(node, "imputed_value_floats")?;
    node.expect_attr("imputed_value_floats", !imputed.is_empty(), "imputed values")?;
    let replaced = node.get_attr_opt::<f32>("replaced_value_float")?.unwrap_or(f32::NAN);
    build("Imputer", Spec::ImputerFloat { imputed, replaced })
}

/// `{prefix}_strings`, `{prefix}_int64s` or `{prefix}_floats` (`None` when none is set).
fn values(node: &NodeProto, prefix: &str) -> TractResult<Option<Values>> {
    if let Some(v) = node.get_attr_opt_vec::<String>(&format!("{prefix}_strings"))? {
        return Ok(Some(Values::Strings(v)));
    }
    if let Some(v) = node.get_attr_opt_vec::<i64>(&format!("{prefix}_int64s"))? {
        return Ok(Some(Values::Ints(v)));
    }
    if let Some(v) = node.get_attr_opt_vec::<f32>(&format!("{prefix}_floats"))? {
        return Ok(Some(Values::Floats(v)));
    }
    Ok(None)
}

fn label_encoder(_ctx: &ParsingContext, node: &NodeProto) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let keys = values(node, "keys")?
        .ok_or_else(|| format_err!("LabelEncoder without keys_* (keys_tensor is not supported)"))?;
    let vals = values(node, "values")?
        .ok_or_else(|| format_err!("LabelEncoder without values_* (values_tensor is not supported)"))?;
    node.expect(keys.len() == vals.len(), "as many keys as values")?;
    let default = match &vals {
        Values::Strings(_) => {
            Values::Strings(vec![node.get_attr_opt::<String>("default_string")?.unwrap_or_else(|| "_Unused".into())])
        }
        Values::Ints(_) => Values::Ints(vec![node.get_attr_opt::<i64>("default_int64")?.unwrap_or(-1)]),
        Values::Floats(_) => Values::Floats(vec![node.get_attr_opt::<f32>("default_float")?.unwrap_or(-0.0)]),
    };
    build("LabelEncoder", Spec::LabelEncoder { keys, values: vals, default })
}

fn one_hot_encoder(_ctx: &ParsingContext, node: &NodeProto) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let cats = values(node, "cats")?.ok_or_else(|| format_err!("OneHotEncoder without cats_strings or cats_int64s"))?;
    let zeros = node.get_attr_opt::<i64>("zeros")?.unwrap_or(1) != 0;
    build("OneHotEncoder", Spec::OneHot { cats, zeros })
}

fn tree_ensemble_classifier(
    _ctx: &ParsingContext,
    node: &NodeProto,
) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let classes = values(node, "classlabels")?
        .ok_or_else(|| format_err!("TreeEnsembleClassifier without classlabels_int64s or classlabels_strings"))?;
    let class_ids = node.get_attr_opt_vec::<i64>("class_ids")?.unwrap_or_default();
    let one_score = classes.len() == 2 && class_ids.windows(2).all(|w| w[0] == w[1]);
    let post = match node.get_attr_opt::<String>("post_transform")?.as_deref().unwrap_or("NONE") {
        "NONE" => Post::None,
        "LOGISTIC" => Post::Logistic,
        "SOFTMAX" => Post::Softmax,
        other => bail!("TreeEnsembleClassifier: post_transform {other} is not supported"),
    };
    let trees = parse_trees(node, "class", if one_score { 1 } else { classes.len() }, one_score)?;
    build("TreeEnsembleClassifier", Spec::ClassifierTrees { trees, classes, post, one_score })
}

fn tree_ensemble_regressor(
    _ctx: &ParsingContext,
    node: &NodeProto,
) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let post = node.get_attr_opt::<String>("post_transform")?.unwrap_or_else(|| "NONE".into());
    node.expect_attr("post_transform", post == "NONE", || format!("NONE (got {post})"))?;
    let n_targets = node.get_attr_opt::<i64>("n_targets")?.unwrap_or(1).max(1) as usize;
    build("TreeEnsembleRegressor", Spec::Trees(parse_trees(node, "target", n_targets, false)?))
}

/// The trees of a tree ensemble; leaves are `{leaf}_treeids`, `_nodeids`, `_ids`, `_weights`.
/// `collapse`: every leaf entry scores target 0 (the binary one-score layout).
fn parse_trees(node: &NodeProto, leaf: &str, n_targets: usize, collapse: bool) -> TractResult<Trees> {
    let aggregate = match node.get_attr_opt::<String>("aggregate_function")?.as_deref().unwrap_or("SUM") {
        "SUM" => Aggregate::Sum,
        "AVERAGE" => Aggregate::Average,
        "MIN" => Aggregate::Min,
        "MAX" => Aggregate::Max,
        other => bail!("tree ensemble: unknown aggregate_function {other}"),
    };
    let ints = |name: &str| -> TractResult<Vec<i64>> { Ok(node.get_attr_opt_vec::<i64>(name)?.unwrap_or_default()) };
    let tree_ids = ints("nodes_treeids")?;
    let node_ids = ints("nodes_nodeids")?;
    let features = ints("nodes_featureids")?;
    let true_ids = ints("nodes_truenodeids")?;
    let false_ids = ints("nodes_falsenodeids")?;
    let values = floats(node, "nodes_values")?;
    let modes = node.get_attr_opt_vec::<String>("nodes_modes")?.unwrap_or_default();
    let nan_true = ints("nodes_missing_value_tracks_true")?;
    let n = tree_ids.len();
    node.expect(n > 0, "at least one node")?;
    for (name, len) in [
        ("nodes_nodeids", node_ids.len()),
        ("nodes_featureids", features.len()),
        ("nodes_truenodeids", true_ids.len()),
        ("nodes_falsenodeids", false_ids.len()),
        ("nodes_values", values.len()),
        ("nodes_modes", modes.len()),
    ] {
        node.expect_attr(name, len == n, || format!("{n} entries, got {len}"))?;
    }
    let target_trees = ints(&format!("{leaf}_treeids"))?;
    let target_nodes = ints(&format!("{leaf}_nodeids"))?;
    let target_ids = ints(&format!("{leaf}_ids"))?;
    let target_weights = floats(node, &format!("{leaf}_weights"))?;
    let m = target_trees.len();
    node.expect(
        target_nodes.len() == m && target_ids.len() == m && target_weights.len() == m,
        "target_* of equal length",
    )?;
    let key = |tree: i64, id: i64| (tree, id);
    let mut index = std::collections::HashMap::with_capacity(n);
    for i in 0..n {
        index.insert(key(tree_ids[i], node_ids[i]), i);
    }
    let mut leaves: std::collections::HashMap<usize, Vec<(usize, f64)>> = std::collections::HashMap::new();
    for j in 0..m {
        let at = *index.get(&key(target_trees[j], target_nodes[j])).ok_or_else(|| {
            format_err!(
                "tree ensemble: a target names node {} of tree {} that does not exist",
                target_nodes[j],
                target_trees[j]
            )
        })?;
        let id = if collapse { 0 } else { target_ids[j] };
        let target = usize::try_from(id).ok().filter(|&t| t < n_targets);
        let target = target.ok_or_else(|| format_err!("tree ensemble: target id {} ≥ n_targets", target_ids[j]))?;
        leaves.entry(at).or_default().push((target, f64::from(target_weights[j])));
    }
    let mut nodes = Vec::with_capacity(n);
    let mut leaf_weights = Vec::with_capacity(m);
    let mut max_feature = 0;
    for i in 0..n {
        let mode = match modes[i].as_str() {
            "BRANCH_LEQ" => Mode::Leq,
            "BRANCH_LT" => Mode::Lt,
            "BRANCH_GTE" => Mode::Gte,
            "BRANCH_GT" => Mode::Gt,
            "BRANCH_EQ" => Mode::Eq,
            "BRANCH_NEQ" => Mode::Neq,
            "LEAF" => Mode::Leaf,
            other => bail!("tree ensemble: unknown node mode {other}"),
        };
        let child = |id: i64| -> TractResult<usize> {
            if mode == Mode::Leaf {
                return Ok(i);
            }
            index.get(&key(tree_ids[i], id)).copied().ok_or_else(|| {
                format_err!("tree ensemble: node {} of tree {} points at missing node {id}", node_ids[i], tree_ids[i])
            })
        };
        let feature = usize::try_from(features[i]).map_err(|_| format_err!("negative feature id"))?;
        if mode != Mode::Leaf {
            max_feature = max_feature.max(feature);
        }
        let start = leaf_weights.len();
        if let Some(w) = leaves.get(&i) {
            leaf_weights.extend_from_slice(w);
        }
        nodes.push(Node {
            mode,
            feature,
            value: values[i],
            true_child: child(true_ids[i])?,
            false_child: child(false_ids[i])?,
            nan_true: nan_true.get(i).is_some_and(|&v| v != 0),
            leaf: (start, leaf_weights.len()),
        });
    }
    let mut trees: Vec<i64> = tree_ids.clone();
    trees.sort_unstable();
    trees.dedup();
    let roots = trees
        .iter()
        .map(|&t| index.get(&key(t, 0)).copied().ok_or_else(|| format_err!("tree ensemble: tree {t} has no node 0")))
        .collect::<TractResult<Vec<usize>>>()?;
    let base_values: Vec<f64> = floats(node, "base_values")?.into_iter().map(f64::from).collect();
    Ok(Trees { roots, nodes, leaf_weights, n_targets, aggregate, base_values, max_feature })
}
