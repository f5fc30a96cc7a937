//! Links that check themselves: `rN.expect=<metrics hash>` and
//! `made=<version>` round-trip through a link, are read leniently by the
//! page and strictly by the command line, and `leaplab run LINK --run N`
//! says whether the run reproduced, exiting 1 when it did not.

use leaplab::experiment::{run_of_link, Experiment};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_leaplab");
const LINK: &str = "v=1&d=20&steps=200&r1.target=staircase(2)&r2.target=parity(2)&r2.lr=0.05";

fn leaplab_run(link: &str, run: &str) -> Output {
    Command::new(BIN)
        .args(["run", link, "--run", run, "--summary-only"])
        .output()
        .expect("the leaplab binary runs")
}

/// The metrics hash run `run` of `link` gives, from the command line.
fn hash_of(link: &str, run: &str) -> String {
    let out = leaplab_run(link, run);
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    summary["metrics_hash"].as_str().unwrap().to_string()
}

#[test]
fn expectations_and_the_version_round_trip_through_a_link() {
    let (mut experiment, ignored) = Experiment::from_link(LINK);
    assert!(ignored.is_empty());
    assert_eq!(experiment.expect, vec![None, None]);
    experiment.expect[1] = Some("0123456789abcdef".into());
    experiment.made_by = Some("0.1.0+abc1234".into());
    let link = experiment.to_link();
    assert!(
        link.contains("&r2.lr=0.05&r2.expect=0123456789abcdef"),
        "{link}"
    );
    assert!(link.ends_with("&made=0.1.0%2Babc1234"), "{link}");
    let (again, ignored) = Experiment::from_link(&link);
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(again, experiment);
    assert_eq!(again.expectation(0), None);
    let expectation = again.expectation(1).unwrap();
    assert_eq!(expectation.hash, "0123456789abcdef");
    assert_eq!(expectation.made_by.as_deref(), Some("0.1.0+abc1234"));
}

#[test]
fn a_bad_expectation_is_ignored_by_name_and_the_runs_still_load() {
    let (experiment, ignored) = Experiment::from_link(&format!(
        "{LINK}&r1.expect=nothex&r5.expect=0123456789abcdef&made=%3Cscript%3E"
    ));
    assert_eq!(experiment.runs.len(), 2);
    assert_eq!(experiment.expect, vec![None, None]);
    let fields: Vec<&str> = ignored.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["r1.expect", "made", "r5.expect"]);
    assert!(
        ignored[2].message.contains("no run r5"),
        "{}",
        ignored[2].message
    );
    // the command line reads the same link strictly
    let error = run_of_link(&format!("{LINK}&r1.expect=nothex"), 1).unwrap_err();
    assert_eq!(error.field, "r1.expect");
}

#[test]
fn the_command_line_checks_a_run_against_its_link() {
    let hash = hash_of(LINK, "2");
    let made = leaplab::ENGINE_VERSION.replace('+', "%2B");
    let good = format!("{LINK}&r2.expect={hash}&made={made}");
    let out = leaplab_run(&good, "2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("reproduced to the bit: metrics hash {hash}")),
        "{stderr}"
    );
    assert!(stderr.contains(leaplab::ENGINE_VERSION), "{stderr}");

    // the other run of the same link says nothing about a hash
    let out = leaplab_run(&good, "1");
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("reproduced"));

    // a different hash: status 1, both hashes named
    let bad = format!("{LINK}&r2.expect=0123456789abcdef&made={made}");
    let out = leaplab_run(&bad, "2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "differs from the link: it says metrics hash 0123456789abcdef, this run gave {hash}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("should not happen"),
        "same version: {stderr}"
    );
}
