//! Which checks run (the preset) and the acceptance gates, editable; both live in the config, so
//! they are saved, loaded back (also from a report) and used by the CLI alike.

use plumbline::checks::gates::{validate, GateConfig};
use plumbline::config::Preset;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    pub preset: Preset,
    pub gates: Option<Vec<GateConfig>>,
    pub on_preset: Callback<Preset>,
    /// `Ok(None)`: the defaults; `Err`: a message naming the line.
    pub on_gates: Callback<Result<Option<Vec<GateConfig>>, String>>,
}

const PRESETS: [(Preset, &str, &str); 5] = [
    (Preset::Full, "full", "Full pre-deployment check (every check)"),
    (Preset::DataDrift, "data_drift", "Data drift (drift, leakage)"),
    (Preset::ModelQuality, "model_quality", "Model quality (quality, weak segments, cost)"),
    (Preset::FairnessAudit, "fairness_audit", "Fairness audit (fairness, quality, cost)"),
    (Preset::ModelComparison, "model_comparison", "Model comparison (quality, weak segments)"),
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
            <label for="gates">{ "Acceptance gates, one per line as “name: expression” (empty: sensible defaults for the checks that run)" }</label>
            <textarea id="gates" data-testid="gates" rows="4" spellcheck="false" onchange={on_gates} value={text}
                placeholder="AUC at least 0.8: performance.inputs[current].metrics.roc_auc.value >= 0.8" />
            <p class="help">{ "A path into the JSON report, a comparison (<, <=, >, >=, ==, !=, within [low, high]) and a number, true/false, a \"string\" or another path (± n, * n). [*] means every element. The report and the CLI's exit code follow the verdict." }</p>
        </section>
    }
}
