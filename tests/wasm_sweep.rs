//! Sweeps under wasm (run by wasm-bindgen-test in Node): the golden sweep
//! gives the native per-run results (`tests/golden/sweep_runs.txt`), both
//! from the library and through the exported `SweepTask`'s line (advanced
//! in uneven slices, as the page's workers do), and the exported plan and
//! summarizer work.
#![cfg(target_arch = "wasm32")]

mod sweep_golden;

use js_sys::Reflect;
use leaplab::sweep::{execute, ResultsFile, SweepSpec};
use leaplab::wasm::{sweep_header, sweep_plan, SweepSummarizer, SweepTask};
use sweep_golden::{golden_line, golden_runs, golden_spec};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn golden_sweep_gives_the_native_runs() {
    let spec = SweepSpec::from_query(golden_spec()).unwrap();
    let lines: Vec<String> = (0..spec.runs())
        .map(|i| golden_line(&execute(&spec, i)))
        .collect();
    assert_eq!(lines, golden_runs());
}

#[wasm_bindgen_test]
fn exported_run_lines_parse_to_the_golden_runs_and_summarise() {
    let header = sweep_header(golden_spec()).unwrap();
    let runs: Vec<String> = (0..8)
        .map(|i| {
            let mut task = SweepTask::new(golden_spec(), i).unwrap();
            let mut slices = 0;
            while !task.advance(7 + 13 * slices) {
                slices += 1;
            }
            task.line()
        })
        .collect();
    let file = ResultsFile::parse(&format!("{header}\n{}\n", runs.join("\n"))).unwrap();
    let lines: Vec<String> = file.records.iter().map(golden_line).collect();
    assert_eq!(lines, golden_runs());
    assert!(file.records.iter().all(|r| r.seconds.is_none()));

    let mut summarizer = SweepSummarizer::new(golden_spec()).unwrap();
    for line in &runs[..6] {
        summarizer.add(line).unwrap();
    }
    let summary = summarizer.summary().unwrap();
    assert_eq!(get(&summary, "done").as_f64(), Some(6.0));
    assert_eq!(get(&summary, "x").as_string().as_deref(), Some("d"));
    let series = js_sys::Array::from(&get(&summary, "series"));
    assert_eq!(series.length(), 2);
    assert_eq!(
        get(&series.get(1), "label").as_string().as_deref(),
        Some("parity(3)")
    );
    assert!(SweepTask::new(golden_spec(), 8).is_err());

    // a header is not a run; clearing forgets the runs
    assert!(summarizer.add(&header).is_err());
    summarizer.clear();
    summarizer.add(&runs[7]).unwrap();
    assert_eq!(
        get(&summarizer.summary().unwrap(), "done").as_f64(),
        Some(1.0)
    );
}

#[wasm_bindgen_test]
fn exported_plan_describes_and_errors_name_the_key() {
    let plan = sweep_plan("v=1&target=parity({k})&k=1..3&d=10..40:10&seeds=2").unwrap();
    assert_eq!(get(&plan, "runs").as_f64(), Some(24.0));
    assert_eq!(
        get(&plan, "count").as_string().as_deref(),
        Some("3 values of k × 4 values of d × 2 seeds = 24 runs")
    );
    assert_eq!(get(&plan, "x").as_string().as_deref(), Some("d"));
    let err = sweep_plan("v=1&d=0|10").expect_err("d = 0 is refused");
    let message = js_sys::Error::from(JsValue::from(err)).message();
    assert!(String::from(message).starts_with("d: "));
}
