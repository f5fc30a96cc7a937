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
//! panels. None of these changes any element's order of operations, so the
//! block shape and the vector width may differ between targets (AVX2 or
//! SSE2 natively, `simd128` in wasm) and the bits stay the same;
//! `every_level_gives_the_same_bits` checks it. The only other reduction,
//! [`dot`], has a fixed eight-lane tree. Nothing depends on threads.

use super::activation::Activation;
use std::sync::atomic::{AtomicU8, Ordering};

/// `Σ_k a_k b_k`, accumulated in eight lanes (`lane = k mod 8`, the tail
/// going to lanes `0..`), combined as `((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7))`.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 8;
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [0.0f32; LANES];
    let (a_main, a_tail) = a.split_at(a.len() - a.len() % LANES);
    let (b_main, b_tail) = b.split_at(a_main.len());
    for (ca, cb) in a_main.chunks_exact(LANES).zip(b_main.chunks_exact(LANES)) {
        for k in 0..LANES {
            acc[k] += ca[k] * cb[k];
        }
    }
    for (k, (x, y)) in a_tail.iter().zip(b_tail).enumerate() {
        acc[k] += x * y;
    }
    ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]))
}

/// `y ← y + α x`.
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// The bias gradient `g = Σ_b delta[b]`, summed over the batch in order.
pub fn bias_grad(delta: &[f32], g: &mut [f32]) {
    g.fill(0.0);
    for dl in delta.chunks_exact(g.len()) {
        axpy(1.0, dl, g);
    }
}

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
/// The most rows of a register block over all levels.
const MR_MAX: usize = 6;
/// The most columns of a register block over all levels.
const NR_MAX: usize = 16;

/// Packing buffers for [`gemm`], allocated once (about 150 KB).
#[derive(Clone, Debug)]
pub struct Scratch {
    a: Vec<f32>,
    b: Vec<f32>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            a: vec![0.0; (MC + MR_MAX) * KC],
            b: vec![0.0; KC * NR_MAX],
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
}

impl Level {
    /// Every level, narrowest first.
    const ALL: [Level; LEVELS] = [
        Level::Base,
        #[cfg(target_arch = "x86_64")]
        Level::Avx2,
    ];

