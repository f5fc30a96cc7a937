//! Named experiments: a shared base configuration and the runs compared
//! on top of it, each with a paragraph saying what to look for.

use serde::Serialize;

/// What a preset's description says of one of its runs, checked by
/// running it (`tests/presets.rs`): every sentence the page shows beside a
/// run must be true of that run.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Claim {
    /// The run, 1-based as in links (`r1`).
    pub run: usize,
    /// Fields changed for the claim, as a query fragment (empty: the run as
    /// the preset sets it up), e.g. `steps=40000` for "with a larger budget
    /// it is learned".
    pub with: &'static str,
    /// The claim is about this monomial's pick-up (0-based, canonical
    /// order; see `Summary::picked_up_at`) instead of the whole target.
    pub monomial: Option<usize>,
    /// The step at which the run counts as learned (or the monomial as
    /// picked up) lies in this range (inclusive); `None`: not within its
    /// budget.
    pub learned: Option<(u64, u64)>,
}

/// A named experiment. Each run's configuration is `base` with the run's
/// own fields replacing the base's (see `Config::with_query`).
#[derive(Clone, Debug, Serialize)]
pub struct Preset {
    /// Short identifier, used in links.
    pub id: &'static str,
    /// Title for a person.
    pub title: &'static str,
    /// What the experiment shows and what to look for.
    pub description: &'static str,
    /// The shared query string.
    pub base: &'static str,
    /// Each run's own fields, as query strings.
    pub runs: &'static [&'static str],
    /// What the description says each run does, for the tests.
    #[serde(skip)]
    pub claims: &'static [Claim],
}

/// A claim that run `run` is learned between steps `from` and `to`.
const fn learned(run: usize, with: &'static str, from: u64, to: u64) -> Claim {
    Claim {
        run,
        with,
        monomial: None,
        learned: Some((from, to)),
    }
}

/// A claim that run `run` picks up its `monomial`-th monomial between
/// steps `from` and `to`.
const fn picked_up(run: usize, monomial: usize, from: u64, to: u64) -> Claim {
    Claim {
        run,
        with: "",
        monomial: Some(monomial),
        learned: Some((from, to)),
    }
}

/// A claim that run `run` is not learned within its budget.
const fn not_learned(run: usize) -> Claim {
    Claim {
        run,
        with: "",
        monomial: None,
        learned: None,
    }
}

