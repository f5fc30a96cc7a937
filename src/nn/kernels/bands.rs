//! One product on several threads (natively, and in the wasm build with the
//! `threads` feature, whose pool is Web Workers): the rows of `C` are cut
//! into contiguous bands, and each band is computed by the one-thread
//! engine on its own thread. Every output element is still summed in
//! increasing `k` by one thread, and an element's order of operations does
//! not depend on which rows share its block (see the module notes of
//! `kernels`), so the bits are the same for any number of threads.

use super::{gemm_at, Finish, Level, Product, Scratch, Strided};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads a product may use; 1 until [`set_threads`] says otherwise.
static THREADS: AtomicUsize = AtomicUsize::new(1);

/// Multiply-adds (`m·n·k`) a band must have, at the least, to be worth a
/// thread of its own; smaller products stay on the calling thread.
static MIN_BAND_WORK: AtomicUsize = AtomicUsize::new(DEFAULT_MIN_BAND_WORK);

/// About half a millisecond of arithmetic, far more than handing a band to
/// a waiting thread costs (at an eighth of this, the headline and deep
/// benchmark configurations ran slower on two threads than on one).
const DEFAULT_MIN_BAND_WORK: usize = 1 << 22;

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

/// How many bands `p` is cut into: at most [`threads`], each with at
/// least the minimum work, never more than its rows.
fn band_count(p: &Product) -> usize {
    let work = p.m.saturating_mul(p.n).saturating_mul(p.k);
    let by_work = work / MIN_BAND_WORK.load(Ordering::Relaxed);
    threads().min(by_work).min(p.m).max(1)
}

/// [`gemm_at`] with the rows of `C` cut into bands computed on separate
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
    MOST_BANDS.fetch_max(bands, Ordering::Relaxed);
    let n = p.n;
    let rows_per_band = p.m.div_ceil(bands);
    let mut c_rest = &mut c[..p.m * n];
    let mut finish_rest = finish;
    let mut jobs = Vec::with_capacity(bands);
    let mut i0 = 0;
    while i0 < p.m {
        let rows = rows_per_band.min(p.m - i0);
        let (c_band, c_next) = std::mem::take(&mut c_rest).split_at_mut(rows * n);
        let (f_band, f_next) = split_finish(finish_rest, rows * n);
        let band = Product {
            a: Strided {
                data: &p.a.data[i0 * p.a.row_stride..],
                ..p.a
            },
            m: rows,
            ..*p
        };
        jobs.push((band, c_band, f_band));
        (c_rest, finish_rest, i0) = (c_next, f_next, i0 + rows);
    }
    let mut jobs = jobs.into_iter();
    let (first, first_c, first_finish) = jobs.next().expect("two bands or more");
    rayon::scope(|s| {
        for (band, c_band, f_band) in jobs {
            s.spawn(move |_| {
                SCRATCH.with(|sc| gemm_at(level, &band, &mut sc.borrow_mut(), c_band, f_band));
            });
        }
        gemm_at(level, &first, scratch, first_c, first_finish);
    });
}

/// `finish` for the first `len` elements of `C` and for the rest.
fn split_finish(finish: Finish, len: usize) -> (Finish, Finish) {
    match finish {
        Finish::Keep => (Finish::Keep, Finish::Keep),
        Finish::Relu => (Finish::Relu, Finish::Relu),
        Finish::Activate(act, post) => {
            let (band, rest) = post.split_at_mut(len.min(post.len()));
            (Finish::Activate(act, band), Finish::Activate(act, rest))
        }
        Finish::Derivative(act, pre) => {
            let (band, rest) = pre.split_at(len.min(pre.len()));
            (Finish::Derivative(act, band), Finish::Derivative(act, rest))
        }
    }
}
