//! One run of a link, read strictly: what `leaplab run LINK --run N` runs,
//! with what the link expects of it.

use super::{run_key, Expectation, Experiment};
use crate::config::{query_pairs, require_version, Config, ConfigError, Setup};

/// A run of a link, validated, and what the link expects it to give.
#[derive(Debug)]
pub struct LinkRun {
    /// The run's validated configuration.
    pub setup: Setup,
    /// The metrics hash the link says the run gives (`rN.expect`), with
    /// the version that made the link; `None` if the link says nothing.
    pub expectation: Option<Expectation>,
}

/// Run `run` (1-based) of `link`, read strictly. `run` is the link's own
/// run number: `--run 3` is `r3`, whichever runs the link has. `link` may
/// be a whole URL (the part after `?` is read, a `#…` fragment dropped)
/// or a bare configuration query; any field that does not read is an
/// error, as it is for a query, and so is a missing `v=1`.
pub fn run_of_link(link: &str, run: usize) -> Result<LinkRun, ConfigError> {
    let query = link.split('#').next().unwrap_or("");
    let query = query.split_once('?').map_or(query, |(_, q)| q);
    let pairs = query_pairs(query)?;
    require_version(&pairs)?;
    if !pairs.iter().any(|(k, _)| run_key(k).is_some()) {
        if run != 1 {
            return Err(ConfigError::new(
                "run",
                format!("{run} is not allowed: a configuration query has one run"),
            ));
        }
        return Ok(LinkRun {
            setup: Setup::from_pairs(&Config::default(), &pairs)?,
            expectation: None,
        });
    }
    let (experiment, ignored) = Experiment::from_link(query);
    if let Some(first) = ignored.into_iter().next() {
        return Err(first);
    }
    // the link's run numbers, in order: experiment.runs holds them so
    // (a number with only an expectation has been refused above)
    let mut numbers: Vec<usize> = pairs
        .iter()
        .filter_map(|(k, _)| match run_key(k) {
            Some((Ok(n), _)) => Some(n + 1),
            _ => None,
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    match numbers.iter().position(|&n| n == run) {
        Some(i) => Ok(LinkRun {
            setup: Setup::new(experiment.runs[i].clone())?,
            expectation: experiment.expectation(i),
        }),
        None => {
            let names: Vec<String> = numbers.iter().map(|n| format!("r{n}")).collect();
            let flags: Vec<String> = numbers.iter().map(|n| n.to_string()).collect();
            Err(ConfigError::new(
                "run",
                format!(
                    "{run} is not a run of this link: its runs are {} (--run {})",
                    names.join(", "),
                    flags.join(", ")
                ),
            ))
        }
    }
}
