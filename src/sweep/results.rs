//! A sweep's results as they arrive: each record checked against the spec
//! once, when it is added, and the summary of those so far. What the
//! summary needs that no record changes — the grid grouped into series,
//! their labels, and each series' leap predictions, which analyse its
//! target (work that grows with `d`) — is worked out on the first summary
//! and kept, so a page that redraws the summary as runs finish analyses
//! each target once.

use super::error::SweepError;
use super::pickups::{pickup_monomials, pickup_series, PickupMonomial};
use super::record::RunRecord;
use super::spec::SweepSpec;
use super::stats::{fit_medians, PointStats};
use super::summary::{Prediction, Series, SweepSummary};
use std::cell::OnceCell;

/// A sweep's records so far, each checked against its spec once, and
/// their summary ([`SweepResults::summary`]).
#[derive(Clone, Debug)]
pub struct SweepResults {
    spec: SweepSpec,
    by_run: Vec<Option<RunRecord>>,
    layout: OnceCell<Layout>,
}

/// What the summary of a spec's records needs that the records do not
/// change.
#[derive(Clone, Debug)]
struct Layout {
    /// The x axis's values as text (none without an x axis).
    x_values: Vec<String>,
    /// Per x position, its value as a number where it is one.
    x_numbers: Vec<Option<f64>>,
    series: Vec<SeriesLayout>,
}

/// One series: its name, its runs at each x value and what the leap
/// predicts for it.
#[derive(Clone, Debug)]
struct SeriesLayout {
    label: String,
    target: String,
    /// Per x value, the run indices of its grid point, seed by seed.
    runs_by_x: Vec<Vec<usize>>,
    predicted: Option<Prediction>,
    monomials: Vec<PickupMonomial>,
}

impl SweepResults {
    /// No results yet of the sweep `spec`.
    pub fn new(spec: SweepSpec) -> SweepResults {
        SweepResults {
            by_run: vec![None; spec.runs()],
            spec,
            layout: OnceCell::new(),
        }
    }

    /// Adds `record` once it is checked to be its run of the sweep
    /// ([`RunRecord::check`]); a run added again replaces its record.
    pub fn add(&mut self, record: RunRecord) -> Result<(), SweepError> {
        record.check(&self.spec)?;
        let run = record.run;
        self.by_run[run] = Some(record);
        Ok(())
    }

    /// Adds the record of a `run` line of a results file
    /// ([`RunRecord::from_line`]), as [`SweepResults::add`] adds one.
    pub fn add_line(&mut self, line: &str) -> Result<(), SweepError> {
        self.add(RunRecord::from_line(line)?)
    }

    /// Forgets every record (what the spec alone decides is kept).
    pub fn clear(&mut self) {
        self.by_run.fill(None);
    }

    /// What the records so far say: per series and x value the median,
    /// spread, success rate and censoring, the fit and the leap
    /// prediction, and each monomial's pick-up times.
    pub fn summary(&self) -> SweepSummary {
        let spec = &self.spec;
        let layout = self.layout.get_or_init(|| Layout::new(spec));
        let budget = spec.budget() as f64;
        let series = layout
            .series
            .iter()
            .map(|s| {
                let runs_by_x: Vec<Vec<&RunRecord>> = s
                    .runs_by_x
                    .iter()
                    .map(|runs| {
                        runs.iter()
                            .filter_map(|&i| self.by_run[i].as_ref())
                            .collect()
                    })
                    .collect();
                let points: Vec<PointStats> = runs_by_x
                    .iter()
                    .zip(&layout.x_numbers)
                    .map(|(runs, &x)| PointStats::new(x, runs, budget, |r| r.learned_at))
                    .collect();
                Series {
                    label: s.label.clone(),
                    target: s.target.clone(),
                    fit: fit_medians(&points),
                    points,
                    predicted: s.predicted.clone(),
                    pickups: pickup_series(&s.monomials, &runs_by_x, &layout.x_numbers, budget),
                }
            })
            .collect();
        SweepSummary {
            spec: spec.to_query(),
            runs: spec.runs(),
            done: self.by_run.iter().filter(|r| r.is_some()).count(),
            budget: spec.budget(),
            x: spec.x_axis().map(|x| x.name.clone()),
            x_values: layout.x_values.clone(),
            series,
        }
    }
}

