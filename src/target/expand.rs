//! Adding and multiplying out polynomials for the parser, within limits
//! that bound the size of the result and the time spent on any input.

use super::error::TargetError;
use super::monomial::{hermite_product, HermiteLimit, Monomial};
use super::polynomial::{Polynomial, Term};
use crate::data::Domain;

/// Most terms any polynomial met while parsing may have (`2^20`), and most
/// term pairs one product may multiply out.
pub const MAX_TERMS: usize = 1 << 20;

/// Total work allowed for one parse (`2^24` units): a family or product
/// costs `Σ (1 + |S|)` over the terms it creates, a sum one unit per term
/// it merges. Bounds the time of any input (under a second natively);
/// `majority(17)` alone takes about 4% of it.
const WORK_BUDGET: usize = 1 << 24;

/// The work spent so far on one parse.
#[derive(Default)]
pub(crate) struct Budget {
    work: usize,
}

impl Budget {
    /// Spends `units` of work, failing (at character `at`) once the total
    /// passes the budget.
    pub fn charge(&mut self, units: usize, at: usize) -> Result<(), TargetError> {
        self.work = self.work.saturating_add(units);
        if self.work > WORK_BUDGET {
            Err(TargetError::at(
                at,
                format!(
                    "the target takes too much work to multiply out (more than \
                     {WORK_BUDGET} term operations); write it more simply"
                ),
            ))
        } else {
            Ok(())
        }
    }
}

/// `Σ (1 + |S|)` over the terms of `f`: the work of creating it.
pub(crate) fn units(f: &Polynomial) -> usize {
    f.terms().iter().map(|t| 1 + t.monomial.degree()).sum()
}

/// `f` for an error message: its first few terms, then `+ …`.
pub(crate) fn brief(f: &Polynomial) -> String {
    const SHOWN: usize = 4;
    let head = Polynomial::from_terms(f.terms().iter().take(SHOWN).cloned());
    if f.terms().len() > SHOWN {
        format!("{head} + …")
    } else {
        head.to_string()
    }
}

/// The value of `f` if it is a constant (the zero polynomial is 0).
pub(crate) fn constant(f: &Polynomial) -> Option<f64> {
    match f.terms() {
        [] => Some(0.0),
        [t] if t.monomial.degree() == 0 => Some(t.coeff),
        _ => None,
    }
}

/// `c`, or an overflow error at character `at` if it is not finite.
pub(crate) fn finite(c: f64, at: usize) -> Result<f64, TargetError> {
    if c.is_finite() {
        Ok(c)
    } else {
        Err(TargetError::at(
            at,
            "a coefficient overflows here (it is no longer a finite number)",
        ))
    }
}

/// `c`, the product or quotient of nonzero numbers at character `at`, or
/// an underflow error if it rounded to 0 (the target would silently lose
/// the term).
fn no_underflow(c: f64, at: usize) -> Result<f64, TargetError> {
    if c != 0.0 {
        Ok(c)
    } else {
        Err(TargetError::at(
            at,
            "a coefficient underflows here: it is too small to represent and would \
             become 0 (the smallest number is about 5e-324)",
        ))
    }
}

fn all_finite(f: Polynomial, at: usize) -> Result<Polynomial, TargetError> {
    for t in f.terms() {
        finite(t.coeff, at)?;
    }
    Ok(f)
}

/// `Σ ±f` over the parts (`true` negates), merged once at the end so that
/// a long sum costs linear time.
pub(crate) fn sum(
    mut parts: Vec<(Polynomial, bool)>,
    budget: &mut Budget,
    at: usize,
) -> Result<Polynomial, TargetError> {
    if let [(_, false)] = parts[..] {
        return Ok(parts.swap_remove(0).0);
    }
    let count: usize = parts.iter().map(|(f, _)| f.terms().len()).sum();
    if count > MAX_TERMS {
        return Err(TargetError::at(
            at,
            format!("this sum has more than the limit of {MAX_TERMS} terms"),
        ));
    }
    budget.charge(count, at)?;
    let terms: Vec<Term> = parts
        .iter()
        .flat_map(|(f, negate)| {
            f.terms().iter().map(move |t| Term {
                monomial: t.monomial.clone(),
                coeff: if *negate { -t.coeff } else { t.coeff },
            })
        })
        .collect();
    all_finite(Polynomial::from_terms(terms), at)
}

/// A product being built: `coeff · Π factors · Π polys`, where the
/// factors are the single monomials met so far (as `(coordinate, degree)`
/// pairs) and `polys` the longer polynomials.
pub(crate) struct Product {
    domain: Domain,
    coeff: f64,
    factors: Vec<(u32, u32)>,
    polys: Vec<Polynomial>,
}

impl Product {
    /// The empty product, 1, multiplied out by the rules of `domain`.
    pub fn new(domain: Domain) -> Self {
        Product {
            domain,
            coeff: 1.0,
            factors: Vec::new(),
            polys: Vec::new(),
        }
    }

