//! Exact evaluation for the tests of Gaussian-domain targets.

use leaplab::target::{hermite, Polynomial};

/// `f = Σ a_α Π_i He_{α_i}(x_i)` at a real point, in f64 (the engine's own
/// evaluation rounds to f32).
pub fn hermite_value(f: &Polynomial, x: &[f64]) -> f64 {
    f.terms()
        .iter()
        .map(|t| {
            t.coeff
                * t.monomial
                    .exponents()
                    .map(|(i, k)| hermite(k, x[i as usize]))
                    .product::<f64>()
        })
        .sum()
}
