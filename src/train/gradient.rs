//! The gradient of one batch's loss: a forward and a backward pass through
//! the network, with the buffers they need, allocated once.

use crate::method::Loss;
use crate::nn::{Mlp, Workspace};

/// The buffers of one forward and backward pass.
pub(super) struct GradientPass {
    pub(super) ws: Workspace,
    pub(super) out_grad: Vec<f32>,
}

impl GradientPass {
    /// Forward and backward on inputs `x` with targets `y`, each sample's
    /// loss weighted `1/denominator`: writes the gradient of
    /// `Σ_b ℓ(f_θ(x_b), y_b) / denominator` to `grads` and returns that sum.
    pub(super) fn gradient(
        &mut self,
        net: &Mlp,
        x: &[f32],
        y: &[f32],
        loss: Loss,
        denominator: usize,
        grads: &mut [f32],
    ) -> f64 {
        let outs = net.forward(x, &mut self.ws);
        let scale = 1.0 / denominator as f32;
        let mut total = 0.0;
        for ((g, &f), &t) in self.out_grad.iter_mut().zip(outs).zip(y) {
            total += loss.value(f, t);
            *g = loss.derivative(f, t) * scale;
        }
        net.backward(x, &self.out_grad[..y.len()], &mut self.ws, grads);
        total / denominator as f64
    }
}
