//! Measurements of a network on a run's fixed test set, and the hash that
//! certifies a run's numbers bit for bit.

use crate::data::{Domain, Inputs};
use crate::method::Loss;
use crate::nn::{Mlp, Workspace};
use crate::rng::Stream;
use crate::target::{second_moment, variance_on, Polynomial};
use serde::Serialize;

/// Rows evaluated per forward pass on the test set.
pub const EVAL_CHUNK: usize = 256;

/// A run's test set, drawn once: inputs, target values and, for every
/// target monomial, its basis function divided by its second moment,
/// `B_α(x)/E[B_α²]`, at every input (so that `E[f_θ·that]` is the
/// network's coefficient on `B_α`).
#[derive(Clone, Debug)]
pub struct TestSet {
    d: usize,
    xs: Vec<f32>,
    ys: Vec<f32>,
    characters: Vec<f32>,
    monomials: usize,
    variance: f64,
    boolean: bool,
    reference: Vec<f64>,
}

impl TestSet {
    /// Draws `size` inputs from `inputs` with `stream` and evaluates `target`.
    ///
    /// On the hypercube the per-monomial values are `χ_S(x)` (orthonormal
    /// under uniform inputs) and the variance is the empirical
    /// `mean((y − ȳ)²)` of the test set. On the Gaussian they are
    /// `He_α(x)/α!` and on the sphere `B_α(x)/E[B_α²]`, and the variance is
    /// the exact `Var(f)` under the inputs (`Σ_{α≠0} a_α² α!` on the
    /// Gaussian; on the sphere, where `E[x1²x2²] = d/(d+2)`, from the
    /// harmonic decomposition), not an estimate that heavy tails make noisy.
    pub fn draw(target: &Polynomial, inputs: Inputs, size: usize, stream: &mut Stream) -> Self {
        let d = inputs.d();
        let domain = inputs.domain();
        let mut xs = vec![0.0; size * d];
        inputs.sample(stream, &mut xs);
        let mut ys = vec![0.0; size];
        target.eval_batch(&xs, d, &mut ys);
        let monomials = target.terms().len();
        let mut characters = Vec::with_capacity(size * monomials);
        let variance = if domain == Domain::Cube {
            for x in xs.chunks_exact(d) {
                characters.extend(target.monomials().map(|m| m.eval(x)));
            }
            let mean = ys.iter().map(|&y| f64::from(y)).sum::<f64>() / size as f64;
            ys.iter()
                .map(|&y| (f64::from(y) - mean).powi(2))
                .sum::<f64>()
                / size as f64
        } else {
            let norms: Vec<f64> = target
                .monomials()
                .map(|m| second_moment(m, domain, d))
                .collect();
            for x in xs.chunks_exact(d) {
                characters.extend(
                    target
                        .monomials()
                        .zip(&norms)
                        .map(|(m, n)| (f64::from(m.eval(x)) / n) as f32),
                );
            }
            variance_on(target, domain, d)
        };
        let mut reference = vec![0.0f64; monomials];
        for (row, &y) in characters.chunks_exact(monomials.max(1)).zip(&ys) {
            for (a, &chi) in reference.iter_mut().zip(row) {
                *a += f64::from(y) * f64::from(chi);
            }
        }
        for a in &mut reference {
            *a /= size.max(1) as f64;
        }
        TestSet {
            d,
            xs,
            ys,
            characters,
            monomials,
            variance,
            boolean: domain == Domain::Cube && target.is_boolean_valued(),
            reference,
        }
    }

    /// The target's variance (see [`TestSet::draw`]): the scale against
    /// which the test MSE is judged.
    pub fn variance(&self) -> f64 {
        self.variance
    }

    /// The target's own coefficient on each of its monomials, measured on
    /// this test set exactly as a network's is ([`MetricPoint::coeffs`]):
    /// what a perfect network shows. On uniform inputs and the Gaussian it
    /// is the coefficient `a_S` up to the test set's sampling error; under
    /// p-biased inputs, where the monomials are not orthogonal, it is
    /// `Σ_T a_T E[χ_T χ_S]`.
    pub fn reference(&self) -> &[f64] {
        &self.reference
    }

