//! A fully-connected network `x ↦ c · (W_L σ(… σ(W_1 x + b_1) …) + b_L)`
//! with its batched forward and backward passes.

use super::activation::Activation;
use super::init::Init;
use super::kernels::{self, Finish, Product, Scratch, Strided};
use crate::rng::Stream;
use std::ops::Range;

/// The multiplier `c` on the network's output, for hidden width `m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputScale {
    /// `c = 1`.
    None,
    /// Mean-field: `c = 1/m`.
    MeanField,
    /// Standard: `c = 1/√m`.
    Standard,
}

impl OutputScale {
    /// `c` for hidden width `m`.
    pub fn factor(self, width: usize) -> f32 {
        match self {
            OutputScale::None => 1.0,
            OutputScale::MeanField => 1.0 / width as f32,
            OutputScale::Standard => 1.0 / (width as f32).sqrt(),
        }
    }
}

/// The shape of a network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Architecture {
    /// Input dimension `d`.
    pub d: usize,
    /// Number of weight layers (`2` = one hidden layer).
    pub depth: usize,
    /// Width `m` of every hidden layer.
    pub width: usize,
    /// The hidden layers' activation `σ`.
    pub activation: Activation,
    /// The output multiplier `c`.
    pub output_scale: OutputScale,
    /// Whether hidden layers have biases.
    pub hidden_bias: bool,
    /// Whether the output layer has a bias.
    pub output_bias: bool,
}

/// Where one layer's parameters sit in the flat parameter vector: first
/// its weights (`n_in × n_out`, row-major), then its bias, if any.
#[derive(Clone, Debug)]
pub struct LayerShape {
    /// Inputs to the layer.
    pub n_in: usize,
    /// Outputs of the layer.
    pub n_out: usize,
    /// The range of the weights.
    pub weights: Range<usize>,
    /// The range of the bias, if the layer has one.
    pub bias: Option<Range<usize>>,
}

impl LayerShape {
    /// All of the layer's parameters (weights then bias).
    pub fn params(&self) -> Range<usize> {
        let end = self.bias.as_ref().map_or(self.weights.end, |b| b.end);
        self.weights.start..end
    }
}

/// A network: its architecture, its layers' shapes, and all parameters in
/// one flat f32 vector (layer by layer, weights then bias).
#[derive(Clone, Debug)]
pub struct Mlp {
    arch: Architecture,
    layers: Vec<LayerShape>,
    params: Vec<f32>,
    scale: f32,
}

/// Buffers for one batch size, reused across steps so a step allocates
/// nothing: each layer's pre-activations `z_l` (for hidden ReLU layers
/// only the activations, see [`Mlp::forward`]), the hidden activations
/// `a_l = σ(z_l)`, two gradient buffers and the kernels' packing buffers.
#[derive(Clone, Debug)]
pub struct Workspace {
    batch: usize,
    pre: Vec<Vec<f32>>,
    post: Vec<Vec<f32>>,
    delta: Vec<f32>,
    delta_back: Vec<f32>,
    scratch: Scratch,
}

impl Mlp {
    /// A network with parameters drawn from `init`, layer by layer, each
    /// layer's weights row-major and then its bias.
    pub fn new(arch: Architecture, init: Init, stream: &mut Stream) -> Self {
        let mut layers = Vec::with_capacity(arch.depth);
        let mut offset = 0;
        for l in 0..arch.depth {
            let n_in = if l == 0 { arch.d } else { arch.width };
            let last = l + 1 == arch.depth;
            let n_out = if last { 1 } else { arch.width };
            let weights = offset..offset + n_in * n_out;
            offset = weights.end;
            let has_bias = if last {
                arch.output_bias
            } else {
                arch.hidden_bias
            };
            let bias = has_bias.then(|| {
                let r = offset..offset + n_out;
                offset = r.end;
                r
            });
            layers.push(LayerShape {
                n_in,
                n_out,
                weights,
                bias,
            });
        }
        let mut params = vec![0.0; offset];
        for layer in &layers {
            for p in &mut params[layer.params()] {
                *p = init.draw(layer.n_in, stream);
            }
        }
        Mlp {
            scale: arch.output_scale.factor(arch.width),
            arch,
            layers,
            params,
        }
    }

    /// The architecture.
    pub fn architecture(&self) -> &Architecture {
        &self.arch
    }

    /// The layers' shapes, input layer first.
    pub fn layers(&self) -> &[LayerShape] {
        &self.layers
    }

    /// All parameters, flat.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// All parameters, flat and writable (for optimisers).
    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// Whether hidden layers keep only `relu(z)`, written in place, rather
    /// than `z` and `σ(z)`: ReLU's derivative is read from its output.
    fn relu_in_place(&self) -> bool {
        self.arch.activation == Activation::Relu
    }

