//! The Web Worker: holds the loaded inputs, reads files in chunks, runs the engine and posts
//! progress and results to the UI thread. A thin shell: every number comes from the engine.
//!
//! Files are read with `Blob.slice(...).arrayBuffer()`, one [`CHUNK`] at a time, so neither the
//! whole file nor a string of it ever sits in the JS heap. Between chunks the worker yields to
//! its event loop, so a `Cancel` message is seen at once; cancelling drops the partial loader
//! and frees its memory.
//!
//! ONNX models run in a second, separately loaded worker (the same code built with tract:
//! `plumbline-model-worker`, [`Engine::models`]), started by this one the first time a model
//! slot is loaded, so the page and the data checks never download tract. This worker hands it
//! every input's `File` (it reads them itself), the models, and then the runs; it relays the
//! model worker's answers (model loaded, report, failures) to the UI.

// The model worker's (built with the `onnx` feature; the plain worker without it).
#[cfg(feature = "onnx")]
pub mod models;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use plumbline::checks::perturb::{perturbed, to_csv, to_parquet};
use plumbline::config::Config;
use plumbline::data::{limits, Dataset, FileHash, LoadOptions, Loader};
use plumbline::model::ModelInfo;
use plumbline::progress::Progress;
use plumbline::protocol::{FromWorker, Loaded, Source, ToWorker};
use plumbline::report::{html, Report};
use plumbline::run::{effective_config, Input};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent, Response, Worker};

/// Bytes read per step.
const CHUNK: u64 = 4 << 20;
/// This script, for helper workers (relative to the worker's own URL).
const WORKER_URL: &str = "./plumbline-worker_loader.js";
/// Minimum time between two progress messages.
const PROGRESS_MS: f64 = 100.0;
/// The model worker's script (made by trunk next to this one).
const MODEL_WORKER_URL: &str = "./plumbline-model-worker_loader.js";
/// Slots that hold an ONNX model rather than data.
pub const MODEL_SLOTS: [&str; 2] = ["model", "baseline_model"];

/// What this build of the worker can do: the plain worker runs the checks; the model worker
/// also reads ONNX models and scores the data with them (its functions are the only path to
/// tract, so the plain worker's wasm does not contain it).
#[derive(Clone, Copy)]
pub struct Engine {
    pub models: bool,
    /// Reads and prepares the model of `slot` from the file's bytes.
    pub load_model: fn(slot: &str, file: &str, bytes: &[u8]) -> Result<ModelInfo, String>,
    pub drop_model: fn(slot: &str),
    /// The run, with the models loaded so far.
    pub run: fn(&Config, &[Input], String, &mut dyn Progress) -> Result<Report, String>,
}

/// The plain worker's engine: no models.
pub fn plain() -> Engine {
    Engine {
        models: false,
        load_model: |_, _, _| Err("models are read by the model worker".into()),
        drop_model: |_| {},
        run: |config, inputs, generated_at, progress| {
            plumbline::run::run(config, inputs, Some(generated_at), progress).map_err(|e| e.to_string())
        },
    }
}

#[derive(Default)]
struct Slot {
    /// Where the data came from, kept to reload with other column types.
    source: Option<(Blob, String)>,
    data: Option<Dataset>,
    /// A load of `source` is under way (a model worker started now must read it too).
    reading: bool,
    /// Bumped by every load, cancel and removal: a load that sees another number stops.
    generation: u64,
    /// The SHA-256 being computed by a helper worker; `Run` waits for it.
    hashing: Option<Rc<HashHelper>>,
}

impl Slot {
    /// A data slot (not a model) that holds data or is being read.
    fn holds_data(&self, name: &str) -> bool {
        !MODEL_SLOTS.contains(&name) && (self.data.is_some() || self.reading)
    }
}

thread_local! {
    static SLOTS: RefCell<HashMap<String, Slot>> = RefCell::new(HashMap::new());
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    /// The model worker (plain worker only), once a model was loaded.
    static MODEL_WORKER: RefCell<Option<Rc<Helper>>> = const { RefCell::new(None) };
    /// Loads under way (the model worker's run waits for them).
    static LOADING: RefCell<u32> = const { RefCell::new(0) };
}

fn engine() -> Engine {
    ENGINE.with(|e| *e.borrow()).unwrap_or_else(plain)
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &FromWorker) {
    if let Ok(text) = serde_json::to_string(msg) {
        let _ = scope().post_message(&JsValue::from_str(&text));
    }
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{e:?}"))
}

