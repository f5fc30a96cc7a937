//! What a run will cost before it starts: memory and work per step, checked
//! against stated limits so an absurd configuration is refused with a
//! message instead of freezing a tab or exhausting memory.

use super::{Config, ConfigError};
use crate::method::Mode;
use crate::target::Polynomial;

/// The most memory a run may need, in bytes (512 MiB).
pub const MAX_BYTES: usize = 512 << 20;

/// The most multiply-adds one training step may take, amortised evaluation
/// included (2³¹, about a second in a browser).
pub const MAX_WORK_PER_STEP: f64 = 2_147_483_648.0;

/// The most operations setting a run up may take: evaluating the target
/// and each of its monomials at every test input, and the target at every
/// training input, counted as `Σ (1 + |S|)` per evaluation (2²⁷, under a
/// second natively).
pub const MAX_SETUP_WORK: f64 = 134_217_728.0;

/// What one operation of evaluating the target (a term, or a coordinate
/// of one: an indexed load and a multiply in a loop whose length depends
/// on the term) costs in multiply-adds of the dense kernels, as measured
/// natively: a fresh batch's labels count this many times over in
/// [`Cost::work_per_step`].
const TARGET_OPERATION: f64 = 8.0;

/// Rows of the evaluation workspace (as `metrics::EVAL_CHUNK`).
const EVAL_ROWS: usize = 256;

/// Rows of the full-batch workspace (as in the trainer).
const FULL_BATCH_ROWS: usize = 256;

/// A run's estimated cost, by part.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cost {
    /// Parameters, gradients, the first layer's initial copy and the
    /// workspaces, in bytes.
    pub network_bytes: usize,
    /// The fixed training set, in bytes (0 for online SGD).
    pub train_bytes: usize,
    /// The test set with every target monomial's value at every input.
    pub test_bytes: usize,
    /// Multiply-adds per training step, evaluation amortised over
    /// `eval_every` steps, the target's values for a fresh batch included.
    pub work_per_step: f64,
    /// Operations to set the run up: the target and each of its monomials
    /// at every test input, the target at every training input.
    pub setup_work: f64,
}

impl Cost {
    /// All the memory, in bytes.
    pub fn bytes(&self) -> usize {
        self.network_bytes + self.train_bytes + self.test_bytes
    }
}

fn megabytes(bytes: usize) -> String {
    format!("{:.0} MiB", bytes as f64 / f64::from(1u32 << 20))
}

impl Config {
    /// The estimated cost of this run with the parsed `target`: `m` terms
    /// whose evaluation costs `Σ (1 + |S|)` operations at one input.
    /// Sizes saturate rather than overflow, so absurd values stay absurd.
    pub fn cost(&self, target: &Polynomial) -> Cost {
        let monomials = target.terms().len();
        let units: usize = target
            .terms()
            .iter()
            .fold(0usize, |acc, t| acc.saturating_add(1 + t.monomial.degree()));
        let (d, w, f) = (self.d, self.width, std::mem::size_of::<f32>());
        let hidden = self.depth - 1;
        let params = d
            .saturating_mul(w)
            .saturating_add((hidden - 1).saturating_mul(w.saturating_mul(w)))
            .saturating_add(w)
            .saturating_add(hidden.saturating_mul(w) + 1);
        let (rows, rows_per_step) = match self.mode {
            Mode::Online | Mode::Sgd => (self.batch, self.batch),
            Mode::Gd | Mode::Noisy => (FULL_BATCH_ROWS.min(self.n), self.n),
        };
        let activations = |r: usize| r.saturating_mul(2 * hidden * w + 1 + 2 * w.max(d));
        let network = params
            .saturating_mul(4)
            .saturating_add(d.saturating_mul(w))
            .saturating_add(activations(rows))
            .saturating_add(activations(EVAL_ROWS))
            .saturating_add(rows.saturating_mul(d + 1));
        let online = self.mode == Mode::Online;
        let train = if online {
            0
        } else {
            self.n.saturating_mul(d + 1)
        };
        let test = self.test_n.saturating_mul(d + 1 + monomials);
        let forward = params as f64 + monomials as f64;
        let labels = if online {
            self.batch as f64 * units as f64 * TARGET_OPERATION
        } else {
            0.0
        };
        let train_inputs = if online { 0.0 } else { self.n as f64 };
        Cost {
            network_bytes: network.saturating_mul(f),
            train_bytes: train.saturating_mul(f),
            test_bytes: test.saturating_mul(f),
            work_per_step: 3.0 * rows_per_step as f64 * params as f64
                + labels
                + self.test_n as f64 * forward / self.eval_every as f64,
            setup_work: (2.0 * self.test_n as f64 + train_inputs) * units as f64,
        }
    }

