//! # Acceptance gates
//!
//! **What it does.** Evaluates named conditions over the values of the JSON report and gives one
//! verdict: `go` when every gate that found its values passed, `no-go` when one failed, `no gates`
//! without any. The CLI exits 1 on `no-go`, so a pipeline can stop a deployment.
//!
//! **Expressions.** `path op right`, where
//! - `path` walks the JSON report: `drift.share_drifted`,
//!   `performance.inputs[current].metrics.roc_auc.value`,
//!   `fairness.attributes[*].groups[*].disparity.fpr`. `[*]` takes every element of a list (the gate
//!   then holds only when it holds for each), `[3]` one by position, `[name]` the element whose
//!   `input`, `attribute`, `group`, `column`, `name`, `metric`, `feature` or `rule` is `name`;
//! - `op` is `<`, `<=`, `>`, `>=`, `==`, `!=` or `within`;
//! - `right` is a number, `true`, `false`, a "string", `[low, high]` (for `within`), or another
//!   path with an optional `+ n`, `- n` or `* n` (e.g. the reference's accuracy `- 0.05`).
//!
//! **A gate never passes by mistake.** A gate whose path finds no value (its check did not run,
//! or the value is missing) cannot be evaluated: it fails the verdict with that reason (`no-go`),
//! unless the config says `"gates_unevaluated": "ignore"`. A `[*]` over an existing but empty
//! list holds for every element there is, and says so ("the list is empty"), so "no critical
//! finding" holds when there are no findings at all. The reported value is the one closest to
//! failing (or the first that fails), with where it was found.
//!
//! **Defaults** (when the config has no `gates`), for the checks that ran: no data-set drift; no
//! critical data-quality or leakage finding; accuracy (or MAE) and ROC AUC in production within
//! 0.05 (10 % for MAE) of the reference's; for each sensitive attribute, every group's tpr
//! disparity inside `fair_range` (equal opportunity; intersections are left to explicit gates);
//! the candidate model at least as good as the baseline (`comparison.passed`), its ROC AUC at most
//! 0.01 below, no slice significantly worse; training and serving rows join and no feature is
//! skewed; the shadow model agrees (`shadow.passed`); the canary may be promoted; no
//! perturbation flips (or moves) the model's outputs on `stability.fail_rate` of the rows.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One condition, as written in the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GateConfig {
    pub name: String,
    pub expression: String,
}

