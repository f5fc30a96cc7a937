//! The p-biased Fourier expansion: a target rewritten in the orthonormal
//! basis of the product measure with `P(x_i = +1) = p`.

use std::collections::BTreeMap;

use super::error::TargetError;
use super::monomial::Monomial;
use super::polynomial::{Polynomial, Term};

/// Largest `Σ_S 2^{|S|}` (the number of terms before merging) that
/// [`biased_expansion`] accepts: `2^20`.
pub const MAX_BIASED_TERMS: usize = 1 << 20;

/// The p-biased basis of one coordinate: `μ = E[x_i] = 2p − 1` and
/// `σ = sd(x_i) = 2√(p(1 − p))`, so that `φ_i = (x_i − μ)/σ` has mean 0 and
/// variance 1 and the `φ_S = Π_{i∈S} φ_i` are orthonormal under the
/// p-biased product measure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BiasedBasis {
    /// `μ = 2p − 1`.
    pub mu: f64,
    /// `σ = 2√(p(1 − p))`.
    pub sigma: f64,
}

impl BiasedBasis {
    /// The basis for `P(x_i = +1) = p`, `0 < p < 1`.
    pub fn new(p: f64) -> Result<Self, TargetError> {
        if p > 0.0 && p < 1.0 {
            Ok(BiasedBasis {
                mu: 2.0 * p - 1.0,
                sigma: 2.0 * (p * (1.0 - p)).sqrt(),
            })
        } else {
            Err(TargetError::new(format!(
                "p = P(x_i = +1) must be strictly between 0 and 1, got {p}"
            )))
        }
    }
}

/// The coefficients `b_T` of `f = Σ_T b_T φ_T` in the p-biased basis
/// (returned as a polynomial whose monomial `T` stands for `φ_T`).
///
/// Substituting `x_i = μ + σ φ_i` gives, for each term,
/// `χ_S = Σ_{T⊆S} μ^{|S∖T|} σ^{|T|} φ_T`; terms are expanded in canonical
/// order and merged. A merged coefficient is dropped when it is exactly 0
/// or smaller than `64·ε·Σ|contributions|` (ε = f64 machine epsilon), i.e.
/// when it is a cancellation down to rounding error. Then `b_∅ = E_p[f]`,
/// `Var_p(f) = Σ_{T≠∅} b_T²`, and weights, staircase and leap can be read
/// off as in the uniform case. Fails when `Σ_S 2^{|S|}` exceeds
/// [`MAX_BIASED_TERMS`] or `p` is not in `(0, 1)`.
pub fn biased_expansion(f: &Polynomial, p: f64) -> Result<Polynomial, TargetError> {
    let basis = BiasedBasis::new(p)?;
    let size = f.terms().iter().fold(0usize, |acc, t| {
        let n = t.monomial.degree();
        acc.saturating_add(if n >= 63 { usize::MAX } else { 1 << n })
    });
    if size > MAX_BIASED_TERMS {
        return Err(TargetError::new(format!(
            "the p-biased expansion of this target is too large: Σ 2^|S| over its \
             monomials is {}, more than the limit of {MAX_BIASED_TERMS} \
             (use p = 0.5, or fewer or lower-degree monomials)",
            if size == usize::MAX {
                "astronomical".to_string()
            } else {
                size.to_string()
            }
        )));
    }
    let mut merged: BTreeMap<Monomial, (f64, f64)> = BTreeMap::new();
    for t in f.terms() {
        let s = t.monomial.indices();
        let n = s.len();
        let mu: Vec<f64> = (0..=n).map(|j| basis.mu.powi(j as i32)).collect();
        let sigma: Vec<f64> = (0..=n).map(|j| basis.sigma.powi(j as i32)).collect();
        for mask in 0u64..1 << n {
            let k = mask.count_ones() as usize;
            let c = t.coeff * mu[n - k] * sigma[k];
            if c == 0.0 {
                continue;
            }
            let phi = Monomial::from_indices(
                s.iter()
                    .enumerate()
                    .filter(|(b, _)| mask >> b & 1 == 1)
                    .map(|(_, &i)| i),
            );
            let entry = merged.entry(phi).or_insert((0.0, 0.0));
            entry.0 += c;
            entry.1 += c.abs();
        }
    }
    Ok(Polynomial::from_terms(merged.into_iter().filter_map(
        |(monomial, (coeff, mass))| {
            (coeff.abs() > 64.0 * f64::EPSILON * mass).then_some(Term { monomial, coeff })
        },
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn biased_single_coordinate_is_mean_plus_scaled_phi() {
        let x1 = Polynomial::from_terms([Term {
            monomial: Monomial::from_indices([0]),
            coeff: 1.0,
        }]);
        let b = biased_expansion(&x1, 0.75).unwrap();
        // μ = 0.5, σ = 2·√(3/16) = √3/2.
        assert_eq!(b.terms().len(), 2);
        assert_eq!(b.terms()[0].coeff, 0.5);
        assert_eq!(b.terms()[1].coeff, 2.0 * (0.75f64 * 0.25).sqrt());
        assert!(biased_expansion(&x1, 1.0).is_err());
    }
}
