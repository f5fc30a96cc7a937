//! The run loop: one configuration, trained step by step and evaluated on
//! its test set every `eval_every` steps.

use super::gradient::GradientPass;
use super::optimizer::{update, UpdateRule};
use super::progress::Progress;
use crate::config::{Config, ConfigError, Setup};
use crate::data::Inputs;
use crate::method::Mode;
use crate::metrics::{evaluate, MetricPoint, TestSet, EVAL_CHUNK};
use crate::nn::{Mlp, Workspace};
use crate::rng::{Purpose, Stream};
use crate::target::Polynomial;
use serde::Serialize;
use std::ops::Range;

/// Rows per forward/backward pass when a gradient covers the whole
/// training set (full-batch and noisy GD); the sum over chunks is taken in
/// order, so the result does not depend on anything but the data.
const FULL_BATCH_CHUNK: usize = 256;

/// Where a run stands, as reported at its end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The first evaluated step with test MSE ≤ threshold × Var(f), if any.
    pub learned_at: Option<u64>,
    /// The step at which the loss or the weights stopped being finite.
    pub diverged_at: Option<u64>,
    /// Steps taken.
    pub steps: u64,
    /// The [`MetricsHash`](crate::metrics::MetricsHash) of every evaluation so far, as hex.
    pub metrics_hash: String,
    /// For every monomial of the target, in canonical order, the first
    /// evaluated step at which the network's coefficient on it reached
    /// half of the target's, with the same sign (see
    /// [`TestSet::picked_up`](crate::metrics::TestSet::picked_up)); `None`
    /// if not yet. On a staircase they come one after another.
    pub picked_up_at: Vec<Option<u64>>,
}

/// A run in progress: the network, its data streams, its test set and
/// every buffer a step needs, allocated once.
pub struct Trainer {
    setup: Setup,
    inputs: Inputs,
    net: Mlp,
    w1_init: Vec<f32>,
    grads: Vec<f32>,
    chunk_grads: Vec<f32>,
    pass: GradientPass,
    eval_ws: Workspace,
    batch_x: Vec<f32>,
    batch_y: Vec<f32>,
    data: Stream,
    noise: Stream,
    train_set: Option<(Vec<f32>, Vec<f32>)>,
    order: Vec<u32>,
    cursor: usize,
    test: TestSet,
    step: u64,
    last_train_loss: Option<f64>,
    progress: Progress,
    /// The progress before the evaluation at the last step, when that step
    /// is off the `eval_every` grid: a longer budget would not evaluate
    /// there, so [`Trainer::extend`] goes back to it.
    before_last: Option<Progress>,
}

