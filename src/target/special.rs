//! Special functions of the analysis, in f64 and in logs so that huge
//! binomials keep their exponent: factorials and binomials, `ln C(n, k)`,
//! the dimensions and sphere moments of the harmonics, and [`LogSum`], a
//! signed sum of terms given by their logarithms.

/// `C(n, k)` as f64 (exact below 2^53), by the multiplicative formula.
pub(crate) fn binomial(n: u32, k: u32) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}

/// `k!` as f64 (exact up to `18!`).
pub fn factorial(k: u32) -> f64 {
    (2..=k).map(f64::from).product()
}

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

/// `ln N(d, j)`, the log of the dimension of the degree-j harmonics on
/// `R^d`: `N(d, 0) = 1`, `N(d, 1) = d`, and for `j ≥ 2`
/// `N(d, j) = C(d+j−1, j)·(1 − j(j−1)/((d+j−1)(d+j−2)))`, which is
/// `C(d+j−1, j) − C(d+j−3, j−2)`; `−∞` when it is 0 (`d = 1`, `j ≥ 2`).
pub fn ln_harmonic_dimension(d: usize, j: usize) -> f64 {
    match j {
        0 => 0.0,
        1 => libm::log(d as f64),
        _ => {
            let (a, b) = ((d + j - 1) as f64, (d + j - 2) as f64);
            let keep = 1.0 - (j * (j - 1)) as f64 / (a * b);
            if keep <= 0.0 {
                f64::NEG_INFINITY
            } else {
                ln_binomial(d + j - 1, j) + libm::log(keep)
            }
        }
    }
}

/// `ln m_j = Σ_{i<j} ln(d/(d + 2i))`, where `m_j = E_sphere[x_S²]` for a
/// multilinear `x_S` of degree j on the sphere of radius `√d` (and
/// `E_sphere[h²] = m_j ‖h‖²_F` for any `h ∈ H_j`).
pub fn ln_sphere_moment(d: usize, j: usize) -> f64 {
    let d = d as f64;
    (0..j).map(|i| -libm::log1p(2.0 * i as f64 / d)).sum()
}

/// A sum `Σ ±e^{l}` of signed terms given by their logarithms, so that
/// tiny and huge terms (a weight over `C(4096, 40)`) keep their exponent.
#[derive(Default)]
pub(crate) struct LogSum {
    positive: Vec<f64>,
    negative: Vec<f64>,
}

/// `ln Σ e^{l}` over `logs`, `−∞` when there are none.
pub(crate) fn ln_sum_exp(logs: &[f64]) -> f64 {
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if top == f64::NEG_INFINITY {
        return top;
    }
    top + libm::log(logs.iter().map(|l| libm::exp(l - top)).sum::<f64>())
}

impl LogSum {
    /// Adds `sign · e^{ln_abs}` (`sign` ≥ 0 adds, < 0 subtracts).
    pub fn add(&mut self, sign: f64, ln_abs: f64) {
        if ln_abs == f64::NEG_INFINITY {
            return;
        }
        if sign >= 0.0 {
            self.positive.push(ln_abs);
        } else {
            self.negative.push(ln_abs);
        }
    }

    /// `ln` of the sum, `−∞` when it is not positive.
    pub fn ln(&self) -> f64 {
        let pos = ln_sum_exp(&self.positive);
        let neg = ln_sum_exp(&self.negative);
        if neg == f64::NEG_INFINITY {
            pos
        } else if pos > neg {
            pos + libm::log(-libm::expm1(neg - pos))
        } else {
            f64::NEG_INFINITY
        }
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

    #[test]
    fn harmonic_dimensions_match_the_binomial_difference() {
        // N(d, k) = C(d+k−1, k) − C(d+k−3, k−2)
        let n = |d: usize, k: usize| libm::exp(ln_harmonic_dimension(d, k)).round();
        assert_eq!(n(3, 2), 5.0);
        assert_eq!(n(3, 4), 9.0);
        assert_eq!(n(2, 7), 2.0);
        assert_eq!(n(10, 3), 220.0 - 10.0);
        assert_eq!(n(30, 4), 40920.0 - 465.0);
        assert_eq!(ln_harmonic_dimension(1, 2), f64::NEG_INFINITY);
    }

    #[test]
    fn log_sums_keep_signs_and_exponents() {
        let mut s = LogSum::default();
        s.add(1.0, libm::log(3.0));
        s.add(-1.0, libm::log(1.0));
        assert!((libm::exp(s.ln()) - 2.0).abs() < 1e-14);
        s.add(-1.0, libm::log(5.0));
        assert_eq!(s.ln(), f64::NEG_INFINITY);
        let mut tiny = LogSum::default();
        tiny.add(1.0, -2000.0);
        tiny.add(1.0, -2000.0);
        assert!((tiny.ln() - (-2000.0 + 2f64.ln())).abs() < 1e-12);
    }
}
