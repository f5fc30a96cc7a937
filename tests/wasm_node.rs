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

/// The analysis of a run's target, as its worker gets it for the card.
fn analysis(query: &str) -> wasm_bindgen::JsValue {
    Run::new(query).unwrap().analysis().unwrap()
}

fn get(value: &wasm_bindgen::JsValue, key: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn exported_analysis_of_parity() {
    let value = analysis("v=1&target=parity(3)&d=10&steps=0");
    assert_eq!(get(&value, "leap").as_f64(), Some(3.0));
    let gal = get(&value, "gal").as_f64().unwrap();
    assert!(
        (gal - 1.0 / 120.0).abs() < 1e-12,
        "GAL of parity(3) at d = 10 is 1/C(10,3)"
    );
}

#[wasm_bindgen_test]
fn exported_analysis_names_the_group_of_each_run() {
    let gaussian = analysis("v=1&domain=gaussian&init=gaussian&target=x1x2&d=10&steps=0");
    assert_eq!(
        get(&gaussian, "group").as_string().as_deref(),
        Some("orthogonal")
    );
    assert_eq!(
        get(&gaussian, "domain").as_string().as_deref(),
        Some("gaussian")
    );
    // 1/N(10, 2) = 1/(C(11, 2) − 1)
    let gal = get(&gaussian, "gal").as_f64().unwrap();
    assert!((gal - 1.0 / 54.0).abs() < 1e-14, "{gal}");
    let rademacher = analysis("v=1&domain=gaussian&init=rademacher&target=x1x2&d=10&steps=0");
    assert_eq!(
        get(&rademacher, "group").as_string().as_deref(),
        Some("signed-permutations")
    );
    // 1/C(10, 2)
    let gal = get(&rademacher, "gal").as_f64().unwrap();
    assert!((gal - 1.0 / 45.0).abs() < 1e-14, "{gal}");
    let sphere = analysis("v=1&domain=sphere&target=he2(x1)x2&d=6&steps=0");
    assert_eq!(
        get(&sphere, "domain").as_string().as_deref(),
        Some("sphere")
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
    let run = Run::new("v=1&target=parity(3)&d=10&steps=0").unwrap();
    let statements = js_sys::Array::from(&run.statements().unwrap());
    let value_of = |key: &str| {
        statements
            .iter()
            .find(|s| get(s, "key").as_string().as_deref() == Some(key))
            .map(|s| get(&s, "value").as_string().unwrap())
    };
    assert_eq!(value_of("leap").as_deref(), Some("3 — order x1x2x3"));
    let alignment = value_of("alignment").unwrap();
    assert!(
        alignment.starts_with("GAL = 8.3e-3 = d^-2.1 under signed permutations"),
        "{alignment}"
    );
}
