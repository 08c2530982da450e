//! The Yew app (wasm32 only): a thin shell. It sends files and the config to the worker and
//! shows what comes back; the report it shows and exports is the engine's own HTML.

mod bridge;
mod components;
mod state;

use std::rc::Rc;

use plumbline::config::Config;
use plumbline::protocol::{Source, ToWorker};

use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

use bridge::{download, Bridge};
use components::checks::ChecksEditor;
use components::report::ReportView;
use components::roles::RolesEditor;
use components::slot::SlotView;
use state::{Action, SlotStatus, State, MAIN_SLOTS, SLOTS};

pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<App>::new().render();
}

fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

#[function_component(App)]
fn app() -> Html {
    let state = use_reducer(State::default);
    let bridge = {
        let dispatcher = state.dispatcher();
        use_state(move || Rc::new(Bridge::new(dispatcher)))
    };
    let bridge: Rc<Bridge> = (*bridge).clone();

    // A crashed worker is replaced by a new one, which reads the loaded inputs and models again.
    {
        let (bridge, state2) = (bridge.clone(), state.clone());
        use_effect_with(state.crashes, move |crashes| {
            if *crashes > 0 {
                let reading = bridge.restart(&state2.config, &state2.held_slots());
                state2.dispatch(Action::Restarted(reading));
            }
        });
    }

    // The demo runs the checks once both of its files are in.
    {
        let (bridge, state2) = (bridge.clone(), state.clone());
        use_effect_with(state.should_autorun(), move |go| {
            if *go {
                state2.dispatch(Action::Running);
                bridge.send(&ToWorker::Run { config: state2.config.clone(), generated_at: now_iso() }, None);
            }
        });
    }

    let load_file = {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |(slot, file): (String, File)| {
            let name = file.name();
            let total = file.size() as u64;
            state.dispatch(Action::Loading { slot: slot.clone(), file: name.clone(), total });
            let msg = ToWorker::Load { slot, source: Source::File { name, size: total }, config: state.config.clone() };
            bridge.send(&msg, Some(&file));
        })
    };
    let demo = |with_model: bool| {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Autorun);
            let mut files = vec![("reference", "adult_reference.parquet"), ("current", "adult_current.parquet")];
            if with_model {
                files.push(("model", "adult_model.onnx"));
            }
            for (slot, file) in files {
                state.dispatch(Action::Loading { slot: slot.into(), file: file.into(), total: 0 });
                let source = Source::Url { url: format!("./demo/{file}"), name: file.into() };
                bridge.send(&ToWorker::Load { slot: slot.into(), source, config: state.config.clone() }, None);
            }
        })
    };
    let run = {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Running);
            // The browser test of the crash path (see `ToWorker::PanicForTest`).
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            if hash == "#panic-for-test" {
                bridge.send(&ToWorker::PanicForTest, None);
            }
            bridge.send(&ToWorker::Run { config: state.config.clone(), generated_at: now_iso() }, None);
        })
    };
    // A run cannot be interrupted inside the worker: cancelling replaces the worker, which then
    // reads the loaded inputs and models again (their files stay in this page).
    let cancel_run = {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            let reading = bridge.restart(&state.config, &state.held_slots());
            state.dispatch(Action::RunCancelled(reading));
        })
    };
    let export = |json: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(r) = &state.report {
                let result = if json {
                    download("plumbline-report.json", "application/json", &r.json)
                } else {
                    download("plumbline-report.html", "text/html", &r.html)
                };
                if let Err(e) = result {
                    state.dispatch(Action::Error(format!("export failed: {e}")));
                }
            }
        })
    };
    let export_perturbed = |parquet: bool| {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |_: MouseEvent| {
            bridge.send(&ToWorker::Perturb { config: state.config.clone(), parquet }, None)
        })
    };
    let save_config = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = download("plumbline-config.json", "application/json", &state.config.to_json()) {
                state.dispatch(Action::Error(format!("saving the config failed: {e}")));
            }
        })
    };
    let load_config = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else {
                return;
            };
            input.set_value("");
            let state = state.clone();
            spawn_local(async move {
                let text = JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
                match Config::from_saved(&text) {
                    Ok(c) => state.dispatch(Action::SetConfig(c)),
                    Err(e) => state.dispatch(Action::Error(format!("{}: {e}", file.name()))),
                }
            });
        })
    };
    let reload_all = {
        let (bridge, state) = (bridge.clone(), state.clone());
        move |config: Config| {
            for (slot, status) in &state.slots {
                if matches!(status, SlotStatus::Loaded(_)) {
                    let file = match status {
                        SlotStatus::Loaded(l) => l.file.clone(),
                        _ => String::new(),
                    };
                    state.dispatch(Action::Loading { slot: slot.to_string(), file, total: 0 });
                    bridge.send(
                        &ToWorker::Load { slot: slot.to_string(), source: Source::Reload, config: config.clone() },
                        None,
                    );
                }
            }
        }
    };
    let on_type = {
        let state = state.clone();
        Callback::from(move |(column, kind, comma): (String, Option<plumbline::data::ColumnType>, bool)| {
            let mut config = state.config.clone();
            match kind {
                Some(k) => config.types.insert(column.clone(), k),
                None => config.types.remove(&column),
            };
            if comma {
                config.decimal_comma.insert(column.clone(), true);
            } else {
                config.decimal_comma.remove(&column);
            }
            state.dispatch(Action::SetType { column, kind, decimal_comma: comma });
            reload_all(config);
        })
    };
    let on_role = {
        let state = state.clone();
        Callback::from(move |(column, role)| state.dispatch(Action::SetRole { column, role }))
    };
    let on_sensitive = {
        let state = state.clone();
        Callback::from(move |(column, on)| state.dispatch(Action::SetSensitive { column, on }))
    };
    let on_threshold = {
        let state = state.clone();
        Callback::from(move |threshold: Option<f64>| {
            let mut c = state.config.clone();
            c.roles.threshold = threshold;
            state.dispatch(Action::SetConfig(c));
        })
    };
    let on_preset = {
        let state = state.clone();
        Callback::from(move |preset| {
            let mut c = state.config.clone();
            c.preset = preset;
            state.dispatch(Action::SetConfig(c));
        })
    };
    let on_gates = {
        let state = state.clone();
        Callback::from(move |gates: Result<Option<Vec<plumbline::gates::GateConfig>>, String>| match gates {
            Ok(g) => {
                let mut c = state.config.clone();
                c.gates = g;
                state.dispatch(Action::SetConfig(c));
            }
            Err(e) => state.dispatch(Action::Error(e)),
        })
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::DismissError))
    };

    let has_reference = state.reference().is_some();
    let (done, total) = state.run_progress;
    let run_pct = if total > 0 { done as f64 / total as f64 * 100.0 } else { 0.0 };
    let busy = state.any_loading() || state.running;
    let slot_view = |(name, label, help): &(&'static str, &'static str, &'static str)| {
        let name: &'static str = name;
        let on_file = load_file.reform(move |f: File| (name.to_string(), f));
        let on_cancel = {
            let (bridge, slot) = (bridge.clone(), name.to_string());
            Callback::from(move |_| bridge.send(&ToWorker::Cancel { slot: slot.clone() }, None))
        };
        html! { <SlotView {name} label={*label} help={*help} status={state.slot(name).clone()} {on_file} {on_cancel} /> }
    };
    let on_comparison = {
        let state = state.clone();
        Callback::from(move |comparison| {
            let mut c = state.config.clone();
            c.comparison = comparison;
            state.dispatch(Action::SetConfig(c));
        })
    };
    let on_join_keys = {
        let state = state.clone();
        Callback::from(move |keys: Vec<String>| {
            let mut c = state.config.clone();
            c.comparison.id.clone_from(&keys);
            c.skew.id.clone_from(&keys);
            c.shadow.id = keys;
            state.dispatch(Action::SetConfig(c));
        })
    };
    let columns: Vec<String> =
        state.reference().map(|r| r.columns.iter().map(|c| c.name.clone()).collect()).unwrap_or_default();
    html! {
        <>
        <header class="top">
            <h1>{ "Plumbline" }</h1>
            <p>{ "Data drift, data quality and model checks, computed in this browser tab. Your files never leave this machine: nothing is uploaded." }</p>
        </header>
        <main>
            <div class="slots">
                { for SLOTS[..MAIN_SLOTS].iter().map(|s| slot_view(s)) }
            </div>
            <details class="more-inputs" data-testid="more-inputs" open={SLOTS[MAIN_SLOTS..].iter().any(|(n, _, _)| !matches!(state.slot(n), SlotStatus::Empty))}>
                <summary>{ "Compare models and pipelines: baseline model (ONNX or outputs), serving features, shadow log, canary (optional)" }</summary>
                <div class="slots">
                    { for SLOTS[MAIN_SLOTS..].iter().map(|s| slot_view(s)) }
                </div>
            </details>
            <div class="toolbar" role="toolbar" aria-label="Actions">
                <button type="button" class="primary" data-testid="demo" onclick={demo(false)} disabled={busy || !state.ready}>{ "Try the demo (UCI Adult, real data)" }</button>
                <button type="button" data-testid="demo-model" onclick={demo(true)} disabled={busy || !state.ready}
                    title="The demo data scored by an ONNX model (scikit-learn, exported with skl2onnx) run in this tab">{ "Demo with an ONNX model" }</button>
                <button type="button" data-testid="run" onclick={run} disabled={!has_reference || busy}>{ "Run checks" }</button>
                <button type="button" data-testid="export-html" onclick={export(false)} disabled={state.report.is_none()}>{ "Export HTML" }</button>
                <button type="button" data-testid="export-json" onclick={export(true)} disabled={state.report.is_none()}>{ "Export JSON" }</button>
                <button type="button" data-testid="export-perturbed" onclick={export_perturbed(false)} disabled={!has_reference || busy}
                    title="Rows of the reference with one feature perturbed at a time, for your model to score (noise stability)">{ "Export perturbed data (CSV)" }</button>
                <button type="button" data-testid="export-perturbed-parquet" onclick={export_perturbed(true)} disabled={!has_reference || busy}
                    title="The same rows as Parquet">{ "(Parquet)" }</button>
                <button type="button" data-testid="save-config" onclick={save_config}>{ "Save config" }</button>
                <label class="button" for="load-config">{ "Load config" }</label>
                <input id="load-config" class="visually-hidden" type="file" accept=".json,.html,application/json,text/html" title="A saved config, or an exported report (JSON or HTML)" data-testid="load-config" onchange={load_config} />
            </div>
            <div data-testid="error" role="alert">
                if let Some(e) = &state.error {
                    <p class="error">{ e } { " " }<button type="button" onclick={dismiss}>{ "Dismiss" }</button></p>
                }
            </div>
            if let Some(reference) = state.reference() {
                <RolesEditor reference={Rc::new(reference.clone())} roles={state.config.roles.clone()} types={state.config.types.clone()}
                    decimal_comma={state.config.decimal_comma.clone()} {on_role} {on_sensitive} {on_type} {on_threshold} />
                <ChecksEditor preset={state.config.preset} gates={state.config.gates.clone()} {on_preset} {on_gates}
                    comparison={state.config.comparison.clone()} {columns} {on_comparison}
                    join_keys={state.config.skew.id.clone()} {on_join_keys} />
            }
            <p data-testid="report-status" role="status" aria-live="polite" class="muted">
                { if state.running { "Running checks…".to_string() }
                  else if let Some(n) = &state.notice { n.clone() }
                  else if let Some(r) = &state.report { format!("Report ready (computed in {:.0} ms).", r.millis) }
                  else if has_reference { "Set the roles, then run the checks.".to_string() }
                  else { "Load a reference file, or try the demo.".to_string() } }
            </p>
            if state.running {
                <div class="loading" data-testid="run-running">
                    <label for="run-progress">{ format!("Running checks: {:.0} %", run_pct) }</label>
                    <progress id="run-progress" data-testid="run-progress"
                        max={state.run_progress.1.max(1).to_string()} value={state.run_progress.0.to_string()} />
                    <button type="button" data-testid="cancel-run" onclick={cancel_run}>{ "Cancel" }</button>
                </div>
            }
            if let Some(r) = &state.report {
                <ReportView html={AttrValue::from(r.html.clone())} />
            }
        </main>
        <footer class="muted"><p>{ format!("Plumbline {} · works offline · no tracking, no requests beyond this site's own files", plumbline::VERSION) }</p></footer>
        </>
    }
}
