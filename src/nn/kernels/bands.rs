//! One product on several threads (natively, and in the wasm build with the
//! `threads` feature, whose pool is Web Workers): `C` is cut into bands of
//! columns or of rows, and each band is computed by the one-thread engine
//! on its own thread, writing its own elements of the shared `C`. Every
//! output element is still summed in increasing `k` by one thread, and an
//! element's order of operations does not depend on which rows or columns
//! share its block (see the module notes of `kernels`), so the bits are
//! the same for any number of threads.

use super::{
    check, gemm_at, gemm_into, Finish, FinishAt, Level, Product, Scratch, Strided, NR_MAX,
};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads a product may use; 1 until [`set_threads`] says otherwise.
static THREADS: AtomicUsize = AtomicUsize::new(1);

/// Multiply-adds (`m·n·k`) a band must have, at the least, to be worth a
/// thread of its own; smaller products stay on the calling thread.
static MIN_BAND_WORK: AtomicUsize = AtomicUsize::new(DEFAULT_MIN_BAND_WORK);

/// About 2 million multiply-adds, some 0.06 ms natively: more than handing
/// a band to a waiting thread costs. The deep benchmark configuration
/// (products of 2^22) ran 12 % faster on two threads with it than with
/// twice it, which left those products whole; at a quarter of it, the
/// headline and deep configurations ran slower on two threads than on one.
const DEFAULT_MIN_BAND_WORK: usize = 1 << 21;

/// What writing one element of `C` and its finish costs, in multiply-adds
/// (a guess, rounded up): it makes an outer product (`k = 1`, the
/// gradient passed down from a one-unit output layer, which reads and
/// writes whole matrices) as worth cutting as its memory traffic, and
/// leaves the threshold of larger products about where it was.
const ELEMENT_WORK: usize = 8;

/// The most bands any product was cut into since the last [`set_threads`].
static MOST_BANDS: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    /// The packing buffers of a helper thread, allocated on its first band.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Lets every product from now on use up to `threads` threads (at least
/// one) of rayon's global pool, one band of rows each, when each band
/// has at least `min_band_work` multiply-adds (`None`: the default, about
/// half a millisecond of arithmetic). The results are the same bits for any setting.
pub fn set_threads(threads: usize, min_band_work: Option<usize>) {
    THREADS.store(threads.max(1), Ordering::Relaxed);
    MOST_BANDS.store(1, Ordering::Relaxed);
    MIN_BAND_WORK.store(
        min_band_work.unwrap_or(DEFAULT_MIN_BAND_WORK).max(1),
        Ordering::Relaxed,
    );
}

/// The threads a product may use ([`set_threads`]).
pub fn threads() -> usize {
    THREADS.load(Ordering::Relaxed)
}

/// The threads the products have used since the last [`set_threads`]: the
/// most bands any of them was cut into (1 when none was large enough to
/// be cut, however many threads they may use).
pub fn threads_used() -> usize {
    MOST_BANDS.load(Ordering::Relaxed)
}

/// How many bands `p` may be cut into: at most [`threads`], each with at
/// least the minimum work, counted as `m·n·(k + ELEMENT_WORK)`
/// multiply-adds.
fn band_count(p: &Product) -> usize {
    let work = p.m.saturating_mul(p.n).saturating_mul(p.k + ELEMENT_WORK);
    let by_work = work / MIN_BAND_WORK.load(Ordering::Relaxed);
    threads().min(by_work).max(1)
}

/// A block of `C` one thread computes: rows `i0 .. i0 + rows`, columns
/// `j0 .. j0 + cols`.
#[derive(Clone, Copy)]
struct Band {
    i0: usize,
    rows: usize,
    j0: usize,
    cols: usize,
}

/// `p`'s `C` cut into at most `bands` bands: of columns when it has more
/// columns than rows (then `B` is usually the larger operand, and each
/// thread packs and reads only its share of it), in multiples of
/// [`NR_MAX`] so that no register block is split; else of rows.
fn cut(p: &Product, bands: usize) -> Vec<Band> {
    if p.n > p.m {
        let width = p.n.div_ceil(bands).next_multiple_of(NR_MAX);
        (0..p.n)
            .step_by(width)
            .map(|j0| Band {
                i0: 0,
                rows: p.m,
                j0,
                cols: width.min(p.n - j0),
            })
            .collect()
    } else {
        let height = p.m.div_ceil(bands);
        (0..p.m)
            .step_by(height)
            .map(|i0| Band {
                i0,
                rows: height.min(p.m - i0),
                j0: 0,
                cols: p.n,
            })
            .collect()
    }
}

