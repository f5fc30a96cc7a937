//! Named families of targets: parities, staircases, majorities and random
//! functions with the merged-staircase property.

use std::collections::HashSet;
use std::fmt;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::error::TargetError;
use super::monomial::Monomial;
use super::polynomial::{Polynomial, Term};

/// The largest `k` accepted by `majority(k)`: its expansion has `2^(k−1)`
/// monomials, 65,536 at `k = 17`, which parse and analyse in a fraction of
/// a second (at `k = 21` the analysis alone took seconds and half a
/// gigabyte) and train within the run budget with a test set of a few
/// hundred inputs.
pub const MAX_MAJORITY_K: usize = 17;

/// The largest number of monomials `m` accepted by `msp(k, m, seed)`.
pub const MAX_MSP_MONOMIALS: usize = 1000;

/// A named target family with its arguments, as written in target text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `parity(k) = x1x2…xk`, the degree-k parity on the first k coordinates.
    Parity {
        /// Number of coordinates, `1 ≤ k ≤ d`.
        k: usize,
    },
    /// `staircase(k) = (x1 + x1x2 + … + x1x2…xk)/√k`, unit variance.
    Staircase {
        /// Number of steps, `1 ≤ k ≤ d`.
        k: usize,
    },
    /// `majority(k) = sign(x1 + … + xk)` for odd k, as its exact Fourier
    /// expansion `Σ_S c_{|S|} χ_S` over the odd-size subsets of the first k
    /// coordinates, where
    /// `c_j = 2^{−k} Σ_{a≤j, b≤k−j} C(j,a)·C(k−j,b)·(−1)^a·sign(k − 2(a+b))`
    /// (enumerating the inputs by their numbers `a` and `b` of −1 entries
    /// inside and outside S). `c_j` is an integer over `2^k`, so each
    /// coefficient is exact in f64. E.g. `majority(3) = (x1+x2+x3−x1x2x3)/2`.
    Majority {
        /// Odd, `1 ≤ k ≤ min(17, d)` ([`MAX_MAJORITY_K`]).
        k: usize,
    },
    /// `msp(k, m, seed)`: a random function on `x1 … xk` (all k used) with
    /// `m` distinct monomials that has the merged-staircase property,
    /// normalised to unit variance. Drawn from
    /// `ChaCha8Rng::seed_from_u64(seed)` with three helpers on
    /// `next_u64()` (written `u`): `unit = (u >> 11)·2^−53` in `[0, 1)`,
    /// `bit = u >> 63`, `below(n) = (u·n) >> 64` (128-bit product) in
    /// `[0, n)`. The draws, in this order:
    ///
    /// 1. the order in which coordinates enter: Fisher–Yates on
    ///    `[x1, …, xk]`, for `i = k−1` down to `1` swap entries `i` and
    ///    `below(i+1)`;
    /// 2. for each step `t = 0 … m−1`, with `c` coordinates entered so far
    ///    and `r = k − c` still to enter: the step brings a new coordinate
    ///    when `r = m − t`, or when every nonempty subset of the entered
    ///    coordinates is already a monomial (`t ≥ 2^c − 1`), otherwise when
    ///    `r > 0` and `unit < r/(m − t)`. A new step's monomial is the next
    ///    coordinate in the order plus each entered coordinate (in entry
    ///    order) for which `bit = 1`; any other step draws subsets of the
    ///    entered coordinates the same way until one is nonempty and not
    ///    already drawn;
    /// 3. for each monomial in drawn order a coefficient `0.5 + unit`,
    ///    negated when the next `bit = 1`;
    /// 4. all coefficients divided by `√(Σ a_S²)`.
    ///
    /// Each monomial brings at most one new coordinate, so the drawn order
    /// witnesses the property. `k ≤ m ≤ min(2^k − 1, 1000)`.
    Msp {
        /// Number of coordinates, `1 ≤ k ≤ d`.
        k: usize,
        /// Number of monomials.
        m: usize,
        /// Seed of the ChaCha8 stream.
        seed: u64,
    },
}

