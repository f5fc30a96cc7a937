//! What a target is made of and what theory predicts for learning it:
//! degree, Fourier weights, merged-staircase property, leap complexity and
//! orbit alignment, for uniform or p-biased inputs.

use serde::Serialize;

use super::alignment::orbit_alignment;
use super::biased::biased_expansion;
use super::error::TargetError;
use super::leap::leap_complexity;
use super::polynomial::{Monomial, Polynomial};

/// The analysis of one target; its fields are the JSON keys of
/// `leaplab analyze --json`. Index arrays are 1-based (`[1, 2]` is `x1x2`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// The target's normalised text (its canonical [`Polynomial`] display).
    pub target: String,
    /// Input dimension: inputs are `{-1,+1}^d`.
    pub d: usize,
    /// `P(x_i = +1)`; 0.5 is uniform.
    pub p: f64,
    /// `max |S|` over the target's monomials.
    pub degree: usize,
    /// The coordinates the target depends on, sorted, 1-based.
    pub support: Vec<u32>,
    /// The target's monomials in canonical order (degree, then indices),
    /// including the constant `[]` if present.
    pub monomials: Vec<Vec<u32>>,
    /// `W_j = Σ_{|S|=j} b_S²` for `j = 0 ..= degree`, in the orthonormal
    /// basis of the input distribution: `b_S = a_S` (the coefficients) for
    /// p = 1/2, the p-biased coefficients of
    /// [`biased_expansion`](super::biased_expansion) otherwise. `W_0` is
    /// `E[f]²`.
    pub weight_by_degree: Vec<f64>,
    /// `Var(f) = Σ_{j≥1} W_j` under the input distribution.
    pub variance: f64,
    /// The merged-staircase property (`leap ≤ 1`) of the supports in the
    /// distribution's basis.
    pub msp: bool,
    /// When `msp`, the supports in an order where each brings at most one
    /// new coordinate; `None` otherwise.
    pub msp_order: Option<Vec<Vec<u32>>>,
    /// Leap complexity `min over orderings of max_i |S_i ∖ ∪_{j<i} S_j|` of
    /// the nonempty supports in the distribution's basis (a biased parity's
    /// expansion has degree-1 terms, so its leap is 1); 0 for a constant.
    pub leap: usize,
    /// The supports in an order attaining `leap`.
    pub leap_order: Vec<Vec<u32>>,
    /// Orbit alignment under signed permutations,
    /// `GAL = Σ_{j≥1} W_j² / C(d, j)` for the target centred and scaled to
    /// unit variance, always from the uniform-input weights (see
    /// [`Alignment`](super::Alignment)).
    pub gal: f64,
    /// `−ln GAL / ln d`: `GAL = d^−gal_exponent`.
    pub gal_exponent: f64,
    /// `max(leap − 1, 1)`: online SGD is predicted to need about
    /// `d^sgd_exponent` steps (up to log factors).
    pub sgd_exponent: f64,
    /// Which input symmetries the distribution keeps, in words.
    pub symmetry: String,
}

fn one_based(m: &Monomial) -> Vec<u32> {
    m.indices().iter().map(|i| i + 1).collect()
}

/// Analyses target `f` on `{-1,+1}^d` with `P(x_i = +1) = p`.
///
/// For `p = 1/2` everything is read off `f`'s own coefficients. Otherwise
/// the weights, variance, staircase property and leap are those of the
/// p-biased expansion ([`biased_expansion`](super::biased_expansion)), and
/// GAL stays the uniform-input figure of `f`: bias breaks the sign-flip
/// symmetry, so only the permutations remain.
///
/// Errors when `d = 0`, when `f` uses a coordinate beyond `d`, when `p` is
/// not in `(0, 1)`, or when the biased expansion is too large.
pub fn analyze(f: &Polynomial, d: usize, p: f64) -> Result<Analysis, TargetError> {
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
    let biased;
    let (basis_f, symmetry) = if p == 0.5 {
        (
            f,
            "signed permutations: coordinate permutations and sign flips".to_string(),
        )
    } else {
        biased = biased_expansion(f, p)?;
        (
            &biased,
            format!(
                "permutations only: the bias p = {p} breaks the sign-flip symmetry; \
                 the GAL given is the uniform-input figure"
            ),
        )
    };
    let degree = f.degree();
    let mut weight_by_degree = basis_f.weight_by_degree();
    weight_by_degree.resize(degree + 1, 0.0);
    let variance = weight_by_degree.iter().skip(1).sum();
    let leap = leap_complexity(basis_f);
    let leap_order: Vec<Vec<u32>> = leap.order.iter().map(one_based).collect();
    let mut support: Vec<u32> = f
        .monomials()
        .flat_map(|m| m.indices().iter().map(|i| i + 1))
        .collect();
    support.sort_unstable();
    support.dedup();
    let alignment = orbit_alignment(f, d);
    Ok(Analysis {
        target: f.to_string(),
        d,
        p,
        degree,
        support,
        monomials: f.monomials().map(one_based).collect(),
        weight_by_degree,
        variance,
        msp: leap.is_msp(),
        msp_order: leap.is_msp().then(|| leap_order.clone()),
        leap: leap.leap,
        leap_order,
        gal: alignment.gal,
        gal_exponent: alignment.exponent,
        sgd_exponent: leap.leap.saturating_sub(1).max(1) as f64,
        symmetry,
    })
}

