//! The small sweep whose per-run results are pinned in
//! `tests/golden/sweep_runs.txt`, shared by the native tests (one process:
//! `tests/sweep.rs`; `leaplab sweep` whole and in shards:
//! `tests/sweep_cli.rs`) and the wasm test (`tests/wasm_sweep.rs`).

use leaplab::sweep::RunRecord;

const GOLDEN: &str = include_str!("../golden/sweep_runs.txt");

/// The golden sweep's spec.
pub fn golden_spec() -> &'static str {
    GOLDEN
        .lines()
        .find_map(|l| l.strip_prefix("spec "))
        .expect("the golden file has a spec line")
}

/// Every golden run's line, `index outcome learned_at metrics_hash`, by
/// index.
pub fn golden_runs() -> Vec<&'static str> {
    GOLDEN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("spec ") && !l.is_empty())
        .collect()
}

/// A record as its golden line.
pub fn golden_line(r: &RunRecord) -> String {
    let learned = r
        .learned_at
        .map_or_else(|| "-".to_string(), |s| s.to_string());
    let outcome = serde_json::to_value(r.outcome).expect("an outcome serialises");
    format!(
        "{} {} {learned} {}",
        r.run,
        outcome.as_str().expect("an outcome is a string"),
        r.metrics_hash
    )
}
