//! The blocked engine behind [`gemm`](super::gemm): cache blocks of `KC`
//! terms and `MC` rows, panels (packed, or read in place when small), the
//! register blocks of `register` over them, and the finish applied to each
//! finished element. Every element is still summed in increasing `k` (see
//! the module notes of `kernels`).

use super::pack::{pack_a, pack_b};
use super::register::{micro, short_block, Panel, Start};
use super::vector::Vector;
use super::{FinishAt, Product, Scratch, KC, MC, MR_MAX, NC, NR_MAX};
use crate::nn::activation::Activation;

/// The cache-blocked product with register blocks of `MR` rows and `NV`
/// vectors of columns: for each block of `KC` terms, for each block of `MC`
/// rows (packed), for each panel of columns (packed), every register
/// block. An operand whose values for one term are contiguous (`A`
/// transposed, `B` row-major) and whose `K` block is small
/// ([`fits_in_place`]) is read where it is instead, but for partial
/// blocks, which need the packed panels' zero padding. Partial sums go to
/// `C` between `K` blocks; `finish` runs after the last. Element `(i, j)`
/// of `C` is `c[i·ld + j]`.
///
/// # Safety
/// The processor runs `V`'s instructions; `c` is valid for reads and
/// writes of the `m × n` elements at stride `ld`, and so are the finish's
/// matrices, and no one else reads or writes them during the call.
#[inline(always)]
pub(super) unsafe fn blocked<V: Vector, const MR: usize, const NV: usize>(
    p: &Product,
    scratch: &mut Scratch,
    c: *mut f32,
    ld: usize,
    finish: FinishAt,
) {
    let nr = NV * V::WIDTH;
    debug_assert!(MR <= MR_MAX && nr <= NR_MAX);
    let (m, n) = (p.m, p.n);
    // SAFETY (for every use): row `i`'s `n` elements are the caller's.
    let row = |i: usize| unsafe { std::slice::from_raw_parts_mut(c.add(i * ld), n) };
    if p.k == 0 || m == 0 || n == 0 {
        for i in 0..m {
            match p.init {
                Some(init) => row(i).copy_from_slice(&init[..n]),
                None => row(i).fill(0.0),
            }
        }
        finish_rows(finish, 0, m, 0, n, c, ld);
        return;
    }
    if p.k == 1 && p.init.is_none() {
        // An outer product (backpropagation through a one-unit layer):
        // `0 + a·b` is the defining order's one term. Each row is finished
        // while it is in cache.
        for i in 0..m {
            let x = p.a.at(i, 0);
            if p.b.col_stride == 1 {
                for (v, &y) in row(i).iter_mut().zip(&p.b.data[..n]) {
                    *v = 0.0 + x * y;
                }
            } else {
                for (j, v) in row(i).iter_mut().enumerate() {
                    *v = 0.0 + x * p.b.at(0, j);
                }
            }
            finish_rows(finish, i, 1, 0, n, c, ld);
        }
        return;
    }
    let mut tile = [0.0f32; MR_MAX * NR_MAX];
    let Scratch { a: a_buf, b: b_buf } = scratch;
    // Whole panels only: a panel must not reach into the next chunk.
    let chunk = NC / nr * nr;
    let mut k0 = 0;
    while k0 < p.k {
        let kc = KC.min(p.k - k0);
        let (first, last) = (k0 == 0, k0 + kc == p.k);
        let a_in_place = p.a.row_stride == 1 && fits_in_place(kc * p.a.col_stride, nr);
        let b_in_place = p.b.col_stride == 1 && fits_in_place(kc * p.b.row_stride, nr);
        let mut jc = 0;
        while jc < n {
            let ncc = chunk.min(n - jc);
            let panels = ncc.div_ceil(nr);
            // Packed once per chunk of columns, and read by every block of
            // rows. Read in place, only a partial last panel is packed.
            if !b_in_place {
                pack_b(&p.b, k0, kc, jc, ncc, nr, &mut b_buf[..panels * kc * nr]);
            } else if ncc % nr != 0 {
                let j0 = jc + (panels - 1) * nr;
                pack_b(&p.b, k0, kc, j0, n - j0, nr, &mut b_buf[..kc * nr]);
            }
            let mut i0 = 0;
            while i0 < m {
                let mc = MC.min(m - i0);
                // Read in place, `A`'s full register blocks need no packing.
                let packed_from = if a_in_place { mc - mc % MR } else { 0 };
                let a_pack = &mut a_buf[..(mc - packed_from).div_ceil(MR) * MR * kc];
                pack_a::<MR>(&p.a, i0 + packed_from, mc - packed_from, k0, kc, a_pack);
                for panel in 0..panels {
                    let j0 = jc + panel * nr;
                    let nc = nr.min(n - j0);
                    let b_panel = match (b_in_place, nc == nr) {
                        (true, true) => Panel {
                            data: &p.b.data[k0 * p.b.row_stride + j0..],
                            step: p.b.row_stride,
                        },
                        (true, false) => Panel {
                            data: &b_buf[..kc * nr],
                            step: nr,
                        },
                        (false, _) => Panel {
                            data: &b_buf[panel * kc * nr..(panel + 1) * kc * nr],
                            step: nr,
                        },
                    };
                    for blk in 0..mc.div_ceil(MR) {
                        let i = i0 + blk * MR;
                        let a_panel = if blk * MR < packed_from {
                            Panel {
                                data: &p.a.data[i + k0 * p.a.col_stride..],
                                step: p.a.col_stride,
                            }
                        } else {
                            let at = (blk * MR - packed_from) * kc;
                            Panel {
                                data: &a_pack[at..at + MR * kc],
                                step: MR,
                            }
                        };
                        let mr = MR.min(m - i);
                        let full = mr == MR && nc == nr;
                        let fused = full && last && matches!(finish, FinishAt::Relu);
                        if full {
                            let out = c.add(i * ld + j0);
                            let start = match (first, p.init) {
                                (false, _) => Start::Out,
                                (true, Some(init)) => Start::Row(&init[j0..j0 + nr]),
                                (true, None) => Start::Zero,
                            };
                            // SAFETY: the panels hold `kc` steps of `MR` and
                            // `nr` values and `out` spans `MR` rows of `nr` at
                            // stride `ld`; the caller of `blocked` runs on
                            // `V`'s instruction set.
                            unsafe {
                                micro::<V, MR, NV>(kc, a_panel, b_panel, start, out, ld, fused)
                            };
                        } else {
                            for (r, t) in tile.chunks_exact_mut(nr).take(mr).enumerate() {
                                let t = &mut t[..nc];
                                if !first {
                                    t.copy_from_slice(&row(i + r)[j0..j0 + nc]);
                                } else if let Some(init) = p.init {
                                    t.copy_from_slice(&init[j0..j0 + nc]);
                                } else {
                                    t.fill(0.0);
                                }
                            }
                            // SAFETY: as above, with `tile` as `MR` rows of `nr`.
                            unsafe {
                                short_block::<V, MR, NV>(mr, kc, a_panel, b_panel, &mut tile)
                            };
                            for (r, t) in tile.chunks_exact(nr).take(mr).enumerate() {
                                row(i + r)[j0..j0 + nc].copy_from_slice(&t[..nc]);
                            }
                        }
                        if last && !fused {
                            finish_rows(finish, i, mr, j0, nc, c, ld);
                        }
                    }
                }
                i0 += MC;
            }
            jc += chunk;
        }
        k0 += KC;
    }
}

