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

/// One step of a computation made of several: while it runs, its own `set(done, total)`
/// moves the outer progress through the step's share `[from, to)` of `whole`. Never moves the
/// outer progress backwards (a step may report several sub-tasks, each from zero).
pub struct Part<'a> {
    outer: &'a mut dyn Progress,
    from: u64,
    to: u64,
    whole: u64,
    last: u64,
}

impl<'a> Part<'a> {
    pub fn new(outer: &'a mut dyn Progress, from: u64, to: u64, whole: u64) -> Part<'a> {
        outer.set(from, whole);
        Part { outer, from, to, whole, last: from }
    }
}

impl Progress for Part<'_> {
    fn set(&mut self, done: u64, total: u64) {
        let share = (self.to - self.from) as u128 * done.min(total) as u128 / total.max(1) as u128;
        let at = self.from + share as u64;
        if at > self.last {
            self.last = at;
            self.outer.set(at, self.whole);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.outer.is_cancelled()
    }
}

/// A computation of `count` steps of equal weight on an outer progress (`Steps::next` gives
/// each step its [`Part`]), so a bar moves through a run's checks one after another.
pub struct Steps<'a> {
    outer: &'a mut dyn Progress,
    done: u64,
    count: u64,
}

/// Units of progress per step (the bar's resolution).
const STEP: u64 = 1000;

impl<'a> Steps<'a> {
    pub fn new(outer: &'a mut dyn Progress, count: u64) -> Steps<'a> {
        Steps { outer, done: 0, count: count.max(1) }
    }

    /// The next step's progress (past the last step, the last step's again).
    pub fn next(&mut self) -> Part<'_> {
        self.take(1)
    }

    /// The next `n` steps as one part (`n` = 0: an empty part at the current position).
    pub fn take(&mut self, n: u64) -> Part<'_> {
        let from = self.done.min(self.count - 1);
        let to = if n == 0 { from } else { (self.done + n).min(self.count) };
        self.done += n;
        Part::new(&mut *self.outer, from * STEP, to * STEP, self.count * STEP)
    }

    /// Marks the whole computation done.
    pub fn finish(&mut self) {
        self.outer.set(self.count * STEP, self.count * STEP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every `set` it receives.
    #[derive(Default)]
    struct Log(Vec<(u64, u64)>);

    impl Progress for Log {
        fn set(&mut self, done: u64, total: u64) {
            self.0.push((done, total));
        }
    }

    #[test]
    fn steps_map_each_part_onto_its_share_and_never_go_back() {
        let mut log = Log::default();
        let mut steps = Steps::new(&mut log, 2);
        {
            let mut first = steps.next();
            first.set(1, 4);
            first.set(2, 4);
            first.set(0, 3); // a second sub-task starts from zero: ignored
            first.set(3, 3);
        }
        steps.next().set(1, 2);
        steps.finish();
        assert_eq!(
            log.0,
            vec![(0, 2000), (250, 2000), (500, 2000), (1000, 2000), (1000, 2000), (1500, 2000), (2000, 2000)]
        );
    }

    #[test]
    fn a_part_with_an_empty_total_or_too_many_steps_stays_in_range() {
        let mut log = Log::default();
        let mut steps = Steps::new(&mut log, 1);
        steps.next().set(5, 0);
        steps.next().set(7, 7);
        assert!(log.0.iter().all(|&(done, total)| done <= total && total == 1000), "{:?}", log.0);
    }
}
