//! Targets on continuous inputs under rotations: weights by degree,
//! variance, second moments and orbit alignment on the Gaussian and on
//! the sphere of radius √d, through the harmonic (Fischer) decomposition
//! of polynomials.
//!
//! Notation. `P_n` is the space of homogeneous polynomials of degree `n`
//! in `x ∈ R^d` with the Fischer inner product `⟨x^α, x^β⟩_F = α!·δ_{αβ}`
//! (the adjoint of multiplying by `x_i` is `∂_i`, so that of `r² = |x|²` is
//! the Laplacian `Δ`). `H_j ⊂ P_j` are the harmonic polynomials, an
//! irreducible representation of `O(d)` of dimension
//! `N(d, j) = C(d+j−1, j) − C(d+j−3, j−2)`. Every `p ∈ P_n` splits
//! Fischer-orthogonally as `p = Σ_t r^{2t} h_t` with `h_t ∈ H_{n−2t}`, and:
//!
//! - `H[q] = Σ_i c_i(j) r^{2i} Δ^i q` is the harmonic projection of
//!   `q ∈ P_j`, with `c_i(j) = (−1)^i / Π_{l=1}^{i} 2l(d + 2j − 2l − 2)`;
//! - `h_t = H[Δ^t p] / K_t(j)` with `j = n − 2t` and
//!   `K_t(j) = Π_{i=1}^{t} 2i(2i + 2j + d − 2) = ‖r^{2t}h‖²_F / ‖h‖²_F`;
//! - `⟨H[q], H[q']⟩_F = ⟨H[q], q'⟩_F = Σ_i c_i(j) ⟨Δ^i q, Δ^i q'⟩_F`.
//!
//! So everything reduces to Laplacians and Fischer products of sparse
//! polynomials in the target's own coordinates, whatever `d` is.
//!
//! **Gaussian.** The Wick map `x^α ↦ He_α` is an `O(d)`-equivariant
//! isometry from `(P_n, ⟨,⟩_F)` onto the degree-n Wiener chaos, so the
//! target's chaos-n part is `P_n = Σ_{|α|=n} a_α x^α` read as an ordinary
//! polynomial. `H_j` occurs once in each chaos `n = j, j+2, …`: a
//! multilinear monomial of degree k is harmonic, so lies in the copy in
//! chaos k; `He_3(x1) ↔ x1³ = h + r²·(3/(d+2))·x1` has a part in `H_3` and a
//! part in the copy of `H_1` inside chaos 3.
//!
//! **Sphere.** On `|x|² = d` the target `f = Σ a_α He_α` is the ordinary
//! polynomial `P = Σ_n P_n`, and `r^{2t} = d^t`, so its degree-j spherical
//! harmonic part is `F_j = Σ_t d^t h_{j+2t,t} = H[u_j]` with
//! `u_j = Σ_t d^t Δ^t P_{j+2t} / K_t(j)`; `L²(sphere) = ⊕_j H_j` without
//! multiplicity, and for harmonic `h ∈ H_j`,
//! `E_sphere[h²] = m_j ‖h‖²_F` with `m_j = Π_{i<j} d/(d + 2i)`.

use super::error::TargetError;
use super::expand::brief;
use super::fischer::{fischer, hermite_to_ordinary, laplacian};
use super::monomial::Monomial;
use super::polynomial::{Polynomial, Term};
use super::special::ln_sphere_moment;
use crate::data::Domain;

/// The most work the harmonic decomposition of a target may take, in
/// polynomial terms created ([`harmonic_work`]); a fraction of a second
/// and under 100 MiB natively.
pub const MAX_HARMONIC_WORK: u64 = 1 << 22;

/// An upper estimate, computed from the terms alone before anything is
/// built, of the polynomial terms that the harmonic decomposition of `f`
/// creates (its ordinary expansion and the chains of Laplacians): each
/// term `He_α` expands to `Π_i (⌊α_i/2⌋ + 1)` ordinary monomials, each
/// carried through chains of Laplacians `c = 1 + Σ_i ⌊α_i/2⌋` long, once
/// per degree up to `c` (the weights by degree and the channels of the
/// alignment): `Π_i (⌊α_i/2⌋ + 1) · c²`. A multilinear term costs 1.
/// Saturates rather than overflows, in 64 bits on every target (the same
/// figure natively and in wasm).
pub fn harmonic_work(f: &Polynomial) -> u64 {
    f.terms().iter().fold(0u64, |acc, t| {
        let (mut size, mut chain) = (1u64, 1u64);
        for (_, k) in t.monomial.exponents() {
            size = size.saturating_mul(u64::from(k / 2) + 1);
            chain = chain.saturating_add(u64::from(k / 2));
        }
        acc.saturating_add(size.saturating_mul(chain).saturating_mul(chain))
    })
}

