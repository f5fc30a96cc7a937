//! A sweep's grid: its points and runs, run `i`'s configuration, the
//! count in words and the axis plots go along.

use super::spec::{Axis, SweepSpec, K_PLACEHOLDER};
use crate::config::{spec as field, Config};

/// One run of a sweep: where it sits in the grid and its configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepRun {
    /// The run's index, `0 .. runs()`.
    pub index: usize,
    /// Which seed of its grid point (`0 .. seeds`).
    pub replicate: u64,
    /// The grid point's index, `0 .. points()`.
    pub point: usize,
    /// Every axis's value at this point, in axis order.
    pub values: Vec<(String, String)>,
    /// The run's configuration (`stop_learned` set, seed derived).
    pub config: Config,
}

impl SweepSpec {
    /// Grid points: the product of the axes' lengths.
    pub fn points(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    /// Runs: points × seeds.
    pub fn runs(&self) -> usize {
        self.points() * self.seeds as usize
    }

    /// The count in words: `3 targets × 4 values of d × 3 seeds = 36 runs`.
    pub fn count_text(&self) -> String {
        let mut parts: Vec<String> = self
            .axes
            .iter()
            .filter(|a| a.values.len() > 1)
            .map(|a| {
                if a.name == "target" {
                    format!("{} targets", a.values.len())
                } else {
                    format!("{} values of {}", a.values.len(), a.name)
                }
            })
            .collect();
        parts.push(format!(
            "{} seed{}",
            self.seeds,
            if self.seeds == 1 { "" } else { "s" }
        ));
        let total = self.axes.iter().fold(self.seeds as u128, |n, a| {
            n.saturating_mul(a.values.len() as u128)
        });
        format!(
            "{} = {total} run{}",
            parts.join(" × "),
            if total == 1 { "" } else { "s" }
        )
    }

    /// The axis that plots go along: `d` if it varies, else the first
    /// numeric axis that varies; `None` when no numeric key varies.
    pub fn x_axis(&self) -> Option<&Axis> {
        let varying = |a: &&Axis| a.values.len() > 1 && a.is_numeric();
        self.axes
            .iter()
            .filter(varying)
            .find(|a| a.name == "d")
            .or_else(|| self.axes.iter().find(varying))
    }

    /// The values of every axis at grid point `point` and the configuration
    /// of its `replicate`-th seed (not validated).
    pub(super) fn point_config(
        &self,
        point: usize,
        replicate: u64,
    ) -> (Vec<(String, String)>, Config) {
        let mut rest = point;
        let mut picks = vec![0; self.axes.len()];
        for (i, axis) in self.axes.iter().enumerate().rev() {
            picks[i] = rest % axis.values.len();
            rest /= axis.values.len();
        }
        let values: Vec<(String, String)> = self
            .axes
            .iter()
            .zip(&picks)
            .map(|(a, &i)| (a.name.clone(), a.values[i].clone()))
            .collect();
        let mut config = self.base.clone();
        let mut k = None;
        for (name, value) in &values {
            if name == "k" {
                k = Some(value.clone());
            } else {
                let spec = field(name).expect("an axis is a field or k");
                config
                    .set_field(spec, value)
                    .expect("axis values were checked when the spec was read");
            }
        }
        if let Some(k) = k {
            config.target = config.target.replace(K_PLACEHOLDER, &k);
        }
        config.seed = self.base.seed + replicate;
        (values, config)
    }

    /// Run `index` (`0 .. runs()`). Runs go seed by seed: the first
    /// `points()` runs are every grid point's first seed, so a partial
    /// sweep covers the whole grid early. Panics if `index` is out of range.
    pub fn run(&self, index: usize) -> SweepRun {
        assert!(
            index < self.runs(),
            "run {index} of a sweep of {}",
            self.runs()
        );
        let points = self.points();
        let (replicate, point) = ((index / points) as u64, index % points);
        let (values, config) = self.point_config(point, replicate);
        SweepRun {
            index,
            replicate,
            point,
            values,
            config,
        }
    }
}
