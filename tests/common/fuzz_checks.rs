//! The properties the fuzz targets check, shared with the regression test
//! that replays every input the fuzzers ever found (`tests/fuzz_corpus/`).

use leaplab::config::Config;
use leaplab::data::Domain;
use leaplab::experiment::Experiment;
use leaplab::target::{parse_target_on, MAX_INPUT_CHARS};

/// On the hypercube and on the Gaussian (where products follow the Hermite
/// rules), a target text parses to a polynomial whose printed form parses
/// back to it (when that form is within the parser's input limit), or to
/// an error with a message.
pub fn check_target_text(text: &str) {
    for domain in [Domain::Cube, Domain::Gaussian] {
        match parse_target_on(text, 64, domain) {
            Ok(poly) => {
                let printed = poly.to_string();
                if printed.chars().count() <= MAX_INPUT_CHARS {
                    let again =
                        parse_target_on(&printed, 64, domain).expect("printed targets parse");
                    assert_eq!(again, poly);
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}

/// A query gives a configuration that round-trips through its canonical
/// query, or an error naming a field.
pub fn check_config_query(text: &str) {
    match Config::from_query(text) {
        Ok(config) => assert_eq!(Config::from_query(&config.to_query()).as_ref(), Ok(&config)),
        Err(e) => assert!(!e.field.is_empty() && !e.message.is_empty()),
    }
}

/// Any link reads to an experiment whose canonical link reads back to it
/// with nothing ignored.
pub fn check_experiment_link(text: &str) {
    let (experiment, _) = Experiment::from_link(text);
    let (again, ignored) = Experiment::from_link(&experiment.to_link());
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(again, experiment);
}

/// A sweep spec is read, and its canonical form reads back to it, or it is
/// refused with an error naming a key.
pub fn check_sweep_spec(text: &str) {
    match leaplab::sweep::SweepSpec::from_query(text) {
        Ok(spec) => assert_eq!(
            leaplab::sweep::SweepSpec::from_query(&spec.to_query()).as_ref(),
            Ok(&spec)
        ),
        Err(e) => assert!(!e.field.is_empty() && !e.message.is_empty()),
    }
}
