//! Dense f32 kernels for batched fully-connected layers.
//!
//! Matrices are row-major and contiguous. A layer's weights are stored
//! `n_in × n_out` (row `i` holds the weights leaving input `i`).
//!
//! **Summation order.** Every matrix product here, [`gemm`], computes each
//! output element as `c = init; c = c + a_0·b_0; c = c + a_1·b_1; …` in
//! increasing `k`, one rounded multiply and one rounded add per term, never
//! fused. Speed comes only from computing many *independent* elements at
//! once (a register block of `MR × NR` accumulators, SIMD across columns),
//! from cache blocking (a `K` block's partial sums are stored as f32 and
//! reloaded, which is exact) and from packing operands into contiguous
//! panels (or, for small ones, reading them in place). None of these
//! changes any element's order of operations, so the block shape and the
//! vector width may differ between targets (AVX-512, AVX2 or SSE2 natively,
//! `simd128` in wasm) and the bits stay the same;
//! `every_level_gives_the_same_bits` checks it. The only other reduction,
//! [`dot`], has a fixed eight-lane tree. [`weighted_row_sum`] sums element
//! by element in row order; on [`Level::Avx2`] and [`Level::Avx512`] its
//! loops are compiled for those instruction sets (wider vectors, the same
//! operations). Natively, and in the threaded
//! wasm build, a large product may cut its rows into bands computed on
//! several threads ([`set_threads`]); each element is still summed by one
//! thread in the same order, so nothing depends on the number of threads
//! either.

use super::activation::Activation;
use std::sync::atomic::{AtomicU8, Ordering};

/// A matrix read through strides: element `(i, j)` is
/// `data[i * row_stride + j * col_stride]`.
#[derive(Clone, Copy, Debug)]
pub struct Strided<'a> {
    /// The elements.
    pub data: &'a [f32],
    /// Distance between consecutive rows.
    pub row_stride: usize,
    /// Distance between consecutive columns.
    pub col_stride: usize,
}

impl<'a> Strided<'a> {
    /// A row-major matrix with `cols` columns.
    pub fn rows(data: &'a [f32], cols: usize) -> Self {
        Strided {
            data,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The transpose of a row-major matrix with `cols` columns.
    pub fn transposed(data: &'a [f32], cols: usize) -> Self {
        Strided {
            data,
            row_stride: 1,
            col_stride: cols,
        }
    }

    fn at(&self, i: usize, j: usize) -> f32 {
        self.data[i * self.row_stride + j * self.col_stride]
    }
}

/// What [`gemm`] does to each finished output element `c` at `(i, j)`.
#[derive(Debug)]
pub enum Finish<'a> {
    /// Keep `c`.
    Keep,
    /// Replace `c` by `relu(c)`, in place (a forward ReLU layer that
    /// keeps only its activations: `relu(z) > 0` exactly when `z > 0`, so
    /// they also give the derivative).
    Relu,
    /// Keep `c` and write `σ(c)` to `post[i][j]` (a forward layer: `c` is
    /// the pre-activation).
    Activate(Activation, &'a mut [f32]),
    /// Replace `c` by `c · σ'(pre[i][j])` (backpropagation through `σ`).
    Derivative(Activation, &'a [f32]),
}

/// [`Finish`] as the blocked engine applies it: its matrix as a pointer,
/// element `(i, j)` at the same offset from it as in `C`. The bands of one
/// product share it, each finishing its own elements.
#[derive(Clone, Copy)]
enum FinishAt {
    Keep,
    Relu,
    Activate(Activation, *mut f32),
    Derivative(Activation, *const f32),
}

impl Finish<'_> {
    /// This finish as the engine applies it ([`FinishAt`]), after checking
    /// that its matrix holds the `len` elements of `C`.
    fn at(&mut self, len: usize) -> FinishAt {
        match self {
            Finish::Keep => FinishAt::Keep,
            Finish::Relu => FinishAt::Relu,
            Finish::Activate(act, post) => {
                assert!(post.len() >= len, "the finish's matrix is too short");
                FinishAt::Activate(*act, post.as_mut_ptr())
            }
            Finish::Derivative(act, pre) => {
                assert!(pre.len() >= len, "the finish's matrix is too short");
                FinishAt::Derivative(*act, pre.as_ptr())
            }
        }
    }
}

/// A product `C = init + A·B` of shapes `m × k`, `k × n`, `m × n`.
#[derive(Clone, Copy, Debug)]
pub struct Product<'a> {
    /// `A`, `m × k`.
    pub a: Strided<'a>,
    /// `B`, `k × n`.
    pub b: Strided<'a>,
    /// Rows `m` of `A` and `C`.
    pub m: usize,
    /// The summed dimension `k`.
    pub k: usize,
    /// Columns `n` of `B` and `C`.
    pub n: usize,
    /// A row added to every row of `C` before the products (a bias), or
    /// zeros.
    pub init: Option<&'a [f32]>,
}

/// Rows of the left operand packed per cache block.
const MC: usize = 128;
/// Depth of a cache block: partial sums are stored after each.
const KC: usize = 256;
/// Columns of the right operand packed per cache block (its `KC × NC`
/// panels, 512 KB, stay in a second-level cache while every block of rows
/// reads them).
const NC: usize = 512;
/// The most rows of a register block over all levels.
const MR_MAX: usize = 8;
/// The most columns of a register block over all levels.
const NR_MAX: usize = 16;

/// Packing buffers for [`gemm`], allocated once (about 650 KB).
#[derive(Clone, Debug)]
pub struct Scratch {
    a: Vec<f32>,
    b: Vec<f32>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            a: vec![0.0; (MC + MR_MAX) * KC],
            b: vec![0.0; KC * NC],
        }
    }
}

