//! Input distributions and sampling from them: the p-biased hypercube, the
//! standard Gaussian and the sphere of radius √d.

use crate::rng::Stream;
use serde::Serialize;
use std::fmt;

/// Where the inputs live, which fixes how target text multiplies out and
/// which basis the per-monomial measurements use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    /// The hypercube `{-1,+1}^d` with the p-biased product measure. There
    /// `x_i² = 1`, so every polynomial is multilinear and the monomials
    /// `χ_S` are orthonormal under uniform inputs.
    Cube,
    /// The standard Gaussian `N(0, I_d)`. Polynomials are written in the
    /// Hermite basis `He_α(x) = Π_i He_{α_i}(x_i)` (probabilists' Hermite
    /// polynomials, `He_0 = 1`, `He_1 = x`, `He_{k+1} = x He_k − k He_{k−1}`),
    /// orthogonal with `E[He_α He_β] = α! δ_{αβ}`, `α! = Π_i α_i!`.
    Gaussian,
    /// The uniform distribution on the sphere `{x : |x|² = d}` of radius
    /// `√d`, so that `E[x_i²] = 1`. Polynomials are written in the same
    /// Hermite basis as on the Gaussian; multilinear monomials are
    /// orthogonal there with `E[x_S²] = Π_{i<|S|} d/(d + 2i)` (e.g.
    /// `E[x1²x2²] = d/(d + 2)`).
    Sphere,
}

impl Domain {
    /// Every domain, in the order of [`Domain::NAMES`].
    pub const ALL: [Domain; 3] = [Domain::Cube, Domain::Gaussian, Domain::Sphere];

    /// The names used in configuration text: `cube`, `gaussian`, `sphere`.
    pub const NAMES: [&'static str; 3] = ["cube", "gaussian", "sphere"];

    /// This domain's name in configuration text.
    pub fn name(self) -> &'static str {
        Domain::NAMES[self as usize]
    }

    /// Whether the inputs are continuous (Gaussian or sphere), where target
    /// text may use Hermite terms and `x_i²` is not 1.
    pub fn is_continuous(self) -> bool {
        self != Domain::Cube
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

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
            let mut signs = [0.0f32; 64];
            for chunk in out.chunks_mut(64) {
                let bits = stream.next_u64();
                let words = [bits as u32, (bits >> 32) as u32];
                for (half, word) in signs.chunks_exact_mut(32).zip(words) {
                    for (x, bit) in half.iter_mut().zip(BITS) {
                        *x = if word & bit != 0 { 1.0 } else { -1.0 };
                    }
                }
                chunk.copy_from_slice(&signs[..chunk.len()]);
            }
        } else {
            for x in out.iter_mut() {
                *x = if stream.uniform() < self.p { 1.0 } else { -1.0 };
            }
        }
    }
}

/// `1 << k` for `k = 0 .. 32`: testing a whole 32-bit word against a table
/// of masks vectorises (a shift by a different count in every lane does
/// not before AVX2).
const BITS: [u32; 32] = {
    let mut bits = [0; 32];
    let mut k = 0;
    while k < 32 {
        bits[k] = 1 << k;
        k += 1;
    }
    bits
};

/// A run's input distribution on one of the three domains.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Inputs {
    /// The p-biased hypercube.
    Hypercube(Hypercube),
    /// `N(0, I_d)`: each coordinate one [`Stream::gaussian`] draw
    /// (Box–Muller with `libm`), rounded to f32.
    Gaussian {
        /// Dimension `d`.
        d: usize,
    },
    /// Uniform on the sphere of radius `√d`: a Gaussian vector `g` (d
    /// [`Stream::gaussian`] draws, rounded to f32 in the output row) scaled
    /// to `x = g·√d/|g|`, with `|g|²` summed in f64 in coordinate order and
    /// `√` from `libm`, so the direction is uniform (the Gaussian is
    /// rotation invariant) and `|x|² = d` up to f32 rounding. Not a
    /// rescaled hypercube: the coordinates are continuous. A zero `g`
    /// (probability below 2^−53·d) is drawn again. Allocates nothing.
    Sphere {
        /// Dimension `d`.
        d: usize,
    },
}

impl Inputs {
    /// Dimension `d`.
    pub fn d(&self) -> usize {
        match *self {
            Inputs::Hypercube(cube) => cube.d,
            Inputs::Gaussian { d } | Inputs::Sphere { d } => d,
        }
    }

    /// The domain the inputs live on.
    pub fn domain(&self) -> Domain {
        match self {
            Inputs::Hypercube(_) => Domain::Cube,
            Inputs::Gaussian { .. } => Domain::Gaussian,
            Inputs::Sphere { .. } => Domain::Sphere,
        }
    }

    /// Fills `out` (a whole number of rows of length `d`) with independent
    /// draws from `stream`, row by row, coordinates in order.
    pub fn sample(&self, stream: &mut Stream, out: &mut [f32]) {
        match *self {
            Inputs::Hypercube(cube) => cube.sample(stream, out),
            Inputs::Gaussian { .. } => {
                for x in out.iter_mut() {
                    *x = stream.gaussian() as f32;
                }
            }
            Inputs::Sphere { d } => {
                let radius = libm::sqrt(d as f64);
                for row in out.chunks_exact_mut(d.max(1)) {
                    let norm = loop {
                        for x in row.iter_mut() {
                            *x = stream.gaussian() as f32;
                        }
                        let norm = libm::sqrt(
                            row.iter()
                                .map(|&x| f64::from(x) * f64::from(x))
                                .sum::<f64>(),
                        );
                        if norm > 0.0 {
                            break norm;
                        }
                    };
                    let scale = radius / norm;
                    for x in row.iter_mut() {
                        *x = (f64::from(*x) * scale) as f32;
                    }
                }
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

    #[test]
    fn sphere_rows_have_squared_norm_d() {
        let d = 7;
        let mut out = vec![0.0f32; d * 1000];
        Inputs::Sphere { d }.sample(&mut Stream::new(2, Purpose::Data), &mut out);
        for row in out.chunks_exact(d) {
            let r2: f64 = row.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
            // each coordinate is rounded to f32: relative error ≤ 2^−24 each
            assert!((r2 - d as f64).abs() < 1e-5, "{r2}");
        }
        assert!(
            out.iter().any(|&x| x.abs() != 1.0),
            "not a rescaled hypercube"
        );
    }
}
