//! The analysis against brute force (all 2^d inputs, all orderings, all
//! signed permutations) and against hand-worked values.

use leaplab::target::{
    analyze, biased_expansion, leap_complexity, ln_binomial, orbit_alignment, parse_target, Family,
    Monomial, Polynomial, Term,
};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

fn parse(text: &str, d: usize) -> Polynomial {
    parse_target(text, d).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn uniform01(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn monomial_of_mask(mask: u64, d: usize) -> Monomial {
    Monomial::from_indices((0..d as u32).filter(|i| mask >> i & 1 == 1))
}

fn mask_of(m: &Monomial) -> usize {
    m.indices().iter().map(|i| 1usize << i).sum()
}

/// A random target on `d ≤ 10` coordinates with up to 6 terms.
fn random_target(rng: &mut ChaCha8Rng, d: usize) -> Polynomial {
    let n = 1 + rng.next_u64() % 6;
    Polynomial::from_terms((0..n).map(|_| Term {
        monomial: monomial_of_mask(rng.next_u64() & ((1 << d) - 1), d),
        coeff: uniform01(rng) * 4.0 - 2.0,
    }))
}

/// Input number `mask` of `{-1,+1}^d`: bit i set means `x_{i+1} = −1`.
fn input(mask: usize, d: usize) -> Vec<f32> {
    (0..d)
        .map(|i| if mask >> i & 1 == 1 { -1.0 } else { 1.0 })
        .collect()
}

/// Every point of `{-1,+1}^d` with its probability when each coordinate
/// is +1 with probability `p`, independently.
fn weighted_inputs(d: usize, p: f64) -> impl Iterator<Item = (Vec<f32>, f64)> {
    (0..1usize << d).map(move |mask| {
        let x = input(mask, d);
        let weight = x
            .iter()
            .map(|&v| if v > 0.0 { p } else { 1.0 - p })
            .product();
        (x, weight)
    })
}

/// `b_S = E_p[f(x) φ_S(x)]` for every `S ⊆ [d]` (indexed by mask), by
/// enumerating all `2^d` inputs with their product-measure probabilities.
fn brute_coefficients(f: &Polynomial, d: usize, p: f64) -> Vec<f64> {
    let mu = 2.0 * p - 1.0;
    let sigma = 2.0 * (p * (1.0 - p)).sqrt();
    let mut b = vec![0.0; 1 << d];
    for (x, weight) in weighted_inputs(d, p) {
        let fx = f.eval(&x);
        for (s, bs) in b.iter_mut().enumerate() {
            let phi: f64 = (0..d)
                .filter(|i| s >> i & 1 == 1)
                .map(|i| (f64::from(x[i]) - mu) / sigma)
                .product();
            *bs += weight * fx * phi;
        }
    }
    b
}

/// `E_p[f]` and `Var_p(f)` by enumeration.
fn brute_mean_variance(f: &Polynomial, d: usize, p: f64) -> (f64, f64) {
    let (mut m1, mut m2) = (0.0, 0.0);
    for (x, weight) in weighted_inputs(d, p) {
        let fx = f.eval(&x);
        m1 += weight * fx;
        m2 += weight * fx * fx;
    }
    (m1, m2 - m1 * m1)
}

fn coefficients_by_mask(g: &Polynomial, d: usize) -> Vec<f64> {
    let mut c = vec![0.0; 1 << d];
    for t in g.terms() {
        c[mask_of(&t.monomial)] = t.coeff;
    }
    c
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn uniform_coefficients_and_weights_match_enumeration() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for round in 0..60 {
        let d = if round == 0 {
            10
        } else {
            1 + (rng.next_u64() % 8) as usize
        };
        let f = random_target(&mut rng, d);
        let brute = brute_coefficients(&f, d, 0.5);
        let mine = coefficients_by_mask(&f, d);
        for s in 0..1 << d {
            assert!(close(brute[s], mine[s], 1e-12), "{f}: S = {s:b}");
        }
        let a = analyze(&f, d, 0.5).unwrap();
        let mut w = vec![0.0; f.degree() + 1];
        for (s, b) in brute.iter().enumerate() {
            if s.count_ones() as usize <= f.degree() {
                w[s.count_ones() as usize] += b * b;
            }
        }
        assert_eq!(a.weight_by_degree.len(), w.len());
        for (got, want) in a.weight_by_degree.iter().zip(&w) {
            assert!(close(*got, *want, 1e-12), "{f}: {got} vs {want}");
        }
        let (_, var) = brute_mean_variance(&f, d, 0.5);
        assert!(close(a.variance, var, 1e-12), "{f}");
    }
}

#[test]
fn biased_coefficients_and_weights_match_enumeration() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for round in 0..60 {
        let d = 1 + (rng.next_u64() % 8) as usize;
        let p = [0.1, 0.3, 0.7, 0.9][round % 4] + 0.05 * uniform01(&mut rng);
        let f = random_target(&mut rng, d);
        let b = biased_expansion(&f, p).unwrap();
        let brute = brute_coefficients(&f, d, p);
        let mine = coefficients_by_mask(&b, d);
        for s in 0..1 << d {
            assert!(close(brute[s], mine[s], 1e-10), "{f} at p = {p}: S = {s:b}");
        }
        let a = analyze(&f, d, p).unwrap();
        for (j, got) in a.weight_by_degree.iter().enumerate() {
            let want: f64 = (0..1usize << d)
                .filter(|s| s.count_ones() as usize == j)
                .map(|s| brute[s] * brute[s])
                .sum();
            assert!(close(*got, want, 1e-10), "{f} at p = {p}: W{j}");
        }
        let (mean, var) = brute_mean_variance(&f, d, p);
        assert!(close(a.variance, var, 1e-10), "{f} at p = {p}");
        assert!(close(a.weight_by_degree[0], mean * mean, 1e-10));
    }
}

/// `min over orderings of max_i |S_i ∖ ∪_{j<i} S_j|` by trying them all.
fn brute_leap(sets: &[u64]) -> usize {
    fn go(rest: &mut Vec<u64>, covered: u64, worst: usize, best: &mut usize) {
        if rest.is_empty() {
            *best = (*best).min(worst);
            return;
        }
        for i in 0..rest.len() {
            let s = rest.swap_remove(i);
            let new = (s & !covered).count_ones() as usize;
            go(rest, covered | s, worst.max(new), best);
            rest.push(s);
            let last = rest.len() - 1;
            rest.swap(i, last);
        }
    }
    let mut best = usize::MAX;
    go(&mut sets.to_vec(), 0, 0, &mut best);
    if sets.is_empty() {
        0
    } else {
        best
    }
}

#[test]
fn leap_matches_all_orderings_of_small_families() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut seen = [0usize; 9];
    for _ in 0..400 {
        let d = 1 + (rng.next_u64() % 8) as usize;
        let n = 1 + rng.next_u64() % 7;
        let f = Polynomial::from_terms((0..n).map(|_| Term {
            // Sparse-ish sets: each coordinate kept with probability 1/4.
            monomial: monomial_of_mask(rng.next_u64() & rng.next_u64() & ((1 << d) - 1), d),
            coeff: 1.0,
        }));
        let sets: Vec<u64> = f
            .monomials()
            .filter(|m| m.degree() > 0)
            .map(|m| mask_of(m) as u64)
            .collect();
        let want = brute_leap(&sets);
        let got = leap_complexity(&f);
        assert_eq!(got.leap, want, "{f}");
        seen[want] += 1;
        // The witness is an ordering of exactly these sets attaining it.
        let mut order: Vec<u64> = got.order.iter().map(|m| mask_of(m) as u64).collect();
        let mut covered = 0;
        let worst = order.iter().fold(0, |w, &s| {
            let new = (s & !covered).count_ones() as usize;
            covered |= s;
            w.max(new)
        });
        assert_eq!(worst, want, "{f}");
        order.sort_unstable();
        let mut expected = sets.clone();
        expected.sort_unstable();
        assert_eq!(order, expected);
        assert_eq!(got.is_msp(), want <= 1);
    }
    assert!(seen[1] > 20 && seen[2] > 20 && seen[3] > 5, "{seen:?}");
}

