//! The model's binary decisions per row, shared by the fairness and cost checks.
//!
//! The input analysed is the current one when it holds the target and a prediction or score,
//! else the reference. The positive class is the larger of the target's two values (numerically
//! when both are numbers). A row is decided positive when its prediction equals the positive
//! class, or — without a prediction column — when score ≥ `roles.threshold` (0.5).

use std::collections::BTreeSet;

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
pub fn analysed_input<'a>(config: &Config, inputs: &[(&'a str, &'a Dataset)]) -> Option<(&'a str, &'a Dataset)> {
    let r = &config.roles;
    let target = r.target.as_deref()?;
    let column = |d: &Dataset, c: &Option<String>| c.as_deref().and_then(|c| d.column_index(c));
    inputs
        .iter()
        .rev()
        .find(|(n, d)| {
            (*n == "current" || *n == "reference")
                && d.column_index(target).is_some()
                && (column(d, &r.prediction).is_some() || column(d, &r.score).is_some())
        })
        .copied()
}

/// `None` without a binary target and a prediction or score.
pub fn outcomes<'a>(config: &Config, inputs: &[(&'a str, &'a Dataset)]) -> Option<Outcomes<'a>> {
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
    let threshold = r.threshold.unwrap_or(0.5);
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
