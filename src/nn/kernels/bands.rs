//! One product, or one pass over memory, on several threads (natively, and
//! in the wasm build with the `threads` feature, whose pool is Web
//! Workers). A product's `C` is cut into bands of columns or of rows, each
//! computed by the one-thread engine, writing its own elements of the
//! shared `C`; a pass ([`for_chunks`]) is cut into chunks of its output.
//! The calling thread and the pool's helpers kept awake share the bands or
//! chunks out among themselves (`crew.rs`). Every output element is still
//! computed by one thread, summed in increasing `k`, and an element's order
//! of operations does not depend on which rows or columns share its block
//! (see the module notes of `kernels`), so the bits are the same for any
//! number of threads.

use super::crew::share_out;
use super::{
    check, gemm_at, gemm_into, Finish, FinishAt, Level, Product, Scratch, Strided, NR_MAX,
};
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

/// Lets every product from now on use up to `threads` threads (at least
/// one): this thread and helpers of rayon's pool, one band each, when
/// each band has at least `min_band_work` multiply-adds (`None`: the
/// default, 2^21); passes over memory are cut at a [`CHUNK_PER_BAND`]th
/// of that. The results are the same bits for any setting.
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
#[derive(Clone, Copy)]
struct Cut {
    /// Whether the bands are of columns (else of rows).
    by_columns: bool,
    /// Columns (or rows) of each band but the last.
    size: usize,
    /// How many bands there are.
    count: usize,
}

impl Cut {
    /// `p`'s cut into at most `bands` bands.
    fn new(p: &Product, bands: usize) -> Cut {
        let by_columns = p.n > p.m;
        let (len, size) = if by_columns {
            (p.n, p.n.div_ceil(bands).next_multiple_of(NR_MAX))
        } else {
            (p.m, p.m.div_ceil(bands))
        };
        Cut {
            by_columns,
            size,
            count: len.div_ceil(size),
        }
    }

    /// Band `i` of `p` (`i < count`).
    fn band(self, p: &Product, i: usize) -> Band {
        let start = i * self.size;
        if self.by_columns {
            Band {
                i0: 0,
                rows: p.m,
                j0: start,
                cols: self.size.min(p.n - start),
            }
        } else {
            Band {
                i0: start,
                rows: self.size.min(p.m - start),
                j0: 0,
                cols: p.n,
            }
        }
    }
}

/// `C` and the finish, shared by the threads of one product, each of
/// which writes only its own band.
#[derive(Clone, Copy)]
struct Shared {
    c: *mut f32,
    finish: FinishAt,
}

// SAFETY: the bands of one product are disjoint (`Cut`), so the threads
// sharing these pointers never read or write the same element.
unsafe impl Sync for Shared {}

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

/// [`gemm_at`] with `C` cut into bands ([`Cut`]) shared out among this
/// thread and the helpers kept awake ([`share_out`]) when the product is large enough
/// ([`band_count`]), else on this one with `scratch`.
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
    let cut = Cut::new(p, bands);
    if cut.count < 2 {
        return gemm_at(level, p, scratch, c, finish);
    }
    MOST_BANDS.fetch_max(cut.count, Ordering::Relaxed);
    let finish = check(level, p, c, finish);
    let out = Shared {
        c: c.as_mut_ptr(),
        finish,
    };
    // SAFETY: `check` made sure `c` and the finish's matrix hold `C`,
    // borrowed until `share_out` returns; the bands are disjoint.
    share_out(cut.count, scratch, &|i, scratch| unsafe {
        cut.band(p, i).run(level, p, scratch, out)
    });
}

/// How much less work a chunk of [`for_chunks`] needs than a band of a
/// product: its threads start it at once (they are awake after the
/// products), and a pass over memory does less per element than a
/// multiply-add with its operands in registers.
const CHUNK_PER_BAND: usize = 64;

/// `f(start, chunk)` on chunks of `out` (`chunk` is `out[start ..]`, its
/// length a multiple of `unit` but for the last), shared out among the
/// threads ([`share_out`]), each chunk with at least a
/// [`CHUNK_PER_BAND`]th of a product band's least work (`out.len() ·
/// work` is the work of all the elements, in multiply-adds or elements
/// passed over; by default a chunk has 2^15). For passes whose every
/// element is computed on its own, which give the same bits however they
/// are cut.
pub fn for_chunks(
    out: &mut [f32],
    unit: usize,
    work: usize,
    f: &(dyn Fn(usize, &mut [f32]) + Sync),
) {
    let least = (MIN_BAND_WORK.load(Ordering::Relaxed) / CHUNK_PER_BAND).max(1);
    let chunks = threads().min(out.len().saturating_mul(work) / least).max(1);
    // whole cache lines, so that no two threads write the same one
    let size = out
        .len()
        .div_ceil(chunks)
        .next_multiple_of(unit.next_multiple_of(16))
        .max(1);
    let (len, base) = (out.len(), Elements(out.as_mut_ptr()));
    // the chunks pack nothing: an empty scratch, which allocates nothing
    let mut unused = Scratch {
        a: Vec::new(),
        b: Vec::new(),
    };
    share_out(len.div_ceil(size), &mut unused, &|i, _| {
        let start = i * size;
        let end = (start + size).min(len);
        // SAFETY: the chunks are disjoint parts of `out`, borrowed until
        // `share_out` returns.
        f(start, unsafe {
            std::slice::from_raw_parts_mut(base.at(start), end - start)
        });
    });
}

/// The elements of a slice that several threads write, each its own part.
struct Elements(*mut f32);

impl Elements {
    /// The element `i` places in.
    ///
    /// # Safety
    /// `i` is within the slice.
    unsafe fn at(&self, i: usize) -> *mut f32 {
        self.0.add(i)
    }
}

// SAFETY: each thread writes only its own chunk (`for_chunks`).
unsafe impl Sync for Elements {}
