//! The UI thread's side effects: the Web Worker (messages in and out) and file downloads.

use std::cell::RefCell;
use std::rc::Rc;

use plumbline::protocol::{FromWorker, ToWorker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, MessageEvent, Url, Worker};
use yew::prelude::*;

use super::state::{Action, State};

/// The worker script made by trunk (`data-loader-shim`), next to the page.
const WORKER_URL: &str = "./plumbline-worker_loader.js";

pub struct Bridge {
    worker: Option<Worker>,
    /// Messages sent before the worker said `Ready` (a worker drops messages that arrive before
    /// its wasm has started); `None` once it is ready.
    queue: Rc<RefCell<Option<Vec<js_sys::Array>>>>,
    _onmessage: Option<Closure<dyn FnMut(MessageEvent)>>,
}

impl PartialEq for Bridge {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Bridge {
    pub fn new(dispatch: UseReducerDispatcher<State>) -> Bridge {
        let worker = match Worker::new(WORKER_URL) {
            Ok(w) => w,
            Err(e) => {
                dispatch.dispatch(Action::Error(format!("could not start the worker: {e:?}")));
                return Bridge { worker: None, queue: Rc::default(), _onmessage: None };
            }
        };
        let queue: Rc<RefCell<Option<Vec<js_sys::Array>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let (q, w) = (queue.clone(), worker.clone());
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
            match msg {
                Ok(msg) => dispatch.dispatch(Action::Worker(msg)),
                Err(e) => dispatch.dispatch(Action::Error(format!("worker message not understood: {e}"))),
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        Bridge { worker: Some(worker), queue, _onmessage: Some(onmessage) }
    }

    /// Sends `msg`, with a `File` beside it when loading one.
    pub fn send(&self, msg: &ToWorker, file: Option<&web_sys::File>) {
        let (Some(worker), Ok(text)) = (&self.worker, serde_json::to_string(msg)) else {
            return;
        };
        let parts = js_sys::Array::new();
        parts.push(&JsValue::from_str(&text));
        if let Some(f) = file {
            parts.push(f);
        }
        match self.queue.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(parts),
            None => {
                let _ = worker.post_message(&parts);
            }
        }
    }
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
