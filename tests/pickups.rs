//! Per-monomial pick-up times: the first evaluation at which the network's
//! coefficient on a monomial reaches half of the target's, with its sign.
//! Checked against the evaluations themselves, against pinned values, and
//! for the order a staircase is climbed in.

use leaplab::config::Config;
use leaplab::metrics::MetricPoint;
use leaplab::train::Trainer;

const GOLDEN: &str = include_str!("golden/pickups.txt");

/// Trains `query` to its end: its evaluations and its trainer.
fn run(query: &str) -> (Vec<MetricPoint>, Trainer) {
    let mut trainer = Trainer::new(&Config::from_query(query).unwrap()).unwrap();
    let points = trainer.advance(u64::MAX);
    (points, trainer)
}

/// The pick-up times read off the evaluations by hand: for each
/// monomial, the first point whose coefficient is at least half the
/// target's coefficient `a_S`, with its sign.
fn by_hand(points: &[MetricPoint], coefficients: &[f64]) -> Vec<Option<u64>> {
    coefficients
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            points
                .iter()
                .find(|p| p.coeffs[k] * a.signum() >= a.abs() / 2.0)
                .map(|p| p.step)
        })
        .collect()
}

#[test]
fn pick_ups_are_the_first_evaluations_at_half_the_target() {
    for line in GOLDEN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut words = line.split(' ');
        let query = words.next().unwrap();
        let pinned: Vec<Option<u64>> = words.map(|w| w.parse().ok()).collect();
        let (points, trainer) = run(query);
        let coefficients: Vec<f64> = trainer.target().terms().iter().map(|t| t.coeff).collect();
        let summary = trainer.summary();
        assert_eq!(summary.picked_up_at, pinned, "{query}");
        assert_eq!(
            summary.picked_up_at,
            by_hand(&points, &coefficients),
            "{query}"
        );
    }
}

#[test]
fn a_staircase_is_climbed_in_order_and_a_biased_parity_still_picks_up() {
    let (_, trainer) = run("v=1&target=staircase(5)&d=40&steps=3000&seed=3");
    let at: Vec<u64> = trainer
        .summary()
        .picked_up_at
        .into_iter()
        .map(|s| s.expect("every step of the staircase is picked up"))
        .collect();
    assert!(at.windows(2).all(|w| w[0] <= w[1]), "{at:?}");
    assert!(at[0] < at[4], "{at:?}");
    // under bias the measured coefficients mix the monomials; a parity's
    // own is still its coefficient, so it is picked up when learned
    let (_, trainer) = run("v=1&target=parity(4)&d=100&p=0.8&steps=5000&eval_every=50");
    let summary = trainer.summary();
    let learned = summary.learned_at.expect("the biased parity is learned");
    let picked = summary.picked_up_at[0].expect("and picked up");
    assert!(
        picked <= learned,
        "picked up at {picked}, learned at {learned}"
    );
}
