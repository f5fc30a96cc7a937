//! Orbit alignment of a target under the symmetry group of a run: signed
//! permutations (hypercube, or any non-Gaussian initialisation) or the
//! orthogonal group (Gaussian or spherical inputs with a Gaussian
//! initialisation).

use serde::Serialize;

use super::error::TargetError;
use super::harmonic::{
    check_harmonic_work, gaussian_weights, ln_gaussian_orthogonal_sum, ln_signed_permutation_sum,
    SphereParts,
};
use super::polynomial::Polynomial;
use crate::data::Domain;

/// `ln C(n, k)`, the log of the binomial coefficient, computed as
/// `Σ_{i=1}^{k'} ln((n − k' + i)/i)` with `k' = min(k, n − k)`, so it is
/// finite for any `n` (no factorial overflows); `−∞` when `k > n`.
pub fn ln_binomial(n: usize, k: usize) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    let k = k.min(n - k);
    (1..=k)
        .map(|i| libm::log((n - k + i) as f64 / i as f64))
        .sum()
}

/// A group of symmetries of the inputs `x ↦ gx` under which a whole run
/// (input distribution and first-layer initialisation) is invariant, so
/// that training is equivariant under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// `(gx)_i = s_i x_{π(i)}`: coordinate permutations `π` and sign flips
    /// `s ∈ {±1}^d`, `2^d·d!` elements.
    SignedPermutations,
    /// Coordinate permutations only (a p-biased hypercube).
    Permutations,
    /// The orthogonal group `O(d)`: every rotation and reflection.
    Orthogonal,
}

impl Group {
    /// The group in words: `signed permutations`, `permutations`,
    /// `the orthogonal group O(d)`.
    pub fn words(self) -> &'static str {
        match self {
            Group::SignedPermutations => "signed permutations",
            Group::Permutations => "permutations",
            Group::Orthogonal => "the orthogonal group O(d)",
        }
    }
}

/// How much a target's orbit under the symmetries of a fully-connected net
/// at i.i.d. initialisation (coordinate permutations and sign flips)
/// overlaps with itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alignment {
    /// `GAL(f) = E_g[⟨f, f∘g⟩²]` over uniformly random signed permutations
    /// `g`, for `f` centred (constant term dropped) and scaled to unit
    /// variance under uniform inputs; equal to `Σ_{j≥1} W_j² / C(d, j)`
    /// with `W_j = Σ_{|S|=j} a_S²` the normalised weight at degree `j`.
    /// A constant target has one function as its orbit: `GAL = 1`.
    pub gal: f64,
    /// `−ln GAL / ln d`, so that `GAL = d^−exponent` (0 when `d ≤ 1`); a
    /// degree-k parity has about `k` at large d. Computed from `ln GAL`,
    /// so it stays finite when `GAL` itself underflows.
    pub exponent: f64,
}

/// The orbit alignment of `f` over `d ≥` (degree of `f`) coordinates under
/// uniform inputs. The sum is done in logs: `ln GAL = ln Σ_j exp(2 ln(W_j/V)
/// − ln C(d, j))` with `V = Σ_{j≥1} W_j`, so large `d` neither overflows
/// the binomials nor loses the exponent.
pub fn orbit_alignment(f: &Polynomial, d: usize) -> Alignment {
    let w = f.weight_by_degree();
    let variance: f64 = w.iter().skip(1).sum();
    if variance == 0.0 {
        return Alignment {
            gal: 1.0,
            exponent: 0.0,
        };
    }
    let logs: Vec<f64> = w
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, &wj)| wj > 0.0)
        .map(|(j, &wj)| 2.0 * libm::log(wj / variance) - ln_binomial(d, j))
        .collect();
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ln_gal = top + libm::log(logs.iter().map(|l| libm::exp(l - top)).sum::<f64>());
    let exponent = if d >= 2 {
        -ln_gal / libm::log(d as f64) + 0.0
    } else {
        0.0
    };
    Alignment {
        gal: libm::exp(ln_gal),
        exponent,
    }
}

impl Alignment {
    /// The alignment whose logarithm is `ln_gal`, at dimension `d`.
    fn from_ln(ln_gal: f64, d: usize) -> Self {
        Alignment {
            gal: libm::exp(ln_gal),
            exponent: if d >= 2 {
                -ln_gal / libm::log(d as f64) + 0.0
            } else {
                0.0
            },
        }
    }
}

