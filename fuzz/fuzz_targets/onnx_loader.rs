//! The ONNX model reader (protobuf, graph, operators, tensor shapes): any bytes are a model or a
//! `ModelError` naming the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plumbline::model::Model;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = Model::load("fuzz.onnx", data) {
        assert!(e.to_string().contains("fuzz.onnx"), "the message names the file: {e}");
    }
});