impl GateConfig {
    pub fn new(name: &str, expression: &str) -> GateConfig {
        GateConfig { name: name.to_string(), expression: expression.to_string() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Gate {
    pub name: String,
    pub expression: String,
    /// The deciding value (closest to failing, or the first failing one).
    pub value: Option<Value>,
    /// Where that value was found.
    pub at: Option<String>,
    /// `None`: no value at the path (the check did not run): see `reason`.
    pub passed: Option<bool>,
    /// Why the gate holds without a value (`[*]` over an empty list) or could not be evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a gate that cannot be evaluated does to the verdict (config `gates_unevaluated`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unevaluated {
    /// It fails the verdict (`no-go`), with its reason: a misspelt path or a check that did not
    /// run never lets a model ship.
    #[default]
    Fail,
    /// It is listed as not evaluated and does not decide the verdict.
    Ignore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    Within,
}

#[derive(Debug, Clone, PartialEq)]
enum Right {
    Literal(Value),
    Range(f64, f64),
    /// Another path, then `+`, `-` or `*` a number.
    Path(String, char, f64),
}

#[derive(Debug, Clone, PartialEq)]
struct Expression {
    path: String,
    op: Op,
    right: Right,
}

/// Parses `path op right`; the message says what is wrong.
fn parse(text: &str) -> Result<Expression, String> {
    let t = text.trim();
    let ops = [("<=", Op::Le), (">=", Op::Ge), ("==", Op::Eq), ("!=", Op::Ne), ("<", Op::Lt), (">", Op::Gt)];
    let (path, op, rest) = if let Some(i) = t.find(" within ") {
        (&t[..i], Op::Within, &t[i + 8..])
    } else {
        let found = t.char_indices().find_map(|(i, _)| {
            ops.iter().find(|(s, _)| t[i..].starts_with(s)).map(|(s, op)| (&t[..i], *op, &t[i + s.len()..]))
        });
        found.ok_or_else(|| format!("no comparison (<, <=, >, >=, ==, != or within) in \"{t}\""))?
    };
    let path = path.trim();
    if path.is_empty() || path.contains(' ') {
        return Err(format!("\"{path}\" is not a path like drift.share_drifted"));
    }
    let rest = rest.trim();
    let right = if op == Op::Within {
        let inner = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')).ok_or("within needs [low, high]")?;
        let (a, b) = inner.split_once(',').ok_or("within needs [low, high]")?;
        let num = |s: &str| s.trim().parse::<f64>().map_err(|_| format!("\"{}\" is not a number", s.trim()));
        let (lo, hi) = (num(a)?, num(b)?);
        if lo > hi {
            return Err(format!("[{lo}, {hi}]: low is above high"));
        }
        Right::Range(lo, hi)
    } else if let Ok(x) = rest.parse::<f64>() {
        Right::Literal(Value::from(x))
    } else if rest == "true" || rest == "false" {
        Right::Literal(Value::Bool(rest == "true"))
    } else if let Some(s) = rest.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Right::Literal(Value::String(s.to_string()))
    } else {
        let (p, sign, n) = match rest.rfind([' ']) {
            Some(i) if ["+", "-", "*"].iter().any(|s| rest[..i].trim_end().ends_with(s)) => {
                let head = rest[..i].trim_end();
                let sign = head.chars().last().unwrap_or('+');
                let n =
                    rest[i..].trim().parse::<f64>().map_err(|_| format!("\"{}\" is not a number", rest[i..].trim()))?;
                (head[..head.len() - 1].trim(), sign, n)
            }
            _ => (rest, '+', 0.0),
        };
        if p.is_empty() || p.contains(' ') {
            return Err(format!("\"{rest}\" is not a number, true/false, a \"string\" or a path"));
        }
        Right::Path(p.to_string(), sign, n)
    };
    Ok(Expression { path: path.to_string(), op, right })
}

/// Checks an expression without evaluating it (config validation): it parses, and its paths can
/// exist in a report (the published schema, `crate::schema`), or the message names the first
/// part that cannot and the closest name there.
pub fn validate(expression: &str) -> Result<(), String> {
    let e = parse(expression)?;
    crate::schema::check_path(&e.path)?;
    if let Right::Path(p, ..) = &e.right {
        crate::schema::check_path(p)?;
    }
    Ok(())
}

/// Every value at `path`, with the concrete location.
pub(crate) fn lookup<'a>(root: &'a Value, path: &str) -> Vec<(String, &'a Value)> {
    walk(root, path).0
}

/// [`lookup`], and whether a `[*]` met an empty list on the way (the path exists, but has no
/// element to hold a value).
fn walk<'a>(root: &'a Value, path: &str) -> (Vec<(String, &'a Value)>, bool) {
    let mut empty = false;
    let mut current: Vec<(String, &Value)> = vec![(String::new(), root)];
    for part in path.split('.') {
        let (key, selectors) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        let mut next = Vec::new();
        for (at, v) in current {
            let Some(v) = (if key.is_empty() { Some(v) } else { v.get(key) }) else { continue };
            let at = if key.is_empty() {
                at
            } else if at.is_empty() {
                key.to_string()
            } else {
                format!("{at}.{key}")
            };
            let mut items = vec![(at, v)];
            for sel in selectors.split('[').filter(|s| !s.is_empty()) {
                let sel = sel.trim_end_matches(']');
                let mut out = Vec::new();
                for (at, v) in items {
                    let Some(list) = v.as_array() else { continue };
                    empty |= sel == "*" && list.is_empty();
                    for (i, item) in list.iter().enumerate() {
                        let label = ["input", "attribute", "group", "column", "name", "metric", "feature", "rule"]
                            .iter()
                            .find_map(|k| item.get(*k).and_then(Value::as_str));
                        let keep = sel == "*" || sel.parse::<usize>().ok() == Some(i) || label == Some(sel);
                        if keep {
                            out.push((format!("{at}[{}]", label.map_or(i.to_string(), str::to_string)), item));
                        }
                    }
                }
                items = out;
            }
            next.extend(items);
        }
        current = next;
    }
    (current.into_iter().filter(|(_, v)| !v.is_null()).collect(), empty)
}

/// (passed, margin: how far from failing; negative when failed).
fn compare(v: &Value, op: Op, right: &Value, range: Option<(f64, f64)>) -> (bool, f64) {
    if let (Op::Within, Some((lo, hi)), Some(x)) = (op, range, v.as_f64()) {
        let margin = (x - lo).min(hi - x);
        return (margin >= 0.0, margin);
    }
    match (v.as_f64(), right.as_f64()) {
        (Some(x), Some(r)) => match op {
            Op::Lt => (x < r, r - x),
            Op::Le => (x <= r, r - x),
            Op::Gt => (x > r, x - r),
            Op::Ge => (x >= r, x - r),
            Op::Eq => (x == r, if x == r { 0.0 } else { -1.0 }),
            Op::Ne => (x != r, if x != r { 0.0 } else { -1.0 }),
            Op::Within => (false, -1.0),
        },
        _ => match op {
            Op::Eq => (v == right, if v == right { 0.0 } else { -1.0 }),
            Op::Ne => (v != right, if v != right { 0.0 } else { -1.0 }),
            _ => (false, -1.0),
        },
    }
}

fn evaluate(g: &GateConfig, report: &Value) -> Gate {
    let mut gate = Gate {
        name: g.name.clone(),
        expression: g.expression.clone(),
        value: None,
        at: None,
        passed: None,
        reason: None,
    };
    let e = match parse(&g.expression) {
        Ok(e) => e,
        Err(message) => {
            gate.reason = Some(format!("the expression does not parse: {message}"));
            return gate;
        }
    };
    let (right, range) = match &e.right {
        Right::Literal(v) => (v.clone(), None),
        Right::Range(lo, hi) => (Value::Null, Some((*lo, *hi))),
        Right::Path(p, sign, n) => {
            let found = lookup(report, p);
            let Some(x) = found.first().and_then(|(_, v)| v.as_f64()) else {
                gate.reason = Some(missing(report, p, "right-hand side"));
                return gate;
            };
            let r = match sign {
                '-' => x - n,
                '*' => x * n,
                _ => x + n,
            };
            (Value::from(r), None)
        }
    };
    let (values, empty) = walk(report, &e.path);
    let worst =
        values.iter().map(|(at, v)| (at, *v, compare(v, e.op, &right, range))).min_by(|a, b| a.2 .1.total_cmp(&b.2 .1));
    match worst {
        Some((at, v, _)) => {
            gate.passed = Some(values.iter().all(|(_, v)| compare(v, e.op, &right, range).0));
            gate.value = Some(v.clone());
            gate.at = Some(at.clone());
            // A value of the wrong kind (text against a number) fails, and says why.
            gate.reason = values.iter().find_map(|(_, v)| comparable(v, e.op, &right, range).err());
        }
        None if empty => {
            gate.passed = Some(true);
            gate.reason = Some("the list is empty: nothing to hold it (e.g. no findings)".into());
        }
        None => gate.reason = Some(missing(report, &e.path, "path")),
    }
    gate
}

/// `Err` with the reason when `v` cannot be compared with `right` by `op` (a string against a
/// number, `<` on true/false): such a gate fails.
fn comparable(v: &Value, op: Op, right: &Value, range: Option<(f64, f64)>) -> Result<(), String> {
    let numbers = v.as_f64().is_some() && (right.as_f64().is_some() || range.is_some());
    if numbers || matches!(op, Op::Eq | Op::Ne) {
        Ok(())
    } else {
        Err(format!(
            "the value {v} cannot be compared with {}",
            if range.is_some() { "a range".to_string() } else { right.to_string() }
        ))
    }
}

/// Why `path` found no value: the longest leading part that exists, and what stops there.
fn missing(report: &Value, path: &str, what: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let found = (1..=parts.len()).rev().find(|&k| !lookup(report, &parts[..k].join(".")).is_empty());
    match found {
        None => match report.get(parts.first().copied().unwrap_or_default().split('[').next().unwrap_or_default()) {
            // A section of the report's schema that this report lacks: its check did not run.
            Some(Value::Null) | None
                if crate::schema::check_path(parts.first().copied().unwrap_or_default()).is_ok() =>
            {
                format!("no value at the {what} {path}: that check did not run")
            }
            _ => format!(
                "no value at the {what} {path}: the report has no \"{}\"",
                parts.first().copied().unwrap_or_default()
            ),
        },
        Some(k) if k == parts.len() => format!("no value at the {what} {path}: the value is missing (null)"),
        Some(k) => format!("no value at the {what} {path}: {} has no \"{}\"", parts[..k].join("."), parts[k]),
    }
}

/// `list` evaluated on `report` (its JSON value), and the verdict. Which gates apply (the
/// config's, or the default gates of the checks that ran) is the run's choice: `run::judge`.
pub fn gates(list: &[GateConfig], unevaluated: Unevaluated, report: &Value) -> (Vec<Gate>, Verdict) {
    let gates: Vec<Gate> = list.iter().map(|g| evaluate(g, report)).collect();
    let v = verdict(&gates, unevaluated);
    (gates, v)
}

/// Whether the run passes its acceptance gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Verdict {
    /// Every gate was evaluated and holds (or, with `ignore`, every evaluated one).
    #[serde(rename = "go")]
    Go,
    /// A gate failed, or could not be evaluated (unless `ignore`d): the CLI exits 1.
    #[serde(rename = "no-go")]
    NoGo,
    /// No gate (or, with `ignore`, none could be evaluated).
    #[serde(rename = "no gates")]
    NoGates,
}