pub fn start(engine: Engine) {
    // A panic is a bug, and this worker's state is lost with it: say so to the page (which
    // starts a new worker), then log it as usual.
    std::panic::set_hook(Box::new(|info| {
        post(&FromWorker::Crashed { message: info.to_string() });
        console_error_panic_hook::hook(info);
    }));
    ENGINE.with(|e| *e.borrow_mut() = Some(engine));
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(handle);
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&FromWorker::Ready);
}

fn handle(ev: MessageEvent) {
    let parts: Array = ev.data().unchecked_into();
    let text = parts.get(0).as_string().unwrap_or_default();
    let msg: ToWorker = match serde_json::from_str(&text) {
        Ok(m) => m,
        Err(e) => return post(&FromWorker::RunFailed { message: format!("internal message not understood: {e}") }),
    };
    let models = engine().models;
    match msg {
        ToWorker::Load { slot, source, config } if MODEL_SLOTS.contains(&slot.as_str()) => {
            let file = parts.get(1);
            if models {
                spawn_local(load_model(slot, source, file));
            } else {
                spawn_local(forward_model(slot, source, file, config));
            }
        }
        ToWorker::Load { slot, source, config } => {
            let file = parts.get(1);
            spawn_local(load(slot, source, file, config));
        }
        ToWorker::Cancel { slot } => {
            bump(&slot);
            to_model_worker(&ToWorker::Cancel { slot: slot.clone() }, None);
            post(&FromWorker::Cancelled { slot });
        }
        ToWorker::Remove { slot } => {
            bump(&slot);
            SLOTS.with(|s| s.borrow_mut().remove(&slot));
            (engine().drop_model)(&slot);
            to_model_worker(&ToWorker::Remove { slot }, None);
        }
        ToWorker::Run { config, generated_at } => {
            let has_model =
                SLOTS.with(|s| MODEL_SLOTS.iter().any(|m| s.borrow().get(*m).is_some_and(|e| e.source.is_some())));
            if !models && has_model {
                to_model_worker(&ToWorker::Run { config, generated_at }, None);
            } else {
                spawn_local(run_checks(config, generated_at));
            }
        }
        ToWorker::PanicForTest => panic!("a panic asked for by the test of the crash path"),
        ToWorker::Perturb { config, parquet } => match perturb(&config, parquet) {
            Ok((msg, bytes)) => post_with_bytes(&msg, &bytes),
            Err(message) => post(&FromWorker::RunFailed { message: format!("perturbed data: {message}") }),
        },
        ToWorker::Hash { slot } => {
            let file = parts.get(1);
            spawn_local(async move {
                let message = match file.dyn_into::<Blob>() {
                    Ok(blob) => match hash_blob(&blob).await {
                        Ok(sha256) => FromWorker::Hashed { slot, sha256 },
                        Err(message) => FromWorker::LoadFailed { slot, message },
                    },
                    Err(_) => FromWorker::LoadFailed { slot, message: "no file to hash".into() },
                };
                post(&message);
            });
        }
    }
}

/// Starts a new generation for `slot` and returns it.
fn bump(slot: &str) -> u64 {
    SLOTS.with(|s| {
        let mut s = s.borrow_mut();
        let entry = s.entry(slot.to_string()).or_default();
        if let Some(h) = entry.hashing.take() {
            h.stop();
        }
        entry.generation += 1;
        entry.reading = false;
        entry.generation
    })
}

fn current(slot: &str) -> u64 {
    SLOTS.with(|s| s.borrow().get(slot).map(|e| e.generation).unwrap_or(0))
}

async fn load(slot: String, source: Source, file: JsValue, config: Config) {
    LOADING.with(|l| *l.borrow_mut() += 1);
    load_data(slot, source, file, config).await;
    LOADING.with(|l| *l.borrow_mut() -= 1);
}

