//! The sweeps of the sweep page's menu, each a spec and what it shows.

use serde::Serialize;

/// A named sweep.
#[derive(Clone, Debug, Serialize)]
pub struct SweepPreset {
    /// Short identifier.
    pub id: &'static str,
    /// Title for a person.
    pub title: &'static str,
    /// What the sweep shows and what to look for.
    pub description: &'static str,
    /// The sweep spec.
    pub spec: &'static str,
}

/// The presets; the first is the page's default sweep.
pub const SWEEP_PRESETS: &[SweepPreset] = &[
    SweepPreset {
        id: "leap-vs-d",
        title: "Leap 1, 2 and 3 against d",
        description: "Steps to learn a staircase (leap 1), x1 + x1x2x3 (leap 2) and a parity of degree 3 \
            (leap 3) as the dimension d grows, three seeds each. On log-log axes a power law is a \
            straight line: the parity's line is the steepest, and its slope is compared with the \
            leap prediction d^max(leap − 1, 1) (1, 1 and 2 here).",
        spec: "v=1&target=staircase(3)|(x1%2Bx1x2x3)/sqrt(2)|parity(3)&d=10|14|20|28|40|57|80&steps=20000&eval_every=25",
    },
    SweepPreset {
        id: "three-leaps",
        title: "Three leaps: pick-up times against d",
        description: "(x1 + x1x2x3 + x1x2x3x4x5x6)/√3 for d from 16 to 128, three seeds each. Choose \
            \"pick-ups\" to plot when each monomial was picked up (its coefficient reached half of \
            the target's): x1 at once, x1x2x3 after a leap of 2, x1x2x3x4x5x6 after a leap of 3. \
            Their slopes come out in the predicted order: 0 (x1 is found by the first evaluation \
            at every d), about 0.9 and about 1.4, against theory's 1, 1 and 2 — below it, as \
            fixed-rate slopes at small d are.",
        spec: "v=1&target=(x1%2Bx1x2x3%2Bx1x2x3x4x5x6)/sqrt(3)&d=16|32|64|128&steps=40000&eval_every=25",
    },
    SweepPreset {
        id: "parity-k-by-d",
        title: "Parity degree k × d: where learning fails",
        description: "Parities of degree 1 to 5 at d = 10, 20, 40 and 80 with a budget of 2,000 steps. \
            The success-rate map shows the frontier: theory puts a parity of degree k at about \
            d^max(k − 1, 1) samples, so beyond some d the budget runs out, and it runs out sooner \
            the higher the degree.",
        spec: "v=1&target=parity({k})&k=1..5&d=10|20|40|80&steps=2000&eval_every=25",
    },
    SweepPreset {
        id: "biased-parity",
        title: "Biased inputs make a parity easier",
        description: "parity(4) with P(x_i = +1) = 0.5, 0.75 and 0.9. Bias breaks the sign-flip \
            symmetry: the biased parity has degree-1 terms, so its leap is 1, and the steps it needs \
            grow more slowly with d. The stronger the bias, the flatter the line.",
        spec: "v=1&target=parity(4)&d=10|14|20|28|40&p=0.5|0.75|0.9&steps=20000&eval_every=25",
    },
    SweepPreset {
        id: "lr-by-width",
        title: "Learning rate × width on a staircase",
        description: "staircase(3) at d = 30 over six learning rates and three widths. Small rates are \
            slow, large ones diverge; the success-rate map shows the band that works.",
        spec: "v=1&target=staircase(3)&d=30&width=16|64|256&lr=0.025|0.05|0.1|0.2|0.4|0.8&steps=3000&eval_every=25",
    },
];
