//! The UI thread's side effects: the Web Worker (messages in and out) and file downloads.

use std::cell::RefCell;
use std::rc::Rc;

use plumbline::config::Config;
use plumbline::protocol::{FromWorker, Source, ToWorker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, MessageEvent, Url, Worker};
use yew::prelude::*;

use super::state::{Action, State};

/// The worker script made by trunk (`data-loader-shim`), next to the page.
const WORKER_URL: &str = "./plumbline-worker_loader.js";

pub struct Bridge {
    dispatch: UseReducerDispatcher<State>,
    worker: RefCell<Started>,
    /// Each slot's last load (its source and file), in order, so that a new worker can read
    /// them again (`restart`).
    loads: RefCell<Vec<(String, Source, Option<File>)>>,
}

/// A started worker.
struct Started {
    worker: Option<Worker>,
    /// Messages sent before the worker said `Ready` (a worker drops messages that arrive before
    /// its wasm has started); `None` once it is ready.
    queue: Rc<RefCell<Option<Vec<js_sys::Array>>>>,
    _onmessage: Option<Closure<dyn FnMut(MessageEvent)>>,
    _onerror: Option<Closure<dyn FnMut(web_sys::ErrorEvent)>>,
}

impl PartialEq for Bridge {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Bridge {
    pub fn new(dispatch: UseReducerDispatcher<State>) -> Bridge {
        let worker = RefCell::new(spawn(&dispatch));
        Bridge { dispatch, worker, loads: RefCell::default() }
    }

    /// Sends `msg`, with a `File` beside it when loading one.
    pub fn send(&self, msg: &ToWorker, file: Option<&File>) {
        self.remember(msg, file);
        self.post(msg, file);
    }

    fn post(&self, msg: &ToWorker, file: Option<&File>) {
        let running = self.worker.borrow();
        let (Some(worker), Ok(text)) = (&running.worker, serde_json::to_string(msg)) else {
            return;
        };
        let parts = js_sys::Array::new();
        parts.push(&JsValue::from_str(&text));
        if let Some(f) = file {
            parts.push(f);
        }
        let mut queue = running.queue.borrow_mut();
        match queue.as_mut() {
            Some(waiting) => waiting.push(parts),
            None => {
                let _ = worker.post_message(&parts);
            }
        }
    }

    /// Keeps each slot's source: a new load replaces it, a cancelled one forgets it.
    fn remember(&self, msg: &ToWorker, file: Option<&File>) {
        let mut loads = self.loads.borrow_mut();
        match msg {
            ToWorker::Load { slot, source: Source::Reload, .. } if loads.iter().any(|(s, ..)| s == slot) => {}
            ToWorker::Load { slot, source, .. } => {
                loads.retain(|(s, ..)| s != slot);
                loads.push((slot.clone(), source.clone(), file.cloned()));
            }
            ToWorker::Cancel { slot } | ToWorker::Remove { slot } => loads.retain(|(s, ..)| s != slot),
            _ => {}
        }
    }

    /// Ends the worker, and with it whatever it is computing (a run cannot be interrupted
    /// from inside: the worker is busy until it ends), then starts a new one that reads the
    /// inputs and models of `keep` again with `config`. Returns those slots and their files'
    /// names.
    pub fn restart(&self, config: &Config, keep: &[&str]) -> Vec<(String, String)> {
        if let Some(w) = &self.worker.borrow().worker {
            // Its handlers go before their closures are dropped: an event already queued (the
            // error event that follows a crash) then finds no handler instead of a dropped one.
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate(); // its own helpers (the model worker) end with it
        }
        *self.worker.borrow_mut() = spawn(&self.dispatch);
        let loads: Vec<_> =
            self.loads.borrow().iter().filter(|(slot, ..)| keep.contains(&slot.as_str())).cloned().collect();
        let mut reading = Vec::new();
        for (slot, source, file) in loads {
            let name = match &source {
                Source::File { name, .. } | Source::Url { name, .. } => name.clone(),
                Source::Reload => continue,
            };
            self.post(&ToWorker::Load { slot: slot.clone(), source, config: config.clone() }, file.as_ref());
            reading.push((slot, name));
        }
        reading
    }
}

/// Starts the worker and wires its messages to the state.
fn spawn(dispatch: &UseReducerDispatcher<State>) -> Started {
    let worker = match Worker::new(WORKER_URL) {
        Ok(w) => w,
        Err(e) => {
            dispatch.dispatch(Action::Error(format!("could not start the worker: {e:?}")));
            return Started { worker: None, queue: Rc::default(), _onmessage: None, _onerror: None };
        }
    };
    let queue: Rc<RefCell<Option<Vec<js_sys::Array>>>> = Rc::new(RefCell::new(Some(Vec::new())));
    // A crash is reported once: by the worker's panic hook (a `Crashed` message) or, for a trap
    // that no hook saw, by the error event; whichever comes first.
    let crashed = Rc::new(std::cell::Cell::new(false));
    let on_crash = dispatch.clone();
    let (q, w, dispatch, seen) = (queue.clone(), worker.clone(), dispatch.clone(), crashed.clone());
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        // A message is its JSON, or [JSON, bytes] when a file comes with it.
        let data = ev.data();
        let (text, bytes) = if js_sys::Array::is_array(&data) {
            let parts: js_sys::Array = data.unchecked_into();
            (parts.get(0).as_string().unwrap_or_default(), parts.get(1).dyn_into::<js_sys::Uint8Array>().ok())
        } else {
            (data.as_string().unwrap_or_default(), None)
        };
        let msg = serde_json::from_str::<FromWorker>(&text);
        if let Ok(FromWorker::Ready) = msg {
            for parts in q.borrow_mut().take().unwrap_or_default() {
                let _ = w.post_message(&parts);
            }
        }
        // A perturbed data set goes straight to a download; the state only hears that it did.
        if let (Ok(FromWorker::Perturbed { name, mime, .. }), Some(bytes)) = (&msg, &bytes) {
            if let Err(e) = download_bytes(name, mime, bytes) {
                dispatch.dispatch(Action::Error(format!("download failed: {e}")));
            }
        }
        if let Ok(FromWorker::Crashed { .. }) = msg {
            if seen.replace(true) {
                return;
            }
        }
        match msg {
            Ok(msg) => dispatch.dispatch(Action::Worker(msg)),
            Err(e) => dispatch.dispatch(Action::Error(format!("worker message not understood: {e}"))),
        }
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    let onerror = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
        ev.prevent_default();
        if !crashed.replace(true) {
            on_crash.dispatch(Action::Worker(FromWorker::Crashed { message: ev.message() }));
        }
    });
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    Started { worker: Some(worker), queue, _onmessage: Some(onmessage), _onerror: Some(onerror) }
}

/// Offers `text` as a download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_parts(name, mime, &js_sys::Array::of1(&JsValue::from_str(text)))
}

/// Offers `bytes` as a download named `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &js_sys::Uint8Array) -> Result<(), String> {
    download_parts(name, mime, &js_sys::Array::of1(bytes))
}

fn download_parts(name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let bag = BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = Blob::new_with_buffer_source_sequence_and_options(parts, &bag).map_err(|e| format!("{e:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: HtmlAnchorElement = document.create_element("a").map_err(|e| format!("{e:?}"))?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoke once the download has started, not before.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}
