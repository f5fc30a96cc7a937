//! What a configuration builds is estimated and bounded before it is built
//! (issue 14, item 3): the terms of a majority, the test set's work, the
//! harmonic decomposition and alignment off the hypercube, the analysis,
//! and the length of a sweep's ranges. Each input here once took gigabytes
//! or never finished; each refusal names the input, the estimate and the
//! limit. The accepted inputs are kept small (no memory-heavy path runs
//! here).

use leaplab::config::{checked_analysis, Config, ConfigError};
use leaplab::experiment::Experiment;
use leaplab::sweep::SweepSpec;
use leaplab::target::{parse_target, parse_target_on, Polynomial};
use leaplab::train::Trainer;
use std::process::Command;

fn refused(query: &str) -> ConfigError {
    match Config::from_query(query) {
        Ok(config) => config
            .validate()
            .expect_err(&format!("{query} should be refused")),
        Err(e) => e,
    }
}

fn assert_mentions(e: &ConfigError, field: &str, parts: &[&str]) {
    assert_eq!(e.field, field, "{e}");
    for part in parts {
        assert!(e.message.contains(part), "{part:?} not in: {e}");
    }
}

/// `(x1+x2)*(x3+x4)*…` with `pairs` factors, `+` encoded for a query.
fn pair_product(pairs: usize, plus: &str) -> String {
    (0..pairs)
        .map(|i| format!("(x{}{plus}x{})", 2 * i + 1, 2 * i + 2))
        .collect::<Vec<_>>()
        .join("*")
}

fn he2_product(factors: usize) -> String {
    (1..=factors)
        .map(|i| format!("he2(x{i})"))
        .collect::<Vec<_>>()
        .join("*")
}

#[test]
fn small_majorities_set_up_and_report_accuracy() {
    // 1.8 GB and 23-46 s before (the ±1 check squared the target)
    for k in [13, 15] {
        let config = Config::from_query(&format!(
            "v=1&target=majority({k})&d={k}&steps=0&test_n=16&width=1"
        ))
        .unwrap();
        let mut trainer = Trainer::new(&config).unwrap();
        let points = trainer.advance(1);
        assert!(points[0].accuracy.is_some(), "majority({k}) is ±1-valued");
    }
}

#[test]
fn majority_is_bounded_by_its_documented_limit() {
    for k in [19, 21] {
        let e = refused(&format!("v=1&target=majority({k})&d={k}&test_n=16"));
        assert_mentions(&e, "target", &["majority(k) needs an odd k from 1 to 17"]);
    }
    // the largest allowed is refused by the test set's memory at the
    // default test_n, and by the run's set-up at half of it, naming
    // test_n, the estimate and the limit
    let e = refused("v=1&target=majority(17)&d=17");
    assert_mentions(
        &e,
        "test_n",
        &[
            "about 513 MiB",
            "65536 monomials",
            "over the limit of 512 MiB",
        ],
    );
    let e = refused("v=1&target=majority(17)&d=17&test_n=1024");
    assert_mentions(
        &e,
        "test_n",
        &[
            "setting the run up would take about 1.3e9 operations",
            "over the limit of 1.3e8",
            "\"majority(17)\" has 65536 monomials",
            "1024 test inputs",
        ],
    );
    let e = refused("v=1&target=majority(15)&d=15");
    assert_mentions(&e, "test_n", &["5.7e8 operations", "\"majority(15)\""]);
}

#[test]
fn analysing_a_majority_blames_nothing_analyze_lacks() {
    // `analyze` has no test_n: its check is the target's, not a run's
    let analysis = checked_analysis(&[
        ("d", "17".to_string()),
        ("target", "majority(17)".to_string()),
    ])
    .unwrap();
    assert_eq!(analysis.monomials.len(), 1 << 16);
    assert_eq!(analysis.leap, 1);
    let e = checked_analysis(&[
        ("d", "21".to_string()),
        ("target", "majority(21)".to_string()),
    ])
    .unwrap_err();
    assert_mentions(&e, "target", &["at most 17"]);
}

