//! The Web Worker entry (wasm32): loads files and runs the engine off the UI thread. Natively
//! there is nothing to run: use `plumbline`.

#[cfg(target_arch = "wasm32")]
mod worker;

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start(worker::plain());
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("plumbline-worker runs only in the browser; use `plumbline check` on the command line");
}