async fn load_data(slot: String, source: Source, file: JsValue, config: Config) {
    let generation = bump(&slot);
    let started = js_sys::Date::now();
    let (blob, name) = match pick(&slot, source, file).await {
        Ok(p) => p,
        Err(message) => return post(&FromWorker::LoadFailed { slot, message }),
    };
    // A file that cannot fit in this worker's memory (next to the other inputs) is refused
    // before it is read: the tab would die half-way.
    let held: u64 = SLOTS.with(|s| {
        s.borrow()
            .iter()
            .filter(|(k, e)| **k != slot && e.holds_data(k))
            .filter_map(|(_, e)| e.source.as_ref().map(|(b, n)| limits::estimate(n, b.size() as u64)))
            .sum()
    });
    if let Err(e) = limits::check_fits(&name, blob.size() as u64, held, limits::BROWSER_BUDGET) {
        return post(&FromWorker::LoadFailed { slot, message: e.to_string() });
    }
    SLOTS.with(|s| {
        let mut s = s.borrow_mut();
        let entry = s.entry(slot.clone()).or_default();
        entry.source = Some((blob.clone(), name.clone()));
        entry.data = None; // free the previous data before reading the new
        entry.reading = true;
    });
    // The model worker, when there is one, reads the same file for its runs.
    let size = blob.size() as u64;
    let mirror = ToWorker::Load {
        slot: slot.clone(),
        source: Source::File { name: name.clone(), size },
        config: config.clone(),
    };
    to_model_worker(&mirror, Some(&blob));
    // Hashing costs about as much as parsing: a helper worker does it on the other core.
    let hasher = HashHelper::start(&slot, &blob);
    let options = config.load_options();
    let result = read(&slot, generation, &blob, &name, options).await;
    if current(&slot) != generation {
        hasher.stop();
        return; // cancelled or replaced: the partial data is already dropped
    }
    if result.is_err() {
        hasher.stop();
    }
    SLOTS.with(|s| {
        if let Some(e) = s.borrow_mut().get_mut(&slot) {
            e.reading = false;
        }
    });
    match result {
        Ok(data) => {
            let info = Loaded {
                file: data.file.clone(),
                format: data.format.to_string(),
                rows: data.rows,
                bytes: data.bytes,
                columns: data.columns.clone(),
                millis: js_sys::Date::now() - started,
            };
            // The data is usable now; its SHA-256 follows from the helper (Run waits for it).
            SLOTS.with(|s| {
                if let Some(e) = s.borrow_mut().get_mut(&slot) {
                    e.data = Some(data);
                    e.hashing = Some(Rc::new(hasher));
                }
            });
            post(&FromWorker::Loaded { slot, info });
        }
        Err(message) => post(&FromWorker::LoadFailed { slot, message }),
    }
}

/// The file a `Load` names: the `File` sent with it, a same-origin URL, or the slot's last one.
async fn pick(slot: &str, source: Source, file: JsValue) -> Result<(Blob, String), String> {
    match source {
        Source::File { name, .. } => {
            file.dyn_into::<Blob>().map(|b| (b, name)).map_err(|_| "no file was received".to_string())
        }
        Source::Url { url, name } => fetch_blob(&url).await.map(|b| (b, name)),
        Source::Reload => SLOTS
            .with(|s| s.borrow().get(slot).and_then(|e| e.source.clone()))
            .ok_or_else(|| "nothing to reload".to_string()),
    }
}

async fn fetch_blob(url: &str) -> Result<Blob, String> {
    let resp: Response = JsFuture::from(scope().fetch_with_str(url)).await.map_err(js_error)?.unchecked_into();
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let blob = JsFuture::from(resp.blob().map_err(js_error)?).await.map_err(js_error)?;
    Ok(blob.unchecked_into())
}

/// Calls `each` with the blob's bytes, [`CHUNK`] at a time (`Blob.slice().arrayBuffer()`),
/// yielding to the event loop between chunks; stops early when `each` returns `Ok(false)`.
async fn for_each_chunk(blob: &Blob, mut each: impl FnMut(&[u8], u64) -> Result<bool, String>) -> Result<(), String> {
    let total = blob.size() as u64;
    let mut offset = 0u64;
    let mut buf: Vec<u8> = Vec::new();
    while offset < total {
        let end = (offset + CHUNK).min(total);
        let part = blob.slice_with_f64_and_f64(offset as f64, end as f64).map_err(js_error)?;
        let bytes = JsFuture::from(part.array_buffer()).await.map_err(js_error)?;
        let view = Uint8Array::new(&bytes);
        buf.resize(view.length() as usize, 0);
        view.copy_to(&mut buf);
        offset = end;
        if !each(&buf, offset)? {
            break;
        }
    }
    Ok(())
}

async fn hash_blob(blob: &Blob) -> Result<String, String> {
    let mut hash = FileHash::new();
    for_each_chunk(blob, |chunk, _| {
        hash.update(chunk);
        Ok(true)
    })
    .await?;
    Ok(hash.hex())
}

