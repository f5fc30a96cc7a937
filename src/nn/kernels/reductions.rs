//! The reductions other than the matrix products: [`dot`], with its fixed
//! eight-lane tree, and [`weighted_row_sum`], a sum over rows in row order
//! compiled for each x86-64 level.

use super::{for_chunks, Level};

/// `Σ_k a_k b_k`, accumulated in eight lanes (`lane = k mod 8`, the tail
/// going to lanes `0..`), combined as `((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7))`.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 8;
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [0.0f32; LANES];
    let (a_main, a_tail) = a.split_at(a.len() - a.len() % LANES);
    let (b_main, b_tail) = b.split_at(a_main.len());
    for (ca, cb) in a_main.chunks_exact(LANES).zip(b_main.chunks_exact(LANES)) {
        for ((s, x), y) in acc.iter_mut().zip(ca).zip(cb) {
            *s += x * y;
        }
    }
    for ((s, x), y) in acc.iter_mut().zip(a_tail).zip(b_tail) {
        *s += x * y;
    }
    // The halves' sums first, as two four-lane vectors add (written this
    // way, the loops above vectorise as two such vectors).
    let half: [f32; 4] = std::array::from_fn(|k| acc[k] + acc[k + 4]);
    (half[0] + half[2]) + (half[1] + half[3])
}

/// `g = Σ_b w_b · rows[b]` over the rows of `rows` (`g.len()` values
/// each), every element summed over the rows in order from zero:
/// `0 + w_0·x_0 + w_1·x_1 + …`. Without `weights` every `w_b` is 1, which
/// gives the bias gradient `Σ_b δ_b` (`1·x` is `x` exactly). Columns are
/// summed a block at a time, the block's sums staying in registers; on
/// [`Level::Avx2`] and [`Level::Avx512`] the same code is compiled for
/// their instruction sets. On several threads the columns are cut into
/// chunks ([`for_chunks`]), each summed as it would be alone.
pub fn weighted_row_sum(weights: Option<&[f32]>, rows: &[f32], g: &mut [f32]) {
    let (level, n) = (Level::current(), g.len());
    if n == 0 {
        return;
    }
    debug_assert!(weights.is_none_or(|w| w.len() * n == rows.len()));
    let row_count = rows.len() / n;
    // columns are summed on their own, so they may be cut among threads
    for_chunks(g, 64, row_count, &|start, g| {
        let rows = &rows[start..];
        match level {
            Level::Base => weighted_row_sum_blocks(weights, rows, n, g),
            // SAFETY: the current level is available.
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => unsafe { weighted_row_sum_avx2(weights, rows, n, g) },
            // SAFETY: as above.
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { weighted_row_sum_avx512(weights, rows, n, g) },
        }
    });
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn weighted_row_sum_avx2(weights: Option<&[f32]>, rows: &[f32], stride: usize, g: &mut [f32]) {
    weighted_row_sum_blocks(weights, rows, stride, g);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn weighted_row_sum_avx512(weights: Option<&[f32]>, rows: &[f32], stride: usize, g: &mut [f32]) {
    weighted_row_sum_blocks(weights, rows, stride, g);
}

/// The body of [`weighted_row_sum`] for the columns `g` (the first
/// `g.len()` values of each row of `rows`, whose rows start `stride`
/// values apart): blocks of 64 columns (enough independent sums to hide
/// the adds' latency), then of 8, then single columns.
#[inline(always)]
fn weighted_row_sum_blocks(weights: Option<&[f32]>, rows: &[f32], stride: usize, g: &mut [f32]) {
    let done = sum_blocks::<64>(weights, rows, stride, g, 0);
    let done = sum_blocks::<8>(weights, rows, stride, g, done);
    sum_blocks::<1>(weights, rows, stride, g, done);
}

/// Columns `from ..` of [`weighted_row_sum`], as many whole blocks of `W`
/// as there are, each block's sums held in registers; returns where they
/// end.
#[inline(always)]
fn sum_blocks<const W: usize>(
    weights: Option<&[f32]>,
    rows: &[f32],
    stride: usize,
    g: &mut [f32],
    from: usize,
) -> usize {
    let n = g.len();
    let blocks = (n - from) / W;
    for (block, out) in g[from..from + blocks * W].chunks_exact_mut(W).enumerate() {
        let j0 = from + block * W;
        let mut sums = [0.0f32; W];
        for (b, row) in rows.chunks(stride).enumerate() {
            let w = weights.map_or(1.0, |w| w[b]);
            for (s, x) in sums.iter_mut().zip(&row[j0..j0 + W]) {
                *s += w * x;
            }
        }
        out.copy_from_slice(&sums);
    }
    from + blocks * W
}
