//! The `plumbline` binary: in the browser (wasm32) it starts the Yew app; natively it is the
//! CLI. Both are thin shells around the engine in `lib.rs`.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(not(target_arch = "wasm32"))]
mod cli;

fn main() {
    #[cfg(target_arch = "wasm32")]
    app::start();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::exit(cli::main());
}