impl Family {
    /// The function names, as written in target text.
    pub const NAMES: [&'static str; 4] = ["parity", "staircase", "majority", "msp"];

    /// Checks the arguments against their allowed ranges for dimension `d`,
    /// with a message stating the range.
    pub fn validate(&self, d: usize) -> Result<(), TargetError> {
        let k_in_d = |name: &str, k: usize| {
            if (1..=d).contains(&k) {
                Ok(())
            } else {
                Err(TargetError::new(format!(
                    "{name} needs 1 ≤ k ≤ d = {d}, got k = {k}"
                )))
            }
        };
        match *self {
            Family::Parity { k } => k_in_d("parity(k)", k),
            Family::Staircase { k } => k_in_d("staircase(k)", k),
            Family::Majority { k } => {
                let hi = MAX_MAJORITY_K.min(d);
                if k % 2 == 1 && k <= hi {
                    Ok(())
                } else {
                    Err(TargetError::new(format!(
                        "majority(k) needs an odd k from 1 to {hi} \
                         (at most {MAX_MAJORITY_K} and at most d = {d}), got k = {k}"
                    )))
                }
            }
            Family::Msp { k, m, .. } => {
                k_in_d("msp(k, m, seed)", k)?;
                if k > MAX_MSP_MONOMIALS {
                    return Err(TargetError::new(format!(
                        "msp(k, m, seed) needs k ≤ {MAX_MSP_MONOMIALS} (it has at least k \
                         and at most {MAX_MSP_MONOMIALS} monomials), got k = {k}"
                    )));
                }
                let hi = msp_max_monomials(k);
                if (k..=hi).contains(&m) {
                    Ok(())
                } else {
                    Err(TargetError::new(format!(
                        "msp(k, m, seed) with k = {k} needs {k} ≤ m ≤ {hi} (at least one \
                         monomial per coordinate, at most 2^k − 1 distinct monomials and \
                         at most {MAX_MSP_MONOMIALS}), got m = {m}"
                    )))
                }
            }
        }
    }

    /// The work of building the family, `Σ (1 + |S|)` over its terms,
    /// computed from the arguments before anything is built (for `msp`, an
    /// upper bound: `m` terms of at most `k` coordinates). Saturates.
    pub fn units(&self) -> usize {
        let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        let wide = |k: usize| k as u64;
        match *self {
            Family::Parity { k } => k.saturating_add(1),
            Family::Staircase { k } => size(wide(k).saturating_mul(wide(k) + 3) / 2),
            // 2^(k−1) odd subsets, of average size k/2
            Family::Majority { k } if (1..60).contains(&k) => {
                size(((1u64 << (k - 1)) * (2 + wide(k))).div_ceil(2))
            }
            Family::Majority { .. } => usize::MAX,
            Family::Msp { k, m, .. } => m.saturating_mul(k.saturating_add(1)),
        }
    }

    /// The family's polynomial, after checking its arguments for dimension
    /// `d` (see [`Family::validate`]).
    pub fn build(&self, d: usize) -> Result<Polynomial, TargetError> {
        self.validate(d)?;
        Ok(match *self {
            Family::Parity { k } => parity(k),
            Family::Staircase { k } => staircase(k),
            Family::Majority { k } => majority(k),
            Family::Msp { k, m, seed } => msp(k, m, seed),
        })
    }
}

impl fmt::Display for Family {
    /// The family as it is written in target text, e.g. `msp(4, 6, 1)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Family::Parity { k } => write!(f, "parity({k})"),
            Family::Staircase { k } => write!(f, "staircase({k})"),
            Family::Majority { k } => write!(f, "majority({k})"),
            Family::Msp { k, m, seed } => write!(f, "msp({k}, {m}, {seed})"),
        }
    }
}

fn msp_max_monomials(k: usize) -> usize {
    if k >= 10 {
        MAX_MSP_MONOMIALS
    } else {
        ((1usize << k) - 1).min(MAX_MSP_MONOMIALS)
    }
}

fn prefix(i: usize) -> Monomial {
    Monomial::from_indices(0..i as u32)
}

fn parity(k: usize) -> Polynomial {
    Polynomial::from_terms([Term {
        monomial: prefix(k),
        coeff: 1.0,
    }])
}

fn staircase(k: usize) -> Polynomial {
    let c = 1.0 / (k as f64).sqrt();
    Polynomial::from_terms((1..=k).map(|i| Term {
        monomial: prefix(i),
        coeff: c,
    }))
}

