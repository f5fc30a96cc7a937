//! The native peer of the speed benchmark (`scripts/bench.sh` runs it):
//! one configuration of `benches/configs.json` trained by leaplab's
//! `Trainer` in this process, on one thread.
//!
//! `cargo bench --bench speed -- CONFIGS_JSON NAME [base|avx2|avx512] [threads=N]`
//! prints one JSON object: the peer, the configuration, the kernel level,
//! the threads, the timed steps, seconds and steps per second (on
//! `threads=N` the large products cut their rows across N threads; the
//! numbers are the same bits). The run takes `warmup`
//! untimed steps (the step-0 test-set evaluation among them), then
//! `steps` timed ones; `eval_every` is set past the end, so no evaluation
//! falls inside the timed steps.

use leaplab::config::Config;
use leaplab::nn::kernels::Level;
use leaplab::train::Trainer;
use serde_json::{json, Value};
use std::time::Instant;

/// The configuration's query string, as every leaplab peer builds it.
fn query(spec: &Value, cfg: &Value) -> String {
    let total = cfg["warmup"].as_u64().unwrap() + cfg["steps"].as_u64().unwrap() + 1;
    format!(
        "v=1&target=staircase({})&d={}&width={}&depth={}&batch={}&lr={}&steps={total}&eval_every={total}&test_n=256",
        spec["target_k"], cfg["d"], cfg["width"], cfg["depth"], cfg["batch"], spec["lr"],
    )
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [path, name, rest @ ..] = &args[..] else {
        eprintln!("usage: speed CONFIGS_JSON NAME [base|avx2|avx512]");
        std::process::exit(2);
    };
    let (threads, rest): (Vec<&String>, Vec<&String>) =
        rest.iter().partition(|a| a.starts_with("threads="));
    let threads: usize = threads.first().map_or(1, |t| {
        t["threads=".len()..]
            .parse()
            .expect("threads=N takes a whole number")
    });
    leaplab::nn::kernels::set_threads(threads, None);
    if let Some(level) = rest.first() {
        let all = Level::available();
        let chosen = all
            .iter()
            .find(|l| format!("{l:?}").eq_ignore_ascii_case(level));
        Level::use_at_most(*chosen.unwrap_or_else(|| panic!("{level}: not one of {all:?}")));
    }
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cfg = spec["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name.as_str())
        .unwrap_or_else(|| panic!("no configuration {name}"));
    let config = Config::from_query(&query(&spec, cfg)).unwrap();
    let mut trainer = Trainer::new(&config).unwrap();
    trainer.advance(cfg["warmup"].as_u64().unwrap());
    let steps = cfg["steps"].as_u64().unwrap();
    let start = Instant::now();
    trainer.advance(steps);
    let seconds = start.elapsed().as_secs_f64();
    assert!(trainer.summary().diverged_at.is_none(), "the run diverged");
    println!(
        "{}",
        json!({
            "peer": "leaplab-native",
            "config": name,
            "level": format!("{:?}", Level::current()),
            "threads": threads,
            "steps": steps,
            "seconds": seconds,
            "steps_per_second": steps as f64 / seconds,
        })
    );
}
