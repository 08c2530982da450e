//! The words of the report: number formats for people and the sentences that the HTML report,
//! the CLI and the JSON's `message` fields print for the checks' typed results. Checks never
//! import this module (a tidy test keeps it so): they compute values, this module words them.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

use crate::checks::canary::{Canary, CanaryVerdict, HoldReason};
use crate::checks::comparison::{Comparison, ComparisonVerdict};
use crate::checks::fairness::{Fairness, SetAsideReason};
use crate::checks::findings::{Fact, Finding, Severity};
use crate::checks::label::{Condition, Interval};
use crate::checks::summary::Scalar;
use crate::config::Criterion;

/// A share in [0, 1] as a percentage for people: one decimal, "< 0.1 %" for tiny non-zero shares.
pub fn fmt_pct(x: f64) -> String {
    let p = x * 100.0;
    if p > 0.0 && p < 0.05 {
        "< 0.1 %".into()
    } else {
        format!("{} %", fmt_num((p * 10.0).round() / 10.0))
    }
}

/// Formats a number for people: integers as such, others with five significant digits.
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let a = x.abs();
    if !(1e-4..1e9).contains(&a) {
        return format!("{x:.3e}");
    }
    let decimals = (4 - a.log10().floor() as i32).clamp(0, 8) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A value from the data as people read it.
pub fn scalar(v: &Scalar) -> String {
    match v {
        Scalar::Int(v) => v.to_string(),
        Scalar::Float(v) => fmt_num(*v),
        Scalar::Bool(v) => v.to_string(),
        Scalar::Text(v) => v.clone(),
    }
}

/// A numeric bin for people: `[28, 37.333)`.
pub fn interval(i: &Interval) -> String {
    i.words(fmt_num)
}

/// A segment's rule for people: `28 < age ≤ 37.333 and sex = Female`.
pub fn conditions(c: &[Condition]) -> String {
    c.iter().map(|c| c.words(fmt_num)).collect::<Vec<_>>().join(" and ")
}

/// The fairness check's lead: its most unfair group against the reference group, or that every
/// group is within the fair range.
pub fn most_unfair(f: &Fairness) -> String {
    let Some(m) = &f.most_unfair else { return "Every group's rates are within the fair range.".into() };
    let label = match m.rate.as_str() {
        "pprev" => "predicted positive rate",
        "tpr" => "true positive rate",
        "fpr" => "false positive rate",
        other => other,
    };
    // Numeric bins read in the report's number format.
    let name = |attribute: &str, label: &str| {
        f.attributes
            .iter()
            .find(|a| a.attribute == attribute)
            .and_then(|a| a.groups.iter().find(|g| g.group == label))
            .and_then(|g| g.bin.as_ref())
            .map_or_else(|| label.to_string(), interval)
    };
    let [lo, hi] = f.fair_range;
    format!(
        "{} = {}: {label} {:.3} vs {} for {} (disparity {:.2}, outside {}–{}).",
        m.attribute,
        name(&m.attribute, &m.group),
        m.value,
        m.reference_value.map_or("—".into(), |r| format!("{r:.3}")),
        name(&m.attribute, &m.reference_group),
        m.disparity,
        fmt_num(lo),
        fmt_num(hi)
    )
}

/// Why a fairness group outside the fair range does not count as unfair.
pub fn set_aside(reason: &SetAsideReason) -> String {
    match reason {
        SetAsideReason::TooFewRows { rows, min_group_size } => {
            format!("too few rows: {rows} in the class the rate divides by, under min_group_size {min_group_size}")
        }
        SetAsideReason::NotSignificant { p_adjusted, alpha } => {
            format!("not significant: adjusted p = {} ≥ alpha {alpha}", fmt_num(*p_adjusted))
        }
        SetAsideReason::NoTest => "no test: the reference group itself, or a rate without a test".into(),
    }
}

/// A canary verdict as the CLI prints it (its JSON value).
pub fn canary_verdict(v: CanaryVerdict) -> &'static str {
    match v {
        CanaryVerdict::Promote => "promote",
        CanaryVerdict::Hold => "hold",
    }
}

