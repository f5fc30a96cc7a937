//! What a target is made of and what theory predicts for learning it:
//! degree, weights by degree, merged-staircase property, leap complexity
//! and orbit alignment under the run's symmetry group, on the uniform or
//! p-biased hypercube, the Gaussian or the sphere.

use serde::Serialize;

use super::alignment::{alignment_on, Group};
use super::biased::{biased_expansion, BiasedBasis};
use super::error::TargetError;
use super::harmonic::{check_harmonic_work, gaussian_weights, SphereParts};
use super::leap::leap_complexity;
use super::monomial::Monomial;
use super::polynomial::Polynomial;
use crate::data::Domain;

/// The analysis of one target; its fields are the JSON keys of
/// `leaplab analyze --json`. Index arrays are 1-based (`[1, 2]` is `x1x2`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// The target's normalised text (its canonical [`Polynomial`] display).
    pub target: String,
    /// Input dimension `d`.
    pub d: usize,
    /// Where the inputs live: `cube`, `gaussian` or `sphere`.
    pub domain: Domain,
    /// `P(x_i = +1)` on the hypercube; 0.5 is uniform (and the only value
    /// on the other domains).
    pub p: f64,
    /// Whether the first layer's initialisation is rotation invariant
    /// (Gaussian), which with rotation-invariant inputs makes the group
    /// `O(d)`.
    pub isotropic_init: bool,
    /// `max |S|` over the target's monomials.
    pub degree: usize,
    /// The coordinates the target depends on, sorted, 1-based.
    pub support: Vec<u32>,
    /// The target's monomials in canonical order (degree, then indices),
    /// including the constant `[]` if present; a Hermite term `He_k(x_i)`
    /// repeats `i` k times (`he2(x1)x2` is `[1, 1, 2]`).
    pub monomials: Vec<Vec<u32>>,
    /// The weight `W_j` of the target's degree-j part for
    /// `j = 0 ..= degree` (`W_0 = E[f]²`, the rest sum to the variance):
    /// on the hypercube `Σ_{|S|=j} b_S²` in the orthonormal basis of the
    /// input distribution (`b_S = a_S` for p = 1/2, the p-biased
    /// coefficients of [`biased_expansion`](super::biased_expansion)
    /// otherwise); on the Gaussian `Σ_{|α|=j} a_α² α!` (Wiener chaos j); on
    /// the sphere `E[F_j²]` for the degree-j spherical harmonic part `F_j`
    /// (for a multilinear target `Π_{i<j} d/(d+2i) · Σ_{|S|=j} a_S²`).
    pub weight_by_degree: Vec<f64>,
    /// `Var(f) = Σ_{j≥1} W_j` under the input distribution.
    pub variance: f64,
    /// The merged-staircase property (`leap ≤ 1`) of the supports in the
    /// distribution's basis.
    pub msp: bool,
    /// When `msp`, the supports in an order where each brings at most one
    /// new coordinate; `None` otherwise.
    pub msp_order: Option<Vec<Vec<u32>>>,
    /// Leap complexity of the nonempty monomials in the distribution's
    /// basis (a biased parity's expansion has degree-1 terms, so its leap
    /// is 1): `min over orderings of max_i Σ_{c ∉ ∪_{j<i} supp α_j} α_{i,c}`,
    /// the Hermite degree a monomial brings on coordinates not yet covered,
    /// which is `|S_i ∖ ∪_{j<i} S_j|` for multilinear monomials and `k` for
    /// `he_k(x1)` (its information exponent); 0 for a constant.
    pub leap: usize,
    /// The supports in an order attaining `leap`.
    pub leap_order: Vec<Vec<u32>>,
    /// The symmetry group of the run the alignment is for (see
    /// [`symmetry_group`]): `signed-permutations`, `permutations` or
    /// `orthogonal`.
    pub group: Group,
    /// Orbit alignment `GAL = E_g[⟨f̃, f̃∘g⟩²]` of the target centred and
    /// scaled to unit variance over a random element `g` of the group (see
    /// [`alignment_on`](super::alignment_on)): `Σ_{j≥1} W_j² / C(d, j)`
    /// under signed permutations for a multilinear target,
    /// `Σ_{j≥1} W_j² / N(d, j)` under `O(d)`. With p-biased inputs the
    /// uniform-input signed-permutation figure.
    pub gal: f64,
    /// `−ln GAL / ln d`: `GAL = d^−gal_exponent`.
    pub gal_exponent: f64,
    /// `max(leap − 1, 1)`: online SGD is predicted to need about
    /// `d^sgd_exponent` samples, steps × batch size (up to constants and
    /// log factors).
    pub sgd_exponent: f64,
    /// The group and why it is the run's, in words.
    pub symmetry: String,
}