/// `E_g[⟨f̃, f̃∘g⟩²]` over all `2^d·d!` signed permutations `g`, with
/// `f̃ = (f − E f)/sd(f)` and `⟨·,·⟩` the uniform expectation.
fn brute_gal(f: &Polynomial, d: usize) -> f64 {
    let (mean, var) = brute_mean_variance(f, d, 0.5);
    let sd = var.sqrt();
    let values: Vec<f64> = (0..1usize << d)
        .map(|x| (f.eval(&input(x, d)) - mean) / sd)
        .collect();
    let mut perms = vec![];
    permutations(&mut (0..d).collect(), 0, &mut perms);
    let (mut total, mut count) = (0.0, 0.0);
    for perm in &perms {
        for signs in 0..1usize << d {
            let inner: f64 = (0..1usize << d)
                .map(|x| {
                    // (g x)_i = s_i · x_{π(i)}; in masks a −1 is a set bit.
                    let gx: usize = (0..d)
                        .map(|i| ((x >> perm[i] & 1) ^ (signs >> i & 1)) << i)
                        .sum();
                    values[x] * values[gx]
                })
                .sum::<f64>()
                / (1u64 << d) as f64;
            total += inner * inner;
            count += 1.0;
        }
    }
    total / count
}

fn permutations(v: &mut Vec<usize>, k: usize, out: &mut Vec<Vec<usize>>) {
    if k == v.len() {
        out.push(v.clone());
        return;
    }
    for i in k..v.len() {
        v.swap(k, i);
        permutations(v, k + 1, out);
        v.swap(k, i);
    }
}

