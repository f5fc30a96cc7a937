//! Orbit alignment of a target under signed permutations of the inputs.

use super::polynomial::Polynomial;

/// `ln C(n, k)`, the log of the binomial coefficient, computed as
/// `Σ_{i=1}^{k'} ln((n − k' + i)/i)` with `k' = min(k, n − k)`, so it is
/// finite for any `n` (no factorial overflows); `−∞` when `k > n`.
pub fn ln_binomial(n: usize, k: usize) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    let k = k.min(n - k);
    (1..=k)
        .map(|i| libm::log((n - k + i) as f64 / i as f64))
        .sum()
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
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ln_gal = top + libm::log(logs.iter().map(|l| libm::exp(l - top)).sum::<f64>());
    let exponent = if d >= 2 {
        -ln_gal / libm::log(d as f64) + 0.0
    } else {
        0.0
    };
    Alignment {
        gal: libm::exp(ln_gal),
        exponent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_binomial_matches_small_values_and_survives_large_n() {
        assert!((ln_binomial(10, 3) - 120f64.ln()).abs() < 1e-13);
        assert_eq!(ln_binomial(7, 0), 0.0);
        assert_eq!(ln_binomial(3, 4), f64::NEG_INFINITY);
        // C(10^6, 5) ≈ 10^30 / 120.
        let approx = 30.0 * 10f64.ln() - 120f64.ln();
        assert!((ln_binomial(1_000_000, 5) - approx).abs() < 1e-4);
        assert!(ln_binomial(100_000, 50_000).is_finite());
    }
}
