//! A trained network's weights as a JSON file, with the configuration that
//! produced them: written by the page and the command line, read back by
//! `leaplab run … --init-weights FILE` to start a run from them.

use crate::nn::Mlp;
use serde::{Deserialize, Serialize};

/// The `format` tag of a weights file.
pub const FORMAT: &str = "leaplab-weights";

/// The version of the weights file format.
pub const VERSION: u32 = 1;

/// One layer's parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerWeights {
    /// Inputs to the layer.
    pub n_in: usize,
    /// Outputs of the layer.
    pub n_out: usize,
    /// Weights, row-major `n_in × n_out`: row `i` holds the weights leaving
    /// input `i` (the transpose of PyTorch's `nn.Linear.weight`).
    pub weights: Vec<f32>,
    /// The bias, if the layer has one.
    pub bias: Option<Vec<f32>>,
}

/// A weights file: `{format, version, leaplab, query, step, layers}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightsFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file format's version, [`VERSION`].
    pub version: u32,
    /// The engine that wrote the file ([`crate::ENGINE_VERSION`]); empty
    /// in files written before it was recorded.
    #[serde(default)]
    pub leaplab: String,
    /// The configuration query that produced the weights.
    pub query: String,
    /// Training steps taken when they were saved.
    pub step: u64,
    /// The layers, input layer first.
    pub layers: Vec<LayerWeights>,
}

impl WeightsFile {
    /// The file for `net` after `step` steps of the run `query`.
    pub fn new(net: &Mlp, query: String, step: u64) -> Self {
        let params = net.params();
        WeightsFile {
            format: FORMAT.to_string(),
            version: VERSION,
            leaplab: crate::ENGINE_VERSION.to_string(),
            query,
            step,
            layers: net
                .layers()
                .iter()
                .map(|l| LayerWeights {
                    n_in: l.n_in,
                    n_out: l.n_out,
                    weights: params[l.weights.clone()].to_vec(),
                    bias: l.bias.clone().map(|b| params[b].to_vec()),
                })
                .collect(),
        }
    }

    /// The file as JSON; f32 values are written so that they read back to
    /// the same bits.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("weights serialise")
    }

    /// Reads a weights file, checking its format and version.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: WeightsFile =
            serde_json::from_str(text).map_err(|e| format!("not a leaplab weights file: {e}"))?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(format!(
                "format \"{}\" version {} is not known; this build reads \"{FORMAT}\" version {VERSION}",
                crate::config::short(&file.format),
                file.version
            ));
        }
        Ok(file)
    }

    /// The parameters in `net`'s flat layout, if the shapes match layer by
    /// layer; otherwise a message naming the first mismatch.
    pub fn params_for(&self, net: &Mlp) -> Result<Vec<f32>, String> {
        let layers = net.layers();
        if layers.len() != self.layers.len() {
            return Err(format!(
                "the file has {} layers, the configuration {} (depth)",
                self.layers.len(),
                layers.len()
            ));
        }
        let mut params = vec![0.0; net.params().len()];
        for (k, (shape, saved)) in layers.iter().zip(&self.layers).enumerate() {
            let n = k + 1;
            if (shape.n_in, shape.n_out) != (saved.n_in, saved.n_out) {
                return Err(format!(
                    "layer {n} is {}×{} in the file but {}×{} in the configuration",
                    saved.n_in, saved.n_out, shape.n_in, shape.n_out
                ));
            }
            let want = shape.weights.len();
            if saved.weights.len() != want {
                return Err(format!(
                    "layer {n}'s weights hold {} numbers in the file, but a {}×{} layer has {want}",
                    saved.weights.len(),
                    shape.n_in,
                    shape.n_out
                ));
            }
            params[shape.weights.clone()].copy_from_slice(&saved.weights);
            let setting = if n == layers.len() {
                "output_bias"
            } else {
                "hidden_bias"
            };
            match (&shape.bias, &saved.bias) {
                (Some(r), Some(b)) if b.len() == r.len() => params[r.clone()].copy_from_slice(b),
                (Some(r), Some(b)) => {
                    return Err(format!(
                        "layer {n}'s bias holds {} numbers in the file, but the layer has {} outputs",
                        b.len(),
                        r.len()
                    ))
                }
                (None, None) => {}
                (Some(_), None) => {
                    return Err(format!(
                        "layer {n} has no bias in the file, but the configuration gives it one ({setting}=1)"
                    ))
                }
                (None, Some(_)) => {
                    return Err(format!(
                        "layer {n} has a bias in the file, but the configuration gives it none ({setting}=0)"
                    ))
                }
            }
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::train::Trainer;

    fn trainer(query: &str) -> Trainer {
        Trainer::new(&Config::from_query(query).unwrap()).unwrap()
    }

    /// Every mismatch names the layer and says what the file holds and
    /// what the configuration needs.
    #[test]
    fn mismatches_say_what_the_file_holds_and_what_is_needed() {
        let query = "v=1&d=8&width=4&steps=0&test_n=16";
        let t = trainer(query);
        let file = WeightsFile::new(t.network(), query.to_string(), 0);
        assert_eq!(file.params_for(t.network()).unwrap(), t.network().params());

        let mut short = file.clone();
        short.layers[0].weights.pop();
        assert_eq!(
            short.params_for(t.network()).unwrap_err(),
            "layer 1's weights hold 31 numbers in the file, but a 8×4 layer has 32"
        );
        let mut bias = file.clone();
        bias.layers[0].bias.as_mut().unwrap().push(0.0);
        assert_eq!(
            bias.params_for(t.network()).unwrap_err(),
            "layer 1's bias holds 5 numbers in the file, but the layer has 4 outputs"
        );
        let mut none = file.clone();
        none.layers[0].bias = None;
        assert_eq!(
            none.params_for(t.network()).unwrap_err(),
            "layer 1 has no bias in the file, but the configuration gives it one (hidden_bias=1)"
        );
        let mut extra = file.clone();
        extra.layers[1].bias = Some(vec![0.0]);
        assert_eq!(
            extra.params_for(t.network()).unwrap_err(),
            "layer 2 has a bias in the file, but the configuration gives it none (output_bias=0)"
        );
        let wide = trainer("v=1&d=8&width=5&steps=0&test_n=16");
        assert_eq!(
            file.params_for(wide.network()).unwrap_err(),
            "layer 1 is 8×4 in the file but 8×5 in the configuration"
        );
        let mut odd = file.clone();
        odd.format = "\u{1b}[31m".to_string();
        let e = WeightsFile::from_json(&odd.to_json()).unwrap_err();
        assert!(
            e.starts_with("format \"\\u{1b}[31m\" version 1 is not known"),
            "{e}"
        );
    }
}