/// A second worker (this same script) that hashes a file while this one parses it.
struct HashHelper {
    worker: Option<Worker>,
    done: js_sys::Promise,
    _onmessage: Option<Closure<dyn FnMut(MessageEvent)>>,
    _onerror: Option<Closure<dyn FnMut(web_sys::ErrorEvent)>>,
}

impl HashHelper {
    fn start(slot: &str, blob: &Blob) -> HashHelper {
        let failed = |why: &str| HashHelper {
            worker: None,
            done: js_sys::Promise::reject(&JsValue::from_str(why)),
            _onmessage: None,
            _onerror: None,
        };
        let Ok(worker) = Worker::new(WORKER_URL) else {
            return failed("could not start the hashing worker");
        };
        let mut keep = None;
        let mut keep_error = None;
        let msg = serde_json::to_string(&ToWorker::Hash { slot: slot.to_string() }).unwrap_or_default();
        let done = js_sys::Promise::new(&mut |resolve, reject| {
            let (helper, blob) = (worker.clone(), blob.clone());
            let reject_on_error = reject.clone();
            let msg = msg.clone();
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                let text = ev.data().as_string().unwrap_or_default();
                match serde_json::from_str::<FromWorker>(&text) {
                    // A worker drops messages sent before its wasm has started: send on `Ready`.
                    Ok(FromWorker::Ready) => {
                        let parts = Array::of2(&JsValue::from_str(&msg), &blob);
                        if helper.post_message(&parts).is_err() {
                            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("could not send the file"));
                        }
                    }
                    Ok(FromWorker::Hashed { sha256, .. }) => {
                        let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&sha256));
                        helper.terminate(); // its work is done: free its memory now
                    }
                    Ok(FromWorker::LoadFailed { message, .. }) => {
                        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
                    }
                    _ => {}
                }
            });
            worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            keep = Some(onmessage);
            // A helper that fails (its script did not load: seen once under heavy load, as an
            // importScripts NetworkError) only leaves the hash unavailable: handled here, its
            // error would otherwise reach this worker as uncaught and stop the engine.
            let onerror = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                ev.prevent_default();
                let why = format!("the hashing worker stopped: {}", ev.message());
                let _ = reject_on_error.call1(&JsValue::NULL, &JsValue::from_str(&why));
            });
            worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
            keep_error = Some(onerror);
        });
        HashHelper { worker: Some(worker), done, _onmessage: keep, _onerror: keep_error }
    }

    /// The hex SHA-256, once the helper has it.
    async fn wait(&self) -> Result<String, String> {
        let out = JsFuture::from(self.done.clone()).await;
        out.map(|v| v.as_string().unwrap_or_default()).map_err(js_error)
    }

    fn stop(&self) {
        if let Some(w) = &self.worker {
            w.terminate();
        }
    }
}

async fn read(slot: &str, generation: u64, blob: &Blob, name: &str, options: LoadOptions) -> Result<Dataset, String> {
    let total = blob.size() as u64;
    let mut loader = Loader::new(name, options).without_hash();
    let mut last = 0.0;
    post(&FromWorker::Progress { slot: slot.to_string(), done: 0, total });
    let mut failure = None;
    for_each_chunk(blob, |chunk, offset| {
        if current(slot) != generation {
            return Err("cancelled".into());
        }
        if let Err(e) = loader.push(chunk) {
            failure = Some(e.to_string());
            return Ok(false);
        }
        let now = js_sys::Date::now();
        if now - last >= PROGRESS_MS || offset == total {
            last = now;
            post(&FromWorker::Progress { slot: slot.to_string(), done: offset, total });
        }
        Ok(true)
    })
    .await?;
    if let Some(e) = failure {
        return Err(e);
    }
    loader.finish().map_err(|e| e.to_string())
}

/// Fills in the SHA-256 of every loaded input, waiting for helpers still hashing.
async fn await_hashes() {
    let pending: Vec<(String, u64, Rc<HashHelper>)> = SLOTS.with(|s| {
        s.borrow().iter().filter_map(|(k, e)| e.hashing.clone().map(|h| (k.clone(), e.generation, h))).collect()
    });
    for (slot, generation, helper) in pending {
        let sha256 = helper.wait().await.unwrap_or_else(|e| format!("unavailable: {e}"));
        helper.stop();
        SLOTS.with(|s| {
            if let Some(e) = s.borrow_mut().get_mut(&slot) {
                if e.generation == generation {
                    e.hashing = None;
                    if let Some(d) = &mut e.data {
                        d.sha256 = sha256;
                    }
                }
            }
        });
    }
}

