//! Activation functions `σ` and their derivatives, from `libm` so every
//! target computes the same bits.

/// A pointwise activation function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// `max(z, 0)`; derivative 1 for `z > 0`, else 0.
    Relu,
    /// `tanh z`; derivative `1 − tanh² z`.
    Tanh,
    /// `1 / (1 + e^{−z})`; derivative `σ(z)(1 − σ(z))`.
    Sigmoid,
    /// `ln(1 + e^z)`, computed stably as `max(z, 0) + ln(1 + e^{−|z|})`;
    /// derivative `1 / (1 + e^{−z})`.
    Softplus,
    /// `z²`; derivative `2z`.
    Quadratic,
}

impl Activation {
    /// Every activation, in the order the query string lists them.
    pub const ALL: [Activation; 5] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Softplus,
        Activation::Quadratic,
    ];

    /// The name used in configurations (`relu`, `tanh`, …).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Softplus => "softplus",
            Activation::Quadratic => "quadratic",
        }
    }

    /// `σ(z)`.
    pub fn apply(self, z: f32) -> f32 {
        match self {
            Activation::Relu => z.max(0.0),
            Activation::Tanh => libm::tanhf(z),
            Activation::Sigmoid => sigmoid(z),
            Activation::Softplus => z.max(0.0) + libm::log1pf(libm::expf(-z.abs())),
            Activation::Quadratic => z * z,
        }
    }

    /// `σ'(z)`, the derivative at the pre-activation `z`.
    pub fn derivative(self, z: f32) -> f32 {
        match self {
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Tanh => {
                let t = libm::tanhf(z);
                1.0 - t * t
            }
            Activation::Sigmoid => {
                let s = sigmoid(z);
                s * (1.0 - s)
            }
            Activation::Softplus => sigmoid(z),
            Activation::Quadratic => 2.0 * z,
        }
    }
}

/// The logistic function `1 / (1 + e^{−z})`, evaluated without overflow.
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::expf(-z))
    } else {
        let e = libm::expf(z);
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_hand_points() {
        assert_eq!(Activation::Relu.apply(-2.0), 0.0);
        assert_eq!(Activation::Quadratic.apply(-3.0), 9.0);
        assert!((Activation::Sigmoid.apply(0.0) - 0.5).abs() < 1e-7);
        assert!((Activation::Softplus.apply(0.0) - std::f32::consts::LN_2).abs() < 1e-7);
        assert!((Activation::Tanh.apply(1.0) - 0.761_594_2).abs() < 1e-6);
        assert!((Activation::Softplus.apply(100.0) - 100.0).abs() < 1e-5);
        assert_eq!(Activation::Softplus.apply(-200.0), 0.0);
    }

    #[test]
    fn derivatives_match_central_differences() {
        for act in Activation::ALL {
            for &z in &[-2.3f32, -0.7, 0.4, 1.9] {
                let h = 1e-3f64;
                let zf = f64::from(z);
                let fd = (f64::from(act.apply((zf + h) as f32))
                    - f64::from(act.apply((zf - h) as f32)))
                    / (2.0 * h);
                let got = f64::from(act.derivative(z));
                assert!((fd - got).abs() < 2e-3, "{act:?} at {z}: {fd} vs {got}");
            }
        }
    }
}
