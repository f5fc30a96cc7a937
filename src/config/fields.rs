//! The configuration's fields: their names, what they mean, what values
//! they allow, and how each is read from and written as text.

use super::{Config, ConfigError};
use crate::data::Domain;
use crate::method::{Loss, Mode, Schedule};
use crate::nn::{Activation, Init, OutputScale};

/// The values a field allows.
#[derive(Clone, Copy, Debug)]
pub enum Allowed {
    /// A whole number in `min..=max`.
    Integer {
        /// Smallest value.
        min: u64,
        /// Largest value.
        max: u64,
    },
    /// A finite number from `min` to `max`; `open` excludes both ends.
    Number {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
        /// Whether the ends themselves are excluded.
        open: bool,
    },
    /// One of the listed words.
    OneOf(&'static [&'static str]),
    /// `0` or `1`, exactly (as the help says; `true`, `yes` and the like
    /// are refused).
    Flag,
    /// Free text of at most this many characters.
    Text(usize),
    /// A call-like form, described in words.
    Form(&'static str),
}

/// One configuration field: its query-string name, its meaning, its range.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// The name in the query string.
    pub name: &'static str,
    /// What the field means.
    pub about: &'static str,
    /// What values it allows.
    pub allowed: Allowed,
}

impl FieldSpec {
    /// The allowed values in words, e.g. `a whole number from 1 to 4096`.
    pub fn allowed_text(&self) -> String {
        match self.allowed {
            Allowed::Integer { min, max } => format!("a whole number from {min} to {max}"),
            Allowed::Number { min, max, open } => {
                let (lower, upper) = if open { (">", "<") } else { ("≥", "≤") };
                format!("a number {lower} {min} and {upper} {max}")
            }
            Allowed::OneOf(words) => format!("one of {}", words.join(", ")),
            Allowed::Flag => "0 or 1".to_string(),
            Allowed::Text(n) => format!("text of at most {n} characters"),
            Allowed::Form(words) => words.to_string(),
        }
    }
}

const INIT_FORMS: &str = "uniform, gaussian, rademacher or rademacher-gaussian(σ) with 0 ≤ σ ≤ 10";
const SCHEDULE_FORMS: &str =
    "constant or step(every,factor): multiply the rate by factor (0 < factor ≤ 1) every `every` ≥ 1 steps";
const OUTPUT_SCALES: [&str; 3] = ["none", "mean-field", "standard"];
const MODES: [&str; 4] = ["online", "sgd", "gd", "noisy"];
const MAX_STEPS: u64 = 1_000_000_000;

/// Every field, in the order the query string writes them.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec { name: "target", about: "target function, e.g. staircase(4), parity(3), x1 + 0.5*x1x2", allowed: Allowed::Text(2000) },
    FieldSpec { name: "d", about: "input dimension", allowed: Allowed::Integer { min: 1, max: 4096 } },
    FieldSpec { name: "domain", about: "inputs: the hypercube {-1,+1}^d, the standard Gaussian N(0, I), or the sphere of radius √d", allowed: Allowed::OneOf(&Domain::NAMES) },
    FieldSpec { name: "p", about: "P(x_i = +1) of hypercube inputs (0.5 = uniform)", allowed: Allowed::Number { min: 0.0, max: 1.0, open: true } },
    FieldSpec { name: "depth", about: "weight layers (2 = one hidden layer)", allowed: Allowed::Integer { min: 2, max: 8 } },
    FieldSpec { name: "width", about: "width of each hidden layer", allowed: Allowed::Integer { min: 1, max: 8192 } },
    FieldSpec { name: "act", about: "hidden activation", allowed: Allowed::OneOf(&["relu", "tanh", "sigmoid", "softplus", "quadratic"]) },
    FieldSpec { name: "scale", about: "output multiplier: 1, 1/width (mean-field) or 1/√width (standard)", allowed: Allowed::OneOf(&OUTPUT_SCALES) },
    FieldSpec { name: "init", about: "initialisation of weights and biases, scaled by 1/√fan-in", allowed: Allowed::Form(INIT_FORMS) },
    FieldSpec { name: "hidden_bias", about: "biases in the hidden layers", allowed: Allowed::Flag },
    FieldSpec { name: "output_bias", about: "bias in the output layer", allowed: Allowed::Flag },
    FieldSpec { name: "loss", about: "training loss; square is (f − y)², as PyTorch's MSELoss, not the ½(f − y)² of the theory papers", allowed: Allowed::OneOf(&["square", "hinge", "logistic", "correlation"]) },
    FieldSpec { name: "mode", about: "online SGD (fresh batch each step), sgd over a fixed set of n, full-batch gd, noisy (clipped) gd", allowed: Allowed::OneOf(&MODES) },
    FieldSpec { name: "batch", about: "mini-batch size (online, sgd)", allowed: Allowed::Integer { min: 1, max: 65536 } },
    FieldSpec { name: "n", about: "training-set size (sgd, gd, noisy)", allowed: Allowed::Integer { min: 1, max: 1_000_000 } },
    FieldSpec { name: "lr", about: "learning rate; with the square loss (f − y)² it is twice the rate of the ½(f − y)² convention (lr=0.05 here is 0.1 there)", allowed: Allowed::Number { min: 0.0, max: 1000.0, open: true } },
    FieldSpec { name: "schedule", about: "learning-rate schedule", allowed: Allowed::Form(SCHEDULE_FORMS) },
    FieldSpec { name: "wd", about: "weight decay λ (adds λθ to the gradient)", allowed: Allowed::Number { min: 0.0, max: 100.0, open: false } },
    FieldSpec { name: "clip", about: "noisy gd: clip each gradient coordinate to [−clip, clip]", allowed: Allowed::Number { min: 0.0, max: 1e6, open: true } },
    FieldSpec { name: "noise", about: "noisy gd: standard deviation of the Gaussian noise per step", allowed: Allowed::Number { min: 0.0, max: 100.0, open: false } },
    FieldSpec { name: "layerwise", about: "train the first layer alone for this many steps, then the others (0 = off)", allowed: Allowed::Integer { min: 0, max: MAX_STEPS } },
    FieldSpec { name: "steps", about: "training steps", allowed: Allowed::Integer { min: 0, max: MAX_STEPS } },
    FieldSpec { name: "eval_every", about: "evaluate on the test set every this many steps", allowed: Allowed::Integer { min: 1, max: MAX_STEPS } },
    FieldSpec { name: "test_n", about: "test-set size", allowed: Allowed::Integer { min: 16, max: 1 << 20 } },
    FieldSpec { name: "threshold", about: "learned when test MSE ≤ threshold × Var(f)", allowed: Allowed::Number { min: 0.0, max: 1.0, open: true } },
    FieldSpec { name: "stop_learned", about: "end the run at the first evaluation where it counts as learned", allowed: Allowed::Flag },
    FieldSpec { name: "seed", about: "seed of every random stream", allowed: Allowed::Integer { min: 0, max: u64::MAX } },
];

