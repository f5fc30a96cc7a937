//! The training run: a `Trainer` in wasm memory behind an opaque handle.

use super::{config_error, set, to_js};
use crate::config::Setup;
use crate::metrics::{MetricPoint, METRIC_COLUMNS};
use crate::train::Trainer;
use crate::weights::WeightsFile;
use js_sys::{Array, Float64Array, Object};
use wasm_bindgen::prelude::*;

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
        let setup = Setup::from_query(query).map_err(config_error)?;
        let trainer = Trainer::from_setup(setup).map_err(config_error)?;
        Ok(Run { trainer })
    }

    /// Trains up to `steps` more steps and returns the evaluations made on
    /// the way as one object of typed arrays (see [`points_to_js`]).
    pub fn advance(&mut self, steps: u32) -> Object {
        let points = self.trainer.advance(u64::from(steps));
        points_to_js(&points, self.trainer.target().terms().len())
    }

    /// Raises the budget by `steps` more training steps, so that the run
    /// goes on to what a fresh run with the larger budget gives, to the
    /// bit (see [`Trainer::extend`]). Returns whether the last evaluation
    /// sent was taken back (it was made only because the old budget ended
    /// off the `eval_every` grid); the page drops it from its series.
    pub fn extend(&mut self, steps: u32) -> Result<bool, JsError> {
        self.trainer.extend(u64::from(steps)).map_err(config_error)
    }

    /// The threads the run's matrix products have used since the thread
    /// count was last set: the most bands any product was cut into (one in
    /// the plain build, and whenever no product is large enough to share).
    pub fn threads(&self) -> u32 {
        crate::nn::kernels::threads_used() as u32
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
    /// in words: an array of `{key, term, value, text}` (see `Statement`),
    /// what `leaplab analyze` prints line by line and the card shows.
    pub fn statements(&self) -> Result<JsValue, JsError> {
        let analysis = self.trainer.setup().analysis().map_err(config_error)?;
        to_js(&analysis.statements())
    }
}

/// Metric points as `{count, monomials, <every metric column>, coeffs}`:
/// one `Float64Array` per column of [`METRIC_COLUMNS`] (`step`,
/// `train_loss`, …, missing values as `NaN`) and `coeffs` row-major,
/// `count × monomials`.
fn points_to_js(points: &[MetricPoint], monomials: usize) -> Object {
    let column = |f: &dyn Fn(&MetricPoint) -> f64| -> Float64Array {
        let values: Vec<f64> = points.iter().map(f).collect();
        Float64Array::from(values.as_slice())
    };
    let object = Object::new();
    set(&object, "count", points.len() as f64);
    set(&object, "monomials", monomials as f64);
    for c in METRIC_COLUMNS {
        set(
            &object,
            c.name,
            column(&|p| (c.value)(p).unwrap_or(f64::NAN)),
        );
    }
    let coeffs: Vec<f64> = points
        .iter()
        .flat_map(|p| p.coeffs.iter().copied())
        .collect();
    set(&object, "coeffs", Float64Array::from(coeffs.as_slice()));
    object
}