#[test]
fn gal_matches_enumeration_over_signed_permutations() {
    let cases = [
        ("parity(3)", 5),
        ("parity(2)", 4),
        ("staircase(3)", 4),
        ("staircase(4)", 5),
        ("x1 + 0.5*x2x3 - 0.3*x1x2x4 + 0.2", 5),
        ("majority(3)", 5),
        ("x1 + x1x2x3", 3),
        ("x2 - 2x1x3x4x5 + 0.7*x3x5", 5),
    ];
    for (text, d) in cases {
        let f = parse(text, d);
        let want = brute_gal(&f, d);
        let got = orbit_alignment(&f, d).gal;
        assert!(close(got, want, 1e-12), "{text}: {got} vs {want}");
        assert!(close(analyze(&f, d, 0.5).unwrap().gal, want, 1e-12));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for _ in 0..10 {
        let d = 2 + (rng.next_u64() % 3) as usize;
        let f = random_target(&mut rng, d);
        if f.variance_uniform() == 0.0 {
            continue;
        }
        let want = brute_gal(&f, d);
        assert!(close(orbit_alignment(&f, d).gal, want, 1e-12), "{f}");
    }
}

#[test]
fn parity_gal_is_one_over_binomial() {
    for (d, k) in [(5, 3), (10, 4), (30, 20), (100, 4), (1000, 3), (100_000, 2)] {
        let a = analyze(&parse(&format!("parity({k})"), d), d, 0.5).unwrap();
        let ln_c = ln_binomial(d, k);
        assert!(close(a.gal, (-ln_c).exp(), 1e-12), "d = {d}, k = {k}");
        assert!(close(a.gal_exponent, ln_c / (d as f64).ln(), 1e-12));
    }
    assert!(close(
        analyze(&parse("parity(3)", 10), 10, 0.5).unwrap().gal,
        1.0 / 120.0,
        1e-14
    ));
    // Scaling and a constant term do not change the alignment.
    let a = analyze(&parse("3 - 2x1x2", 6), 6, 0.5).unwrap();
    assert!(close(a.gal, 1.0 / 15.0, 1e-14));
}

#[test]
fn staircase_is_msp_with_its_steps_in_order() {
    let a = analyze(&parse("staircase(5)", 30), 30, 0.5).unwrap();
    assert!(a.msp);
    assert_eq!(a.leap, 1);
    let steps: Vec<Vec<u32>> = (1..=5).map(|k| (1..=k).collect()).collect();
    assert_eq!(a.msp_order, Some(steps.clone()));
    assert_eq!(a.leap_order, steps);
    assert_eq!(a.sgd_exponent, 1.0);
}

#[test]
fn staircase_four_has_unit_variance() {
    let f = parse("staircase(4)", 4);
    assert!(close(f.variance_uniform(), 1.0, 1e-15));
    let a = analyze(&f, 4, 0.5).unwrap();
    assert!(close(a.variance, 1.0, 1e-15));
    assert_eq!(a.weight_by_degree, vec![0.0, 0.25, 0.25, 0.25, 0.25]);
}

#[test]
fn hand_worked_leaps() {
    let a = analyze(&parse("x1 + x1x2x3", 30), 30, 0.5).unwrap();
    assert_eq!((a.leap, a.msp, a.sgd_exponent), (2, false, 1.0));
    assert_eq!(a.leap_order, vec![vec![1], vec![1, 2, 3]]);
    assert_eq!(a.msp_order, None);

    let a = analyze(&parse("parity(4)", 30), 30, 0.5).unwrap();
    assert_eq!((a.leap, a.msp, a.sgd_exponent), (4, false, 3.0));

    let a = analyze(&parse("x1x2 + x3x4x5 + x1x3", 5), 5, 0.5).unwrap();
    assert_eq!(a.leap, 2);

    let a = analyze(&parse("x1 + x2 + x1x2x3x4 + x3x4x5", 5), 5, 0.5).unwrap();
    assert_eq!(a.leap, 2);
}

#[test]
fn biased_parity_gains_a_linear_part_and_leap_one() {
    let p = 0.3;
    let (mu, sigma2): (f64, f64) = (2.0 * p - 1.0, 4.0 * p * (1.0 - p));
    let f = parse("parity(3)", 10);
    let a = analyze(&f, 10, p).unwrap();
    assert_eq!((a.leap, a.msp, a.degree), (1, true, 3));
    // χ_123 = Π (μ + σφ_i): W_j = C(3,j) μ^{2(3−j)} σ^{2j}.
    let want = [
        mu.powi(6),
        3.0 * mu.powi(4) * sigma2,
        3.0 * mu.powi(2) * sigma2.powi(2),
        sigma2.powi(3),
    ];
    for (got, want) in a.weight_by_degree.iter().zip(want) {
        assert!(close(*got, want, 1e-14), "{got} vs {want}");
    }
    assert!(close(a.variance, 1.0 - mu.powi(6), 1e-14));
    // GAL stays the uniform-input figure.
    assert!(close(a.gal, 1.0 / 120.0, 1e-14));
    assert!(a.symmetry.contains("breaks the sign-flip symmetry"));
    assert!(a.symmetry.contains("uniform-input"));
    let uniform = analyze(&f, 10, 0.5).unwrap();
    assert_eq!(uniform.leap, 3);
    assert!(uniform.symmetry.starts_with("signed permutations"));
}

#[test]
fn majority_matches_its_definition() {
    assert_eq!(
        parse("majority(3)", 3),
        parse("(x1 + x2 + x3 - x1x2x3)/2", 3)
    );
    for k in [1, 5, 7, 9] {
        let f = Family::Majority { k }.build(k).unwrap();
        let mut values = vec![0.0; 1 << k];
        for (x, v) in values.iter_mut().enumerate() {
            *v = if (x.count_ones() as usize) * 2 < k {
                1.0
            } else {
                -1.0
            };
        }
        // Fourier coefficients of sign(x1 + … + xk) by enumeration.
        let mine = coefficients_by_mask(&f, k);
        for (s, c) in mine.iter().enumerate() {
            let want: f64 = values
                .iter()
                .enumerate()
                .map(|(x, v)| {
                    if (x & s).count_ones() % 2 == 1 {
                        -v
                    } else {
                        *v
                    }
                })
                .sum::<f64>()
                / (1 << k) as f64;
            assert_eq!(*c, want, "majority({k}), S = {s:b}");
        }
        assert!(f.is_boolean_valued());
    }
}

#[test]
fn random_msp_targets_have_their_shape() {
    for seed in 0..20 {
        let k = 2 + seed as usize % 6;
        let m = (k + seed as usize % 3).min((1 << k) - 1);
        let f = Family::Msp { k, m, seed }.build(10).unwrap();
        assert_eq!(f.terms().len(), m);
        assert!(close(f.variance_uniform(), 1.0, 1e-14));
        let a = analyze(&f, 10, 0.5).unwrap();
        assert!(a.msp, "{f}");
        assert_eq!(a.support, (1..=k as u32).collect::<Vec<_>>());
        let mags: Vec<f64> = f.terms().iter().map(|t| t.coeff.abs()).collect();
        let (lo, hi) = mags
            .iter()
            .fold((f64::MAX, 0.0f64), |(lo, hi), &c| (lo.min(c), hi.max(c)));
        assert!(hi / lo < 3.0, "magnitudes in [0.5, 1.5) before scaling");
        assert_eq!(f, Family::Msp { k, m, seed }.build(10).unwrap());
    }
    let a = Family::Msp {
        k: 5,
        m: 9,
        seed: 1,
    }
    .build(5)
    .unwrap();
    let b = Family::Msp {
        k: 5,
        m: 9,
        seed: 2,
    }
    .build(5)
    .unwrap();
    assert_ne!(a, b);
}

#[test]
fn degree_twenty_parity_analyses() {
    let a = analyze(&parse("parity(20)", 30), 30, 0.5).unwrap();
    assert_eq!((a.degree, a.leap, a.msp), (20, 20, false));
    assert_eq!(a.sgd_exponent, 19.0);
    assert!(close(a.gal, 1.0 / 30_045_015.0, 1e-12));
    assert_eq!(a.support.len(), 20);
    let e = analyze(&parse("parity(21)", 30), 30, 0.4).unwrap_err();
    assert_eq!(
        e.message,
        "the p-biased expansion of this target is too large: Σ 2^|S| over its monomials \
         is 2097152, more than the limit of 1048576 (use p = 0.5, or fewer or \
         lower-degree monomials)"
    );
}

/// Least `L` for which the plain greedy pass (any set with ≤ L new) passes,
/// scanning every set at every step.
fn simple_leap(sets: &[Vec<u32>]) -> usize {
    (0..=64)
        .find(|&limit| {
            let mut covered = std::collections::HashSet::new();
            let mut left: Vec<&Vec<u32>> = sets.iter().collect();
            while let Some(i) = left
                .iter()
                .position(|s| s.iter().filter(|c| !covered.contains(*c)).count() <= limit)
            {
                covered.extend(left.swap_remove(i).iter().copied());
            }
            left.is_empty()
        })
        .unwrap()
}

#[test]
fn two_hundred_term_polynomials_analyse() {
    // 50 disjoint triples, each with its three pairs: leap 2.
    let mut terms = Vec::new();
    for b in 0..50u32 {
        let (i, j, k) = (3 * b, 3 * b + 1, 3 * b + 2);
        for set in [vec![i, j], vec![j, k], vec![i, k], vec![i, j, k]] {
            terms.push(Term {
                monomial: Monomial::from_indices(set),
                coeff: 0.1,
            });
        }
    }
    let f = Polynomial::from_terms(terms);
    assert_eq!(f.terms().len(), 200);
    let a = analyze(&f, 150, 0.5).unwrap();
    assert_eq!((a.leap, a.msp, a.degree), (2, false, 3));
    assert_eq!(a.support.len(), 150);
    assert!(close(a.variance, 200.0 * 0.01, 1e-12));

    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for _ in 0..5 {
        let f = Polynomial::from_terms((0..200).map(|_| Term {
            monomial: Monomial::from_indices(
                (0..1 + rng.next_u64() % 4).map(|_| (rng.next_u64() % 50) as u32),
            ),
            coeff: uniform01(&mut rng) + 0.1,
        }));
        let sets: Vec<Vec<u32>> = f
            .monomials()
            .filter(|m| m.degree() > 0)
            .map(|m| m.indices().to_vec())
            .collect();
        let a = analyze(&f, 50, 0.5).unwrap();
        assert_eq!(a.leap, simple_leap(&sets), "{f}");
        let w: f64 = f.terms().iter().map(|t| t.coeff * t.coeff).sum();
        assert!(close(a.weight_by_degree.iter().sum::<f64>(), w, 1e-12));
        let biased = analyze(&f, 50, 0.6).unwrap();
        assert!(biased.leap <= a.leap);
    }
}

#[test]
fn json_has_the_documented_keys() {
    let a = analyze(&parse("x1 + x1x2x3", 30), 30, 0.5).unwrap();
    let v = serde_json::to_value(&a).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "target",
        "d",
        "p",
        "degree",
        "support",
        "monomials",
        "weight_by_degree",
        "variance",
        "msp",
        "msp_order",
        "leap",
        "leap_order",
        "gal",
        "gal_exponent",
        "sgd_exponent",
        "symmetry",
        "domain",
        "group",
        "isotropic_init",
    ] {
        assert!(keys.contains(&key), "missing {key}");
    }
    assert_eq!(v["target"], "x1 + x1x2x3");
    assert_eq!(v["domain"], "cube");
    assert_eq!(v["group"], "signed-permutations");
    assert_eq!(v["monomials"], serde_json::json!([[1], [1, 2, 3]]));
    assert_eq!(v["support"], serde_json::json!([1, 2, 3]));
    assert_eq!(v["msp_order"], serde_json::Value::Null);
    assert_eq!(v["leap"], 2);
    assert_eq!(
        v["weight_by_degree"],
        serde_json::json!([0.0, 1.0, 0.0, 1.0])
    );
}