#[test]
fn long_staircases_are_refused_by_their_set_up_work() {
    // over 3 GB in 20 s before
    let e = refused("v=1&target=staircase(1000)&d=1000");
    assert_mentions(
        &e,
        "test_n",
        &[
            "\"staircase(1000)\" has 1000 monomials whose sizes |S| add up to 500500",
            "2.1e9 operations",
            "over the limit of 1.3e8",
        ],
    );
    assert!(!parse_target("staircase(1000)", 1000)
        .unwrap()
        .is_boolean_valued());
}

#[test]
fn products_of_sums_are_refused_or_run_within_budget() {
    // 2.56 GB before: 4,096 terms, not ±1-valued
    let e = refused(&format!("v=1&target={}&d=24", pair_product(12, "%2B")));
    assert_mentions(
        &e,
        "test_n",
        &[
            "4096 monomials",
            "2048 test inputs",
            "over the limit of 1.3e8",
        ],
    );
    let config = Config::from_query(&format!(
        "v=1&target={}&d=24&test_n=256&steps=0&width=1",
        pair_product(12, "%2B")
    ))
    .unwrap();
    let trainer = Trainer::new(&config).unwrap();
    assert_eq!(trainer.target().terms().len(), 4096);
    // 2^17 terms do not fit the test set's memory
    let e = refused(&format!("v=1&target={}&d=34", pair_product(17, "%2B")));
    assert_mentions(
        &e,
        "test_n",
        &["131072 monomials", "over the limit of 512 MiB"],
    );
}

#[test]
fn the_boolean_check_is_exact_where_it_answers() {
    let yes = ["majority(17)", "x1x2x3", "-x5", "parity(30)*majority(3)"];
    for text in yes {
        assert!(
            parse_target(text, 64).unwrap().is_boolean_valued(),
            "{text}"
        );
    }
    let no = [
        "staircase(3)",
        "x1 + x2",
        "0.6*x1 + 0.8*x2",
        "(x1 + x2 + x3 - x1x2x3)/2 + 0*x4",
    ];
    for text in &no[..3] {
        assert!(
            !parse_target(text, 64).unwrap().is_boolean_valued(),
            "{text}"
        );
    }
    // majority(3) written out is ±1-valued
    assert!(parse_target(no[3], 64).unwrap().is_boolean_valued());
    // a product of sums with unit weight that is not ±1-valued
    let f: Polynomial = parse_target("(x1 + x2)*(x3 + x4)/2", 64).unwrap();
    assert!(!f.is_boolean_valued());
}

#[test]
fn hermite_products_on_the_sphere_are_refused_before_expansion() {
    // over 3 GB in 5 s before
    let e = refused(&format!(
        "v=1&domain=sphere&d=60&target={}",
        he2_product(30)
    ));
    assert_mentions(
        &e,
        "target",
        &[
            "he2(x1)he2(x2)",
            "harmonic decomposition (on the sphere) would build about 1.0e12 polynomial terms",
            "over the limit of 4194304",
        ],
    );
    // a few factors still run
    let config = Config::from_query(&format!(
        "v=1&domain=sphere&d=60&steps=0&test_n=16&target={}",
        he2_product(4)
    ))
    .unwrap();
    Trainer::new(&config).unwrap();
}

fn analyze_sphere(target: &str, init: &str) -> Result<f64, ConfigError> {
    checked_analysis(&[
        ("d", "10".to_string()),
        ("domain", "sphere".to_string()),
        ("init", init.to_string()),
        ("target", target.to_string()),
    ])
    .map(|a| a.gal)
}