fn majority(k: usize) -> Polynomial {
    let mut binom = vec![vec![0i64; k + 1]; k + 1];
    for n in 0..=k {
        binom[n][0] = 1;
        for r in 1..=n {
            binom[n][r] = binom[n - 1][r - 1] + binom[n - 1][r];
        }
    }
    let scale = 0.5f64.powi(k as i32);
    let coeff: Vec<f64> = (0..=k)
        .map(|j| {
            let mut sum = 0i64;
            for a in 0..=j {
                for b in 0..=k - j {
                    let sign = (k as i64 - 2 * (a + b) as i64).signum();
                    let parity = if a % 2 == 0 { 1 } else { -1 };
                    sum += binom[j][a] * binom[k - j][b] * parity * sign;
                }
            }
            sum as f64 * scale
        })
        .collect();
    // Odd-size subsets in canonical order (size, then lexicographic), so
    // that the merge in `from_terms` sees one sorted run.
    let mut terms = Vec::with_capacity(1 << (k - 1));
    for j in (1..=k).step_by(2) {
        let mut subset: Vec<u32> = (0..j as u32).collect();
        loop {
            terms.push(Term {
                monomial: Monomial::from_indices(subset.iter().copied()),
                coeff: coeff[j],
            });
            // The next j-subset of 0..k in lexicographic order, if any.
            let Some(i) = (0..j).rev().find(|&i| (subset[i] as usize) < k - j + i) else {
                break;
            };
            subset[i] += 1;
            for t in i + 1..j {
                subset[t] = subset[t - 1] + 1;
            }
        }
    }
    Polynomial::from_terms(terms)
}

fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

fn bit(rng: &mut ChaCha8Rng) -> bool {
    rng.next_u64() >> 63 == 1
}

fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

fn msp(k: usize, m: usize, seed: u64) -> Polynomial {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<u32> = (0..k as u32).collect();
    for i in (1..k).rev() {
        let j = below(&mut rng, i + 1);
        order.swap(i, j);
    }
    let mut entered: Vec<u32> = Vec::with_capacity(k);
    let mut used: HashSet<Monomial> = HashSet::with_capacity(m);
    let mut supports: Vec<Monomial> = Vec::with_capacity(m);
    for t in 0..m {
        let c = entered.len();
        let r = k - c;
        let all_used = c < 20 && t + 1 >= 1 << c;
        let new = r > 0 && (r == m - t || all_used || unit(&mut rng) < r as f64 / (m - t) as f64);
        let monomial = if new {
            let mut s: Vec<u32> = entered.iter().copied().filter(|_| bit(&mut rng)).collect();
            s.push(order[c]);
            entered.push(order[c]);
            Monomial::from_indices(s)
        } else {
            loop {
                let s = Monomial::from_indices(entered.iter().copied().filter(|_| bit(&mut rng)));
                if s.degree() > 0 && !used.contains(&s) {
                    break s;
                }
            }
        };
        used.insert(monomial.clone());
        supports.push(monomial);
    }
    let terms: Vec<Term> = supports
        .into_iter()
        .map(|monomial| {
            let a = 0.5 + unit(&mut rng);
            let coeff = if bit(&mut rng) { -a } else { a };
            Term { monomial, coeff }
        })
        .collect();
    let norm = terms.iter().map(|t| t.coeff * t.coeff).sum::<f64>().sqrt();
    Polynomial::from_terms(terms.into_iter().map(|t| Term {
        monomial: t.monomial,
        coeff: t.coeff / norm,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_five_matches_the_closed_form() {
        // O'Donnell, Thm 5.19: for |S| = j odd,
        // Maj_n(S) = (−1)^{(j−1)/2} C((n−1)/2, (j−1)/2)/C(n−1, j−1) · 2^{1−n} C(n−1, (n−1)/2).
        let f = majority(5);
        let coeff = |j: usize| {
            f.terms()
                .iter()
                .find(|t| t.monomial.degree() == j)
                .unwrap()
                .coeff
        };
        assert_eq!(coeff(1), 3.0 / 8.0);
        assert_eq!(coeff(3), -1.0 / 8.0);
        assert_eq!(coeff(5), 3.0 / 8.0);
        assert_eq!(f.terms().len(), 16);
        assert!(f.is_boolean_valued());
    }

    #[test]
    fn msp_respects_its_shape() {
        let f = msp(4, 15, 9);
        assert_eq!(f.terms().len(), 15);
        assert!((f.variance_uniform() - 1.0).abs() < 1e-12);
        let g = msp(20, 1000, 3);
        assert_eq!(g.terms().len(), 1000);
        assert_eq!(g.max_index(), Some(19));
    }
}