/// The instruction sets [`gemm`] can run on; each gives the same bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// 128-bit vectors: SSE2 natively, `simd128` in wasm (four scalar lanes
    /// elsewhere).
    Base,
    /// x86-64 AVX2, 256-bit vectors.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// x86-64 AVX-512F, 512-bit vectors.
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Level {
    /// Every level, narrowest first.
    const ALL: [Level; LEVELS] = [
        Level::Base,
        #[cfg(target_arch = "x86_64")]
        Level::Avx2,
        #[cfg(target_arch = "x86_64")]
        Level::Avx512,
    ];

    /// Whether this processor runs the level.
    pub fn is_available(self) -> bool {
        match self {
            Level::Base => true,
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => std::arch::is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
        }
    }

    /// Every level this processor runs, [`Level::Base`] first.
    pub fn available() -> Vec<Level> {
        Level::ALL
            .into_iter()
            .filter(|l| l.is_available())
            .collect()
    }

    /// The level [`gemm`] uses: the widest available, unless
    /// [`Level::use_at_most`] said otherwise.
    pub fn current() -> Level {
        match CURRENT.load(Ordering::Relaxed) {
            0 => {
                let widest = *Level::available().last().unwrap_or(&Level::Base);
                CURRENT.store(widest as u8 + 1, Ordering::Relaxed);
                widest
            }
            code => Level::ALL[usize::from(code) - 1],
        }
    }

    /// Makes [`gemm`] use the widest available level up to `level` from now
    /// on, in every thread (for benchmarks: the results are the same bits
    /// on every level).
    pub fn use_at_most(level: Level) {
        let chosen = Level::available()
            .into_iter()
            .rfind(|l| *l as u8 <= level as u8)
            .unwrap_or(Level::Base);
        CURRENT.store(chosen as u8 + 1, Ordering::Relaxed);
    }
}

/// How many levels this target has.
#[cfg(target_arch = "x86_64")]
const LEVELS: usize = 3;
#[cfg(not(target_arch = "x86_64"))]
const LEVELS: usize = 1;

/// [`Level::current`] as `1 + its index`, or 0 before the first detection.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// `C = init + A·B` into `c` (`m × n`, row-major), then `finish` applied to
/// every element, on [`Level::current`] and (natively, or in the threaded
/// wasm build) on up to [`threads`] threads. Each element is summed in
/// increasing `k` (see the module's notes).
pub fn gemm(p: &Product, scratch: &mut Scratch, c: &mut [f32], finish: Finish) {
    #[cfg(any(not(target_arch = "wasm32"), feature = "threads"))]
    bands::gemm_in_bands(Level::current(), p, scratch, c, finish);
    #[cfg(all(target_arch = "wasm32", not(feature = "threads")))]
    gemm_at(Level::current(), p, scratch, c, finish);
}

/// [`gemm`] on a given level; panics if this processor does not run it.
pub fn gemm_at(level: Level, p: &Product, scratch: &mut Scratch, c: &mut [f32], finish: Finish) {
    let finish = check(level, p, c, finish);
    // SAFETY: `check` made sure the level runs here and `c` and the
    // finish's matrix hold `C`; both are borrowed for the call.
    unsafe { gemm_into(level, p, scratch, c.as_mut_ptr(), p.n, finish) }
}

