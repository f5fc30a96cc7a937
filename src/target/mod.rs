//! Target functions: monomials (on the hypercube) and Hermite products (on
//! Gaussian and spherical inputs), sparse polynomials, the expression
//! parser, named families, and the analysis (degree, weights, merged-
//! staircase property, leap complexity, orbit alignment under the run's
//! symmetry group).

mod alignment;
mod analysis;
mod biased;
mod error;
mod expand;
mod families;
mod fischer;
mod harmonic;
mod leap;
mod lexer;
mod monomial;
mod parser;
mod polynomial;
mod special;
mod wording;

pub use alignment::MAX_ALIGNMENT_PAIRS;
pub use alignment::{alignment_on, orbit_alignment, Alignment, Group};
pub use analysis::{analyze, analyze_on, symmetry_group, Analysis, MAX_ANALYSIS_WORK};
pub use biased::{biased_expansion, BiasedBasis, MAX_BIASED_TERMS};
pub use error::TargetError;
pub use expand::MAX_TERMS;
pub use families::{Family, MAX_MAJORITY_K, MAX_MSP_MONOMIALS};
pub(crate) use harmonic::check_harmonic_work;
pub use harmonic::{harmonic_work, second_moment, variance_on, MAX_HARMONIC_WORK};
pub use leap::{leap_complexity, Leap};
pub use monomial::{hermite, Monomial, MAX_HERMITE_DEGREE};
#[cfg(test)]
pub(crate) use parser::parse_count;
pub use parser::{parse_target, parse_target_on, MAX_DEPTH, MAX_INPUT_CHARS};
pub use polynomial::{Polynomial, Term};
pub use special::{factorial, ln_binomial, ln_harmonic_dimension};
pub use wording::Statement;
