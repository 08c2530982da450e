//! Progress and cancellation: a small trait the engine calls between batches. The worker
//! forwards progress to the UI; the CLI stays quiet or draws a line on stderr.

/// Receives progress from long computations and tells them when to stop.
pub trait Progress {
    /// `done` of `total` units (bytes or rows) are finished.
    fn set(&mut self, done: u64, total: u64);
    /// True when the user asked to stop; the computation returns early.
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// A progress sink that ignores everything (tests, quiet CLI runs).
pub struct NoProgress;

impl Progress for NoProgress {
    fn set(&mut self, _done: u64, _total: u64) {}
}
