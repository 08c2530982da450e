//! Mean and sample standard deviation.
//!
//! **Formula.** mean = Σxᵢ / n; std = √(Σ(xᵢ − mean)² / (n − 1)) (ddof = 1), computed in two
//! passes with Neumaier-compensated sums so that large offsets do not cancel.
//! **Reference.** `pandas.Series.mean` / `Series.std()` (ddof = 1), `numpy.std(ddof=1)`.
//! **Read it as:** the centre and spread of a numeric column; std is undefined (null) for n < 2.
//!
//! [`Moments`] is the same pair kept as values arrive, mergeable: Welford's update for one value,
//! Chan, Golub & LeVeque's (1979) combination of two parts — M2 = M2ₐ + M2_b + δ²·nₐ·n_b / n with
//! δ = mean_b − meanₐ — and its inverse, the rest once a part is taken away. Unlike Σx² − n·mean²
//! it does not cancel when the values sit far from 0 with a small spread.

/// Neumaier's compensated summation.
#[derive(Default, Clone, Copy)]
pub struct Sum {
    sum: f64,
    c: f64,
}

impl Sum {
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.c += (self.sum - t) + x;
        } else {
            self.c += (x - t) + self.sum;
        }
        self.sum = t;
    }

    pub fn value(&self) -> f64 {
        self.sum + self.c
    }
}

/// (mean, sample std) of `xs`; mean is `None` when empty, std when fewer than two values.
pub fn mean_std(xs: &[f64]) -> (Option<f64>, Option<f64>) {
    let n = xs.len();
    if n == 0 {
        return (None, None);
    }
    let mut s = Sum::default();
    xs.iter().for_each(|&x| s.add(x));
    let mean = s.value() / n as f64;
    if n < 2 {
        return (Some(mean), None);
    }
    if !mean.is_finite() {
        return (Some(mean), Some(f64::NAN));
    }
    let mut ss = Sum::default();
    xs.iter().for_each(|&x| ss.add((x - mean) * (x - mean)));
    (Some(mean), Some((ss.value() / (n - 1) as f64).sqrt()))
}

/// Count, sum and sum of squared deviations (M2) of values seen one at a time: mergeable, and
/// a part can be taken away again (see the module's text).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Moments {
    n: f64,
    sum: f64,
    /// Running mean (Welford's update).
    running: f64,
    m2: f64,
}

impl Moments {
    pub fn push(&mut self, x: f64) {
        self.n += 1.0;
        self.sum += x;
        let d = x - self.running;
        self.running += d / self.n;
        self.m2 += d * (x - self.running);
    }

    pub fn n(&self) -> f64 {
        self.n
    }

    /// Σx (exact for counts of 0/1 values below 2⁵³).
    pub fn sum(&self) -> f64 {
        self.sum
    }

    /// Σx / n (NaN when empty).
    pub fn mean(&self) -> f64 {
        self.sum / self.n
    }

    /// Sample variance (ddof = 1); 0 below two values.
    pub fn variance(&self) -> f64 {
        if self.n < 2.0 {
            0.0
        } else {
            (self.m2 / (self.n - 1.0)).max(0.0)
        }
    }

    /// Both parts together.
    pub fn merge(&self, b: &Moments) -> Moments {
        if b.n == 0.0 {
            return *self;
        }
        if self.n == 0.0 {
            return *b;
        }
        let n = self.n + b.n;
        let d = b.running - self.running;
        Moments {
            n,
            sum: self.sum + b.sum,
            running: self.running + d * b.n / n,
            m2: self.m2 + b.m2 + d * d * self.n * b.n / n,
        }
    }

    /// The rest once `part` (values among these) is taken away. Less exact than merging: the
    /// rest's variance carries a relative error of about ε·|mean|/std (1e-8 for values near 1e9
    /// with a spread of 3; Σx² − n·mean² would have lost every digit).
    pub fn minus(&self, part: &Moments) -> Moments {
        let n = self.n - part.n;
        if n <= 0.0 {
            return Moments::default();
        }
        // mean = (n·meanᵣ + n_p·mean_p) / N, written so that nothing large cancels.
        let running = self.running + (self.running - part.running) * part.n / n;
        let d = part.running - running;
        Moments { n, sum: self.sum - part.sum, running, m2: (self.m2 - part.m2 - d * d * n * part.n / self.n).max(0.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::{mean_std, Moments};

    fn of(xs: &[f64]) -> Moments {
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        m
    }

    fn close(a: f64, b: f64, what: &str) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1e-300), "{what}: {a} vs {b}");
    }

    #[test]
    fn moments_merge_and_take_away_as_the_whole_would_say() {
        let cases: [Vec<f64>; 3] = [
            (0..200).map(|i| f64::from(i % 7) * 0.5 - 1.0).collect(),
            // Far from 0 with a small spread: Σx² − n·mean² loses every digit here.
            (0..500).map(|i| 1e9 + f64::from(i % 10)).collect(),
            (0..64).map(|i| if i % 3 == 0 { 1.0 } else { 0.0 }).collect(),
        ];
        for xs in &cases {
            let whole = of(xs);
            let (mean, std) = mean_std(xs);
            close(whole.mean(), mean.unwrap_or(f64::NAN), "mean");
            close(whole.variance().sqrt(), std.unwrap_or(f64::NAN), "std");
            for cut in [1, xs.len() / 3, xs.len() - 2] {
                let (a, b) = xs.split_at(cut);
                let merged = of(a).merge(&of(b));
                assert_eq!(merged.n(), whole.n());
                close(merged.variance(), whole.variance(), "merged variance");
                let rest = whole.minus(&of(b));
                assert_eq!((rest.n(), rest.sum()), (of(a).n(), of(a).sum()));
                let bound = 10.0 * f64::EPSILON * whole.mean().abs() / whole.variance().sqrt() + 1e-12;
                let want = of(a).variance();
                let error = (rest.variance() - want).abs() / want.max(1e-300);
                assert!(error <= bound, "rest: {} vs {want}", rest.variance());
            }
        }
        assert_eq!(of(&[]).merge(&of(&[2.0])), of(&[2.0]));
        assert_eq!(of(&[2.0]).minus(&of(&[2.0])).n(), 0.0);
    }

    #[test]
    fn large_offsets_do_not_lose_the_spread() {
        let xs: Vec<f64> = (0..1000).map(|i| 1e9 + (i % 10) as f64).collect();
        let (m, s) = mean_std(&xs);
        assert!((m.unwrap() - (1e9 + 4.5)).abs() < 1e-6);
        // numpy.std(np.arange(1000) % 10, ddof=1)
        assert!((s.unwrap() - 2.8737185419345193).abs() < 1e-12, "{s:?}");
        assert_eq!(mean_std(&[]), (None, None));
        assert_eq!(mean_std(&[3.0]), (Some(3.0), None));
    }
}
