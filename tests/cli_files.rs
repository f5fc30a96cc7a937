//! The command line's output and files under hostile conditions: a full
//! disk, a closed pipe, an interrupted run, paths that are not regular
//! files, two sweeps on one results file, and forged records.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_leaplab");

fn leaplab(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the leaplab binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_files_{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every command that prints, with its output going to a full disk.
#[test]
fn a_full_disk_is_an_error_with_a_message() {
    let commands: [&[&str]; 5] = [
        &["run", "v=1&d=8&steps=10"],
        &["analyze", "parity(3)", "--d", "8"],
        &["gf2", "v=1&target=parity(3)&d=8"],
        &["sweep", "v=1&d=8|9&steps=10", "--dry-run"],
        &["run", "v=1&d=8&steps=10", "--format", "csv"],
    ];
    for args in commands {
        let full = File::options().write(true).open("/dev/full").unwrap();
        let out = Command::new(BIN).args(args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("writing the output: No space left on device"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
}

/// A reader that stops early (`| head -c 10`) ends the command quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    let commands: [&[&str]; 3] = [
        &["analyze", "parity(4096)", "--d", "4096", "--json"],
        &[
            "sweep",
            "v=1&d=8&steps=10&lr=0.001..0.9:x1.05&seeds=100",
            "--dry-run",
        ],
        &["run", "v=1&d=8&steps=100000&eval_every=1"],
    ];
    for args in commands {
        let mut child = Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

/// Records leave as they are made: an interrupted run has written every
/// evaluation up to the interruption, each line whole.
#[test]
fn an_interrupted_run_keeps_its_records() {
    let dir = scratch("interrupt");
    let path = dir.join("records.jsonl");
    let mut child = Command::new(BIN)
        .args(["run", "v=1&d=20&steps=100000000&eval_every=100"])
        .stdout(File::create(&path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let lines = || std::fs::read_to_string(&path).unwrap().lines().count();
    while lines() < 4 && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.lines().count() >= 4,
        "only {text:?} before the interrupt"
    );
    assert!(text.ends_with('\n'), "a record was cut: {text:?}");
    for line in text.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("every line is whole JSON");
    }
}

#[test]
fn weights_are_saved_only_onto_files_and_through_links() {
    let dir = scratch("save");
    let query = "v=1&d=6&width=4&steps=10";
    let save = |path: &Path| {
        leaplab(&[
            "run",
            query,
            "--summary-only",
            "--save-weights",
            path_str(path),
        ])
    };

    // a folder: refused before training, nothing left behind
    let folder = dir.join("folder");
    std::fs::create_dir(&folder).unwrap();
    let out = save(&folder);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a regular file"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty(), "the run should not start");

    // a named pipe stands for any special file (a device node)
    let fifo = dir.join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = save(&fifo);
    assert!(
        stderr(&out).contains("is not a regular file"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    // a link to a file is written through, and stays a link
    let real = dir.join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = save(&link);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("\"query\""));

    // a link to nothing, a missing folder: refused
    let dangling = dir.join("dangling.json");
    std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
    assert!(stderr(&save(&dangling)).contains("symbolic link to nothing"));
    assert!(stderr(&save(&dir.join("no/such/folder.json"))).contains("does not exist"));

    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["dangling.json", "fifo", "folder", "link.json", "real.json"]
    );
}

/// Files that are not regular, or far too large, are refused unread.
#[test]
fn files_read_have_limits() {
    let dir = scratch("limits");
    let cases: [&[&str]; 3] = [
        &["run", "v=1&d=6&steps=10", "--init-weights", "/dev/zero"],
        &["sweep-merge", "/dev/zero"],
        &["sweep", "v=1&d=6|7&steps=10", "--out", "/dev/zero"],
    ];
    for args in cases {
        let out = leaplab(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("/dev/zero is not a regular file"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // a sparse file of 600 MiB takes no disk but is over every limit
    let huge = dir.join("huge.jsonl");
    File::create(&huge).unwrap().set_len(600 << 20).unwrap();
    let out = leaplab(&["sweep-merge", path_str(&huge)]);
    assert!(stderr(&out).contains("the limit is"), "{}", stderr(&out));
    let out = leaplab(&["run", "v=1&d=6&steps=10", "--init-weights", path_str(&huge)]);
    assert!(stderr(&out).contains("the limit is"), "{}", stderr(&out));
}

/// A second sweep on a results file another sweep holds is refused.
#[test]
fn a_results_file_has_one_writer() {
    let dir = scratch("lock");
    let path = dir.join("results.jsonl");
    let spec = "v=1&d=6|7&steps=10";
    assert!(leaplab(&["sweep", spec, "--out", path_str(&path)])
        .status
        .success());
    let before = std::fs::read_to_string(&path).unwrap();
    let holder = File::options().append(true).open(&path).unwrap();
    holder.try_lock().unwrap();
    let out = leaplab(&["sweep", spec, "--out", path_str(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is being written by another leaplab sweep"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    drop(holder);
    assert!(leaplab(&["sweep", spec, "--out", path_str(&path)])
        .status
        .success());
}

/// Forged records: a changed outcome in one file, and one run twice in a
/// file with different numbers.
#[test]
fn forged_records_are_found() {
    let dir = scratch("forged");
    let path = dir.join("results.jsonl");
    assert!(
        leaplab(&["sweep", "v=1&d=6|7&steps=10", "--out", path_str(&path)])
            .status
            .success()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"outcome\":\"censored\""), "{text}");

    let forged = dir.join("outcome.jsonl");
    std::fs::write(
        &forged,
        text.replacen("\"outcome\":\"censored\"", "\"outcome\":\"learned\"", 1),
    )
    .unwrap();
    let out = leaplab(&["sweep-merge", path_str(&forged)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("its outcome is learned but its learned_at and diverged_at say censored"),
        "{}",
        stderr(&out)
    );

    let mut lines: Vec<&str> = text.lines().collect();
    let changed = lines[1].replacen("\"steps\":10", "\"steps\":11", 1);
    lines.push(&changed);
    let twice = dir.join("twice.jsonl");
    std::fs::write(&twice, lines.join("\n") + "\n").unwrap();
    let out = leaplab(&["sweep-merge", path_str(&twice)]);
    let message = stderr(&out);
    assert!(
        message.contains(&format!("appears twice in {}", path_str(&twice))),
        "{message}"
    );
    assert!(
        message.contains("its steps is 10 in one and 11 in the other"),
        "{message}"
    );
}
