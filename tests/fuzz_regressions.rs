//! Replays every input the fuzzers found that once failed
//! (`tests/fuzz_corpus/<target>/`) through the property its fuzz target
//! checks. To add one: copy the crash file from `fuzz/artifacts/<target>/`.

#[path = "common/fuzz_checks.rs"]
mod fuzz_checks;

use std::path::Path;

fn replay(target: &str, check: fn(&str)) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check(text);
        }
        count += 1;
    }
    count
}

#[test]
fn target_parser_crashers() {
    assert!(replay("target_parser", fuzz_checks::check_target_text) >= 1);
}

#[test]
fn config_query_crashers() {
    replay("config_query", fuzz_checks::check_config_query);
}

#[test]
fn experiment_link_crashers() {
    replay("experiment_link", fuzz_checks::check_experiment_link);
}

#[test]
fn sweep_spec_crashers() {
    replay("sweep_spec", fuzz_checks::check_sweep_spec);
}