/// The spec of the field called `name`.
pub fn spec(name: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.name == name)
}

impl Config {
    /// The canonical text of field `name` (which must be in [`FIELDS`]).
    pub fn field_text(&self, name: &str) -> String {
        match name {
            "target" => self.target.clone(),
            "d" => self.d.to_string(),
            "domain" => self.domain.name().to_string(),
            "p" => self.p.to_string(),
            "depth" => self.depth.to_string(),
            "width" => self.width.to_string(),
            "act" => self.activation.name().to_string(),
            "scale" => OUTPUT_SCALES[self.output_scale as usize].to_string(),
            "init" => match self.init {
                Init::Uniform => "uniform".to_string(),
                Init::Gaussian => "gaussian".to_string(),
                Init::Rademacher => "rademacher".to_string(),
                Init::RademacherGaussian { sigma } => format!("rademacher-gaussian({sigma})"),
            },
            "hidden_bias" => u8::from(self.hidden_bias).to_string(),
            "output_bias" => u8::from(self.output_bias).to_string(),
            "loss" => self.loss.name().to_string(),
            "mode" => MODES[self.mode as usize].to_string(),
            "batch" => self.batch.to_string(),
            "n" => self.n.to_string(),
            "lr" => self.lr.to_string(),
            "schedule" => match self.schedule {
                Schedule::Constant => "constant".to_string(),
                Schedule::Step { every, factor } => format!("step({every},{factor})"),
            },
            "wd" => self.weight_decay.to_string(),
            "clip" => self.clip.to_string(),
            "noise" => self.noise.to_string(),
            "layerwise" => self.layerwise.to_string(),
            "steps" => self.steps.to_string(),
            "eval_every" => self.eval_every.to_string(),
            "test_n" => self.test_n.to_string(),
            "threshold" => self.threshold.to_string(),
            "stop_learned" => u8::from(self.stop_learned).to_string(),
            "seed" => self.seed.to_string(),
            other => unreachable!("field_text of unknown field {other}"),
        }
    }

    /// Sets field `spec` from `text`, checking it against the field's range.
    pub fn set_field(&mut self, spec: &FieldSpec, text: &str) -> Result<(), ConfigError> {
        let int = || read_integer(spec, text);
        let num = || read_number(spec, text);
        let word = || read_choice(spec, text);
        match spec.name {
            "target" => self.target = read_text(spec, text)?,
            "d" => self.d = int()? as usize,
            "domain" => self.domain = Domain::ALL[word()?],
            "p" => self.p = num()?,
            "depth" => self.depth = int()? as usize,
            "width" => self.width = int()? as usize,
            "act" => self.activation = Activation::ALL[word()?],
            "scale" => {
                self.output_scale = [
                    OutputScale::None,
                    OutputScale::MeanField,
                    OutputScale::Standard,
                ][word()?]
            }
            "init" => self.init = read_init(spec, text)?,
            "hidden_bias" => self.hidden_bias = read_flag(spec, text)?,
            "output_bias" => self.output_bias = read_flag(spec, text)?,
            "loss" => self.loss = Loss::ALL[word()?],
            "mode" => self.mode = Mode::ALL[word()?],
            "batch" => self.batch = int()? as usize,
            "n" => self.n = int()? as usize,
            "lr" => self.lr = num()?,
            "schedule" => self.schedule = read_schedule(spec, text)?,
            "wd" => self.weight_decay = num()?,
            "clip" => self.clip = num()?,
            "noise" => self.noise = num()?,
            "layerwise" => self.layerwise = int()?,
            "steps" => self.steps = int()?,
            "eval_every" => self.eval_every = int()?,
            "test_n" => self.test_n = int()? as usize,
            "threshold" => self.threshold = num()?,
            "stop_learned" => self.stop_learned = read_flag(spec, text)?,
            "seed" => self.seed = int()?,
            other => unreachable!("set_field of unknown field {other}"),
        }
        Ok(())
    }
}