/// Posts `msg` with `bytes` beside it (the buffer is transferred, not copied).
fn post_with_bytes(msg: &FromWorker, bytes: &[u8]) {
    let Ok(text) = serde_json::to_string(msg) else { return };
    let array = Uint8Array::from(bytes);
    let parts = Array::of2(&JsValue::from_str(&text), &array);
    let _ = scope().post_message_with_transfer(&parts, &Array::of1(&array.buffer()));
}

/// The perturbed data set of the reference, as CSV or Parquet.
fn perturb(config: &Config, parquet: bool) -> Result<(FromWorker, Vec<u8>), String> {
    SLOTS.with(|s| {
        let s = s.borrow();
        let data = s.get("reference").and_then(|e| e.data.as_ref()).ok_or("load a reference file first")?;
        let config = effective_config(config, &[Input { name: "reference", data }]).map_err(|e| e.to_string())?;
        let batches = perturbed(&config, data)?;
        let rows = batches.iter().map(|b| b.num_rows() as u64).sum();
        let bytes = if parquet { to_parquet(&batches)? } else { to_csv(&batches)? };
        let stem = data.file.rsplit_once('.').map_or(data.file.as_str(), |(stem, _)| stem).to_string();
        let (ext, mime) = if parquet { ("parquet", "application/vnd.apache.parquet") } else { ("csv", "text/csv") };
        Ok((FromWorker::Perturbed { name: format!("{stem}-perturbed.{ext}"), mime: mime.into(), rows }, bytes))
    })
}

async fn run_checks(config: Config, generated_at: String) {
    // The model worker may still be reading the inputs' files: wait until it has them.
    while LOADING.with(|l| *l.borrow()) > 0 {
        sleep(20).await;
    }
    let started = js_sys::Date::now();
    await_hashes().await;
    let engine = engine();
    let outcome = SLOTS.with(|s| {
        let s = s.borrow();
        let mut names: Vec<&String> = s.keys().filter(|k| s[*k].data.is_some()).collect();
        // The reference comes first: roles and schema are read from it.
        names.sort_by_key(|n| (n.as_str() != "reference", n.as_str() != "current", (*n).clone()));
        let inputs: Vec<Input> =
            names.iter().filter_map(|n| s[*n].data.as_ref().map(|data| Input { name: n.as_str(), data })).collect();
        if inputs.is_empty() {
            return Err("load a reference file first".to_string());
        }
        (engine.run)(&config, &inputs, generated_at, &mut RunProgress { last: 0.0 })
            .map(|report| (report.to_json(), html::render(&report)))
    });
    match outcome {
        Ok((json, html)) => post(&FromWorker::Report { json, html, millis: js_sys::Date::now() - started }),
        Err(message) => post(&FromWorker::RunFailed { message }),
    }
}

/// Posts a run's progress to the UI, at most every [`PROGRESS_MS`]. (A run cannot be
/// cancelled from inside: the UI stops it by ending this worker, see `Bridge::restart`.)
struct RunProgress {
    last: f64,
}

