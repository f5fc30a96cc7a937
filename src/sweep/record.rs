//! One run of a sweep: run in slices (RunInProgress, execute) and, once
//! finished, its record, one `run` line of the results file (`file`).

use super::error::SweepError;
use super::grid::SweepRun;
use super::spec::SweepSpec;
use crate::metrics::MetricPoint;
use crate::train::Trainer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Learned within the budget: `learned_at` is the step.
    Learned,
    /// Took the whole budget without being learned: steps-to-learn is
    /// only known to be more than the budget.
    Censored,
    /// The loss or the weights stopped being finite before it was learned.
    Diverged,
}

/// A run's last evaluation, as in [`MetricPoint`], each number `None`
/// (JSON `null`) where it is not finite, as after a divergence, so that a
/// record reads back equal to itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastMetrics {
    /// Training steps taken.
    pub step: u64,
    /// Mean training loss of the last step's batch.
    pub train_loss: Option<f64>,
    /// Mean loss on the test set.
    pub test_loss: Option<f64>,
    /// Mean squared error on the test set.
    pub test_mse: Option<f64>,
    /// Fraction of test inputs with the right sign (±1-valued targets).
    pub accuracy: Option<f64>,
    /// Cosine between network and target on the test set.
    pub correlation: Option<f64>,
    /// `E[f_θ χ_S]` for every monomial of the target, in canonical order.
    pub coeffs: Vec<Option<f64>>,
    /// `‖W₁ − W₁⁽⁰⁾‖∞`.
    pub w1_drift: Option<f64>,
}

impl From<&MetricPoint> for LastMetrics {
    fn from(p: &MetricPoint) -> Self {
        let finite = |v: f64| v.is_finite().then_some(v);
        LastMetrics {
            step: p.step,
            train_loss: p.train_loss.and_then(finite),
            test_loss: finite(p.test_loss),
            test_mse: finite(p.test_mse),
            accuracy: p.accuracy.and_then(finite),
            correlation: finite(p.correlation),
            coeffs: p.coeffs.iter().map(|&c| finite(c)).collect(),
            w1_drift: finite(p.w1_drift),
        }
    }
}

/// One finished run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The run's index in its sweep.
    pub run: usize,
    /// The run's configuration as a query string (`leaplab run` repeats it).
    pub query: String,
    /// The run's seed.
    pub seed: u64,
    /// Every axis's value at the run's grid point.
    pub point: BTreeMap<String, String>,
    /// How the run ended.
    pub outcome: Outcome,
    /// The first evaluated step where test MSE ≤ threshold × Var(f).
    pub learned_at: Option<u64>,
    /// Per target monomial (canonical order), the first evaluated step at
    /// which the network's coefficient reached half of the target's
    /// (`Summary::picked_up_at`); empty in files written before it existed.
    #[serde(default)]
    pub picked_up_at: Vec<Option<u64>>,
    /// The step where the run diverged.
    pub diverged_at: Option<u64>,
    /// Steps taken.
    pub steps: u64,
    /// The last evaluation.
    pub last: LastMetrics,
    /// The hash of every evaluation's numbers (equal across targets).
    pub metrics_hash: String,
    /// Wall-clock seconds the run took, where the front end measured it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

impl RunRecord {
    /// The record without its timing: what must be equal wherever and
    /// however the run was made.
    pub fn untimed(&self) -> RunRecord {
        RunRecord {
            seconds: None,
            ..self.clone()
        }
    }

    /// The record as one JSON line (no newline), `record` key first.
    pub fn to_line(&self) -> String {
        let body = serde_json::to_string(self).expect("a run record serialises");
        format!("{{\"record\":\"run\",{}", &body[1..])
    }

    /// Checks what can be checked without running it again: that the
    /// record is run `run` of `spec` (its query, seed and grid point), and
    /// that its fields agree with each other (the outcome with `learned_at`
    /// and `diverged_at`, the last evaluation with `steps`, a censored run
    /// with the budget). The metrics hash itself can only be checked by
    /// running the query again (`leaplab run`).
    pub fn check(&self, spec: &SweepSpec) -> Result<(), SweepError> {
        let runs = spec.runs();
        if self.run >= runs {
            return Err(SweepError::NotInSweep {
                run: self.run,
                runs,
            });
        }
        let expected = spec.run(self.run);
        let fault = |message: String| {
            Err(SweepError::Record {
                run: self.run,
                message,
            })
        };
        if expected.config.to_query() != self.query {
            return fault(format!("its query {} is not this sweep's", self.query));
        }
        if expected.config.seed != self.seed {
            return fault(format!(
                "its seed {} is not this sweep's {}",
                self.seed, expected.config.seed
            ));
        }
        // the grid point's keys are its axes, each once
        let same_point = expected.values.len() == self.point.len()
            && expected
                .values
                .iter()
                .all(|(key, value)| self.point.get(key) == Some(value));
        if !same_point {
            return fault("its grid point is not this sweep's".to_string());
        }
        let outcome = Outcome::of(self.learned_at, self.diverged_at);
        if outcome != self.outcome {
            return fault(format!(
                "its outcome is {} but its learned_at and diverged_at say {}",
                outcome_name(self.outcome),
                outcome_name(outcome)
            ));
        }
        if self.last.step != self.steps {
            return fault(format!(
                "it took {} steps but its last evaluation is at step {}",
                self.steps, self.last.step
            ));
        }
        let after_end = [self.learned_at, self.diverged_at]
            .iter()
            .chain(&self.picked_up_at)
            .flatten()
            .any(|&s| s > self.steps);
        if after_end {
            return fault(format!(
                "it ends at step {} before it was learned, diverged or picked a monomial up",
                self.steps
            ));
        }
        if self.outcome == Outcome::Censored && self.steps != expected.config.steps {
            return fault(format!(
                "it is censored after {} steps, not the budget of {}",
                self.steps, expected.config.steps
            ));
        }
        Ok(())
    }