/// Refuses a target whose harmonic decomposition ([`harmonic_work`]) is
/// over [`MAX_HARMONIC_WORK`], naming the target, the estimate and the
/// limit; `what` says what needs the decomposition.
pub(crate) fn check_harmonic_work(f: &Polynomial, what: &str) -> Result<(), TargetError> {
    let work = harmonic_work(f);
    if work > MAX_HARMONIC_WORK {
        return Err(TargetError::new(format!(
            "{} has Hermite terms whose harmonic decomposition ({what}) would build \
             {} polynomial terms, over the limit of {MAX_HARMONIC_WORK}; use fewer \
             or lower-degree Hermite factors",
            brief(f),
            approx(work)
        )));
    }
    Ok(())
}

/// An estimate for a person: `about 123456` below a million, else like
/// `about 1.1e9`; `more than 1.8e19` when it saturated.
pub(crate) fn approx(n: u64) -> String {
    if n == u64::MAX {
        format!("more than {:.1e}", n as f64)
    } else if n < 1_000_000 {
        format!("about {n}")
    } else {
        format!("about {:.1e}", n as f64)
    }
}

/// `c_i(j) = (−1)^i / Π_{l=1}^{i} 2l(d + 2j − 2l − 2)`, the coefficients of
/// the harmonic projection on `P_j`.
fn projection_coefficient(i: usize, j: usize, d: f64) -> f64 {
    (1..=i).fold(1.0, |acc, l| {
        -acc / (2.0 * l as f64 * (d + 2.0 * (j as f64) - 2.0 * l as f64 - 2.0))
    })
}

/// `K_t(j) = Π_{i=1}^{t} 2i(2i + 2j + d − 2) = ‖r^{2t} h‖²_F / ‖h‖²_F` for
/// `h ∈ H_j`.
fn radial_norm(t: usize, j: usize, d: f64) -> f64 {
    (1..=t).fold(1.0, |acc, i| {
        acc * 2.0 * i as f64 * (2.0 * i as f64 + 2.0 * j as f64 + d - 2.0)
    })
}

/// `Δ^a P_n` for every homogeneous part `P_n` of a polynomial and every
/// `a ≤ n/2`.
struct Iterates {
    d: f64,
    /// `lap[n][a] = Δ^a P_n`.
    lap: Vec<Vec<Polynomial>>,
}

impl Iterates {
    /// The iterates of the homogeneous parts of the ordinary polynomial `p`.
    fn new(p: &Polynomial, d: usize) -> Self {
        let degree = p.degree();
        let mut parts: Vec<Vec<Term>> = vec![Vec::new(); degree + 1];
        for t in p.terms() {
            parts[t.monomial.degree()].push(t.clone());
        }
        let lap = parts
            .into_iter()
            .enumerate()
            .map(|(n, terms)| {
                let mut chain = vec![Polynomial::from_terms(terms)];
                for _ in 0..n / 2 {
                    let next = laplacian(chain.last().expect("the chain starts with P_n"));
                    chain.push(next);
                }
                chain
            })
            .collect();
        Iterates { d: d as f64, lap }
    }

    fn degree(&self) -> usize {
        self.lap.len() - 1
    }

    /// `‖H[q]‖²_F`-type sums: `Σ_i c_i(j) ⟨Δ^i q, Δ^i q'⟩_F` for
    /// `q = Δ^a P_n`, `q' = Δ^b P_m` of degree `j`.
    fn projected(&self, (n, a): (usize, usize), (m, b): (usize, usize)) -> f64 {
        let j = n - 2 * a;
        (0..=j / 2)
            .map(|i| {
                projection_coefficient(i, j, self.d)
                    * fischer(&self.lap[n][a + i], &self.lap[m][b + i])
            })
            .sum()
    }
}