/// Why the canary is held back: `the canary's error rate is significantly higher (…); …`.
pub fn hold_reasons(c: &Canary) -> String {
    let words = |r: &HoldReason| match r {
        HoldReason::RateChanged { canary, control, p_value } => format!(
            "the canary's {} is significantly {} ({canary:.4} vs {control:.4}, p = {})",
            c.metric.replace('_', " "),
            if canary > control { "higher" } else { "lower" },
            fmt_num(*p_value)
        ),
        HoldReason::ScoresDrifted { p_value } => format!("the canary's scores drifted (KS p = {})", fmt_num(*p_value)),
    };
    c.reasons.iter().map(words).collect::<Vec<_>>().join("; ")
}

/// An MLflow-style criterion: `≥ 0.9, change > 0.01, relative change > 0.05`.
pub fn criterion(c: &Criterion) -> String {
    let better = c.greater_is_better.unwrap_or(true);
    let mut parts = Vec::new();
    if let Some(t) = c.threshold {
        parts.push(format!("{} {}", if better { "≥" } else { "≤" }, fmt_num(t)));
    }
    if let Some(d) = c.min_absolute_change {
        parts.push(format!("change > {}", fmt_num(d)));
    }
    if let Some(d) = c.min_relative_change {
        parts.push(format!("relative change > {}", fmt_num(d)));
    }
    parts.join(", ")
}

/// The comparison's verdict in sentences: at least as good, or not and why; and the slices
/// where the candidate is significantly worse.
pub fn comparison_verdict(c: &Comparison) -> String {
    let mut verdict = match c.verdict {
        ComparisonVerdict::NothingCompared => return "Nothing was compared.".into(),
        ComparisonVerdict::AtLeastAsGood => {
            "The candidate is at least as good as the baseline on every metric.".to_string()
        }
        ComparisonVerdict::Worse => {
            let reasons: Vec<String> = c
                .metrics
                .iter()
                .filter(|m| !m.passed)
                .map(|m| {
                    let why = match (&m.criterion, m.p_value) {
                        (Some(k), _) => format!("criterion {} not met", criterion(k)),
                        (None, Some(p)) => format!("significantly worse, p = {}", fmt_num(p)),
                        (None, None) => "worse".into(),
                    };
                    format!("{} {} → {} ({why})", m.metric.name(), fmt_num(m.baseline), fmt_num(m.candidate))
                })
                .collect();
            format!("The candidate is worse than the baseline: {}.", reasons.join("; "))
        }
    };
    let worse_slices = c.slices.iter().filter(|s| s.worse).count();
    if let (true, Some(first)) = (worse_slices > 0, c.slices.first()) {
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
    verdict
}

/// The sentence of a finding.
pub fn finding(f: &Finding) -> String {
    let column = f.column.as_deref().unwrap_or_default();
    let input = f.input.as_deref().unwrap_or_default();
    let opt = |v: &Option<Scalar>| v.as_ref().map(scalar).unwrap_or_default();
    match &f.fact {
        Fact::OutputAbsent => format!(
            "Column “{column}” (the target or the model's output) is not in the current data — as when labels arrive later: the checks that need it ran on the reference only."
        ),
        Fact::ColumnRemoved => format!("Column “{column}” is in the reference but missing from the current data."),
        Fact::ColumnAdded => format!("Column “{column}” is new in the current data: the model never saw it."),
        Fact::TypeChanged { type_reference, type_current } => format!(
            "Column “{column}” was {} in the reference and is {} in the current data.",
            type_reference.name(),
            type_current.name()
        ),
        Fact::MissingIncreased { share_reference, share_current } => format!(
            "Column “{column}” is missing in {} of current rows, up from {} in the reference.",
            fmt_pct(*share_current),
            fmt_pct(*share_reference)
        ),
        Fact::NewCategories { categories, share } => format!(
            "Column “{column}” has {categories} categor{} never seen in the reference, in {} of current values.",
            if *categories == 1 { "y" } else { "ies" },
            fmt_pct(*share)
        ),
        Fact::OutOfRange { share, min, max } => format!(
            "{} of current values of “{column}” lie outside the reference range [{}, {}].",
            fmt_pct(*share),
            opt(min),
            opt(max)
        ),
        Fact::DuplicatedRows { rows, share } => {
            format!("{rows} rows of the {input} data ({}) repeat an earlier row exactly.", fmt_pct(*share))
        }
        Fact::EmptyRows { rows } => format!("{rows} rows of the {input} data have no value at all."),
        Fact::DuplicatedColumns { same_as } => {
            format!("Columns “{same_as}” and “{column}” of the {input} data hold the same values in every row.")
        }
        Fact::AllMissing => format!("Column “{column}” of the {input} data has no value in any row."),
        Fact::ConstantColumn { value } => format!(
            "Column “{column}” of the {input} data holds one value ({}) in every row that has one.",
            scalar(value)
        ),
        Fact::AlmostConstantColumn { value, share } => format!(
            "Column “{column}” of the {input} data is almost constant: {} of its values are {}.",
            fmt_pct(*share),
            scalar(value)
        ),
        Fact::SharedRows { rows, share_of_current } => format!(
            "{rows} current rows ({}) also appear in the reference: test data that the model was trained on.",
            fmt_pct(*share_of_current)
        ),
        Fact::SharedIds { ids, share_of_current } => format!(
            "{ids} ids of “{column}” ({} of current ids) are also in the reference.",
            fmt_pct(*share_of_current)
        ),
        Fact::DateLeakage { rows, share_of_reference } => format!(
            "{rows} reference rows ({}) are dated after the current data begins: the model learned from the future.",
            fmt_pct(*share_of_reference)
        ),
        Fact::TargetLeak { power } => format!(
            "“{column}” alone predicts the target with ROC AUC {power:.3}: likely information the model will not have in production."
        ),
        Fact::AssociationChange { gini_reference, gini_current } => format!(
            "“{column}” predicts the target {} in the current data (Gini {gini_current:.2}) than in the reference ({gini_reference:.2}): a feature built with knowledge of the label, or a changed relationship.",
            if gini_current < gini_reference { "much less" } else { "much more" }
        ),
    }
}

/// A finding as the JSON holds it: the check's fact, and its sentence.
#[derive(Serialize, JsonSchema)]
struct FindingJson<'a> {
    severity: Severity,
    #[serde(flatten)]
    fact: &'a Fact,
    input: &'a Option<String>,
    column: &'a Option<String>,
    /// The finding in a sentence (`report::text`).
    message: String,
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let json = FindingJson {
            severity: self.severity,
            fact: &self.fact,
            input: &self.input,
            column: &self.column,
            message: finding(self),
        };
        json.serialize(serializer)
    }
}

