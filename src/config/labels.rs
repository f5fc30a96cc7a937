//! Every field's name in words, for the page's controls: the query-string
//! name ([`super::FIELDS`]) stays the field's identity in links.

/// The readable label of field `name`, e.g. `learning rate` for `lr`;
/// `None` for a name that is not a field.
pub fn label(name: &str) -> Option<&'static str> {
    Some(match name {
        "target" => "target function",
        "d" => "input dimension",
        "domain" => "input domain",
        "p" => "bias P(xᵢ = +1)",
        "depth" => "depth (weight layers)",
        "width" => "hidden width",
        "act" => "activation",
        "scale" => "output scaling",
        "init" => "initialisation",
        "hidden_bias" => "biases in hidden layers",
        "output_bias" => "bias in the output layer",
        "loss" => "loss",
        "mode" => "training mode",
        "batch" => "batch size",
        "n" => "training-set size",
        "lr" => "learning rate",
        "schedule" => "learning-rate schedule",
        "wd" => "weight decay",
        "clip" => "gradient clipping",
        "noise" => "gradient noise",
        "layerwise" => "steps training the first layer alone",
        "steps" => "training steps",
        "eval_every" => "evaluate every",
        "test_n" => "test-set size",
        "threshold" => "learned threshold",
        "stop_learned" => "stop once learned",
        "seed" => "random seed",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::label;
    use crate::config::FIELDS;

    #[test]
    fn every_field_has_a_label() {
        for f in FIELDS {
            assert!(label(f.name).is_some(), "{} has no label", f.name);
        }
        assert_eq!(label("no_such_field"), None);
    }
}
