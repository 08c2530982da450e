//! One named input: pick or drop a file, watch the progress, cancel.

use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

use plumbline::model::ModelKind;

use crate::app::state::SlotStatus;

#[derive(Properties, PartialEq)]
pub struct SlotProps {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub status: SlotStatus,
    pub on_file: Callback<File>,
    pub on_cancel: Callback<()>,
}

#[function_component(SlotView)]
pub fn slot_view(p: &SlotProps) -> Html {
    let dragging = use_state(|| false);
    let on_change = {
        let on_file = p.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                on_file.emit(f);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let (on_file, dragging) = (p.on_file.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(f) = e.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) {
                on_file.emit(f);
            }
        })
    };
    let on_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let input_id = format!("file-{}", p.name);
    let model = p.name.ends_with("model");
    let (state, body) = match &p.status {
        SlotStatus::Empty => ("empty", html! { <p class="muted">{ "No file yet." }</p> }),
        SlotStatus::Loading { file, done, total } => {
            let cancel = p.on_cancel.reform(|_: MouseEvent| ());
            let pct = if *total > 0 { *done as f64 / *total as f64 * 100.0 } else { 0.0 };
            (
                "loading",
                html! {
                    <div class="loading">
                        <label for={format!("progress-{}", p.name)}>{ format!("Reading {file}: {:.0} %", pct) }</label>
                        <progress id={format!("progress-{}", p.name)} data-testid={format!("progress-{}", p.name)}
                            max={total.max(&1).to_string()} value={done.to_string()} />
                        <button type="button" data-testid={format!("cancel-{}", p.name)} onclick={cancel}>{ "Cancel" }</button>
                    </div>
                },
            )
        }
        SlotStatus::Loaded(info) => {
            let invalid: u64 = info.columns.iter().map(|c| c.invalid).sum();
            (
                "loaded",
                html! {
                    <p>
                        <strong>{ &info.file }</strong>
                        { format!(" — {} rows × {} columns ({}, {:.1} MB, read in {:.0} ms)", info.rows, info.columns.len(), info.format, info.bytes as f64 / 1e6, info.millis) }
                        if invalid > 0 {
                            <span class="warn">{ format!(" · {invalid} values did not fit their column's type (kept as missing)") }</span>
                        }
                    </p>
                },
            )
        }
        SlotStatus::Model(info, millis) => {
            let inputs: Vec<String> = info
                .inputs
                .iter()
                .map(|i| format!("{} ({:?} × {})", i.name, i.kind, i.width.unwrap_or(1)).to_lowercase())
                .collect();
            let what = match info.kind {
                ModelKind::Classifier => format!("classifier of {}", info.classes.join(", ")),
                ModelKind::Regressor => "regressor".to_string(),
            };
            (
                "loaded",
                html! {
                    <p>
                        <strong>{ &info.file }</strong>
                        { format!(" — {what}, {:.1} MB, ready in {millis:.0} ms. Inputs: {}. The report shows which columns feed them.", info.bytes as f64 / 1e6, inputs.join(", ")) }
                    </p>
                },
            )
        }
        SlotStatus::Failed(message) => ("error", html! { <p class="error">{ message }</p> }),
    };
    html! {
        <section class={classes!("slot", dragging.then_some("dragging"))} data-slot={p.name} data-state={state}
            ondrop={on_drop} ondragover={on_over} ondragleave={on_leave} aria-labelledby={format!("{}-title", p.name)}>
            <h2 id={format!("{}-title", p.name)}>{ p.label }</h2>
            <p class="help">{ p.help }</p>
            <label class="pick" for={input_id.clone()}>{ if model { "Choose an .onnx file, or drop it here" } else { "Choose a CSV or Parquet file, or drop it here" } }</label>
            <input id={input_id} type="file" data-testid={format!("file-{}", p.name)}
                accept={if model { ".onnx" } else { ".csv,.tsv,.txt,.gz,.parquet,.pq" }} onchange={on_change} />
            <div data-testid={format!("status-{}", p.name)} aria-live="polite">{ body }</div>
        </section>
    }
}