#[test]
fn text_report_reads_plainly() {
    let a = analyze(&parse("x1 + x1x2x3", 30), 30, 0.5).unwrap();
    // Normalised weights ½, ½: GAL = ¼/30 + ¼/4060.
    let gal = 0.25 / 30.0 + 0.25 / 4060.0;
    assert!(close(a.gal, gal, 1e-14));
    assert_eq!(
        a.to_text(),
        "target: x1 + x1x2x3\n\
         inputs: uniform on {-1,+1}^30\n\
         degree: 3\n\
         support: x1, x2, x3 (3 of 30 coordinates)\n\
         Fourier weight by degree: W0 = 0, W1 = 1, W2 = 0, W3 = 1\n\
         variance: 2\n\
         merged-staircase property: no\n\
         \x20   Some monomial needs several new coordinates at once, and nothing of lower degree \
         points the way.\n\
         leap complexity: 2 — order x1, x1x2x3\n\
         \x20   The hardest step adds 2 new coordinates at once.\n\
         online SGD: about d^1 samples (leap prediction: d^max(leap − 1, 1))\n\
         \x20   Theory counts samples (steps × batch size) and predicts their growth, not a number: \
         ×2 each time d doubles. Leaps of 1 and 2 both cost about d, up to log factors.\n\
         orbit alignment: GAL = 8.4e-3 = d^-1.4 under signed permutations\n\
         \x20   How much the target still looks like itself after a random permutation and sign \
         flip of the inputs; the smaller, the more work any learner with these symmetries \
         needs. Its lowest-degree part decides it, so it bounds the first step, not the leaps \
         after it, and can rank targets differently from their steps to learn.\n\
         symmetry: signed permutations: coordinate permutations and sign flips, \
         the only symmetries of the hypercube, whatever the initialisation\n"
    );
    // the text of (target, p) holds each of the lines or pieces given
    let cases: [(&str, f64, &[&str]); 3] = [
        (
            "staircase(3)",
            0.5,
            &["merged-staircase property: yes — order x1, x1x2, x1x2x3\n"],
        ),
        // under bias the staircase expands to every subset of x1, x2, x3
        (
            "staircase(3)",
            0.3,
            &[
                "leap complexity: 1 — order x1, x2, x3, x1x2, x1x3, x2x3, x1x2x3\n",
                "inputs: p-biased on {-1,+1}^10, P(x_i = +1) = 0.3\n",
                "μ = 2p − 1 = -0.4, σ = 2√(p(1 − p)) = 0.9165)",
                "(uniform inputs)\n",
            ],
        ),
        (
            "majority(9)",
            0.5,
            &[
                "target: 0.2734375*x1 + 0.2734375*x2",
                "- 0.0390625*x1x2x5 … (256 monomials)\n",
                ", x1x2x5, … (256 in all)\n",
            ],
        ),
    ];
    for (target, p, pieces) in cases {
        let t = analyze(&parse(target, 10), 10, p).unwrap().to_text();
        for piece in pieces {
            assert!(
                t.contains(piece),
                "{target} at p = {p}: no {piece:?} in\n{t}"
            );
        }
    }
    // the majority's long target line comes first, and is cut
    let t = analyze(&parse("majority(9)", 10), 10, 0.5)
        .unwrap()
        .to_text();
    let first = t.lines().next().unwrap();
    assert!(
        first.starts_with("target: 0.2734375*x1 + 0.2734375*x2"),
        "{first}"
    );
    assert!(first.ends_with("(256 monomials)"), "{first}");
}

