//! A page's experiment — shared settings, the runs compared, what is
//! shown — and its link form, which extends a configuration's query string:
//!
//! `v=1&d=100&r1.target=staircase(4)&r2.target=parity(4)&r2.lr=0.05&show=loss,coeffs`
//!
//! Unprefixed fields are the shared settings; `rN.field` sets run `N`'s own
//! value (runs numbered from 1, at most [`MAX_RUNS`]); `show` lists the
//! plots, `coeff` the run whose coefficients are drawn, `log=0` turns the
//! loss axis linear, `logsteps=1` makes the step
//! axis logarithmic, `autoplay=1` starts training on load. A link made
//! after its runs finished may say what each gave, `rN.expect=<metrics
//! hash>`, and which engine made it, `made=<version>` (see [`expect`]). A
//! plain configuration query (no `rN.`) is an experiment with that one run.
//!
//! Links come from elsewhere, so reading one is lenient: a bad value keeps
//! the default for its field and is reported, and the rest still loads.

mod expect;
mod link_run;
mod page;

pub use expect::{read_hash, read_version, Expectation, Verdict};
pub use link_run::{run_of_link, LinkRun};
pub use page::merge_queries;

use crate::config::{encode_component, query_pieces, short, Config, ConfigError, SeenKeys};
use crate::presets::Preset;

/// The most runs an experiment compares.
pub const MAX_RUNS: usize = 8;

/// The plots a page can show, by their names in `show=`.
pub const PLOTS: [&str; 2] = ["loss", "coeffs"];

/// An experiment as a page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    /// The shared settings.
    pub base: Config,
    /// Every run's whole configuration.
    pub runs: Vec<Config>,
    /// The plots shown, a subset of [`PLOTS`] in that order.
    pub show: Vec<&'static str>,
    /// The run (0-based) whose coefficients are drawn; `None` lets the page
    /// choose (the first run with several monomials).
    pub coeff_run: Option<usize>,
    /// Whether the loss axis is logarithmic.
    pub log_scale: bool,
    /// Whether the step axis is logarithmic.
    pub log_steps: bool,
    /// Whether training starts as soon as the page loads.
    pub autoplay: bool,
    /// Per run, the metrics hash the link says it gives (`rN.expect`).
    pub expect: Vec<Option<String>>,
    /// The engine version that made the link (`made`), if it says.
    pub made_by: Option<String>,
}

impl Default for Experiment {
    /// One run with the default configuration, every plot, log scale.
    fn default() -> Self {
        Experiment {
            base: Config::default(),
            runs: vec![Config::default()],
            show: PLOTS.to_vec(),
            coeff_run: None,
            log_scale: true,
            log_steps: false,
            autoplay: false,
            expect: vec![None],
            made_by: None,
        }
    }
}

impl Experiment {
    /// The experiment of a preset (whose queries are known to be valid).
    pub fn from_preset(preset: &Preset) -> Experiment {
        let base = Config::from_query(preset.base).expect("a preset's base is valid");
        let runs: Vec<Config> = preset
            .runs
            .iter()
            .map(|r| base.with_query(r).expect("a preset's runs are valid"))
            .collect();
        Experiment {
            base,
            expect: vec![None; runs.len()],
            runs,
            ..Experiment::default()
        }
    }

    /// What the link expects of run `i` (0-based), if anything.
    pub fn expectation(&self, i: usize) -> Option<Expectation> {
        let hash = self.expect.get(i).cloned().flatten()?;
        Some(Expectation {
            hash,
            made_by: self.made_by.clone(),
        })
    }