/// Longest list shown in full by [`Analysis::to_text`].
const LIST_LIMIT: usize = 12;

/// Longest target text shown in full by [`Analysis::to_text`].
const TEXT_LIMIT: usize = 200;

/// A number for a person: up to 4 significant digits, scientific outside
/// `[0.001, 100000)`, trailing zeros trimmed (`0.5`, `2.4e-5`, `1`).
fn num(x: f64) -> String {
    fn trim(s: &str) -> &str {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            s
        }
    }
    if x == 0.0 {
        "0".to_string()
    } else if (1e-3..1e5).contains(&x.abs()) {
        let decimals = (3 - libm::floor(libm::log10(x.abs())) as i32).max(0) as usize;
        trim(&format!("{x:.decimals$}")).to_string()
    } else {
        let s = format!("{x:.3e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        format!("{}e{exp}", trim(mantissa))
    }
}

/// `a, b, c, … (20 in all)`: the first [`LIST_LIMIT`] items.
fn list(items: impl Iterator<Item = String>) -> String {
    let mut shown = Vec::with_capacity(LIST_LIMIT);
    let mut n = 0;
    for item in items {
        if n < LIST_LIMIT {
            shown.push(item);
        }
        n += 1;
    }
    if n > LIST_LIMIT {
        format!("{}, … ({n} in all)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn names(sets: &[Vec<u32>]) -> String {
    list(sets.iter().map(|s| {
        if s.is_empty() {
            "1".to_string()
        } else {
            s.iter().map(|i| format!("x{i}")).collect()
        }
    }))
}

impl Analysis {
    /// The analysis for a person, one labelled line per fact, e.g.
    /// `merged-staircase property: yes — order x1, x1x2`,
    /// `leap complexity: 2 — order x1, x1x2x3`,
    /// `orbit alignment GAL = 2.4e-5 = d^-3.1`,
    /// `online SGD needs about d^1 steps (leap prediction)`.
    pub fn to_text(&self) -> String {
        let mut lines = Vec::new();
        let target = if self.target.chars().count() > TEXT_LIMIT {
            // Cut at the last term boundary within the limit.
            let head: String = self.target.chars().take(TEXT_LIMIT).collect();
            let cut = head
                .rfind(" + ")
                .max(head.rfind(" - "))
                .unwrap_or(head.len());
            format!("{} … ({} monomials)", &head[..cut], self.monomials.len())
        } else {
            self.target.clone()
        };
        lines.push(format!("target: {target}"));
        let uniform = self.p == 0.5;
        lines.push(if uniform {
            format!("inputs: uniform on {{-1,+1}}^{}", self.d)
        } else {
            format!(
                "inputs: p-biased on {{-1,+1}}^{}, P(x_i = +1) = {}",
                self.d, self.p
            )
        });
        lines.push(format!("degree: {}", self.degree));
        lines.push(if self.support.is_empty() {
            format!("support: none (0 of {} coordinates)", self.d)
        } else {
            format!(
                "support: {} ({} of {} coordinates)",
                list(self.support.iter().map(|i| format!("x{i}"))),
                self.support.len(),
                self.d
            )
        });
        let weights = list(
            self.weight_by_degree
                .iter()
                .enumerate()
                .map(|(j, w)| format!("W{j} = {}", num(*w))),
        );
        lines.push(if uniform {
            format!("Fourier weight by degree: {weights}")
        } else {
            format!(
                "Fourier weight by degree: {weights} (in the p-biased basis \
                 φ_i = (x_i − μ)/σ, μ = 2p − 1 = {}, σ = 2√(p(1 − p)) = {})",
                num(2.0 * self.p - 1.0),
                num(2.0 * (self.p * (1.0 - self.p)).sqrt())
            )
        });
        lines.push(format!("variance: {}", num(self.variance)));
        let constant = self.leap_order.is_empty();
        lines.push(match &self.msp_order {
            Some(_) if constant => "merged-staircase property: yes (a constant target)".into(),
            Some(order) => format!("merged-staircase property: yes — order {}", names(order)),
            None => "merged-staircase property: no".to_string(),
        });
        lines.push(if constant {
            format!("leap complexity: {} (a constant target)", self.leap)
        } else {
            format!(
                "leap complexity: {} — order {}",
                self.leap,
                names(&self.leap_order)
            )
        });
        lines.push(format!(
            "orbit alignment GAL = {:.1e} = d^{:.1}{}",
            self.gal,
            -self.gal_exponent + 0.0,
            if uniform { "" } else { " (uniform inputs)" }
        ));
        lines.push(if constant {
            "online SGD has nothing to learn (a constant target)".to_string()
        } else {
            format!(
                "online SGD needs about d^{} steps (leap prediction)",
                self.sgd_exponent
            )
        });
        lines.push(format!("symmetry: {}", self.symmetry));
        lines.join("\n") + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(2.4e-5), "2.4e-5");
        assert_eq!(num(0.333333), "0.3333");
        assert_eq!(num(-1234.5678), "-1235");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1e7), "1e7");
    }

    #[test]
    fn long_lists_are_cut() {
        let s = list((1..=20).map(|i| i.to_string()));
        assert_eq!(s, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, … (20 in all)");
    }
}