/// The presets; the first is the page's default experiment.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "parity-vs-staircase",
        title: "Parity vs staircase",
        description: "Two targets of degree 4 on d = 100 bits, the same network and optimiser. \
            The staircase (x1 + x1x2 + x1x2x3 + x1x2x3x4)/2 is learned in under a thousand steps \
            (about 650 here), one monomial after another: each new monomial adds one coordinate \
            to those already found, so the gradient always has something to follow. The parity \
            x1x2x3x4 has no such foothold: its loss stays flat for the whole budget of 5,000 \
            steps. It is slow, not impossible: give it steps=40000 and it is learned at about \
            17,000 steps, some 1.1 million samples at 64 a step. Theory puts its cost at d^3 \
            samples (×8 each time d doubles) against about d for the staircase, because with \
            inputs that can be permuted and sign-flipped freely a network must search among the \
            sets of four coordinates before anything correlates with the target.",
        base: "v=1&d=100&steps=5000&eval_every=50",
        runs: &["target=staircase(4)", "target=parity(4)"],
        claims: &[
            learned(1, "", 500, 1000),
            not_learned(2),
            learned(2, "steps=40000", 15_000, 20_000),
        ],
    },
    Preset {
        id: "leap-1-2-3",
        title: "Leap 1 vs leap 2 vs leap 3",
        description: "Each target starts with x1; then the next monomial adds one, two or three \
            new coordinates at once (its leap). The larger the leap, the longer the plateau before \
            the second monomial is found: here at d = 50 the three are learned at about 100, 400 \
            and 900 steps. Theory predicts d^max(leap − 1, 1) samples: about d for leaps 1 and 2 \
            (up to log factors), d² for leap 3.",
        base: "v=1&d=50&steps=8000&eval_every=50",
        runs: &[
            "target=(x1 %2B x1x2)/sqrt(2)",
            "target=(x1 %2B x1x2x3)/sqrt(2)",
            "target=(x1 %2B x1x2x3x4)/sqrt(2)",
        ],
        claims: &[
            learned(1, "", 50, 200),
            learned(2, "", 300, 600),
            learned(3, "", 700, 1200),
        ],
    },
    Preset {
        id: "biased-parity",
        title: "Biased inputs make a parity learnable",
        description: "The same parity(4) on d = 100 bits, once with uniform inputs and once with \
            P(x_i = +1) = 0.8. Bias breaks the sign-flip symmetry: in the biased basis the parity \
            has a part of every degree, including degree 1, so its leap drops to 1 and gradient \
            descent finds it within the budget (at about 2,350 steps here), while the uniform one \
            stays flat for all 5,000 steps. The biased run's symmetry group is permutations only; \
            its orbit alignment is given for uniform inputs.",
        base: "v=1&d=100&target=parity(4)&steps=5000&eval_every=50",
        runs: &["p=0.5", "p=0.8"],
        claims: &[not_learned(1), learned(2, "", 1500, 3500)],
    },
    Preset {
        id: "depth-does-not-rescue",
        title: "Depth does not rescue a parity",
        description: "parity(4) at d = 100 with one hidden layer and with three. Depth changes the \
            function class but not the symmetry of training: both networks are equivariant under \
            permutations and sign flips, so both face the same search and neither gets off the \
            plateau within the budget.",
        base: "v=1&d=100&target=parity(4)&steps=5000&eval_every=50",
        runs: &["depth=2", "depth=4&width=128"],
        claims: &[not_learned(1), not_learned(2)],
    },
    Preset {
        id: "noisy-gd-vs-sgd",
        title: "Noisy GD vs online SGD",
        description: "The seed paper's model, full-batch gradient descent with clipped gradients and \
            Gaussian noise, against online SGD, on a staircase. Both learn it, and noisy GD in \
            fewer steps (about 100 against 200 here): each of its steps is a gradient over the \
            whole training set of 4,096 samples, not over a batch of 64, so it costs 64 times \
            more, and the run is that much slower per step. Count samples, not steps. The clipping \
            and the noise are what make the seed paper's lower bounds provable; at this small \
            noise they do not hold it back.",
        base: "v=1&d=30&target=staircase(3)&steps=3000&eval_every=50",
        runs: &["mode=online", "mode=noisy&n=4096&lr=0.5&noise=0.001&clip=1"],
        claims: &[learned(1, "", 100, 400), learned(2, "", 50, 200)],
    },
    Preset {
        id: "gf2-vs-sgd",
        title: "GF(2) elimination vs SGD on the same parity",
        description: "parity(3) and parity(4) at d = 50. Each card says how many samples Gaussian \
            elimination over GF(2) needs to learn its parity exactly: about d, here 53. Online SGD \
            draws 64 fresh samples every step, so by the time it learns parity(3) (about 800 steps) \
            it has used some fifty thousand, and parity(4) takes three times longer. Elimination is \
            not invariant under the symmetries of a fully-connected network, which is why it is \
            not bound by their cost.",
        base: "v=1&d=50&steps=5000&eval_every=50",
        runs: &["target=parity(3)", "target=parity(4)"],
        claims: &[learned(1, "", 600, 1000), learned(2, "", 1800, 2800)],
    },
    Preset {
        id: "rademacher-vs-gaussian",
        title: "Rademacher vs Gaussian initialisation",
        description: "parity(3) at d = 30 from ±1/√d weights and from Gaussian weights (a smaller \
            learning rate than the default, since both start with larger weights than PyTorch's \
            uniform initialisation). On the hypercube both initialisations are invariant under \
            signed permutations, so neither breaks the symmetry that makes the parity hard: both \
            sit on a plateau of well over a thousand steps before the loss drops (here the \
            Rademacher run is learned at about 2,350 steps, the Gaussian one at about 1,550).",
        base: "v=1&d=30&target=parity(3)&steps=6000&eval_every=50&lr=0.03",
        runs: &["init=rademacher", "init=gaussian"],
        claims: &[learned(1, "", 1500, 3500), learned(2, "", 1100, 2500)],
    },
    Preset {
        id: "cube-vs-sphere",
        title: "The same staircase on the cube and on the sphere",
        description: "staircase(4) = (x1 + x1x2 + x1x2x3 + x1x2x3x4)/2 at d = 50, on the hypercube \
            and on the sphere of radius √50, with the same network and optimiser. Its leap is 1 on \
            both, and with the default (uniform) initialisation both runs have the same symmetry \
            group, signed permutations, so nearly the same alignment (about 1.5e-3). Both climb the \
            staircase one monomial at a time, but the sphere takes several times longer (about \
            3,500 steps against 500 here). On the sphere x_i² is not 1: the monomials are no longer \
            of unit variance (E[x1²x2²] = d/(d + 2)), the target takes a continuum of values instead \
            of 16, and the network has a real polynomial to fit. Give the sphere run init=gaussian \
            and lr=0.03 to see its group become the orthogonal group O(d).",
        base: "v=1&d=50&target=staircase(4)&steps=6000&eval_every=50",
        runs: &["domain=cube", "domain=sphere"],
        claims: &[learned(1, "", 300, 800), learned(2, "", 2500, 4500)],
    },
    Preset {
        id: "rademacher-changes-the-group",
        title: "On Gaussian inputs, the initialisation picks the symmetry group",
        description: "The single-index target he3(x1)/√6 (a Hermite polynomial of degree 3) on \
            Gaussian inputs at d = 30, from Gaussian and from Rademacher first-layer weights. \
            Gaussian inputs are invariant under every rotation; with Gaussian weights so is the whole \
            run, the group is O(d), the orbit of he3(x1) is he3 of every direction, and its \
            alignment is about 5e-4 ≈ d^-2.3. Rademacher weights are invariant only under signed \
            permutations: the orbit shrinks to the 2d functions ±he3(x_i) and the alignment grows to \
            1/d ≈ 3e-2, so the lower bound from symmetry is much weaker. Learning is not faster for \
            it: here the Gaussian-initialised network finds x1 after about 2,600 steps and the \
            Rademacher one later, if at all (it depends on the seed). A large alignment removes an \
            obstacle; it does not show the network where x1 is.",
        base: "v=1&d=30&domain=gaussian&target=he3(x1)/sqrt(6)&steps=6000&eval_every=50&lr=0.03",
        runs: &["init=gaussian", "init=rademacher"],
        claims: &[learned(1, "", 2000, 3200), learned(2, "", 3200, 6000)],
    },
    Preset {
        id: "three-leaps",
        title: "Three leaps in one target: plateau after plateau",
        description: "(x1 + x1x2x3 + x1x2x3x4x5x6)/√3 at d = 50 and at d = 100. Online SGD \
            learns it one monomial at a time, and the card lists where each was picked up (its \
            coefficient reached half of the target's; dots on the coefficient plot). x1 comes at \
            once; x1x2x3 brings two new coordinates (a leap of 2) and comes after a plateau of \
            about 500 steps; x1x2x3x4x5x6 brings three more (a leap of 3) and comes after a \
            longer one: at about 2,100 steps at d = 50 and 4,600 at d = 100. Doubling d barely \
            moves the leap-2 pick-up and more than doubles the leap-3 one: theory puts them at d \
            and d² samples. The sweep page measures those slopes.",
        base: "v=1&target=(x1 %2B x1x2x3 %2B x1x2x3x4x5x6)/sqrt(3)&steps=8000&eval_every=25",
        runs: &["d=50", "d=100"],
        claims: &[
            learned(1, "", 2000, 3000),
            learned(2, "", 4000, 5500),
            picked_up(1, 0, 0, 100),
            picked_up(1, 1, 300, 700),
            picked_up(1, 2, 1700, 2600),
            picked_up(2, 1, 350, 800),
            picked_up(2, 2, 3800, 5300),
        ],
    },
];