#[test]
fn high_degree_hermite_analyses_are_refused_before_the_work() {
    // minutes before (three factors: 42 s)
    let e = analyze_sphere("he16(x1)*he16(x2)*he16(x3)*he16(x4)", "uniform").unwrap_err();
    assert_mentions(
        &e,
        "target",
        &[
            "he16(x1)he16(x2)he16(x3)he16(x4)",
            "about 7.1e6 polynomial terms",
            "over the limit of 4194304",
        ],
    );
    let e = analyze_sphere("he16(x1)*he16(x2)*he16(x3)", "uniform").unwrap_err();
    assert_mentions(
        &e,
        "target",
        &[
            "would compare about 9.0e7 pairs of terms",
            "over the limit of 4194304",
            "init=gaussian",
        ],
    );
    // under O(d) the same target has a closed form
    let gal = analyze_sphere("he16(x1)*he16(x2)*he16(x3)", "gaussian").unwrap();
    assert!(gal > 0.0 && gal < 1.0, "{gal}");
    // and on Gaussian inputs it stays instant
    let on_gaussian = checked_analysis(&[
        ("d", "10".to_string()),
        ("domain", "gaussian".to_string()),
        ("target", "he16(x1)*he16(x2)*he16(x3)*he16(x4)".to_string()),
    ]);
    assert!(on_gaussian.is_ok(), "{on_gaussian:?}");
}

#[test]
fn analyses_of_huge_targets_are_refused() {
    let text = "majority(17)*(x18+x19+x20+x21+x22+x23+x24+x25+x26+x27+x28+x29)";
    let f = parse_target_on(text, 30, leaplab::data::Domain::Cube).unwrap();
    let e = leaplab::target::analyze(&f, 30, 0.5).unwrap_err();
    assert!(
        e.message.contains(
            "786432 monomials of total size Σ(1 + |S|) = 8257536, over the limit of 2097152"
        ),
        "{e}"
    );
}

#[test]
fn sweep_ranges_are_counted_before_they_are_expanded() {
    // never ended before (1e-15: 8.5 s to refuse)
    for (key, range, steps) in [
        ("lr", "0.1..0.9:1e-17", "8.000e16"),
        ("lr", "0.1..0.9:1e-300", "8.000e299"),
        ("lr", "0.1..0.9:1e-15", "8.000e14"),
        ("lr", "0.001..0.9:x1.0000000000000002", "3.064e16"),
        ("d", "1..4096:x1.0000000000000002", "3.746e16"),
    ] {
        let e =
            SweepSpec::from_query(&format!("v=1&target=x1&steps=10&{key}={range}")).unwrap_err();
        assert_mentions(
            &e,
            key,
            &[
                &format!("the range \"{range}\" takes about {steps} steps"),
                "over the limit of 10000",
            ],
        );
    }
    // ranges whose repeats rounding merges still read
    let spec = SweepSpec::from_query("v=1&target=x1&steps=10&d=1..20:x1.01").unwrap();
    assert_eq!(spec.axis("d").unwrap().values.len(), 20);
}

#[test]
fn a_link_with_a_large_majority_gets_a_message_for_its_run() {
    let (experiment, ignored) = Experiment::from_link("v=1&r1.target=majority(15)&d=15");
    let refusals: Vec<String> = ignored
        .iter()
        .map(ToString::to_string)
        .chain(
            experiment
                .runs
                .iter()
                .filter_map(|r| r.validate().err())
                .map(|e| e.to_string()),
        )
        .collect();
    assert!(
        refusals
            .iter()
            .any(|m| m.contains("majority(15)") && m.contains("over the limit")),
        "{refusals:?}"
    );
}

#[test]
fn the_command_line_refuses_with_a_message_and_a_status() {
    let he2 = he2_product(30);
    let cases: Vec<Vec<&str>> = vec![
        vec!["run", "v=1&target=majority(15)&d=15"],
        vec!["run", "v=1&target=staircase(1000)&d=1000"],
        vec![
            "analyze",
            "he16(x1)*he16(x2)*he16(x3)*he16(x4)",
            "--d",
            "10",
            "--domain",
            "sphere",
        ],
        vec!["analyze", &he2, "--d", "60", "--domain", "sphere"],
        vec!["analyze", "majority(19)", "--d", "19"],
        vec![
            "sweep",
            "v=1&target=x1&steps=10&lr=0.1..0.9:1e-17",
            "--dry-run",
        ],
    ];
    for args in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_leaplab"))
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr.starts_with("error: ")
                && (stderr.contains("limit") || stderr.contains("at most 17")),
            "{args:?}: {stderr}"
        );
    }
}
