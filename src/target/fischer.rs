//! Polynomials in the Fischer inner product `⟨x^α, x^β⟩_F = α!·δ_{αβ}`:
//! the product itself, the Laplacian (its adjoint of multiplying by
//! `r² = |x|²`), and a Hermite-basis target written as an ordinary
//! polynomial. The harmonic decomposition (`harmonic`) is built from these.

use super::monomial::Monomial;
use super::polynomial::{Polynomial, Term};
use super::special::factorial;

/// The monomial `x^α` with two fewer powers of coordinate `i`.
fn lowered(m: &Monomial, i: u32) -> Monomial {
    let ix = m.indices();
    let at = ix.partition_point(|&j| j < i);
    Monomial::from_multiset(ix[..at].iter().chain(&ix[at + 2..]).copied())
}

/// `Δp = Σ_α p_α Σ_i α_i(α_i − 1) x^{α − 2e_i}` for an ordinary polynomial.
pub(crate) fn laplacian(p: &Polynomial) -> Polynomial {
    Polynomial::from_terms(p.terms().iter().flat_map(|t| {
        t.monomial
            .exponents()
            .filter(|&(_, k)| k >= 2)
            .map(|(i, k)| Term {
                monomial: lowered(&t.monomial, i),
                coeff: t.coeff * f64::from(k) * f64::from(k - 1),
            })
            .collect::<Vec<_>>()
    }))
}

/// The Fischer inner product `⟨p, q⟩_F = Σ_α α! p_α q_α` of two ordinary
/// polynomials (a merge of their canonical term lists).
pub(crate) fn fischer(p: &Polynomial, q: &Polynomial) -> f64 {
    let (a, b) = (p.terms(), q.terms());
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].monomial.cmp(&b[j].monomial) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].coeff * b[j].coeff * a[i].monomial.factorial();
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// `f = Σ a_α He_α` as an ordinary polynomial `Σ_β b_β x^β`, expanding
/// `He_k(x) = Σ_{s ≤ k/2} (−1)^s k!/(s!(k−2s)! 2^s) x^{k−2s}` coordinate by
/// coordinate.
pub(crate) fn hermite_to_ordinary(f: &Polynomial) -> Polynomial {
    let mut terms = Vec::new();
    for t in f.terms() {
        let mut partial: Vec<(Vec<u32>, f64)> = vec![(Vec::new(), t.coeff)];
        for (i, k) in t.monomial.exponents() {
            let mut next = Vec::with_capacity(partial.len() * (k as usize / 2 + 1));
            for (indices, c) in &partial {
                for s in 0..=k / 2 {
                    let sign = if s % 2 == 0 { 1.0 } else { -1.0 };
                    let coeff = sign * factorial(k)
                        / (factorial(s) * factorial(k - 2 * s) * libm::pow(2.0, f64::from(s)));
                    let mut m = indices.clone();
                    m.extend(std::iter::repeat_n(i, (k - 2 * s) as usize));
                    next.push((m, c * coeff));
                }
            }
            partial = next;
        }
        terms.extend(partial.into_iter().map(|(m, c)| Term {
            monomial: Monomial::from_multiset(m),
            coeff: c,
        }));
    }
    Polynomial::from_terms(terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::polynomial::from_multisets as poly;

    #[test]
    fn hermite_expands_to_ordinary_powers() {
        // He_3(x1)·He_2(x2) = (x1³ − 3x1)(x2² − 1)
        let f = poly(&[(&[0, 0, 0, 1, 1], 1.0)]);
        let want = poly(&[
            (&[0, 0, 0, 1, 1], 1.0),
            (&[0, 0, 0], -1.0),
            (&[0, 1, 1], -3.0),
            (&[0], 3.0),
        ]);
        assert_eq!(hermite_to_ordinary(&f), want);
    }
}