    /// Reads a link's query leniently: every field, run and option that
    /// reads is kept; each that does not keeps its default and is reported
    /// (its field named `rN.field` for a run's own field).
    pub fn from_link(query: &str) -> (Experiment, Vec<ConfigError>) {
        let mut ignored = Vec::new();
        let mut base_pairs = Vec::new();
        let mut run_pairs: Vec<Vec<(String, String)>> = vec![Vec::new(); MAX_RUNS];
        let mut expect: Vec<Option<String>> = vec![None; MAX_RUNS];
        let mut experiment = Experiment::default();
        // each key's first value, by its canonical name (`r1.d`), so that a
        // repeated key is reported, not silently last-wins
        let mut seen = SeenKeys::new("field");
        for piece in query_pieces(query) {
            let (key, value) = match piece {
                Ok(pair) => pair,
                Err(e) => {
                    ignored.push(e);
                    continue;
                }
            };
            let run = run_key(&key);
            if let Some((Err(why), _)) = run {
                ignored.push(ConfigError::new(&short(&key), why));
                continue;
            }
            let name = match run {
                Some((Ok(n), field)) => format!("r{}.{field}", n + 1),
                _ => key.clone(),
            };
            if let Err(mut twice) = seen.check(&name, &value) {
                twice
                    .message
                    .push_str(" (a link keeps the first and ignores the other)");
                ignored.push(twice);
                continue;
            }
            if let Some((Ok(n), "expect")) = run {
                match read_hash(&value) {
                    Ok(hash) => expect[n] = Some(hash),
                    Err(message) => ignored.push(ConfigError::new(&name, message)),
                }
                continue;
            }
            if let Some((Ok(n), field)) = run {
                run_pairs[n].push((field.to_string(), value));
                continue;
            }
            let option = match key.as_str() {
                "show" => read_show(&value).map(|s| experiment.show = s),
                "coeff" => read_run_number(&value).map(|n| experiment.coeff_run = Some(n)),
                "log" => read_flag(&value).map(|f| experiment.log_scale = f),
                "logsteps" => read_flag(&value).map(|f| experiment.log_steps = f),
                "autoplay" => read_flag(&value).map(|f| experiment.autoplay = f),
                "made" => read_version(&value).map(|v| experiment.made_by = Some(v)),
                _ => {
                    base_pairs.push((key, value));
                    continue;
                }
            };
            if let Err(message) = option {
                ignored.push(ConfigError::new(&key, message));
            }
        }
        let (base, base_ignored) = read_base(&base_pairs, &run_pairs);
        ignored.extend(base_ignored);
        let mut runs = Vec::new();
        experiment.expect.clear();
        for (n, hash) in expect.iter().enumerate() {
            if hash.is_some() && run_pairs[n].is_empty() {
                ignored.push(ConfigError::new(
                    &format!("r{}.expect", n + 1),
                    format!("the link has no run r{}", n + 1),
                ));
            }
        }
        for (n, pairs) in run_pairs.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            experiment.expect.push(expect[n].take());
            let (run, run_ignored) = base.with_pairs_lenient(pairs);
            ignored.extend(run_ignored.into_iter().map(|e| ConfigError {
                field: format!("r{}.{}", n + 1, e.field),
                message: e.message,
            }));
            runs.push(run);
        }
        if runs.is_empty() {
            runs.push(base.clone());
            experiment.expect.push(None);
        }
        if experiment.coeff_run.is_some_and(|n| n >= runs.len()) {
            ignored.push(ConfigError::new(
                "coeff",
                format!("there are only {} runs", runs.len()),
            ));
            experiment.coeff_run = None;
        }
        experiment.base = base;
        experiment.runs = runs;
        (experiment, ignored)
    }

    /// The canonical link query: the shared settings as [`Config::to_query`]
    /// writes them, each run's target and the fields where it differs from
    /// the shared settings, then the options that differ from the defaults.
    pub fn to_link(&self) -> String {
        let mut out = self.base.to_query();
        for (n, run) in self.runs.iter().enumerate() {
            let target = encode_component(&run.target);
            out.push_str(&format!("&r{}.target={target}", n + 1));
            for pair in run
                .differences(&self.base, &["target"])
                .split('&')
                .filter(|p| !p.is_empty())
            {
                out.push_str(&format!("&r{}.{pair}", n + 1));
            }
            if let Some(hash) = self.expect.get(n).cloned().flatten() {
                out.push_str(&format!("&r{}.expect={hash}", n + 1));
            }
        }
        if self.show != PLOTS {
            out.push_str(&format!("&show={}", self.show.join(",")));
        }
        if let Some(n) = self.coeff_run {
            out.push_str(&format!("&coeff={}", n + 1));
        }
        if !self.log_scale {
            out.push_str("&log=0");
        }
        if self.log_steps {
            out.push_str("&logsteps=1");
        }
        if self.autoplay {
            out.push_str("&autoplay=1");
        }
        if let Some(version) = &self.made_by {
            out.push_str(&format!("&made={}", encode_component(version)));
        }
        out
    }
}