/// `C` and the finish, shared by the threads of one product, each of
/// which writes only its own band.
#[derive(Clone, Copy)]
struct Shared {
    c: *mut f32,
    finish: FinishAt,
}

// SAFETY: the bands of one product are disjoint (`cut`), so the threads
// sharing these pointers never read or write the same element.
unsafe impl Send for Shared {}

impl FinishAt {
    /// The same finish for the block of `C` that starts `offset` elements
    /// in.
    ///
    /// # Safety
    /// The offset is within the matrix.
    unsafe fn offset(self, offset: usize) -> FinishAt {
        match self {
            FinishAt::Activate(act, post) => FinishAt::Activate(act, post.add(offset)),
            FinishAt::Derivative(act, pre) => FinishAt::Derivative(act, pre.add(offset)),
            other => other,
        }
    }
}

impl Band {
    /// Computes this band of `p` into `out`.
    ///
    /// # Safety
    /// As for `gemm_into` on all of `p`'s `C` (stride `n`), with the band
    /// inside it and no other thread touching the band's elements.
    unsafe fn run(self, level: Level, p: &Product, scratch: &mut Scratch, out: Shared) {
        let band = Product {
            a: Strided {
                data: &p.a.data[self.i0 * p.a.row_stride..],
                ..p.a
            },
            b: Strided {
                data: &p.b.data[self.j0 * p.b.col_stride..],
                ..p.b
            },
            m: self.rows,
            n: self.cols,
            init: p.init.map(|row| &row[self.j0..]),
            ..*p
        };
        let at = self.i0 * p.n + self.j0;
        gemm_into(
            level,
            &band,
            scratch,
            out.c.add(at),
            p.n,
            out.finish.offset(at),
        );
    }
}

/// [`gemm_at`] with `C` cut into bands ([`cut`]) computed on separate
/// threads when the product is large enough ([`band_count`]), else on
/// this one with `scratch`.
pub(super) fn gemm_in_bands(
    level: Level,
    p: &Product,
    scratch: &mut Scratch,
    c: &mut [f32],
    finish: Finish,
) {
    let bands = band_count(p);
    if bands == 1 {
        return gemm_at(level, p, scratch, c, finish);
    }
    let cuts = cut(p, bands);
    if cuts.len() < 2 {
        return gemm_at(level, p, scratch, c, finish);
    }
    let (first, rest) = (cuts[0], &cuts[1..]);
    MOST_BANDS.fetch_max(cuts.len(), Ordering::Relaxed);
    let finish = check(level, p, c, finish);
    let out = Shared {
        c: c.as_mut_ptr(),
        finish,
    };
    // The calling thread computes the first band itself, rather than
    // handing the whole scope to the pool and sleeping until it ends.
    rayon::in_place_scope(|s| {
        for &band in rest {
            // SAFETY: `check` made sure `c` and the finish's matrix hold
            // `C`, borrowed until the scope ends; the bands are disjoint.
            s.spawn(move |_| {
                SCRATCH.with(|sc| unsafe { band.run(level, p, &mut sc.borrow_mut(), out) })
            });
        }
        // SAFETY: as above.
        unsafe { first.run(level, p, scratch, out) };
    });
    keep_helpers_awake();
}

/// Helpers of the pool now kept awake by [`stay_awake`].
static AWAKE: AtomicUsize = AtomicUsize::new(0);

/// Rounds of looking for work, each a few atomic reads (well under a
/// microsecond), that a helper kept awake goes without finding any before
/// it goes back to sleep.
const AWAKE_ROUNDS: usize = 20_000;

/// Keeps the pool's helpers (all but this thread's share of [`threads`])
/// awake after a product, so that the next product's bands start at once:
/// waking a helper from sleep takes tens of microseconds natively and more
/// between Web Workers, as long as a band of a small product takes.
fn keep_helpers_awake() {
    let want = threads() - 1;
    let mut awake = AWAKE.load(Ordering::Relaxed);
    while awake < want {
        match AWAKE.compare_exchange(awake, awake + 1, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => {
                rayon::spawn(stay_awake);
                awake += 1;
            }
            Err(now) => awake = now,
        }
    }
}

/// Runs the pool's waiting jobs (the next product's bands) as they come,
/// until [`AWAKE_ROUNDS`] rounds pass without any.
fn stay_awake() {
    let mut idle = 0;
    while idle < AWAKE_ROUNDS {
        if rayon::yield_now() == Some(rayon::Yield::Executed) {
            idle = 0;
        } else {
            idle += 1;
            std::hint::spin_loop();
        }
    }
    AWAKE.fetch_sub(1, Ordering::Relaxed);
}
