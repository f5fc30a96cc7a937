//! The engine version (crate version and commit) in `--version` and in
//! every file the command line writes: a run's `config` record, a sweep's
//! header line and a weights file.

use leaplab::sweep::{Header, SweepSpec};
use leaplab::weights::WeightsFile;
use leaplab::ENGINE_VERSION;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_leaplab");

fn leaplab(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .output()
        .expect("the leaplab binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_version_is_the_crate_version_and_the_commit() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or("unknown".to_string(), |o| {
            String::from_utf8(o.stdout).unwrap().trim().to_string()
        });
    assert_eq!(
        ENGINE_VERSION,
        format!("{}+{commit}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn version_flag_prints_it() {
    assert_eq!(
        leaplab(&["--version"]),
        format!("leaplab {ENGINE_VERSION}\n")
    );
}

#[test]
fn a_runs_config_record_carries_it() {
    let out = leaplab(&["run", "v=1&target=parity(2)&d=5&steps=10&eval_every=10"]);
    let config: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(config["record"], "config");
    assert_eq!(config["leaplab"], ENGINE_VERSION);
}

#[test]
fn a_sweep_header_carries_it() {
    let spec = SweepSpec::from_query("v=1&target=parity(2)&d=5|6&steps=10").unwrap();
    let line: serde_json::Value = serde_json::from_str(&Header::new(&spec).to_line()).unwrap();
    assert_eq!(line["leaplab"], ENGINE_VERSION);
}

#[test]
fn a_weights_file_carries_it_and_older_files_still_read() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("version_weights");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("w.json");
    let _ = std::fs::remove_file(&path);
    leaplab(&[
        "run",
        "v=1&target=parity(2)&d=5&steps=10&eval_every=10",
        "--summary-only",
        "--save-weights",
        path.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&path).unwrap();
    let file = WeightsFile::from_json(&text).unwrap();
    assert_eq!(file.leaplab, ENGINE_VERSION);
    let mut older: serde_json::Value = serde_json::from_str(&text).unwrap();
    older.as_object_mut().unwrap().remove("leaplab");
    let older = WeightsFile::from_json(&older.to_string()).unwrap();
    assert_eq!(older.leaplab, "");
    assert_eq!(older.layers, file.layers);
}

#[test]
fn a_runs_csv_ends_with_it() {
    let out = leaplab(&[
        "run",
        "v=1&target=parity(2)&d=5&steps=10&eval_every=10",
        "--format",
        "csv",
    ]);
    assert_eq!(
        out.lines().last().unwrap(),
        format!("# leaplab={ENGINE_VERSION}")
    );
}
