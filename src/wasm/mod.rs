//! The JavaScript API: the only module that knows about wasm-bindgen.
//!
//! A [`Run`] lives in wasm memory behind an opaque handle; what crosses the
//! boundary is small: a query string in, a batch of metric points out as
//! typed arrays. Errors are JavaScript `Error`s whose message starts with
//! the field's name (`d: "0" is not allowed; …`).
//!
//! This module has the panic hook, the shared helpers and the functions
//! that describe, read and merge configurations; `run` has the training run,
//! `links` the presets, experiment links and the GF(2) baseline,
//! `sweep` the sweeps, `threads` (in the threaded build) a run's threads.

mod links;
mod run;
mod sweep;
#[cfg(feature = "threads")]
mod threads;

pub use links::{experiment_link, gf2_samples, parse_experiment, presets};
pub use run::Run;
pub use sweep::{
    sweep_header, sweep_plan, sweep_presets, sweep_results, SweepSummarizer, SweepTask,
};
#[cfg(all(feature = "threads", feature = "test-hooks"))]
pub use threads::test_panic_on_helper;
#[cfg(feature = "threads")]
pub use threads::{join_thread_pool, set_threads, start_thread_pool, thread_share};

use crate::config::{label, Allowed, Config, ConfigError, FIELDS};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The message of the last panic, kept by the hook for [`last_panic`].
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs the panic hook when the module starts: a panic's message is
/// kept for [`last_panic`] (and logged), since the trap that follows it
/// reaches JavaScript only as "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        console_error(&message);
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(message));
    }));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// The message of the last panic in this module instance, if there was one.
/// After a panic the instance must not be used again: the page starts a
/// fresh worker.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow().clone())
}

/// The engine's version, crate version and commit
/// ([`crate::ENGINE_VERSION`]): the page shows it and puts it in every export.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    crate::ENGINE_VERSION.to_string()
}

/// A test hook: panics with `message`, so the browser tests can check that
/// a panic is reported and the page recovers. Nothing else calls it, and
/// only test builds have it (the `test-hooks` feature).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = testPanic)]
pub fn test_panic(message: &str) {
    panic!("{message}");
}

pub(crate) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(value).map_err(|e| JsError::new(&e.to_string()))
}

pub(crate) fn config_error(e: ConfigError) -> JsError {
    JsError::new(&e.to_string())
}

pub(crate) fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    Reflect::set(object, &key.into(), &value.into()).expect("setting a key on a plain object");
}

/// The names of the scalar metric columns, in order: the keys of the
/// typed arrays `Run.advance` returns besides `count`, `monomials` and
/// `coeffs`, and the CSV columns before the per-monomial ones (see
/// `metrics::METRIC_COLUMNS`).
#[wasm_bindgen(js_name = metricColumns)]
pub fn metric_columns() -> Array {
    crate::metrics::METRIC_COLUMNS
        .iter()
        .map(|c| JsValue::from_str(c.name))
        .collect()
}

/// Every configuration field, for building controls: `{name, label, about,
/// allowed (in words), kind, min, max, options, default}`; `kind` is one of
/// `integer`, `number`, `choice`, `flag`, `text`, `form`.
#[wasm_bindgen(js_name = fieldSpecs)]
pub fn field_specs() -> Array {
    let defaults = Config::default();
    FIELDS
        .iter()
        .map(|f| {
            let object = Object::new();
            set(&object, "name", f.name);
            set(&object, "label", label(f.name).unwrap_or(f.name));
            set(&object, "about", f.about);
            set(&object, "allowed", f.allowed_text());
            set(&object, "default", defaults.field_text(f.name));
            let kind = match f.allowed {
                Allowed::Integer { min, max } => {
                    set(&object, "min", min as f64);
                    set(&object, "max", max as f64);
                    "integer"
                }
                Allowed::Number { min, max, .. } => {
                    set(&object, "min", min);
                    set(&object, "max", max);
                    "number"
                }
                Allowed::OneOf(words) => {
                    set(
                        &object,
                        "options",
                        words.iter().map(|w| JsValue::from(*w)).collect::<Array>(),
                    );
                    "choice"
                }
                Allowed::Flag => "flag",
                Allowed::Text(_) => "text",
                Allowed::Form(_) => "form",
            };
            set(&object, "kind", kind);
            JsValue::from(object)
        })
        .collect()
}

/// Every field's canonical text in the configuration `query`, as an
/// object `{name: text}`; throws if the query is invalid.
#[wasm_bindgen(js_name = fieldValues)]
pub fn field_values(query: &str) -> Result<Object, JsError> {
    let config = Config::from_query(query).map_err(config_error)?;
    let object = Object::new();
    for f in FIELDS {
        set(&object, f.name, config.field_text(f.name));
    }
    Ok(object)
}

/// The canonical query string of `base` with the fields of `changes`
/// replacing its own; throws if the merged configuration is invalid, or a
/// field of either (see `experiment::merge_queries`: the target is parsed
/// once).
#[wasm_bindgen(js_name = mergeQueries)]
pub fn merge_queries(base: &str, changes: &str) -> Result<String, JsError> {
    crate::experiment::merge_queries(base, changes).map_err(config_error)
}
