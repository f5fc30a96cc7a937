//! Each monomial's pick-up time across a sweep: the step at which a run's
//! coefficient on the monomial first reached half of the target's
//! (`RunRecord::picked_up_at`), summarised per grid point and fitted
//! against x like steps-to-learn, beside what the leap at that monomial's
//! step predicts.

use super::record::RunRecord;
use super::stats::{fit_medians, Fit, PointStats};
use crate::config::{Config, Setup};
use serde::Serialize;

/// One monomial of a series' target, followed along x.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PickupSeries {
    /// The monomial as target text (`x1x2x3`).
    pub monomial: String,
    /// Per x value, the statistics of the step at which the runs picked
    /// it up (a run that did not counts as `+∞`).
    pub points: Vec<PointStats>,
    /// The power-law fit of the medians against x.
    pub fit: Option<Fit>,
    /// The monomial's leap: the coordinates (Hermite degree off the
    /// cube) it brings that the monomials before it in the leap order do
    /// not cover; `None` when it is not a step of that order (biased
    /// inputs expand the target into other monomials).
    pub leap: Option<usize>,
    /// The exponent the theory predicts for its pick-up time against `d`:
    /// the largest `max(leap − 1, 1)` over the steps up to and including
    /// this one, since each plateau must be crossed in turn (`None` unless
    /// x is `d` and the leap is known).
    pub predicted: Option<f64>,
}

/// For every step of a leap order (1-based index arrays, Hermite degree
/// as repeats), the entries it brings on coordinates not covered before.
fn step_leaps(order: &[Vec<u32>]) -> Vec<usize> {
    let mut covered: Vec<u32> = Vec::new();
    order
        .iter()
        .map(|set| {
            let new = set.iter().filter(|i| !covered.contains(i)).count();
            covered.extend(set);
            new
        })
        .collect()
}

/// A monomial of a series' target and what the leap says of it: the
/// parts of its [`PickupSeries`] that no run changes, worked out once.
#[derive(Clone, Debug)]
pub(crate) struct PickupMonomial {
    monomial: String,
    leap: Option<usize>,
    predicted: Option<f64>,
}

/// The monomials of `config`'s target, in canonical order, with their
/// leaps (none when the target cannot be analysed). `predict`: whether x
/// is `d`, so that the leap predicts a slope.
pub(crate) fn pickup_monomials(config: &Config, predict: bool) -> Vec<PickupMonomial> {
    // one parse of the target for both its analysis and its monomials
    let Ok(setup) = Setup::new(config.clone()) else {
        return Vec::new();
    };
    let Ok(analysis) = setup.analysis() else {
        return Vec::new();
    };
    let leaps = step_leaps(&analysis.leap_order);
    let mut hardest = 1usize;
    let predicted_by_step: Vec<f64> = leaps
        .iter()
        .map(|&l| {
            hardest = hardest.max(l.saturating_sub(1));
            hardest as f64
        })
        .collect();
    let names: Vec<String> = setup.target().monomials().map(|m| m.to_string()).collect();
    names
        .into_iter()
        .zip(&analysis.monomials)
        .map(|(monomial, indices)| {
            let step = analysis.leap_order.iter().position(|s| s == indices);
            PickupMonomial {
                monomial,
                leap: step.map(|i| leaps[i]),
                predicted: step.filter(|_| predict).map(|i| predicted_by_step[i]),
            }
        })
        .collect()
}

/// The pick-up series of every one of `monomials` (a series' target's,
/// [`pickup_monomials`]), from the runs of that series (`runs_by_x[i]`:
/// the runs at the i-th x value).
pub(crate) fn pickup_series(
    monomials: &[PickupMonomial],
    runs_by_x: &[Vec<&RunRecord>],
    x_numbers: &[Option<f64>],
    budget: f64,
) -> Vec<PickupSeries> {
    monomials
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let points: Vec<PointStats> = runs_by_x
                .iter()
                .zip(x_numbers)
                .map(|(runs, &x)| {
                    PointStats::new(x, runs, budget, |r| {
                        r.picked_up_at.get(k).copied().flatten()
                    })
                })
                .collect();
            PickupSeries {
                monomial: m.monomial.clone(),
                fit: fit_medians(&points),
                points,
                leap: m.leap,
                predicted: m.predicted,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaps_count_what_each_step_adds() {
        let order = vec![vec![1], vec![1, 2, 3], vec![1, 2, 3, 4, 5, 6]];
        assert_eq!(step_leaps(&order), [1, 2, 3]);
        assert_eq!(step_leaps(&[vec![1, 1, 1], vec![1, 2]]), [3, 1]);
    }
}
