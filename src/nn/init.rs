//! Initialisation schemes for weights and biases.

use crate::rng::Stream;

/// How a layer's weights (and biases) are drawn, each entry independently,
/// for a layer with `fan_in` inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// `N(0, 1/fan_in)`.
    Gaussian,
    /// `±1/√fan_in` with equal probability.
    Rademacher,
    /// `(±1 + σ·N(0,1)) / √fan_in`: Rademacher plus a Gaussian perturbation
    /// of relative scale `σ`.
    RademacherGaussian {
        /// The perturbation's scale `σ`.
        sigma: f64,
    },
    /// `U(−1/√fan_in, 1/√fan_in)`: PyTorch's `nn.Linear` default for both
    /// weights and biases.
    Uniform,
}

impl Init {
    /// One draw for a layer with `fan_in` inputs.
    pub fn draw(self, fan_in: usize, stream: &mut Stream) -> f32 {
        let scale = 1.0 / (fan_in as f64).sqrt();
        let unit = match self {
            Init::Gaussian => stream.gaussian(),
            Init::Rademacher => rademacher(stream),
            Init::RademacherGaussian { sigma } => rademacher(stream) + sigma * stream.gaussian(),
            Init::Uniform => 2.0 * stream.uniform() - 1.0,
        };
        (unit * scale) as f32
    }
}

fn rademacher(stream: &mut Stream) -> f64 {
    if stream.next_u64() >> 63 == 1 {
        1.0
    } else {
        -1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Purpose;

    #[test]
    fn scales_follow_fan_in() {
        let mut s = Stream::new(0, Purpose::Init);
        let n = 40_000;
        for init in [Init::Gaussian, Init::Rademacher, Init::Uniform] {
            let draws: Vec<f64> = (0..n).map(|_| f64::from(init.draw(25, &mut s))).collect();
            let var = draws.iter().map(|w| w * w).sum::<f64>() / n as f64;
            let max = draws.iter().fold(0.0f64, |m, w| m.max(w.abs()));
            match init {
                // variance 1/25 = 0.04 (uniform: 1/(3·25))
                Init::Gaussian => assert!((var - 0.04).abs() < 0.002, "{var}"),
                Init::Rademacher => {
                    assert!(draws.iter().all(|w| (w.abs() - 0.2).abs() < 1e-6))
                }
                Init::Uniform => {
                    assert!((var - 0.04 / 3.0).abs() < 0.0005, "{var}");
                    assert!(max <= 0.2);
                }
                Init::RademacherGaussian { .. } => unreachable!(),
            }
        }
        let perturbed = Init::RademacherGaussian { sigma: 0.1 };
        let draws: Vec<f64> = (0..n)
            .map(|_| f64::from(perturbed.draw(1, &mut s)))
            .collect();
        let off = draws.iter().map(|w| (w.abs() - 1.0).powi(2)).sum::<f64>() / n as f64;
        assert!((off - 0.01).abs() < 0.001, "{off}");
    }
}
