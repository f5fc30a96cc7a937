//! One run on several threads gives the same bits as on one: the golden
//! runs, with every product cut into bands (of columns when `C` has more
//! columns than rows, else of rows) and every pass over memory into
//! chunks on 1, 2 and 3 threads, give their golden hashes
//! (`tests/golden/metrics_hashes.txt`); so does every finish of single
//! products cut either way, and sums over rows cut into chunks of columns.

mod common;

use common::{golden_runs, run_hash};
use leaplab::nn::kernels::{
    gemm, set_threads, threads, threads_used, weighted_row_sum, Finish, Product, Scratch, Strided,
};
use leaplab::nn::Activation;

/// `C` and the finish's matrix of `p` under each kind of finish, on the
/// threads set now.
fn finished(p: &Product) -> Vec<Vec<f32>> {
    let len = p.m * p.n;
    let pre: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin()).collect();
    let mut outs = Vec::new();
    for kind in 0..4 {
        let (mut c, mut post) = (vec![f32::NAN; len], vec![f32::NAN; len]);
        let finish = match kind {
            0 => Finish::Keep,
            1 => Finish::Relu,
            2 => Finish::Activate(Activation::Tanh, &mut post),
            _ => Finish::Derivative(Activation::Tanh, &pre),
        };
        gemm(p, &mut Scratch::default(), &mut c, finish);
        outs.extend([c, post]);
    }
    outs
}

#[test]
fn the_golden_runs_give_their_hashes_on_one_two_and_three_threads() {
    for n in [1, 2, 3] {
        // every product with two rows or more is cut, however small
        set_threads(n, Some(1));
        assert_eq!(threads(), n);
        for (query, want) in golden_runs() {
            assert_eq!(run_hash(query), want, "{query} on {n} threads");
        }
        assert_eq!(threads_used(), n, "some product was cut into {n} bands");
    }
    // a wide run at the default threshold, which it passes: the same bits
    let wide = "v=1&target=parity(3)&d=60&width=1024&batch=128&steps=20&eval_every=5";
    set_threads(1, None);
    let one = run_hash(wide);
    for n in [2, 3] {
        set_threads(n, None);
        assert_eq!(run_hash(wide), one, "the wide run on {n} threads");
        assert_eq!(threads_used(), n);
    }
    // a small run at the default threshold: no product is worth a second thread
    set_threads(2, None);
    run_hash(golden_runs()[0].0);
    assert_eq!(
        threads_used(),
        1,
        "the small run's products stay on one thread"
    );
    // single products, cut into bands of columns (n > m) and of rows, with
    // a bias, a transposed operand and partial register blocks
    for (m, k, n) in [(5, 33, 100), (70, 9, 37), (3, 300, 50), (40, 40, 40)] {
        let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.11).cos()).collect();
        let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.23).sin()).collect();
        let init: Vec<f32> = (0..n).map(|j| j as f32 * 0.01).collect();
        for (a, b, init) in [
            (Strided::rows(&a, k), Strided::rows(&b, n), Some(&init[..])),
            (Strided::transposed(&a, m), Strided::transposed(&b, k), None),
        ] {
            let p = Product {
                a,
                b,
                m,
                k,
                n,
                init,
            };
            set_threads(1, None);
            let one = finished(&p);
            for t in [2, 3] {
                set_threads(t, Some(1));
                let bits = |x: &Vec<Vec<f32>>| -> Vec<Vec<u32>> {
                    x.iter()
                        .map(|v| v.iter().map(|f| f.to_bits()).collect())
                        .collect()
                };
                assert_eq!(
                    bits(&finished(&p)),
                    bits(&one),
                    "{m}×{k}×{n} on {t} threads"
                );
                assert!(threads_used() >= 2, "{m}×{k}×{n} was cut");
            }
        }
    }
    // sums over rows, with and without weights, cut into chunks of columns
    // (whole blocks of 64 and a part block)
    for n in [1, 63, 64, 65, 130, 200] {
        let rows = 7;
        let x: Vec<f32> = (0..rows * n).map(|i| (i as f32 * 0.31).sin()).collect();
        let w: Vec<f32> = (0..rows).map(|b| 0.5 - b as f32 * 0.13).collect();
        let sums = |weights: Option<&[f32]>| {
            let mut g = vec![f32::NAN; n];
            weighted_row_sum(weights, &x, &mut g);
            g.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        set_threads(1, None);
        let one = [sums(Some(&w)), sums(None)];
        for t in [2, 3] {
            set_threads(t, Some(1));
            assert_eq!(
                [sums(Some(&w)), sums(None)],
                one,
                "{rows}×{n} on {t} threads"
            );
        }
    }
    set_threads(1, None);
}