#[test]
fn constant_targets_and_bad_arguments() {
    let a = analyze(&parse("3", 5), 5, 0.5).unwrap();
    assert_eq!((a.leap, a.msp, a.degree, a.variance), (0, true, 0, 0.0));
    assert_eq!((a.gal, a.gal_exponent), (1.0, 0.0));
    assert_eq!(a.weight_by_degree, vec![9.0]);
    assert_eq!(a.msp_order, Some(vec![]));
    let t = a.to_text();
    assert!(t.contains("support: none (0 of 5 coordinates)\n"), "{t}");
    assert!(
        t.contains("merged-staircase property: yes (a constant target)\n"),
        "{t}"
    );
    assert!(
        t.contains("leap complexity: 0 (a constant target)\n"),
        "{t}"
    );
    assert!(
        t.contains("online SGD: nothing to learn (a constant target)\n"),
        "{t}"
    );

    let f = parse("x1x2", 5);
    for p in [0.0, 1.0, -0.5, f64::NAN] {
        let e = analyze(&f, 5, p).unwrap_err();
        assert!(
            e.message
                .starts_with("p = P(x_i = +1) must be strictly between 0 and 1"),
            "{e}"
        );
    }
    assert_eq!(
        analyze(&f, 1, 0.5).unwrap_err().message,
        "the target uses x2 but d = 1"
    );
    assert_eq!(
        analyze(&f, 0, 0.5).unwrap_err().message,
        "d must be at least 1"
    );
}