fn one_based(m: &Monomial) -> Vec<u32> {
    m.indices().iter().map(|i| i + 1).collect()
}

/// The group under which a run is invariant, and why, in words: the
/// symmetries shared by its input distribution (signed permutations on the
/// uniform hypercube, permutations when `p ≠ 1/2`, `O(d)` for the Gaussian
/// and the sphere) and its first-layer initialisation (`O(d)` for i.i.d.
/// Gaussian weights, signed permutations for any other i.i.d. symmetric
/// law: uniform, Rademacher, Rademacher plus noise). Training is
/// equivariant under their intersection.
pub fn symmetry_group(domain: Domain, p: f64, isotropic_init: bool) -> (Group, String) {
    let inputs = match domain {
        Domain::Cube => "the hypercube",
        Domain::Gaussian => "Gaussian inputs",
        Domain::Sphere => "inputs on the sphere",
    };
    match domain {
        Domain::Cube if p != 0.5 => (
            Group::Permutations,
            format!(
                "permutations only: the bias p = {p} breaks the sign-flip symmetry; \
                 the GAL given is the uniform-input figure under signed permutations"
            ),
        ),
        Domain::Cube => (
            Group::SignedPermutations,
            "signed permutations: coordinate permutations and sign flips, the only \
             symmetries of the hypercube, whatever the initialisation"
                .to_string(),
        ),
        _ if isotropic_init => (
            Group::Orthogonal,
            format!(
                "the orthogonal group O(d): {inputs} and the Gaussian initialisation are both \
                 invariant under every rotation, so training is equivariant under all of O(d)"
            ),
        ),
        _ => (
            Group::SignedPermutations,
            format!(
                "signed permutations: {inputs} are invariant under all of O(d), but an \
                 initialisation with i.i.d. non-Gaussian entries (uniform, Rademacher) is \
                 invariant only under coordinate permutations and sign flips"
            ),
        ),
    }
}

/// The largest target an analysis takes, as `Σ (1 + |S|)` over its terms
/// (`2^21`): the analysis lists its monomials three times over (the
/// monomials, the leap order, the staircase order) and prints them;
/// `majority(17)` is 622,592 and takes a quarter of a second natively.
pub const MAX_ANALYSIS_WORK: usize = 1 << 21;

/// Analyses target `f` on `{-1,+1}^d` with `P(x_i = +1) = p`:
/// [`analyze_on`] on the hypercube (where the initialisation does not
/// change the group).
pub fn analyze(f: &Polynomial, d: usize, p: f64) -> Result<Analysis, TargetError> {
    analyze_on(f, Domain::Cube, d, p, false)
}

