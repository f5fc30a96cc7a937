//! Gaussian and spherical inputs checked by Monte Carlo: the samplers'
//! moments and the Hermite polynomials' orthogonality, the exact variances
//! and second moments the trainer uses, and every orbit-alignment formula
//! against an average of `⟨f̃, f̃∘g⟩²` over random group elements.
//!
//! Tolerances are stated in standard errors (SE) of the Monte Carlo mean:
//! a check passes within 5 SE (a false failure has probability below 1e-6
//! per check), and where a plausible wrong formula exists the test also
//! asserts that it lies more than 10 SE away, so the tolerance is narrow
//! enough to catch it. The inner products `⟨f̃, f̃∘g⟩` themselves are exact
//! (Gauss quadrature), so the only randomness is the group element.

#[path = "common/hermite.rs"]
mod hermite_eval;
use hermite_eval::hermite_value;
use leaplab::data::{Domain, Inputs};
use leaplab::rng::{Purpose, Stream};
use leaplab::target::{
    alignment_on, factorial, hermite, parse_target_on, second_moment, variance_on, Group,
    Polynomial,
};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

fn parse(text: &str, d: usize, domain: Domain) -> Polynomial {
    parse_target_on(text, d, domain).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// The mean of `xs` and its standard error `sd/√n`.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Asserts `|got − want| ≤ 5 SE` and, for each wrong value, `> 10 SE`.
fn within(what: &str, (got, se): (f64, f64), want: f64, wrong: &[f64]) {
    assert!(
        (got - want).abs() <= 5.0 * se,
        "{what}: Monte Carlo {got} ± {se} vs formula {want}"
    );
    for w in wrong {
        assert!(
            (got - w).abs() > 10.0 * se,
            "{what}: the wrong value {w} is within 10 SE ({se}) of {got}: the test cannot tell"
        );
    }
}

fn samples(inputs: Inputs, rows: usize, seed: u64) -> Vec<f32> {
    let mut xs = vec![0.0f32; rows * inputs.d()];
    inputs.sample(&mut Stream::new(seed, Purpose::Data), &mut xs);
    xs
}

#[test]
fn hermite_polynomials_are_orthogonal_with_norm_k_factorial() {
    // E[He_j He_k] = k! δ_jk under N(0, 1); the exact variance of
    // He_j·He_k = Σ_r C(j,r)C(k,r) r! He_{j+k−2r} gives the SE.
    let n = 400_000;
    let z = samples(Inputs::Gaussian { d: 1 }, n, 11);
    let binom = |n: u32, k: u32| factorial(n) / (factorial(k) * factorial(n - k));
    for j in 0..=4u32 {
        for k in j..=4u32 {
            let mean = z
                .iter()
                .map(|&x| hermite(j, f64::from(x)) * hermite(k, f64::from(x)))
                .sum::<f64>()
                / n as f64;
            let want = if j == k { factorial(k) } else { 0.0 };
            let second: f64 = (0..=j)
                .map(|r| {
                    (binom(j, r) * binom(k, r) * factorial(r)).powi(2) * factorial(j + k - 2 * r)
                })
                .sum();
            let se = ((second - want * want) / n as f64).sqrt();
            assert!(
                (mean - want).abs() <= 5.0 * se,
                "E[He_{j} He_{k}] = {mean} ± {se}, want {want}"
            );
        }
    }
    // hand values of the recurrence
    assert_eq!(hermite(2, 3.0), 8.0);
    assert_eq!(hermite(3, 2.0), 2.0);
    assert_eq!(hermite(4, 1.0), -2.0);
}

#[test]
fn sphere_moments_are_those_of_the_sphere_not_the_gaussian_or_the_cube() {
    let d = 10;
    let n = 200_000;
    let xs = samples(Inputs::Sphere { d }, n, 12);
    let rows: Vec<&[f32]> = xs.chunks_exact(d).collect();
    let column = |f: &dyn Fn(&[f32]) -> f64| -> (f64, f64) {
        mean_se(&rows.iter().map(|x| f(x)).collect::<Vec<_>>())
    };
    let x = |r: &[f32], i: usize| f64::from(r[i]);
    let dd = d as f64;
    within("E[x1]", column(&|r| x(r, 0)), 0.0, &[]);
    within("E[x1 x2]", column(&|r| x(r, 0) * x(r, 1)), 0.0, &[]);
    within("E[x1²]", column(&|r| x(r, 0).powi(2)), 1.0, &[]);
    // Gaussian: 3; hypercube: 1
    within(
        "E[x1⁴]",
        column(&|r| x(r, 0).powi(4)),
        3.0 * dd / (dd + 2.0),
        &[3.0, 1.0],
    );
    within(
        "E[x1² x2²]",
        column(&|r| (x(r, 0) * x(r, 1)).powi(2)),
        dd / (dd + 2.0),
        &[1.0],
    );
    // the same moments from the engine's own formula
    let m = |text: &str| {
        second_moment(
            &parse(text, d, Domain::Sphere).terms()[0].monomial,
            Domain::Sphere,
            d,
        )
    };
    assert!((m("x1x2") - dd / (dd + 2.0)).abs() < 1e-15);
    assert!((m("x1x2x3") - dd * dd / ((dd + 2.0) * (dd + 4.0))).abs() < 1e-15);
    // He_2(x1)² = x1⁴ − 2x1² + 1
    assert!((m("he2(x1)") - (3.0 * dd / (dd + 2.0) - 1.0)).abs() < 1e-14);
}

#[test]
fn exact_variances_and_second_moments_match_sampling() {
    let d = 6;
    let n = 300_000;
    for domain in [Domain::Gaussian, Domain::Sphere] {
        let inputs = match domain {
            Domain::Gaussian => Inputs::Gaussian { d },
            _ => Inputs::Sphere { d },
        };
        let xs = samples(inputs, n, 13);
        for text in [
            "x1 + x1x2 + he2(x3)x1x2",
            "he3(x1) - 0.5*he2(x2)",
            "he2(x1)he2(x2) + x3",
            "staircase(4)",
        ] {
            let f = parse(text, d, domain);
            let mut ys = vec![0.0f32; n];
            f.eval_batch(&xs, d, &mut ys);
            let mean = ys.iter().map(|&y| f64::from(y)).sum::<f64>() / n as f64;
            let dev: Vec<f64> = ys.iter().map(|&y| (f64::from(y) - mean).powi(2)).collect();
            within(
                &format!("Var({text}) on {domain}"),
                mean_se(&dev),
                variance_on(&f, domain, d),
                &[],
            );
            for t in f.terms() {
                let sq: Vec<f64> = xs
                    .chunks_exact(d)
                    .map(|x| f64::from(t.monomial.eval(x)).powi(2))
                    .collect();
                within(
                    &format!("E[({})²] on {domain}", t.monomial),
                    mean_se(&sq),
                    second_moment(&t.monomial, domain, d),
                    &[],
                );
            }
        }
    }
}

/// Nodes and weights of an `n`-point Gauss rule: the roots of `poly_n`
/// found by scanning `[lo, hi]` and bisecting, weighted by `weight(x)`.
fn gauss_rule(
    n: usize,
    lo: f64,
    hi: f64,
    poly: &dyn Fn(f64) -> f64,
    weight: &dyn Fn(f64) -> f64,
) -> Vec<(f64, f64)> {
    let steps = 200_000;
    let mut rule = Vec::new();
    let at = |i: usize| lo + (hi - lo) * i as f64 / steps as f64;
    for i in 0..steps {
        let (mut a, mut b) = (at(i), at(i + 1));
        if poly(a) == 0.0 || poly(a).signum() == poly(b).signum() {
            continue;
        }
        for _ in 0..200 {
            let m = 0.5 * (a + b);
            if poly(a).signum() == poly(m).signum() {
                a = m;
            } else {
                b = m;
            }
        }
        let x = 0.5 * (a + b);
        rule.push((x, weight(x)));
    }
    assert_eq!(rule.len(), n, "found every root");
    rule
}

/// `E[p(z)]` under `N(0, I_d)` by the tensor Gauss–Hermite rule with `n`
/// points per axis (exact for degree ≤ 2n − 1 in each variable): the nodes
/// as rows and their weights.
fn gaussian_nodes(d: usize, n: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let n32 = n as u32;
    // probabilists' Hermite: w_i = n! / (n He_{n−1}(x_i))²
    let rule = gauss_rule(n, -12.0, 12.0, &|x| hermite(n32, x), &|x| {
        factorial(n32) / (n as f64 * hermite(n32 - 1, x)).powi(2)
    });
    assert!((rule.iter().map(|r| r.1).sum::<f64>() - 1.0).abs() < 1e-12);
    tensor(&rule, d)
}

fn tensor(rule: &[(f64, f64)], d: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut nodes = vec![Vec::new()];
    let mut weights = vec![1.0];
    for _ in 0..d {
        let mut next_nodes = Vec::new();
        let mut next_weights = Vec::new();
        for (x, w) in nodes.iter().zip(&weights) {
            for (z, v) in rule {
                let mut y = x.clone();
                y.push(*z);
                next_nodes.push(y);
                next_weights.push(w * v);
            }
        }
        nodes = next_nodes;
        weights = next_weights;
    }
    (nodes, weights)
}

/// Exact averages over the sphere of radius √3 in R³ for polynomials of
/// degree ≤ 2n − 1: `z = cos θ` is uniform on [−1, 1] (Gauss–Legendre,
/// n points), `φ` uniform (2n + 1 equally spaced points).
fn sphere3_nodes(n: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let legendre = |n: usize, x: f64| {
        let (mut p0, mut p1) = (1.0, x);
        for k in 1..n {
            let p2 = ((2 * k + 1) as f64 * x * p1 - k as f64 * p0) / (k + 1) as f64;
            p0 = p1;
            p1 = p2;
        }
        (p1, p0)
    };
    let rule = gauss_rule(n, -1.0, 1.0, &|x| legendre(n, x).0, &|x| {
        // P'_n(x) = n (x P_n − P_{n−1}) / (x² − 1); w = 2/((1 − x²) P'_n²), halved for the uniform law
        let (pn, pm) = legendre(n, x);
        let deriv = n as f64 * (x * pn - pm) / (x * x - 1.0);
        1.0 / ((1.0 - x * x) * deriv * deriv)
    });
    let m = 2 * n + 1;
    let radius = 3f64.sqrt();
    let mut nodes = Vec::new();
    let mut weights = Vec::new();
    for (z, w) in rule {
        for k in 0..m {
            let phi = 2.0 * std::f64::consts::PI * k as f64 / m as f64;
            let s = (1.0 - z * z).sqrt();
            nodes.push(vec![
                radius * s * phi.cos(),
                radius * s * phi.sin(),
                radius * z,
            ]);
            weights.push(w / m as f64);
        }
    }
    assert!((weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    (nodes, weights)
}

fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let u2 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// A Haar-random orthogonal matrix: the Q of the QR decomposition of a
/// Gaussian matrix, with R's diagonal made positive (Gram–Schmidt on the
/// columns gives that sign fix), rows of the result as `g`.
fn haar_orthogonal(rng: &mut ChaCha8Rng, d: usize) -> Vec<Vec<f64>> {
    let mut q: Vec<Vec<f64>> = Vec::new();
    for _ in 0..d {
        let mut v: Vec<f64> = (0..d).map(|_| gaussian(rng)).collect();
        for u in &q {
            let dot: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
            for (a, b) in v.iter_mut().zip(u) {
                *a -= dot * b;
            }
        }
        let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
        q.push(v.iter().map(|a| a / norm).collect());
    }
    q
}

/// A uniformly random signed permutation as a matrix: `(gx)_i = s_i x_{π(i)}`.
fn signed_permutation(rng: &mut ChaCha8Rng, d: usize) -> Vec<Vec<f64>> {
    let mut pi: Vec<usize> = (0..d).collect();
    for i in (1..d).rev() {
        pi.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    (0..d)
        .map(|i| {
            let mut row = vec![0.0; d];
            row[pi[i]] = if rng.next_u64() >> 63 == 1 { 1.0 } else { -1.0 };
            row
        })
        .collect()
}

/// The Monte Carlo mean and SE of `⟨f̃, f̃∘g⟩²` over `draws` group
/// elements, with `f̃` centred and scaled to unit variance and every inner
/// product exact by the quadrature `(nodes, weights)`.
fn monte_carlo_alignment(
    f: &Polynomial,
    (nodes, weights): &(Vec<Vec<f64>>, Vec<f64>),
    draw: &mut dyn FnMut() -> Vec<Vec<f64>>,
    draws: usize,
) -> (f64, f64) {
    let fx: Vec<f64> = nodes.iter().map(|x| hermite_value(f, x)).collect();
    let mean: f64 = fx.iter().zip(weights).map(|(v, w)| v * w).sum();
    let var: f64 = fx
        .iter()
        .zip(weights)
        .map(|(v, w)| (v - mean).powi(2) * w)
        .sum();
    let squares: Vec<f64> = (0..draws)
        .map(|_| {
            let g = draw();
            let inner: f64 = nodes
                .iter()
                .zip(&fx)
                .zip(weights)
                .map(|((x, v), w)| {
                    let gx: Vec<f64> = g
                        .iter()
                        .map(|row| row.iter().zip(x).map(|(a, b)| a * b).sum())
                        .collect();
                    (v - mean) * (hermite_value(f, &gx) - mean) * w
                })
                .sum();
            (inner / var).powi(2)
        })
        .collect();
    mean_se(&squares)
}

fn gal(text: &str, d: usize, domain: Domain, group: Group) -> f64 {
    alignment_on(&parse(text, d, domain), domain, d, group)
        .expect("within the analysis limits")
        .gal
}

#[test]
fn orthogonal_alignment_on_gaussian_inputs_matches_haar_rotations() {
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let draws = 20_000;
    // multilinear: Σ_k W_k²/N(d, k) (wrong: the hypercube's Σ W_k²/C(d, k))
    let d = 4;
    let quad = gaussian_nodes(d, 5);
    let text = "x1 + x1x2 + x1x2x3";
    let mc = monte_carlo_alignment(
        &parse(text, d, Domain::Gaussian),
        &quad,
        &mut || haar_orthogonal(&mut rng, d),
        draws,
    );
    let want = (1.0 / 4.0 + 1.0 / 9.0 + 1.0 / 16.0) / 9.0;
    assert!((gal(text, d, Domain::Gaussian, Group::Orthogonal) - want).abs() < 1e-14);
    let cube = (1.0 / 4.0 + 1.0 / 6.0 + 1.0 / 4.0) / 9.0;
    within(text, mc, want, &[cube]);

    // He_3(x1): chaos 3 holds an H_3 and an H_1 part, 3 each at d = 4
    // (wrong: all of it in H_3, GAL = 1/N(4, 3) = 1/16)
    let text = "he3(x1)";
    let mc = monte_carlo_alignment(
        &parse(text, d, Domain::Gaussian),
        &gaussian_nodes(d, 4),
        &mut || haar_orthogonal(&mut rng, d),
        draws,
    );
    let want = (9.0 / 16.0 + 9.0 / 4.0) / 36.0;
    assert!((gal(text, d, Domain::Gaussian, Group::Orthogonal) - want).abs() < 1e-14);
    within(text, mc, want, &[1.0 / 16.0]);

    // H_2 in two chaoses (x1x2 and the trace part of He_2(x3)x1x2), H_0 in
    // chaoses 2 and 4: the overlaps between copies count
    let d = 3;
    let text = "x1x2 + he2(x3)x1x2 + 0.5*he2(x1)";
    let f = parse(text, d, Domain::Gaussian);
    let mc = monte_carlo_alignment(
        &f,
        &gaussian_nodes(d, 5),
        &mut || haar_orthogonal(&mut rng, d),
        draws,
    );
    let signed = gal(text, d, Domain::Gaussian, Group::SignedPermutations);
    within(
        text,
        mc,
        gal(text, d, Domain::Gaussian, Group::Orthogonal),
        &[signed],
    );
}

#[test]
fn orthogonal_alignment_on_the_sphere_matches_haar_rotations() {
    let mut rng = ChaCha8Rng::seed_from_u64(22);
    let draws = 20_000;
    let d = 3;
    for text in ["x1 + x1x2 + x1x2x3", "he2(x1)x2 + x1", "he4(x1)"] {
        let f = parse(text, d, Domain::Sphere);
        let quad = sphere3_nodes(f.degree() + 1);
        let mc = monte_carlo_alignment(&f, &quad, &mut || haar_orthogonal(&mut rng, d), draws);
        // wrong: the Gaussian figure of the same target
        let gaussian_figure = gal(text, d, Domain::Gaussian, Group::Orthogonal);
        within(
            text,
            mc,
            gal(text, d, Domain::Sphere, Group::Orthogonal),
            &[gaussian_figure],
        );
    }
    // multilinear: Σ_k W_k²/N(3, k) with W_k = Π_{i<k} 3/(3+2i): 1, 3/5, 9/35
    let w = [1.0, 0.6, 9.0 / 35.0];
    let var: f64 = w.iter().sum();
    let want = (w[0] * w[0] / 3.0 + w[1] * w[1] / 5.0 + w[2] * w[2] / 7.0) / (var * var);
    assert!((gal("x1 + x1x2 + x1x2x3", d, Domain::Sphere, Group::Orthogonal) - want).abs() < 1e-14);
}

#[test]
fn signed_permutation_alignment_off_the_cube_matches_random_signed_permutations() {
    let mut rng = ChaCha8Rng::seed_from_u64(23);
    let draws = 20_000;
    // Gaussian inputs with a Rademacher (or uniform) initialisation
    let d = 4;
    for text in ["he3(x1) + x1x2", "he2(x1)he2(x2) + x3 + x1x2x3x4"] {
        let f = parse(text, d, Domain::Gaussian);
        let quad = gaussian_nodes(d, f.degree() + 1);
        let mc = monte_carlo_alignment(&f, &quad, &mut || signed_permutation(&mut rng, d), draws);
        let orthogonal = gal(text, d, Domain::Gaussian, Group::Orthogonal);
        within(
            text,
            mc,
            gal(text, d, Domain::Gaussian, Group::SignedPermutations),
            &[orthogonal],
        );
    }
    // multilinear targets get the hypercube's formula Σ W_k²/C(d, k)
    let f = gal("x1 + x1x2", d, Domain::Gaussian, Group::SignedPermutations);
    assert!((f - (1.0 / 4.0 + 1.0 / 6.0) / 4.0).abs() < 1e-14);
    // the sphere, where Hermite products are not orthogonal
    let d = 3;
    for text in ["he2(x1)x2 + x1", "he4(x1)", "he3(x1) + x2x3"] {
        let f = parse(text, d, Domain::Sphere);
        let quad = sphere3_nodes(f.degree() + 1);
        let mc = monte_carlo_alignment(&f, &quad, &mut || signed_permutation(&mut rng, d), draws);
        let gaussian_figure = gal(text, d, Domain::Gaussian, Group::SignedPermutations);
        within(
            text,
            mc,
            gal(text, d, Domain::Sphere, Group::SignedPermutations),
            &[gaussian_figure],
        );
    }
}
