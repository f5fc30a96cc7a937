//! The JavaScript API: the only module that knows about wasm-bindgen.
//!
//! A [`Run`] lives in wasm memory behind an opaque handle; what crosses the
//! boundary is small: a query string in, a batch of metric points out as
//! typed arrays. Errors are JavaScript `Error`s whose message starts with
//! the field's name (`d: "0" is not allowed; …`).

use crate::baseline::learn_parity;
use crate::config::{checked_target, encode_component, Allowed, Config, ConfigError, FIELDS};
use crate::data::Domain;
use crate::experiment::Experiment;
use crate::metrics::MetricPoint;
use crate::presets::PRESETS;
use crate::sweep::{summarize, Header, ResultsFile, RunInProgress, SweepSpec, SWEEP_PRESETS};
use crate::target::{analyze, parse_target_on};
use crate::train::Trainer;
use crate::weights::WeightsFile;
use js_sys::{Array, Float64Array, Object, Reflect};
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

/// A test hook: panics with `message`, so the browser tests can check that
/// a panic is reported and the page recovers. Nothing else calls it.
#[wasm_bindgen(js_name = testPanic)]
pub fn test_panic(message: &str) {
    panic!("{message}");
}

fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(value).map_err(|e| JsError::new(&e.to_string()))
}

fn config_error(e: ConfigError) -> JsError {
    JsError::new(&e.to_string())
}

fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    Reflect::set(object, &key.into(), &value.into()).expect("setting a key on a plain object");
}

/// The analysis of `target` at dimension `d` and input bias `p` on the
/// hypercube, as the object `leaplab analyze --json` prints (for another
/// domain, see [`analyze_query`]).
#[wasm_bindgen(js_name = analyzeTarget)]
pub fn analyze_target(target: &str, d: usize, p: f64) -> Result<JsValue, JsError> {
    let poly = checked_target(target, d, p).map_err(config_error)?;
    let analysis = analyze(&poly, d, p).map_err(|e| JsError::new(&format!("target: {e}")))?;
    to_js(&analysis)
}

/// The analysis of the whole configuration `query`: its target on its
/// domain (`domain`), under the symmetry group of its inputs and
/// initialisation (`group`, and `symmetry` says why), as the object
/// `leaplab analyze --json` prints. Throws if the query is invalid.
#[wasm_bindgen(js_name = analyzeQuery)]
pub fn analyze_query(query: &str) -> Result<JsValue, JsError> {
    let config = Config::from_query(query).map_err(config_error)?;
    to_js(&config.analysis().map_err(config_error)?)
}

/// Checks a target expression at dimension `d` on `domain` (`cube`,
/// `gaussian` or `sphere`; the hypercube when omitted) as the user types:
/// `null` when it parses, else `{message, position}` (position in
/// characters, `null` when the error is not at one place).
#[wasm_bindgen(js_name = checkTarget)]
pub fn check_target(target: &str, d: usize, domain: Option<String>) -> JsValue {
    let domain = Domain::ALL
        .into_iter()
        .find(|dom| Some(dom.name()) == domain.as_deref())
        .unwrap_or(Domain::Cube);
    match parse_target_on(target, d, domain) {
        Ok(_) => JsValue::NULL,
        Err(e) => {
            let object = Object::new();
            set(&object, "message", e.to_string());
            set(
                &object,
                "position",
                e.position.map_or(JsValue::NULL, |p| (p as f64).into()),
            );
            object.into()
        }
    }
}

/// Every configuration field, for building controls: `{name, about,
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
/// or null), log, autoplay, ignored: [{field, message}]}`, where `base` and
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
/// automatic), the loss axis and autoplay. Throws if a query is invalid.
#[wasm_bindgen(js_name = experimentLink)]
pub fn experiment_link(
    base: &str,
    runs: Vec<String>,
    show: &str,
    coeff: i32,
    log: bool,
    autoplay: bool,
) -> Result<String, JsError> {
    let (parsed, ignored) = Experiment::from_link(&format!("show={}", encode_component(show)));
    if let Some(e) = ignored.into_iter().next() {
        return Err(config_error(e));
    }
    let experiment = Experiment {
        base: Config::from_query(base).map_err(config_error)?,
        runs: runs
            .iter()
            .map(|q| Config::from_query(q))
            .collect::<Result<_, _>>()
            .map_err(config_error)?,
        show: parsed.show,
        coeff_run: usize::try_from(coeff).ok(),
        log_scale: log,
        autoplay,
    };
    Ok(experiment.to_link())
}

/// The number of samples Gaussian elimination over GF(2) needs to learn the
/// configuration's target exactly, if it is a parity; throws otherwise
/// (the message says why).
#[wasm_bindgen(js_name = gf2Samples)]
pub fn gf2_samples(query: &str) -> Result<u32, JsError> {
    let config = Config::from_query(query).map_err(config_error)?;
    let target = config.validate().map_err(config_error)?;
    let found = learn_parity(&target, config.inputs(), config.seed, 100 * (config.d + 1))
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(found.samples as u32)
}

/// The canonical query string of `base` with the fields of `changes`
/// replacing its own; throws if either is invalid.
#[wasm_bindgen(js_name = mergeQueries)]
pub fn merge_queries(base: &str, changes: &str) -> Result<String, JsError> {
    let config = Config::from_query(base)
        .and_then(|c| c.with_query(changes))
        .map_err(config_error)?;
    Ok(config.to_query())
}

/// A training run created from a configuration query string.
#[wasm_bindgen]
pub struct Run {
    trainer: Trainer,
}