/// Analyses target `f` on `domain` in dimension `d`, with hypercube bias
/// `p` and a first-layer initialisation that is rotation invariant or not
/// (`isotropic_init`, see [`symmetry_group`]).
///
/// On the hypercube with `p = 1/2` everything is read off `f`'s own
/// coefficients. Otherwise the weights, variance, staircase property and
/// leap are those of the p-biased expansion
/// ([`biased_expansion`](super::biased_expansion)), and GAL stays the
/// uniform-input figure of `f`. On the Gaussian and the sphere, `f` is
/// read in the Hermite basis: the leap is over its multi-indices, the
/// weights are by Wiener chaos (Gaussian) or spherical-harmonic degree
/// (sphere), and GAL is over the run's group.
///
/// Errors when `f` is over [`MAX_ANALYSIS_WORK`], when its harmonic
/// decomposition or alignment is over their limits (see
/// [`alignment_on`](super::alignment_on)), when `d = 0`, when `f` uses a
/// coordinate beyond `d`, when `p` is
/// not in `(0, 1)` (or not 1/2 off the hypercube), when `f` has a Hermite
/// term of degree 2 or more on the hypercube, or when the biased expansion
/// is too large.
pub fn analyze_on(
    f: &Polynomial,
    domain: Domain,
    d: usize,
    p: f64,
    isotropic_init: bool,
) -> Result<Analysis, TargetError> {
    if d == 0 {
        return Err(TargetError::new("d must be at least 1"));
    }
    if let Some(i) = f.max_index() {
        if i as usize >= d {
            return Err(TargetError::new(format!(
                "the target uses x{} but d = {d}",
                i + 1
            )));
        }
    }
    let units = super::expand::units(f);
    if units > MAX_ANALYSIS_WORK {
        return Err(TargetError::new(format!(
            "the analysis lists and orders every monomial: {} has {} monomials of total \
             size Σ(1 + |S|) = {units}, over the limit of {MAX_ANALYSIS_WORK}; analyse a \
             smaller target",
            super::expand::brief(f),
            f.terms().len()
        )));
    }
    BiasedBasis::new(p)?;
    if domain.is_continuous() && p != 0.5 {
        return Err(TargetError::new(format!(
            "p = {p} is a bias of hypercube inputs; {domain} inputs have none (p = 0.5)"
        )));
    }
    if domain == Domain::Cube && !f.is_multilinear() {
        return Err(TargetError::new(
            "Hermite terms of degree 2 or more are not functions of hypercube inputs \
             (there x_i² = 1)",
        ));
    }
    let (group, symmetry) = symmetry_group(domain, p, isotropic_init);
    let biased;
    let basis_f = if domain == Domain::Cube && p != 0.5 {
        biased = biased_expansion(f, p)?;
        &biased
    } else {
        f
    };
    let degree = f.degree();
    if domain == Domain::Sphere {
        check_harmonic_work(f, "on the sphere")?;
    }
    let mut weight_by_degree = match domain {
        Domain::Cube => basis_f.weight_by_degree(),
        Domain::Gaussian => gaussian_weights(f),
        Domain::Sphere => SphereParts::new(f, d)
            .ln_weights()
            .iter()
            .map(|l| libm::exp(*l))
            .collect(),
    };
    weight_by_degree.resize(degree + 1, 0.0);
    // + 0.0: an empty or all-zero sum is -0.0, which would print as "-0"
    let variance = weight_by_degree.iter().skip(1).sum::<f64>() + 0.0;
    let leap = leap_complexity(basis_f);
    let leap_order: Vec<Vec<u32>> = leap.order.iter().map(one_based).collect();
    let mut support: Vec<u32> = f
        .monomials()
        .flat_map(|m| m.indices().iter().map(|i| i + 1))
        .collect();
    support.sort_unstable();
    support.dedup();
    let alignment = alignment_on(f, domain, d, group)?;
    Ok(Analysis {
        target: f.to_string(),
        d,
        domain,
        p,
        isotropic_init,
        degree,
        support,
        monomials: f.monomials().map(one_based).collect(),
        weight_by_degree,
        variance,
        msp: leap.is_msp(),
        msp_order: leap.is_msp().then(|| leap_order.clone()),
        leap: leap.leap,
        leap_order,
        group,
        gal: alignment.gal,
        gal_exponent: alignment.exponent,
        sgd_exponent: leap.leap.saturating_sub(1).max(1) as f64,
        symmetry,
    })
}