/// Checks that `level` runs here and that the operands, `c` and the
/// finish's matrix hold what `p` reads and writes (panics if not); returns
/// the finish as the engine applies it.
fn check(level: Level, p: &Product, c: &mut [f32], mut finish: Finish) -> FinishAt {
    assert!(level.is_available(), "{level:?} is not available here");
    assert!(c.len() >= p.m * p.n);
    assert!(p.init.is_none_or(|b| b.len() >= p.n));
    assert!(
        p.m == 0 || p.k == 0 || p.n == 0 || {
            let last = |s: &Strided, rows: usize, cols: usize| {
                (rows - 1) * s.row_stride + (cols - 1) * s.col_stride < s.data.len()
            };
            last(&p.a, p.m, p.k) && last(&p.b, p.k, p.n)
        }
    );
    finish.at(p.m * p.n)
}

/// `C = init + A·B`, then `finish`, on `level`, element `(i, j)` of `C`
/// at `c[i·ld + j]`.
///
/// # Safety
/// The level runs here; `c` and the finish's matrix are valid for reads
/// and writes of the `m × n` elements at stride `ld`, which no one else
/// reads or writes during the call; the operands hold what `p` reads.
unsafe fn gemm_into(
    level: Level,
    p: &Product,
    scratch: &mut Scratch,
    c: *mut f32,
    ld: usize,
    finish: FinishAt,
) {
    match level {
        Level::Base => blocked::<base::V, { base::MR }, { base::NV }>(p, scratch, c, ld, finish),
        #[cfg(target_arch = "x86_64")]
        Level::Avx2 => blocked_avx2(p, scratch, c, ld, finish),
        #[cfg(target_arch = "x86_64")]
        Level::Avx512 => blocked_avx512(p, scratch, c, ld, finish),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn blocked_avx2(p: &Product, scratch: &mut Scratch, c: *mut f32, ld: usize, f: FinishAt) {
    blocked::<x86::V256, MR_AVX2, 2>(p, scratch, c, ld, f);
}

/// Rows of an AVX2 register block (its 6 × 2 accumulators, two vectors
/// of `B` and a broadcast of `A` fill the sixteen registers).
#[cfg(target_arch = "x86_64")]
const MR_AVX2: usize = 6;

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn blocked_avx512(p: &Product, scratch: &mut Scratch, c: *mut f32, ld: usize, f: FinishAt) {
    blocked::<x86::V512, MR_AVX512, 1>(p, scratch, c, ld, f);
}

/// Rows of an AVX-512 register block: 8 × 1 accumulators of sixteen
/// lanes. With one vector of `B` per term, each broadcast of `A` has one
/// use and folds into its multiply as a memory operand (`{1to16}`), so a
/// term is one load, eight multiplies and eight adds: on Zen 4, whose
/// 512-bit instructions do the work of two 256-bit ones, this runs at
/// about 1.2× the AVX2 block, which is limited by issuing its broadcasts
/// and 256-bit instructions.
#[cfg(target_arch = "x86_64")]
const MR_AVX512: usize = 8;

#[cfg(any(not(target_arch = "wasm32"), feature = "threads"))]
mod bands;
mod blocked;
#[cfg(any(not(target_arch = "wasm32"), feature = "threads"))]
mod crew;
mod pack;
mod reductions;
mod register;
mod vector;

#[cfg(any(not(target_arch = "wasm32"), feature = "threads"))]
pub use bands::{for_chunks, set_threads, threads, threads_used};

/// The threads the products have used: in the wasm build without the
/// `threads` feature always one (it has no shared memory, so a run's
/// products stay on its worker's thread).
#[cfg(all(target_arch = "wasm32", not(feature = "threads")))]
pub fn threads_used() -> usize {
    1
}

/// `f(0, out)`: with no shared memory, a pass stays on this thread (the
/// threaded builds share it out in chunks).
#[cfg(all(target_arch = "wasm32", not(feature = "threads")))]
pub fn for_chunks(out: &mut [f32], _unit: usize, _work: usize, f: &dyn Fn(usize, &mut [f32])) {
    f(0, out)
}

pub use reductions::{dot, weighted_row_sum};

use blocked::blocked;
use vector::*;

#[cfg(test)]
mod tests;