    /// A workspace for batches of up to `batch` inputs.
    pub fn workspace(&self, batch: usize) -> Workspace {
        let widest = self
            .layers
            .iter()
            .map(|l| l.n_out.max(l.n_in))
            .max()
            .unwrap_or(1);
        Workspace {
            batch,
            pre: self
                .layers
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let kept = i + 1 == self.layers.len() || !self.relu_in_place();
                    vec![0.0; if kept { batch * l.n_out } else { 0 }]
                })
                .collect(),
            post: self.layers[..self.layers.len() - 1]
                .iter()
                .map(|l| vec![0.0; batch * l.n_out])
                .collect(),
            delta: vec![0.0; batch * widest],
            delta_back: vec![0.0; batch * widest],
            scratch: Scratch::default(),
        }
    }

    /// The outputs `f_θ(x)` for a batch `x` (`rows × d`, `rows ≤` the
    /// workspace's batch), kept in the workspace for [`Mlp::backward`].
    ///
    /// A hidden layer is one [`kernels::gemm`] (`z = b + a·W`, summed over
    /// inputs in order) that also writes `σ(z)` (for ReLU, over `z` in
    /// place); the output layer, with one unit, is `z = b + dot(a, w)` per
    /// row, then scaled by `c`.
    pub fn forward<'w>(&self, x: &[f32], ws: &'w mut Workspace) -> &'w [f32] {
        let rows = x.len() / self.arch.d;
        debug_assert!(rows <= ws.batch);
        let last = self.layers.len() - 1;
        for (l, layer) in self.layers.iter().enumerate() {
            let (done, rest) = ws.post.split_at_mut(l);
            let input = if l == 0 {
                x
            } else {
                &done[l - 1][..rows * layer.n_in]
            };
            let w = &self.params[layer.weights.clone()];
            let bias = layer.bias.clone().map(|r| &self.params[r]);
            let z = &mut ws.pre[l][..];
            if l == last {
                let b0 = bias.map_or(0.0, |b| b[0]);
                let n_in = layer.n_in;
                // rows are computed on their own, so they may be cut among threads
                kernels::for_chunks(&mut z[..rows], 1, n_in, &|start, z| {
                    let inputs = input[start * n_in..].chunks_exact(n_in);
                    for (zi, xi) in z.iter_mut().zip(inputs) {
                        *zi = (b0 + kernels::dot(xi, w)) * self.scale;
                    }
                });
            } else {
                let product = Product {
                    a: Strided::rows(input, layer.n_in),
                    b: Strided::rows(w, layer.n_out),
                    m: rows,
                    k: layer.n_in,
                    n: layer.n_out,
                    init: bias,
                };
                let post = &mut rest[0][..rows * layer.n_out];
                if self.relu_in_place() {
                    kernels::gemm(&product, &mut ws.scratch, post, Finish::Relu);
                } else {
                    let finish = Finish::Activate(self.arch.activation, post);
                    let z = &mut z[..rows * layer.n_out];
                    kernels::gemm(&product, &mut ws.scratch, z, finish);
                }
            }
        }
        &ws.pre[last][..rows]
    }

    /// The gradient of `Σ_b g_b · f_θ(x_b)` with respect to every parameter,
    /// written to `grads` (same layout as the parameters), for the batch `x`
    /// last passed to [`Mlp::forward`] with this workspace. With
    /// `g_b = ∂ℓ(f_θ(x_b), y_b)/∂f / B` this is the gradient of the mean loss.
    ///
    /// Per layer, with `δ` the gradient at its pre-activations: the weight
    /// gradient `aᵀ·δ` (summed over the batch in order), the bias gradient
    /// `Σ_b δ_b`, and the gradient one layer down, `(δ·Wᵀ) ⊙ σ'(z)`
    /// (summed over outputs in order).
    pub fn backward(&self, x: &[f32], output_grad: &[f32], ws: &mut Workspace, grads: &mut [f32]) {
        let rows = output_grad.len();
        let act = self.arch.activation;
        let last = self.layers.len() - 1;
        for (d, g) in ws.delta[..rows].iter_mut().zip(output_grad) {
            *d = g * self.scale;
        }
        for l in (0..=last).rev() {
            let layer = &self.layers[l];
            let (n_in, n_out) = (layer.n_in, layer.n_out);
            let delta = &ws.delta[..rows * n_out];
            let input = if l == 0 {
                x
            } else {
                &ws.post[l - 1][..rows * n_in]
            };
            let w = &self.params[layer.weights.clone()];
            let g = &mut grads[layer.weights.clone()];
            if n_out == 1 {
                kernels::weighted_row_sum(Some(delta), input, g);
            } else {
                let product = Product {
                    a: Strided::transposed(input, n_in),
                    b: Strided::rows(delta, n_out),
                    m: n_in,
                    k: rows,
                    n: n_out,
                    init: None,
                };
                kernels::gemm(&product, &mut ws.scratch, g, Finish::Keep);
            }
            if let Some(r) = layer.bias.clone() {
                kernels::weighted_row_sum(None, delta, &mut grads[r]);
            }
            if l > 0 {
                let product = Product {
                    a: Strided::rows(delta, n_out),
                    b: Strided::transposed(w, n_out),
                    m: rows,
                    k: n_out,
                    n: n_in,
                    init: None,
                };
                let back = &mut ws.delta_back[..rows * n_in];
                let at = if self.relu_in_place() {
                    &ws.post[l - 1][..rows * n_in]
                } else {
                    &ws.pre[l - 1][..rows * n_in]
                };
                kernels::gemm(&product, &mut ws.scratch, back, Finish::Derivative(act, at));
                std::mem::swap(&mut ws.delta, &mut ws.delta_back);
            }
        }
    }
}
