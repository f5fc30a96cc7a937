//! Every kernel against a plain sequential reference, bit for bit.

use super::blocked::relu;
use super::*;

/// Reference `A·B` in f64 with the naive loop.
fn naive(a: &Strided, b: &Strided, m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            for t in 0..k {
                out[i * n + j] += f64::from(a.at(i, t)) * f64::from(b.at(t, j));
            }
        }
    }
    out
}

/// The defining order: `init`, then `+ a·b` term by term, in f32.
fn sequential(p: &Product) -> Vec<f32> {
    let mut out = vec![0.0f32; p.m * p.n];
    for i in 0..p.m {
        for j in 0..p.n {
            let mut c = p.init.map_or(0.0, |b| b[j]);
            for t in 0..p.k {
                c += p.a.at(i, t) * p.b.at(t, j);
            }
            out[i * p.n + j] = c;
        }
    }
    out
}

fn ramp(n: usize, a: f32, b: f32) -> Vec<f32> {
    (0..n).map(|k| (k as f32 * a + b).sin() * 0.7).collect()
}

#[test]
fn dot_matches_f64_sum_for_all_tail_lengths() {
    for n in 0..40 {
        let (a, b) = (ramp(n, 0.37, 0.1), ramp(n, 0.91, 0.5));
        let exact: f64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| f64::from(*x) * f64::from(*y))
            .sum();
        assert!((f64::from(dot(&a, &b)) - exact).abs() < 1e-5, "n = {n}");
    }
}

#[test]
fn dot_adds_in_its_eight_lane_order() {
    for n in 0..40 {
        let (a, b) = (ramp(n, 0.37, 0.1), ramp(n, 0.91, 0.5));
        let mut lanes = [0.0f32; 8];
        for (k, (x, y)) in a.iter().zip(&b).enumerate() {
            lanes[k % 8] += x * y;
        }
        let [l0, l1, l2, l3, l4, l5, l6, l7] = lanes;
        let want = ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7));
        assert_eq!(dot(&a, &b).to_bits(), want.to_bits(), "n = {n}");
    }
}

/// Shapes that exercise partial register blocks, several row blocks,
/// several `K` blocks, several column chunks, and operands read in place
/// or packed on every level (`6 × 270 × 260`'s `B` spans more than the
/// 16-wide levels read in place; the small benchmark configuration's
/// weight gradient is `20 × 32 × 64`).
const SHAPES: [(usize, usize, usize); 13] = [
    (3, 5, 4),
    (2, 17, 1),
    (4, 1, 9),
    (13, 300, 37),
    (130, 40, 70),
    (1, 600, 33),
    (9, 0, 5),
    (20, 32, 64),
    (12, 20, 40),
    (19, 9, 33),
    (5, 7, 530),
    (3, 40, 600),
    (6, 270, 260),
];

#[test]
fn every_level_gives_the_same_bits_as_the_defining_order() {
    for &(m, k, n) in &SHAPES {
        let a = ramp(m * k, 0.3, 0.2);
        let bt = ramp(n * k, 0.7, 0.9);
        let init = ramp(n, 1.1, 0.3);
        for (a, b, init) in [
            (
                Strided::rows(&a, k),
                Strided::transposed(&bt, k),
                Some(&init[..]),
            ),
            (Strided::rows(&a, k), Strided::rows(&bt, n), None),
            (Strided::transposed(&a, m), Strided::rows(&bt, n), None),
        ] {
            let p = Product {
                a,
                b,
                m,
                k,
                n,
                init,
            };
            let want = sequential(&p);
            let close = naive(&p.a, &p.b, m, k, n);
            for (j, (w, e)) in want.iter().zip(&close).enumerate() {
                let e = e + init.map_or(0.0, |b| f64::from(b[j % n]));
                assert!((f64::from(*w) - e).abs() < 1e-4);
            }
            for level in Level::available() {
                let mut c = vec![f32::NAN; m * n];
                gemm_at(level, &p, &mut Scratch::default(), &mut c, Finish::Keep);
                let same = c.iter().zip(&want).all(|(x, y)| x.to_bits() == y.to_bits());
                assert!(same, "{level:?} on {m}×{k}×{n}");
                gemm_at(level, &p, &mut Scratch::default(), &mut c, Finish::Relu);
                let same = c
                    .iter()
                    .zip(&want)
                    .all(|(x, y)| x.to_bits() == relu(*y).to_bits());
                assert!(same, "{level:?} on {m}×{k}×{n}, relu");
            }
        }
    }
}

#[test]
fn finishing_applies_the_activation_or_its_derivative() {
    let (m, k, n) = (6, 7, 19);
    let a = ramp(m * k, 0.3, 0.2);
    let b = ramp(k * n, 0.7, 0.9);
    let p = Product {
        a: Strided::rows(&a, k),
        b: Strided::rows(&b, n),
        m,
        k,
        n,
        init: None,
    };
    let z = sequential(&p);
    for act in Activation::ALL {
        let mut c = vec![0.0; m * n];
        let mut post = vec![0.0; m * n];
        let finish = Finish::Activate(act, &mut post);
        gemm(&p, &mut Scratch::default(), &mut c, finish);
        assert_eq!(c, z);
        assert!(post.iter().zip(&z).all(|(a, &z)| *a == act.apply(z)));
        if act == Activation::Relu {
            let mut in_place = vec![0.0; m * n];
            gemm(&p, &mut Scratch::default(), &mut in_place, Finish::Relu);
            assert_eq!(in_place, post);
            let mut from_post = vec![0.0; m * n];
            let finish = Finish::Derivative(act, &post);
            gemm(&p, &mut Scratch::default(), &mut from_post, finish);
            assert!(from_post
                .iter()
                .zip(&z)
                .all(|(v, &zi)| *v == zi * act.derivative(zi)));
        }
        gemm(
            &p,
            &mut Scratch::default(),
            &mut c,
            Finish::Derivative(act, &z),
        );
        for (v, &zi) in c.iter().zip(&z) {
            assert_eq!(*v, zi * act.derivative(zi));
        }
    }
}

#[test]
fn weighted_row_sum_adds_the_rows_in_order() {
    // 77 columns: a block of 64, one of 8 and 5 single columns
    let (rows, n) = (7, 77);
    let x = ramp(rows * n, 0.5, 0.4);
    let w = ramp(rows, 0.9, 0.2);
    for weights in [Some(&w[..]), None] {
        let mut g = vec![f32::NAN; n];
        weighted_row_sum(weights, &x, &mut g);
        for (j, v) in g.iter().enumerate() {
            let mut want = 0.0f32;
            for b in 0..rows {
                want += weights.map_or(1.0, |w| w[b]) * x[b * n + j];
            }
            assert_eq!(v.to_bits(), want.to_bits(), "column {j}");
        }
    }
}