/// The orbit alignment `GAL(f) = E_g[⟨f̃, f̃∘g⟩²]` of the centred,
/// unit-variance target `f̃ = (f − E f)/√Var(f)` over a uniformly random
/// element `g` of `group` (Haar measure for `O(d)`), inner products under
/// the inputs of `domain` in dimension `d`.
///
/// - Hypercube (either group; the permutation-only case reports the
///   uniform-input signed-permutation figure): `Σ_j W_j² / C(d, j)`, see
///   [`orbit_alignment`].
/// - Gaussian, `O(d)`: `Σ_j ‖M_j‖²_F / N(d, j)` over the harmonic degrees
///   `j`, `N(d, j) = C(d+j−1, j) − C(d+j−3, j−2)`; for a multilinear target
///   this is `Σ_k W_k² / N(d, k)`. Hermite terms put parts of one
///   irreducible `H_j` in several chaoses, whose overlaps count in `M_j`
///   (see `harmonic`).
/// - Sphere, `O(d)`: `Σ_{j≥1} W_j² / N(d, j)` with `W_j` the weight of the
///   degree-j spherical harmonic part (for a multilinear target
///   `W_k = Π_{i<k} d/(d+2i) · Σ_{|S|=k} a_S²`).
/// - Gaussian or sphere, signed permutations: the exact average over the
///   `2^d·d!` signed permutations grouped by the joint type of pairs of
///   multi-indices; for a multilinear target `Σ_k W_k² / C(d, k)`.
///
/// A constant target has one function as its orbit: `GAL = 1`.
///
/// Off the hypercube the work is bounded before it is done: an error when
/// the harmonic decomposition (sphere, or Gaussian under `O(d)`) is over
/// [`MAX_HARMONIC_WORK`](super::MAX_HARMONIC_WORK), or when the signed-
/// permutation average would compare more than
/// [`MAX_ALIGNMENT_PAIRS`](super::MAX_ALIGNMENT_PAIRS) pairs of terms.
pub fn alignment_on(
    f: &Polynomial,
    domain: Domain,
    d: usize,
    group: Group,
) -> Result<Alignment, TargetError> {
    let centred = Polynomial::from_terms(
        f.terms()
            .iter()
            .filter(|t| t.monomial.degree() > 0)
            .cloned(),
    );
    let (ln_sum, variance) = match (domain, group) {
        (Domain::Cube, _) => return Ok(orbit_alignment(f, d)),
        (Domain::Gaussian, Group::Orthogonal) => {
            check_harmonic_work(&centred, "on Gaussian inputs under O(d)")?;
            (
                ln_gaussian_orthogonal_sum(&centred, d),
                gaussian_weights(&centred).iter().sum::<f64>(),
            )
        }
        (Domain::Gaussian, _) => (
            ln_signed_permutation_sum(&[(0.0, 1.0, centred.clone())], d)?,
            gaussian_weights(&centred).iter().sum::<f64>(),
        ),
        (Domain::Sphere, _) => {
            check_harmonic_work(&centred, "on the sphere")?;
            let parts = SphereParts::new(&centred, d);
            let variance = parts
                .ln_weights()
                .iter()
                .skip(1)
                .map(|l| libm::exp(*l))
                .sum::<f64>();
            let ln_sum = if group == Group::Orthogonal {
                parts.ln_orthogonal_sum()
            } else {
                ln_signed_permutation_sum(&parts.channels(), d)?
            };
            (ln_sum, variance)
        }
    };
    if variance <= 0.0 || centred.terms().is_empty() {
        return Ok(Alignment {
            gal: 1.0,
            exponent: 0.0,
        });
    }
    Ok(Alignment::from_ln(ln_sum - 2.0 * libm::log(variance), d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_binomial_matches_small_values_and_survives_large_n() {
        assert!((ln_binomial(10, 3) - 120f64.ln()).abs() < 1e-13);
        assert_eq!(ln_binomial(7, 0), 0.0);
        assert_eq!(ln_binomial(3, 4), f64::NEG_INFINITY);
        // C(10^6, 5) ≈ 10^30 / 120.
        let approx = 30.0 * 10f64.ln() - 120f64.ln();
        assert!((ln_binomial(1_000_000, 5) - approx).abs() < 1e-4);
        assert!(ln_binomial(100_000, 50_000).is_finite());
    }
}
