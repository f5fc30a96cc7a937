//! What the page asks of the engine on each edit of its experiment, as
//! plain Rust that the JavaScript API only passes on: a run's query from
//! the shared settings and the run's own fields, validated once, and the
//! experiment's link from the queries so made. An edit parses the edited
//! run's target once, however many runs the experiment has.

use super::Experiment;
use crate::config::{Config, ConfigError};

/// The canonical query of the shared settings `base` with the fields of
/// `changes` replacing its own, validated as a whole (its target parsed
/// once). `base` is read field by field ([`Config::read_fields`]): it is a
/// query the page made and validated then; what is checked again is the
/// merged configuration, every error naming its field.
pub fn merge_queries(base: &str, changes: &str) -> Result<String, ConfigError> {
    Ok(Config::read_fields(base)?.with_query(changes)?.to_query())
}

impl Experiment {
    /// The experiment of the page's shared settings `base` and its runs'
    /// whole configurations `runs` (queries [`merge_queries`] made), the
    /// other options at their defaults. Each query is read field by field
    /// ([`Config::read_fields`]): a bad value is refused, naming its field,
    /// but no target is parsed again only to be written into a link.
    pub fn from_queries(base: &str, runs: &[String]) -> Result<Experiment, ConfigError> {
        let base = Config::read_fields(base)?;
        let runs = runs
            .iter()
            .map(|q| Config::read_fields(q))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Experiment {
            base,
            expect: vec![None; runs.len()],
            runs,
            ..Experiment::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::parse_count;

    /// The experiment as the link reader would rebuild it from validated
    /// configurations: what the page's link must be.
    fn validated(base: &str, runs: &[String]) -> Experiment {
        Experiment {
            base: Config::from_query(base).unwrap(),
            runs: runs
                .iter()
                .map(|q| Config::from_query(q).unwrap())
                .collect(),
            expect: vec![None; runs.len()],
            ..Experiment::default()
        }
    }

    #[test]
    fn a_page_edit_parses_the_edited_target_once() {
        let base = merge_queries("v=1", "d=100").unwrap();
        let mut runs: Vec<String> = [
            "target=staircase(4)",
            "target=parity(4)",
            "target=x1x2&seed=1",
        ]
        .iter()
        .map(|own| merge_queries(&base, own).unwrap())
        .collect();
        let before = parse_count();
        // what the page does when run B's card is edited (app.js: runQuery,
        // then updateLink)
        runs[1] = merge_queries(&base, "target=parity(3)&lr=0.05").unwrap();
        let link = Experiment::from_queries(&base, &runs).unwrap().to_link();
        assert_eq!(parse_count() - before, 1, "the edited run's target, once");
        assert_eq!(
            link,
            "v=1&d=100&r1.target=staircase(4)&r2.target=parity(3)&r2.lr=0.05\
             &r3.target=x1x2&r3.seed=1"
        );
        assert_eq!(link, validated(&base, &runs).to_link());
    }

    #[test]
    fn merging_gives_and_refuses_what_validating_both_queries_does() {
        for (base, changes) in [
            ("v=1&d=20&lr=0.2", "lr=0.05&seed=3"),
            ("v=1", "target=x1%20%2B%20x1x2&d=5"),
            ("v=1&domain=gaussian&d=5", "target=he2(x1)"),
            ("v=1&d=100", "width=0"),
            ("v=1&d=5", "target=x9"),
            ("v=1&d=5", "target=he2(x1)"),
            ("v=1&d=5", "target=x1%20%2B%20*%20x2"),
            ("v=1&d=0", "target=x1"),
            ("v=1&d=5", "nonsense=1"),
        ] {
            let before = Config::from_query(base).and_then(|c| c.with_query(changes));
            assert_eq!(
                merge_queries(base, changes),
                before.map(|c| c.to_query()),
                "{base} + {changes}"
            );
        }
        // unlike validating both, a base whose fields are fine but whose
        // whole is not (the default staircase(4) with d = 3) is no error
        // when the merged configuration is valid: the page's bases never
        // are, and it is the merged one that counts
        assert_eq!(
            merge_queries("v=1&d=3", "target=x1").unwrap(),
            "v=1&target=x1&d=3"
        );
    }

    #[test]
    fn a_link_refuses_a_bad_query_naming_the_field() {
        for (base, run, field) in [
            ("v=1", "v=1&d=0", "d"),
            ("v=1", "v=1&width=16&width=32", "width"),
            ("v=1&lr=x", "v=1", "lr"),
            ("v=1", "v=2", "v"),
        ] {
            let e = Experiment::from_queries(base, &[run.to_string()]).unwrap_err();
            assert_eq!(e.field, field, "{base} / {run}: {e}");
        }
    }
}
