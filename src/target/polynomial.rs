//! Monomials and sparse polynomials. On the hypercube `{-1,+1}^d` a
//! monomial is `χ_S(x) = Π_{i∈S} x_i` and a target is `f = Σ_S a_S χ_S`; on
//! continuous inputs (Gaussian, sphere) a monomial is a Hermite product
//! `He_α(x) = Π_i He_{α_i}(x_i)` and a target is `f = Σ_α a_α He_α`. A
//! multilinear multi-index (every `α_i ≤ 1`) is the same function `χ_S` in
//! both readings.

use std::fmt;

use super::monomial::Monomial;

/// Rows [`Polynomial::eval_batch`] sums at once (in f64, on the stack).
const EVAL_GROUP: usize = 64;

/// One term `a_S χ_S` (or `a_α He_α`) of a polynomial.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// The monomial `χ_S` (or `He_α`).
    pub monomial: Monomial,
    /// Its coefficient `a_S`.
    pub coeff: f64,
}

/// A sparse polynomial `f = Σ_S a_S χ_S` (multilinear, on the hypercube)
/// or `f = Σ_α a_α He_α` (in the Hermite basis, on continuous inputs) in
/// canonical form: each monomial at most once, no zero coefficients, terms
/// sorted by [`Monomial`]'s order (degree, then indices).
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
        Polynomial::from_term_list(terms.into_iter().collect())
    }

    /// [`Polynomial::from_terms`] of a list: one copy of the sort however
    /// many kinds of iterator the callers give (a generic body would
    /// compile it once for each, which the wasm module pays for in size).
    fn from_term_list(mut sorted: Vec<Term>) -> Self {
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

    /// `max |S|` (or `max |α|`) over the terms (0 for a constant or zero
    /// polynomial).
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

    /// Whether every monomial is multilinear ([`Monomial::is_multilinear`]),
    /// so that `f` is the same function in the hypercube and Hermite
    /// readings.
    pub fn is_multilinear(&self) -> bool {
        self.terms.iter().all(|t| t.monomial.is_multilinear())
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
    /// written to `out` without allocating: each row's value is
    /// [`Polynomial::eval`]'s to the bit, computed term by term over groups
    /// of rows (one pass over a monomial's indices serves every row).
    pub fn eval_batch(&self, xs: &[f32], d: usize, out: &mut [f32]) {
        debug_assert_eq!(xs.len(), out.len() * d);
        for (group, ys) in out.chunks_mut(EVAL_GROUP).enumerate() {
            let first = group * EVAL_GROUP;
            let rows = &xs[first * d..(first + ys.len()) * d];
            // `-0.0` is where f64's `sum` in `eval` starts.
            let mut sums = [-0.0f64; EVAL_GROUP];
            for t in &self.terms {
                t.monomial
                    .eval_rows(rows, d, |b, v| sums[b] += t.coeff * f64::from(v));
            }
            for (y, s) in ys.iter_mut().zip(sums) {
                *y = s as f32;
            }
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

    /// Whether `f(x) ∈ {-1, +1}` on the whole hypercube (reading every
    /// monomial as `χ_S`), with a tolerance of `1e-9`, in bounded time.
    ///
    /// By Parseval a ±1-valued `f` has `Σ a_S² = 1`; it is refused cheaply
    /// when that fails or when `|f(x)| ≠ 1` at one of a few fixed inputs.
    /// Otherwise it is decided exactly, whichever is cheaper within
    /// [`MAX_BOOLEAN_CHECK_WORK`]: by evaluating `f` at all `2^u` points of
    /// its `u` coordinates (a fast Walsh–Hadamard transform, `u·2^u`), or by
    /// expanding `f²` symbolically (`m²·degree` for `m` terms). A target
    /// too large for either is reported as not ±1-valued (so a run gives no
    /// accuracy for it), never expanded.
    pub fn is_boolean_valued(&self) -> bool {
        const TOL: f64 = 1e-9;
        let total: f64 = self.terms.iter().map(|t| t.coeff * t.coeff).sum();
        if (total - 1.0).abs() >= TOL {
            return false;
        }
        if !self.probe_is_boolean() {
            return false;
        }
        let mut coords: Vec<u32> = self.monomials().flat_map(|m| m.support()).collect();
        coords.sort_unstable();
        coords.dedup();
        let u = coords.len();
        let table_work = if u < 40 { u << u } else { usize::MAX };
        let m = self.terms.len();
        let square_work = m.saturating_mul(m).saturating_mul(1 + 2 * self.degree());
        if table_work.min(square_work) > MAX_BOOLEAN_CHECK_WORK {
            return false;
        }
        if table_work <= square_work {
            let mut values = vec![0.0f64; 1 << u];
            for t in &self.terms {
                let mask = t.monomial.support().fold(0usize, |acc, i| {
                    acc | 1 << coords.partition_point(|&c| c < i)
                });
                values[mask] += t.coeff;
            }
            let mut h = 1;
            while h < values.len() {
                for block in values.chunks_exact_mut(2 * h) {
                    let (a, b) = block.split_at_mut(h);
                    for (x, y) in a.iter_mut().zip(b.iter_mut()) {
                        (*x, *y) = (*x + *y, *x - *y);
                    }
                }
                h *= 2;
            }
            return values.iter().all(|v| (v.abs() - 1.0).abs() < TOL);
        }
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

    /// Whether `|f(x)| = 1` (to `1e-6`) at a few fixed hypercube inputs:
    /// all `+1`, then 15 inputs whose signs are a fixed hash of the
    /// coordinate (no run's random stream is touched), all in one pass over
    /// the terms.
    fn probe_is_boolean(&self) -> bool {
        // bit p of signs[i]: coordinate i is −1 at probe p (never at probe 0)
        let size = self.max_index().map_or(0, |i| i as usize + 1);
        let signs: Vec<u16> = (0..size as u64)
            .map(|i| {
                let mut z = i.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                ((z ^ (z >> 31)) as u16) & !1
            })
            .collect();
        let mut values = [0.0f64; 16];
        for t in &self.terms {
            let flips = t
                .monomial
                .support()
                .fold(0u16, |acc, i| acc ^ signs[i as usize]);
            for (p, v) in values.iter_mut().enumerate() {
                *v += if flips >> p & 1 == 1 {
                    -t.coeff
                } else {
                    t.coeff
                };
            }
        }
        values.iter().all(|v| (v.abs() - 1.0).abs() < 1e-6)
    }
}

/// The most work [`Polynomial::is_boolean_valued`] spends on deciding
/// exactly (`2^24` operations, well under a second).
pub const MAX_BOOLEAN_CHECK_WORK: usize = 1 << 24;

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

/// The polynomial `Σ c·x^α` of `(multi-index as a multiset of 0-based
/// indices, coefficient)` pairs: how the module tests write one.
#[cfg(test)]
pub(crate) fn from_multisets(terms: &[(&[u32], f64)]) -> Polynomial {
    Polynomial::from_terms(terms.iter().map(|(ix, c)| Term {
        monomial: Monomial::from_multiset(ix.iter().copied()),
        coeff: *c,
    }))
}

#[cfg(test)]
mod tests;
