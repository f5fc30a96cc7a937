//! Orbit alignment of a target under the symmetry group of a run: signed
//! permutations (hypercube, or any non-Gaussian initialisation) or the
//! orthogonal group (Gaussian or spherical inputs with a Gaussian
//! initialisation).

use std::collections::BTreeMap;

use serde::Serialize;

use super::error::TargetError;
use super::harmonic::{
    approx, check_harmonic_work, gaussian_orthogonal_norms, gaussian_weights, SphereParts,
};
use super::monomial::Monomial;
use super::polynomial::{Polynomial, Term};
use super::special::{ln_binomial, ln_harmonic_dimension, ln_sum_exp, LogSum};
use crate::data::Domain;

/// The most pairs of terms the exact signed-permutation alignment may
/// compare ([`signed_permutation_pairs`]).
pub const MAX_ALIGNMENT_PAIRS: u64 = 1 << 22;

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
    Alignment::from_ln(ln_sum_exp(&logs), d)
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
                ln_sphere_orthogonal_sum(&parts)
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

/// `ln E_{g ∈ O(d)}[⟨f̃, f̃∘g⟩²]` for the centred target `f̃ = f − E f` on
/// the Gaussian, before normalising by `Var(f)²`.
///
/// By Schur orthogonality, for a representation in which the irreducible
/// `H_j` occurs in several copies, `E_g[⟨f, g·f⟩²] = Σ_j ‖M_j‖²_F / N(d, j)`
/// where `M_j = Σ_n v_n v_nᵀ` over the copies `n` and `v_n ∈ H_j` is `f`'s
/// component in copy `n` carried to `H_j` by the equivariant isometry
/// (unique up to sign). The copy of `H_j` in chaos `n = j + 2t` is
/// `{:r^{2t} h: : h ∈ H_j}` with norm `√K_t(j)·‖h‖_F`, so
/// `v_n = H[Δ^t P_n] / √K_t(j)` and
/// `⟨v_n, v_m⟩ = Σ_i c_i(j) ⟨Δ^{t+i} P_n, Δ^{s+i} P_m⟩_F / √(K_t(j) K_s(j))`,
/// `‖M_j‖²_F = Σ_{n,m} ⟨v_n, v_m⟩²`. For a multilinear target only `t = 0`
/// occurs and this is `Σ_k W_k² / N(d, k)`.
pub(crate) fn ln_gaussian_orthogonal_sum(f: &Polynomial, d: usize) -> f64 {
    let mut sum = LogSum::default();
    for (j, frobenius) in gaussian_orthogonal_norms(f, d).into_iter().enumerate() {
        let ln_dim = ln_harmonic_dimension(d, j);
        if frobenius > 0.0 && ln_dim > f64::NEG_INFINITY {
            sum.add(1.0, libm::log(frobenius) - ln_dim);
        }
    }
    sum.ln()
}

/// `ln E_{g∈O(d)}[⟨f̃, f̃∘g⟩²] = ln Σ_{j≥1} W_j² / N(d, j)` on the sphere:
/// the sphere's `L²` holds each `H_j` once, so Schur orthogonality leaves
/// one term per degree.
fn ln_sphere_orthogonal_sum(parts: &SphereParts) -> f64 {
    let mut sum = LogSum::default();
    for (j, ln_w) in parts.ln_weights().into_iter().enumerate().skip(1) {
        let ln_dim = ln_harmonic_dimension(parts.d, j);
        if ln_dim > f64::NEG_INFINITY {
            sum.add(1.0, 2.0 * ln_w - ln_dim);
        }
    }
    sum.ln()
}

/// `ln E_g[⟨f, f∘g⟩²]` over uniformly random signed permutations `g`
/// (`(gx)_i = s_i x_{π(i)}`), when `⟨f, f∘g⟩ = Σ_c w_c ⟨q_c, q_c∘g⟩` for
/// channels `(ln |w_c|, sign w_c, q_c)` and a form in which monomials are
/// orthogonal with `⟨x^α, x^α⟩ = α!` (the Fischer product, or the Gaussian
/// one for Hermite coefficients; the hypercube's, with `α! = 1`).
///
/// `⟨q, q∘g⟩ = Σ_β q_β q_{π·β} β! s^β`. Averaging the square over the signs
/// keeps the pairs `(β, δ)` with `β ≡ δ (mod 2)`; a uniform `π` then maps
/// the pair to another pair `(β', δ')` with probability `Π_v n_v! / d!`
/// when both have the same joint type (the multiset of `(β_i, δ_i)` over
/// coordinates, `n_v` its multiplicities, zeros included) and 0 otherwise.
/// So `E = Σ_{c,c'} w_c w_{c'} Σ_τ P_τ X_τ²` with
/// `X_τ = Σ_{(β,δ) of type τ} √(β! δ!) q_{c,β} q_{c',δ}`. For a multilinear
/// target on the hypercube this is `Σ_j W_j² / C(d, j)`.
///
/// Refuses, before comparing any pair, when the pairs to compare
/// ([`signed_permutation_pairs`]) are over [`MAX_ALIGNMENT_PAIRS`].
pub(crate) fn ln_signed_permutation_sum(
    channels: &[(f64, f64, Polynomial)],
    d: usize,
) -> Result<f64, TargetError> {
    let pairs = signed_permutation_pairs(channels);
    if pairs > MAX_ALIGNMENT_PAIRS {
        let terms: usize = channels.iter().map(|c| c.2.terms().len()).sum();
        return Err(TargetError::new(format!(
            "the alignment under signed permutations would compare {} pairs of \
             terms ({} channels, {terms} terms), over the limit of {MAX_ALIGNMENT_PAIRS}; \
             use fewer or lower-degree Hermite factors, or a Gaussian initialisation \
             (init=gaussian, whose group O(d) has a closed form)",
            approx(pairs),
            channels.len()
        )));
    }
    Ok(signed_permutation_sum(channels, d))
}

