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

/// Runs `query` to its end, raises its budget by `extra` and runs on;
/// returns the summary, the evaluations kept, and whether the last
/// evaluation before the extension was taken back.
fn extended(query: &str, extra: u64) -> (leaplab::train::Summary, Vec<u64>, bool) {
    let mut trainer = Trainer::new(&Config::from_query(query).unwrap()).unwrap();
    let mut steps: Vec<u64> = trainer.advance(u64::MAX).iter().map(|p| p.step).collect();
    assert!(trainer.is_finished());
    let withdrawn = trainer.extend(extra).unwrap();
    if withdrawn {
        steps.pop();
    }
    steps.extend(trainer.advance(u64::MAX).iter().map(|p| p.step));
    (trainer.summary(), steps, withdrawn)
}

/// The same configuration run fresh with `steps` as its budget.
fn fresh(query: &str, steps: u64) -> (leaplab::train::Summary, Vec<u64>) {
    let mut trainer =
        Trainer::new(&Config::from_query(&format!("{query}&steps={steps}")).unwrap()).unwrap();
    let points = trainer.advance(u64::MAX);
    (trainer.summary(), points.iter().map(|p| p.step).collect())
}

#[test]
fn a_run_continued_past_its_end_equals_a_fresh_run_with_the_larger_budget() {
    let base = "v=1&target=staircase(3)&d=20&width=32&eval_every=40";
    for (steps, extra, off_grid) in [(400, 600, false), (410, 590, true), (410, 7, true)] {
        let (summary, points, withdrawn) = extended(&format!("{base}&steps={steps}"), extra);
        assert_eq!(withdrawn, off_grid, "steps={steps}");
        let (want, want_points) = fresh(base, steps + extra);
        assert_eq!(summary, want, "steps={steps} + {extra}");
        assert_eq!(points, want_points, "steps={steps} + {extra}");
    }
}

#[test]
fn continuing_takes_back_a_learned_step_found_only_at_the_old_end() {
    // learned between evaluations 1,000 and 2,000 (staircase(2) at d = 10
    // is learned in a few hundred steps): the old end, off the grid, finds
    // it first; the continued run finds it where a fresh run does
    let base = "v=1&target=staircase(2)&d=10&width=32&eval_every=2000&stop_learned=1";
    let (first, _) = fresh(base, 1500);
    assert_eq!(
        first.learned_at,
        Some(1500),
        "the short run learns at its end"
    );
    let (summary, points, withdrawn) = extended(&format!("{base}&steps=1500"), 8500);
    assert!(withdrawn);
    let (want, want_points) = fresh(base, 10_000);
    assert_eq!(want.learned_at, Some(2000));
    assert_eq!((summary, points), (want, want_points));
}

#[test]
fn a_diverged_run_stays_finished_when_continued() {
    let query = "v=1&target=parity(2)&d=10&lr=500&eval_every=10";
    let (summary, _, _) = extended(&format!("{query}&steps=100"), 100);
    assert!(summary.diverged_at.is_some());
    assert_eq!(summary, fresh(query, 200).0);
}

#[test]
fn a_budget_beyond_the_limit_is_refused_by_name() {
    let mut trainer = Trainer::new(&Config::from_query("v=1&steps=10").unwrap()).unwrap();
    let error = trainer.extend(u64::MAX).unwrap_err();
    assert!(error.to_string().contains("steps"), "{error}");
}
