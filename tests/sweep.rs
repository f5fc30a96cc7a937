//! Sweeps in the library: reading and writing specs, the runs they hold,
//! the power-law fit, the summary's medians and censoring, and the golden
//! sweep's per-run results in one process.

mod sweep_golden;

use leaplab::config::Config;
use leaplab::sweep::{
    execute, fit_power_law, summarize, Header, LastMetrics, Outcome, ResultsFile, RunRecord,
    SweepSpec, MAX_RUNS,
};
use proptest::prelude::*;
use sweep_golden::{golden_line, golden_runs, golden_spec};

fn error(spec: &str) -> (String, String) {
    let e = SweepSpec::from_query(spec).expect_err(spec);
    (e.field, e.message)
}

#[test]
fn lists_and_ranges_expand_and_write_back_canonically() {
    let spec = SweepSpec::from_query(
        "v=1&d=10..80:x2&target=staircase(3)|x1 + x1x2x3&lr=0.1..0.3:0.1&seeds=2",
    )
    .unwrap();
    assert_eq!(
        spec.to_query(),
        "v=1&target=staircase(3)|x1%20%2B%20x1x2x3&d=10|20|40|80&lr=0.1|0.2|0.3&seeds=2"
    );
    assert_eq!(spec.runs(), 2 * 4 * 3 * 2);
    assert_eq!(
        spec.count_text(),
        "2 targets × 4 values of d × 3 values of lr × 2 seeds = 48 runs"
    );
    assert_eq!(SweepSpec::from_query(&spec.to_query()).unwrap(), spec);
    let whole = SweepSpec::from_query("v=1&d=10..80:x1.5&seeds=1").unwrap();
    assert_eq!(
        whole.axis("d").unwrap().values,
        ["10", "15", "23", "34", "51", "76"]
    );
    let small = SweepSpec::from_query("v=1&lr=0.001..1:x10").unwrap();
    assert_eq!(
        small.axis("lr").unwrap().values,
        ["0.001", "0.01", "0.1", "1"]
    );
    let k = SweepSpec::from_query("v=1&target=parity({k})&k=1..3&d=10").unwrap();
    assert_eq!(k.to_query(), "v=1&target=parity({k})&k=1|2|3&d=10");
    assert_eq!(k.run(2).config.target, "parity(3)");
    assert_eq!(
        SweepSpec::from_query("v=1").unwrap().runs(),
        3,
        "one point, three seeds"
    );
}

#[test]
fn runs_go_seed_by_seed_with_derived_seeds_and_stop_when_learned() {
    let spec =
        SweepSpec::from_query("v=1&target=parity(2)|parity(3)&d=10|20|30&seed=7&seeds=2").unwrap();
    assert_eq!((spec.points(), spec.runs()), (6, 12));
    let run = spec.run(7);
    assert_eq!((run.replicate, run.point), (1, 1));
    assert_eq!(
        run.values,
        [
            ("target".to_string(), "parity(2)".to_string()),
            ("d".to_string(), "20".to_string())
        ]
    );
    assert_eq!(run.config.seed, 8);
    assert!(run.config.stop_learned);
    assert_eq!(
        run.config.to_query(),
        "v=1&target=parity(2)&d=20&stop_learned=1&seed=8"
    );
    assert_eq!(
        Config::from_query(&run.config.to_query()).unwrap(),
        run.config
    );
    assert_eq!(spec.run(0).config.seed, 7);
    assert_eq!(spec.run(11).config.target, "parity(3)");
    assert_eq!(spec.x_axis().unwrap().name, "d");
}

