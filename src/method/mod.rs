//! How a network is trained, as a configuration names it: the loss, the
//! mode (how each step's gradient is formed) and the learning-rate
//! schedule. Both `config` (which reads and writes them) and `train`
//! (which follows them) look down at this module.

mod loss;
mod schedule;

pub use loss::Loss;
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