/// The weights of a target on the Gaussian `N(0, I_d)` by Wiener chaos:
/// `W_n = Σ_{|α|=n} a_α² α!` for `n = 0 ..= degree` (`W_0 = E[f]²`, the
/// rest sum to `Var(f)`).
pub fn gaussian_weights(f: &Polynomial) -> Vec<f64> {
    let mut w = vec![0.0; f.degree() + 1];
    for t in f.terms() {
        w[t.monomial.degree()] += t.coeff * t.coeff * t.monomial.factorial();
    }
    w
}

/// `E[B²]` for the basis function `B` of monomial `m` under the inputs of
/// `domain` in dimension `d`: 1 on the hypercube (`χ_S² = 1`), `α!` on the
/// Gaussian, and on the sphere `Σ_j W_j` of its harmonic decomposition,
/// which is `Π_{i<k} d/(d+2i)` for a multilinear monomial of degree k.
pub fn second_moment(m: &Monomial, domain: Domain, d: usize) -> f64 {
    match domain {
        Domain::Cube => 1.0,
        Domain::Gaussian => m.factorial(),
        Domain::Sphere if m.is_multilinear() => libm::exp(ln_sphere_moment(d, m.degree())),
        Domain::Sphere => {
            let single = Polynomial::from_terms([Term {
                monomial: m.clone(),
                coeff: 1.0,
            }]);
            SphereParts::new(&single, d)
                .ln_weights()
                .iter()
                .map(|l| libm::exp(*l))
                .sum()
        }
    }
}

/// `Var(f)` under the inputs of `domain` in dimension `d` (uniform inputs
/// on the hypercube): `Σ_{S≠∅} a_S²` on the hypercube, `Σ_{α≠0} a_α² α!` on
/// the Gaussian, `Σ_{j≥1} W_j` over the spherical harmonic degrees on the
/// sphere.
pub fn variance_on(f: &Polynomial, domain: Domain, d: usize) -> f64 {
    match domain {
        Domain::Cube => f.variance_uniform(),
        Domain::Gaussian => gaussian_weights(f).iter().skip(1).sum(),
        Domain::Sphere => SphereParts::new(f, d)
            .ln_weights()
            .iter()
            .skip(1)
            .map(|l| libm::exp(*l))
            .sum(),
    }
}
/// `‖M_j‖²_F` for `j = 0 ..= degree` on the Gaussian (see
/// `alignment::ln_gaussian_orthogonal_sum`): `M_j = Σ_n v_n v_nᵀ` over the
/// copies `n` of `H_j` in which the centred target `f` has a part, and
/// `‖M_j‖²_F = Σ_{n,m} ⟨v_n, v_m⟩²` with
/// `⟨v_n, v_m⟩ = Σ_i c_i(j) ⟨Δ^{t+i} P_n, Δ^{s+i} P_m⟩_F / √(K_t(j) K_s(j))`.
pub(crate) fn gaussian_orthogonal_norms(f: &Polynomial, d: usize) -> Vec<f64> {
    let iterates = Iterates::new(f, d);
    let degree = iterates.degree();
    (0..=degree)
        .map(|j| {
            // the copies of H_j where f has a part: chaos n = j + 2t with
            // Δ^t P_n ≠ 0, the constant chaos left out
            let copies: Vec<(usize, usize)> = (j..=degree)
                .step_by(2)
                .filter(|&n| n >= 1)
                .map(|n| (n, (n - j) / 2))
                .filter(|&(n, t)| !iterates.lap[n][t].terms().is_empty())
                .collect();
            let mut frobenius = 0.0;
            for &(n, t) in &copies {
                for &(m, s) in &copies {
                    let scale =
                        libm::sqrt(radial_norm(t, j, iterates.d) * radial_norm(s, j, iterates.d));
                    let v = iterates.projected((n, t), (m, s)) / scale;
                    frobenius += v * v;
                }
            }
            frobenius
        })
        .collect()
}

