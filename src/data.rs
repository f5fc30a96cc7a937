//! Input distributions on the hypercube and sampling from them.

use crate::rng::Stream;

/// The distribution of inputs `x ∈ {-1,+1}^d`: the `p`-biased product
/// measure, `P(x_i = +1) = p` independently for each coordinate (uniform
/// when `p = 1/2`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hypercube {
    /// Dimension `d`.
    pub d: usize,
    /// `P(x_i = +1)`, in `(0, 1)`.
    pub p: f64,
}

impl Hypercube {
    /// Fills `out` (a whole number of rows of length `d`) with independent
    /// draws. Uniform inputs take one random bit per coordinate (64 per
    /// `u64`, low bit first); biased inputs set `x_i = +1` when a uniform
    /// draw is below `p`.
    pub fn sample(&self, stream: &mut Stream, out: &mut [f32]) {
        debug_assert_eq!(out.len() % self.d.max(1), 0);
        if self.p == 0.5 {
            for chunk in out.chunks_mut(64) {
                let bits = stream.next_u64();
                for (k, x) in chunk.iter_mut().enumerate() {
                    *x = if (bits >> k) & 1 == 1 { 1.0 } else { -1.0 };
                }
            }
        } else {
            for x in out.iter_mut() {
                *x = if stream.uniform() < self.p { 1.0 } else { -1.0 };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Purpose;

    fn mean_of_samples(p: f64) -> f64 {
        let cube = Hypercube { d: 10, p };
        let mut out = vec![0.0f32; 10 * 10_000];
        cube.sample(&mut Stream::new(5, Purpose::Data), &mut out);
        assert!(out.iter().all(|&x| x == 1.0 || x == -1.0));
        out.iter().map(|&x| f64::from(x)).sum::<f64>() / out.len() as f64
    }

    #[test]
    fn sample_mean_is_two_p_minus_one() {
        // 100k draws: the mean's standard error is below 0.0032
        assert!(mean_of_samples(0.5).abs() < 0.015);
        assert!((mean_of_samples(0.8) - 0.6).abs() < 0.015);
        assert!((mean_of_samples(0.1) + 0.8).abs() < 0.015);
    }
}
