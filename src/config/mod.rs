//! The one configuration type of a run, its defaults and its validation.
//! Its text form (a versioned query string) is read by [`Config::from_query`] and written by [`Config::to_query`].

mod budget;
mod fields;
mod labels;
mod query;
mod setup;

pub use budget::{Cost, MAX_BYTES, MAX_SETUP_WORK, MAX_WORK_PER_STEP};
pub(crate) use fields::spec;
pub use fields::{Allowed, FieldSpec, FIELDS};
pub use labels::label;
pub(crate) use query::{check_version, clipped, escape_control, short, SeenKeys};
pub use query::{
    decode_component, encode_component, query_pairs, query_pieces, require_version, QUERY_VERSION,
};
pub use setup::Setup;

use crate::data::{Domain, Hypercube, Inputs};
use crate::method::{Loss, Mode, Schedule};
use crate::nn::{Activation, Architecture, Init, OutputScale};
use crate::target::{analyze_on, check_harmonic_work, parse_target_on, Analysis, Polynomial};
use std::fmt;

/// Everything that determines a run. Two equal configurations give
/// bit-identical runs on every target.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The target function, as text (see the target parser).
    pub target: String,
    /// Input dimension `d`.
    pub d: usize,
    /// Where the inputs live: the hypercube, the Gaussian or the sphere.
    pub domain: Domain,
    /// `P(x_i = +1)` of hypercube inputs (`0.5` = uniform, the only value
    /// on the other domains).
    pub p: f64,
    /// Number of weight layers (`2` = one hidden layer).
    pub depth: usize,
    /// Width of every hidden layer.
    pub width: usize,
    /// Hidden activation.
    pub activation: Activation,
    /// Output multiplier: none, mean-field `1/m`, standard `1/√m`.
    pub output_scale: OutputScale,
    /// Initialisation of weights and biases.
    pub init: Init,
    /// Whether hidden layers have biases.
    pub hidden_bias: bool,
    /// Whether the output layer has a bias.
    pub output_bias: bool,
    /// Training loss.
    pub loss: Loss,
    /// Training mode.
    pub mode: Mode,
    /// Mini-batch size (online and mini-batch SGD).
    pub batch: usize,
    /// Training-set size (mini-batch SGD, full-batch GD, noisy GD).
    pub n: usize,
    /// Base learning rate `η`.
    pub lr: f64,
    /// Learning-rate schedule.
    pub schedule: Schedule,
    /// Weight decay `λ` (adds `λθ` to the gradient).
    pub weight_decay: f64,
    /// Noisy GD: each gradient coordinate is clipped to `[−A, A]`.
    pub clip: f64,
    /// Noisy GD: standard deviation `τ` of the noise added per step.
    pub noise: f64,
    /// Layer-wise training: the first layer alone for this many steps, then
    /// the other layers (0 = all layers throughout).
    pub layerwise: u64,
    /// Number of training steps.
    pub steps: u64,
    /// Evaluate on the test set every this many steps.
    pub eval_every: u64,
    /// Test-set size.
    pub test_n: usize,
    /// Learned when test MSE ≤ threshold × Var(f).
    pub threshold: f64,
    /// Whether the run ends at the first evaluation where it is learned
    /// (what a sweep measuring steps-to-learn wants).
    pub stop_learned: bool,
    /// Seed of every random stream of the run.
    pub seed: u64,
}

impl Default for Config {
    /// The default experiment: `staircase(4)` at d = 50 on a two-layer ReLU
    /// network of width 256 with PyTorch's default initialisation and no
    /// output bias, online SGD with batch 64 and learning rate 0.1 on the
    /// square loss.
    fn default() -> Self {
        Config {
            target: "staircase(4)".to_string(),
            d: 50,
            domain: Domain::Cube,
            p: 0.5,
            depth: 2,
            width: 256,
            activation: Activation::Relu,
            output_scale: OutputScale::None,
            init: Init::Uniform,
            hidden_bias: true,
            output_bias: false,
            loss: Loss::Square,
            mode: Mode::Online,
            batch: 64,
            n: 4096,
            lr: 0.1,
            schedule: Schedule::Constant,
            weight_decay: 0.0,
            clip: 1.0,
            noise: 0.01,
            layerwise: 0,
            steps: 5000,
            eval_every: 50,
            test_n: 2048,
            threshold: 0.1,
            stop_learned: false,
            seed: 0,
        }
    }
}

/// The largest `Σ|a_S|` of a target a run accepts: its values and their
/// squares summed over the largest test set (2²⁰ samples) stay well within
/// `f32` (`(10^15)² · 2²⁰ ≈ 10^36 < 3.4 · 10^38`).
pub const MAX_TARGET_SCALE: f64 = 1e15;

