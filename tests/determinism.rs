//! The same configuration gives bit-identical numbers: run to run, and
//! against the hashes in `tests/golden/metrics_hashes.txt`, which the wasm
//! tests (`tests/wasm_node.rs`, `tests/wasm_browser.rs`) check too.

mod common;

use common::{golden_runs, run_hash};
use leaplab::config::Config;
use leaplab::train::Trainer;

#[test]
fn golden_runs_give_their_hashes() {
    let mut mismatches = Vec::new();
    for (query, want) in golden_runs() {
        let got = run_hash(query);
        if std::env::var_os("LEAPLAB_PRINT_HASHES").is_some() {
            println!("{query} {got}");
        }
        if got != want {
            mismatches.push(format!("{query}: expected {want}, got {got}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn same_config_twice_gives_the_same_bits() {
    let q = "v=1&target=staircase(3)&d=30&width=64&steps=300&eval_every=30";
    assert_eq!(run_hash(q), run_hash(q));
    assert_ne!(run_hash(q), run_hash(&format!("{q}&seed=1")));
}

#[test]
fn batch_size_does_not_change_the_initial_weights_or_test_set() {
    let mut a = Trainer::new(&Config::from_query("v=1&batch=32").unwrap()).unwrap();
    let mut b = Trainer::new(&Config::from_query("v=1&batch=64&mode=sgd&n=100").unwrap()).unwrap();
    assert_eq!(a.network().params(), b.network().params());
    assert_eq!(
        a.advance(0),
        b.advance(0),
        "step-0 evaluations share the test set"
    );
}