impl Layout {
    /// The series of `spec`, each target analysed once.
    fn new(spec: &SweepSpec) -> Layout {
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
        let x_is_d = x_axis.is_some_and(|x| x.name == "d");
        let points = spec.points();
        // point index = series-major over the other axes, x fastest within
        let series_count = points / x_len;
        let mut runs: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); x_len]; series_count];
        let mut first_run: Vec<Vec<usize>> = vec![vec![0; x_len]; series_count];
        for point in 0..points {
            let (s, xi) = split_point(spec, x_index, point);
            first_run[s][xi] = point;
            runs[s][xi] = (0..spec.seeds() as usize)
                .map(|replicate| replicate * points + point)
                .collect();
        }
        let series = runs
            .into_iter()
            .zip(&first_run)
            .map(|(runs_by_x, firsts)| {
                let sample = spec.run(firsts[0]);
                let largest = spec.run(firsts[x_len - 1]).config;
                let predicted =
                    x_is_d
                        .then(|| largest.analysis().ok())
                        .flatten()
                        .map(|a| Prediction {
                            leap: a.leap,
                            sgd_exponent: a.sgd_exponent,
                            gal_exponent: (a.p == 0.5).then_some(a.gal_exponent),
                        });
                SeriesLayout {
                    label: series_label(spec, x_index, &sample.values, &sample.config.target),
                    target: sample.config.target.clone(),
                    runs_by_x,
                    predicted,
                    monomials: pickup_monomials(&sample.config, x_is_d),
                }
            })
            .collect();
        Layout {
            x_values,
            x_numbers,
            series,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::{execute, summarize, Header, ResultsFile};
    use crate::target::parse_count;

    /// Two targets (one of several monomials, so with pick-up series)
    /// against d, two seeds: 8 short runs.
    const SPEC: &str =
        "v=1&target=staircase(3)|parity(2)&d=6|10&width=16&steps=600&eval_every=25&seeds=2";

    fn run_lines(spec: &SweepSpec) -> Vec<String> {
        (0..spec.runs())
            .map(|i| execute(spec, i).to_line())
            .collect()
    }

    #[test]
    fn lines_added_one_by_one_summarise_as_the_whole_file() {
        let spec = SweepSpec::from_query(SPEC).unwrap();
        let lines = run_lines(&spec);
        let text = format!("{}\n{}\n", Header::new(&spec).to_line(), lines.join("\n"));
        let whole = summarize(&spec, &ResultsFile::parse(&text).unwrap().records).unwrap();
        assert_eq!(whole.done, 8);
        assert!(whole.series.iter().all(|s| s.predicted.is_some()));
        assert_eq!(whole.series[0].pickups.len(), 3);

        let mut results = SweepResults::new(spec.clone());
        // backwards, summarised after each line as the page draws
        for (added, line) in lines.iter().rev().enumerate() {
            results.add_line(line).unwrap();
            let so_far = results.summary();
            assert_eq!(so_far.done, added + 1);
            let records: Vec<RunRecord> = lines[lines.len() - 1 - added..]
                .iter()
                .map(|l| RunRecord::from_line(l).unwrap())
                .collect();
            assert_eq!(so_far, summarize(&spec, &records).unwrap());
        }
        assert_eq!(results.summary(), whole);
        // a run added again counts once
        results.add_line(&lines[3]).unwrap();
        assert_eq!(results.summary(), whole);

        results.clear();
        assert_eq!(results.summary(), summarize(&spec, &[]).unwrap());
    }

    #[test]
    fn lines_are_checked_as_they_are_added() {
        let spec = SweepSpec::from_query(SPEC).unwrap();
        let other = SweepSpec::from_query(&SPEC.replace("d=6|10", "d=6|12")).unwrap();
        let line = execute(&other, 1).to_line();
        let mut results = SweepResults::new(spec.clone());
        let err = results.add_line(&line).unwrap_err();
        assert!(matches!(err, SweepError::Record { run: 1, .. }), "{err}");
        let err = results.add_line("{\"record\":\"run\"").unwrap_err();
        assert!(err.to_string().starts_with("run line: not a sweep record"));
        let err = results.add_line(&Header::new(&spec).to_line()).unwrap_err();
        assert_eq!(err.to_string(), "run line: a sweep header, not a run");
        assert_eq!(results.summary().done, 0);
    }

    #[test]
    fn the_targets_are_analysed_on_the_first_summary_only() {
        let spec = SweepSpec::from_query(SPEC).unwrap();
        let lines = run_lines(&spec);
        let mut results = SweepResults::new(spec);
        let before = parse_count();
        results.add_line(&lines[0]).unwrap();
        assert_eq!(parse_count(), before, "adding a line parses no target");
        let first = results.summary();
        let analysed = parse_count();
        assert!(analysed > before, "the first summary analyses the targets");
        assert_eq!(results.summary(), first);
        for line in &lines[1..] {
            results.add_line(line).unwrap();
            results.summary();
        }
        results.clear();
        results.add_line(&lines[2]).unwrap();
        results.summary();
        assert_eq!(parse_count(), analysed, "later summaries parse nothing");
    }
}
