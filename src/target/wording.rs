//! The analysis told in words, once, for every front end: a list of
//! [`Statement`]s (a term, its value, and a sentence saying what it means)
//! that the command line prints as text and the page shows on each run's
//! card.

use serde::Serialize;

use super::alignment::Group;
use super::analysis::Analysis;
use crate::data::Domain;

/// One fact of an analysis for a person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    /// A stable name for the fact: `target`, `inputs`, `degree`,
    /// `support`, `weights`, `variance`, `msp`, `leap`, `cost`,
    /// `alignment` or `symmetry`.
    pub key: &'static str,
    /// What the fact is called (`leap complexity`).
    pub term: String,
    /// Its value (`2 — order x1, x1x2x3`).
    pub value: String,
    /// What it means, as a sentence; empty where the value says it all.
    pub text: String,
}

/// Longest list shown in full.
const LIST_LIMIT: usize = 12;

/// Longest target text shown in full.
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

/// Monomials given as sorted 1-based index arrays, named as in target
/// text (`x1x2`, `he2(x1)x3`, `1`).
fn names(sets: &[Vec<u32>]) -> String {
    list(sets.iter().map(|s| {
        if s.is_empty() {
            "1".to_string()
        } else {
            s.chunk_by(|a, b| a == b)
                .map(|run| match run.len() {
                    1 => format!("x{}", run[0]),
                    k => format!("he{k}(x{})", run[0]),
                })
                .collect()
        }
    }))
}

/// The factor by which `d^exponent` grows when `d` doubles, for a person
/// (`8`, `2.8`).
fn doubling_factor(exponent: f64) -> String {
    num(libm::pow(2.0, exponent))
}

impl Analysis {
    /// Whether the target has a Hermite term of degree 2 or more (a
    /// coordinate repeated in a monomial), whose leap counts Hermite degree.
    fn has_hermite_terms(&self) -> bool {
        self.monomials
            .iter()
            .any(|m| m.windows(2).any(|w| w[0] == w[1]))
    }

    /// The analysis in words, in the order the command line prints it.
    pub fn statements(&self) -> Vec<Statement> {
        let fact = |key, term: &str, value: String| Statement {
            key,
            term: term.to_string(),
            value,
            text: String::new(),
        };
        let mut out = vec![
            fact("target", "target", self.target_text()),
            fact("inputs", "inputs", self.inputs_text()),
            fact("degree", "degree", self.degree.to_string()),
            fact("support", "support", self.support_text()),
            self.weights_statement(),
            fact("variance", "variance", num(self.variance)),
        ];
        out.extend([
            self.msp_statement(),
            self.leap_statement(),
            self.cost_statement(),
            self.alignment_statement(),
            fact("symmetry", "symmetry", self.symmetry.clone()),
        ]);
        out
    }

