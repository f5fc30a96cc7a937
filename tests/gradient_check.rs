//! The analytic gradient of every activation × loss against central finite
//! differences of an independent f64 implementation of the same network.

use leaplab::config::Config;
use leaplab::nn::{Activation, Init, Mlp, OutputScale};
use leaplab::rng::{Purpose, Stream};
use leaplab::train::Loss;

/// `σ` in f64, written independently of the crate's f32 version.
fn act64(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Relu => z.max(0.0),
        Activation::Tanh => z.tanh(),
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Softplus => (1.0 + z.exp()).ln(),
        Activation::Quadratic => z * z,
    }
}

fn loss64(loss: Loss, f: f64, y: f64) -> f64 {
    match loss {
        Loss::Square => (f - y) * (f - y),
        Loss::Hinge => (1.0 - y * f).max(0.0),
        Loss::Logistic => (1.0 + (-y * f).exp()).ln(),
        Loss::Correlation => -y * f,
    }
}

/// The mean loss of the network with parameters `theta` (f64) on `xs`, `ys`.
fn mean_loss(net: &Mlp, theta: &[f64], xs: &[f32], ys: &[f32], loss: Loss, scale: f64) -> f64 {
    let arch = net.architecture();
    let mut total = 0.0;
    for (x, &y) in xs.chunks_exact(arch.d).zip(ys) {
        let mut a: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
        for (l, layer) in net.layers().iter().enumerate() {
            let mut z = vec![0.0; layer.n_out];
            for (j, zj) in z.iter_mut().enumerate() {
                *zj = layer.bias.as_ref().map_or(0.0, |b| theta[b.start + j]);
                for (i, ai) in a.iter().enumerate() {
                    *zj += ai * theta[layer.weights.start + i * layer.n_out + j];
                }
            }
            a = if l + 1 < net.layers().len() {
                z.iter().map(|&v| act64(arch.activation, v)).collect()
            } else {
                z
            };
        }
        total += loss64(loss, scale * a[0], f64::from(y));
    }
    total / ys.len() as f64
}

#[test]
fn gradients_match_finite_differences_for_every_activation_and_loss() {
    let batch = 6;
    let base = Config {
        d: 5,
        depth: 3,
        width: 4,
        output_scale: OutputScale::Standard,
        output_bias: true,
        init: Init::Gaussian,
        ..Config::default()
    };
    let mut xs = vec![0.0f32; batch * base.d];
    base.inputs()
        .sample(&mut Stream::new(9, Purpose::Data), &mut xs);
    let ys: Vec<f32> = (0..batch)
        .map(|b| if b % 3 == 0 { -1.0 } else { 1.0 })
        .collect();
    for act in Activation::ALL {
        for loss in Loss::ALL {
            let config = Config {
                activation: act,
                ..base.clone()
            };
            let net = Mlp::new(
                config.architecture(),
                config.init,
                &mut Stream::new(4, Purpose::Init),
            );
            let scale = f64::from(config.output_scale.factor(config.width));
            let mut ws = net.workspace(batch);
            let outs = net.forward(&xs, &mut ws).to_vec();
            let out_grad: Vec<f32> = outs
                .iter()
                .zip(&ys)
                .map(|(&f, &y)| loss.derivative(f, y) / batch as f32)
                .collect();
            let mut grads = vec![0.0f32; net.params().len()];
            net.backward(&xs, &out_grad, &mut ws, &mut grads);

            let theta: Vec<f64> = net.params().iter().map(|&p| f64::from(p)).collect();
            let h = 1e-5;
            for k in 0..theta.len() {
                let mut plus = theta.clone();
                plus[k] += h;
                let mut minus = theta.clone();
                minus[k] -= h;
                let fd = (mean_loss(&net, &plus, &xs, &ys, loss, scale)
                    - mean_loss(&net, &minus, &xs, &ys, loss, scale))
                    / (2.0 * h);
                let got = f64::from(grads[k]);
                assert!(
                    (fd - got).abs() <= 2e-4 * (1.0 + fd.abs()),
                    "{act:?} × {loss:?}, parameter {k}: finite difference {fd}, backward {got}"
                );
            }
        }
    }
}