#[wasm_bindgen]
impl Run {
    /// Validates `query` and sets the run up; a bad value throws an error
    /// whose message names the field, the value and what is allowed.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Result<Run, JsError> {
        let config = Config::from_query(query).map_err(config_error)?;
        let trainer = Trainer::new(&config).map_err(config_error)?;
        Ok(Run { trainer })
    }

    /// Trains up to `steps` more steps and returns the evaluations made on
    /// the way as one object of typed arrays (see [`points_to_js`]).
    pub fn advance(&mut self, steps: u32) -> Object {
        let points = self.trainer.advance(u64::from(steps));
        points_to_js(&points, self.trainer.target().terms().len())
    }

    /// Whether the run has taken all its steps or diverged.
    #[wasm_bindgen(js_name = isFinished)]
    pub fn is_finished(&self) -> bool {
        self.trainer.is_finished()
    }

    /// `{learned_at, diverged_at, steps, metrics_hash}` so far.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.trainer.summary())
    }

    /// Steps between evaluations (what the page's Step button advances).
    #[wasm_bindgen(js_name = evalEvery)]
    pub fn eval_every(&self) -> u32 {
        self.trainer.config().eval_every.min(u64::from(u32::MAX)) as u32
    }

    /// The run's canonical query string.
    pub fn query(&self) -> String {
        self.trainer.config().to_query()
    }

    /// The target's monomials as text (`x1x2`), in the order of `coeffs`.
    pub fn monomials(&self) -> Array {
        self.trainer
            .target()
            .monomials()
            .map(|m| JsValue::from(m.to_string()))
            .collect()
    }

    /// The target's coefficients `a_S`, in the order of [`Run::monomials`].
    pub fn coefficients(&self) -> Float64Array {
        let values: Vec<f64> = self
            .trainer
            .target()
            .terms()
            .iter()
            .map(|t| t.coeff)
            .collect();
        Float64Array::from(values.as_slice())
    }

    /// The network's current weights as a weights file (JSON text), with
    /// the run's configuration: what `leaplab run … --init-weights` reads.
    #[wasm_bindgen(js_name = weightsJson)]
    pub fn weights_json(&self) -> String {
        let file = WeightsFile::new(
            self.trainer.network(),
            self.trainer.config().to_query(),
            self.trainer.summary().steps,
        );
        file.to_json()
    }

    /// The run's target analysed on its domain under its symmetry group,
    /// as [`analyze_query`].
    pub fn analysis(&self) -> Result<JsValue, JsError> {
        to_js(&self.trainer.config().analysis().map_err(config_error)?)
    }
}

/// Metric points as `{count, monomials, step, train_loss, test_loss,
/// test_mse, accuracy, correlation, w1_drift, coeffs}`: one `Float64Array`
/// per metric (missing values as `NaN`) and `coeffs` row-major,
/// `count × monomials`.
fn points_to_js(points: &[MetricPoint], monomials: usize) -> Object {
    let column = |f: &dyn Fn(&MetricPoint) -> f64| -> Float64Array {
        let values: Vec<f64> = points.iter().map(f).collect();
        Float64Array::from(values.as_slice())
    };
    let object = Object::new();
    set(&object, "count", points.len() as f64);
    set(&object, "monomials", monomials as f64);
    set(&object, "step", column(&|p| p.step as f64));
    set(
        &object,
        "train_loss",
        column(&|p| p.train_loss.unwrap_or(f64::NAN)),
    );
    set(&object, "test_loss", column(&|p| p.test_loss));
    set(&object, "test_mse", column(&|p| p.test_mse));
    set(
        &object,
        "accuracy",
        column(&|p| p.accuracy.unwrap_or(f64::NAN)),
    );
    set(&object, "correlation", column(&|p| p.correlation));
    set(&object, "w1_drift", column(&|p| p.w1_drift));
    let coeffs: Vec<f64> = points
        .iter()
        .flat_map(|p| p.coeffs.iter().copied())
        .collect();
    set(&object, "coeffs", Float64Array::from(coeffs.as_slice()));
    object
}

fn sweep_spec(spec: &str) -> Result<SweepSpec, JsError> {
    SweepSpec::from_query(spec).map_err(config_error)
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

/// What the run lines `lines` (JSON lines, any subset of the sweep's runs
/// in any order) say about the sweep `spec`: the summary object of
/// [`summarize`] (per series its label, per x value the median, spread,
/// success rate, censoring; the fit and the leap prediction).
#[wasm_bindgen(js_name = sweepSummary)]
pub fn sweep_summary(spec: &str, lines: &str) -> Result<JsValue, JsError> {
    let spec = sweep_spec(spec)?;
    let text = format!("{}\n{lines}\n", Header::new(&spec).to_line());
    let file = ResultsFile::parse(&text).map_err(|e| JsError::new(&e))?;
    to_js(&summarize(&spec, &file.records).map_err(|e| JsError::new(&e))?)
}

/// Reads a results file written by `leaplab sweep` (or the page):
/// `{spec, runs: [index], lines: [run line], truncated}`, every record
/// checked against the file's spec. Throws when the file is not one.
#[wasm_bindgen(js_name = sweepResults)]
pub fn sweep_results(text: &str) -> Result<Object, JsError> {
    let file = ResultsFile::parse(text).map_err(|e| JsError::new(&e))?;
    let spec = sweep_spec(&file.header.spec)?;
    summarize(&spec, &file.records).map_err(|e| JsError::new(&e))?;
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
