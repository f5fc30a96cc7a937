//! Learnability sweeps: grids of runs (targets × d × seeds, …), each
//! stopping when learned or at a step budget, and what they measure — the
//! median steps-to-learn per grid point, success rates, and the fitted
//! power law `steps ∝ d^slope` next to the leap prediction.
//!
//! A sweep is written as a query string ([`SweepSpec`], see [`spec`] for
//! the format) that the page and `leaplab sweep` both read. Run `i` of a
//! spec is always the same [`Config`](crate::config::Config) with the same
//! seed, so it gives the same record in one process, split into shards, or
//! in the browser ([`execute`], or [`RunInProgress`] a slice at a time). Records are JSON lines ([`record`]);
//! [`summarize`] turns any subset of them into medians and fits, and
//! [`SweepResults`] does so for records added one at a time.

mod error;
pub mod file;
pub mod grid;
pub mod pickups;
pub mod presets;
pub mod record;
pub mod results;
pub mod spec;
pub mod stats;
pub mod summary;
mod values;

pub use error::SweepError;
pub use file::{Header, ResultsFile};
pub use grid::SweepRun;
pub use pickups::PickupSeries;
pub use presets::{SweepPreset, SWEEP_PRESETS};
pub use record::{execute, LastMetrics, Outcome, RunInProgress, RunRecord};
pub use results::SweepResults;
pub use spec::{Axis, SweepSpec, MAX_AXES, MAX_RUNS, MAX_SEEDS, MAX_VALUES};
pub use summary::{fit_power_law, summarize, Fit, PointStats, Prediction, Series, SweepSummary};