    /// The name of the first field (in file order) where `other` differs
    /// from this record, timing aside: what a message about two records of
    /// one run should point at.
    pub fn first_difference(&self, other: &RunRecord) -> &'static str {
        RECORD_FIELDS
            .iter()
            .find(|f| self.field_text(f) != other.field_text(f))
            .copied()
            .unwrap_or("seconds")
    }

    /// One field of the record as JSON text, by name (`null` for a name
    /// that is not a field).
    pub fn field_text(&self, field: &str) -> String {
        let value = serde_json::to_value(self).expect("a run record serialises");
        value
            .get(field)
            .map_or_else(|| "null".to_string(), |v| v.to_string())
    }
}

/// The fields of a run record that must agree wherever it was made.
const RECORD_FIELDS: [&str; 11] = [
    "run",
    "query",
    "seed",
    "point",
    "outcome",
    "learned_at",
    "picked_up_at",
    "diverged_at",
    "steps",
    "last",
    "metrics_hash",
];

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Learned => "learned",
        Outcome::Censored => "censored",
        Outcome::Diverged => "diverged",
    }
}

impl Outcome {
    /// The outcome of a run that was learned at `learned_at` and diverged
    /// at `diverged_at` (either or both unknown): learned wins, since a run
    /// stops at its first learned evaluation.
    pub fn of(learned_at: Option<u64>, diverged_at: Option<u64>) -> Outcome {
        match (learned_at, diverged_at) {
            (Some(_), _) => Outcome::Learned,
            (None, Some(_)) => Outcome::Diverged,
            (None, None) => Outcome::Censored,
        }
    }
}

/// A sweep run in progress, trained in slices so that a front end can
/// stop between them (the page's workers yield every few milliseconds).
/// How the steps are sliced never changes the record.
pub struct RunInProgress {
    run: SweepRun,
    trainer: Trainer,
    last: Option<MetricPoint>,
}

impl RunInProgress {
    /// Sets up run `index` of `spec`. Panics if `index` is not in the sweep.
    pub fn start(spec: &SweepSpec, index: usize) -> RunInProgress {
        let run = spec.run(index);
        let trainer =
            Trainer::new(&run.config).expect("a sweep's runs were validated when it was read");
        RunInProgress {
            run,
            trainer,
            last: None,
        }
    }

    /// Trains up to `max_steps` more steps; returns whether the run is over
    /// (learned, out of budget, or diverged).
    pub fn advance(&mut self, max_steps: u64) -> bool {
        if let Some(p) = self.trainer.advance(max_steps).into_iter().last() {
            self.last = Some(p);
        }
        self.trainer.is_finished()
    }

    /// The run's record so far (final once [`advance`](Self::advance) has
    /// returned `true`).
    pub fn record(&self) -> RunRecord {
        let summary = self.trainer.summary();
        let outcome = Outcome::of(summary.learned_at, summary.diverged_at);
        // inserted one by one: collecting into a map would compile a
        // stable sort of (String, String) into the wasm module for this alone
        let mut point = BTreeMap::new();
        for (axis, value) in &self.run.values {
            point.insert(axis.clone(), value.clone());
        }
        RunRecord {
            run: self.run.index,
            query: self.run.config.to_query(),
            seed: self.run.config.seed,
            point,
            outcome,
            learned_at: summary.learned_at,
            picked_up_at: summary.picked_up_at.clone(),
            diverged_at: summary.diverged_at,
            steps: summary.steps,
            last: self
                .last
                .as_ref()
                .expect("a run evaluates before it reports")
                .into(),
            metrics_hash: summary.metrics_hash,
            seconds: None,
        }
    }
}

/// Runs run `index` of `spec` to its end and reports it. The same spec and
/// index give the same record (without `seconds`) on every target.
pub fn execute(spec: &SweepSpec, index: usize) -> RunRecord {
    let mut run = RunInProgress::start(spec, index);
    let every = run.run.config.eval_every;
    while !run.advance(every) {}
    run.record()
}