/// The pairs of terms [`ln_signed_permutation_sum`] compares: over every
/// pair of channels, the pairs of their terms with the same pattern of odd
/// exponents, which is `Σ_pattern (Σ_channels count)²`. Linear in the
/// channels' terms.
pub(crate) fn signed_permutation_pairs(channels: &[(f64, f64, Polynomial)]) -> u64 {
    let mut by_parity: BTreeMap<Vec<u32>, u64> = BTreeMap::new();
    for (_, _, q) in channels {
        for t in q.terms() {
            *by_parity.entry(odd_pattern(&t.monomial)).or_default() += 1;
        }
    }
    by_parity
        .values()
        .fold(0u64, |acc, &n| acc.saturating_add(n.saturating_mul(n)))
}

/// The coordinates of odd degree in `m`.
fn odd_pattern(m: &Monomial) -> Vec<u32> {
    m.exponents()
        .filter(|&(_, k)| k % 2 == 1)
        .map(|(i, _)| i)
        .collect()
}

fn signed_permutation_sum(channels: &[(f64, f64, Polynomial)], d: usize) -> f64 {
    // each channel's terms grouped by parity pattern (coordinates of odd degree)
    let groups: Vec<BTreeMap<Vec<u32>, Vec<&Term>>> = channels
        .iter()
        .map(|(_, _, q)| {
            let mut by_parity: BTreeMap<Vec<u32>, Vec<&Term>> = BTreeMap::new();
            for t in q.terms() {
                by_parity
                    .entry(odd_pattern(&t.monomial))
                    .or_default()
                    .push(t);
            }
            by_parity
        })
        .collect();
    let ln_falling: Vec<f64> = {
        let most = channels
            .iter()
            .map(|(_, _, q)| {
                q.terms()
                    .iter()
                    .map(|t| t.monomial.degree())
                    .max()
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        let mut acc = vec![0.0];
        for i in 0..(2 * most).min(d) {
            acc.push(acc[i] + libm::log((d - i) as f64));
        }
        acc
    };
    let mut sum = LogSum::default();
    for (a, (ln_wa, sign_a, _)) in channels.iter().enumerate() {
        for (b, (ln_wb, sign_b, _)) in channels.iter().enumerate() {
            let mut by_type: BTreeMap<Vec<(u32, u32)>, f64> = BTreeMap::new();
            for (parity, left) in &groups[a] {
                let Some(right) = groups[b].get(parity) else {
                    continue;
                };
                for s in left {
                    for t in right {
                        let key = joint_type(&s.monomial, &t.monomial);
                        let x = libm::sqrt(s.monomial.factorial() * t.monomial.factorial())
                            * s.coeff
                            * t.coeff;
                        *by_type.entry(key).or_insert(0.0) += x;
                    }
                }
            }
            for (key, x) in by_type {
                if x == 0.0 {
                    continue;
                }
                // ln P_τ = Σ_v ln n_v! + ln (d − u)! − ln d!
                let mut ln_p = -ln_falling[key.len()];
                for run in key.chunk_by(|p, q| p == q) {
                    ln_p += (2..=run.len()).map(|n| libm::log(n as f64)).sum::<f64>();
                }
                sum.add(
                    sign_a * sign_b,
                    ln_wa + ln_wb + ln_p + 2.0 * libm::log(x.abs()),
                );
            }
        }
    }
    sum.ln()
}

/// The joint type of `(β, δ)`: the sorted list of `(β_i, δ_i)` over the
/// coordinates where either is nonzero.
fn joint_type(beta: &Monomial, delta: &Monomial) -> Vec<(u32, u32)> {
    let (mut a, mut b) = (beta.exponents().peekable(), delta.exponents().peekable());
    let mut key = Vec::new();
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (Some((i, k)), Some((j, l))) if i == j => {
                key.push((k, l));
                a.next();
                b.next();
            }
            (Some((i, k)), Some((j, _))) if i < j => {
                key.push((k, 0));
                a.next();
            }
            (Some(_), Some((_, l))) => {
                key.push((0, l));
                b.next();
            }
            (Some((_, k)), None) => {
                key.push((k, 0));
                a.next();
            }
            (None, Some((_, l))) => {
                key.push((0, l));
                b.next();
            }
            (None, None) => break,
        }
    }
    key.sort_unstable();
    key
}
