//! Sweeps for the page: plans, one run at a time in a worker, summaries.

use super::{config_error, set, to_js};
use crate::sweep::{
    Header, ResultsFile, RunInProgress, SweepError, SweepResults, SweepSpec, SWEEP_PRESETS,
};
use js_sys::{Array, Object};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The last spec read and its text: a page's worker sets up every run
    /// of one sweep from the same text, whose reading validates every grid
    /// point (parsing each point's target), and the page reads it again
    /// for its plan, header and summarizer. A spec is a function of its
    /// text, so the reading is kept and reused.
    static LAST_SPEC: RefCell<Option<(String, SweepSpec)>> = const { RefCell::new(None) };
}

/// The spec `spec` reads to (see [`SweepSpec::from_query`]), read once per
/// text in a row.
fn sweep_spec(spec: &str) -> Result<SweepSpec, JsError> {
    LAST_SPEC.with(|last| {
        if let Some((text, read)) = last.borrow().as_ref() {
            if text == spec {
                return Ok(read.clone());
            }
        }
        let read = SweepSpec::from_query(spec).map_err(config_error)?;
        *last.borrow_mut() = Some((spec.to_string(), read.clone()));
        Ok(read)
    })
}

/// The sweep `spec` checked and described: `{spec (canonical), runs,
/// points, seeds, budget, count (in words), axes: [{name, values}], x (the
/// x axis's key or null)}`. Throws an error whose message starts with the
/// key (`d: "0" is not allowed; …`) when the spec is invalid.
#[wasm_bindgen(js_name = sweepPlan)]
pub fn sweep_plan(spec: &str) -> Result<Object, JsError> {
    let spec = sweep_spec(spec)?;
    let object = Object::new();
    set(&object, "spec", spec.to_query());
    set(&object, "runs", spec.runs() as f64);
    set(&object, "points", spec.points() as f64);
    set(&object, "seeds", spec.seeds() as f64);
    set(&object, "budget", spec.budget() as f64);
    set(&object, "count", spec.count_text());
    let axes: Array = spec
        .axes()
        .iter()
        .map(|a| {
            let axis = Object::new();
            set(&axis, "name", a.name.as_str());
            let values: Array = a.values.iter().map(|v| JsValue::from(v.as_str())).collect();
            set(&axis, "values", values);
            JsValue::from(axis)
        })
        .collect();
    set(&object, "axes", axes);
    set(
        &object,
        "x",
        spec.x_axis()
            .map_or(JsValue::NULL, |a| JsValue::from(a.name.as_str())),
    );
    Ok(object)
}

/// One run of a sweep, trained a slice at a time so that the worker
/// running it can be stopped between slices.
#[wasm_bindgen]
pub struct SweepTask {
    run: RunInProgress,
}

#[wasm_bindgen]
impl SweepTask {
    /// Sets up run `index` of the sweep `spec`; throws if the spec is
    /// invalid or has no such run.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str, index: usize) -> Result<SweepTask, JsError> {
        let spec = sweep_spec(spec)?;
        if index >= spec.runs() {
            return Err(JsError::new(&format!(
                "run {index} is not in this sweep of {} runs",
                spec.runs()
            )));
        }
        Ok(SweepTask {
            run: RunInProgress::start(&spec, index),
        })
    }

    /// Trains up to `steps` more steps; returns whether the run is over.
    pub fn advance(&mut self, steps: u32) -> bool {
        self.run.advance(u64::from(steps))
    }

    /// The run's record as the JSON line `leaplab sweep` writes for it
    /// (without `seconds`): once the run is over, the same line, to the
    /// bit, as natively.
    pub fn line(&self) -> String {
        self.run.record().to_line()
    }
}

/// The header line of the sweep's results file, as `leaplab sweep` writes
/// it: put it before the run lines to make a file `leaplab sweep-merge`
/// reads.
#[wasm_bindgen(js_name = sweepHeader)]
pub fn sweep_header(spec: &str) -> Result<String, JsError> {
    Ok(Header::new(&sweep_spec(spec)?).to_line())
}

/// The finished runs of one sweep, each line read and checked once as it
/// is added, and their summary, redrawn as runs finish: the targets'
/// analyses it needs are made on the first summary and kept.
#[wasm_bindgen]
pub struct SweepSummarizer {
    results: SweepResults,
}

#[wasm_bindgen]
impl SweepSummarizer {
    /// No runs yet of the sweep `spec`; throws if the spec is invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str) -> Result<SweepSummarizer, JsError> {
        Ok(SweepSummarizer {
            results: SweepResults::new(sweep_spec(spec)?),
        })
    }

    /// Adds a finished run's line (`SweepTask`'s, or one of a results
    /// file's); throws if it is not a run of this sweep. A run added again
    /// replaces its line.
    pub fn add(&mut self, line: &str) -> Result<(), JsError> {
        self.results.add_line(line).map_err(sweep_error)
    }

    /// Forgets every run added.
    pub fn clear(&mut self) {
        self.results.clear();
    }

    /// What the runs added say: the summary object of [`SweepResults::summary`] (per
    /// series its label, per x value the median, spread, success rate,
    /// censoring; the fit and the leap prediction).
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.results.summary())
    }
}

/// A results file or record refused, as a JavaScript error.
fn sweep_error(error: SweepError) -> JsError {
    JsError::new(&error.to_string())
}

/// Reads a results file written by `leaplab sweep` (or the page):
/// `{spec, runs: [index], lines: [run line], truncated}`, every record
/// checked against the file's spec. Throws when the file is not one.
#[wasm_bindgen(js_name = sweepResults)]
pub fn sweep_results(text: &str) -> Result<Object, JsError> {
    let file = ResultsFile::parse(text).map_err(sweep_error)?;
    let spec = sweep_spec(&file.header.spec)?;
    for record in &file.records {
        record.check(&spec).map_err(sweep_error)?;
    }
    let object = Object::new();
    set(&object, "spec", spec.to_query());
    let runs: Array = file
        .records
        .iter()
        .map(|r| JsValue::from(r.run as f64))
        .collect();
    let lines: Array = file
        .records
        .iter()
        .map(|r| JsValue::from(r.to_line()))
        .collect();
    set(&object, "runs", runs);
    set(&object, "lines", lines);
    set(&object, "truncated", file.truncated);
    Ok(object)
}

/// The sweeps of the sweep page's menu: `[{id, title, description, spec}]`.
#[wasm_bindgen(js_name = sweepPresets)]
pub fn sweep_presets() -> Result<JsValue, JsError> {
    to_js(SWEEP_PRESETS)
}