impl Progress for RunProgress {
    fn set(&mut self, done: u64, total: u64) {
        let now = js_sys::Date::now();
        if now - self.last >= PROGRESS_MS || done >= total {
            self.last = now;
            post(&FromWorker::RunProgress { done, total });
        }
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Model worker: reads a model file whole and prepares it.
async fn load_model(slot: String, source: Source, file: JsValue) {
    LOADING.with(|l| *l.borrow_mut() += 1);
    let started = js_sys::Date::now();
    let result = async {
        let (blob, name) = pick(&slot, source, file).await?;
        let mut bytes = Vec::with_capacity(blob.size() as usize);
        for_each_chunk(&blob, |chunk, _| {
            bytes.extend_from_slice(chunk);
            Ok(true)
        })
        .await?;
        (engine().load_model)(&slot, &name, &bytes)
    }
    .await;
    LOADING.with(|l| *l.borrow_mut() -= 1);
    match result {
        Ok(info) => post(&FromWorker::ModelLoaded { slot, info, millis: js_sys::Date::now() - started }),
        Err(message) => post(&FromWorker::LoadFailed { slot, message }),
    }
}

/// Plain worker: a model goes to the model worker (started now if needed, and given every
/// input's file first).
async fn forward_model(slot: String, source: Source, file: JsValue, config: Config) {
    let (blob, name) = match pick(&slot, source, file).await {
        Ok(p) => p,
        Err(message) => return post(&FromWorker::LoadFailed { slot, message }),
    };
    let started = MODEL_WORKER.with(|m| m.borrow().is_some());
    if !started {
        match Helper::start(MODEL_WORKER_URL, relay) {
            Ok(h) => MODEL_WORKER.with(|m| *m.borrow_mut() = Some(h)),
            Err(message) => return post(&FromWorker::LoadFailed { slot, message }),
        }
        let inputs: Vec<(String, Blob, String)> = SLOTS.with(|s| {
            s.borrow()
                .iter()
                // Loaded, or still being read (its mirror was not sent: there was no model worker).
                .filter(|(k, e)| e.holds_data(k))
                .filter_map(|(k, e)| e.source.clone().map(|(b, n)| (k.clone(), b, n)))
                .collect()
        });
        for (input, b, n) in inputs {
            let size = b.size() as u64;
            let msg = ToWorker::Load { slot: input, source: Source::File { name: n, size }, config: config.clone() };
            to_model_worker(&msg, Some(&b));
        }
    }
    SLOTS.with(|s| s.borrow_mut().entry(slot.clone()).or_default().source = Some((blob.clone(), name.clone())));
    let size = blob.size() as u64;
    to_model_worker(&ToWorker::Load { slot, source: Source::File { name, size }, config }, Some(&blob));
}

/// Sends to the model worker, if there is one.
fn to_model_worker(msg: &ToWorker, file: Option<&Blob>) {
    if let Some(helper) = MODEL_WORKER.with(|m| m.borrow().clone()) {
        helper.send(msg, file);
    }
}

/// What the model worker says that the UI needs: its models, its runs, its failures. (Its
/// loads of the data files mirror this worker's and stay quiet.)
fn relay(msg: FromWorker) {
    let pass = match &msg {
        FromWorker::ModelLoaded { .. }
        | FromWorker::Report { .. }
        | FromWorker::RunFailed { .. }
        | FromWorker::Crashed { .. }
        | FromWorker::RunProgress { .. } => true,
        FromWorker::LoadFailed { slot, .. } | FromWorker::Progress { slot, .. } => MODEL_SLOTS.contains(&slot.as_str()),
        _ => false,
    };
    if pass {
        post(&msg);
    }
}

/// A worker this one starts and talks to in JSON (+ a `Blob`), queueing messages until it is
/// ready.
struct Helper {
    worker: Worker,
    queue: RefCell<Option<Vec<Array>>>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl Helper {
    fn start(url: &str, on_message: fn(FromWorker)) -> Result<Rc<Helper>, String> {
        let worker = Worker::new(url).map_err(|e| format!("could not start the model worker: {}", js_error(e)))?;
        let helper = Rc::new_cyclic(|weak: &std::rc::Weak<Helper>| {
            let weak = weak.clone();
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                let text = ev.data().as_string().unwrap_or_default();
                let Ok(msg) = serde_json::from_str::<FromWorker>(&text) else { return };
                if let (FromWorker::Ready, Some(h)) = (&msg, weak.upgrade()) {
                    for parts in h.queue.borrow_mut().take().unwrap_or_default() {
                        let _ = h.worker.post_message(&parts);
                    }
                    return;
                }
                on_message(msg);
            });
            worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            // A trap that no panic hook saw (out of memory): the page hears of it all the same.
            let onerror = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                ev.prevent_default();
                on_message(FromWorker::Crashed { message: format!("the model worker stopped: {}", ev.message()) });
            });
            worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
            Helper {
                worker: worker.clone(),
                queue: RefCell::new(Some(Vec::new())),
                _onmessage: onmessage,
                _onerror: onerror,
            }
        });
        Ok(helper)
    }

    fn send(&self, msg: &ToWorker, file: Option<&Blob>) {
        let Ok(text) = serde_json::to_string(msg) else { return };
        let parts = Array::of1(&JsValue::from_str(&text));
        if let Some(f) = file {
            parts.push(f);
        }
        match self.queue.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(parts),
            None => {
                let _ = self.worker.post_message(&parts);
            }
        }
    }
}
