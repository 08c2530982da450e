//! The report's JSON schema, and the check of a gate's path against it.
//!
//! [`generate`] derives the schema from the report's types (`schemars`); the published copy,
//! `docs/report.schema.json`, is checked in and a test keeps it equal to the generated one, so
//! tools that read our JSON can rely on it. Maps keyed by a fixed set of names (model metrics,
//! fairness rates) list those names, so a gate on `metrics.acuracy` is refused when the config
//! loads ([`check_path`]: "did you mean `accuracy`?") instead of failing later as unevaluated.

use std::sync::OnceLock;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

/// `docs/report.schema.json`, as published.
pub const PUBLISHED: &str = include_str!("../docs/report.schema.json");

/// The schema of [`crate::report::Report`], pretty-printed with a final newline.
pub fn generate() -> String {
    let schema = schemars::schema_for!(crate::report::Report);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of a map whose keys are `names` and whose values are `T` (no other key).
pub fn keyed_by<T: JsonSchema>(names: &[&str], generator: &mut SchemaGenerator) -> Schema {
    let value = generator.subschema_for::<T>().to_value();
    let properties: Map<String, Value> = names.iter().map(|n| (n.to_string(), value.clone())).collect();
    let mut map = Map::new();
    map.insert("type".into(), "object".into());
    map.insert("properties".into(), Value::Object(properties));
    map.insert("additionalProperties".into(), Value::Bool(false));
    Schema::from(map)
}

fn published() -> Option<&'static Value> {
    static SCHEMA: OnceLock<Option<Value>> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(PUBLISHED).ok()).as_ref()
}

/// `Ok` when `path` (a gate's path: `performance.inputs[current].metrics.roc_auc.value`) can
/// exist in a report; otherwise the first part that cannot, with the closest names there.
pub fn check_path(path: &str) -> Result<(), String> {
    let Some(root) = published() else { return Ok(()) };
    check_path_in(root, path)
}

/// [`check_path`] against a given schema.
pub fn check_path_in(root: &Value, path: &str) -> Result<(), String> {
    let mut current = alternatives(root, root);
    let mut walked = String::new();
    for part in path.split('.') {
        let (key, selectors) = part.find('[').map_or((part, ""), |i| part.split_at(i));
        if !key.is_empty() {
            let mut next = Vec::new();
            let mut names = Vec::new();
            for s in &current {
                match property(s, key) {
                    Step::Found(v) => next.extend(alternatives(root, v)),
                    Step::Any => next.push(&ANY),
                    Step::Missing(mut n) => names.append(&mut n),
                }
            }
            if next.is_empty() {
                names.sort();
                names.dedup();
                let at = if walked.is_empty() { "the report".to_string() } else { format!("`{walked}`") };
                return Err(match closest(key, &names) {
                    Some(best) => format!("{at} has no `{key}`: did you mean `{best}`?"),
                    None if names.is_empty() => format!("{at} holds no named fields, so no `{key}`"),
                    None => format!("{at} has no `{key}`; it has {}", list(&names)),
                });
            }
            current = next;
        }
        walked.push_str(if walked.is_empty() { "" } else { "." });
        walked.push_str(key);
        for _ in selectors.split('[').filter(|s| !s.is_empty()) {
            let next: Vec<&Value> =
                current.iter().filter_map(|s| items(s)).flat_map(|v| alternatives(root, v)).collect();
            if next.is_empty() {
                return Err(format!("`{walked}` is not a list, so it takes no [selector]"));
            }
            walked.push_str("[]");
            current = next;
        }
    }
    Ok(())
}

static ANY: Value = Value::Bool(true);

/// Keys that describe a schema without constraining it.
const ANNOTATIONS: [&str; 7] = ["description", "title", "default", "examples", "deprecated", "readOnly", "writeOnly"];

enum Step<'a> {
    Found(&'a Value),
    /// The schema allows anything below (a free-form value).
    Any,
    Missing(Vec<String>),
}

