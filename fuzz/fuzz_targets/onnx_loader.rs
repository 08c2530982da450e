//! The ONNX model reader (protobuf, graph, operators, tensor shapes): any bytes are a model or a
//! `ModelError` naming the file.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| plumbline::fuzz::onnx_loader(data));
