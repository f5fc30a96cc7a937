//! Loss functions `ℓ(f, y)` of a prediction `f` and a target value `y`.

use crate::nn::sigmoid;

/// A per-sample loss; the training objective is its mean over a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// `(f − y)²` (PyTorch's `MSELoss` per sample).
    Square,
    /// `max(0, 1 − y f)`.
    Hinge,
    /// `ln(1 + e^{−y f})`.
    Logistic,
    /// `−y f`.
    Correlation,
}

impl Loss {
    /// Every loss, in the order the query string lists them.
    pub const ALL: [Loss; 4] = [Loss::Square, Loss::Hinge, Loss::Logistic, Loss::Correlation];

    /// The name used in configurations.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Square => "square",
            Loss::Hinge => "hinge",
            Loss::Logistic => "logistic",
            Loss::Correlation => "correlation",
        }
    }

    /// `ℓ(f, y)`, in f64 (the logistic loss computed stably as
    /// `max(−m, 0) + ln(1 + e^{−|m|})` with `m = y f`).
    pub fn value(self, f: f32, y: f32) -> f64 {
        let (f, y) = (f64::from(f), f64::from(y));
        match self {
            Loss::Square => (f - y) * (f - y),
            Loss::Hinge => (1.0 - y * f).max(0.0),
            Loss::Logistic => {
                let m = y * f;
                (-m).max(0.0) + libm::log1p(libm::exp(-m.abs()))
            }
            Loss::Correlation => -y * f,
        }
    }

    /// `∂ℓ/∂f (f, y)`: `2(f − y)`; `−y` when `y f < 1` else 0;
    /// `−y σ(−y f)`; `−y`.
    pub fn derivative(self, f: f32, y: f32) -> f32 {
        match self {
            Loss::Square => 2.0 * (f - y),
            Loss::Hinge => {
                if y * f < 1.0 {
                    -y
                } else {
                    0.0
                }
            }
            Loss::Logistic => -y * sigmoid(-y * f),
            Loss::Correlation => -y,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_hand_points() {
        assert_eq!(Loss::Square.value(0.5, 1.0), 0.25);
        assert_eq!(Loss::Hinge.value(0.25, 1.0), 0.75);
        assert_eq!(Loss::Hinge.value(2.0, 1.0), 0.0);
        assert!((Loss::Logistic.value(0.0, 1.0) - std::f64::consts::LN_2).abs() < 1e-12);
        assert!((Loss::Logistic.value(-50.0, 1.0) - 50.0).abs() < 1e-9);
        assert_eq!(Loss::Correlation.value(0.5, -1.0), 0.5);
    }

    #[test]
    fn derivatives_match_central_differences() {
        for loss in Loss::ALL {
            for &(f, y) in &[(0.3f32, 1.0f32), (-0.8, 1.0), (0.6, -1.0), (1.7, 0.5)] {
                let h = 1e-3;
                let fd = (loss.value(f + h, y) - loss.value(f - h, y)) / (2.0 * f64::from(h));
                let got = f64::from(loss.derivative(f, y));
                assert!(
                    (fd - got).abs() < 1e-3,
                    "{loss:?} at ({f}, {y}): {fd} vs {got}"
                );
            }
        }
    }
}
