//! What a sweep's records say: per grid point the median steps-to-learn
//! over the seeds, its spread and the success rate; per series (a curve:
//! every axis fixed but the x axis) a fitted power law `steps ∝ x^slope`
//! with its standard error, next to the slope the leap predicts.
//!
//! The statistics themselves (medians, censoring, the fit) are in
//! `stats`; the summary is made by `results` ([`SweepResults`]), which
//! keeps what no record changes.

use super::error::SweepError;
use super::pickups::PickupSeries;
use super::record::RunRecord;
use super::results::SweepResults;
use super::spec::SweepSpec;
pub use super::stats::{fit_power_law, Fit, PointStats};

use serde::Serialize;

/// What the leap complexity predicts for a series' target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    /// Leap complexity of the target (at the series' `p`).
    pub leap: usize,
    /// `max(leap − 1, 1)`: the predicted exponent of steps against `d`.
    pub sgd_exponent: f64,
    /// `−ln GAL / ln d` at the largest `d` of the sweep; `None` for biased
    /// inputs, where leaplab gives only the uniform-input alignment.
    pub gal_exponent: Option<f64>,
}

/// One curve: every axis but x fixed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// The curve's name: its target, then any other fixed axis values.
    pub label: String,
    /// The target (with `k` substituted).
    pub target: String,
    /// One entry per x value, in the x axis's order.
    pub points: Vec<PointStats>,
    /// The power-law fit of the uncensored medians against x.
    pub fit: Option<Fit>,
    /// The leap prediction, when x is `d` and the target can be analysed.
    pub predicted: Option<Prediction>,
    /// The same for each monomial's pick-up time, in canonical order.
    pub pickups: Vec<PickupSeries>,
}

/// A sweep's results so far.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepSummary {
    /// The canonical spec.
    pub spec: String,
    /// Runs in the sweep.
    pub runs: usize,
    /// Runs with a record.
    pub done: usize,
    /// The step budget of every run.
    pub budget: u64,
    /// The x axis's key (`d`, …), if any.
    pub x: Option<String>,
    /// The x axis's values as text.
    pub x_values: Vec<String>,
    /// The curves.
    pub series: Vec<Series>,
}

/// Summarises `records` of `spec` (any subset, in any order; a run given
/// twice counts once). Errors when a record's run index is not in the
/// sweep or its query is not that run's.
pub fn summarize(spec: &SweepSpec, records: &[RunRecord]) -> Result<SweepSummary, SweepError> {
    let mut results = SweepResults::new(spec.clone());
    for r in records {
        results.add(r.clone())?;
    }
    Ok(results.summary())
}

impl SweepSummary {
    /// The summary as text for a terminal: the medians table (runs not
    /// learned shown as `>budget`) with success rates, then the fits.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "sweep {}\n{} of {} runs, budget {} steps\n\n",
            self.spec, self.done, self.runs, self.budget
        );
        let x_name = self.x.clone().unwrap_or_default();
        let width = self
            .series
            .iter()
            .map(|s| s.label.chars().count())
            .max()
            .unwrap_or(0)
            .max(6);
        out.push_str("median steps to learn (learned/runs)\n");
        out.push_str(&format!("{:<width$}", "series"));
        for v in &self.x_values {
            out.push_str(&format!(" {:>14}", format!("{x_name}={v}")));
        }
        out.push('\n');
        for s in &self.series {
            out.push_str(&format!("{:<width$}", s.label));
            for p in &s.points {
                let median = match p.median {
                    Some(m) => format!("{m}"),
                    None if p.median_censored => format!(">{}", self.budget),
                    None if p.median_diverged => "diverged".to_string(),
                    None => "-".to_string(),
                };
                out.push_str(&format!(
                    " {:>14}",
                    format!("{median} ({}/{})", p.learned, p.done)
                ));
            }
            out.push('\n');
        }
        if self.x.is_some() {
            out.push_str(&format!(
                "\nslope of ln(median steps) against ln({x_name}), censored and diverged medians left out\n"
            ));
            out.push_str(&format!(
                "{:<width$} {:>18} {:>7} {:>10} {:>5} {:>13}\n",
                "series", "fitted slope", "points", "predicted", "leap", "GAL exponent"
            ));
            for s in &self.series {
                let fit = slope_text(s.fit.as_ref());
                let used = s.fit.as_ref().map_or_else(
                    || format!("{}", s.points.iter().filter(|p| p.median.is_some()).count()),
                    |f| format!("{}", f.points),
                );
                let (predicted, leap, gal) = s.predicted.as_ref().map_or_else(
                    || ("-".to_string(), "-".to_string(), "-".to_string()),
                    |p| {
                        (
                            format!("{}", p.sgd_exponent),
                            format!("{}", p.leap),
                            p.gal_exponent
                                .map_or_else(|| "-".to_string(), |g| format!("{g:.2}")),
                        )
                    },
                );
                out.push_str(&format!(
                    "{:<width$} {fit:>18} {used:>7} {predicted:>10} {leap:>5} {gal:>13}\n",
                    s.label
                ));
            }
            self.pickups_text(&mut out);
        }
        out
    }
}

impl SweepSummary {
    /// For every series whose target has several monomials, the slope of
    /// each monomial's median pick-up time, beside the leap prediction.
    fn pickups_text(&self, out: &mut String) {
        let x_name = self.x.as_deref().unwrap_or("x");
        for s in self.series.iter().filter(|s| s.pickups.len() > 1) {
            out.push_str(&format!(
                "\n{}: slope of ln(median pick-up step) against ln({x_name}), per monomial\n",
                s.label
            ));
            for p in &s.pickups {
                let fit = slope_text(p.fit.as_ref());
                let leap = p.leap.map_or_else(|| "-".to_string(), |l| l.to_string());
                let predicted = p
                    .predicted
                    .map_or_else(|| "-".to_string(), |e| e.to_string());
                out.push_str(&format!(
                    "  {:<24} {fit:>14}  leap {leap:>2}  predicted {predicted}\n",
                    p.monomial
                ));
            }
        }
    }
}

/// A fit's slope for a table, `1.23 ± 0.04` (no error with two points),
/// or `-` without a fit.
fn slope_text(fit: Option<&Fit>) -> String {
    fit.map_or_else(
        || "-".to_string(),
        |f| match f.stderr {
            Some(se) => format!("{:.2} ± {:.2}", f.slope, se),
            None => format!("{:.2}", f.slope),
        },
    )
}
