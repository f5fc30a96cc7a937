//! The parameter update of one step.

use crate::nn::kernels::for_chunks;
use crate::rng::Stream;

/// The update applied to each trained parameter `θ` with gradient `g`:
/// `g' = g + λθ`; under noisy GD `g' ← clip(g', A)`; then
/// `θ ← θ − η g'`; under noisy GD `θ ← θ + τ·N(0,1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdateRule {
    /// Learning rate `η` of this step.
    pub lr: f32,
    /// Weight decay `λ`.
    pub weight_decay: f32,
    /// Noisy GD's clip `A` and noise `τ`, if this is noisy GD.
    pub noisy: Option<(f32, f32)>,
}

/// Applies `rule` to `params` with gradients `grads` (same length); noise,
/// if any, is drawn from `noise` in parameter order.
pub fn update(rule: UpdateRule, params: &mut [f32], grads: &[f32], noise: &mut Stream) {
    match rule.noisy {
        None => for_chunks(params, 1, 1, &|start, params| {
            for (p, g) in params.iter_mut().zip(&grads[start..]) {
                *p -= rule.lr * (g + rule.weight_decay * *p);
            }
        }),
        Some((clip, tau)) => {
            for (p, g) in params.iter_mut().zip(grads) {
                let step = (g + rule.weight_decay * *p).clamp(-clip, clip);
                *p = *p - rule.lr * step + tau * noise.gaussian() as f32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Purpose;

    #[test]
    fn plain_step_with_weight_decay() {
        let mut p = [1.0f32, -2.0];
        let rule = UpdateRule {
            lr: 0.5,
            weight_decay: 0.1,
            noisy: None,
        };
        update(
            rule,
            &mut p,
            &[0.2, 0.4],
            &mut Stream::new(0, Purpose::Noise),
        );
        // 1 − 0.5·(0.2 + 0.1) = 0.85; −2 − 0.5·(0.4 − 0.2) = −2.1
        assert!(
            (p[0] - 0.85).abs() < 1e-6 && (p[1] + 2.1).abs() < 1e-6,
            "{p:?}"
        );
    }

    #[test]
    fn noisy_step_clips_then_adds_noise_of_scale_tau() {
        let n = 20_000;
        let mut p = vec![0.0f32; n];
        let g = vec![5.0f32; n];
        let rule = UpdateRule {
            lr: 0.1,
            weight_decay: 0.0,
            noisy: Some((1.0, 0.01)),
        };
        update(rule, &mut p, &g, &mut Stream::new(0, Purpose::Noise));
        // mean −0.1 (clipped gradient 1), spread 0.01
        let mean = p.iter().map(|&x| f64::from(x)).sum::<f64>() / n as f64;
        let sd = (p
            .iter()
            .map(|&x| (f64::from(x) - mean).powi(2))
            .sum::<f64>()
            / n as f64)
            .sqrt();
        assert!((mean + 0.1).abs() < 5e-4, "{mean}");
        assert!((sd - 0.01).abs() < 5e-4, "{sd}");
    }
}
