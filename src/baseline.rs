//! The baseline outside gradient descent: Gaussian elimination over GF(2)
//! learns a parity `±χ_S` from about `d` samples.
//!
//! Writing `x_i = (−1)^{b_i}` and `y = (−1)^{c}`, a target `y = s·χ_S(x)`
//! with sign `s = (−1)^{c₀}` is the linear equation
//! `c = c₀ ⊕ ⊕_{i∈S} b_i` over GF(2) in the unknowns `(1_S, c₀)`. Each sample
//! adds one equation; once `d + 1` are independent the solution is unique.

use crate::config::Setup;
use crate::data::{Hypercube, Inputs};
use crate::rng::{Purpose, Stream};
use crate::target::Polynomial;
use serde::Serialize;
use std::fmt;

/// What elimination found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParityFound {
    /// The support `S`, as sorted 1-based coordinates.
    pub support: Vec<u32>,
    /// `+1` for `χ_S`, `−1` for `−χ_S`.
    pub sign: i8,
    /// Samples drawn until the solution was unique (not counting the
    /// [`VERIFY_SAMPLES`] drawn to check it).
    pub samples: usize,
}

/// Why elimination did not find a parity.
#[derive(Clone, Debug, PartialEq)]
pub enum Gf2Error {
    /// The inputs are not on the hypercube, so they are not GF(2) vectors.
    NotHypercube,
    /// The target is not ±1-valued, so its samples are not GF(2) labels.
    NotBoolean,
    /// The samples contradict every parity: the target is not one.
    Inconsistent {
        /// Samples drawn when the contradiction appeared.
        samples: usize,
    },
    /// The sample budget ran out before the equations had a unique solution.
    OutOfSamples {
        /// The budget.
        samples: usize,
    },
}

impl fmt::Display for Gf2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gf2Error::NotHypercube => write!(
                f,
                "domain: GF(2) elimination reads inputs as bit vectors, so it needs hypercube inputs (domain=cube)"
            ),
            Gf2Error::NotBoolean => write!(
                f,
                "target: GF(2) elimination learns ±1-valued targets (parities); this target takes other values"
            ),
            Gf2Error::Inconsistent { samples } => write!(
                f,
                "target: after {samples} samples no parity fits the labels, so the target is not a parity"
            ),
            Gf2Error::OutOfSamples { samples } => write!(
                f,
                "no unique parity after {samples} samples (the input bias may make samples too alike)"
            ),
        }
    }
}

impl std::error::Error for Gf2Error {}

/// The GF(2) baseline of a run: its target (as parsed when the
/// configuration was validated) learned by elimination from its inputs and
/// seed, with at most `max_samples` samples. The one path of every front
/// end (`leaplab gf2`, the page's `gf2Samples`).
pub fn learn_setup_parity(setup: &Setup, max_samples: usize) -> Result<ParityFound, Gf2Error> {
    let config = setup.config();
    learn_parity(setup.target(), config.inputs(), config.seed, max_samples)
}

/// Draws samples of `target` from `inputs` (data stream of `seed`) and
/// eliminates until the parity is determined, using at most `max_samples`.
/// Only hypercube inputs are bit vectors.
pub fn learn_parity(
    target: &Polynomial,
    inputs: Inputs,
    seed: u64,
    max_samples: usize,
) -> Result<ParityFound, Gf2Error> {
    let Inputs::Hypercube(inputs) = inputs else {
        return Err(Gf2Error::NotHypercube);
    };
    if !target.is_boolean_valued() {
        return Err(Gf2Error::NotBoolean);
    }
    let d = inputs.d;
    let mut system = Gf2System::new(d + 1);
    let mut stream = Stream::new(seed, Purpose::Data);
    let mut x = vec![0.0f32; d];
    for samples in 1..=max_samples {
        inputs.sample(&mut stream, &mut x);
        let mut row: Vec<bool> = x.iter().map(|&v| v < 0.0).collect();
        row.push(true);
        let label = target.eval(&x) < 0.0;
        if !system.add(&row, label) {
            return Err(Gf2Error::Inconsistent { samples });
        }
        if let Some(solution) = system.solution() {
            let found = ParityFound {
                support: (0..d)
                    .filter(|&i| solution[i])
                    .map(|i| i as u32 + 1)
                    .collect(),
                sign: if solution[d] { -1 } else { 1 },
                samples,
            };
            return verify(&found, target, inputs, &mut stream, &mut x);
        }
    }
    Err(Gf2Error::OutOfSamples {
        samples: max_samples,
    })
}

/// Fresh samples on which a solution is checked before it is reported.
pub const VERIFY_SAMPLES: usize = 64;

/// Checks `found` on [`VERIFY_SAMPLES`] fresh samples: a target that is not
/// a parity can fit `d + 1` equations by chance, but it disagrees with any
/// one parity on a constant fraction of inputs and is caught here.
fn verify(
    found: &ParityFound,
    target: &Polynomial,
    inputs: Hypercube,
    stream: &mut Stream,
    x: &mut [f32],
) -> Result<ParityFound, Gf2Error> {
    for extra in 1..=VERIFY_SAMPLES {
        inputs.sample(stream, x);
        let chi: f32 = found.support.iter().map(|&i| x[i as usize - 1]).product();
        if f64::from(chi) * f64::from(found.sign) != target.eval(x) {
            return Err(Gf2Error::Inconsistent {
                samples: found.samples + extra,
            });
        }
    }
    Ok(found.clone())
}

/// A linear system over GF(2) in echelon form: each stored row has a pivot
/// (its lowest set column) and no set bit below it; no two share a pivot.
struct Gf2System {
    unknowns: usize,
    words: usize,
    rows: Vec<Option<(Vec<u64>, bool)>>,
    rank: usize,
}

impl Gf2System {
    fn new(unknowns: usize) -> Self {
        Gf2System {
            unknowns,
            words: unknowns.div_ceil(64),
            rows: vec![None; unknowns],
            rank: 0,
        }
    }

    /// Adds the equation `Σ coeffs_i u_i = rhs`; returns false if it
    /// contradicts the equations already there.
    fn add(&mut self, coeffs: &[bool], rhs: bool) -> bool {
        let mut bits = vec![0u64; self.words];
        for (i, _) in coeffs.iter().enumerate().filter(|(_, &c)| c) {
            bits[i / 64] |= 1 << (i % 64);
        }
        let mut rhs = rhs;
        for col in 0..self.unknowns {
            if bits[col / 64] >> (col % 64) & 1 == 0 {
                continue;
            }
            match &self.rows[col] {
                Some((pivot_bits, pivot_rhs)) => {
                    for (b, p) in bits.iter_mut().zip(pivot_bits) {
                        *b ^= p;
                    }
                    rhs ^= pivot_rhs;
                }
                None => {
                    self.rows[col] = Some((bits, rhs));
                    self.rank += 1;
                    return true;
                }
            }
        }
        !rhs
    }

    /// The unique solution, once the equations determine every unknown:
    /// back-substitution from the highest pivot down.
    fn solution(&self) -> Option<Vec<bool>> {
        if self.rank < self.unknowns {
            return None;
        }
        let mut value = vec![false; self.unknowns];
        for col in (0..self.unknowns).rev() {
            let (bits, rhs) = self.rows[col].as_ref()?;
            let mut v = *rhs;
            for (j, known) in value.iter().enumerate().skip(col + 1) {
                if bits[j / 64] >> (j % 64) & 1 == 1 {
                    v ^= known;
                }
            }
            value[col] = v;
        }
        Some(value)
    }
}
