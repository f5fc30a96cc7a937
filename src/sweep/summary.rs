//! What a sweep's records say: per grid point the median steps-to-learn
//! over the seeds, its spread and the success rate; per series (a curve:
//! every axis fixed but the x axis) a fitted power law `steps ∝ x^slope`
//! with its standard error, next to the slope the leap predicts.
//!
//! **Censoring.** A run that takes its whole budget without being learned
//! (or diverges) has steps-to-learn *above the budget*: it is kept, as
//! `+∞`, when medians are taken, so a point whose median falls on such a
//! run has a *censored* median (known only to exceed the budget) and is
//! drawn at the budget as a lower bound. The fit uses only the points with
//! an uncensored median; censored points are left out, not clipped to the
//! budget, and counted in [`Fit::censored`]. When they sit at the large-x
//! end, as they do for hard targets, the fitted slope underestimates the
//! true one.

use super::pickups::{pickup_series, PickupSeries};
use super::record::{Outcome, RunRecord};
use super::spec::SweepSpec;

use serde::Serialize;

/// A least-squares fit of `ln y = intercept + slope · ln x`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// The fitted exponent.
    pub slope: f64,
    /// The standard error of the slope (`None` with only two points).
    pub stderr: Option<f64>,
    /// The fitted `ln y` at `ln x = 0`.
    pub intercept: f64,
    /// Points used.
    pub points: usize,
    /// Points left out because their median is censored.
    pub censored: usize,
    /// Points left out because their median falls on diverged runs.
    pub diverged: usize,
    /// The fitted line's ends, `[x, y]` at the smallest and the largest x
    /// used: what a plot draws (`y = e^intercept · x^slope`).
    pub line: [[f64; 2]; 2],
}

/// Least squares of `ln y` on `ln x` over `(x, y)` with both positive:
/// `None` with fewer than two distinct `x`. The standard error is the
/// ordinary one, `√(Σ r² / (n − 2) / Σ (ln x − mean)²)`, for `n ≥ 3`.
pub fn fit_power_law(points: &[(f64, f64)]) -> Option<Fit> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .map(|&(x, y)| (libm::log(x), libm::log(y)))
        .collect();
    if logs.len() < 2 {
        return None;
    }
    let n = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let (low, high) = logs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let end = |ln_x: f64| [libm::exp(ln_x), libm::exp(intercept + slope * ln_x)];
    let stderr = (logs.len() > 2).then(|| {
        let ssr: f64 = logs
            .iter()
            .map(|p| (p.1 - intercept - slope * p.0).powi(2))
            .sum();
        (ssr / (n - 2.0) / sxx).sqrt()
    });
    Some(Fit {
        slope,
        stderr,
        intercept,
        points: logs.len(),
        censored: 0,
        diverged: 0,
        line: [end(low), end(high)],
    })
}

/// One grid point's runs, summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointStats {
    /// The x value (`None` when the sweep has no numeric x axis).
    pub x: Option<f64>,
    /// Runs of this point finished so far.
    pub done: usize,
    /// Of those, learned within the budget.
    pub learned: usize,
    /// Not learned within the budget.
    pub censored: usize,
    /// Diverged before being learned.
    pub diverged: usize,
    /// `learned / done` (`None` before any run finished).
    pub success: Option<f64>,
    /// The median steps-to-learn over the finished runs, a run not learned
    /// counting as `+∞` (censored runs before diverged ones); `None` when
    /// that median is censored, diverged, or no run finished.
    pub median: Option<f64>,
    /// Whether the median falls on a run that used up its budget (so it is
    /// known only to be more than the budget).
    pub median_censored: bool,
    /// Whether the median falls on a run that diverged (never learned).
    pub median_diverged: bool,
    /// The fewest steps-to-learn over the seeds (the budget if none learned).
    pub low: Option<f64>,
    /// The most steps-to-learn over the seeds, a run not learned counting
    /// as the budget.
    pub high: Option<f64>,
    /// Whether `high` is a run not learned (so only a lower bound).
    pub high_censored: bool,
}

impl PointStats {
    /// The statistics of the step each run reached a milestone, `time(r)`
    /// (`learned_at`, or a monomial's pick-up); a run without it counts as
    /// `+∞`, diverged if the run diverged, else censored.
    pub(crate) fn new(
        x: Option<f64>,
        runs: &[&RunRecord],
        budget: f64,
        time: impl Fn(&RunRecord) -> Option<u64>,
    ) -> PointStats {
        let learned: Vec<f64> = {
            let mut v: Vec<f64> = runs
                .iter()
                .filter_map(|r| time(r).map(|s| s as f64))
                .collect();
            v.sort_by(f64::total_cmp);
            v
        };
        let done = runs.len();
        let failed = done - learned.len();
        let at = |i: usize| learned.get(i).copied();
        // sorted steps with the failures (+∞) last: the median is the
        // middle one, or the mean of the middle two
        let median = match done {
            0 => None,
            n if n % 2 == 1 => at(n / 2),
            n => at(n / 2 - 1).zip(at(n / 2)).map(|(a, b)| (a + b) / 2.0),
        };
        let diverged = runs
            .iter()
            .filter(|r| time(r).is_none() && r.outcome == Outcome::Diverged)
            .count();
        let censored = failed - diverged;
        // the run the median's upper middle falls on, among the failures:
        // censored ones first, then the diverged
        let median_on_censored =
            done > 0 && median.is_none() && done / 2 < learned.len() + censored;
        PointStats {
            x,
            done,
            learned: learned.len(),
            censored,
            diverged,
            success: (done > 0).then(|| learned.len() as f64 / done as f64),
            median,
            median_censored: median_on_censored,
            median_diverged: done > 0 && median.is_none() && !median_on_censored,
            low: (done > 0).then(|| learned.first().copied().unwrap_or(budget)),
            high: (done > 0).then(|| {
                if failed > 0 {
                    budget
                } else {
                    learned[learned.len() - 1]
                }
            }),
            high_censored: failed > 0,
        }
    }
}

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

