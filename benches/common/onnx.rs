//! ONNX models for the scoring benchmarks, written in Rust (no Python needed): a random forest
//! of 100 complete trees of depth 8 (random splits over 5 features, as skl2onnx lays a
//! RandomForestClassifier out: a TreeEnsembleClassifier whose leaves hold each class's share
//! divided by the number of trees) and a binary logistic regression (LinearClassifier, LOGISTIC).
//! Both take one float input `X` of 5 columns, `f0` … `f4` in the data (uniform on [0, 1)).

use prost::Message;
use tract_onnx::pb::{
    attribute_proto::AttributeType, tensor_shape_proto, type_proto, AttributeProto, GraphProto, ModelProto, NodeProto,
    OperatorSetIdProto, TensorShapeProto, TypeProto, ValueInfoProto,
};

pub const FEATURES: usize = 5;

fn ints(name: &str, v: Vec<i64>) -> AttributeProto {
    AttributeProto { name: name.into(), r#type: AttributeType::Ints as i32, ints: v, ..Default::default() }
}
fn floats(name: &str, v: Vec<f32>) -> AttributeProto {
    AttributeProto { name: name.into(), r#type: AttributeType::Floats as i32, floats: v, ..Default::default() }
}
fn strings(name: &str, v: Vec<&str>) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: AttributeType::Strings as i32,
        strings: v.into_iter().map(|s| s.as_bytes().to_vec()).collect(),
        ..Default::default()
    }
}
fn string(name: &str, v: &str) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: AttributeType::String as i32,
        s: v.as_bytes().to_vec(),
        ..Default::default()
    }
}

fn value(name: &str, elem_type: i32, dims: &[Option<i64>]) -> ValueInfoProto {
    let dim = dims
        .iter()
        .map(|d| tensor_shape_proto::Dimension {
            value: Some(match d {
                Some(v) => tensor_shape_proto::dimension::Value::DimValue(*v),
                None => tensor_shape_proto::dimension::Value::DimParam("N".into()),
            }),
            ..Default::default()
        })
        .collect();
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto {
            value: Some(type_proto::Value::TensorType(type_proto::Tensor {
                elem_type,
                shape: Some(TensorShapeProto { dim }),
            })),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn model(node: NodeProto) -> Vec<u8> {
    let graph = GraphProto {
        name: "bench".into(),
        node: vec![node],
        input: vec![value("X", 1, &[None, Some(FEATURES as i64)])],
        output: vec![value("label", 7, &[None]), value("probabilities", 1, &[None, Some(2)])],
        ..Default::default()
    };
    ModelProto {
        ir_version: 8,
        producer_name: "plumbline-bench".into(),
        opset_import: vec![
            OperatorSetIdProto { domain: String::new(), version: 17 },
            OperatorSetIdProto { domain: "ai.onnx.ml".into(), version: 3 },
        ],
        graph: Some(graph),
        ..Default::default()
    }
    .encode_to_vec()
}

/// `trees` complete trees of `depth` with seeded random splits.
pub fn random_forest(trees: usize, depth: u32, seed: u64) -> Vec<u8> {
    let mut s = seed;
    let mut next = || {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let nodes = (1usize << (depth + 1)) - 1;
    let internal = (1usize << depth) - 1;
    let (mut tree_ids, mut node_ids, mut features, mut values, mut modes, mut t_ids, mut f_ids) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut c_tree, mut c_node, mut c_id, mut c_w) = (vec![], vec![], vec![], vec![]);
    for t in 0..trees {
        for n in 0..nodes {
            tree_ids.push(t as i64);
            node_ids.push(n as i64);
            if n < internal {
                features.push((next() * FEATURES as f64) as i64);
                values.push(next() as f32);
                modes.push("BRANCH_LEQ");
                t_ids.push(2 * n as i64 + 1);
                f_ids.push(2 * n as i64 + 2);
            } else {
                features.push(0);
                values.push(0.0);
                modes.push("LEAF");
                t_ids.push(0);
                f_ids.push(0);
                let p = next() as f32;
                for (class, w) in [(0, 1.0 - p), (1, p)] {
                    c_tree.push(t as i64);
                    c_node.push(n as i64);
                    c_id.push(class);
                    c_w.push(w / trees as f32);
                }
            }
        }
    }
    let n = tree_ids.len();
    model(NodeProto {
        op_type: "TreeEnsembleClassifier".into(),
        domain: "ai.onnx.ml".into(),
        input: vec!["X".into()],
        output: vec!["label".into(), "probabilities".into()],
        attribute: vec![
            ints("classlabels_int64s", vec![0, 1]),
            ints("nodes_treeids", tree_ids),
            ints("nodes_nodeids", node_ids),
            ints("nodes_featureids", features),
            floats("nodes_values", values),
            strings("nodes_modes", modes),
            ints("nodes_truenodeids", t_ids),
            ints("nodes_falsenodeids", f_ids),
            ints("nodes_missing_value_tracks_true", vec![0; n]),
            floats("nodes_hitrates", vec![1.0; n]),
            ints("class_treeids", c_tree),
            ints("class_nodeids", c_node),
            ints("class_ids", c_id),
            floats("class_weights", c_w),
            string("post_transform", "NONE"),
        ],
        ..Default::default()
    })
}

/// A binary logistic regression on the 5 features.
pub fn logistic_regression() -> Vec<u8> {
    let w = [1.5f32, -0.8, 0.4, 2.0, -1.1];
    let mut coefficients: Vec<f32> = w.iter().map(|v| -v).collect();
    coefficients.extend(w);
    model(NodeProto {
        op_type: "LinearClassifier".into(),
        domain: "ai.onnx.ml".into(),
        input: vec!["X".into()],
        output: vec!["label".into(), "probabilities".into()],
        attribute: vec![
            ints("classlabels_ints", vec![0, 1]),
            floats("coefficients", coefficients),
            floats("intercepts", vec![0.6, -0.6]),
            AttributeProto {
                name: "multi_class".into(),
                r#type: AttributeType::Int as i32,
                i: 0,
                ..Default::default()
            },
            string("post_transform", "LOGISTIC"),
        ],
        ..Default::default()
    })
}

/// `f0` … `f4`, uniform on [0, 1) (5 decimals), seeded: the benchmark's data as CSV.
pub fn features_csv(rows: usize, seed: u64) -> Vec<u8> {
    let mut s = seed;
    let mut out = String::from("f0,f1,f2,f3,f4\n");
    for _ in 0..rows {
        let row: Vec<String> = (0..FEATURES)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                format!("{:.5}", (s >> 11) as f64 / (1u64 << 53) as f64)
            })
            .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}