    /// Whether this processor runs the level.
    pub fn is_available(self) -> bool {
        match self {
            Level::Base => true,
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => std::arch::is_x86_feature_detected!("avx2"),
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
const LEVELS: usize = 2;
#[cfg(not(target_arch = "x86_64"))]
const LEVELS: usize = 1;

/// [`Level::current`] as `1 + its index`, or 0 before the first detection.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// `C = init + A·B` into `c` (`m × n`, row-major), then `finish` applied to
/// every element, on [`Level::current`]. Each element is summed in
/// increasing `k` (see the module's notes).
pub fn gemm(p: &Product, scratch: &mut Scratch, c: &mut [f32], finish: Finish) {
    gemm_at(Level::current(), p, scratch, c, finish);
}

/// [`gemm`] on a given level; panics if this processor does not run it.
pub fn gemm_at(level: Level, p: &Product, scratch: &mut Scratch, c: &mut [f32], finish: Finish) {
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
    match level {
        Level::Base => blocked::<base::V, { base::MR }, { base::NV }>(p, scratch, c, finish),
        // SAFETY: the processor has the level's features (asserted above).
        #[cfg(target_arch = "x86_64")]
        Level::Avx2 => unsafe { blocked_avx2(p, scratch, c, finish) },
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn blocked_avx2(p: &Product, scratch: &mut Scratch, c: &mut [f32], finish: Finish) {
    blocked::<x86::V256, MR_AVX2, 2>(p, scratch, c, finish);
}

/// Rows of an AVX2 register block (its 6 × 2 accumulators, two vectors
/// of `B` and a broadcast of `A` fill the sixteen registers).
#[cfg(target_arch = "x86_64")]
const MR_AVX2: usize = 6;

mod vector;

use vector::*;

/// The cache-blocked product with register blocks of `MR` rows and `NV`
/// vectors of columns: for each block of `KC` terms, for each block of `MC`
/// rows (packed), for each panel of columns (packed), every register
/// block. Partial sums go to `c` between `K` blocks; `finish` runs after
/// the last.
#[inline(always)]
fn blocked<V: Vector, const MR: usize, const NV: usize>(
    p: &Product,
    scratch: &mut Scratch,
    c: &mut [f32],
    mut finish: Finish,
) {
    let nr = NV * V::WIDTH;
    debug_assert!(MR <= MR_MAX && nr <= NR_MAX);
    let (m, n) = (p.m, p.n);
    if p.k == 0 || m == 0 || n == 0 {
        for row in c[..m * n].chunks_exact_mut(n.max(1)) {
            match p.init {
                Some(init) => row.copy_from_slice(&init[..n]),
                None => row.fill(0.0),
            }
        }
        finish_rows(&mut finish, 0, m, 0, n, n, c);
        return;
    }
    if p.k == 1 && p.init.is_none() {
        // An outer product (backpropagation through a one-unit layer):
        // `0 + a·b` is the defining order's one term. Each row is finished
        // while it is in cache.
        for i in 0..m {
            let x = p.a.at(i, 0);
            let row = &mut c[i * n..(i + 1) * n];
            if p.b.col_stride == 1 {
                for (v, &y) in row.iter_mut().zip(&p.b.data[..n]) {
                    *v = 0.0 + x * y;
                }
            } else {
                for (j, v) in row.iter_mut().enumerate() {
                    *v = 0.0 + x * p.b.at(0, j);
                }
            }
            finish_rows(&mut finish, i, 1, 0, n, n, c);
        }
        return;
    }
    let mut tile = [0.0f32; MR_MAX * NR_MAX];
    let mut k0 = 0;
    while k0 < p.k {
        let kc = KC.min(p.k - k0);
        let (first, last) = (k0 == 0, k0 + kc == p.k);
        let mut i0 = 0;
        while i0 < m {
            let mc = MC.min(m - i0);
            let a_pack = &mut scratch.a[..mc.div_ceil(MR) * MR * kc];
            pack_a::<MR>(&p.a, i0, mc, k0, kc, a_pack);
            let mut j0 = 0;
            while j0 < n {
                let nc = nr.min(n - j0);
                let b_pack = &mut scratch.b[..kc * nr];
                pack_b(&p.b, k0, j0, nc, nr, b_pack);
                for (blk, a_panel) in a_pack.chunks_exact(MR * kc).enumerate() {
                    let i = i0 + blk * MR;
                    let mr = MR.min(m - i);
                    let full = mr == MR && nc == nr;
                    let fused = full && last && matches!(finish, Finish::Relu);
                    if full {
                        let out = &mut c[i * n + j0..(i + MR - 1) * n + j0 + nr];
                        let start = match (first, p.init) {
                            (false, _) => Start::Out,
                            (true, Some(init)) => Start::Row(&init[j0..j0 + nr]),
                            (true, None) => Start::Zero,
                        };
                        // SAFETY: the panels hold `kc × MR` and `kc × nr`
                        // values and `out` spans `MR` rows of `nr` at
                        // stride `n`; the caller of `blocked` runs on `V`'s
                        // instruction set.
                        unsafe { micro::<V, MR, NV>(kc, a_panel, b_pack, start, out, n, fused) };
                    } else {
                        for (r, t) in tile.chunks_exact_mut(nr).take(mr).enumerate() {
                            let t = &mut t[..nc];
                            if !first {
                                t.copy_from_slice(&c[(i + r) * n + j0..][..nc]);
                            } else if let Some(init) = p.init {
                                t.copy_from_slice(&init[j0..j0 + nc]);
                            } else {
                                t.fill(0.0);
                            }
                        }
                        let out = &mut tile[..MR * nr];
                        // SAFETY: as above, with `tile` as `MR` rows of `nr`.
                        unsafe {
                            micro::<V, MR, NV>(kc, a_panel, b_pack, Start::Out, out, nr, false)
                        };
                        for (r, t) in tile.chunks_exact(nr).take(mr).enumerate() {
                            c[(i + r) * n + j0..][..nc].copy_from_slice(&t[..nc]);
                        }
                    }
                    if last && !fused {
                        finish_rows(&mut finish, i, mr, j0, nc, n, c);
                    }
                }
                j0 += nr;
            }
            i0 += MC;
        }
        k0 += KC;
    }
}

/// Where a register block's sums start.
#[derive(Clone, Copy)]
enum Start<'a> {
    /// At zero.
    Zero,
    /// At this row (a bias), in every row of the block.
    Row(&'a [f32]),
    /// At the values already in the output block.
    Out,
}

/// One register block: `out[r][j] = start[r][j] + Σ_k a[k][r] · b[k][j]`,
/// the terms added in order, from packed panels (`a`: `kc × MR`, `b`:
/// `kc × NV·WIDTH`), with the `MR × NV` accumulators in registers. `out`
/// has `MR` rows of `NV·WIDTH` values at stride `ld`. With `relu`, the
/// sums are stored as `relu(sum)` (the fused [`Finish::Relu`]).
///
/// # Safety
/// The processor runs `V`'s instructions; `a`, `b` hold at least `kc·MR`
/// and `kc·NV·WIDTH` values, `out` at least `(MR − 1)·ld + NV·WIDTH`, and
/// a `Start::Row` at least `NV·WIDTH`.
#[inline(always)]
unsafe fn micro<V: Vector, const MR: usize, const NV: usize>(
    kc: usize,
    a: &[f32],
    b: &[f32],
    start: Start,
    out: &mut [f32],
    ld: usize,
    relu: bool,
) {
    let nr = NV * V::WIDTH;
    debug_assert!(a.len() >= kc * MR && b.len() >= kc * nr);
    debug_assert!(out.len() >= (MR - 1) * ld + nr);
    let t = out.as_mut_ptr();
    let mut acc = [[V::splat(0.0); NV]; MR];
    match start {
        Start::Zero => {}
        Start::Row(init) => {
            debug_assert!(init.len() >= nr);
            for v in 0..NV {
                let x = V::load(init.as_ptr().add(v * V::WIDTH));
                for row in acc.iter_mut() {
                    row[v] = x;
                }
            }
        }
        Start::Out => {
            for (r, row) in acc.iter_mut().enumerate() {
                for (v, x) in row.iter_mut().enumerate() {
                    *x = V::load(t.add(r * ld + v * V::WIDTH));
                }
            }
        }
    }
    let (mut pa, mut pb) = (a.as_ptr(), b.as_ptr());
    for _ in 0..kc {
        let mut bv = [V::splat(0.0); NV];
        for (v, x) in bv.iter_mut().enumerate() {
            *x = V::load(pb.add(v * V::WIDTH));
        }
        for (r, row) in acc.iter_mut().enumerate() {
            let x = V::splat(*pa.add(r));
            for (y, &bj) in row.iter_mut().zip(&bv) {
                *y = y.add_mul(x, bj);
            }
        }
        pa = pa.add(MR);
        pb = pb.add(nr);
    }
    for (r, row) in acc.iter().enumerate() {
        for (v, x) in row.iter().enumerate() {
            let x = if relu { x.relu() } else { *x };
            x.store(t.add(r * ld + v * V::WIDTH));
        }
    }
}

/// Rows `i0 .. i0 + mc` and terms `k0 .. k0 + kc` of `A`, as panels of `MR`
/// rows, each stored term by term (`k × MR`); rows past the end are zeros.
#[inline(always)]
fn pack_a<const MR: usize>(
    a: &Strided,
    i0: usize,
    mc: usize,
    k0: usize,
    kc: usize,
    out: &mut [f32],
) {
    for (blk, panel) in out.chunks_exact_mut(MR * kc).enumerate() {
        let rows = MR.min(mc - blk * MR);
        let i = i0 + blk * MR;
        if a.col_stride == 1 {
            for r in 0..MR {
                if r < rows {
                    let src = &a.data[(i + r) * a.row_stride + k0..][..kc];
                    for (k, &v) in src.iter().enumerate() {
                        panel[k * MR + r] = v;
                    }
                } else {
                    for k in 0..kc {
                        panel[k * MR + r] = 0.0;
                    }
                }
            }
        } else if a.row_stride == 1 {
            for (k, dst) in panel.chunks_exact_mut(MR).enumerate() {
                let src = &a.data[(k0 + k) * a.col_stride + i..][..rows];
                dst[..rows].copy_from_slice(src);
                dst[rows..].fill(0.0);
            }
        } else {
            for (k, dst) in panel.chunks_exact_mut(MR).enumerate() {
                for (r, d) in dst.iter_mut().enumerate() {
                    *d = if r < rows { a.at(i + r, k0 + k) } else { 0.0 };
                }
            }
        }
    }
}

/// Terms `k0 .. k0 + kc` and columns `j0 .. j0 + nc` of `B`, stored term by
/// term (`kc × NR`); columns past `nc` are zeros.
#[inline(always)]
fn pack_b(b: &Strided, k0: usize, j0: usize, nc: usize, nr: usize, out: &mut [f32]) {
    if b.col_stride == 1 {
        for (k, dst) in out.chunks_exact_mut(nr).enumerate() {
            let src = &b.data[(k0 + k) * b.row_stride + j0..][..nc];
            if nc == nr {
                dst.copy_from_slice(src);
            } else {
                dst[..nc].copy_from_slice(src);
                dst[nc..].fill(0.0);
            }
        }
    } else if b.row_stride == 1 {
        // A transposed matrix: each column is a contiguous run.
        let kc = out.len() / nr;
        for j in 0..nr {
            if j < nc {
                let src = &b.data[(j0 + j) * b.col_stride + k0..][..kc];
                for (k, &v) in src.iter().enumerate() {
                    out[k * nr + j] = v;
                }
            } else {
                for k in 0..kc {
                    out[k * nr + j] = 0.0;
                }
            }
        }
    } else {
        for (k, dst) in out.chunks_exact_mut(nr).enumerate() {
            for (j, d) in dst.iter_mut().enumerate() {
                *d = if j < nc { b.at(k0 + k, j0 + j) } else { 0.0 };
            }
        }
    }
}

/// `z` if `z > 0`, else `+0` (also for `−0` and NaN): a compare and a
/// select, which vectorise on every target (`f32::max` is a libm call in
/// wasm, and leaves the sign of a zero result unspecified).
#[inline(always)]
fn relu(z: f32) -> f32 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// Applies `finish` to rows `i0 .. i0 + rows`, columns `j0 .. j0 + cols`
/// of `c` (`n` columns).
#[inline(always)]
fn finish_rows(
    finish: &mut Finish,
    i0: usize,
    rows: usize,
    j0: usize,
    cols: usize,
    n: usize,
    c: &mut [f32],
) {
    for i in i0..i0 + rows {
        let at = i * n + j0..i * n + j0 + cols;
        match finish {
            Finish::Keep => {}
            Finish::Relu => {
                for z in &mut c[at] {
                    *z = relu(*z);
                }
            }
            Finish::Activate(Activation::Relu, post) => {
                for (a, &z) in post[at.clone()].iter_mut().zip(&c[at]) {
                    *a = relu(z);
                }
            }
            Finish::Activate(act, post) => {
                for (a, &z) in post[at.clone()].iter_mut().zip(&c[at]) {
                    *a = act.apply(z);
                }
            }
            Finish::Derivative(Activation::Relu, pre) => {
                for (v, &z) in c[at.clone()].iter_mut().zip(&pre[at]) {
                    *v *= if z > 0.0 { 1.0 } else { 0.0 };
                }
            }
            Finish::Derivative(act, pre) => {
                for (v, &z) in c[at.clone()].iter_mut().zip(&pre[at]) {
                    *v *= act.derivative(z);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