impl JsonSchema for Finding {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Finding".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        FindingJson::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::fmt_num;
    use crate::checks::findings::{Fact, Finding, Severity};
    use crate::checks::summary::Scalar;

    #[test]
    fn a_finding_is_written_with_its_numbers_and_sentence_and_reads_back() {
        let findings = [
            Finding { severity: Severity::Info, fact: Fact::OutputAbsent, input: None, column: Some("y".into()) },
            Finding {
                severity: Severity::Warning,
                fact: Fact::OutOfRange { share: 0.25, min: Some(Scalar::Int(1)), max: Some(Scalar::Float(2.5)) },
                input: None,
                column: Some("x".into()),
            },
        ];
        for f in findings {
            let json = serde_json::to_value(&f).expect("json");
            assert_eq!(json["message"], super::finding(&f), "{json}");
            let back: Finding = serde_json::from_value(json.clone()).expect("reads back");
            assert_eq!(back, f, "{json}");
        }
        let json = serde_json::to_value(Fact::NewCategories { categories: 3, share: 0.5 }).expect("json");
        assert_eq!(json, serde_json::json!({"kind": "new_categories", "categories": 3, "share": 0.5}));
    }

    #[test]
    fn numbers_read_well() {
        let cases = [
            (3.0, "3"),
            (0.5, "0.5"),
            (1234.5678, "1234.6"),
            (0.000123456, "0.00012346"),
            (1e12 + 0.5, "1.000e12"),
            (f64::INFINITY, "∞"),
        ];
        for (x, want) in cases {
            assert_eq!(fmt_num(x), want, "{x}");
        }
    }
}