    /// Multiplies by `f`: single terms go into the coefficient and the
    /// factors (linear in the length of a chain like `x1x2…x500`), longer
    /// polynomials are kept to be multiplied out by [`Product::expand`].
    pub fn absorb(&mut self, f: Polynomial, at: usize) -> Result<(), TargetError> {
        match f.terms() {
            [] => self.coeff = 0.0,
            [t] if self.coeff == 0.0 => self.factors.extend(t.monomial.exponents()),
            [t] => {
                self.coeff = no_underflow(finite(self.coeff * t.coeff, at)?, at)?;
                self.factors.extend(t.monomial.exponents());
            }
            _ => self.polys.push(f),
        }
        Ok(())
    }

    /// Divides by the constant `c ≠ 0`.
    pub fn divide(&mut self, c: f64, at: usize) -> Result<(), TargetError> {
        if self.coeff != 0.0 {
            self.coeff = no_underflow(finite(self.coeff / c, at)?, at)?;
        }
        Ok(())
    }

    /// The product multiplied out, within [`MAX_TERMS`] and the budget.
    pub fn expand(self, budget: &mut Budget, at: usize) -> Result<Polynomial, TargetError> {
        let domain = self.domain;
        let mut polys = self.polys.into_iter();
        let mut acc = match polys.next() {
            Some(f) if self.coeff == 1.0 && self.factors.is_empty() => f,
            first => {
                let single = if domain == Domain::Cube {
                    budget.charge(1 + self.factors.len(), at)?;
                    Polynomial::from_terms([Term {
                        monomial: Monomial::from_indices(self.factors.iter().map(|f| f.0)),
                        coeff: self.coeff,
                    }])
                } else {
                    let terms = hermite_terms(self.factors, MAX_TERMS, at)?;
                    budget.charge(units_of(&terms), at)?;
                    all_finite(
                        Polynomial::from_terms(terms.into_iter().map(|(monomial, c)| Term {
                            monomial,
                            coeff: c * self.coeff,
                        })),
                        at,
                    )?
                };
                match first {
                    Some(f) => times(&single, &f, domain, budget, at)?,
                    None => single,
                }
            }
        };
        for f in polys {
            acc = times(&acc, &f, domain, budget, at)?;
        }
        Ok(acc)
    }
}

/// `Σ (1 + |α|)` over the given terms: the work of creating them.
fn units_of(terms: &[(Monomial, f64)]) -> usize {
    terms.iter().map(|(m, _)| 1 + m.degree()).sum()
}

/// [`hermite_product`] with its limits as errors at character `at`.
fn hermite_terms(
    factors: Vec<(u32, u32)>,
    max_terms: usize,
    at: usize,
) -> Result<Vec<(Monomial, f64)>, TargetError> {
    hermite_product(factors, max_terms).map_err(|limit| match limit {
        HermiteLimit::Degree(i, k) => TargetError::at(
            at,
            format!(
                "this product reaches degree {k} in x{}; on continuous inputs a \
                 coordinate's Hermite degree is at most {}",
                i + 1,
                super::MAX_HERMITE_DEGREE
            ),
        ),
        HermiteLimit::Terms => TargetError::at(
            at,
            format!("multiplying this out gives more than the limit of {max_terms} terms"),
        ),
    })
}

/// `a · b` multiplied out: with `x_i² = 1` on the hypercube, by the
/// Hermite linearisation `He_m·He_n = Σ_r C(m,r)C(n,r) r! He_{m+n−2r}` on
/// continuous inputs.
fn times(
    a: &Polynomial,
    b: &Polynomial,
    domain: Domain,
    budget: &mut Budget,
    at: usize,
) -> Result<Polynomial, TargetError> {
    let pairs = a.terms().len().saturating_mul(b.terms().len());
    if pairs > MAX_TERMS {
        return Err(TargetError::at(
            at,
            format!(
                "multiplying this out gives {pairs} products, more than the \
                 limit of {MAX_TERMS} terms"
            ),
        ));
    }
    budget.charge(pairs.saturating_mul(1 + a.degree() + b.degree()), at)?;
    let f = if domain == Domain::Cube {
        Polynomial::from_terms(a.terms().iter().flat_map(|s| {
            b.terms().iter().map(move |t| Term {
                monomial: s.monomial.times(&t.monomial),
                coeff: s.coeff * t.coeff,
            })
        }))
    } else {
        let mut terms = Vec::with_capacity(pairs);
        for s in a.terms() {
            for t in b.terms() {
                let factors = s.monomial.exponents().chain(t.monomial.exponents());
                let product = hermite_terms(factors.collect(), MAX_TERMS, at)?;
                budget.charge(units_of(&product), at)?;
                if terms.len() + product.len() > MAX_TERMS {
                    return Err(TargetError::at(
                        at,
                        format!(
                            "multiplying this out gives more than the limit of {MAX_TERMS} terms"
                        ),
                    ));
                }
                terms.extend(product.into_iter().map(|(monomial, c)| Term {
                    monomial,
                    coeff: s.coeff * t.coeff * c,
                }));
            }
        }
        Polynomial::from_terms(terms)
    };
    all_finite(f, at)
}