/// A configuration value that is not allowed: which field, the value, and
/// what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The field's query-string name (`d`, `lr`, …).
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl ConfigError {
    /// An error about `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Checks the relations between fields that single-field ranges cannot
    /// (the target's variables within `d` and its terms allowed on the
    /// domain, a bias only on the hypercube, the layer-wise switch within
    /// the run, the run's memory, work per step and set-up work within
    /// budget) and returns the parsed target.
    pub fn validate(&self) -> Result<Polynomial, ConfigError> {
        let target = self.validate_target()?;
        self.check_budget(&target)?;
        Ok(target)
    }

    /// Everything [`Config::validate`] checks except the run's own budget
    /// (the network, the training and test sets), which an analysis does
    /// not build: the fields' relations and the target, parsed within the
    /// parser's limits and, on the sphere, with a harmonic decomposition
    /// within [`MAX_HARMONIC_WORK`](crate::target::MAX_HARMONIC_WORK) (the
    /// test set's variance and second moments need it). Returns the parsed
    /// target.
    pub fn validate_target(&self) -> Result<Polynomial, ConfigError> {
        if self.domain.is_continuous() && self.p != 0.5 {
            return Err(ConfigError::new(
                "p",
                format!(
                    "{} is a bias of hypercube inputs; with domain={} the inputs have none, \
                     so p must stay 0.5",
                    self.p, self.domain
                ),
            ));
        }
        let target = parse_target_on(&self.target, self.d, self.domain)
            .map_err(|e| ConfigError::new("target", e.to_string()))?;
        if self.domain == Domain::Sphere {
            check_harmonic_work(&target, "on the sphere")
                .map_err(|e| ConfigError::new("target", e.to_string()))?;
        }
        if self.layerwise > self.steps {
            return Err(ConfigError::new(
                "layerwise",
                format!(
                    "{} is more than steps = {}: the first layer's phase must fit in the run (0 ≤ layerwise ≤ steps)",
                    self.layerwise, self.steps
                ),
            ));
        }
        Ok(target)
    }

    /// [`Config::validate`], and what a run (not an analysis) needs beyond
    /// it: a target with something to learn (not a constant, which would
    /// count as learned or not by rounding alone) and values that 32-bit
    /// training can hold (`Σ|a_S|`, a bound on `|f|` on the hypercube, at
    /// most [`MAX_TARGET_SCALE`], so that a batch's square loss stays
    /// finite). Returns the parsed target.
    pub fn validate_training(&self) -> Result<Polynomial, ConfigError> {
        let target = self.validate()?;
        self.check_trainable(&target)?;
        Ok(target)
    }

    /// The checks of [`Config::validate_training`] beyond
    /// [`Config::validate`], on this configuration's parsed `target`.
    pub(crate) fn check_trainable(&self, target: &Polynomial) -> Result<(), ConfigError> {
        if target.degree() == 0 {
            return Err(ConfigError::new(
                "target",
                format!(
                    "\"{}\" is the constant {target}: there is nothing to learn; \
                     a run needs a target that depends on x1 … xd",
                    short(&self.target)
                ),
            ));
        }
        let scale: f64 = target.terms().iter().map(|t| t.coeff.abs()).sum();
        if scale.is_nan() || scale > MAX_TARGET_SCALE {
            return Err(ConfigError::new(
                "target",
                format!(
                    "its values reach up to {scale:e} (the sum of its coefficients' sizes), \
                     too large to train in 32-bit floats, where a batch's square loss would \
                     overflow; scale it down so that sum is at most {MAX_TARGET_SCALE:e}"
                ),
            ));
        }
        Ok(())
    }

    /// The network's architecture.
    pub fn architecture(&self) -> Architecture {
        Architecture {
            d: self.d,
            depth: self.depth,
            width: self.width,
            activation: self.activation,
            output_scale: self.output_scale,
            hidden_bias: self.hidden_bias,
            output_bias: self.output_bias,
        }
    }

    /// The input distribution.
    pub fn inputs(&self) -> Inputs {
        match self.domain {
            Domain::Cube => Inputs::Hypercube(Hypercube {
                d: self.d,
                p: self.p,
            }),
            Domain::Gaussian => Inputs::Gaussian { d: self.d },
            Domain::Sphere => Inputs::Sphere { d: self.d },
        }
    }

    /// The analysis of this run's target on its domain, under the symmetry
    /// group of its inputs and initialisation (`O(d)` needs a Gaussian
    /// initialisation: every other one draws i.i.d. non-Gaussian entries,
    /// invariant only under signed permutations).
    /// Checked as [`Config::validate_target`] (an analysis builds no test
    /// set), and the analysis's own work is bounded before it is done.
    pub fn analysis(&self) -> Result<Analysis, ConfigError> {
        let target = self.validate_target()?;
        analyze_on(
            &target,
            self.domain,
            self.d,
            self.p,
            self.init == Init::Gaussian,
        )
        .map_err(|e| ConfigError::new("target", e.to_string()))
    }
}

/// The analysis of the default configuration with the given fields set
/// from text, in order (each within its range), checked as
/// [`Config::analysis`] checks (no run budget, since an analysis trains
/// nothing) with its target parsed once: what `leaplab analyze` prints.
pub fn checked_analysis(fields: &[(&str, String)]) -> Result<Analysis, ConfigError> {
    with_fields(fields)?.analysis()
}

/// The default configuration with the given fields set from text, in
/// order, each within its range (not yet validated as a whole).
fn with_fields(fields: &[(&str, String)]) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    for (name, text) in fields {
        let field = fields::spec(name).ok_or_else(|| ConfigError::new(name, "is not a field"))?;
        config.set_field(field, text)?;
    }
    Ok(config)
}
