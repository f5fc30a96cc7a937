//! What a run's evaluations have found so far: the hash of every metric,
//! the step at which it was learned or diverged, and the steps at which
//! each monomial of the target was picked up.

use crate::metrics::{MetricPoint, MetricsHash, TestSet};

/// The findings of a run's evaluations, updated by each one in turn.
#[derive(Clone, Debug, Default)]
pub(super) struct Progress {
    /// The [`MetricsHash`] of every evaluation so far.
    pub hash: MetricsHash,
    /// The step of the last evaluation, if any.
    pub evaluated_at: Option<u64>,
    /// The first evaluated step with test MSE ≤ threshold × Var(f).
    pub learned_at: Option<u64>,
    /// The step at which the loss or the weights stopped being finite.
    pub diverged_at: Option<u64>,
    /// Per monomial of the target, the first evaluated step at which it
    /// was picked up ([`TestSet::picked_up`]).
    pub picked_up_at: Vec<Option<u64>>,
}

impl Progress {
    /// Nothing found yet, for a target of `monomials` monomials.
    pub fn new(monomials: usize) -> Progress {
        Progress {
            picked_up_at: vec![None; monomials],
            ..Progress::default()
        }
    }

    /// Takes in the evaluation `point`, made on `test`: it is hashed, and
    /// marks the run diverged if a metric is not finite, learned if its
    /// test MSE is at most `threshold` × Var(f) (before any divergence),
    /// and each monomial picked up that has reached half its coefficient.
    pub fn record(&mut self, point: &MetricPoint, test: &TestSet, threshold: f64) {
        point.hash_into(&mut self.hash);
        self.evaluated_at = Some(point.step);
        if !point.is_finite() && self.diverged_at.is_none() {
            self.diverged_at = Some(point.step);
        }
        if self.diverged_at.is_some() {
            return;
        }
        if point.test_mse <= threshold * test.variance() && self.learned_at.is_none() {
            self.learned_at = Some(point.step);
        }
        for (at, now) in self
            .picked_up_at
            .iter_mut()
            .zip(test.picked_up(&point.coeffs))
        {
            if now && at.is_none() {
                *at = Some(point.step);
            }
        }
    }
}
