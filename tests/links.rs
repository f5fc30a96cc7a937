//! Experiment links: frozen v1 links keep loading to the same runs; links
//! round-trip; bad or hostile values fall back to the defaults, named.

use leaplab::config::Config;
use leaplab::experiment::Experiment;
use leaplab::nn::Activation;
use leaplab::presets::PRESETS;
use leaplab::train::Mode;

fn load(link: &str) -> Experiment {
    let (experiment, ignored) = Experiment::from_link(link);
    assert!(ignored.is_empty(), "{link}: {ignored:?}");
    experiment
}

/// Links as version 1 of the format writes them. They must keep loading to
/// exactly these runs in every later version.
#[test]
fn frozen_v1_links_load_to_the_same_runs() {
    let e = load("v=1&d=100&steps=4000&r1.target=staircase(4)&r2.target=parity(4)");
    assert_eq!(e.runs.len(), 2);
    assert_eq!(e.runs[0].to_query(), "v=1&d=100&steps=4000");
    assert_eq!(
        e.runs[1].to_query(),
        "v=1&target=parity(4)&d=100&steps=4000"
    );

    let e = load(
        "v=1&target=parity(4)&d=100&r1.target=parity(4)&r2.target=parity(4)&r2.p=0.8\
         &show=loss&coeff=2&log=0&autoplay=1",
    );
    assert_eq!(e.runs[1].p, 0.8);
    assert_eq!(
        (e.show.clone(), e.coeff_run, e.log_scale, e.autoplay),
        (vec!["loss"], Some(1), false, true)
    );

    let e =
        load("v=1&target=x1%20%2B%200.5*x1x2x3&d=30&act=tanh&mode=noisy&n=1000&noise=0.001&seed=7");
    assert_eq!(
        e.runs.len(),
        1,
        "a plain configuration is a one-run experiment"
    );
    let run = &e.runs[0];
    assert_eq!(run.target, "x1 + 0.5*x1x2x3");
    assert_eq!(
        (run.d, run.activation, run.mode, run.n, run.seed),
        (30, Activation::Tanh, Mode::Noisy, 1000, 7)
    );

    let e = load("v=1&d=50&r1.target=(x1%20%2B%20x1x2)/sqrt(2)&r1.depth=3&r1.width=128&r2.target=msp(4,%206,%201)");
    assert_eq!((e.runs[0].depth, e.runs[0].width), (3, 128));
    assert_eq!(e.runs[1].target, "msp(4, 6, 1)");
    assert_eq!(e.runs[1].to_query(), "v=1&target=msp(4,%206,%201)");
}

#[test]
fn links_round_trip_and_every_preset_is_a_link() {
    for preset in PRESETS {
        let experiment = Experiment::from_preset(preset);
        let link = experiment.to_link();
        assert_eq!(load(&link), experiment, "{link}");
    }
    let e = load("v=1&d=20&r1.target=parity(2)&r2.target=x1&r2.seed=4&coeff=2&show=coeffs");
    assert_eq!(load(&e.to_link()), e);
    assert_eq!(
        e.to_link(),
        "v=1&d=20&r1.target=parity(2)&r2.target=x1&r2.seed=4&show=coeffs&coeff=2"
    );
}

#[test]
fn each_run_is_the_same_run_as_its_query_on_the_command_line() {
    let e = load("v=1&d=40&steps=200&r1.target=parity(3)&r2.target=staircase(3)&r2.lr=0.05");
    for run in &e.runs {
        assert_eq!(&Config::from_query(&run.to_query()).unwrap(), run);
    }
}

fn ignored_fields(link: &str) -> (Experiment, Vec<String>) {
    let (e, ignored) = Experiment::from_link(link);
    (
        e,
        ignored
            .into_iter()
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect(),
    )
}

#[test]
fn bad_values_fall_back_to_defaults_and_are_named() {
    let (e, ignored) =
        ignored_fields("v=1&d=abc&lr=0.05&colour=red&r1.target=parity(3)&r2.width=0&r2.target=x2");
    assert_eq!(e.base.d, Config::default().d);
    assert_eq!(e.base.lr, 0.05, "the good fields still load");
    assert_eq!(e.runs.len(), 2);
    assert_eq!(e.runs[1].width, Config::default().width);
    assert_eq!(e.runs[1].target, "x2");
    assert!(
        ignored[0].starts_with("d: \"abc\" is not allowed"),
        "{ignored:?}"
    );
    assert!(
        ignored[1].starts_with("colour: is not a field"),
        "{ignored:?}"
    );
    assert!(
        ignored[2].starts_with("r2.width: \"0\" is not allowed"),
        "{ignored:?}"
    );
    assert_eq!(ignored.len(), 3);

    // a value that is fine alone but not with the rest: the variable is beyond d
    let (e, ignored) = ignored_fields("v=1&d=5&target=x9");
    assert_eq!((e.base.d, e.base.target.as_str()), (5, "staircase(4)"));
    assert!(
        ignored[0].starts_with("target: at character 1: x9 is beyond d = 5"),
        "{ignored:?}"
    );

    let (e, ignored) = ignored_fields("v=9&r12.d=5&coeff=7&show=loss,pie&log=maybe&d=%ZZ");
    assert_eq!(e, Experiment::default());
    assert_eq!(ignored.len(), 6, "{ignored:?}");
}

