//! Monomials: a multi-index `α` read as `χ_S(x) = Π_{i∈S} x_i` on the
//! hypercube or as a Hermite product `He_α(x) = Π_i He_{α_i}(x_i)` on
//! continuous inputs, the Hermite polynomials, and the linearisation that
//! multiplies Hermite products out.

use std::cmp::Ordering;
use std::fmt;

use super::special::{binomial, factorial};

/// Largest Hermite degree `α_i` of one coordinate in a monomial on
/// continuous inputs.
pub const MAX_HERMITE_DEGREE: u32 = 16;

/// The probabilists' Hermite polynomial `He_k(x)`, by the recurrence
/// `He_0 = 1`, `He_1 = x`, `He_{k+1} = x·He_k − k·He_{k−1}` in f64
/// (`He_2 = x² − 1`, `He_3 = x³ − 3x`). Normalisation: under `z ~ N(0, 1)`,
/// `E[He_j(z) He_k(z)] = k!·δ_{jk}`, so `He_k/√k!` are orthonormal.
pub fn hermite(k: u32, x: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    let (mut prev, mut cur) = (1.0, x);
    for n in 1..k {
        let next = x * cur - f64::from(n) * prev;
        prev = cur;
        cur = next;
    }
    cur
}

/// A monomial as a multi-index `α`, stored as the sorted multiset of its
/// 0-based coordinate indices (`x1` is index 0), index `i` repeated `α_i`
/// times. The empty multi-index is the constant monomial `1`.
///
/// On the hypercube every index appears at most once and the monomial is
/// `χ_S(x) = Π_{i∈S} x_i`; on continuous inputs it is the Hermite product
/// `He_α(x) = Π_i He_{α_i}(x_i)` (see [`hermite`]), which for a multilinear
/// `α` is the same `Π_{i∈S} x_i`. E.g. `[0, 0, 1]` is `He_2(x1)·x2`.
///
/// Ordered by total degree `|α| = Σ α_i` first, then lexicographically by
/// the sorted indices, which is the canonical order of terms in a
/// [`Polynomial`](super::Polynomial).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Monomial(Vec<u32>);

impl Monomial {
    /// The hypercube monomial `Π_{i∈indices} x_i` with `x_i² = 1` applied:
    /// an index that appears an even number of times cancels, as it does on
    /// the hypercube.
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

    /// The multi-index whose `α_i` is the number of times `i` appears in
    /// `indices` (nothing cancels): `He_α`, e.g. `[2, 0, 0]` is
    /// `He_2(x1)·x3`.
    pub fn from_multiset(indices: impl IntoIterator<Item = u32>) -> Self {
        let mut sorted: Vec<u32> = indices.into_iter().collect();
        sorted.sort_unstable();
        Monomial(sorted)
    }

    /// The hypercube product `χ_S · χ_T = χ_{S Δ T}` (symmetric difference).
    pub fn times(&self, other: &Monomial) -> Monomial {
        Monomial::from_indices(self.0.iter().chain(other.0.iter()).copied())
    }

    /// The sorted 0-based coordinate indices, index `i` repeated `α_i`
    /// times (for a multilinear monomial, the set `S`).
    pub fn indices(&self) -> &[u32] {
        &self.0
    }

    /// `(i, α_i)` for every coordinate with `α_i > 0`, in index order.
    pub fn exponents(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.0
            .chunk_by(|a, b| a == b)
            .map(|run| (run[0], run.len() as u32))
    }

    /// The coordinates with `α_i > 0`, sorted.
    pub fn support(&self) -> impl Iterator<Item = u32> + '_ {
        self.exponents().map(|(i, _)| i)
    }

    /// `|α| = Σ α_i`, the total degree (`|S|` on the hypercube).
    pub fn degree(&self) -> usize {
        self.0.len()
    }

    /// Whether every `α_i ≤ 1`: the monomial is `Π_{i∈S} x_i` on every
    /// domain.
    pub fn is_multilinear(&self) -> bool {
        self.0.windows(2).all(|w| w[0] != w[1])
    }

    /// `α! = Π_i α_i!`, which is `E[He_α²]` under `N(0, I_d)`.
    pub fn factorial(&self) -> f64 {
        self.exponents().map(|(_, k)| factorial(k)).product()
    }

    /// The monomial's value at one input `x` (indexed 0-based): the f32
    /// product, in index order, of `x_i` for `α_i = 1` and `He_{α_i}(x_i)`
    /// (computed in f64, rounded to f32) for `α_i ≥ 2`. For a multilinear
    /// monomial this is exactly `Π_{i∈S} x_i` in f32.
    pub fn eval(&self, x: &[f32]) -> f32 {
        let mut acc = 1.0f32;
        for run in self.0.chunk_by(|a, b| a == b) {
            let v = x[run[0] as usize];
            acc *= if run.len() == 1 {
                v
            } else {
                hermite(run.len() as u32, f64::from(v)) as f32
            };
        }
        acc
    }

    /// [`Monomial::eval`] at every row of `xs` (row-major, `d` values a
    /// row), given to `each` with the row's index, rows in order. A
    /// multilinear monomial's runs are single indices, so its value is the
    /// product of its coordinates in index order, taken here without
    /// looking for runs.
    pub fn eval_rows(&self, xs: &[f32], d: usize, mut each: impl FnMut(usize, f32)) {
        let rows = xs.chunks_exact(d).enumerate();
        if self.is_multilinear() {
            for (b, x) in rows {
                each(b, self.0.iter().fold(1.0, |acc, &i| acc * x[i as usize]));
            }
        } else {
            for (b, x) in rows {
                each(b, self.eval(x));
            }
        }
    }
}

