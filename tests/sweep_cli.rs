//! `leaplab sweep` and `leaplab sweep-merge` as a user runs them: the
//! golden sweep whole on two threads and split into shards gives the
//! golden per-run results; merging joins the shards; resuming skips the
//! runs already in the file; a mismatched file is refused.

mod sweep_golden;

use leaplab::sweep::{ResultsFile, RunRecord};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use sweep_golden::{golden_line, golden_runs, golden_spec};

fn leaplab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leaplab"))
        .args(args)
        .output()
        .expect("the leaplab binary runs")
}

fn ok(args: &[&str]) -> Output {
    let out = leaplab(args);
    assert!(
        out.status.success(),
        "leaplab {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sweep_cli_{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read(path: &Path) -> ResultsFile {
    ResultsFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The records' golden lines, by run index.
fn lines(records: &[RunRecord]) -> Vec<String> {
    let mut sorted: Vec<&RunRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.run);
    sorted.iter().map(|r| golden_line(r)).collect()
}

#[test]
fn whole_on_two_threads_and_in_shards_gives_the_golden_runs() {
    let dir = scratch("shards");
    let whole = dir.join("whole.jsonl");
    let out = ok(&[
        "sweep",
        golden_spec(),
        "--threads",
        "2",
        "--out",
        whole.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ran 8 runs on 2 threads"), "{stderr}");
    assert!(
        stderr.contains("parity(3)"),
        "the summary is printed: {stderr}"
    );
    let whole = read(&whole);
    assert_eq!(whole.header.spec, golden_spec());
    assert_eq!(lines(&whole.records), golden_runs());
    assert!(whole.records.iter().all(|r| r.seconds.is_some()));

    let shard_files: Vec<PathBuf> = (0..3)
        .map(|i| dir.join(format!("shard{i}.jsonl")))
        .collect();
    for (i, path) in shard_files.iter().enumerate() {
        let shard = format!("{i}/3");
        ok(&[
            "sweep",
            golden_spec(),
            "--shard",
            &shard,
            "--threads",
            "1",
            "-o",
            path.to_str().unwrap(),
        ]);
        let runs: Vec<usize> = read(path).records.iter().map(|r| r.run).collect();
        let mut sorted = runs.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            (i..8).step_by(3).collect::<Vec<_>>(),
            "shard {shard}"
        );
    }
    let merged = dir.join("merged.jsonl");
    let mut args = vec!["sweep-merge", "--out", merged.to_str().unwrap()];
    args.extend(shard_files.iter().map(|p| p.to_str().unwrap()));
    let out = ok(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("8 of 8 runs, budget 400 steps"), "{stdout}");
    assert!(
        stdout.contains(">400 (1/2)"),
        "parity(3) at d = 12 is censored: {stdout}"
    );
    assert!(stdout.contains("fitted slope"), "{stdout}");
    let merged = read(&merged);
    let indices: Vec<usize> = merged.records.iter().map(|r| r.run).collect();
    assert_eq!(
        indices,
        (0..8).collect::<Vec<_>>(),
        "merged runs are in order"
    );
    let untimed = |rs: &[RunRecord]| -> Vec<RunRecord> {
        let mut v: Vec<RunRecord> = rs.iter().map(RunRecord::untimed).collect();
        v.sort_by_key(|r| r.run);
        v
    };
    assert_eq!(
        untimed(&merged.records),
        untimed(&whole.records),
        "every number, not just the hash"
    );

    let json = ok(&[
        "sweep-merge",
        "--json",
        shard_files[0].to_str().unwrap(),
        shard_files[1].to_str().unwrap(),
    ]);
    let summary: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(summary["done"], 6);
    assert_eq!(summary["runs"], 8);
    assert!(String::from_utf8_lossy(&json.stderr).contains("2 of 8 runs are missing"));
}

#[test]
fn resume_skips_finished_runs_and_drops_a_cut_off_line() {
    let dir = scratch("resume");
    let path = dir.join("runs.jsonl");
    ok(&["sweep", golden_spec(), "-o", path.to_str().unwrap()]);
    let full = std::fs::read_to_string(&path).unwrap();
    let all: Vec<&str> = full.lines().collect();
    // keep the header and three runs, mark one so a rerun would show, and
    // cut the next line in the middle as a killed process leaves it
    let marked = all[2].replace("\"seconds\":", "\"seconds\":12345.0,\"was\":");
    let partial = format!(
        "{}\n{}\n{}\n{}\n{}",
        all[0],
        all[1],
        marked,
        all[3],
        &all[4][..40]
    );
    std::fs::write(&path, partial).unwrap();
    let out = ok(&["sweep", golden_spec(), "-o", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dropped a half-written last line"),
        "{stderr}"
    );
    assert!(
        stderr.contains("resuming: 3 runs already in the file, 5 to run"),
        "{stderr}"
    );
    assert!(stderr.contains("ran 5 runs"), "{stderr}");
    let resumed = read(&path);
    assert!(!resumed.truncated);
    assert_eq!(resumed.records.len(), 8, "every run once");
    assert_eq!(lines(&resumed.records), golden_runs());
    let kept = resumed.records.iter().find(|r| r.seconds == Some(12345.0));
    assert!(kept.is_some(), "the marked run was not run again");

    // run again: nothing to do
    let out = ok(&["sweep", golden_spec(), "-o", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("8 runs already in the file, 0 to run"));
}

#[test]
fn mismatched_files_and_bad_specs_are_refused() {
    let dir = scratch("refused");
    let path = dir.join("runs.jsonl");
    ok(&[
        "sweep",
        golden_spec(),
        "--shard",
        "0/4",
        "-o",
        path.to_str().unwrap(),
    ]);
    let other = golden_spec().replace("seeds=2", "seeds=3");
    let out = leaplab(&["sweep", &other, "-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds the sweep"));

    let other_path = dir.join("other.jsonl");
    ok(&[
        "sweep",
        &other,
        "--shard",
        "0/4",
        "-o",
        other_path.to_str().unwrap(),
    ]);
    let out = leaplab(&[
        "sweep-merge",
        path.to_str().unwrap(),
        other_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("but"));

    // the same run with different numbers is a conflict, not a duplicate
    let text = std::fs::read_to_string(&path).unwrap();
    let forged = dir.join("forged.jsonl");
    // records are in the order the runs finished, so take whichever is first
    let first = read(&path).records[0].clone();
    let first_hash = first.metrics_hash.clone();
    std::fs::write(&forged, text.replace(&first_hash, "0000000000000000")).unwrap();
    let out = leaplab(&[
        "sweep-merge",
        path.to_str().unwrap(),
        forged.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("run {} differs between", first.run)),
        "{stderr}"
    );

    let out = leaplab(&["sweep", "v=1&d=0|10"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: d: \"0\" is not allowed; d must be a whole number from 1 to 4096"
    );
    let out = leaplab(&["sweep", golden_spec(), "--shard", "4/4"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a shard"));
}

#[test]
fn dry_run_lists_the_runs() {
    let out = ok(&[
        "sweep",
        "--dry-run",
        "--shard",
        "1/2",
        "v=1&target=parity({k})&k=2..3&d=10&seeds=2",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "v=1&target=parity({k})&k=2|3&d=10&seeds=2\n2 values of k × 2 seeds = 4 runs\n\
         1 v=1&target=parity(3)&d=10&stop_learned=1\n\
         3 v=1&target=parity(3)&d=10&stop_learned=1&seed=1\n"
    );
}
