//! The model's binary decisions per row, shared by the fairness and cost checks.
//!
//! The input analysed is the current one when it holds the target and a prediction or score,
//! else the reference. The positive class is the larger of the target's two values (numerically
//! when both are numbers). A row is decided positive when its prediction equals the positive
//! class, or — without a prediction column — when score ≥ `roles.threshold`. The threshold is
//! in the score's own units (a decile 1–10, a credit score, a logit); without one, a score whose
//! values all lie in [0, 1] is cut at 0.5 and any other score gives no decisions (see
//! `run::effective_config`), so the checks that need them say so instead of guessing.

use std::collections::BTreeSet;

use crate::checks::{Inputs, Slot};
use crate::config::Config;
use crate::data::Dataset;

/// One row: actual class, decision, score.
pub type Outcome = (bool, bool, Option<f64>);

pub struct Outcomes<'a> {
    /// The input's name and data.
    pub input: &'a str,
    pub data: &'a Dataset,
    pub positive: String,
    /// The threshold applied to the score, when decisions come from it.
    pub threshold: Option<f64>,
    /// Per row; `None` when the target or the decision is missing.
    pub rows: Vec<Option<Outcome>>,
}

/// The input the row-level model checks analyse: the current one when it holds the target and
/// a prediction or score, else the reference.
pub fn analysed_input<'a>(config: &Config, inputs: &Inputs<'a>) -> Option<(&'static str, &'a Dataset)> {
    let r = &config.roles;
    let target = r.target.as_deref()?;
    let column = |d: &Dataset, c: &Option<String>| c.as_deref().and_then(|c| d.column_index(c));
    inputs
        .among(&[Slot::Current, Slot::Reference])
        .into_iter()
        .find(|(_, d)| {
            d.column_index(target).is_some() && (column(d, &r.prediction).is_some() || column(d, &r.score).is_some())
        })
        .map(|(s, d)| (s.name(), d))
}

/// `None` without a binary target and a prediction or score.
pub fn outcomes<'a>(config: &Config, inputs: &Inputs<'a>) -> Option<Outcomes<'a>> {
    let r = &config.roles;
    let target = r.target.as_deref()?;
    let column = |d: &Dataset, c: &Option<String>| c.as_deref().and_then(|c| d.column_index(c));
    let (input, d) = analysed_input(config, inputs)?;
    let truth = d.texts(d.column_index(target)?);
    let mut classes: Vec<&String> = truth.iter().flatten().collect::<BTreeSet<_>>().into_iter().collect();
    if classes.len() != 2 {
        return None;
    }
    if classes.iter().all(|c| c.parse::<f64>().is_ok()) {
        classes.sort_by(|a, b| a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0)));
    }
    let positive = classes[1].clone();
    let scores = column(d, &r.score).map(|s| d.numbers(s));
    let preds = column(d, &r.prediction).map(|p| d.texts(p));
    if preds.is_none() && r.threshold.is_none() {
        return None; // a score that is not a probability, and no threshold in its units
    }
    let threshold = r.threshold.unwrap_or(f64::NAN);
    let rows = (0..truth.len())
        .map(|i| {
            let y = truth[i].as_ref()? == &positive;
            let s = scores.as_ref().and_then(|s| s[i]).filter(|s| s.is_finite());
            let p = match &preds {
                Some(p) => p[i].as_ref()? == &positive,
                None => s? >= threshold,
            };
            Some((y, p, s))
        })
        .collect();
    Some(Outcomes { input, data: d, positive, threshold: preds.is_none().then_some(threshold), rows })
}

/// True when every finite score lies in [0, 1] (and there is at least one): the score reads as
/// a probability, so log loss, the Brier score and calibration mean something.
pub fn is_probability(scores: impl IntoIterator<Item = f64>) -> bool {
    let mut any = false;
    for s in scores.into_iter().filter(|s| s.is_finite()) {
        if !(0.0..=1.0).contains(&s) {
            return false;
        }
        any = true;
    }
    any
}

/// (lowest, highest) of the finite scores; `None` without one.
pub fn finite_range(scores: &[f64]) -> Option<(f64, f64)> {
    let finite = scores.iter().copied().filter(|s| s.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| (lo.min(s), hi.max(s)));
    (lo <= hi).then_some((lo, hi))
}

/// `steps + 1` thresholds evenly over the score's range: 0, 1/steps, …, 1 for a probability,
/// min … max of the finite scores otherwise (a decile, a credit score, a logit). Empty without
/// a finite score.
pub fn threshold_grid(scores: &[f64], steps: usize) -> Vec<f64> {
    let (lo, hi) = if is_probability(scores.iter().copied()) {
        (0.0, 1.0)
    } else {
        match finite_range(scores) {
            Some(r) => r,
            None => return Vec::new(),
        }
    };
    // lo + j·(hi − lo)/steps: for [0, 1] exactly j/steps, and the last point is hi itself.
    (0..=steps).map(|j| if j == steps { hi } else { lo + (j as f64 * (hi - lo)) / steps as f64 }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_is_a_probability_only_when_every_value_lies_in_the_unit_interval() {
        let cases: &[(&[f64], bool)] = &[
            (&[0.0, 0.5, 1.0], true),
            (&[0.2, f64::NAN, 0.9], true),
            (&[1.0, 5.0, 10.0], false),
            (&[-0.1, 0.5], false),
            (&[], false),
            (&[f64::NAN], false),
        ];
        for (scores, want) in cases {
            assert_eq!(is_probability(scores.iter().copied()), *want, "{scores:?}");
        }
    }

    #[test]
    fn the_threshold_grid_spans_the_score_s_own_range() {
        assert_eq!(threshold_grid(&[0.1, 0.7], 4), [0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(threshold_grid(&[1.0, 10.0, 4.0], 3), [1.0, 4.0, 7.0, 10.0]);
        assert_eq!(threshold_grid(&[300.0, 850.0], 2), [300.0, 575.0, 850.0]);
        assert_eq!(threshold_grid(&[-2.5, 3.5, f64::NAN], 2), [-2.5, 0.5, 3.5]);
        assert!(threshold_grid(&[f64::NAN], 2).is_empty());
        let g = threshold_grid(&[0.3], 20);
        assert!(g.iter().enumerate().all(|(j, t)| *t == j as f64 / 20.0), "{g:?}");
    }
}