/// The shared settings of a link, read leniently from `pairs`. When the
/// link gives no shared target and every run gives its own, the default
/// target is never used: if it does not fit the shared settings (say
/// `d=3` and `staircase(4)`), the shared target becomes the first run's,
/// or `x1`, rather than blaming a target the link never mentions.
fn read_base(
    pairs: &[(String, String)],
    run_pairs: &[Vec<(String, String)>],
) -> (Config, Vec<ConfigError>) {
    let read = Config::default().with_pairs_lenient(pairs);
    let runs: Vec<&Vec<(String, String)>> = run_pairs.iter().filter(|p| !p.is_empty()).collect();
    let own_target = |p: &[(String, String)]| {
        p.iter()
            .find(|(k, _)| k == "target")
            .map(|(_, v)| v.clone())
    };
    let unused = own_target(pairs).is_none()
        && !runs.is_empty()
        && runs.iter().all(|p| own_target(p).is_some());
    if !unused || !read.1.iter().any(|e| e.field == "target") {
        return read;
    }
    let first = own_target(runs[0]).expect("every run has a target");
    for candidate in [first, "x1".to_string()] {
        let start = Config {
            target: candidate,
            ..Config::default()
        };
        let (base, ignored) = start.with_pairs_lenient(pairs);
        if base.validate().is_ok() && ignored.iter().all(|e| e.field != "target") {
            return (base, ignored);
        }
    }
    read
}

/// `rN.field` → `Some((Ok(N − 1), field))`; a run number out of range or
/// written with a leading zero (`r01`) → `Some((Err(why), field))`; any
/// other key → `None`.
pub(super) fn run_key(key: &str) -> Option<(Result<usize, String>, &str)> {
    let rest = key.strip_prefix('r')?;
    let (number, field) = rest.split_once('.')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: usize = number.parse().unwrap_or(0);
    let run = if number.starts_with('0') && n != 0 {
        Err(format!(
            "runs are written r1 to r{MAX_RUNS}, without leading zeros"
        ))
    } else if (1..=MAX_RUNS).contains(&n) {
        Ok(n - 1)
    } else {
        Err(format!("runs are numbered r1 to r{MAX_RUNS}"))
    };
    Some((run, field))
}

fn read_flag(value: &str) -> Result<bool, String> {
    match value {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(format!(
            "\"{}\" is not allowed; it must be 0 or 1",
            short(value)
        )),
    }
}

fn read_run_number(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if (1..=MAX_RUNS).contains(&n) && value.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(n - 1)
        }
        _ => Err(format!(
            "\"{}\" is not allowed; it must be a run number from 1 to {MAX_RUNS}",
            short(value)
        )),
    }
}

/// The plots named in a `show` value (`loss,coeffs`), in [`PLOTS`] order,
/// or what is wrong with it.
pub fn read_show(value: &str) -> Result<Vec<&'static str>, String> {
    let mut show = Vec::new();
    for name in value.split(',').filter(|n| !n.is_empty()) {
        match PLOTS.iter().find(|p| **p == name) {
            Some(p) if !show.contains(p) => show.push(*p),
            Some(_) => {}
            None => {
                return Err(format!(
                    "\"{}\" is not a plot; the plots are {}",
                    short(name),
                    PLOTS.join(", ")
                ))
            }
        }
    }
    show.sort_unstable_by_key(|p| PLOTS.iter().position(|q| q == p));
    Ok(show)
}
