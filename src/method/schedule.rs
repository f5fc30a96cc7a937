//! Learning-rate schedules.

/// The learning rate as a function of the step `t` (0-based).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Schedule {
    /// `η_t = η`.
    Constant,
    /// `η_t = η · factor^⌊t / every⌋`.
    Step {
        /// Steps between decays (≥ 1).
        every: u64,
        /// Multiplier applied at each decay.
        factor: f64,
    },
}

impl Schedule {
    /// `η_t` for base rate `lr`.
    pub fn rate(self, lr: f64, t: u64) -> f64 {
        match self {
            Schedule::Constant => lr,
            Schedule::Step { every, factor } => lr * libm::pow(factor, (t / every) as f64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_schedule_halves_every_period() {
        let s = Schedule::Step {
            every: 100,
            factor: 0.5,
        };
        assert_eq!(s.rate(0.2, 0), 0.2);
        assert_eq!(s.rate(0.2, 99), 0.2);
        assert_eq!(s.rate(0.2, 100), 0.1);
        assert_eq!(s.rate(0.2, 250), 0.05);
        assert_eq!(Schedule::Constant.rate(0.3, 10_000), 0.3);
    }
}