#[test]
fn bad_specs_name_the_key() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "v=1&dd=3",
            "dd",
            "is not a sweep key; the keys are v, seeds, k and the fields target, d,",
        ),
        (
            "v=1&d=0|10",
            "d",
            "\"0\" is not allowed; d must be a whole number from 1 to 4096",
        ),
        ("v=1&d=10..5", "d", "the start is larger than the end"),
        ("v=1&lr=0.1..0.5", "lr", "a range of numbers needs a step"),
        ("v=1&d=10..20:x0.5", "d", "needs r > 1"),
        ("v=1&d=1..4096", "d", "has more than 200 values"),
        ("v=1&d=10|10", "d", "\"10\" is listed twice"),
        ("v=1&d=10||20", "d", "an empty value"),
        (
            "v=1&target=parity({k})",
            "target",
            "uses {k} but no k is given",
        ),
        ("v=1&k=1..3", "k", "no target uses {k}"),
        (
            "v=1&target=parity({k})&k=a",
            "k",
            "k must be a whole number",
        ),
        ("v=1&target=parity(5)&d=3|10", "target", "(at d=3)"),
        (
            "v=1&stop_learned=1",
            "stop_learned",
            "cannot be set in a sweep",
        ),
        ("v=1&seeds=0", "seeds", "from 1 to 1000"),
        ("v=1&seed=1|2", "seed", "give seeds=S"),
        (
            "v=1&seed=18446744073709551615&seeds=2",
            "seed",
            "passes the largest seed",
        ),
        (
            "v=1&d=2|3&width=4|5&lr=0.1|0.2&p=0.5|0.6",
            "lr",
            "at most 3 keys at once",
        ),
        ("v=1&d=10&d=20", "d", "appears twice"),
        ("v=2&d=10", "v", "is not known"),
        ("v=1&act=relu|swish", "act", "act must be one of relu, tanh"),
    ];
    for (spec, field, message) in cases {
        let (f, m) = error(spec);
        assert_eq!(&f, field, "{spec}: {m}");
        assert!(m.contains(message), "{spec}: {m}");
    }
    let (field, message) = error("v=1&d=1..200&width=1..200&seeds=3");
    assert_eq!(field, "runs");
    assert_eq!(
        message,
        format!("200 values of d × 200 values of width × 3 seeds = 120000 runs is more than the {MAX_RUNS} runs a sweep may hold; use fewer values or seeds")
    );
}

#[test]
fn fit_recovers_a_known_exponent() {
    let exact: Vec<(f64, f64)> = [10.0, 20.0, 40.0, 80.0, 160.0]
        .iter()
        .map(|&d: &f64| (d, 3.0 * d.powf(2.5)))
        .collect();
    let fit = fit_power_law(&exact).unwrap();
    assert!((fit.slope - 2.5).abs() < 1e-12, "{fit:?}");
    assert!((fit.intercept - 3f64.ln()).abs() < 1e-10);
    assert!(fit.stderr.unwrap() < 1e-12);
    assert_eq!(fit.points, 5);
    // multiplicative noise of ±20 % in a fixed pattern
    let noise = [1.2, 0.85, 1.1, 0.8, 1.15, 0.9, 1.05];
    let noisy: Vec<(f64, f64)> = (0..7)
        .map(|i| {
            let d = 10.0 * 1.5f64.powi(i);
            (d, 7.0 * d.powf(1.7) * noise[i as usize])
        })
        .collect();
    let fit = fit_power_law(&noisy).unwrap();
    let se = fit.stderr.unwrap();
    assert!(se > 0.01 && se < 0.2, "{fit:?}");
    assert!((fit.slope - 1.7).abs() < 2.0 * se, "{fit:?}");
    // two points give a slope without an error; one point or one x, nothing
    let two = fit_power_law(&[(10.0, 100.0), (100.0, 10000.0)]).unwrap();
    assert!((two.slope - 2.0).abs() < 1e-12 && two.stderr.is_none());
    assert!(fit_power_law(&[(10.0, 100.0)]).is_none());
    assert!(fit_power_law(&[(10.0, 100.0), (10.0, 200.0)]).is_none());
}

/// A record of run `index` of `spec` that claims `learned_at` (censored at
/// the budget when `None`), without training.
fn synthetic(spec: &SweepSpec, index: usize, learned_at: Option<u64>) -> RunRecord {
    let run = spec.run(index);
    let steps = learned_at.unwrap_or(spec.budget());
    RunRecord {
        run: index,
        query: run.config.to_query(),
        seed: run.config.seed,
        point: run.values.into_iter().collect(),
        outcome: if learned_at.is_some() {
            Outcome::Learned
        } else {
            Outcome::Censored
        },
        learned_at,
        picked_up_at: vec![learned_at],
        diverged_at: None,
        steps,
        last: LastMetrics {
            step: steps,
            train_loss: Some(0.5),
            test_loss: Some(0.5),
            test_mse: Some(0.5),
            accuracy: None,
            correlation: Some(0.5),
            coeffs: vec![Some(0.5)],
            w1_drift: Some(0.1),
        },
        metrics_hash: format!("{index:016x}"),
        seconds: None,
    }
}

