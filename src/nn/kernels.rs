//! Dense f32 kernels for batched fully-connected layers.
//!
//! Matrices are row-major and contiguous. A layer's weights are stored
//! `n_in × n_out` (row `i` holds the weights leaving input `i`), so the
//! forward pass and the weight gradient are sums of scaled rows (axpy),
//! which vectorise without reordering any sum. The only reductions are
//! [`dot`]s, whose order is fixed by eight independent lanes combined in a
//! fixed tree. Nothing here depends on threads or the target, so the same
//! inputs give the same bits everywhere.

const LANES: usize = 8;

/// `Σ_k a_k b_k`, accumulated in eight lanes (`lane = k mod 8`, the tail
/// going to lanes `0..`), combined as `((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7))`.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
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

/// The affine map of a batch: `out[b] = bias + Σ_i input[b][i] · W[i]`
/// for `input` of shape `batch × n_in`, `W` of shape `n_in × n_out`,
/// `out` of shape `batch × n_out`. Inputs equal to zero (common after a
/// ReLU) are skipped; adding `0 · W[i]` would not change a finite sum.
pub fn affine_forward(
    input: &[f32],
    w: &[f32],
    bias: Option<&[f32]>,
    n_out: usize,
    out: &mut [f32],
) {
    let n_in = w.len() / n_out;
    for (x, y) in input.chunks_exact(n_in).zip(out.chunks_exact_mut(n_out)) {
        match bias {
            Some(b) => y.copy_from_slice(b),
            None => y.fill(0.0),
        }
        if n_out == 1 {
            y[0] += dot(x, w);
        } else {
            for (&xi, wi) in x.iter().zip(w.chunks_exact(n_out)) {
                if xi != 0.0 {
                    axpy(xi, wi, y);
                }
            }
        }
    }
}

/// The weight gradient `G = inputᵀ · delta` (`n_in × n_out`), summed over
/// the batch in order: `G[i] = Σ_b input[b][i] · delta[b]`.
pub fn weight_grad(input: &[f32], delta: &[f32], n_out: usize, g: &mut [f32]) {
    let n_in = g.len() / n_out;
    g.fill(0.0);
    for (x, dl) in input.chunks_exact(n_in).zip(delta.chunks_exact(n_out)) {
        if n_out == 1 {
            axpy(dl[0], x, g);
        } else {
            for (&xi, gi) in x.iter().zip(g.chunks_exact_mut(n_out)) {
                if xi != 0.0 {
                    axpy(xi, dl, gi);
                }
            }
        }
    }
}

/// The bias gradient `g = Σ_b delta[b]`, summed over the batch in order.
pub fn bias_grad(delta: &[f32], g: &mut [f32]) {
    g.fill(0.0);
    for dl in delta.chunks_exact(g.len()) {
        axpy(1.0, dl, g);
    }
}

/// The gradient flowing back to a layer's input:
/// `out[b][i] = Σ_j delta[b][j] · W[i][j]`.
pub fn backprop(delta: &[f32], w: &[f32], n_out: usize, out: &mut [f32]) {
    let n_in = w.len() / n_out;
    for (dl, o) in delta.chunks_exact(n_out).zip(out.chunks_exact_mut(n_in)) {
        for (oi, wi) in o.iter_mut().zip(w.chunks_exact(n_out)) {
            *oi = dot(dl, wi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference `input · W` in f64 with the naive loop.
    fn naive(input: &[f32], w: &[f32], n_in: usize, n_out: usize) -> Vec<f64> {
        let batch = input.len() / n_in;
        let mut out = vec![0.0; batch * n_out];
        for b in 0..batch {
            for j in 0..n_out {
                for i in 0..n_in {
                    out[b * n_out + j] +=
                        f64::from(input[b * n_in + i]) * f64::from(w[i * n_out + j]);
                }
            }
        }
        out
    }

    fn ramp(n: usize, a: f32, b: f32) -> Vec<f32> {
        (0..n).map(|k| (k as f32 * a + b).sin() * 0.7).collect()
    }

    #[test]
    fn dot_matches_f64_sum_for_all_tail_lengths() {
        for n in 0..40 {
            let (a, b) = (ramp(n, 0.37, 0.1), ramp(n, 0.91, 0.5));
            let exact: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| f64::from(*x) * f64::from(*y))
                .sum();
            assert!((f64::from(dot(&a, &b)) - exact).abs() < 1e-5, "n = {n}");
        }
    }

    #[test]
    fn forward_grad_and_backprop_match_naive_products() {
        for &(batch, n_in, n_out) in &[(3, 5, 4), (2, 17, 1), (4, 1, 9)] {
            let x = ramp(batch * n_in, 0.3, 0.2);
            let w = ramp(n_in * n_out, 0.7, 0.9);
            let bias = ramp(n_out, 1.1, 0.3);
            let mut out = vec![0.0; batch * n_out];
            affine_forward(&x, &w, Some(&bias), n_out, &mut out);
            let want = naive(&x, &w, n_in, n_out);
            for (k, (o, e)) in out.iter().zip(&want).enumerate() {
                let e = e + f64::from(bias[k % n_out]);
                assert!((f64::from(*o) - e).abs() < 1e-5);
            }
            // G = xᵀ δ equals naive(xᵀ, δ)
            let delta = ramp(batch * n_out, 0.5, 0.4);
            let mut g = vec![0.0; n_in * n_out];
            weight_grad(&x, &delta, n_out, &mut g);
            let mut xt = vec![0.0; n_in * batch];
            for b in 0..batch {
                for i in 0..n_in {
                    xt[i * batch + b] = x[b * n_in + i];
                }
            }
            for (o, e) in g.iter().zip(naive(&xt, &delta, batch, n_out)) {
                assert!((f64::from(*o) - e).abs() < 1e-5);
            }
            // backprop = δ · Wᵀ
            let mut back = vec![0.0; batch * n_in];
            backprop(&delta, &w, n_out, &mut back);
            let mut wt = vec![0.0; n_out * n_in];
            for i in 0..n_in {
                for j in 0..n_out {
                    wt[j * n_in + i] = w[i * n_out + j];
                }
            }
            for (o, e) in back.iter().zip(naive(&delta, &wt, n_out, n_in)) {
                assert!((f64::from(*o) - e).abs() < 1e-5);
            }
            let mut gb = vec![0.0; n_out];
            bias_grad(&delta, &mut gb);
            for (j, v) in gb.iter().enumerate() {
                let e: f32 = (0..batch).map(|b| delta[b * n_out + j]).sum();
                assert!((v - e).abs() < 1e-5);
            }
        }
    }
}