/// The most values a `K` block of an operand may span (16 KB, half of a
/// common 32 KB first-level data cache) to be read where it is rather
/// than packed: it then stays in cache while every register block reads
/// it, and packing would only copy it.
const IN_PLACE_SPAN: usize = 4096;

/// The same on levels whose panels are 16 values wide (AVX2 and
/// AVX-512): 256 KB, a quarter of a second-level cache. A term's values
/// of a panel are then a whole 64-byte cache line, so an operand read in
/// place brings in no value it does not use, and the deep benchmark
/// configuration's products (`B` spanning 64 K values) ran at 84 % of the
/// multiply-and-add ceiling in place against 73 % packed; headline and
/// deep training ran 14 % and 7 % faster. Levels with narrower panels
/// (wasm's 8) were slower in place.
const IN_PLACE_SPAN_WIDE: usize = 65536;

/// Whether an operand whose `K` block spans `span` values is read in
/// place by a level whose panels are `nr` values wide ([`IN_PLACE_SPAN`],
/// [`IN_PLACE_SPAN_WIDE`]).
#[inline(always)]
fn fits_in_place(span: usize, nr: usize) -> bool {
    span <= if nr >= 16 {
        IN_PLACE_SPAN_WIDE
    } else {
        IN_PLACE_SPAN
    }
}

/// `z` if `z > 0`, else `+0` (also for `−0` and NaN): a compare and a
/// select, which vectorise on every target (`f32::max` is a libm call in
/// wasm, and leaves the sign of a zero result unspecified).
#[inline(always)]
pub(super) fn relu(z: f32) -> f32 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// Applies `finish` to rows `i0 .. i0 + rows`, columns `j0 .. j0 + cols`
/// of `C` (element `(i, j)` at `c[i·ld + j]`).
///
/// # Safety
/// As for [`blocked`], for these rows and columns.
#[inline(always)]
unsafe fn finish_rows(
    finish: FinishAt,
    i0: usize,
    rows: usize,
    j0: usize,
    cols: usize,
    c: *mut f32,
    ld: usize,
) {
    use std::slice::{from_raw_parts, from_raw_parts_mut};
    // One dispatch on `finish`, then its loop over the rows; each row's
    // span is the caller's.
    let spans = (i0..i0 + rows).map(|i| i * ld + j0);
    let c_row = |at: usize| unsafe { from_raw_parts_mut(c.add(at), cols) };
    match finish {
        FinishAt::Keep => {}
        FinishAt::Relu => {
            for at in spans {
                for z in c_row(at) {
                    *z = relu(*z);
                }
            }
        }
        FinishAt::Activate(act, post) => {
            for at in spans {
                let post = unsafe { from_raw_parts_mut(post.add(at), cols) };
                if act == Activation::Relu {
                    for (a, &z) in post.iter_mut().zip(c_row(at).iter()) {
                        *a = relu(z);
                    }
                } else {
                    for (a, &z) in post.iter_mut().zip(c_row(at).iter()) {
                        *a = act.apply(z);
                    }
                }
            }
        }
        FinishAt::Derivative(act, pre) => {
            for at in spans {
                let pre = unsafe { from_raw_parts(pre.add(at), cols) };
                if act == Activation::Relu {
                    for (v, &z) in c_row(at).iter_mut().zip(pre) {
                        *v *= if z > 0.0 { 1.0 } else { 0.0 };
                    }
                } else {
                    for (v, &z) in c_row(at).iter_mut().zip(pre) {
                        *v *= act.derivative(z);
                    }
                }
            }
        }
    }
}
