//! The statistics of a sweep's grid points: medians over the seeds, their
//! spread and success rates, and the power-law fit of the medians.
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

use super::record::{Outcome, RunRecord};

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
            v.sort_unstable_by(f64::total_cmp);
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