fn property<'a>(schema: &'a Value, key: &str) -> Step<'a> {
    let Some(map) = schema.as_object() else {
        return if schema == &Value::Bool(true) { Step::Any } else { Step::Missing(Vec::new()) };
    };
    let constrains = |k: &str| {
        matches!(k, "type" | "properties" | "additionalProperties" | "items" | "prefixItems" | "enum" | "const")
    };
    if !map.keys().any(|k| constrains(k)) {
        return Step::Any;
    }
    let properties = map.get("properties").and_then(Value::as_object);
    if let Some(v) = properties.and_then(|p| p.get(key)) {
        return Step::Found(v);
    }
    match map.get("additionalProperties") {
        Some(Value::Bool(false)) | None if properties.is_some() || is_object(map) => {
            Step::Missing(properties.map(|p| p.keys().cloned().collect()).unwrap_or_default())
        }
        Some(Value::Bool(false)) | None => Step::Missing(Vec::new()),
        Some(v) => Step::Found(v),
    }
}

fn is_object(map: &Map<String, Value>) -> bool {
    match map.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "object"),
        _ => false,
    }
}

fn items(schema: &Value) -> Option<&Value> {
    if schema == &Value::Bool(true) {
        return Some(schema);
    }
    let map = schema.as_object()?;
    map.get("items").or_else(|| map.get("prefixItems").and_then(|p| p.get(0)))
}

/// The schemas `schema` may stand for: its `$ref` followed, its `anyOf`/`oneOf`/`allOf` arms.
fn alternatives<'a>(root: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let mut out = Vec::new();
    let mut stack = vec![(schema, 0u8)];
    while let Some((s, depth)) = stack.pop() {
        if depth > 32 {
            continue;
        }
        let Some(map) = s.as_object() else {
            out.push(s);
            continue;
        };
        let mut composite = false;
        if let Some(target) = map.get("$ref").and_then(Value::as_str) {
            composite = true;
            if let Some(t) = target.strip_prefix("#/$defs/").and_then(|name| root.get("$defs")?.get(name)) {
                stack.push((t, depth + 1));
            }
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(arms) = map.get(key).and_then(Value::as_array) {
                composite = true;
                stack.extend(arms.iter().map(|a| (a, depth + 1)));
            }
        }
        let own = map
            .keys()
            .any(|k| !matches!(k.as_str(), "$ref" | "anyOf" | "oneOf" | "allOf") && !ANNOTATIONS.contains(&k.as_str()));
        if !composite || own {
            out.push(s);
        }
    }
    out
}

/// The name nearest `key` (edit distance at most a third of its length, at least 2).
fn closest<'a>(key: &str, names: &'a [String]) -> Option<&'a str> {
    let limit = (key.chars().count() / 3).max(2);
    names
        .iter()
        .map(|n| (strsim::levenshtein(key, n), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.as_str())
}

fn list(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    if names.len() > shown.len() {
        format!("{} and {} more", shown.join(", "), names.len() - shown.len())
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_walk_refs_options_lists_and_maps() {
        let schema = json!({
            "type": "object",
            "properties": {
                "performance": {"anyOf": [{"$ref": "#/$defs/Performance"}, {"type": "null"}]},
                "summary": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Summary"}},
                "free": true,
            },
            "$defs": {
                "Performance": {"type": "object", "properties": {
                    "inputs": {"type": "array", "items": {"$ref": "#/$defs/Input"}}}},
                "Input": {"type": "object", "properties": {"metrics": {
                    "type": "object", "properties": {"accuracy": {"$ref": "#/$defs/Metric"}},
                    "additionalProperties": false}}},
                "Metric": {"type": "object", "properties": {"value": {"type": "number"}}},
                "Summary": {"type": "object", "properties": {"rows": {"type": "integer"}}},
            }
        });
        for ok in [
            "performance.inputs[current].metrics.accuracy.value",
            "performance.inputs[*].metrics.accuracy",
            "summary.reference.rows",
            "free.anything[*].below",
        ] {
            assert_eq!(check_path_in(&schema, ok), Ok(()), "{ok}");
        }
        for (bad, says) in [
            ("performance.inputs[current].metrics.acuracy.value", "did you mean `accuracy`?"),
            ("performanse.inputs", "did you mean `performance`?"),
            ("performance.inputs.metrics", "`performance.inputs` holds no named fields"),
            ("performance[0]", "`performance` is not a list"),
            ("summary.reference.rows.x", "holds no named fields"),
            ("performance.inputs[*].metrics.accuracy.zzzzzzzz", "has no `zzzzzzzz`; it has `value`"),
        ] {
            let got = check_path_in(&schema, bad);
            assert!(got.as_ref().is_err_and(|e| e.contains(says)), "{bad}: {got:?}");
        }
    }
}