    /// The analysis for a person: one `term: value` line per
    /// [`Statement`], its sentence (if any) indented below it, e.g.
    /// `leap complexity: 2 — order x1, x1x2x3`.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for s in self.statements() {
            text.push_str(&format!("{}: {}\n", s.term, s.value));
            if !s.text.is_empty() {
                text.push_str(&format!("    {}\n", s.text));
            }
        }
        text
    }

    fn is_constant(&self) -> bool {
        self.leap_order.is_empty()
    }

    fn target_text(&self) -> String {
        if self.target.chars().count() <= TEXT_LIMIT {
            return self.target.clone();
        }
        // Cut at the last term boundary within the limit.
        let head: String = self.target.chars().take(TEXT_LIMIT).collect();
        let cut = head
            .rfind(" + ")
            .max(head.rfind(" - "))
            .unwrap_or(head.len());
        format!("{} … ({} monomials)", &head[..cut], self.monomials.len())
    }

    fn inputs_text(&self) -> String {
        let d = self.d;
        match self.domain {
            Domain::Cube if self.p == 0.5 => format!("uniform on {{-1,+1}}^{d}"),
            Domain::Cube => format!("p-biased on {{-1,+1}}^{d}, P(x_i = +1) = {}", self.p),
            Domain::Gaussian => format!("standard Gaussian N(0, I) in R^{d}"),
            Domain::Sphere => format!("uniform on the sphere of radius √{d} in R^{d}"),
        }
    }

    fn support_text(&self) -> String {
        if self.support.is_empty() {
            format!("none (0 of {} coordinates)", self.d)
        } else {
            format!(
                "{} ({} of {} coordinates)",
                list(self.support.iter().map(|i| format!("x{i}"))),
                self.support.len(),
                self.d
            )
        }
    }

    fn weights_statement(&self) -> Statement {
        let weights = list(
            self.weight_by_degree
                .iter()
                .enumerate()
                .map(|(j, w)| format!("W{j} = {}", num(*w))),
        );
        let (term, value) = match self.domain {
            Domain::Cube if self.p == 0.5 => ("Fourier weight by degree", weights),
            Domain::Gaussian => (
                "Hermite weight by degree (W_k = Σ_|α|=k a_α² α!, E[He_k(z)²] = k!)",
                weights,
            ),
            Domain::Sphere => ("weight by spherical-harmonic degree", weights),
            Domain::Cube => (
                "Fourier weight by degree",
                format!(
                    "{weights} (in the p-biased basis φ_i = (x_i − μ)/σ, μ = 2p − 1 = {}, \
                     σ = 2√(p(1 − p)) = {})",
                    num(2.0 * self.p - 1.0),
                    num(2.0 * (self.p * (1.0 - self.p)).sqrt())
                ),
            ),
        };
        Statement {
            key: "weights",
            term: term.to_string(),
            value,
            text: String::new(),
        }
    }

    fn msp_statement(&self) -> Statement {
        let (value, text) = match &self.msp_order {
            Some(_) if self.is_constant() => ("yes (a constant target)".to_string(), String::new()),
            Some(order) => (
                format!("yes — order {}", names(order)),
                "Each monomial adds at most one new coordinate to those before it, so gradient \
                 descent can climb the target one monomial at a time."
                    .to_string(),
            ),
            None => (
                "no".to_string(),
                format!(
                    "Some monomial needs {} at once, and nothing of lower degree points the way.",
                    if self.has_hermite_terms() {
                        "a Hermite degree above 1 on coordinates not used before"
                    } else {
                        "several new coordinates"
                    }
                ),
            ),
        };
        Statement {
            key: "msp",
            term: "merged-staircase property".to_string(),
            value,
            text,
        }
    }

    fn leap_statement(&self) -> Statement {
        let (value, text) = if self.is_constant() {
            (format!("{} (a constant target)", self.leap), String::new())
        } else {
            let step = if self.has_hermite_terms() {
                format!(
                    "brings Hermite degree {} on coordinates not used before (he3(x1) counts 3)",
                    self.leap
                )
            } else {
                format!(
                    "adds {} new coordinate{} at once",
                    self.leap,
                    if self.leap == 1 { "" } else { "s" }
                )
            };
            (
                format!("{} — order {}", self.leap, names(&self.leap_order)),
                format!("The hardest step {step}."),
            )
        };
        Statement {
            key: "leap",
            term: "leap complexity".to_string(),
            value,
            text,
        }
    }

    fn cost_statement(&self) -> Statement {
        let (value, text) = if self.is_constant() {
            (
                "nothing to learn (a constant target)".to_string(),
                String::new(),
            )
        } else {
            let e = self.sgd_exponent;
            (
                format!(
                    "about d^{} samples (leap prediction: d^max(leap − 1, 1))",
                    num(e)
                ),
                format!(
                    "Theory counts samples (steps × batch size) and predicts their growth, \
                     not a number: ×{} each time d doubles.{}",
                    doubling_factor(e),
                    match self.leap {
                        0 | 1 =>
                            " Even a leap of 1 costs about d: each new coordinate is one of d.",
                        2 => " Leaps of 1 and 2 both cost about d, up to log factors.",
                        _ => "",
                    }
                ),
            )
        };
        Statement {
            key: "cost",
            term: "online SGD".to_string(),
            value,
            text,
        }
    }

    fn alignment_statement(&self) -> Statement {
        let uniform = self.domain != Domain::Cube || self.p == 0.5;
        let group = match self.group {
            Group::Permutations => Group::SignedPermutations.words(),
            group => group.words(),
        };
        let value = format!(
            "GAL = {:.1e} = d^{:.1} under {group}{}",
            self.gal,
            -self.gal_exponent + 0.0,
            if uniform { "" } else { " (uniform inputs)" }
        );
        let moves = match self.group {
            Group::Orthogonal => "a random rotation of the inputs",
            _ => "a random permutation and sign flip of the inputs",
        };
        let mut text = format!(
            "How much the target still looks like itself after {moves}; the smaller, the \
             more work any learner with these symmetries needs. Its lowest-degree part \
             decides it, so it bounds the first step, not the leaps after it, and can rank \
             targets differently from their steps to learn."
        );
        if !uniform {
            text.push_str(
                " Given for uniform inputs: leaplab does not compute it for biased inputs, \
                 whose group is permutations only.",
            );
        }
        Statement {
            key: "alignment",
            term: "orbit alignment".to_string(),
            value,
            text,
        }
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
        assert_eq!(doubling_factor(3.0), "8");
        assert_eq!(doubling_factor(1.0), "2");
    }

    #[test]
    fn long_lists_are_cut() {
        let s = list((1..=20).map(|i| i.to_string()));
        assert_eq!(s, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, … (20 in all)");
    }
}
