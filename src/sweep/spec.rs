//! The sweep spec: a grid of runs written as one query string, e.g.
//! `v=1&target=staircase(3)|parity(3)&d=10..40:x2&steps=20000&seeds=3`.
//!
//! Every key is either a configuration field ([`FIELDS`]) or one of the
//! sweep's own keys, `k` and `seeds`:
//!
//! - a field with one value sets it for every run, as in a run's query;
//! - a field with several values is an *axis*: `a|b|c` lists them, and for
//!   numeric fields `a..b` (whole numbers, step 1), `a..b:s` (add `s`) or
//!   `a..b:xr` (multiply by `r > 1`) give a range that includes `b` when
//!   the steps land on it (`10..80:x2` is 10, 20, 40, 80; whole-number
//!   fields round each value and drop repeats);
//! - `target` may hold a `|`-separated list and a `{k}` placeholder, and
//!   `k` lists or ranges the whole numbers substituted for it
//!   (`target=parity({k})&k=1..4`);
//! - `seeds=S` (default 3) runs every grid point with seeds `seed`,
//!   `seed + 1`, …, `seed + S − 1`, where `seed` is the field (default 0);
//! - every run stops at its first learned evaluation (`stop_learned=1` is
//!   implied and cannot be set), so `steps` is the step budget.
//!
//! At most [`MAX_AXES`] keys may vary at once and a sweep holds at most
//! [`MAX_RUNS`] runs. A run's configuration is the spec's fields with one
//! value of every axis and its seed: an ordinary [`Config`], whose query
//! string `leaplab run` reproduces bit for bit.

use crate::config::{
    check_version, clipped as short, query_pairs, require_version, spec as field, SeenKeys,
};
use crate::config::{Allowed, Config, ConfigError, FIELDS, QUERY_VERSION};

use super::values::{encode_value, split_values};
pub use super::values::{MAX_RANGE_STEPS, MAX_VALUES};

/// Most runs one sweep may hold.
pub const MAX_RUNS: usize = 20_000;
/// Most keys that may vary at once (target lists and `k` included).
pub const MAX_AXES: usize = 3;
/// Most seeds per grid point.
pub const MAX_SEEDS: u64 = 1000;
/// Seeds per grid point when the spec does not say.
pub const DEFAULT_SEEDS: u64 = 3;
/// Largest value of `k`.
const MAX_K: u64 = 4096;
/// The placeholder in `target` that `k` replaces.
pub const K_PLACEHOLDER: &str = "{k}";

/// One key the sweep varies and its values, as canonical text.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The key: a configuration field's name, or `k`.
    pub name: String,
    /// The values in order, each as the field writes it.
    pub values: Vec<String>,
}

impl Axis {
    /// Whether the axis holds numbers (`k`, or a whole-number or number
    /// field), so that it can be an x axis.
    pub fn is_numeric(&self) -> bool {
        self.name == "k"
            || matches!(
                field(&self.name).map(|f| f.allowed),
                Some(Allowed::Integer { .. } | Allowed::Number { .. })
            )
    }
}

/// A validated sweep: the fields shared by every run, the axes, the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    pub(super) base: Config,
    pub(super) axes: Vec<Axis>,
    pub(super) seeds: u64,
}

/// The sweep keys, for the unknown-key message.
fn key_list() -> String {
    let names: Vec<&str> = FIELDS
        .iter()
        .map(|f| f.name)
        .filter(|n| *n != "stop_learned")
        .collect();
    format!("v, seeds, k and the fields {}", names.join(", "))
}

/// The base configuration of every sweep: the defaults, stopping at the
/// first learned evaluation.
fn sweep_defaults() -> Config {
    Config {
        stop_learned: true,
        ..Config::default()
    }
}