impl Verdict {
    /// Its value in the JSON: `go`, `no-go`, `no gates`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Go => "go",
            Verdict::NoGo => "no-go",
            Verdict::NoGates => "no gates",
        }
    }
}

/// `go` iff every gate was evaluated and holds (an unevaluated one fails it unless `ignore`d);
/// `no gates` when there is none (or, with `ignore`, none could be evaluated).
pub fn verdict(gates: &[Gate], unevaluated: Unevaluated) -> Verdict {
    let failed = gates.iter().any(|g| g.passed == Some(false));
    let unknown = gates.iter().any(|g| g.passed.is_none());
    if failed || (unknown && unevaluated == Unevaluated::Fail) {
        Verdict::NoGo
    } else if gates.iter().all(|g| g.passed.is_none()) {
        Verdict::NoGates
    } else {
        Verdict::Go
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(expression: &str, report: &Value) -> Gate {
        evaluate(&GateConfig { name: "g".into(), expression: expression.into() }, report)
    }

    #[test]
    fn expressions_parse_or_say_what_is_wrong() {
        for ok in [
            "drift.share_drifted < 0.3",
            "a.b[current].c.value >= a.b[reference].c.value - 0.05",
            "x[*].y[*].z within [0.8, 1.25]",
            "q.findings[*].severity != \"critical\"",
            "d.flag == false",
            "m <= n * 1.1",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
        for bad in ["drift.share_drifted", "a < ", "a within [2, 1]", "a within 3", "a b < 3", "a < b c"] {
            assert!(parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn every_value_must_pass_and_the_closest_to_failing_is_reported() {
        let r = json!({"fairness": {"attributes": [
            {"attribute": "sex", "groups": [{"group": "Male", "disparity": {"tpr": 1.0}}, {"group": "Female", "disparity": {"tpr": 0.86}}]},
            {"attribute": "race", "groups": [{"group": "White", "disparity": {"tpr": 1.0}}, {"group": "Other", "disparity": {"tpr": 0.65}}]}
        ]}});
        let g = eval("fairness.attributes[*].groups[*].disparity.tpr within [0.8, 1.25]", &r);
        assert_eq!(g.passed, Some(false));
        assert_eq!(g.value, Some(json!(0.65)));
        assert_eq!(g.at.as_deref(), Some("fairness.attributes[race].groups[Other].disparity.tpr"));
        let g = eval("fairness.attributes[sex].groups[*].disparity.tpr within [0.8, 1.25]", &r);
        assert_eq!((g.passed, g.value), (Some(true), Some(json!(0.86))));
    }

    #[test]
    fn paths_on_the_right_strings_booleans_and_missing_values() {
        let r = json!({"performance": {"inputs": [
            {"input": "reference", "metrics": {"accuracy": {"value": 0.85}}},
            {"input": "current", "metrics": {"accuracy": {"value": 0.79}}}
        ]}, "drift": {"dataset_drifted": false}, "quality": {"findings": [{"severity": "warning"}, {"severity": "critical"}]}});
        let drop = "performance.inputs[current].metrics.accuracy.value >= performance.inputs[reference].metrics.accuracy.value - 0.05";
        assert_eq!(eval(drop, &r).passed, Some(false));
        let small = drop.replace("0.05", "0.1");
        assert_eq!(eval(&small, &r).passed, Some(true));
        assert_eq!(eval("drift.dataset_drifted == false", &r).passed, Some(true));
        let q = eval("quality.findings[*].severity != \"critical\"", &r);
        assert_eq!((q.passed, q.value), (Some(false), Some(json!("critical"))));
        assert_eq!(eval("stability.flip_rate <= 0.05", &r).passed, None, "no value: not evaluated");
    }

    #[test]
    fn a_gate_that_cannot_be_evaluated_fails_the_verdict_and_says_why() {
        let r = json!({"performance": {"inputs": [{"input": "reference", "metrics": {"accuracy": {"value": 0.85}}}]},
            "drift": null, "quality": {"findings": []}, "x": {"label": "a"}});
        let cases = [
            ("performance.inputs[reference].metrics.acuracy.value > 0.5", None, "has no \"acuracy\""),
            ("drift.share_drifted < 0.3", None, "did not run"),
            ("nothing.at_all < 1", None, "the report has no \"nothing\""),
            ("quality.findings[*].severity != \"critical\"", Some(true), "the list is empty"),
            ("x.label < 3", Some(false), "cannot be compared"),
        ];
        for (expression, passed, reason) in cases {
            let g = eval(expression, &r);
            assert_eq!(g.passed, passed, "{expression}");
            let got = g.reason.unwrap_or_default();
            assert!(got.contains(reason), "{expression}: reason {got:?} should say {reason:?}");
        }
        let gate =
            |passed| Gate { name: "g".into(), expression: "e".into(), value: None, at: None, passed, reason: None };
        let verdicts = [
            (vec![], Unevaluated::Fail, Verdict::NoGates),
            (vec![gate(Some(true))], Unevaluated::Fail, Verdict::Go),
            (vec![gate(Some(true)), gate(None)], Unevaluated::Fail, Verdict::NoGo),
            (vec![gate(Some(true)), gate(None)], Unevaluated::Ignore, Verdict::Go),
            (vec![gate(None)], Unevaluated::Ignore, Verdict::NoGates),
            (vec![gate(None)], Unevaluated::Fail, Verdict::NoGo),
            (vec![gate(Some(false)), gate(None)], Unevaluated::Ignore, Verdict::NoGo),
        ];
        for (gates, mode, want) in verdicts {
            assert_eq!(
                verdict(&gates, mode),
                want,
                "{:?} {mode:?}",
                gates.iter().map(|g| g.passed).collect::<Vec<_>>()
            );
        }
    }
}
