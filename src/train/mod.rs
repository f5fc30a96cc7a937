//! Training: losses, learning-rate schedules, the optimiser step (SGD,
//! weight decay, clipping and noise) and the run loop.

mod loss;
mod optimizer;
mod run;
mod schedule;

pub use loss::Loss;
pub use optimizer::{update, UpdateRule};
pub use run::{Summary, Trainer};
pub use schedule::Schedule;

/// How each step's gradient is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Online SGD: a fresh batch from the input distribution every step.
    Online,
    /// Mini-batch SGD over a fixed training set of `n` samples, reshuffled
    /// at the start of every epoch.
    Sgd,
    /// Full-batch gradient descent on the training set.
    Gd,
    /// Noisy GD (the seed paper's model): full-batch gradient, each
    /// coordinate clipped to `[−A, A]`, plus fresh `N(0, τ²)` noise:
    /// `θ ← θ − η·clip(∇L(θ), A) + N(0, τ²I)`.
    Noisy,
}

impl Mode {
    /// Every mode, in the order the query string lists them.
    pub const ALL: [Mode; 4] = [Mode::Online, Mode::Sgd, Mode::Gd, Mode::Noisy];
}
