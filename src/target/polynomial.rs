//! Monomials `χ_S(x) = Π_{i∈S} x_i` and sparse polynomials `f = Σ_S a_S χ_S`
//! on the hypercube `{-1,+1}^d`.

use std::cmp::Ordering;
use std::fmt;

/// A monomial `χ_S(x) = Π_{i∈S} x_i`: a set `S` of distinct coordinates,
/// stored as sorted 0-based indices (`x1` is index 0). The empty set is the
/// constant monomial `1`.
///
/// Ordered by degree first, then lexicographically by indices, which is the
/// canonical order of terms in a [`Polynomial`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Monomial(Vec<u32>);

impl Monomial {
    /// The monomial `Π_{i∈indices} x_i` with `x_i² = 1` applied: an index
    /// that appears an even number of times cancels, as it does on the
    /// hypercube.
    pub fn from_indices(indices: impl IntoIterator<Item = u32>) -> Self {
        let mut sorted: Vec<u32> = indices.into_iter().collect();
        sorted.sort_unstable();
        let mut set = Vec::with_capacity(sorted.len());
        for i in sorted {
            if set.last() == Some(&i) {
                set.pop();
            } else {
                set.push(i);
            }
        }
        Monomial(set)
    }

    /// The product `χ_S · χ_T = χ_{S Δ T}` (symmetric difference).
    pub fn times(&self, other: &Monomial) -> Monomial {
        Monomial::from_indices(self.0.iter().chain(other.0.iter()).copied())
    }

    /// The sorted 0-based coordinate indices of `S`.
    pub fn indices(&self) -> &[u32] {
        &self.0
    }

    /// `|S|`, the degree of the monomial.
    pub fn degree(&self) -> usize {
        self.0.len()
    }

    /// `χ_S(x)` for one input `x` (indexed 0-based).
    pub fn eval(&self, x: &[f32]) -> f32 {
        self.0.iter().map(|&i| x[i as usize]).product()
    }
}

impl Ord for Monomial {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Monomial {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Monomial {
    /// `x1x2x5` with 1-based names; `1` for the constant monomial.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "1");
        }
        for i in &self.0 {
            write!(f, "x{}", i + 1)?;
        }
        Ok(())
    }
}

/// One term `a_S χ_S` of a polynomial.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// The monomial `χ_S`.
    pub monomial: Monomial,
    /// Its coefficient `a_S`.
    pub coeff: f64,
}

/// A sparse multilinear polynomial `f = Σ_S a_S χ_S` in canonical form:
/// each monomial at most once, no zero coefficients, terms sorted by
/// [`Monomial`]'s order (degree, then indices).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Polynomial {
    terms: Vec<Term>,
}

impl Polynomial {
    /// The canonical polynomial `Σ coeff · monomial` over the given terms:
    /// repeated monomials merge (their coefficients add), terms whose
    /// coefficient is zero are dropped. Coefficients of one monomial are
    /// added in the order given (a stable sort, then one pass), so the
    /// result does not depend on anything but the input sequence.
    pub fn from_terms(terms: impl IntoIterator<Item = Term>) -> Self {
        let mut sorted: Vec<Term> = terms.into_iter().collect();
        sorted.sort_by(|a, b| a.monomial.cmp(&b.monomial));
        let mut merged: Vec<Term> = Vec::with_capacity(sorted.len());
        for t in sorted {
            match merged.last_mut() {
                Some(last) if last.monomial == t.monomial => last.coeff += t.coeff,
                _ => merged.push(t),
            }
        }
        merged.retain(|t| t.coeff != 0.0);
        Polynomial { terms: merged }
    }

    /// The terms in canonical order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The monomials in canonical order (the order every per-monomial
    /// metric uses).
    pub fn monomials(&self) -> impl Iterator<Item = &Monomial> {
        self.terms.iter().map(|t| &t.monomial)
    }

    /// `max |S|` over the terms (0 for a constant or zero polynomial).
    pub fn degree(&self) -> usize {
        self.terms
            .iter()
            .map(|t| t.monomial.degree())
            .max()
            .unwrap_or(0)
    }

    /// The largest 0-based coordinate index used, if any.
    pub fn max_index(&self) -> Option<u32> {
        self.terms
            .iter()
            .filter_map(|t| t.monomial.indices().last().copied())
            .max()
    }

    /// `f · c`: every coefficient multiplied by `c`.
    pub fn scaled(&self, c: f64) -> Polynomial {
        Polynomial::from_terms(self.terms.iter().map(|t| Term {
            monomial: t.monomial.clone(),
            coeff: t.coeff * c,
        }))
    }

    /// `f(x)` for one input `x`, summed in f64 in canonical term order.
    pub fn eval(&self, x: &[f32]) -> f64 {
        self.terms
            .iter()
            .map(|t| t.coeff * f64::from(t.monomial.eval(x)))
            .sum()
    }

    /// `f` on a batch of inputs stored row-major (`xs.len() == out.len() · d`),
    /// written to `out` without allocating.
    pub fn eval_batch(&self, xs: &[f32], d: usize, out: &mut [f32]) {
        debug_assert_eq!(xs.len(), out.len() * d);
        for (x, y) in xs.chunks_exact(d).zip(out.iter_mut()) {
            *y = self.eval(x) as f32;
        }
    }

    /// `Var(f) = Σ_{S≠∅} a_S²` under uniform inputs (Parseval).
    pub fn variance_uniform(&self) -> f64 {
        self.terms
            .iter()
            .filter(|t| t.monomial.degree() > 0)
            .map(|t| t.coeff * t.coeff)
            .sum()
    }