#[test]
fn summary_takes_medians_keeps_censored_runs_and_fits_the_rest() {
    let spec =
        SweepSpec::from_query("v=1&target=parity(3)&d=10|20|40|80&steps=100000&seeds=3").unwrap();
    // steps = 5·d², the seeds at ×0.5, ×1, ×4; at d = 80 two seeds run out
    let mut records = Vec::new();
    for index in 0..spec.runs() {
        let run = spec.run(index);
        let d = run.config.d as u64;
        let factor = [2, 4, 16][run.replicate as usize];
        let steps = 5 * d * d * factor / 4;
        let learned = (d < 80 || run.replicate == 0).then_some(steps);
        records.push(synthetic(&spec, index, learned));
    }
    let summary = summarize(&spec, &records).unwrap();
    assert_eq!(
        (summary.done, summary.runs, summary.budget),
        (12, 12, 100000)
    );
    assert_eq!(summary.x.as_deref(), Some("d"));
    let series = &summary.series[0];
    assert_eq!(series.label, "parity(3)");
    let p10 = &series.points[0];
    assert_eq!(
        (p10.median, p10.low, p10.high),
        (Some(500.0), Some(250.0), Some(2000.0))
    );
    assert_eq!(
        (p10.success, p10.median_censored, p10.high_censored),
        (Some(1.0), false, false)
    );
    let p80 = &series.points[3];
    assert_eq!((p80.median, p80.median_censored), (None, true));
    assert_eq!(
        (p80.learned, p80.censored, p80.success),
        (1, 2, Some(1.0 / 3.0))
    );
    assert_eq!(
        (p80.low, p80.high, p80.high_censored),
        (Some(16000.0), Some(100000.0), true)
    );
    let fit = series.fit.as_ref().unwrap();
    assert!((fit.slope - 2.0).abs() < 1e-12, "{fit:?}");
    assert_eq!((fit.points, fit.censored, fit.diverged), (3, 1, 0));
    let [[x0, y0], [x1, y1]] = fit.line;
    assert!(
        (x0 - 10.0).abs() < 1e-9 && (y0 - 500.0).abs() < 1e-6,
        "{fit:?}"
    );
    assert!(
        (x1 - 40.0).abs() < 1e-9 && (y1 - 8000.0).abs() < 1e-6,
        "{fit:?}"
    );
    let predicted = series.predicted.as_ref().unwrap();
    assert_eq!((predicted.leap, predicted.sgd_exponent), (3, 2.0));
    // a partial sweep: only the first seed of each point
    let partial = summarize(&spec, &records[..4]).unwrap();
    assert_eq!(partial.done, 4);
    assert_eq!(partial.series[0].points[3].median, Some(16000.0));
    let text = summary.to_text();
    assert!(text.contains(">100000 (1/3)"), "{text}");
    assert!(text.contains("2.00 ± 0.00"), "{text}");
    // a record of another sweep is refused
    let other =
        SweepSpec::from_query("v=1&target=parity(2)&d=10|20|40|80&steps=100000&seeds=3").unwrap();
    assert!(summarize(&other, &records)
        .unwrap_err()
        .to_string()
        .contains("is not this sweep's"));
}

#[test]
fn a_median_on_diverged_runs_is_diverged_not_censored() {
    let spec =
        SweepSpec::from_query("v=1&target=parity(3)&d=10|20|40&steps=100000&seeds=3").unwrap();
    // at d = 40 two seeds diverge at step 50, one runs out of budget
    let records: Vec<RunRecord> = (0..spec.runs())
        .map(|index| {
            let run = spec.run(index);
            let d = run.config.d as u64;
            let mut record = synthetic(&spec, index, (d < 40).then_some(5 * d * d));
            if d == 40 && run.replicate > 0 {
                record.outcome = Outcome::Diverged;
                record.diverged_at = Some(50);
                record.steps = 50;
                record.last.step = 50;
            }
            record
        })
        .collect();
    let summary = summarize(&spec, &records).unwrap();
    let series = &summary.series[0];
    let p40 = &series.points[2];
    assert_eq!((p40.censored, p40.diverged), (1, 2));
    assert_eq!(
        (p40.median, p40.median_censored, p40.median_diverged),
        (None, false, true)
    );
    let fit = series.fit.as_ref().unwrap();
    assert_eq!((fit.points, fit.censored, fit.diverged), (2, 0, 1));
    assert!(summary.to_text().contains("diverged (0/3)"));
}