impl SweepSpec {
    /// Reads and validates a spec (a leading `?` is ignored; split and
    /// decoded as a configuration query is, with its length limit): every value
    /// against its field's range, every grid point as a whole run (the
    /// target's variables within `d`, …), the number of axes and of runs.
    /// An error names the key and what is allowed.
    pub fn from_query(query: &str) -> Result<SweepSpec, ConfigError> {
        let mut base = sweep_defaults();
        let mut lists: Vec<Axis> = Vec::new();
        let mut seeds = DEFAULT_SEEDS;
        let pairs = query_pairs(query)?;
        require_version(&pairs)?;
        let mut seen = SeenKeys::new("key");
        for (key, value) in pairs {
            seen.check(&key, &value)?;
            match key.as_str() {
                "v" => check_version(&value)?,
                "seeds" => {
                    seeds = value
                        .parse::<u64>()
                        .ok()
                        .filter(|s| (1..=MAX_SEEDS).contains(s) && value.bytes().all(|b| b.is_ascii_digit()))
                        .ok_or_else(|| {
                            ConfigError::new(
                                "seeds",
                                format!("\"{}\" is not allowed; seeds must be a whole number from 1 to {MAX_SEEDS}", short(&value)),
                            )
                        })?;
                }
                "k" => {
                    let values = split_values("k", &value, true, true)?;
                    for v in &values {
                        let ok = v.bytes().all(|b| b.is_ascii_digit())
                            && v.parse::<u64>().is_ok_and(|k| k <= MAX_K);
                        if !ok {
                            return Err(ConfigError::new(
                                "k",
                                format!("\"{}\" is not allowed; k must be a whole number from 0 to {MAX_K}", short(v)),
                            ));
                        }
                    }
                    lists.push(Axis { name: "k".to_string(), values });
                }
                "stop_learned" => {
                    return Err(ConfigError::new(
                        "stop_learned",
                        "cannot be set in a sweep: every run stops at its first learned evaluation, and steps is the budget",
                    ))
                }
                _ => {
                    let spec = field(&key).ok_or_else(|| {
                        ConfigError::new(&short(&key), format!("is not a sweep key; the keys are {}", key_list()))
                    })?;
                    let numeric = matches!(spec.allowed, Allowed::Integer { .. } | Allowed::Number { .. });
                    let whole = matches!(spec.allowed, Allowed::Integer { .. });
                    let mut values = split_values(spec.name, &value, numeric, whole)?;
                    if spec.name == "seed" && values.len() > 1 {
                        return Err(ConfigError::new(
                            "seed",
                            "takes one value, the first seed; give seeds=S for S seeds per point",
                        ));
                    }
                    for v in &mut values {
                        if spec.name == "target" && v.contains(K_PLACEHOLDER) {
                            continue;
                        }
                        let mut scratch = base.clone();
                        scratch.set_field(spec, v)?;
                        *v = scratch.field_text(spec.name);
                    }
                    if values.len() == 1 && !values[0].contains(K_PLACEHOLDER) {
                        base.set_field(spec, &values[0])?;
                    } else {
                        lists.push(Axis { name: spec.name.to_string(), values });
                    }
                }
            }
        }
        let placeholder = lists
            .iter()
            .find(|a| a.name == "target")
            .is_some_and(|a| a.values.iter().any(|v| v.contains(K_PLACEHOLDER)));
        let has_k = lists.iter().any(|a| a.name == "k");
        if placeholder && !has_k {
            return Err(ConfigError::new(
                "target",
                "uses {k} but no k is given; add e.g. k=1..4",
            ));
        }
        if has_k && !placeholder {
            return Err(ConfigError::new(
                "k",
                "is given but no target uses {k}; write e.g. target=parity({k})",
            ));
        }
        let order = |a: &Axis| match a.name.as_str() {
            "target" => 0,
            "k" => 1,
            name => 2 + FIELDS.iter().position(|f| f.name == name).unwrap_or(0),
        };
        lists.sort_unstable_by_key(order);
        let spec = SweepSpec {
            base,
            axes: lists,
            seeds,
        };
        spec.check_size()?;
        spec.check_points()?;
        Ok(spec)
    }

    /// Refuses more than [`MAX_AXES`] varying keys or [`MAX_RUNS`] runs.
    fn check_size(&self) -> Result<(), ConfigError> {
        let varying: Vec<&str> = self
            .axes
            .iter()
            .filter(|a| a.values.len() > 1)
            .map(|a| a.name.as_str())
            .collect();
        if varying.len() > MAX_AXES {
            return Err(ConfigError::new(
                varying[MAX_AXES],
                format!(
                    "varies as well as {}; a sweep varies at most {MAX_AXES} keys at once",
                    varying[..MAX_AXES].join(", ")
                ),
            ));
        }
        let runs = self
            .axes
            .iter()
            .try_fold(self.seeds as usize, |n, a| n.checked_mul(a.values.len()));
        if runs.is_none_or(|n| n > MAX_RUNS) {
            return Err(ConfigError::new(
                "runs",
                format!(
                    "{} is more than the {MAX_RUNS} runs a sweep may hold; use fewer values or seeds",
                    self.count_text()
                ),
            ));
        }
        if self.base.seed.checked_add(self.seeds - 1).is_none() {
            return Err(ConfigError::new(
                "seed",
                format!(
                    "{} plus {} seeds passes the largest seed {}",
                    self.base.seed,
                    self.seeds,
                    u64::MAX
                ),
            ));
        }
        Ok(())
    }

    /// Validates every grid point's configuration as a run would.
    fn check_points(&self) -> Result<(), ConfigError> {
        for point in 0..self.points() {
            let (values, config) = self.point_config(point, 0);
            config.validate_training().map_err(|e| {
                let at: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
                ConfigError::new(&e.field, format!("{} (at {})", e.message, at.join(", ")))
            })?;
        }
        Ok(())
    }

    /// The canonical spec: `v=1`, then every key that is an axis or differs
    /// from the defaults, in [`FIELDS`] order with `k` after `target`, then
    /// `seeds` if it is not [`DEFAULT_SEEDS`]. Axes are written as `|` lists.
    pub fn to_query(&self) -> String {
        let defaults = sweep_defaults();
        let mut out = format!("v={QUERY_VERSION}");
        let mut write = |name: &str, text: &str| {
            out.push('&');
            out.push_str(name);
            out.push('=');
            out.push_str(&encode_value(text));
        };
        for f in FIELDS {
            if let Some(axis) = self.axis(f.name) {
                write(f.name, &axis.values.join("|"));
            } else if f.name != "stop_learned" {
                let text = self.base.field_text(f.name);
                if text != defaults.field_text(f.name) {
                    write(f.name, &text);
                }
            }
            if f.name == "target" {
                if let Some(k) = self.axis("k") {
                    write("k", &k.values.join("|"));
                }
            }
        }
        if self.seeds != DEFAULT_SEEDS {
            write("seeds", &self.seeds.to_string());
        }
        out
    }

    /// The axis called `name`, if the spec lists values for it.
    pub fn axis(&self, name: &str) -> Option<&Axis> {
        self.axes.iter().find(|a| a.name == name)
    }

    /// The axes, in order: `target`, `k`, then [`FIELDS`] order. A run's
    /// grid point counts through them with the last one fastest.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// Seeds per grid point.
    pub fn seeds(&self) -> u64 {
        self.seeds
    }

    /// The step budget of every run (the `steps` field, when not an axis).
    pub fn budget(&self) -> u64 {
        self.base.steps
    }

    /// The configuration every run starts from (its target may hold `{k}`
    /// when `target` is an axis).
    pub fn base(&self) -> &Config {
        &self.base
    }
}
