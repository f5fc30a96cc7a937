//! One run on several threads gives the same bits as on one: the golden
//! runs, with every product cut into bands of rows on 1, 2 and 3 threads,
//! give their golden hashes (`tests/golden/metrics_hashes.txt`).

mod common;

use common::{golden_runs, run_hash};
use leaplab::nn::kernels::{set_threads, threads, threads_used};

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
    set_threads(1, None);
}
