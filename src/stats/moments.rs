//! Mean and sample standard deviation.
//!
//! **Formula.** mean = Σxᵢ / n; std = √(Σ(xᵢ − mean)² / (n − 1)) (ddof = 1), computed in two
//! passes with Neumaier-compensated sums so that large offsets do not cancel.
//! **Reference.** `pandas.Series.mean` / `Series.std()` (ddof = 1), `numpy.std(ddof=1)`.
//! **Read it as:** the centre and spread of a numeric column; std is undefined (null) for n < 2.

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

#[cfg(test)]
mod tests {
    use super::mean_std;

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