/// Why a Hermite product could not be multiplied out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HermiteLimit {
    /// A coordinate (0-based) would reach this degree, above
    /// [`MAX_HERMITE_DEGREE`].
    Degree(u32, u32),
    /// The product has more terms than allowed.
    Terms,
}

/// `Π_k He_{k}(x_{i})` over the factors `(i, k)` (a coordinate may appear
/// in several factors), multiplied out in the Hermite basis with the
/// linearisation `He_m·He_n = Σ_{r=0}^{min(m,n)} C(m,r)·C(n,r)·r!·He_{m+n−2r}`
/// applied coordinate by coordinate, factors of one coordinate folded in
/// the given order. Returns `(monomial, coefficient)` pairs (coefficients
/// are integers, exact in f64 at these degrees); fails when a coordinate's
/// total degree passes [`MAX_HERMITE_DEGREE`] or the result would have more
/// than `max_terms` terms. Factors on distinct coordinates cost one term
/// and linear time.
pub(crate) fn hermite_product(
    mut factors: Vec<(u32, u32)>,
    max_terms: usize,
) -> Result<Vec<(Monomial, f64)>, HermiteLimit> {
    // by coordinate (and degree, which changes nothing: a univariate
    // product's coefficients are whole numbers far below 2^53, so its
    // order of multiplication gives the same bits)
    factors.sort_unstable();
    // per coordinate: (index, [(degree, coefficient)]) of its univariate product
    let mut groups: Vec<(u32, Vec<(u32, f64)>)> = Vec::new();
    let mut count = 1usize;
    for run in factors.chunk_by(|a, b| a.0 == b.0) {
        let i = run[0].0;
        let total: u32 = run.iter().map(|f| f.1).fold(0, u32::saturating_add);
        if total > MAX_HERMITE_DEGREE {
            return Err(HermiteLimit::Degree(i, total));
        }
        // coefficients of the univariate product, indexed by degree
        let mut poly = vec![0.0; total as usize + 1];
        poly[0] = 1.0;
        let mut top = 0u32;
        for &(_, k) in run {
            let mut next = vec![0.0; total as usize + 1];
            for m in 0..=top {
                let c = poly[m as usize];
                if c == 0.0 {
                    continue;
                }
                for r in 0..=m.min(k) {
                    let lin = binomial(m, r) * binomial(k, r) * factorial(r);
                    next[(m + k - 2 * r) as usize] += c * lin;
                }
            }
            poly = next;
            top += k;
        }
        let terms: Vec<(u32, f64)> = poly
            .iter()
            .enumerate()
            .filter(|(_, &c)| c != 0.0)
            .map(|(k, &c)| (k as u32, c))
            .collect();
        count = count.saturating_mul(terms.len());
        if count > max_terms {
            return Err(HermiteLimit::Terms);
        }
        groups.push((i, terms));
    }
    let mut out: Vec<(Vec<u32>, f64)> = vec![(Vec::new(), 1.0)];
    for (i, terms) in &groups {
        let mut next = Vec::with_capacity(out.len() * terms.len());
        for (indices, c) in &out {
            for &(k, ck) in terms {
                let mut m = indices.clone();
                m.extend(std::iter::repeat_n(*i, k as usize));
                next.push((m, c * ck));
            }
        }
        out = next;
    }
    Ok(out
        .into_iter()
        .map(|(indices, c)| (Monomial(indices), c))
        .collect())
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
    /// `x1x2x5` with 1-based names, `he3(x1)` for a Hermite degree of 2 or
    /// more (`he2(x1)x2`); `1` for the constant monomial.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "1");
        }
        for (i, k) in self.exponents() {
            if k == 1 {
                write!(f, "x{}", i + 1)?;
            } else {
                write!(f, "he{k}(x{})", i + 1)?;
            }
        }
        Ok(())
    }
}