#[test]
fn the_group_is_what_inputs_and_initialisation_share() {
    use leaplab::data::Domain;
    use leaplab::target::{symmetry_group, Group};
    for isotropic in [false, true] {
        assert_eq!(
            symmetry_group(Domain::Cube, 0.5, isotropic).0,
            Group::SignedPermutations
        );
        assert_eq!(
            symmetry_group(Domain::Cube, 0.7, isotropic).0,
            Group::Permutations
        );
    }
    for domain in [Domain::Gaussian, Domain::Sphere] {
        let (group, why) = symmetry_group(domain, 0.5, true);
        assert_eq!(group, Group::Orthogonal);
        assert!(why.contains("invariant under every rotation"), "{why}");
        let (group, why) = symmetry_group(domain, 0.5, false);
        assert_eq!(group, Group::SignedPermutations);
        assert!(
            why.contains("invariant only under coordinate permutations"),
            "{why}"
        );
    }
}

#[test]
fn gaussian_analysis_reads_the_hermite_expansion() {
    use leaplab::data::Domain;
    use leaplab::target::{analyze_on, parse_target_on, Group};
    let d = 40;
    let parse = |text: &str| parse_target_on(text, d, Domain::Gaussian).unwrap();
    // he3(x1): leap 3 (its information exponent), weight 3! = 6 in chaos 3
    let a = analyze_on(&parse("he3(x1)"), Domain::Gaussian, d, 0.5, true).unwrap();
    assert_eq!((a.leap, a.sgd_exponent, a.degree), (3, 2.0, 3));
    assert_eq!(a.weight_by_degree, vec![0.0, 0.0, 0.0, 6.0]);
    assert_eq!(a.monomials, vec![vec![1, 1, 1]]);
    assert_eq!(a.group, Group::Orthogonal);
    // the H_3 and H_1 parts of x1³: 6 − 18/(d+2) and 18/(d+2)
    let h1 = 18.0 / (d as f64 + 2.0);
    let n3 = (42.0 * 41.0 * 40.0 / 6.0) - 40.0;
    let want = ((6.0 - h1).powi(2) / n3 + h1 * h1 / d as f64) / 36.0;
    assert!(close(a.gal, want, 1e-12), "{} vs {want}", a.gal);
    // under signed permutations its orbit is ±he3(x_i): GAL = 1/d
    let b = analyze_on(&parse("he3(x1)"), Domain::Gaussian, d, 0.5, false).unwrap();
    assert_eq!(b.group, Group::SignedPermutations);
    assert!(close(b.gal, 1.0 / d as f64, 1e-12), "{}", b.gal);
    // a Hermite staircase: x1, then he2(x1)x2 brings one new coordinate
    let s = analyze_on(
        &parse("x1 + he2(x1)x2 + x1x2he2(x3)"),
        Domain::Gaussian,
        d,
        0.5,
        true,
    )
    .unwrap();
    assert_eq!(s.leap, 2, "he2(x3) is a leap of degree 2 on the new x3");
    let t = analyze_on(
        &parse("x1 + he2(x1)x2 + x2x3"),
        Domain::Gaussian,
        d,
        0.5,
        true,
    )
    .unwrap();
    assert!(t.msp);
    assert_eq!(
        t.msp_order.unwrap(),
        vec![vec![1], vec![1, 1, 2], vec![2, 3]]
    );
    let text = analyze_on(&parse("he2(x1)x2"), Domain::Gaussian, d, 0.5, true)
        .unwrap()
        .to_text();
    assert!(
        text.contains("inputs: standard Gaussian N(0, I) in R^40\n"),
        "{text}"
    );
    assert!(
        text.contains("leap complexity: 3 — order he2(x1)x2\n"),
        "{text}"
    );
    assert!(
        text.contains("orbit alignment: GAL = ")
            && text.contains(" under the orthogonal group O(d)\n"),
        "{text}"
    );
}