fn invalid(spec: &FieldSpec, text: &str) -> ConfigError {
    ConfigError::new(
        spec.name,
        format!(
            "{} is not allowed; {} must be {}",
            quote(text),
            spec.name,
            spec.allowed_text()
        ),
    )
}

/// `text` in quotes, shortened to 40 characters so a hostile value cannot
/// flood a message.
fn quote(text: &str) -> String {
    format!("\"{}\"", super::clipped(text))
}

fn read_integer(spec: &FieldSpec, text: &str) -> Result<u64, ConfigError> {
    let Allowed::Integer { min, max } = spec.allowed else {
        unreachable!("{} is not an integer field", spec.name)
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(spec, text));
    }
    match text.parse::<u64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(invalid(spec, text)),
    }
}

fn read_number(spec: &FieldSpec, text: &str) -> Result<f64, ConfigError> {
    let Allowed::Number { min, max, open } = spec.allowed else {
        unreachable!("{} is not a number field", spec.name)
    };
    let ok_chars = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    match text.parse::<f64>() {
        Ok(v) if ok_chars && v.is_finite() && within(v, min, max, open) => Ok(v),
        _ => Err(invalid(spec, text)),
    }
}

fn within(v: f64, min: f64, max: f64, open: bool) -> bool {
    if open {
        min < v && v < max
    } else {
        min <= v && v <= max
    }
}

fn read_choice(spec: &FieldSpec, text: &str) -> Result<usize, ConfigError> {
    let Allowed::OneOf(words) = spec.allowed else {
        unreachable!("{} is not a choice field", spec.name)
    };
    words
        .iter()
        .position(|w| *w == text)
        .ok_or_else(|| invalid(spec, text))
}

fn read_flag(spec: &FieldSpec, text: &str) -> Result<bool, ConfigError> {
    match text {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(invalid(spec, text)),
    }
}

fn read_text(spec: &FieldSpec, text: &str) -> Result<String, ConfigError> {
    let Allowed::Text(max) = spec.allowed else {
        unreachable!("{} is not a text field", spec.name)
    };
    if text.chars().count() > max {
        return Err(ConfigError::new(
            spec.name,
            format!(
                "{} is too long; {} must be {}",
                quote(text),
                spec.name,
                spec.allowed_text()
            ),
        ));
    }
    Ok(text.to_string())
}

/// Splits `name(a,b)` into `name` and its arguments; `name` alone has none.
fn split_call(text: &str) -> Option<(&str, Vec<&str>)> {
    match text.split_once('(') {
        None => Some((text, Vec::new())),
        Some((name, rest)) => {
            let inner = rest.strip_suffix(')')?;
            Some((name, inner.split(',').map(str::trim).collect()))
        }
    }
}

fn read_init(spec: &FieldSpec, text: &str) -> Result<Init, ConfigError> {
    let bad = || invalid(spec, text);
    match split_call(text).ok_or_else(bad)? {
        ("uniform", a) if a.is_empty() => Ok(Init::Uniform),
        ("gaussian", a) if a.is_empty() => Ok(Init::Gaussian),
        ("rademacher", a) if a.is_empty() => Ok(Init::Rademacher),
        ("rademacher-gaussian", a) if a.len() == 1 => {
            let sigma: f64 = a[0].parse().map_err(|_| bad())?;
            if (0.0..=10.0).contains(&sigma) {
                Ok(Init::RademacherGaussian { sigma })
            } else {
                Err(bad())
            }
        }
        _ => Err(bad()),
    }
}

fn read_schedule(spec: &FieldSpec, text: &str) -> Result<Schedule, ConfigError> {
    let bad = || invalid(spec, text);
    match split_call(text).ok_or_else(bad)? {
        ("constant", a) if a.is_empty() => Ok(Schedule::Constant),
        ("step", a) if a.len() == 2 => {
            let every: u64 = a[0].parse().map_err(|_| bad())?;
            let factor: f64 = a[1].parse().map_err(|_| bad())?;
            if every >= 1 && factor > 0.0 && factor <= 1.0 {
                Ok(Schedule::Step { every, factor })
            } else {
                Err(bad())
            }
        }
        _ => Err(bad()),
    }
}
