//! The acceptance criteria (MLflow's `MetricThreshold` semantics) and the comparison's verdict.

use super::*;

/// Applies the criteria (MLflow's semantics) and writes the verdict.
pub(super) fn decide(criteria: &[Criterion], out: &mut Comparison) {
    for m in &mut out.metrics {
        let Some(c) = criteria.iter().find(|c| c.metric == m.metric) else { continue };
        let better = c.greater_is_better.unwrap_or(m.greater_is_better);
        let gain = if better { m.delta } else { -m.delta };
        let mut parts = Vec::new();
        let mut ok = true;
        if let Some(t) = c.threshold {
            ok &= if better { m.candidate >= t } else { m.candidate <= t };
            parts.push(format!("{} {}", if better { "≥" } else { "≤" }, fmt_num(t)));
        }
        if let Some(d) = c.min_absolute_change {
            ok &= gain > d;
            parts.push(format!("change > {}", fmt_num(d)));
        }
        if let Some(d) = c.min_relative_change {
            ok &= gain > d * m.baseline.abs();
            parts.push(format!("relative change > {}", fmt_num(d)));
        }
        m.criterion = Some(parts.join(", "));
        m.passed = ok;
    }
    if out.problem.is_some() {
        out.passed = false;
        out.verdict = "Nothing was compared.".into();
        return;
    }
    let failed: Vec<&MetricComparison> = out.metrics.iter().filter(|m| !m.passed).collect();
    out.passed = failed.is_empty() && !out.metrics.is_empty();
    let worse_slices = out.slices.iter().filter(|s| s.worse).count();
    let mut verdict = if out.passed {
        "The candidate is at least as good as the baseline on every metric.".to_string()
    } else {
        let reasons: Vec<String> = failed
            .iter()
            .map(|m| {
                let why = match (&m.criterion, m.p_value) {
                    (Some(c), _) => format!("criterion {c} not met"),
                    (None, Some(p)) => format!("significantly worse, p = {}", fmt_num(p)),
                    (None, None) => "worse".into(),
                };
                format!("{} {} → {} ({why})", m.metric, fmt_num(m.baseline), fmt_num(m.candidate))
            })
            .collect();
        format!("The candidate is worse than the baseline: {}.", reasons.join("; "))
    };
    if worse_slices > 0 {
        let first = &out.slices[0];
        let name = if first.slice.starts_with(&first.attribute) {
            first.slice.clone()
        } else {
            format!("{} = {}", first.attribute, first.slice)
        };
        verdict.push_str(&format!(
            " It is significantly worse in {worse_slices} slice{} (e.g. {name}).",
            if worse_slices == 1 { "" } else { "s" }
        ));
    }
    out.verdict = verdict;
}
