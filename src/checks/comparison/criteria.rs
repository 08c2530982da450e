//! The acceptance criteria (MLflow's `MetricThreshold` semantics) and the comparison's verdict.

use super::*;

/// Applies the criteria (MLflow's semantics) and writes the verdict.
pub(super) fn decide(criteria: &[Criterion], out: &mut Comparison) {
    for m in &mut out.metrics {
        let Some(c) = criteria.iter().find(|c| c.metric == m.metric) else { continue };
        let better = c.greater_is_better.unwrap_or(m.greater_is_better);
        let gain = if better { m.delta } else { -m.delta };
        let mut ok = true;
        if let Some(t) = c.threshold {
            ok &= if better { m.candidate >= t } else { m.candidate <= t };
        }
        if let Some(d) = c.min_absolute_change {
            ok &= gain > d;
        }
        if let Some(d) = c.min_relative_change {
            ok &= gain > d * m.baseline.abs();
        }
        m.criterion = Some(Criterion { greater_is_better: Some(better), ..c.clone() });
        m.passed = ok;
    }
    if out.problem.is_some() {
        out.passed = false;
        out.verdict = ComparisonVerdict::NothingCompared;
        return;
    }
    out.passed = !out.metrics.is_empty() && out.metrics.iter().all(|m| m.passed);
    out.verdict = if out.passed { ComparisonVerdict::AtLeastAsGood } else { ComparisonVerdict::Worse };
}
