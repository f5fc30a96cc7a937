//! The engine and its JavaScript API in a headless browser, run by
//! wasm-bindgen-test: in Chromium through chromedriver and in Firefox
//! through geckodriver (scripts/test.sh runs both). The golden runs give
//! the native hashes there too, and the exported API behaves as in Node.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{golden_runs, run_hash};
use js_sys::{Array, Float64Array, Reflect};
use leaplab::wasm::{field_specs, merge_queries, presets, Run};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn golden_runs_give_the_native_hashes_in_the_browser() {
    for (query, want) in golden_runs() {
        assert_eq!(run_hash(query), want, "{query}");
    }
}

#[wasm_bindgen_test]
fn run_streams_typed_arrays_in_steps() {
    let mut run =
        Run::new("v=1&target=staircase(2)&d=10&width=32&steps=100&eval_every=25").unwrap();
    let first: JsValue = run.advance(50).into();
    let second: JsValue = run.advance(1000).into();
    let steps = |b: &JsValue| Float64Array::from(get(b, "step")).to_vec();
    assert_eq!(steps(&first), vec![0.0, 25.0, 50.0]);
    assert_eq!(steps(&second), vec![75.0, 100.0]);
    assert_eq!(
        Float64Array::from(get(&second, "coeffs")).length(),
        4,
        "2 points × 2 monomials"
    );
    assert!(run.is_finished());
    assert_eq!(
        Array::from(&run.monomials()).to_vec(),
        vec![JsValue::from("x1"), JsValue::from("x1x2")]
    );
    assert_eq!(run.eval_every(), 25);
}

/// A card's target is checked as the page checks it as you type: merged
/// into the shared settings with the run's own (mergeQueries), its error
/// naming the field and the place.
#[wasm_bindgen_test]
fn target_check_gives_position_and_message() {
    let check = |base: &str, target: &str| {
        let encoded = String::from(js_sys::encode_uri_component(target));
        merge_queries(base, &format!("target={encoded}")).map_err(message)
    };
    assert_eq!(
        check("v=1&d=5", "x1 + x1x2").unwrap(),
        "v=1&target=x1%20%2B%20x1x2&d=5"
    );
    let problem = check("v=1&d=5", "x1 + * x2").unwrap_err();
    assert!(
        problem.starts_with("target: ") && problem.contains("at character 6"),
        "{problem}"
    );
    // Hermite terms: refused on the hypercube (the default), read elsewhere
    let refused = check("v=1&d=5", "he2(x1)").unwrap_err();
    assert!(refused.contains("refused on the hypercube"), "{refused}");
    assert!(check("v=1&d=5&domain=gaussian", "he2(x1)").is_ok());
    assert!(check("v=1&d=5&domain=sphere", "he2(x1)x2").is_ok());
}

#[wasm_bindgen_test]
fn fields_presets_and_merging() {
    let specs = field_specs();
    let names: Vec<String> = specs
        .iter()
        .map(|s| get(&s, "name").as_string().unwrap())
        .collect();
    assert_eq!(names[..4], ["target", "d", "domain", "p"]);
    let d = specs
        .iter()
        .find(|s| get(s, "name").as_string().as_deref() == Some("d"))
        .unwrap();
    assert_eq!(get(&d, "kind").as_string().as_deref(), Some("integer"));
    assert_eq!(get(&d, "max").as_f64(), Some(4096.0));
    let list = presets();
    assert!(list.length() >= 6);
    assert_eq!(
        get(&list.get(0), "id").as_string().as_deref(),
        Some("parity-vs-staircase")
    );
    assert_eq!(
        merge_queries("v=1&d=20&lr=0.2", "lr=0.05&seed=3").unwrap(),
        "v=1&d=20&lr=0.05&seed=3"
    );
    let err = merge_queries("v=1", "width=0").err().unwrap();
    let message = js_sys::Error::from(JsValue::from(err)).message();
    assert!(String::from(message).starts_with("width: "));
}

/// The message of an engine error thrown to JavaScript.
fn message(err: wasm_bindgen::JsError) -> String {
    String::from(js_sys::Error::from(JsValue::from(err)).message())
}

fn product(factor: &str, count: usize, sep: &str) -> String {
    (1..=count)
        .map(|i| factor.replace('#', &i.to_string()))
        .collect::<Vec<_>>()
        .join(sep)
}

#[wasm_bindgen_test]
fn what_a_target_expands_to_is_bounded_in_the_browser_too() {
    // each of these took gigabytes or never finished (issue 14, item 3);
    // in wasm they are refused the same way, naming the estimate and the limit
    let he2 = product("he2(x#)", 30, "*");
    for (query, want) in [
        (
            "v=1&target=majority(15)&d=15".to_string(),
            "test_n: setting the run up would take about 5.7e8 operations, over the limit of 1.3e8",
        ),
        (
            "v=1&target=majority(21)&d=21&test_n=16".to_string(),
            "majority(k) needs an odd k from 1 to 17",
        ),
        (
            "v=1&target=staircase(1000)&d=1000".to_string(),
            "\"staircase(1000)\" has 1000 monomials",
        ),
        (
            format!("v=1&domain=sphere&d=60&target={he2}"),
            "would build about 1.0e12 polynomial terms, over the limit of 4194304",
        ),
    ] {
        let got = message(Run::new(&query).err().expect("refused"));
        assert!(got.contains(want), "{query}: {got}");
    }
    let got = message(
        Run::new("v=1&domain=sphere&d=10&target=he16(x1)*he16(x2)*he16(x3)*he16(x4)")
            .err()
            .expect("refused"),
    );
    assert!(got.contains("over the limit of 4194304"), "{got}");
    let got = message(
        leaplab::wasm::sweep_plan("v=1&target=x1&steps=10&lr=0.1..0.9:1e-17").expect_err("refused"),
    );
    assert!(got.contains("over the limit of 10000"), "{got}");
    // small majorities run
    let mut run = Run::new("v=1&target=majority(15)&d=15&steps=0&test_n=16&width=1").unwrap();
    run.advance(1);
    assert!(run.is_finished());
}
