//! Shared by the determinism tests natively and in wasm: the golden runs
//! of `tests/golden/metrics_hashes.txt` and how a run's hash is computed.

use leaplab::config::Config;
use leaplab::train::Trainer;

const GOLDEN: &str = include_str!("../golden/metrics_hashes.txt");

/// Every golden run: its query string and the hash it must give.
pub fn golden_runs() -> Vec<(&'static str, &'static str)> {
    GOLDEN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.rsplit_once(' ').expect("a line is a query and a hash"))
        .collect()
}

/// The metrics hash of the whole run `query`.
pub fn run_hash(query: &str) -> String {
    let mut trainer = Trainer::new(&Config::from_query(query).unwrap()).unwrap();
    trainer.advance(u64::MAX);
    trainer.summary().metrics_hash
}