#[test]
fn series_are_the_other_axes_and_the_heatmap_grid_is_complete() {
    let spec = SweepSpec::from_query("v=1&target=parity({k})&k=1|2&d=10|20|30&lr=0.05|0.1&seeds=1")
        .unwrap();
    let records: Vec<RunRecord> = (0..spec.runs())
        .map(|i| synthetic(&spec, i, Some(100)))
        .collect();
    let summary = summarize(&spec, &records).unwrap();
    assert_eq!(summary.x_values, ["10", "20", "30"]);
    let labels: Vec<&str> = summary.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "parity(1), lr=0.05",
            "parity(1), lr=0.1",
            "parity(2), lr=0.05",
            "parity(2), lr=0.1"
        ]
    );
    assert!(summary
        .series
        .iter()
        .all(|s| s.points.len() == 3 && s.points.iter().all(|p| p.done == 1)));
    let no_d = SweepSpec::from_query("v=1&width=16|64&lr=0.05|0.1|0.2&seeds=1").unwrap();
    assert_eq!(no_d.x_axis().unwrap().name, "width");
    let records: Vec<RunRecord> = (0..no_d.runs())
        .map(|i| synthetic(&no_d, i, Some(100)))
        .collect();
    let labels: Vec<String> = summarize(&no_d, &records)
        .unwrap()
        .series
        .into_iter()
        .map(|s| s.label)
        .collect();
    assert_eq!(
        labels,
        ["lr=0.05", "lr=0.1", "lr=0.2"],
        "a fixed target is not repeated"
    );
}

#[test]
fn results_files_read_back_and_a_cut_off_last_line_is_dropped() {
    let spec = SweepSpec::from_query(golden_spec()).unwrap();
    let records: Vec<RunRecord> = (0..2).map(|i| execute(&spec, i)).collect();
    let mut text = format!("{}\n", Header::new(&spec).to_line());
    for r in &records {
        text.push_str(&r.to_line());
        text.push('\n');
    }
    let whole = ResultsFile::parse(&text).unwrap();
    assert_eq!(whole.header.spec, spec.to_query());
    assert_eq!(whole.header.runs, 8);
    assert_eq!(whole.records, records);
    assert!(!whole.truncated);
    let cut = &text[..text.len() - 30];
    let partial = ResultsFile::parse(cut).unwrap();
    assert_eq!((partial.records.len(), partial.truncated), (1, true));
    assert!(ResultsFile::parse(&text[text.find('\n').unwrap() + 1..])
        .unwrap_err()
        .to_string()
        .contains("line 1: a run before the sweep header"));
}

#[test]
fn the_golden_sweep_in_one_process() {
    let spec = SweepSpec::from_query(golden_spec()).unwrap();
    assert_eq!(spec.to_query(), golden_spec());
    let lines: Vec<String> = (0..spec.runs())
        .map(|i| golden_line(&execute(&spec, i)))
        .collect();
    if std::env::var_os("LEAPLAB_PRINT_SWEEP").is_some() {
        println!("spec {}\n{}", spec.to_query(), lines.join("\n"));
    }
    assert_eq!(lines, golden_runs());
    let outcomes: Vec<&str> = lines.iter().map(|l| l.split(' ').nth(1).unwrap()).collect();
    assert!(outcomes.contains(&"learned") && outcomes.contains(&"censored"));
}