    /// Fourier weight by degree, `W_j = Σ_{|S|=j} a_S²` for
    /// `j = 0 ..= degree` (under uniform inputs `W_0` is `E[f]²` and the
    /// rest sum to `Var(f)`).
    pub fn weight_by_degree(&self) -> Vec<f64> {
        let mut w = vec![0.0; self.degree() + 1];
        for t in &self.terms {
            w[t.monomial.degree()] += t.coeff * t.coeff;
        }
        w
    }

    /// Whether `f(x) ∈ {-1, +1}` for every `x`, i.e. `f = ±χ_S` for one
    /// monomial (the only sparse multilinear ±1-valued polynomials this
    /// check recognises without enumeration are these; see
    /// [`Polynomial::is_boolean_valued`] for the general test).
    pub fn is_signed_monomial(&self) -> bool {
        self.terms.len() == 1 && self.terms[0].coeff.abs() == 1.0
    }

    /// Whether `f(x) ∈ {-1, +1}` on the whole hypercube: by Parseval, a
    /// real `f` is ±1-valued iff `Σ a_S² = 1` and `f² = 1` pointwise; the
    /// check expands `f²` symbolically, so it is exact for any sparse `f`
    /// whose square has a manageable number of terms.
    pub fn is_boolean_valued(&self) -> bool {
        const TOL: f64 = 1e-9;
        let square = Polynomial::from_terms(self.terms.iter().flat_map(|s| {
            self.terms.iter().map(move |t| Term {
                monomial: s.monomial.times(&t.monomial),
                coeff: s.coeff * t.coeff,
            })
        }));
        square.terms.iter().all(|t| {
            let want = if t.monomial.degree() == 0 { 1.0 } else { 0.0 };
            (t.coeff - want).abs() < TOL
        }) && square.terms.iter().any(|t| t.monomial.degree() == 0)
    }
}

impl fmt::Display for Polynomial {
    /// Normalised text that the parser reads back to the same polynomial,
    /// e.g. `x1 + 0.5*x1x2 - x3`; `0` for the zero polynomial.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.terms.is_empty() {
            return write!(f, "0");
        }
        for (n, t) in self.terms.iter().enumerate() {
            let (sign, mag) = if t.coeff < 0.0 {
                ("-", -t.coeff)
            } else {
                ("+", t.coeff)
            };
            match (n, sign) {
                (0, "-") => write!(f, "-")?,
                (0, _) => {}
                _ => write!(f, " {sign} ")?,
            }
            if t.monomial.degree() == 0 {
                write!(f, "{mag}")?;
            } else if mag == 1.0 {
                write!(f, "{}", t.monomial)?;
            } else {
                write!(f, "{mag}*{}", t.monomial)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mono(ix: &[u32]) -> Monomial {
        Monomial::from_indices(ix.iter().copied())
    }

    #[test]
    fn squares_cancel_and_indices_sort() {
        assert_eq!(mono(&[2, 0, 2, 1]), mono(&[0, 1]));
        assert_eq!(mono(&[3, 3]).degree(), 0);
        assert_eq!(mono(&[0, 1]).times(&mono(&[1, 2])), mono(&[0, 2]));
    }

    #[test]
    fn terms_merge_and_sort_by_degree() {
        let p = Polynomial::from_terms([
            Term {
                monomial: mono(&[0, 1]),
                coeff: 1.0,
            },
            Term {
                monomial: mono(&[2]),
                coeff: 2.0,
            },
            Term {
                monomial: mono(&[1, 0]),
                coeff: 0.5,
            },
            Term {
                monomial: mono(&[4]),
                coeff: 1.0,
            },
            Term {
                monomial: mono(&[4]),
                coeff: -1.0,
            },
        ]);
        assert_eq!(p.to_string(), "2*x3 + 1.5*x1x2");
        assert_eq!(p.degree(), 2);
        assert_eq!(p.max_index(), Some(2));
        assert_eq!(p.variance_uniform(), 4.0 + 2.25);
    }

    #[test]
    fn eval_batch_matches_hand_values() {
        // f = x1 - x1x2 at (1,1), (1,-1), (-1,1)
        let p = Polynomial::from_terms([
            Term {
                monomial: mono(&[0]),
                coeff: 1.0,
            },
            Term {
                monomial: mono(&[0, 1]),
                coeff: -1.0,
            },
        ]);
        let xs = [1.0, 1.0, 1.0, -1.0, -1.0, 1.0];
        let mut out = [0.0; 3];
        p.eval_batch(&xs, 2, &mut out);
        assert_eq!(out, [0.0, 2.0, 0.0]);
    }

    #[test]
    fn boolean_valued_detects_majority_but_not_staircase() {
        // Maj3 = (x1 + x2 + x3 - x1x2x3)/2
        let h = 0.5;
        let maj = Polynomial::from_terms([
            Term {
                monomial: mono(&[0]),
                coeff: h,
            },
            Term {
                monomial: mono(&[1]),
                coeff: h,
            },
            Term {
                monomial: mono(&[2]),
                coeff: h,
            },
            Term {
                monomial: mono(&[0, 1, 2]),
                coeff: -h,
            },
        ]);
        assert!(maj.is_boolean_valued());
        assert!(!maj.is_signed_monomial());
        let stair = Polynomial::from_terms([
            Term {
                monomial: mono(&[0]),
                coeff: 1.0,
            },
            Term {
                monomial: mono(&[0, 1]),
                coeff: 1.0,
            },
        ]);
        assert!(!stair.is_boolean_valued());
        assert!(mono(&[]).eval(&[]) == 1.0);
    }
}
