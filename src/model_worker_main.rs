//! The model worker entry (wasm32): the engine worker plus ONNX models (tract). The plain
//! worker starts it only when a model is loaded, so nobody else downloads tract.

#[cfg(target_arch = "wasm32")]
mod worker;

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "onnx"))]
    worker::start(worker::models::engine());
    #[cfg(all(target_arch = "wasm32", not(feature = "onnx")))]
    worker::start(worker::plain());
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("plumbline-model-worker runs only in the browser; use `plumbline check --model` on the command line");
}
