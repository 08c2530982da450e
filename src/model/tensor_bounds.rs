//! The size bound on the tensors a model declares, checked on the protobuf before tract sees it.
//!
//! tract builds every constant of the graph when it prepares the plan: initializers, `Constant`
//! nodes, and — because its optimiser folds constants — the outputs of `ConstantOfShape`,
//! `Expand` and `Tile` whose shape is a constant. A 200-byte file whose `ConstantOfShape` asks
//! for [100000, 100000] floats would allocate 40 GB there: a browser worker (4 GiB at most) dies,
//! the CLI is killed. So a model is refused, with the node or tensor and its size, when one of
//! these declares more than [`MAX_TENSOR_BYTES`]. No model Plumbline scores comes near it:
//! skl2onnx's trees and linear models keep their parameters in attributes of a few megabytes,
//! and the intermediate tensors hold [`super::SLICE_ROWS`] rows.
//!
//! The bound is on what the graph states (shapes given as constants), not on what a run
//! computes; shapes computed from the input flow through `SLICE_ROWS`-row slices. Subgraphs
//! (`If`, `Loop`) are not walked: tract-onnx does not run them for skl2onnx exports.

use tract_onnx::pb;

use crate::data::limits::size;
use crate::error::ModelError;

/// The most bytes one declared tensor may take.
pub const MAX_TENSOR_BYTES: u64 = 1 << 30;

/// `Err` naming the first tensor or node of `graph` that declares more than [`MAX_TENSOR_BYTES`].
pub fn check(file: &str, graph: &pb::GraphProto) -> Result<(), ModelError> {
    let refuse = |what: String, dims: &[u64], bytes: u64| ModelError::TooLarge {
        file: file.to_string(),
        what,
        dims: dims.iter().map(u64::to_string).collect::<Vec<_>>().join(" x "),
        size: size(bytes),
        limit: size(MAX_TENSOR_BYTES),
    };
    let tensor = |what: String, t: &pb::TensorProto| {
        let dims: Vec<u64> = t.dims.iter().map(|&d| u64::try_from(d).unwrap_or(0)).collect();
        match bytes_of(&dims, element_bytes(t.data_type)) {
            Some(b) if b <= MAX_TENSOR_BYTES => Ok(()),
            b => Err(refuse(what, &dims, b.unwrap_or(u64::MAX))),
        }
    };
    for t in &graph.initializer {
        tensor(format!("the tensor \"{}\"", t.name), t)?;
    }
    for node in &graph.node {
        for a in node.attribute.iter().filter_map(|a| a.t.as_ref()) {
            tensor(format!("the {} node \"{}\"'s tensor \"{}\"", node.op_type, node.name, a.name), a)?;
        }
    }
    // Shapes the graph gives as constants: initializers and `Constant` nodes of int64.
    let constant = |name: &str| -> Option<Vec<i64>> {
        let t = graph.initializer.iter().find(|t| t.name == name).or_else(|| {
            graph
                .node
                .iter()
                .find(|n| n.op_type == "Constant" && n.output.iter().any(|o| o == name))
                .and_then(|n| n.attribute.iter().find(|a| a.name == "value"))
                .and_then(|a| a.t.as_ref())
        })?;
        int64_values(t)
    };
    for node in &graph.node {
        let (shape_input, element) = match node.op_type.as_str() {
            // The fill value's type, float when absent.
            "ConstantOfShape" => {
                (0, node.attribute.iter().find_map(|a| a.t.as_ref()).map_or(4, |t| element_bytes(t.data_type)))
            }
            // The output has at least the shape's (or the repeats') product of elements.
            "Expand" | "Tile" => (1, 4),
            _ => continue,
        };
        let Some(shape) = node.input.get(shape_input).and_then(|name| constant(name)) else { continue };
        let dims: Vec<u64> = shape.iter().map(|&d| u64::try_from(d).unwrap_or(0)).collect();
        let bytes = bytes_of(&dims, element).unwrap_or(u64::MAX);
        if bytes > MAX_TENSOR_BYTES {
            let name = if node.name.is_empty() { String::new() } else { format!(" \"{}\"", node.name) };
            return Err(refuse(format!("its {} node{name}", node.op_type), &dims, bytes));
        }
    }
    Ok(())
}

/// Bytes of a tensor of `dims` with `element`-byte elements; `None` on overflow.
fn bytes_of(dims: &[u64], element: u64) -> Option<u64> {
    dims.iter().try_fold(element, |acc, &d| acc.checked_mul(d))
}

/// Bytes per element of an ONNX `TensorProto.DataType` (strings counted at 8: their pointers).
fn element_bytes(data_type: i32) -> u64 {
    match data_type {
        2 | 3 | 9 => 1,            // uint8, int8, bool
        4 | 5 | 10 | 16 => 2,      // uint16, int16, float16, bfloat16
        7 | 8 | 11 | 13 | 14 => 8, // int64, string, double, uint64, complex64
        15 => 16,                  // complex128
        _ => 4,                    // float, int32, uint32, and anything else
    }
}

/// The values of an int64 tensor, from `int64_data` or little-endian `raw_data`.
fn int64_values(t: &pb::TensorProto) -> Option<Vec<i64>> {
    if t.data_type != 7 {
        return None;
    }
    if !t.int64_data.is_empty() {
        return Some(t.int64_data.clone());
    }
    let chunks = t.raw_data.chunks_exact(8);
    if !chunks.remainder().is_empty() {
        return None;
    }
    Some(chunks.map(|c| i64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or_default())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_multiply_without_overflow() {
        assert_eq!(bytes_of(&[100_000, 100_000], 4), Some(40_000_000_000));
        assert_eq!(bytes_of(&[], 8), Some(8));
        assert_eq!(bytes_of(&[u64::MAX, 2], 1), None);
        assert_eq!(bytes_of(&[0, u64::MAX], 4), Some(0));
    }

    #[test]
    fn int64_shapes_read_from_either_field() {
        let mut t = pb::TensorProto { data_type: 7, int64_data: vec![3, 4], ..Default::default() };
        assert_eq!(int64_values(&t), Some(vec![3, 4]));
        t.int64_data.clear();
        t.raw_data = [5i64, -1].iter().flat_map(|v| v.to_le_bytes()).collect();
        assert_eq!(int64_values(&t), Some(vec![5, -1]));
        t.raw_data.pop();
        assert_eq!(int64_values(&t), None);
        t.data_type = 1;
        assert_eq!(int64_values(&t), None);
    }
}