impl Trainer {
    /// Validates `config` and sets up its run: [`Trainer::from_setup`] of
    /// [`Setup::new`].
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        Trainer::from_setup(Setup::new(config.clone())?)
    }

    /// Sets up the run of a validated configuration, with the target it
    /// carries (not parsed again), once it passes what a run needs beyond
    /// validation ([`Setup::check_training`]): the initial weights from the
    /// init stream, the training set (if the mode has one) from the data
    /// stream, the test set from the test stream.
    pub fn from_setup(setup: Setup) -> Result<Self, ConfigError> {
        setup.check_training()?;
        let (config, target) = (setup.config(), setup.target());
        let inputs = config.inputs();
        let net = Mlp::new(
            config.architecture(),
            config.init,
            &mut Stream::new(config.seed, Purpose::Init),
        );
        let test = TestSet::draw(
            target,
            inputs,
            config.test_n,
            &mut Stream::new(config.seed, Purpose::Test),
        );
        let mut data = Stream::new(config.seed, Purpose::Data);
        let train_set = (config.mode != Mode::Online).then(|| {
            let mut xs = vec![0.0; config.n * config.d];
            inputs.sample(&mut data, &mut xs);
            let mut ys = vec![0.0; config.n];
            target.eval_batch(&xs, config.d, &mut ys);
            (xs, ys)
        });
        let (batch, rows) = match config.mode {
            Mode::Online | Mode::Sgd => (config.batch, config.batch),
            Mode::Gd | Mode::Noisy => (0, FULL_BATCH_CHUNK.min(config.n)),
        };
        let n_params = net.params().len();
        let progress = Progress::new(test.reference().len());
        Ok(Trainer {
            w1_init: net.params()[net.layers()[0].weights.clone()].to_vec(),
            grads: vec![0.0; n_params],
            chunk_grads: vec![0.0; if batch == 0 { n_params } else { 0 }],
            pass: GradientPass {
                ws: net.workspace(rows),
                out_grad: vec![0.0; rows],
            },
            eval_ws: net.workspace(EVAL_CHUNK),
            batch_x: vec![0.0; batch * config.d],
            batch_y: vec![0.0; batch],
            noise: Stream::new(config.seed, Purpose::Noise),
            order: (0..config.n as u32).collect(),
            cursor: config.n,
            inputs,
            net,
            data,
            train_set,
            test,
            step: 0,
            last_train_loss: None,
            progress,
            before_last: None,
            setup,
        })
    }

    /// Starts the run from the given parameters instead of its own
    /// initialisation (same layout as [`Mlp::params`]); the first-layer
    /// drift is measured from them. Everything else (data, test set, noise)
    /// stays as [`Trainer::new`] set it. Only before the first evaluation.
    pub fn start_from(&mut self, params: &[f32]) -> Result<(), ConfigError> {
        if self.progress.evaluated_at.is_some() {
            return Err(ConfigError::new(
                "weights",
                "a run can only start from given weights before it is evaluated",
            ));
        }
        if params.len() != self.net.params().len() {
            return Err(ConfigError::new(
                "weights",
                format!(
                    "{} parameters given, the network has {}",
                    params.len(),
                    self.net.params().len()
                ),
            ));
        }
        self.net.params_mut().copy_from_slice(params);
        let first = self.net.layers()[0].weights.clone();
        self.w1_init = params[first].to_vec();
        Ok(())
    }

    /// The configuration of this run.
    pub fn config(&self) -> &Config {
        self.setup.config()
    }

    /// The parsed target.
    pub fn target(&self) -> &Polynomial {
        self.setup.target()
    }

    /// The validated configuration this run was set up from, with its
    /// target and (computed once when asked) its analysis.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The network in its current state.
    pub fn network(&self) -> &Mlp {
        &self.net
    }

    /// The target's variance on the test set.
    pub fn target_variance(&self) -> f64 {
        self.test.variance()
    }

    /// Whether the run has taken all its steps, diverged, or (with
    /// `stop_learned`) been learned.
    pub fn is_finished(&self) -> bool {
        self.progress.diverged_at.is_some()
            || self.step >= self.setup.config().steps
            || (self.setup.config().stop_learned && self.progress.learned_at.is_some())
    }

    /// Raises the budget by `extra` steps, so that the run goes on from
    /// where it is to what a fresh run with the larger budget reaches, to
    /// the bit: if the run has evaluated its last step off the
    /// `eval_every` grid, that evaluation is taken back (the larger budget
    /// makes none there), and `true` says so. A diverged run stays
    /// finished. The new budget must be a valid `steps`.
    pub fn extend(&mut self, extra: u64) -> Result<bool, ConfigError> {
        if extra == 0 {
            return Ok(false);
        }
        let steps = self.setup.config().steps.saturating_add(extra);
        self.setup.set_steps(steps)?;
        Ok(match self.before_last.take() {
            Some(progress) => {
                self.progress = progress;
                true
            }
            None => false,
        })
    }

    /// Trains for up to `max_steps` more steps (stopping early at the end
    /// of the run) and returns the evaluations made on the way: at step 0,
    /// every `eval_every` steps, at the last step and at divergence.
    pub fn advance(&mut self, max_steps: u64) -> Vec<MetricPoint> {
        let mut points = Vec::new();
        if self.progress.evaluated_at.is_none() {
            points.push(self.evaluate());
        }
        let stop = self
            .step
            .saturating_add(max_steps)
            .min(self.setup.config().steps);
        while self.step < stop && !self.is_finished() {
            self.train_step();
            let on_grid = self.step.is_multiple_of(self.setup.config().eval_every);
            let last = self.step == self.setup.config().steps;
            let diverged = self.progress.diverged_at.is_some();
            if last && !on_grid && !diverged {
                self.before_last = Some(self.progress.clone());
            }
            if on_grid || last || diverged {
                points.push(self.evaluate());
            }
        }
        points
    }

    /// The run's summary so far.
    pub fn summary(&self) -> Summary {
        Summary {
            learned_at: self.progress.learned_at,
            diverged_at: self.progress.diverged_at,
            steps: self.step,
            metrics_hash: self.progress.hash.hex(),
            picked_up_at: self.progress.picked_up_at.clone(),
        }
    }

    fn evaluate(&mut self) -> MetricPoint {
        let point = evaluate(
            &self.net,
            &mut self.eval_ws,
            &self.test,
            self.setup.config().loss,
            &self.w1_init,
            self.step,
            self.last_train_loss,
        );
        self.progress
            .record(&point, &self.test, self.setup.config().threshold);
        point
    }

    /// One optimisation step: the gradient of the mean loss (on a batch or
    /// on the whole training set), then the update of the parameters being
    /// trained at this step.
    fn train_step(&mut self) {
        let loss = match self.setup.config().mode {
            Mode::Online => {
                self.inputs.sample(&mut self.data, &mut self.batch_x);
                self.setup.target().eval_batch(
                    &self.batch_x,
                    self.setup.config().d,
                    &mut self.batch_y,
                );
                self.minibatch_gradient()
            }
            Mode::Sgd => {
                self.gather_minibatch();
                self.minibatch_gradient()
            }
            Mode::Gd | Mode::Noisy => self.full_gradient(),
        };
        let rule = UpdateRule {
            lr: self
                .setup
                .config()
                .schedule
                .rate(self.setup.config().lr, self.step) as f32,
            weight_decay: self.setup.config().weight_decay as f32,
            noisy: (self.setup.config().mode == Mode::Noisy).then_some((
                self.setup.config().clip as f32,
                self.setup.config().noise as f32,
            )),
        };
        let trained = self.trained_range();
        update(
            rule,
            &mut self.net.params_mut()[trained.clone()],
            &self.grads[trained],
            &mut self.noise,
        );
        self.step += 1;
        self.last_train_loss = Some(loss);
        if !loss.is_finite() {
            self.progress.diverged_at = Some(self.step);
        }
    }

    /// The parameters trained at the current step: all of them, or under
    /// layer-wise training the first layer's for the first `layerwise`
    /// steps and every other layer's after.
    fn trained_range(&self) -> Range<usize> {
        let all = 0..self.net.params().len();
        if self.setup.config().layerwise == 0 {
            return all;
        }
        let first = self.net.layers()[0].params();
        if self.step < self.setup.config().layerwise {
            first
        } else {
            first.end..all.end
        }
    }

    /// Copies the next mini-batch of the training set into the batch
    /// buffers, reshuffling the order at the start of every epoch.
    fn gather_minibatch(&mut self) {
        let (xs, ys) = self.train_set.as_ref().expect("sgd has a training set");
        let d = self.setup.config().d;
        for r in 0..self.setup.config().batch {
            if self.cursor == self.order.len() {
                self.data.shuffle(&mut self.order);
                self.cursor = 0;
            }
            let i = self.order[self.cursor] as usize;
            self.cursor += 1;
            self.batch_x[r * d..(r + 1) * d].copy_from_slice(&xs[i * d..(i + 1) * d]);
            self.batch_y[r] = ys[i];
        }
    }

    /// The gradient of the mean loss on the batch buffers.
    fn minibatch_gradient(&mut self) -> f64 {
        let (x, y) = (&self.batch_x, &self.batch_y);
        self.pass.gradient(
            &self.net,
            x,
            y,
            self.setup.config().loss,
            y.len(),
            &mut self.grads,
        )
    }

    /// The gradient of the mean loss over the whole training set, summed
    /// chunk by chunk in order; returns the mean loss.
    fn full_gradient(&mut self) -> f64 {
        let (xs, ys) = self.train_set.as_ref().expect("gd has a training set");
        let (n, d) = (self.setup.config().n, self.setup.config().d);
        self.grads.fill(0.0);
        let mut loss = 0.0;
        for (x, y) in xs
            .chunks(FULL_BATCH_CHUNK * d)
            .zip(ys.chunks(FULL_BATCH_CHUNK))
        {
            loss += self.pass.gradient(
                &self.net,
                x,
                y,
                self.setup.config().loss,
                n,
                &mut self.chunk_grads,
            );
            for (s, g) in self.grads.iter_mut().zip(&self.chunk_grads) {
                *s += g;
            }
        }
        loss
    }
}
