//! The command line given what a person types by mistake or a hostile
//! sender writes on purpose (issue 14): a typed `+` is a plus, a mistyped
//! one is refused, and every refusal names the field, the value and what
//! is allowed, with no control byte reaching the terminal.

use std::process::{Command, Output};

fn leaplab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leaplab"))
        .args(args)
        .output()
        .expect("the leaplab binary runs")
}

/// Standard output of a command that must succeed.
fn ok(args: &[&str]) -> String {
    let out = leaplab(args);
    assert!(
        out.status.success(),
        "leaplab {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Standard error of a command that must fail (status 2, nothing on
/// standard output, no control byte in the message).
fn refused(args: &[&str]) -> String {
    let out = leaplab(args);
    assert_eq!(out.status.code(), Some(2), "leaplab {args:?} did not fail");
    assert!(out.stdout.is_empty(), "leaplab {args:?} printed output");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.trim_end().chars().any(char::is_control),
        "a control character reached the terminal: {stderr:?}"
    );
    stderr
}

/// The `config` record `leaplab run` prints first.
fn config_record(query: &str) -> serde_json::Value {
    let out = ok(&["run", query]);
    serde_json::from_str(out.lines().next().unwrap()).unwrap()
}

#[test]
fn a_typed_plus_means_plus_in_run_sweep_and_gf2() {
    for query in [
        "v=1&target=x1 + x1x2x3&d=20&steps=0",
        "v=1&target=x1+x1x2x3&d=20&steps=0",
        "v=1&d=20&steps=0&r1.target=x1 + x1x2x3",
    ] {
        let record = config_record(query);
        assert_eq!(record["target"], "x1 + x1x2x3", "{query}");
        assert_eq!(
            record["monomials"],
            serde_json::json!(["x1", "x1x2x3"]),
            "{query}"
        );
    }
    let plan = ok(&[
        "sweep",
        "v=1&target=x1 + x1x2x3|x1+x2&d=20&steps=10&seeds=1",
        "--dry-run",
    ]);
    assert!(plan.contains("target=x1%20%2B%20x1x2x3&"), "{plan}");
    assert!(plan.contains("target=x1%2Bx2&"), "{plan}");
    // x1 + x2 is not a parity: the sum, not the product x1x2, reached GF(2)
    let message = refused(&["gf2", "v=1&target=x1 + x2&d=20"]);
    assert!(
        message.contains("this target takes other values"),
        "{message}"
    );
    ok(&["gf2", "v=1&target=x1x2&d=20"]);
}

#[test]
fn factors_side_by_side_with_a_space_are_refused_everywhere() {
    let hint = "write '*' between them for a product or '+' for a sum";
    let message = refused(&["run", "v=1&target=x1 x1x2x3&d=20&steps=0"]);
    assert!(
        message.starts_with("error: target: at character 4: 'x1' follows 'x1' with only a space"),
        "{message}"
    );
    assert!(message.contains(hint), "{message}");
    let message = refused(&["analyze", "2 x1", "--d", "5"]);
    assert!(
        message.contains("at character 3: 'x1' follows '2'"),
        "{message}"
    );
    let message = refused(&["sweep", "v=1&target=x1%20x2&d=5&steps=10", "--dry-run"]);
    assert!(message.contains(hint), "{message}");
    // touching factors still multiply
    assert_eq!(
        config_record("v=1&target=2x1x4&d=5&steps=0")["target"],
        "2*x1x4"
    );
}

#[test]
fn control_characters_in_messages_are_quoted() {
    for args in [
        &["run", "v=1&d=%1b%5b31mRED"][..],
        &["run", "v=1&target=x1%1b%5b31m&d=5"],
        &["run", "v=1&%00%1b=1"],
        &["run", "v=%1b"],
        &["run", "v=1&hidden_bias=%07"],
        &["run", "v=1&r1.d=%1b%5b31m"],
        &["run", "v=1&show=%1b%5b31m&r1.target=x1"],
        &["gf2", "v=1&init=%1b"],
        &["sweep", "v=1&d=%1b..3", "--dry-run"],
        &["sweep", "v=1&%1b=3", "--dry-run"],
        &["analyze", "x1\u{1b}[31m", "--d", "5"],
    ] {
        let message = refused(args);
        assert!(
            message.contains("\\u{1b}") || message.contains("\\u{0}") || message.contains("\\u{7}"),
            "{args:?}: {message}"
        );
    }
    let message = refused(&["run", "v=1&d=%1b%5b31mRED"]);
    assert_eq!(
        message,
        "error: d: \"\\u{1b}[31mRED\" is not allowed; d must be a whole number from 1 to 4096\n"
    );
}

#[test]
fn a_query_without_its_version_is_refused() {
    let want = "error: v: missing; a query starts with v=1, the version of its format \
                (e.g. v=1&target=parity(4)&d=100)\n";
    for args in [
        &["run", "d=10&steps=0"][..],
        &["run", ""],
        &["run", "d=10&r1.target=x1&r2.target=x2", "--run", "2"],
        &["run", "https://example.org/leaplab/?d=10&r1.target=x1"],
        &["gf2", "target=parity(3)&d=10"],
        &["sweep", "target=parity(3)&d=10|20", "--dry-run"],
    ] {
        assert_eq!(refused(args), want, "{args:?}");
    }
    ok(&["run", "v=1&d=10&steps=0"]);
    ok(&[
        "run",
        "https://example.org/leaplab/?v=1&d=10&r1.target=x1#top",
    ]);
    ok(&["gf2", "v=1&target=parity(3)&d=10"]);
    ok(&["sweep", "v=1&target=parity(3)&d=10|20", "--dry-run"]);
}

#[test]
fn a_link_s_repeated_keys_are_refused_like_a_query_s() {
    let message = refused(&["run", "v=1&d=10&d=20&steps=0"]);
    assert_eq!(
        message,
        "error: d: appears twice (\"10\" and \"20\"); give each field once\n"
    );
    let message = refused(&["run", "v=1&d=10&d=20&steps=0&r1.target=x1"]);
    assert!(
        message.starts_with("error: d: appears twice (\"10\" and \"20\"); give each field once"),
        "{message}"
    );
    for link in [
        "v=1&d=10&steps=0&r1.target=x1&r1.target=x2",
        "v=1&d=10&steps=0&r1.target=x1&r01.target=x2",
        "v=1&d=10&steps=0&r1.target=x1&r001.target=x2",
    ] {
        let message = refused(&["run", link]);
        assert!(
            message.contains("appears twice") || message.contains("without leading zeros"),
            "{link}: {message}"
        );
    }
}

#[test]
fn the_default_target_is_not_blamed_when_every_run_has_its_own() {
    let record = config_record("v=1&d=3&steps=10&r1.target=x1");
    assert_eq!(record["query"], "v=1&target=x1&d=3&steps=10");
}

#[test]
fn run_n_is_the_link_s_run_n() {
    let link = "v=1&d=10&steps=0&r1.target=x1&r3.target=x2x3&r3.seed=4";
    let run = |n: &str| -> serde_json::Value {
        let out = ok(&["run", link, "--run", n]);
        serde_json::from_str(out.lines().next().unwrap()).unwrap()
    };
    assert_eq!(run("1")["target"], "x1");
    assert_eq!(run("3")["query"], "v=1&target=x2x3&d=10&steps=0&seed=4");
    for n in ["2", "4", "0"] {
        assert_eq!(
            refused(&["run", link, "--run", n]),
            format!(
                "error: run: {n} is not a run of this link: its runs are r1, r3 (--run 1, 3)\n"
            )
        );
    }
}

#[test]
fn targets_that_vanish_are_constant_or_overflow_are_refused() {
    for (query, what) in [
        (
            "v=1&target=1e-400*x1&d=5&steps=0",
            "the number 1e-400 is too small",
        ),
        (
            "v=1&target=1e-200*1e-200*x1&d=5&steps=0",
            "a coefficient underflows here",
        ),
        (
            "v=1&target=0*x1&d=5&steps=0",
            "is the constant 0: there is nothing to learn",
        ),
        (
            "v=1&target=1e30*x1&d=5&steps=0",
            "too large to train in 32-bit floats",
        ),
        (
            "v=1&target=(1e8*x1 + 1e8)*(1e8*x2 + 1e8)&d=5&steps=0",
            "too large to train",
        ),
    ] {
        let message = refused(&["run", query]);
        assert!(message.starts_with("error: target: "), "{query}: {message}");
        assert!(message.contains(what), "{query}: {message}");
        assert!(!message.contains("learning rate"), "{query}: {message}");
    }
    let message = refused(&["sweep", "v=1&target=x1|3&d=5&steps=10", "--dry-run"]);
    assert!(
        message.contains("depends on x1 … xd (at target=3)"),
        "{message}"
    );
    // the analysis of a constant is fine, and its variance is 0, not -0
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["analyze", "0*x1 + 1", "--d", "5", "--json"])).unwrap();
    assert_eq!(json["variance"].to_string(), "0.0");
    assert!(ok(&["analyze", "1", "--d", "5"]).contains("variance: 0\n"));
}
