//! Column roles and types, suggested from the reference file and editable.

use std::rc::Rc;

use plumbline::config::{ColumnRole, Roles};
use plumbline::data::ColumnType;
use plumbline::protocol::Loaded;
use std::collections::BTreeMap;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The type choice "numbers with a decimal comma" (a float column read with `,` as the decimal
/// separator).
const DECIMAL_COMMA: &str = "float-decimal-comma";

#[derive(Properties, PartialEq)]
pub struct RolesProps {
    pub reference: Rc<Loaded>,
    pub roles: Roles,
    pub types: BTreeMap<String, ColumnType>,
    /// Columns read with a decimal comma (`3,14`) by the user's choice.
    pub decimal_comma: BTreeMap<String, bool>,
    pub on_role: Callback<(String, ColumnRole)>,
    pub on_sensitive: Callback<(String, bool)>,
    /// (column, type override, decimal comma): `None` = inferred; `true` = numbers written
    /// with a decimal comma.
    pub on_type: Callback<(String, Option<ColumnType>, bool)>,
    /// The decision threshold on the score, in its own units (`None`: 0.5 for a probability).
    pub on_threshold: Callback<Option<f64>>,
}

#[function_component(RolesEditor)]
pub fn roles_editor(p: &RolesProps) -> Html {
    html! {
        <section class="roles" aria-labelledby="roles-title">
            <h2 id="roles-title">{ "Columns and roles" }</h2>
            <p class="help">{ "Suggested from the column names and types; change any of them. A type change reads the files again." }</p>
            <div class="scroll">
            <table>
                <thead><tr>
                    <th scope="col">{ "Column" }</th><th scope="col">{ "Type" }</th>
                    <th scope="col">{ "Role" }</th><th scope="col">{ "Sensitive" }</th><th scope="col" class="num">{ "Invalid values" }</th>
                </tr></thead>
                <tbody>
                { for p.reference.columns.iter().map(|c| {
                    let name = c.name.clone();
                    let role = p.roles.role_of(&name);
                    let on_role = { let (cb, n) = (p.on_role.clone(), name.clone());
                        Callback::from(move |e: Event| {
                            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                            if let Some(r) = ColumnRole::parse(&v) { cb.emit((n.clone(), r)); }
                        }) };
                    let on_type = { let (cb, n) = (p.on_type.clone(), name.clone());
                        Callback::from(move |e: Event| {
                            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                            if v == DECIMAL_COMMA {
                                cb.emit((n.clone(), Some(ColumnType::Float), true));
                            } else {
                                cb.emit((n.clone(), ColumnType::parse(&v), false));
                            }
                        }) };
                    let on_sensitive = { let (cb, n) = (p.on_sensitive.clone(), name.clone());
                        Callback::from(move |e: Event| {
                            cb.emit((n.clone(), e.target_unchecked_into::<HtmlInputElement>().checked()));
                        }) };
                    let comma = p.decimal_comma.get(&name) == Some(&true);
                    let chosen_type = p.types.get(&name).copied().filter(|t| !(comma && *t == ColumnType::Float));
                    let inferred = if c.decimal_comma {
                        format!("{} (inferred, decimal comma)", c.kind.name())
                    } else {
                        format!("{} (inferred)", c.kind.name())
                    };
                    let sensitive = p.roles.sensitive.contains(&name);
                    html! {
                        <tr key={name.clone()}>
                            <th scope="row">{ &name }</th>
                            <td>
                                <select aria-label={format!("Type of {name}")} onchange={on_type}>
                                    <option value="auto" selected={chosen_type.is_none() && !comma}>{ inferred }</option>
                                    { for ColumnType::ALL.iter().map(|t| html! {
                                        <option value={t.name()} selected={chosen_type == Some(*t)}>{ t.name() }</option>
                                    }) }
                                    <option value={DECIMAL_COMMA} selected={comma}>{ "float, decimal comma (3,14)" }</option>
                                </select>
                            </td>
                            <td>
                                <select aria-label={format!("Role of {name}")} data-testid={format!("role-{name}")} onchange={on_role}>
                                    { for ColumnRole::ALL.iter().map(|r| html! {
                                        <option value={r.name()} selected={role == *r}>{ r.name() }</option>
                                    }) }
                                </select>
                            </td>
                            <td><input type="checkbox" aria-label={format!("{name} is a sensitive attribute")} checked={sensitive} onchange={on_sensitive} /></td>
                            <td class="num">{ c.invalid }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            if let Some(score) = &p.roles.score {
                <p class="threshold">
                    <label for="threshold">{ format!("Decision threshold on {score}: positive when the score ≥ ") }</label>
                    <input id="threshold" type="number" step="any" data-testid="threshold"
                        value={p.roles.threshold.map(|t| t.to_string()).unwrap_or_default()}
                        onchange={ let cb = p.on_threshold.clone(); Callback::from(move |e: Event| {
                            let v = e.target_unchecked_into::<HtmlInputElement>().value();
                            cb.emit(v.trim().parse::<f64>().ok().filter(|t| t.is_finite()));
                        }) } />
                    <span class="help">{ " In the score's own units (a decile, a credit score, a logit). Empty: 0.5 when every score lies in [0, 1]; any other score needs one for accuracy, fairness and cost." }</span>
                </p>
            }
        </section>
    }
}