#[test]
fn sphere_weights_and_large_degrees_stay_finite() {
    use leaplab::data::Domain;
    use leaplab::target::{analyze_on, Group};
    // multilinear on the sphere: W_k = Π_{i<k} d/(d+2i) · Σ a_S², and under
    // O(d) GAL = Σ W_k²/N(d, k)
    let d = 20;
    let f = parse("x1 + x1x2", d);
    let a = analyze_on(&f, Domain::Sphere, d, 0.5, true).unwrap();
    let w2 = 20.0 / 22.0;
    assert!(close(a.weight_by_degree[1], 1.0, 1e-14));
    assert!(close(a.weight_by_degree[2], w2, 1e-14));
    let n2 = 21.0 * 20.0 / 2.0 - 1.0;
    let want = (1.0 / 20.0 + w2 * w2 / n2) / (1.0 + w2).powi(2);
    assert!(close(a.gal, want, 1e-13), "{} vs {want}", a.gal);
    // a degree-40 parity at d = 4096: sums in logs keep the exponent of an
    // alignment near 1e-97 (1/N(d, 40) under O(d), 1/C(d, 40) under signed
    // permutations)
    let big = parse("parity(40)", 4096);
    let ln_d = 4096f64.ln();
    let n40 = leaplab::target::ln_harmonic_dimension(4096, 40) / ln_d;
    let c40 = ln_binomial(4096, 40) / ln_d;
    for (domain, group, want) in [
        (Domain::Gaussian, Group::Orthogonal, n40),
        (Domain::Sphere, Group::Orthogonal, n40),
        (Domain::Sphere, Group::SignedPermutations, c40),
        (Domain::Gaussian, Group::SignedPermutations, c40),
    ] {
        let a = analyze_on(&big, domain, 4096, 0.5, group == Group::Orthogonal).unwrap();
        assert_eq!(a.group, group);
        assert!(a.gal < 1e-90, "{}", a.gal);
        assert!(
            close(a.gal_exponent, want, 1e-12),
            "{} vs {want}",
            a.gal_exponent
        );
    }
    // refusals: Hermite terms are not hypercube functions; no bias off the cube
    let he = leaplab::target::parse_target_on("he2(x1)", 5, Domain::Gaussian).unwrap();
    assert!(analyze_on(&he, Domain::Cube, 5, 0.5, false).is_err());
    let e = analyze_on(&f, Domain::Sphere, 20, 0.7, false).unwrap_err();
    assert_eq!(
        e.message,
        "p = 0.7 is a bias of hypercube inputs; sphere inputs have none (p = 0.5)"
    );
}