    /// Whether a network whose coefficients are `coeffs` has picked up
    /// each monomial: its coefficient has reached half of the
    /// [`reference`](Self::reference), with the same sign.
    pub fn picked_up(&self, coeffs: &[f64]) -> Vec<bool> {
        coeffs
            .iter()
            .zip(&self.reference)
            .map(|(&c, &r)| r != 0.0 && c * r.signum() >= r.abs() / 2.0)
            .collect()
    }

    /// Number of test inputs.
    pub fn len(&self) -> usize {
        self.ys.len()
    }

    /// Whether the test set is empty.
    pub fn is_empty(&self) -> bool {
        self.ys.is_empty()
    }
}

/// The measurements at one evaluated step. All averages are over the test
/// set, summed in f64 in test-set order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricPoint {
    /// Training steps taken so far.
    pub step: u64,
    /// Mean training loss of the last step's batch (`null` at step 0).
    pub train_loss: Option<f64>,
    /// Mean loss `ℓ(f_θ(x), f(x))` on the test set (the configured loss).
    pub test_loss: f64,
    /// Mean `(f_θ(x) − f(x))²` on the test set.
    pub test_mse: f64,
    /// Fraction of test inputs with `sign f_θ(x) = f(x)`, for ±1-valued
    /// targets; `null` otherwise.
    pub accuracy: Option<f64>,
    /// `E[f_θ f] / √(E[f_θ²] E[f²])`, the cosine between network and
    /// target (0 when the network is identically 0).
    pub correlation: f64,
    /// The network's coefficient on every monomial of the target, in
    /// canonical order: `E[f_θ χ_S]` on the hypercube, `E[f_θ He_α]/α!` on
    /// the Gaussian, `E[f_θ B_α]/E[B_α²]` on the sphere.
    pub coeffs: Vec<f64>,
    /// `‖W₁ − W₁⁽⁰⁾‖∞`, the largest change of any first-layer weight.
    pub w1_drift: f64,
}

/// One number of a [`MetricPoint`] as a column: the one list of the
/// scalar metrics, in the order every front end writes them (the command
/// line's CSV columns and its help, the wasm API's typed arrays, the page's
/// series through `metricColumns()`). The per-monomial `coeffs` follow
/// them, one column per target monomial.
#[derive(Clone, Copy, Debug)]
pub struct MetricColumn {
    /// The name: a CSV header, a JSON key, a JavaScript property.
    pub name: &'static str,
    /// The column's value at a point; `None` where it is missing
    /// (`train_loss` at step 0, `accuracy` for a target that is not ±1).
    pub value: fn(&MetricPoint) -> Option<f64>,
}

/// The scalar metric columns, in order (see [`MetricColumn`]).
pub const METRIC_COLUMNS: [MetricColumn; 7] = [
    MetricColumn {
        name: "step",
        value: |p| Some(p.step as f64),
    },
    MetricColumn {
        name: "train_loss",
        value: |p| p.train_loss,
    },
    MetricColumn {
        name: "test_loss",
        value: |p| Some(p.test_loss),
    },
    MetricColumn {
        name: "test_mse",
        value: |p| Some(p.test_mse),
    },
    MetricColumn {
        name: "accuracy",
        value: |p| p.accuracy,
    },
    MetricColumn {
        name: "correlation",
        value: |p| Some(p.correlation),
    },
    MetricColumn {
        name: "w1_drift",
        value: |p| Some(p.w1_drift),
    },
];