/// The power-law fit of the medians of `stats` that are neither censored
/// nor diverged, counting those left out.
pub(crate) fn fit_medians(stats: &[PointStats]) -> Option<Fit> {
    let usable: Vec<(f64, f64)> = stats.iter().filter_map(|p| p.x.zip(p.median)).collect();
    fit_power_law(&usable).map(|f| Fit {
        censored: stats.iter().filter(|p| p.median_censored).count(),
        diverged: stats.iter().filter(|p| p.median_diverged).count(),
        ..f
    })
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
pub fn summarize(spec: &SweepSpec, records: &[RunRecord]) -> Result<SweepSummary, String> {
    let mut by_run: Vec<Option<&RunRecord>> = vec![None; spec.runs()];
    for r in records {
        r.check(spec)?;
        by_run[r.run] = Some(r);
    }
    let x_axis = spec.x_axis();
    let x_index = x_axis.map(|x| {
        spec.axes()
            .iter()
            .position(|a| a == x)
            .expect("x is an axis")
    });
    let x_len = x_axis.map_or(1, |x| x.values.len());
    let x_values: Vec<String> = x_axis.map_or_else(Vec::new, |x| x.values.clone());
    let x_numbers: Vec<Option<f64>> = (0..x_len)
        .map(|i| x_values.get(i).and_then(|v| v.parse().ok()))
        .collect();
    let budget = spec.budget() as f64;
    let points = spec.points();
    // point index = series-major over the other axes, x fastest within
    let series_count = points / x_len;
    let mut grouped: Vec<Vec<Vec<&RunRecord>>> = vec![vec![Vec::new(); x_len]; series_count];
    let mut first_run: Vec<Vec<usize>> = vec![vec![0; x_len]; series_count];
    for point in 0..points {
        let (s, xi) = split_point(spec, x_index, point);
        first_run[s][xi] = point;
        for replicate in 0..spec.seeds() as usize {
            if let Some(r) = by_run[replicate * points + point] {
                grouped[s][xi].push(r);
            }
        }
    }
    let series = grouped
        .iter()
        .zip(&first_run)
        .map(|(runs_by_x, firsts)| {
            let stats: Vec<PointStats> = runs_by_x
                .iter()
                .zip(&x_numbers)
                .map(|(runs, &x)| PointStats::new(x, runs, budget, |r| r.learned_at))
                .collect();
            let sample = spec.run(firsts[0]);
            let label = series_label(spec, x_index, &sample.values, &sample.config.target);
            let fit = fit_medians(&stats);
            let largest = spec.run(firsts[x_len - 1]).config;
            let x_is_d = x_axis.is_some_and(|x| x.name == "d");
            let predicted = x_is_d
                .then(|| largest.analysis().ok())
                .flatten()
                .map(|a| Prediction {
                    leap: a.leap,
                    sgd_exponent: a.sgd_exponent,
                    gal_exponent: (a.p == 0.5).then_some(a.gal_exponent),
                });
            Series {
                label,
                target: sample.config.target.clone(),
                points: stats,
                fit,
                predicted,
                pickups: pickup_series(&sample.config, runs_by_x, &x_numbers, budget, x_is_d),
            }
        })
        .collect();
    Ok(SweepSummary {
        spec: spec.to_query(),
        runs: spec.runs(),
        done: by_run.iter().filter(|r| r.is_some()).count(),
        budget: spec.budget(),
        x: x_axis.map(|x| x.name.clone()),
        x_values,
        series,
    })
}

/// Splits a grid point's index into its series and its x position.
fn split_point(spec: &SweepSpec, x_index: Option<usize>, point: usize) -> (usize, usize) {
    let mut rest = point;
    let (mut series, mut stride, mut x) = (0, 1, 0);
    for (i, axis) in spec.axes().iter().enumerate().rev() {
        let pick = rest % axis.values.len();
        rest /= axis.values.len();
        if Some(i) == x_index {
            x = pick;
        } else {
            series += pick * stride;
            stride *= axis.values.len();
        }
    }
    (series, x)
}

/// A series' name: its target when the target varies (or nothing else
/// does), then the values of the other varying axes but x.
fn series_label(
    spec: &SweepSpec,
    x_index: Option<usize>,
    values: &[(String, String)],
    target: &str,
) -> String {
    let mut parts = Vec::new();
    let mut target_varies = false;
    for (i, (name, value)) in values.iter().enumerate() {
        if Some(i) == x_index || spec.axes()[i].values.len() < 2 {
            continue;
        }
        if name == "target" || name == "k" {
            target_varies = true;
        } else {
            parts.push(format!("{name}={value}"));
        }
    }
    if target_varies || parts.is_empty() {
        parts.insert(0, target.to_string());
    }
    parts.join(", ")
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
                let fit = s.fit.as_ref().map_or_else(
                    || "-".to_string(),
                    |f| match f.stderr {
                        Some(se) => format!("{:.2} ± {:.2}", f.slope, se),
                        None => format!("{:.2}", f.slope),
                    },
                );
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
                let fit = p.fit.as_ref().map_or_else(
                    || "-".to_string(),
                    |f| match f.stderr {
                        Some(se) => format!("{:.2} ± {:.2}", f.slope, se),
                        None => format!("{:.2}", f.slope),
                    },
                );
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
