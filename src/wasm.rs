//! The JavaScript API: the only module that knows about wasm-bindgen.
//!
//! A [`Run`] lives in wasm memory behind an opaque handle; what crosses the
//! boundary is small: a query string in, a batch of metric points out.

use crate::config::{checked_target, Config};
use crate::target::analyze;
use crate::train::Trainer;
use wasm_bindgen::prelude::*;

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(value).map_err(|e| JsError::new(&e.to_string()))
}

/// The analysis of `target` at dimension `d` and input bias `p`, as the
/// object `leaplab analyze --json` prints; errors name the field.
#[wasm_bindgen(js_name = analyzeTarget)]
pub fn analyze_target(target: &str, d: usize, p: f64) -> Result<JsValue, JsError> {
    let poly = checked_target(target, d, p).map_err(|e| JsError::new(&e.to_string()))?;
    let analysis = analyze(&poly, d, p).map_err(|e| JsError::new(&format!("target: {e}")))?;
    to_js(&analysis)
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
        let config = Config::from_query(query).map_err(|e| JsError::new(&e.to_string()))?;
        let trainer = Trainer::new(&config).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Run { trainer })
    }

    /// Trains up to `steps` more steps; returns the metric points evaluated
    /// on the way (an array of plain objects).
    pub fn advance(&mut self, steps: u32) -> Result<JsValue, JsError> {
        to_js(&self.trainer.advance(u64::from(steps)))
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

    /// The run's canonical query string.
    pub fn query(&self) -> String {
        self.trainer.config().to_query()
    }
}