/// Evaluates `net` on `test`. `ws` must have room for [`EVAL_CHUNK`] rows;
/// `w1_init` is the first layer's initial weights.
pub fn evaluate(
    net: &Mlp,
    ws: &mut Workspace,
    test: &TestSet,
    loss: Loss,
    w1_init: &[f32],
    step: u64,
    train_loss: Option<f64>,
) -> MetricPoint {
    let (mut loss_sum, mut sq_sum, mut hits, mut ff, mut fy, mut yy) =
        (0.0, 0.0, 0usize, 0.0, 0.0, 0.0);
    let mut coeffs = vec![0.0f64; test.monomials];
    let chunks = test
        .xs
        .chunks(EVAL_CHUNK * test.d)
        .zip(test.ys.chunks(EVAL_CHUNK));
    for (c, (xs, ys)) in chunks.enumerate() {
        let outs = net.forward(xs, ws);
        for (r, (&f, &y)) in outs.iter().zip(ys).enumerate() {
            let (fd, yd) = (f64::from(f), f64::from(y));
            loss_sum += loss.value(f, y);
            sq_sum += (fd - yd) * (fd - yd);
            hits += usize::from((f > 0.0 && y > 0.0) || (f < 0.0 && y < 0.0));
            ff += fd * fd;
            fy += fd * yd;
            yy += yd * yd;
            let row = (c * EVAL_CHUNK + r) * test.monomials;
            for (a, &chi) in coeffs
                .iter_mut()
                .zip(&test.characters[row..row + test.monomials])
            {
                *a += fd * f64::from(chi);
            }
        }
    }
    let n = test.len() as f64;
    for a in &mut coeffs {
        *a /= n;
    }
    let w1 = &net.params()[net.layers()[0].weights.clone()];
    let w1_drift = w1
        .iter()
        .zip(w1_init)
        .fold(0.0f64, |m, (w, w0)| m.max(f64::from((w - w0).abs())));
    MetricPoint {
        step,
        train_loss,
        test_loss: loss_sum / n,
        test_mse: sq_sum / n,
        accuracy: test.boolean.then_some(hits as f64 / n),
        correlation: if ff > 0.0 && yy > 0.0 {
            fy / (ff * yy).sqrt()
        } else {
            0.0
        },
        coeffs,
        w1_drift,
    }
}

impl MetricPoint {
    /// Whether every measured number is finite.
    pub fn is_finite(&self) -> bool {
        self.test_loss.is_finite() && self.test_mse.is_finite() && self.w1_drift.is_finite()
    }

    /// Feeds the step and every number's exact bits to `hash`.
    pub fn hash_into(&self, hash: &mut MetricsHash) {
        hash.write(self.step);
        for v in [
            self.train_loss,
            Some(self.test_loss),
            Some(self.test_mse),
            self.accuracy,
        ] {
            hash.write(v.map_or(u64::MAX, f64::to_bits));
        }
        hash.write(self.correlation.to_bits());
        for c in &self.coeffs {
            hash.write(c.to_bits());
        }
        hash.write(self.w1_drift.to_bits());
    }
}

/// A 64-bit FNV-1a hash over the bits of every metric of a run: equal
/// hashes mean (with overwhelming likelihood) bit-identical numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricsHash(u64);

impl Default for MetricsHash {
    fn default() -> Self {
        MetricsHash(0xcbf2_9ce4_8422_2325)
    }
}

impl MetricsHash {
    /// Mixes in the 8 little-endian bytes of `value`.
    pub fn write(&mut self, value: u64) {
        for byte in value.to_le_bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_columns_are_the_scalar_fields_of_a_point_in_order() {
        let point = MetricPoint {
            step: 7,
            train_loss: Some(1.0),
            test_loss: 2.0,
            test_mse: 3.0,
            accuracy: None,
            correlation: 4.0,
            coeffs: vec![5.0],
            w1_drift: 6.0,
        };
        let json = serde_json::to_value(&point).expect("a point serialises");
        let fields: Vec<&str> = json
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "coeffs")
            .collect();
        let mut names: Vec<&str> = METRIC_COLUMNS.iter().map(|c| c.name).collect();
        let mut sorted = fields.clone();
        sorted.sort_unstable();
        names.sort_unstable();
        assert_eq!(names, sorted, "every scalar field has one column");
        let values: Vec<Option<f64>> = METRIC_COLUMNS.iter().map(|c| (c.value)(&point)).collect();
        for (c, v) in METRIC_COLUMNS.iter().zip(&values) {
            let want = json[c.name].as_f64();
            assert_eq!(*v, want, "{} reads its own field", c.name);
        }
    }
}
