//! Which checks run (the preset) and the acceptance gates, editable; both live in the config, so
//! they are saved, loaded back (also from a report) and used by the CLI alike.

use plumbline::config::{ComparisonConfig, Preset};
use plumbline::gates::{validate, GateConfig};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    pub preset: Preset,
    pub gates: Option<Vec<GateConfig>>,
    pub on_preset: Callback<Preset>,
    /// `Ok(None)`: the defaults; `Err`: a message naming the line.
    pub on_gates: Callback<Result<Option<Vec<GateConfig>>, String>>,
    pub comparison: ComparisonConfig,
    /// The reference's columns (choices for the baseline model's columns).
    pub columns: Vec<String>,
    pub on_comparison: Callback<ComparisonConfig>,
    /// Key columns joining a second file (baseline, serving, shadow); empty: the id column.
    pub join_keys: Vec<String>,
    pub on_join_keys: Callback<Vec<String>>,
}

const PRESETS: [(Preset, &str, &str); 5] = [
    (Preset::Full, "full", "Full pre-deployment check (every check)"),
    (Preset::DataDrift, "data_drift", "Data drift (drift, leakage)"),
    (Preset::ModelQuality, "model_quality", "Model quality (quality, weak segments, cost)"),
    (Preset::FairnessAudit, "fairness_audit", "Fairness audit (fairness, quality, cost)"),
    (Preset::ModelComparison, "model_comparison", "Model comparison (old vs new model, skew, shadow, canary, quality)"),
];

/// `name: expression` lines → gates; blank → the defaults.
pub fn parse_gates(text: &str) -> Result<Option<Vec<GateConfig>>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let (name, expression) =
            line.split_once(": ").ok_or_else(|| format!("gate line {}: write it as “name: expression”", i + 1))?;
        validate(expression).map_err(|e| format!("gate line {} (“{}”): {e}", i + 1, name.trim()))?;
        out.push(GateConfig { name: name.trim().to_string(), expression: expression.trim().to_string() });
    }
    Ok((!out.is_empty()).then_some(out))
}

#[function_component(ChecksEditor)]
pub fn checks_editor(p: &ChecksProps) -> Html {
    // The select follows the config (also when one is loaded): an option's `selected` attribute
    // stops counting once the user has picked one, so set the property.
    let select_ref = use_node_ref();
    {
        let select_ref = select_ref.clone();
        let value = PRESETS.iter().find(|(preset, _, _)| *preset == p.preset).map_or("full", |(_, v, _)| *v);
        use_effect_with(value, move |value| {
            if let Some(select) = select_ref.cast::<HtmlSelectElement>() {
                select.set_value(value);
            }
        });
    }
    let on_preset = {
        let cb = p.on_preset.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some((preset, _, _)) = PRESETS.iter().find(|(_, v, _)| *v == select.value()) {
                cb.emit(*preset);
            }
        })
    };
    let on_gates = {
        let cb = p.on_gates.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(parse_gates(&area.value()));
        })
    };
    let on_base_pred = {
        let (cb, config) = (p.on_comparison.clone(), p.comparison.clone());
        Callback::from(move |v: Option<String>| cb.emit(ComparisonConfig { baseline_prediction: v, ..config.clone() }))
    };
    let on_base_score = {
        let (cb, config) = (p.on_comparison.clone(), p.comparison.clone());
        Callback::from(move |v: Option<String>| cb.emit(ComparisonConfig { baseline_score: v, ..config.clone() }))
    };
    let on_keys = {
        let cb = p.on_join_keys.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value().split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect());
        })
    };
    let text: String = p.gates.iter().flatten().map(|g| format!("{}: {}\n", g.name, g.expression)).collect();
    html! {
        <section class="checks" aria-labelledby="checks-title">
            <h2 id="checks-title">{ "Checks and acceptance gates" }</h2>
            <p>
                <label for="preset">{ "Checks to run " }</label>
                <select id="preset" data-testid="preset" onchange={on_preset} ref={select_ref}>
                    { for PRESETS.iter().map(|(preset, value, label)| html! {
                        <option value={*value} selected={*preset == p.preset}>{ *label }</option>
                    }) }
                </select>
            </p>
            <p>
                <label for="baseline-prediction">{ "Old model's prediction column " }</label>
                <ColumnSelect id="baseline-prediction" columns={p.columns.clone()} value={p.comparison.baseline_prediction.clone()} on_change={on_base_pred} />
                { " " }<label for="baseline-score">{ "and score column " }</label>
                <ColumnSelect id="baseline-score" columns={p.columns.clone()} value={p.comparison.baseline_score.clone()} on_change={on_base_score} />
            </p>
            <p>
                <label for="join-keys">{ "Join key columns " }</label>
                <input id="join-keys" data-testid="join-keys" type="text" spellcheck="false" value={p.join_keys.join(", ")}
                    onchange={on_keys} placeholder="the id column" aria-describedby="join-keys-help" />
            </p>
            <p class="help" id="join-keys-help">{ "Comma-separated, for a key of several columns (e.g. user, day): joins the baseline model's outputs, the serving features and the shadow log to your rows. Empty: the column with the id role." }</p>
            <p class="help">{ "To compare the current model with an old one on the same rows: pick the old model's columns in this file, or load its outputs as “Baseline model outputs” (joined by the id column)." }</p>
            <label for="gates">{ "Acceptance gates, one per line as “name: expression” (empty: sensible defaults for the checks that run)" }</label>
            <textarea id="gates" data-testid="gates" rows="4" spellcheck="false" onchange={on_gates} value={text}
                placeholder="AUC at least 0.8: performance.inputs[current].metrics.roc_auc.value >= 0.8" />
            <p class="help">{ "A path into the JSON report, a comparison (<, <=, >, >=, ==, !=, within [low, high]) and a number, true/false, a \"string\" or another path (± n, * n). [*] means every element. The report and the CLI's exit code follow the verdict." }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ColumnSelectProps {
    pub id: AttrValue,
    pub columns: Vec<String>,
    pub value: Option<String>,
    pub on_change: Callback<Option<String>>,
}

/// A column picker with "none"; follows `value` also after the user has picked (see the preset).
#[function_component(ColumnSelect)]
pub fn column_select(p: &ColumnSelectProps) -> Html {
    let select_ref = use_node_ref();
    {
        let select_ref = select_ref.clone();
        use_effect_with(p.value.clone(), move |value| {
            if let Some(select) = select_ref.cast::<HtmlSelectElement>() {
                select.set_value(value.as_deref().unwrap_or(""));
            }
        });
    }
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(Some(select.value()).filter(|v| !v.is_empty()));
        })
    };
    html! {
        <select id={p.id.clone()} data-testid={p.id.clone()} {onchange} ref={select_ref}>
            <option value="">{ "— none —" }</option>
            { for p.columns.iter().map(|c| html! { <option value={c.clone()}>{ c.clone() }</option> }) }
        </select>
    }
}
