//! Packing for the blocked engine ([`blocked`](super::blocked)): a cache
//! block of an operand copied into contiguous panels, term by term, in the
//! order a register block reads them, zero-padded past the operand's end.
//! Packing only moves values; no sum depends on it.

use super::Strided;

/// Rows `i0 .. i0 + mc` and terms `k0 .. k0 + kc` of `A`, as panels of `MR`
/// rows, each stored term by term (`k × MR`); rows past the end are zeros.
#[inline(always)]
pub(super) fn pack_a<const MR: usize>(
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
            // Element by element: `MR` values are too few for the calls to
            // `memcpy` and `memset` that slice copies and fills become.
            for (k, dst) in panel.chunks_exact_mut(MR).enumerate() {
                let src = &a.data[(k0 + k) * a.col_stride + i..][..rows];
                for (r, d) in dst.iter_mut().enumerate() {
                    *d = src.get(r).copied().unwrap_or(0.0);
                }
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

/// Terms `k0 .. k0 + kc` and columns `j0 .. j0 + nc` of `B`, as panels of
/// `nr` columns one after another, each stored term by term (`kc × nr`);
/// columns past `nc` are zeros. A row-major `B` is read a term (a row) at
/// a time, each in one run of consecutive values: walking a panel's terms
/// instead would step `n` values at each read, a new memory page every
/// few reads when `n` is large (measured on the wide benchmark
/// configuration: its packing went from 14 % to under half of that).
#[inline(always)]
pub(super) fn pack_b(
    b: &Strided,
    k0: usize,
    kc: usize,
    j0: usize,
    nc: usize,
    nr: usize,
    out: &mut [f32],
) {
    let panels = nc.div_ceil(nr);
    debug_assert!(out.len() >= panels * kc * nr);
    let at = |j: usize, k: usize| (j / nr * kc + k) * nr + j % nr;
    if b.col_stride == 1 {
        for k in 0..kc {
            let src = &b.data[(k0 + k) * b.row_stride + j0..][..nc];
            for (panel, run) in src.chunks(nr).enumerate() {
                let dst = &mut out[(panel * kc + k) * nr..][..nr];
                if run.len() == nr {
                    dst.copy_from_slice(run);
                } else {
                    dst[..run.len()].copy_from_slice(run);
                    dst[run.len()..].fill(0.0);
                }
            }
        }
    } else if b.row_stride == 1 {
        // A transposed matrix: each column is a contiguous run.
        for j in 0..panels * nr {
            if j < nc {
                let src = &b.data[(j0 + j) * b.col_stride + k0..][..kc];
                for (k, &v) in src.iter().enumerate() {
                    out[at(j, k)] = v;
                }
            } else {
                for k in 0..kc {
                    out[at(j, k)] = 0.0;
                }
            }
        }
    } else {
        for k in 0..kc {
            for j in 0..panels * nr {
                out[at(j, k)] = if j < nc { b.at(k0 + k, j0 + j) } else { 0.0 };
            }
        }
    }
}
