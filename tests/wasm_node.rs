//! The engine under wasm (run by wasm-bindgen-test in Node): the golden
//! runs give the same hashes as natively, and the exported API works.
#![cfg(target_arch = "wasm32")]

use leaplab::config::Config;
use leaplab::train::Trainer;
use leaplab::wasm::{metric_columns, Run};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const GOLDEN: &str = include_str!("golden/metrics_hashes.txt");

#[wasm_bindgen_test]
fn golden_runs_give_the_native_hashes() {
    for line in GOLDEN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (query, want) = line.rsplit_once(' ').unwrap();
        let mut trainer = Trainer::new(&Config::from_query(query).unwrap()).unwrap();
        trainer.advance(u64::MAX);
        assert_eq!(trainer.summary().metrics_hash, want, "{query}");
    }
}

const PICKUPS: &str = include_str!("golden/pickups.txt");

/// The pick-up times in wasm are the native ones (tests/pickups.rs), both
/// from the trainer and through the exported summary.
#[wasm_bindgen_test]
fn pick_ups_are_the_native_ones() {
    for line in PICKUPS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut words = line.split(' ');
        let query = words.next().unwrap();
        let pinned: Vec<Option<u64>> = words.map(|w| w.parse().ok()).collect();
        let mut run = Run::new(query).unwrap();
        while !run.is_finished() {
            run.advance(1000);
        }
        let summary = run.summary().unwrap();
        let exported =
            js_sys::Array::from(&js_sys::Reflect::get(&summary, &"picked_up_at".into()).unwrap());
        let got: Vec<Option<u64>> = exported
            .iter()
            .map(|v| v.as_f64().map(|s| s as u64))
            .collect();
        assert_eq!(got, pinned, "{query}");
    }
}

#[wasm_bindgen_test]
fn exported_run_trains_and_reports() {
    let mut run = Run::new("v=1&target=parity(2)&d=6&width=16&steps=40&eval_every=20").unwrap();
    let points = run.advance(100);
    let get = |key: &str| js_sys::Reflect::get(&points, &key.into()).unwrap();
    assert_eq!(get("count").as_f64(), Some(3.0), "steps 0, 20 and 40");
    let steps = js_sys::Float64Array::from(get("step")).to_vec();
    assert_eq!(steps, vec![0.0, 20.0, 40.0]);
    let coeffs = js_sys::Float64Array::from(get("coeffs")).to_vec();
    assert_eq!(coeffs.len(), 3, "one monomial, three points");
    assert!(
        get("accuracy").is_instance_of::<js_sys::Float64Array>(),
        "accuracy is a typed array"
    );
    assert!(run.is_finished());
    assert_eq!(
        run.query(),
        "v=1&target=parity(2)&d=6&width=16&steps=40&eval_every=20"
    );
}

#[wasm_bindgen_test]
fn metric_columns_are_the_typed_arrays_a_run_returns() {
    let mut run = Run::new("v=1&target=parity(2)&d=6&width=16&steps=20&eval_every=20").unwrap();
    let points = run.advance(100);
    let names: Vec<String> = metric_columns()
        .iter()
        .map(|v| v.as_string().expect("a column name is a string"))
        .collect();
    assert_eq!(
        names,
        [
            "step",
            "train_loss",
            "test_loss",
            "test_mse",
            "accuracy",
            "correlation",
            "w1_drift"
        ]
    );
    for name in &names {
        let column = js_sys::Reflect::get(&points, &name.into()).unwrap();
        assert!(
            column.is_instance_of::<js_sys::Float64Array>(),
            "{name} is a Float64Array"
        );
    }
}

#[wasm_bindgen_test]
fn exported_errors_name_the_field() {
    let err = Run::new("v=1&d=0").err().expect("d = 0 is refused");
    let message = js_sys::Error::from(wasm_bindgen::JsValue::from(err)).message();
    assert!(String::from(message).starts_with("d: "));
}

/// The analysis in words of a run's target, as its worker gets it for the
/// card: each statement's `value`, and its `text`, by `key`.
fn statements(query: &str) -> impl Fn(&str, &str) -> String {
    let list = js_sys::Array::from(&Run::new(query).unwrap().statements().unwrap());
    move |key: &str, field: &str| {
        list.iter()
            .find(|s| get(s, "key").as_string().as_deref() == Some(key))
            .and_then(|s| get(&s, field).as_string())
            .unwrap_or_else(|| panic!("no {field} of a statement {key}"))
    }
}

fn get(value: &wasm_bindgen::JsValue, key: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn exported_analysis_names_the_group_of_each_run() {
    // 1/N(10, 2) = 1/(C(11, 2) − 1) = 1/54 under O(10)
    let gaussian = statements("v=1&domain=gaussian&init=gaussian&target=x1x2&d=10&steps=0");
    assert!(
        gaussian("alignment", "value")
            .starts_with("GAL = 1.9e-2 = d^-1.7 under the orthogonal group"),
        "{}",
        gaussian("alignment", "value")
    );
    assert!(
        gaussian("inputs", "value").contains("N(0, I"),
        "{}",
        gaussian("inputs", "value")
    );
    // 1/C(10, 2) = 1/45 under signed permutations
    let rademacher = statements("v=1&domain=gaussian&init=rademacher&target=x1x2&d=10&steps=0");
    assert!(
        rademacher("alignment", "value")
            .starts_with("GAL = 2.2e-2 = d^-1.7 under signed permutations"),
        "{}",
        rademacher("alignment", "value")
    );
    let sphere = statements("v=1&domain=sphere&target=he2(x1)x2&d=6&steps=0");
    assert!(
        sphere("inputs", "value").contains("sphere"),
        "{}",
        sphere("inputs", "value")
    );
    let err = Run::new("v=1&target=he2(x1)")
        .err()
        .expect("refused on the hypercube");
    let message = String::from(js_sys::Error::from(wasm_bindgen::JsValue::from(err)).message());
    assert!(
        message.starts_with("target: ") && message.contains("refused on the hypercube"),
        "{message}"
    );
}

/// The analysis in words, what the card shows: the leap of parity(3) and
/// its orbit alignment, each a statement found by its key.
#[wasm_bindgen_test]
fn exported_statements_say_the_analysis() {
    let parity = statements("v=1&target=parity(3)&d=10&steps=0");
    assert_eq!(parity("leap", "value"), "3 — order x1x2x3");
    // 1/C(10, 3) = 1/120
    let alignment = parity("alignment", "value");
    assert!(
        alignment.starts_with("GAL = 8.3e-3 = d^-2.1 under signed permutations"),
        "{alignment}"
    );
}
