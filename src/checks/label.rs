//! Typed ranges and conditions, and their stable labels.
//!
//! A report names some of its rows by a value: a weak segment by its rule
//! (`28 < age ≤ 37 and sex = Female`), a fairness group of a numeric attribute by its bin
//! (`[28, 37)`), a perturbation by `feature:kind:level`. Gates' `[name]` selectors and the
//! config (`fairness.reference_group`) find them by that **label**, so it must not change when the
//! report's number format for people does (`report::text`). The checks keep the typed value
//! (`Interval`, `Condition`) in the JSON next to the label, and the report words it for people.
//!
//! **Numbers in labels** are written in the shortest decimal form that reads back as the same
//! double, never with an exponent (Rust's `{}`; `-0` as `0`): `28`, `37.5`, `0.1`,
//! `0.30000000000000004`, `0.0000001`. Two different values never share a label.

use serde::{Deserialize, Serialize};

/// A number as labels write it (see the module's text).
pub fn num(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        format!("{x}")
    }
}

/// Which ends of an [`Interval`] belong to it (pandas' `Interval.closed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Closed {
    /// `[lo, hi)`
    Left,
    /// `(lo, hi]`
    Right,
    /// `[lo, hi]`
    Both,
}

impl Closed {
    /// Whether the lower bound belongs to the interval.
    pub fn includes_lo(self) -> bool {
        matches!(self, Closed::Left | Closed::Both)
    }

    /// Whether the upper bound belongs to the interval.
    pub fn includes_hi(self) -> bool {
        matches!(self, Closed::Right | Closed::Both)
    }
}

/// A range of a numeric feature's values; an absent bound is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Interval {
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    pub closed: Closed,
}

impl Interval {
    /// `[lo, hi)`, `[lo, hi]`, `(lo, hi]`; one-sided: `< hi`, `≤ hi`, `≥ lo`, `> lo`.
    pub fn label(&self) -> String {
        self.words(num)
    }

    /// The label's shape with numbers written by `number` (the report passes its format for
    /// people).
    pub fn words(&self, number: impl Fn(f64) -> String) -> String {
        let (lo_in, hi_in) = (self.closed.includes_lo(), self.closed.includes_hi());
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => {
                format!(
                    "{}{}, {}{}",
                    if lo_in { "[" } else { "(" },
                    number(lo),
                    number(hi),
                    if hi_in { "]" } else { ")" }
                )
            }
            (None, Some(hi)) => format!("{} {}", if hi_in { "≤" } else { "<" }, number(hi)),
            (Some(lo), None) => format!("{} {}", if lo_in { "≥" } else { ">" }, number(lo)),
            (None, None) => "any value".into(),
        }
    }

    /// Whether `x` lies in it.
    pub fn contains(&self, x: f64) -> bool {
        let (lo_in, hi_in) = (self.closed.includes_lo(), self.closed.includes_hi());
        self.lo.is_none_or(|lo| if lo_in { x >= lo } else { x > lo })
            && self.hi.is_none_or(|hi| if hi_in { x <= hi } else { x < hi })
    }
}

/// One condition on one feature: what a segment's rule is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "is", rename_all = "snake_case")]
pub enum Condition {
    /// The feature's value lies in the interval.
    InRange {
        feature: String,
        #[serde(flatten)]
        range: Interval,
    },
    /// The feature's value (as text) is `value`.
    Equal { feature: String, value: String },
    /// The feature has no value.
    Missing { feature: String },
}

impl Condition {
    /// `age ≤ 28`, `28 < age ≤ 37`, `age > 51`, `sex = Female`, `age is missing`.
    pub fn label(&self) -> String {
        self.words(num)
    }

    /// The label's shape with numbers written by `number`.
    pub fn words(&self, number: impl Fn(f64) -> String) -> String {
        match self {
            Condition::InRange { feature, range } => {
                let (lo_in, hi_in) = (range.closed.includes_lo(), range.closed.includes_hi());
                let (lo_op, hi_op) = (if lo_in { "≤" } else { "<" }, if hi_in { "≤" } else { "<" });
                match (range.lo, range.hi) {
                    (Some(lo), Some(hi)) => format!("{} {lo_op} {feature} {hi_op} {}", number(lo), number(hi)),
                    (None, Some(hi)) => format!("{feature} {hi_op} {}", number(hi)),
                    (Some(lo), None) => format!("{feature} {} {}", if lo_in { "≥" } else { ">" }, number(lo)),
                    (None, None) => format!("{feature} has a value"),
                }
            }
            Condition::Equal { feature, value } => format!("{feature} = {value}"),
            Condition::Missing { feature } => format!("{feature} is missing"),
        }
    }

    pub fn feature(&self) -> &str {
        match self {
            Condition::InRange { feature, .. } | Condition::Equal { feature, .. } | Condition::Missing { feature } => {
                feature
            }
        }
    }
}

/// The label of conditions that hold together: `a and b`.
pub fn conjunction(conditions: &[Condition]) -> String {
    conditions.iter().map(Condition::label).collect::<Vec<_>>().join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_write_every_digit_a_double_needs_and_no_more() {
        let cases = [
            (28.0, "28"),
            (37.5, "37.5"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e-7, "0.0000001"),
            (-0.0, "0"),
            (-3.25, "-3.25"),
        ];
        for (x, want) in cases {
            assert_eq!(num(x), want);
            assert_eq!(num(x).parse::<f64>().ok(), Some(x), "{want} reads back");
        }
    }

    #[test]
    fn intervals_and_conditions_keep_their_shapes() {
        let left = |lo, hi| Interval { lo, hi, closed: Closed::Left };
        assert_eq!(left(Some(28.0), Some(37.5)).label(), "[28, 37.5)");
        assert_eq!(left(None, Some(28.0)).label(), "< 28");
        assert_eq!(left(Some(51.0), None).label(), "≥ 51");
        assert_eq!(Interval { lo: Some(1.0), hi: Some(2.0), closed: Closed::Both }.label(), "[1, 2]");
        let range =
            |lo, hi| Condition::InRange { feature: "age".into(), range: Interval { lo, hi, closed: Closed::Right } };
        assert_eq!(range(None, Some(28.0)).label(), "age ≤ 28");
        assert_eq!(range(Some(28.0), Some(37.0)).label(), "28 < age ≤ 37");
        assert_eq!(range(Some(51.0), None).label(), "age > 51");
        let both = [range(Some(28.0), Some(37.0)), Condition::Equal { feature: "sex".into(), value: "Female".into() }];
        assert_eq!(conjunction(&both), "28 < age ≤ 37 and sex = Female");
        assert_eq!(Condition::Missing { feature: "age".into() }.label(), "age is missing");
    }

    #[test]
    fn an_interval_holds_the_values_its_label_says() {
        let i = Interval { lo: Some(1.0), hi: Some(2.0), closed: Closed::Right };
        assert!(!i.contains(1.0) && i.contains(1.5) && i.contains(2.0) && !i.contains(2.5));
        let j = Interval { lo: Some(1.0), hi: None, closed: Closed::Left };
        assert!(j.contains(1.0) && j.contains(1e300) && !j.contains(0.5));
    }
}