#[test]
fn a_diverged_run_is_recorded_and_reads_back_equal() {
    let spec = SweepSpec::from_query("v=1&target=parity(2)&d=8&width=16&lr=500&steps=200&seeds=1")
        .unwrap();
    let record = execute(&spec, 0);
    assert_eq!(record.outcome, Outcome::Diverged);
    assert_eq!(record.learned_at, None);
    assert!(record.diverged_at.is_some());
    assert_eq!(record.last.test_mse, None, "not finite, so null");
    let text = format!("{}\n{}\n", Header::new(&spec).to_line(), record.to_line());
    assert_eq!(ResultsFile::parse(&text).unwrap().records, [record]);
    let summary = summarize(&spec, &[execute(&spec, 0)]).unwrap();
    let point = &summary.series[0].points[0];
    assert_eq!(
        (point.diverged, point.learned, point.success),
        (1, 0, Some(0.0))
    );
    assert!(point.median_diverged && !point.median_censored);
}

/// Specs assembled from keys and values that are valid, invalid or
/// borderline, so that both paths are taken often.
fn spec_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "v",
        "d",
        "target",
        "k",
        "seeds",
        "lr",
        "width",
        "p",
        "steps",
        "seed",
        "act",
        "zz",
        "stop_learned",
        "",
    ]);
    let value = prop::sample::select(vec![
        "1",
        "0",
        "10",
        "3|5",
        "10..40:10",
        "1..3",
        "0.1..0.3:0.1",
        "0.01..1:x10",
        "parity({k})",
        "staircase(2)|x1",
        "relu|tanh",
        "",
        "..",
        "|",
        "1..",
        "x",
        "5..1",
        "1e400",
        "%7C",
        "%ZZ",
        "2..2000",
        "1..200",
        "x1%2Bx2|parity(2)",
        "{k}",
    ]);
    prop::collection::vec((key, value), 0..6).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_spec_is_read_or_refused_by_name_and_its_canonical_form_round_trips(text in spec_text()) {
        match SweepSpec::from_query(&text) {
            Ok(spec) => {
                prop_assert!((1..=MAX_RUNS).contains(&spec.runs()));
                let again = SweepSpec::from_query(&spec.to_query()).unwrap();
                prop_assert_eq!(&again, &spec);
                let last = spec.run(spec.runs() - 1);
                prop_assert!(last.config.stop_learned);
                prop_assert_eq!(Config::from_query(&last.config.to_query()).unwrap(), last.config);
            }
            Err(e) => prop_assert!(!e.field.is_empty() && !e.message.is_empty(), "{e:?}"),
        }
    }

    #[test]
    fn any_text_is_read_or_refused_without_panicking(text in ".{0,300}") {
        if let Ok(spec) = SweepSpec::from_query(&text) {
            prop_assert_eq!(SweepSpec::from_query(&spec.to_query()).unwrap(), spec);
        }
    }
}

/// Each monomial of a three-leap target gets its own pick-up series: its
/// leap, the slope that predicts, and medians that come in the order of
/// the leaps at every d.
#[test]
fn pick_up_series_follow_each_monomial() {
    let spec = SweepSpec::from_query(
        "v=1&target=(x1%2Bx1x2x3%2Bx1x2x3x4x5x6)/sqrt(3)&d=16|32&steps=40000&eval_every=25&seeds=1",
    )
    .unwrap();
    let records: Vec<RunRecord> = (0..spec.runs()).map(|i| execute(&spec, i)).collect();
    let summary = summarize(&spec, &records).unwrap();
    let pickups = &summary.series[0].pickups;
    let names: Vec<&str> = pickups.iter().map(|p| p.monomial.as_str()).collect();
    assert_eq!(names, ["x1", "x1x2x3", "x1x2x3x4x5x6"]);
    let leaps: Vec<Option<usize>> = pickups.iter().map(|p| p.leap).collect();
    assert_eq!(leaps, [Some(1), Some(2), Some(3)]);
    let predicted: Vec<Option<f64>> = pickups.iter().map(|p| p.predicted).collect();
    assert_eq!(predicted, [Some(1.0), Some(1.0), Some(2.0)]);
    for (x, record) in records.iter().enumerate() {
        let medians: Vec<f64> = pickups
            .iter()
            .map(|p| p.points[x].median.unwrap())
            .collect();
        assert!(medians.windows(2).all(|w| w[0] < w[1]), "{medians:?}");
        assert_eq!(
            medians,
            record
                .picked_up_at
                .iter()
                .map(|s| s.unwrap() as f64)
                .collect::<Vec<_>>()
        );
    }
    assert!(summary.to_text().contains("per monomial"));
}
