//! Register blocks: `MR × NV` vectors of accumulators that sum one
//! block of `C` over a `K` block of panels, in increasing `k` (see the
//! module notes of `kernels`), and the smaller blocks that partial blocks
//! use.

use super::vector::Vector;
use super::{MR_MAX, NR_MAX};

/// A partial register block of `mr` rows (at most `MR`), its sums
/// started from and stored to `tile` (`MR` rows of `NV·WIDTH`), computed
/// with the smallest register block that holds it: [`TAIL_ROWS`],
/// [`TALL_TAIL_ROWS`] (on levels whose full block is taller) or `MR` rows,
/// which read the first rows of the packed panel of `A`.
///
/// # Safety
/// As for [`micro`] with `MR` rows, `tile` as the output at stride
/// `NV·WIDTH`.
#[inline(always)]
pub(super) unsafe fn short_block<V: Vector, const MR: usize, const NV: usize>(
    mr: usize,
    kc: usize,
    a: Panel,
    b: Panel,
    tile: &mut [f32; MR_MAX * NR_MAX],
) {
    let (out, ld) = (tile.as_mut_ptr(), NV * V::WIDTH);
    if mr <= TAIL_ROWS {
        micro::<V, TAIL_ROWS, NV>(kc, a, b, Start::Out, out, ld, false)
    } else if MR > TALL_TAIL_ROWS && mr <= TALL_TAIL_ROWS {
        micro::<V, TALL_TAIL_ROWS, NV>(kc, a, b, Start::Out, out, ld, false)
    } else {
        micro::<V, MR, NV>(kc, a, b, Start::Out, out, ld, false)
    }
}

/// Rows of the register block a partial block of at most this many rows
/// is computed with (rather than a full block of mostly padding): its
/// panel of `A` is the packed one, whose first rows it reads.
const TAIL_ROWS: usize = 2;

/// The same for a partial block of at most this many rows, on levels
/// whose full block is taller.
const TALL_TAIL_ROWS: usize = 4;

/// The values of one operand that a register block reads: those of term
/// `k` start at `data[k · step]` (a packed panel, or the operand itself
/// when its values for one term are contiguous).
#[derive(Clone, Copy)]
pub(super) struct Panel<'a> {
    pub data: &'a [f32],
    pub step: usize,
}

/// Where a register block's sums start.
#[derive(Clone, Copy)]
pub(super) enum Start<'a> {
    /// At zero.
    Zero,
    /// At this row (a bias), in every row of the block.
    Row(&'a [f32]),
    /// At the values already in the output block.
    Out,
}

/// One register block: `out[r][j] = start[r][j] + Σ_k a[k][r] · b[k][j]`,
/// the terms added in order, from panels (`a`: `kc` steps of `MR` values,
/// `b`: `kc` steps of `NV·WIDTH`), with the `MR × NV` accumulators in
/// registers. `out` points to `MR` rows of `NV·WIDTH` values at stride
/// `ld`.
/// With `relu`, the sums are stored as `relu(sum)` (the fused
/// [`Finish::Relu`](super::Finish::Relu)).
///
/// # Safety
/// The processor runs `V`'s instructions; `a`, `b` hold at least
/// `(kc − 1)·step + MR` and `(kc − 1)·step + NV·WIDTH` values, `out` is
/// valid for reads and writes of its `MR` rows, and a `Start::Row` holds
/// at least `NV·WIDTH`.
#[inline(always)]
pub(super) unsafe fn micro<V: Vector, const MR: usize, const NV: usize>(
    kc: usize,
    a: Panel,
    b: Panel,
    start: Start,
    out: *mut f32,
    ld: usize,
    relu: bool,
) {
    let nr = NV * V::WIDTH;
    debug_assert!(kc > 0);
    debug_assert!(a.data.len() >= (kc - 1) * a.step + MR);
    debug_assert!(b.data.len() >= (kc - 1) * b.step + nr);
    let t = out;
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
    let (mut pa, mut pb) = (a.data.as_ptr(), b.data.as_ptr());
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
        // Past the last term these may leave the operand (they are not
        // read then), hence the wrapping arithmetic.
        pa = pa.wrapping_add(a.step);
        pb = pb.wrapping_add(b.step);
    }
    for (r, row) in acc.iter().enumerate() {
        for (v, x) in row.iter().enumerate() {
            let x = if relu { x.relu() } else { *x };
            x.store(t.add(r * ld + v * V::WIDTH));
        }
    }
}
