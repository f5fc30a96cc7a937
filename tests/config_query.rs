//! The query-string form of a configuration: round trips, defaults,
//! and the messages for bad values.

use leaplab::config::{Config, FIELDS};
use leaplab::data::Domain;
use leaplab::nn::{Activation, Init, OutputScale};
use leaplab::train::{Loss, Mode, Schedule};
use proptest::prelude::*;

#[test]
fn default_is_just_the_version() {
    assert_eq!(Config::default().to_query(), "v=1");
    assert_eq!(Config::from_query("v=1").unwrap(), Config::default());
    assert_eq!(Config::from_query("").unwrap(), Config::default());
}

#[test]
fn readable_query_reads_every_kind_of_field() {
    let q = "?v=1&target=x1%20+%200.5*x1x2&d=100&p=0.7&act=tanh&scale=mean-field&init=rademacher-gaussian(0.2)\
             &output_bias=1&loss=hinge&mode=noisy&lr=0.05&schedule=step(1000,0.5)&seed=42";
    let c = Config::from_query(q).unwrap();
    assert_eq!(c.target, "x1 + 0.5*x1x2");
    assert_eq!((c.d, c.p, c.seed), (100, 0.7, 42));
    assert_eq!(c.activation, Activation::Tanh);
    assert_eq!(c.output_scale, OutputScale::MeanField);
    assert_eq!(c.init, Init::RademacherGaussian { sigma: 0.2 });
    assert!(c.output_bias);
    assert_eq!((c.loss, c.mode), (Loss::Hinge, Mode::Noisy));
    assert_eq!(
        c.schedule,
        Schedule::Step {
            every: 1000,
            factor: 0.5
        }
    );
    assert_eq!(
        c.to_query(),
        "v=1&target=x1%20%2B%200.5*x1x2&d=100&p=0.7&act=tanh&scale=mean-field&init=rademacher-gaussian(0.2)\
         &output_bias=1&loss=hinge&mode=noisy&lr=0.05&schedule=step(1000,0.5)&seed=42"
    );
}

/// The input domain: the hypercube by default (so every version-1 link
/// keeps its meaning), Gaussian or sphere by name; Hermite targets and a
/// bias checked against it.
/// A typed `+` is a plus, never form encoding's space: `x1 + x1x2x3` is the
/// sum (it once read as `x1   x1x2x3`, the product `x2x3`), in a query, a
/// link and a sweep spec alike.
#[test]
fn a_typed_plus_is_a_plus() {
    for q in [
        "v=1&target=x1 + x1x2x3&d=20",
        "v=1&target=x1+x1x2x3&d=20",
        "v=1&target=x1%20+%20x1x2x3&d=20",
        "v=1&target=x1%20%2B%20x1x2x3&d=20",
    ] {
        let c = Config::from_query(q).unwrap();
        let target = c.validate().unwrap();
        assert_eq!(target.to_string(), "x1 + x1x2x3", "{q}");
        assert_eq!(target.terms().len(), 2, "{q}");
        let (e, ignored) =
            leaplab::experiment::Experiment::from_link(&format!("{q}&r1.target=x1+x2"));
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(e.base.target, c.target);
        assert_eq!(e.runs[0].target, "x1+x2");
    }
    assert_eq!(
        leaplab::config::decode_component("1e+2+x1%2Bx2").unwrap(),
        "1e+2+x1+x2"
    );
    // what the writer puts out never holds a raw '+' or space
    let c = Config::from_query("v=1&target=x1 + x1x2x3&d=20").unwrap();
    assert_eq!(c.to_query(), "v=1&target=x1%20%2B%20x1x2x3&d=20");
}

