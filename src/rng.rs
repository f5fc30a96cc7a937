//! Seeded, portable random streams.
//!
//! Every random draw in a run comes from a ChaCha8 generator keyed by the
//! run's seed, with a separate ChaCha *stream* per purpose, so changing one
//! purpose's consumption (a larger batch, say) never shifts another's
//! (the initial weights). ChaCha8's output is fixed by its specification,
//! and the conversions below use only exact integer and IEEE operations
//! plus `libm`, so the numbers are the same on every target.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// What a stream of random numbers is used for; each gets its own stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Initial weights and biases.
    Init = 1,
    /// Training inputs (online batches, the fixed training set, its shuffles).
    Data = 2,
    /// The fixed test set.
    Test = 3,
    /// Gaussian noise added by noisy gradient descent.
    Noise = 4,
}

/// A seeded random stream with the conversions the engine needs.
pub struct Stream {
    rng: ChaCha8Rng,
    spare_gaussian: Option<f64>,
}

impl Stream {
    /// The stream for `purpose` under `seed`.
    pub fn new(seed: u64, purpose: Purpose) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(purpose as u64);
        Stream {
            rng,
            spare_gaussian: None,
        }
    }

    /// 64 uniformly random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// A uniform draw from `[0, 1)` with 53 random bits: `(u >> 11) · 2⁻⁵³`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (`n > 0`), by rejection so it is unbiased.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let u = self.next_u64();
            if u < zone {
                return u % n;
            }
        }
    }

    /// A standard normal draw by the Box–Muller transform:
    /// `√(−2 ln u₁) · cos(2π u₂)` and, kept for the next call,
    /// `√(−2 ln u₁) · sin(2π u₂)`, with `u₁ ∈ (0, 1]`.
    pub fn gaussian(&mut self) -> f64 {
        if let Some(z) = self.spare_gaussian.take() {
            return z;
        }
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let r = libm::sqrt(-2.0 * libm::log(u1));
        let theta = 2.0 * std::f64::consts::PI * u2;
        self.spare_gaussian = Some(r * libm::sin(theta));
        r * libm::cos(theta)
    }

    /// Shuffles `items` in place (Fisher–Yates, from the last position down).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_give_different_streams_and_seeds_repeat() {
        let a = Stream::new(7, Purpose::Init).next_u64();
        let b = Stream::new(7, Purpose::Data).next_u64();
        let c = Stream::new(7, Purpose::Init).next_u64();
        assert_ne!(a, b);
        assert_eq!(a, c);
    }

    #[test]
    fn gaussian_moments_are_standard() {
        let mut s = Stream::new(1, Purpose::Noise);
        let n = 200_000;
        let (mut m1, mut m2, mut m4) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let z = s.gaussian();
            m1 += z;
            m2 += z * z;
            m4 += z * z * z * z;
        }
        let n = n as f64;
        // standard errors: mean 1/√n ≈ 0.0022, E z² √(2/n) ≈ 0.0032, E z⁴ √(96/n) ≈ 0.022
        assert!((m1 / n).abs() < 0.01, "mean {}", m1 / n);
        assert!((m2 / n - 1.0).abs() < 0.015, "second moment {}", m2 / n);
        assert!((m4 / n - 3.0).abs() < 0.1, "fourth moment {}", m4 / n);
    }

    #[test]
    fn below_and_shuffle_are_uniform_permutations() {
        let mut s = Stream::new(3, Purpose::Data);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[s.below(6) as usize] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
        let mut v: Vec<u32> = (0..50).collect();
        s.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(v, sorted);
    }
}