/// A target's harmonic decomposition on the sphere of radius `√d`:
/// `F_j = H[u_j]`, its Fischer norms and the sphere weights.
pub(crate) struct SphereParts {
    /// Dimension `d`.
    pub d: usize,
    /// `u_j = Σ_t d^t Δ^t P_{j+2t} / K_t(j)` for `j = 0 ..= degree`: a
    /// polynomial in the target's own coordinates whose harmonic
    /// projection is the degree-j part `F_j`.
    u: Vec<Polynomial>,
    /// `‖F_j‖²_F = Σ_i c_i(j) ‖Δ^i u_j‖²_F` (clamped at 0 against rounding).
    norms: Vec<f64>,
}

impl SphereParts {
    /// The decomposition of `f = Σ a_α He_α` restricted to the sphere.
    pub fn new(f: &Polynomial, d: usize) -> Self {
        let iterates = Iterates::new(&hermite_to_ordinary(f), d);
        let degree = iterates.degree();
        let df = d as f64;
        let u: Vec<Polynomial> = (0..=degree)
            .map(|j| {
                let terms = (0..=(degree - j) / 2).flat_map(|t| {
                    let scale = libm::pow(df, t as f64) / radial_norm(t, j, df);
                    iterates.lap[j + 2 * t][t]
                        .terms()
                        .iter()
                        .map(move |term| Term {
                            monomial: term.monomial.clone(),
                            coeff: term.coeff * scale,
                        })
                });
                Polynomial::from_terms(terms.collect::<Vec<_>>())
            })
            .collect();
        let norms = u
            .iter()
            .enumerate()
            .map(|(j, uj)| {
                let mut lap = uj.clone();
                let mut norm = 0.0;
                for i in 0..=j / 2 {
                    norm += projection_coefficient(i, j, df) * fischer(&lap, &lap);
                    lap = laplacian(&lap);
                }
                norm.max(0.0)
            })
            .collect();
        SphereParts { d, u, norms }
    }

    /// `ln W_j = ln m_j + ln ‖F_j‖²_F`, `W_j = E_sphere[F_j²]`, for
    /// `j = 0 ..= degree` (`W_0 = E[f]²`; the rest sum to `Var(f)`).
    pub fn ln_weights(&self) -> Vec<f64> {
        self.norms
            .iter()
            .enumerate()
            .map(|(j, &n)| ln_sphere_moment(self.d, j) + libm::log(n))
            .collect()
    }

    /// The channels of `⟨f̃, f̃∘g⟩` for a signed permutation `g`:
    /// `Σ_{j≥1} m_j ⟨F_j, F_j∘g⟩_F = Σ_{j≥1} Σ_i m_j c_i(j) ⟨Δ^i u_j, (Δ^i u_j)∘g⟩_F`
    /// (`F_j` is harmonic, so only `u_j`'s Fischer product with it counts,
    /// and `Δ` commutes with `g`), as `(ln |w|, sign of w, q)` with
    /// `w = m_j c_i(j)`, `q = Δ^i u_j`.
    pub(crate) fn channels(&self) -> Vec<(f64, f64, Polynomial)> {
        let df = self.d as f64;
        let mut out = Vec::new();
        for (j, uj) in self.u.iter().enumerate().skip(1) {
            let mut q = uj.clone();
            for i in 0..=j / 2 {
                let c = projection_coefficient(i, j, df);
                if !q.terms().is_empty() {
                    out.push((
                        ln_sphere_moment(self.d, j) + libm::log(c.abs()),
                        c,
                        q.clone(),
                    ));
                }
                q = laplacian(&q);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::polynomial::from_multisets as poly;

    #[test]
    fn sphere_variance_of_he2_is_the_fourth_moment_minus_one() {
        // Var(x1² − 1) = E[x1⁴] − 1 = 3d/(d+2) − 1 on the sphere
        for d in [1, 3, 20] {
            let parts = SphereParts::new(&poly(&[(&[0, 0], 1.0)]), d);
            assert_eq!(parts.ln_weights()[0], f64::NEG_INFINITY, "E[x1² − 1] = 0");
            let w: f64 = parts
                .ln_weights()
                .iter()
                .skip(1)
                .map(|l| libm::exp(*l))
                .sum();
            let want = 3.0 * d as f64 / (d as f64 + 2.0) - 1.0;
            assert!((w - want).abs() < 1e-12, "d = {d}: {w} vs {want}");
        }
    }
}
