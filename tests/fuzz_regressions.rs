//! Replays every input the fuzzers found that once failed
//! (`tests/fuzz_corpus/<target>/`) through the property its fuzz target
//! checks. To add one: copy the crash file from `fuzz/artifacts/<target>/`.

#[path = "common/fuzz_checks.rs"]
mod fuzz_checks;

use std::path::Path;

/// Replays every file of `tests/fuzz_corpus/<target>/` through `check`
/// and returns how many it replayed. A file that is not UTF-8 is replayed
/// too, through its lossy reading (each bad sequence becomes U+FFFD), not
/// skipped: the fuzz targets pass only UTF-8 on, but a file kept here is
/// an input to replay whatever its bytes. Fails when the folder holds no
/// file, so that a lost or misnamed corpus cannot pass.
fn replay(target: &str, check: fn(&str)) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        check(&String::from_utf8_lossy(&bytes));
        count += 1;
    }
    assert!(
        count > 0,
        "{} holds no inputs: nothing was replayed",
        dir.display()
    );
    count
}

#[test]
fn target_parser_crashers() {
    replay("target_parser", fuzz_checks::check_target_text);
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