    /// Refuses a run whose [`Cost`] is over [`MAX_BYTES`],
    /// [`MAX_WORK_PER_STEP`] or [`MAX_SETUP_WORK`], naming the field that
    /// weighs most, the estimate and the limit.
    pub fn check_budget(&self, target: &Polynomial) -> Result<(), ConfigError> {
        let cost = self.cost(target);
        let monomials = target.terms().len();
        if cost.bytes() > MAX_BYTES {
            let parts = [
                ("width", "the network", cost.network_bytes),
                ("n", "the training set", cost.train_bytes),
                ("test_n", "the test set", cost.test_bytes),
            ];
            let (field, _, _) = parts.iter().max_by_key(|p| p.2).expect("three parts");
            let mut detail: Vec<String> = parts
                .iter()
                .filter(|p| p.2 > 0)
                .map(|(_, what, bytes)| format!("{what} {}", megabytes(*bytes)))
                .collect();
            if monomials > self.d {
                detail.push(format!(
                    "the test set keeps each of the target's {monomials} monomials at every input"
                ));
            }
            return Err(ConfigError::new(
                field,
                format!(
                    "the run would need about {} of memory ({}), over the limit of {}; \
                     make d, width, depth, n or test_n smaller",
                    megabytes(cost.bytes()),
                    detail.join(", "),
                    megabytes(MAX_BYTES)
                ),
            ));
        }
        if cost.setup_work > MAX_SETUP_WORK {
            let train = if self.mode == Mode::Online { 0 } else { self.n };
            let field = if train > 2 * self.test_n {
                "n"
            } else {
                "test_n"
            };
            let degree_sum: usize = target.terms().iter().map(|t| t.monomial.degree()).sum();
            return Err(ConfigError::new(
                field,
                format!(
                    "setting the run up would take about {:.1e} operations, over the limit of \
                     {:.1e}: the target \"{}\" has {monomials} monomials whose sizes |S| add up \
                     to {degree_sum}, evaluated at {} test inputs (twice: the target and each \
                     monomial){}; make test_n{} or the target smaller",
                    cost.setup_work,
                    MAX_SETUP_WORK,
                    super::clipped(&self.target),
                    self.test_n,
                    if train > 0 {
                        format!(" and {train} training inputs")
                    } else {
                        String::new()
                    },
                    if train > 0 { ", n" } else { "" }
                ),
            ));
        }
        if cost.work_per_step > MAX_WORK_PER_STEP {
            let field = if self.mode == Mode::Online || self.mode == Mode::Sgd {
                "batch"
            } else {
                "n"
            };
            return Err(ConfigError::new(
                field,
                format!(
                    "one step would take about {:.1e} multiply-adds, over the limit of {:.1e}; \
                     make d, width, depth, the target or the {} smaller, or evaluate less often",
                    cost.work_per_step,
                    MAX_WORK_PER_STEP,
                    if field == "batch" {
                        "batch"
                    } else {
                        "training set"
                    }
                ),
            ));
        }
        Ok(())
    }
}
