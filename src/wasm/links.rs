//! The presets, experiment links and the GF(2) baseline, for the page.

use super::{config_error, set};
use crate::baseline::learn_setup_parity;
use crate::config::{Config, Setup};
use crate::experiment::{read_show, Experiment};
use crate::presets::PRESETS;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// The named experiments: `[{id, title, description, link}]`, where
/// `link` is the experiment's link query (see [`parse_experiment`]).
#[wasm_bindgen]
pub fn presets() -> Array {
    PRESETS
        .iter()
        .map(|p| {
            let object = Object::new();
            set(&object, "id", p.id);
            set(&object, "title", p.title);
            set(&object, "description", p.description);
            set(&object, "link", Experiment::from_preset(p).to_link());
            JsValue::from(object)
        })
        .collect()
}

/// Reads an experiment link's query leniently (see `Experiment::from_link`):
/// `{base, runs: [{query, target, changes}], show: [names], coeff (0-based
/// or null), log, logSteps, autoplay, ignored: [{field, message}]}`, where `base` and
/// each run's `query` are canonical configuration queries and `changes` is
/// the run's own fields other than its target, as a query fragment.
#[wasm_bindgen(js_name = parseExperiment)]
pub fn parse_experiment(query: &str) -> Object {
    let (experiment, ignored) = Experiment::from_link(query);
    let object = Object::new();
    set(&object, "base", experiment.base.to_query());
    let runs: Array = experiment
        .runs
        .iter()
        .map(|run| {
            let entry = Object::new();
            set(&entry, "query", run.to_query());
            set(&entry, "target", run.target.as_str());
            set(
                &entry,
                "changes",
                run.differences(&experiment.base, &["target"]),
            );
            JsValue::from(entry)
        })
        .collect();
    set(&object, "runs", runs);
    set(
        &object,
        "show",
        experiment
            .show
            .iter()
            .map(|s| JsValue::from(*s))
            .collect::<Array>(),
    );
    set(
        &object,
        "coeff",
        experiment
            .coeff_run
            .map_or(JsValue::NULL, |n| (n as f64).into()),
    );
    set(&object, "log", experiment.log_scale);
    set(&object, "logSteps", experiment.log_steps);
    set(&object, "autoplay", experiment.autoplay);
    let ignored: Array = ignored
        .into_iter()
        .map(|e| {
            let entry = Object::new();
            set(&entry, "field", e.field);
            set(&entry, "message", e.message);
            JsValue::from(entry)
        })
        .collect();
    set(&object, "ignored", ignored);
    object
}

/// The canonical link query of an experiment: shared settings `base`, the
/// runs' whole configuration queries `runs`, the plots shown (`show`, comma
/// separated), the coefficient run (0-based, or a negative number for
/// automatic), the loss axis, the step axis and autoplay. Throws if a query is invalid.
#[wasm_bindgen(js_name = experimentLink)]
pub fn experiment_link(
    base: &str,
    runs: Vec<String>,
    show: &str,
    coeff: i32,
    log: bool,
    log_steps: bool,
    autoplay: bool,
) -> Result<String, JsError> {
    let show = read_show(show).map_err(|m| JsError::new(&format!("show: {m}")))?;
    let experiment = Experiment {
        base: Config::from_query(base).map_err(config_error)?,
        runs: runs
            .iter()
            .map(|q| Config::from_query(q))
            .collect::<Result<_, _>>()
            .map_err(config_error)?,
        show,
        coeff_run: usize::try_from(coeff).ok(),
        log_scale: log,
        log_steps,
        autoplay,
    };
    Ok(experiment.to_link())
}

/// The number of samples Gaussian elimination over GF(2) needs to learn the
/// configuration's target exactly, if it is a parity; throws otherwise
/// (the message says why).
#[wasm_bindgen(js_name = gf2Samples)]
pub fn gf2_samples(query: &str) -> Result<u32, JsError> {
    let setup = Setup::from_query(query).map_err(config_error)?;
    let found = learn_setup_parity(&setup, 100 * (setup.config().d + 1))
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(found.samples as u32)
}
