//! Every preset's description is true of its own runs: each claim beside
//! a preset (learned within a range of steps, or not within the budget) is
//! checked by training that run, natively, as the page would in any
//! browser (the numbers are the same to the bit).

use leaplab::experiment::Experiment;
use leaplab::presets::{Claim, PRESETS};
use leaplab::train::Trainer;

/// The step at which run `claim.run` of `experiment` (with `claim.with`
/// applied) counts as learned, or picks up the claim's monomial; `None`
/// within its budget.
fn learned_at(experiment: &Experiment, claim: &Claim) -> Option<u64> {
    let config = experiment.runs[claim.run - 1]
        .with_query(claim.with)
        .expect("a claim's changes are valid");
    let mut trainer = Trainer::new(&config).expect("a preset's runs are valid");
    let reached = |t: &Trainer| match claim.monomial {
        Some(k) => t.summary().picked_up_at[k],
        None => t.summary().learned_at,
    };
    while !trainer.is_finished() && reached(&trainer).is_none() {
        trainer.advance(config.eval_every);
    }
    reached(&trainer)
}

#[test]
fn every_preset_claim_holds_for_its_run() {
    let claims: Vec<(&str, Experiment, Claim)> = PRESETS
        .iter()
        .flat_map(|p| {
            let experiment = Experiment::from_preset(p);
            p.claims.iter().map(move |c| (p.id, experiment.clone(), *c))
        })
        .collect();
    assert!(PRESETS.iter().all(|p| p.claims.len() >= p.runs.len()));
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = claims
            .iter()
            .map(|(id, experiment, claim)| {
                scope.spawn(move || {
                    let got = learned_at(experiment, claim);
                    let holds = match (claim.learned, got) {
                        (None, None) => true,
                        (Some((from, to)), Some(step)) => (from..=to).contains(&step),
                        _ => false,
                    };
                    (!holds).then(|| {
                        format!(
                            "{id}, run {} {} (monomial {:?}): claimed {:?}, reached at {got:?}",
                            claim.run, claim.with, claim.monomial, claim.learned
                        )
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().expect("no run panicked"))
            .collect()
    });
    assert!(failures.is_empty(), "{failures:#?}");
}
