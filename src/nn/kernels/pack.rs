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

/// Terms `k0 .. k0 + kc` and columns `j0 .. j0 + nc` of `B`, stored term by
/// term (`kc × NR`); columns past `nc` are zeros.
#[inline(always)]
pub(super) fn pack_b(b: &Strided, k0: usize, j0: usize, nc: usize, nr: usize, out: &mut [f32]) {
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