#[test]
fn hostile_values_are_refused_and_quoted_short() {
    for payload in [
        "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "javascript:alert(1)",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        &"x".repeat(3000),
        "%C3%28",
    ] {
        let (e, ignored) = ignored_fields(&format!("v=1&target={payload}&r1.target={payload}"));
        assert_eq!(e.runs[0].target, Config::default().target);
        assert_eq!(ignored.len(), 2, "{ignored:?}");
        for message in ignored {
            assert!(message.chars().count() < 300, "{message}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    /// Whatever a link holds, reading it gives an experiment whose canonical
    /// link reads back to it with nothing ignored (the fuzz target
    /// `experiment_link` checks the same on coverage-guided inputs).
    #[test]
    fn any_link_reads_to_an_experiment_that_round_trips(
        link in "(v=1|d=[0-9]{1,5}|r[0-9]{1,2}\\.(target|lr|d)=[a-z0-9().%+*]{0,12}|show=[a-z,]{0,12}|coeff=[0-9]|log=[01x]|[a-z_]{1,8}=[%0-9A-Za-z]{0,6})(&(v=1|d=[0-9]{1,5}|r[0-9]{1,2}\\.(target|lr|d)=[a-z0-9().%+*]{0,12}|show=[a-z,]{0,12}|coeff=[0-9]|[a-z_]{1,8}=[%0-9A-Za-z]{0,6})){0,6}"
    ) {
        let (experiment, _) = Experiment::from_link(&link);
        let (again, ignored) = Experiment::from_link(&experiment.to_link());
        proptest::prop_assert!(ignored.is_empty(), "{:?}", ignored);
        proptest::prop_assert_eq!(again, experiment);
    }
}

#[test]
fn the_step_axis_option_reads_and_writes() {
    let e = load("v=1&r1.target=parity(2)&logsteps=1");
    assert!(e.log_steps);
    assert!(e.to_link().ends_with("&logsteps=1"));
    assert!(!load("v=1&r1.target=parity(2)")
        .to_link()
        .contains("logsteps"));
    let (_, ignored) = Experiment::from_link("v=1&logsteps=2");
    assert_eq!(ignored[0].field, "logsteps");
}

/// A repeated key is reported and its first value kept, whether it is a
/// shared field, a run's field (`r1.target`, however the run is written)
/// or an option; a run number with a leading zero is not a run.
#[test]
fn repeated_keys_are_reported_and_the_first_kept() {
    let (e, ignored) = ignored_fields("v=1&d=10&d=20&steps=5");
    assert_eq!((e.base.d, e.base.steps), (10, 5));
    assert_eq!(
        ignored,
        [
            "d: appears twice (\"10\" and \"20\"); give each field once \
          (a link keeps the first and ignores the other)"
        ]
    );
    let (e, ignored) =
        ignored_fields("v=1&d=20&r1.target=x1&r01.target=x2&r001.target=x3&r1.target=x4");
    assert_eq!(e.runs.len(), 1);
    assert_eq!(e.runs[0].target, "x1");
    assert_eq!(ignored.len(), 3, "{ignored:?}");
    assert_eq!(
        ignored[0],
        "r01.target: runs are written r1 to r8, without leading zeros"
    );
    assert_eq!(
        ignored[1],
        "r001.target: runs are written r1 to r8, without leading zeros"
    );
    assert!(
        ignored[2].starts_with("r1.target: appears twice (\"x1\" and \"x4\")"),
        "{ignored:?}"
    );
    let (e, ignored) = ignored_fields("v=1&show=loss&show=coeffs&v=1&r0.d=5");
    assert_eq!(e.show, ["loss"]);
    assert_eq!(ignored.len(), 3, "{ignored:?}");
    assert!(ignored[1].starts_with("v: appears twice"), "{ignored:?}");
    assert_eq!(ignored[2], "r0.d: runs are numbered r1 to r8");
}

/// A link whose runs all give their own target never uses the default
/// one, so the shared settings are not checked against it (d=3 would not
/// hold staircase(4)).
#[test]
fn a_default_the_runs_override_is_not_blamed() {
    let e = load("v=1&d=3&steps=10&r1.target=x1&r2.target=x2x3");
    assert_eq!((e.base.d, e.base.steps), (3, 10));
    assert_eq!(e.runs[0].to_query(), "v=1&target=x1&d=3&steps=10");
    assert_eq!(e.runs[1].target, "x2x3");
    assert_eq!(load(&e.to_link()), e);
    // the first run's target does not fit either: the run is blamed
    let (e, ignored) = ignored_fields("v=1&d=3&r1.target=x9");
    assert_eq!(e.base.d, 3);
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    assert!(
        ignored[0].starts_with("r1.target: at character 1: x9 is beyond d = 3"),
        "{ignored:?}"
    );
    // a shared target is the link's own: it is still checked
    let (e, ignored) = ignored_fields("v=1&d=3&target=x9&r1.target=x1");
    assert_eq!(e.base.target, "staircase(4)");
    assert!(
        ignored[0].starts_with("target: at character 1: x9 is beyond d = 3"),
        "{ignored:?}"
    );
}