#[test]
fn domain_is_a_field_whose_default_is_the_hypercube() {
    assert_eq!(Config::default().domain, Domain::Cube);
    assert_eq!(
        Config::from_query("v=1&domain=cube").unwrap(),
        Config::default()
    );
    let c = Config::from_query("v=1&target=he3(x1)%20%2B%20x1x2&domain=sphere&d=20").unwrap();
    assert_eq!(c.domain, Domain::Sphere);
    assert_eq!(
        c.to_query(),
        "v=1&target=he3(x1)%20%2B%20x1x2&d=20&domain=sphere"
    );
    assert_eq!(
        error("v=1&domain=ball"),
        (
            "domain".to_string(),
            "\"ball\" is not allowed; domain must be one of cube, gaussian, sphere".to_string()
        )
    );
    let (field, message) = error("v=1&domain=gaussian&p=0.8");
    assert_eq!(field, "p");
    assert_eq!(
        message,
        "0.8 is a bias of hypercube inputs; with domain=gaussian the inputs have none, \
         so p must stay 0.5"
    );
    let (field, message) = error("v=1&target=x1%20%2B%20he2(x2)");
    assert_eq!(field, "target");
    assert!(
        message.contains("he2(x2) is refused on the hypercube"),
        "{message}"
    );
}

fn error(q: &str) -> (String, String) {
    let e = Config::from_query(q).unwrap_err();
    (e.field, e.message)
}

#[test]
fn bad_values_name_the_field_value_and_range() {
    let (field, message) = error("v=1&d=0");
    assert_eq!(field, "d");
    assert_eq!(
        message,
        "\"0\" is not allowed; d must be a whole number from 1 to 4096"
    );
    let (field, message) = error("lr=NaN");
    assert_eq!(field, "lr");
    assert!(
        message.contains("\"NaN\"") && message.contains("> 0"),
        "{message}"
    );
    let (field, message) = error("steps=-5");
    assert_eq!(field, "steps");
    assert!(message.contains("whole number from 0"), "{message}");
    let (field, message) = error("colour=red");
    assert_eq!(field, "colour");
    assert!(
        message.starts_with("is not a field; the fields are v, target, d"),
        "{message}"
    );
    let (field, message) = error("act=gelu");
    assert_eq!(field, "act");
    assert!(message.contains("one of relu, tanh, sigmoid, softplus, quadratic"));
    assert_eq!(error("d=5&d=6").0, "d");
    assert_eq!(
        error("=5"),
        (
            "query".to_string(),
            "a value without a field name: \"=5\"".to_string()
        )
    );
    assert_eq!(error("v=2").0, "v");
    assert_eq!(error("p=1").0, "p");
    assert_eq!(error("schedule=step(0,0.5)").0, "schedule");
    assert_eq!(error("init=rademacher-gaussian(x)").0, "init");
    assert_eq!(error("target=%ZZ").0, "target");
    assert_eq!(error("target=%C3%28").0, "target");
    assert_eq!(error("layerwise=10&steps=5").0, "layerwise");
    assert_eq!(error("width=8192&depth=8").0, "width");
    let (field, message) = error("target=x31&d=30");
    assert_eq!(field, "target");
    assert!(
        message.contains("x31") && message.contains("30"),
        "{message}"
    );
}

#[test]
fn a_hostile_value_is_quoted_short() {
    let long = "9".repeat(5000);
    let (_, message) = error(&format!("d={long}"));
    assert!(message.len() < 200, "{message}");
    assert!(message.ends_with("…\" is not allowed; d must be a whole number from 1 to 4096"));
}

/// Escape, NUL and every other control character in a quoted value or
/// name is written as an escape, so none reaches a terminal.
#[test]
fn control_characters_are_quoted_as_escapes() {
    let (field, message) = error("v=1&d=%1b%5b31mRED");
    assert_eq!(field, "d");
    assert_eq!(
        message,
        "\"\\u{1b}[31mRED\" is not allowed; d must be a whole number from 1 to 4096"
    );
    for q in [
        "v=1&d=%00",
        "v=1&%1b=1",
        "v=%07",
        "v=1&target=x1%1b",
        "v=1&act=%0d%0a",
        "v=1&d=%c2%9b",
        "v=1&%1b=1&%1b=2",
    ] {
        let e = Config::from_query(q).unwrap_err();
        let text = e.to_string();
        assert!(!text.chars().any(char::is_control), "{q}: {text:?}");
        assert!(text.contains("\\u{"), "{q}: {text}");
    }
}

