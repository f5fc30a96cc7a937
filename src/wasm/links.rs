//! The presets, experiment links and the GF(2) baseline, for the page.

use super::{config_error, set};
use crate::baseline::learn_setup_parity;
use crate::config::Setup;
use crate::experiment::{read_hash, read_show, Expectation, Experiment, MAX_RUNS, PLOTS};
use crate::presets::PRESETS;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// What an experiment may hold, for the page: `{maxRuns, plots}`, the most
/// runs it compares ([`MAX_RUNS`]) and the names of the plots it can show
/// ([`PLOTS`], as `show=` names them).
#[wasm_bindgen(js_name = experimentLimits)]
pub fn experiment_limits() -> Object {
    let object = Object::new();
    set(&object, "maxRuns", MAX_RUNS as f64);
    let plots: Array = PLOTS.iter().map(|p| JsValue::from(*p)).collect();
    set(&object, "plots", plots);
    object
}

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
/// `{base, runs: [{query, target, changes, expect}], show: [names], coeff
/// (0-based or null), log, logSteps, autoplay, madeBy, ignored: [{field,
/// message}]}`, where `base` and each run's `query` are canonical
/// configuration queries, `changes` is the run's own fields other than its
/// target, as a query fragment, `expect` the metrics hash the link says
/// the run gives (or null) and `madeBy` the version that made the link
/// (or null).
#[wasm_bindgen(js_name = parseExperiment)]
pub fn parse_experiment(query: &str) -> Object {
    let (experiment, ignored) = Experiment::from_link(query);
    let object = Object::new();
    set(&object, "base", experiment.base.to_query());
    let runs: Array = experiment
        .runs
        .iter()
        .zip(&experiment.expect)
        .map(|(run, expect)| {
            let entry = Object::new();
            set(&entry, "query", run.to_query());
            set(&entry, "target", run.target.as_str());
            set(
                &entry,
                "changes",
                run.differences(&experiment.base, &["target"]),
            );
            set(
                &entry,
                "expect",
                expect.as_deref().map_or(JsValue::NULL, JsValue::from),
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
    set(
        &object,
        "madeBy",
        experiment
            .made_by
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from),
    );
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
/// automatic), the loss axis, the step axis and autoplay; `expect` is
/// empty, or holds each run's metrics hash, and then the link says what
/// each run gives and that this version made it. The queries are the ones
/// `mergeQueries` made, so their targets are not parsed again (see
/// `Experiment::from_queries`). Throws if a query or a hash is invalid.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = experimentLink)]
pub fn experiment_link(
    base: &str,
    runs: Vec<String>,
    show: &str,
    coeff: i32,
    log: bool,
    log_steps: bool,
    autoplay: bool,
    expect: Vec<String>,
) -> Result<String, JsError> {
    let show = read_show(show).map_err(|m| JsError::new(&format!("show: {m}")))?;
    let expect = expect
        .iter()
        .map(|h| read_hash(h).map(Some))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|m| JsError::new(&format!("expect: {m}")))?;
    let mut experiment = Experiment::from_queries(base, &runs).map_err(config_error)?;
    experiment.show = show;
    experiment.coeff_run = usize::try_from(coeff).ok();
    experiment.log_scale = log;
    experiment.log_steps = log_steps;
    experiment.autoplay = autoplay;
    if !expect.is_empty() {
        experiment.expect = expect;
        experiment.made_by = Some(crate::ENGINE_VERSION.to_string());
    }
    Ok(experiment.to_link())
}

/// Whether a run reproduced what its link says: `{reproduced, text}` for a
/// run that gave metrics hash `got`, where the link expects `expected` and
/// was made by `made_by` (empty if the link does not say). See
/// `Expectation::check`.
#[wasm_bindgen(js_name = checkExpectation)]
pub fn check_expectation(expected: &str, made_by: &str, got: &str) -> Result<JsValue, JsError> {
    let expectation = Expectation {
        hash: expected.to_string(),
        made_by: (!made_by.is_empty()).then(|| made_by.to_string()),
    };
    super::to_js(&expectation.check(got))
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