/// Flags read exactly `0` or `1`, as the help says.
#[test]
fn flags_are_exactly_0_or_1() {
    for name in ["hidden_bias", "output_bias", "stop_learned"] {
        assert!(Config::from_query(&format!("v=1&{name}=1")).is_ok());
        assert!(Config::from_query(&format!("v=1&{name}=0")).is_ok());
        for bad in ["true", "false", "yes", "01", "", " 1", "1.0"] {
            let (field, message) = error(&format!("v=1&{name}={bad}"));
            assert_eq!(field, name);
            assert_eq!(
                message,
                format!("\"{bad}\" is not allowed; {name} must be 0 or 1"),
                "{bad}"
            );
        }
    }
}

fn arb_config() -> impl Strategy<Value = Config> {
    let targets = prop::sample::select(vec![
        "staircase(4)",
        "parity(3)",
        "x1 + 0.5*x1x2",
        "majority(3)",
        "x2 - 2x1x3",
        "(x1 + x1x2)/sqrt(2)",
    ]);
    let init = prop_oneof![
        Just(Init::Uniform),
        Just(Init::Gaussian),
        Just(Init::Rademacher),
        (0.0f64..10.0).prop_map(|sigma| Init::RademacherGaussian { sigma }),
    ];
    let schedule = prop_oneof![
        Just(Schedule::Constant),
        (1u64..100_000, 0.01f64..1.0).prop_map(|(every, factor)| Schedule::Step { every, factor }),
    ];
    (
        (
            targets,
            10usize..200,
            0.01f64..0.99,
            2usize..5,
            1usize..300,
            0usize..5,
            0usize..3,
            init,
        ),
        (
            any::<bool>(),
            any::<bool>(),
            0usize..4,
            0usize..4,
            1usize..500,
            1usize..5000,
            1e-4f64..10.0,
            schedule,
        ),
        (
            0.0f64..1.0,
            1e-3f64..10.0,
            0.0f64..1.0,
            0u64..100,
            100u64..100_000,
            1u64..1000,
            16usize..5000,
        ),
        (0.001f64..0.999, any::<u64>(), any::<bool>(), 0usize..3),
    )
        .prop_map(|(a, b, c, e)| Config {
            target: a.0.to_string(),
            d: a.1,
            domain: Domain::ALL[e.3],
            // a bias only on the hypercube
            p: if e.3 == 0 { a.2 } else { 0.5 },
            depth: a.3,
            width: a.4,
            activation: Activation::ALL[a.5],
            output_scale: [
                OutputScale::None,
                OutputScale::MeanField,
                OutputScale::Standard,
            ][a.6],
            init: a.7,
            hidden_bias: b.0,
            output_bias: b.1,
            loss: Loss::ALL[b.2],
            mode: Mode::ALL[b.3],
            batch: b.4,
            n: b.5,
            lr: b.6,
            schedule: b.7,
            weight_decay: c.0,
            clip: c.1,
            noise: c.2,
            layerwise: c.3,
            steps: c.4,
            eval_every: c.5,
            test_n: c.6,
            threshold: e.0,
            seed: e.1,
            stop_learned: e.2,
        })
        .prop_filter("within the run budget", |c| c.validate().is_ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn query_round_trips_exactly(config in arb_config()) {
        let q = config.to_query();
        prop_assert_eq!(Config::from_query(&q).unwrap(), config);
    }

    #[test]
    fn arbitrary_strings_never_panic(q in "[a-z_=&%0-9A-F.+()\\-]{0,80}") {
        if let Err(e) = Config::from_query(&q) {
            prop_assert!(!e.field.is_empty() && !e.message.is_empty());
        }
    }
}

#[test]
fn every_field_has_an_about_and_range() {
    for f in FIELDS {
        assert!(
            !f.about.is_empty() && !f.allowed_text().is_empty(),
            "{}",
            f.name
        );
    }
}

#[test]
fn runs_over_budget_are_refused_with_the_estimate_and_the_limit() {
    let (field, message) = error("v=1&width=8192&depth=8");
    assert_eq!(field, "width");
    assert!(
        message.starts_with("the run would need about 6313 MiB of memory (the network 6313 MiB"),
        "{message}"
    );
    assert!(message.contains("over the limit of 512 MiB"), "{message}");
    let (field, message) = error("v=1&mode=gd&n=1000000&d=200");
    assert_eq!(field, "n");
    assert!(message.contains("the training set 767 MiB"), "{message}");
    let pairs: Vec<String> = (0..17)
        .map(|i| format!("(x{}%2Bx{})", 2 * i + 1, 2 * i + 2))
        .collect();
    let (field, message) = error(&format!("v=1&target={}&d=34", pairs.join("*")));
    assert_eq!(field, "test_n");
    assert!(message.contains("131072 monomials"), "{message}");
    let (field, message) = error("v=1&d=4096&width=4096");
    assert_eq!(field, "batch");
    assert!(
        message
            .starts_with("one step would take about 3.9e9 multiply-adds, over the limit of 2.1e9"),
        "{message}"
    );
    // the headline run and a wide one are well within budget
    let wide = Config::from_query("v=1&d=100&width=4096&batch=256").unwrap();
    assert!(wide.cost(&wide.validate().unwrap()).bytes() < 64 << 20);
}

#[test]
fn cost_counts_the_parts_by_hand() {
    // d = 10, width 4, depth 2, batch 2, online, test_n 16, 3 monomials:
    // params 10·4 + 4 + 4·1 + 1 = 49; network 4·49 + 10·4 + activations
    // (2 rows · (2·4 + 1 + 2·10) = 58, 256 rows · 29 = 7424) + batch 2·11
    let c =
        Config::from_query("v=1&target=staircase(3)&d=10&width=4&batch=2&test_n=16&eval_every=8")
            .unwrap();
    let cost = c.cost(&c.validate().unwrap());
    assert_eq!(cost.network_bytes, 4 * (196 + 40 + 58 + 7424 + 22));
    assert_eq!(cost.train_bytes, 0);
    assert_eq!(cost.test_bytes, 4 * 16 * (10 + 1 + 3));
    // the batch's labels: 2 rows · Σ (1 + |S|) = 2 · (2 + 3 + 4), at 8
    // multiply-adds per operation of evaluating the target
    assert_eq!(
        cost.work_per_step,
        3.0 * 2.0 * 49.0 + 2.0 * 9.0 * 8.0 + 16.0 * 52.0 / 8.0
    );
    // the target and its monomials at each of the 16 test inputs
    assert_eq!(cost.setup_work, 2.0 * 16.0 * 9.0);
}

/// A run needs something to learn, in values 32-bit training can hold; an
/// analysis of the same target still works.
#[test]
fn constant_and_overflowing_targets_are_refused_for_training() {
    for (text, constant) in [
        ("0*x1", "0"),
        ("x1 - x1", "0"),
        ("2", "2"),
        ("(x1 + 1)*x1 - x1", "1"),
    ] {
        let c =
            Config::from_query(&format!("v=1&target={}&d=5", text.replace(' ', "%20"))).unwrap();
        let e = c.validate_training().unwrap_err();
        assert_eq!(e.field, "target");
        assert_eq!(
            e.message,
            format!(
                "\"{text}\" is the constant {constant}: there is nothing to learn; \
                 a run needs a target that depends on x1 … xd"
            )
        );
        assert!(leaplab::train::Trainer::new(&c).is_err());
        let analysis = c.analysis().unwrap();
        assert_eq!(
            analysis.variance.to_bits(),
            0.0f64.to_bits(),
            "{text}: not -0.0"
        );
    }
    for text in ["1e30*x1", "1e15*x1 + x2", "(1e10*x1 + 1e10)*(1e10*x2 + 1)"] {
        let c =
            Config::from_query(&format!("v=1&target={}&d=5", text.replace(' ', "%20"))).unwrap();
        let e = c.validate_training().unwrap_err();
        assert_eq!(e.field, "target");
        assert!(
            e.message.contains("too large to train in 32-bit floats")
                && e.message.ends_with("at most 1e15"),
            "{text}: {}",
            e.message
        );
    }
    let c = Config::from_query("v=1&target=1e15*x1&d=5").unwrap();
    assert!(c.validate_training().is_ok());
}
