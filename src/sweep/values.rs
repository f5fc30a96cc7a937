//! The value grammar of a sweep spec: a key's text as a `|` list, a
//! range `a..b`, `a..b:s` or `a..b:xr`, or one value; how a value is
//! written back into the query; and how a quoted value is shortened in a
//! message.

use crate::config::{clipped as short, encode_component, ConfigError};

/// Most steps one range `a..b:s` or `a..b:xr` may take, counting the
/// values that rounding merges (a whole-number range may repeat values
/// before it reaches [`MAX_VALUES`] distinct ones).
pub const MAX_RANGE_STEPS: u32 = 10_000;

/// Most values one axis may take.
pub const MAX_VALUES: usize = 200;

/// A spec value's text in the query string: percent-encoded like a
/// configuration value, except the sweep's own `|`, `{` and `}`, which a
/// browser leaves alone in a query and which read better raw.
pub(super) fn encode_value(text: &str) -> String {
    encode_component(text)
        .replace("%7C", "|")
        .replace("%7B", "{")
        .replace("%7D", "}")
}

/// A number in a range, rounded to 10 significant digits so that
/// `0.1 + 2·0.1` reads `0.3`.
fn tidy(v: f64) -> f64 {
    format!("{v:.9e}")
        .parse()
        .expect("a formatted number parses")
}

/// Expands `a..b`, `a..b:s` or `a..b:xr` for field `name` into the
/// values' texts (not yet checked against the field's range).
fn expand_range(name: &str, text: &str, whole: bool) -> Result<Vec<String>, ConfigError> {
    let bad = |why: &str| {
        ConfigError::new(
            name,
            format!(
                "\"{}\" is not a range: {why}; write {}a..b:s (add s) or a..b:xr (multiply by r > 1)",
                short(text),
                if whole { "a..b (step 1), " } else { "" }
            ),
        )
    };
    let (from, rest) = text.split_once("..").expect("a range holds ..");
    let (to, step) = match rest.split_once(':') {
        Some((to, step)) => (to, Some(step)),
        None => (rest, None),
    };
    let number = |t: &str| -> Result<f64, ConfigError> {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad(&format!("\"{}\" is not a number", short(t))))
    };
    let (a, b) = (number(from)?, number(to)?);
    if a > b {
        return Err(bad("the start is larger than the end"));
    }
    let (multiply, by) = match step {
        None if whole => (false, 1.0),
        None => return Err(bad("a range of numbers needs a step")),
        Some(s) => match s.strip_prefix('x') {
            Some(r) => (true, number(r)?),
            None => (false, number(s)?),
        },
    };
    if multiply && (by <= 1.0 || a <= 0.0) {
        return Err(bad("a multiplying range needs r > 1 and a start above 0"));
    }
    if !multiply && by <= 0.0 {
        return Err(bad("the step must be above 0"));
    }
    let end = b + b.abs() * 1e-9;
    // The number of steps, computed rather than enumerated: refused before
    // any value is made when it is over the cap (repeats that rounding
    // would merge count, so a step too small to move the value cannot
    // loop for ever).
    let steps = if multiply {
        libm::floor(libm::log(end / a) / libm::log1p(by - 1.0)) + 1.0
    } else {
        libm::floor((end - a) / by) + 1.0
    };
    if steps.is_nan() || steps > f64::from(MAX_RANGE_STEPS) {
        return Err(ConfigError::new(
            name,
            format!(
                "the range \"{}\" takes about {} steps, over the limit of {MAX_RANGE_STEPS} \
                 (at most {MAX_VALUES} distinct values); use a larger step",
                short(text),
                if steps.is_finite() {
                    format!("{steps:.3e}")
                } else {
                    "infinitely many".to_string()
                }
            ),
        ));
    }
    let mut values: Vec<String> = Vec::new();
    let mut i = 0u32;
    let mut current = a;
    while current <= end && i <= MAX_RANGE_STEPS {
        let value = if whole {
            format!("{}", current.round())
        } else {
            tidy(current).to_string()
        };
        if values.last() != Some(&value) {
            if values.len() == MAX_VALUES {
                return Err(ConfigError::new(
                    name,
                    format!(
                        "the range \"{}\" has more than {MAX_VALUES} values; use a larger step",
                        short(text)
                    ),
                ));
            }
            values.push(value);
        }
        i += 1;
        current = if multiply {
            current * by
        } else {
            a + f64::from(i) * by
        };
    }
    Ok(values)
}

/// The values of key `name` written as `text`: a `|` list, a range, or one
/// value.
pub(super) fn split_values(
    name: &str,
    text: &str,
    numeric: bool,
    whole: bool,
) -> Result<Vec<String>, ConfigError> {
    let values: Vec<String> = if text.contains('|') {
        text.split('|').map(str::to_string).collect()
    } else if numeric && text.contains("..") {
        expand_range(name, text, whole)?
    } else {
        vec![text.to_string()]
    };
    if values.len() > MAX_VALUES {
        return Err(ConfigError::new(
            name,
            format!(
                "{} values is too many; at most {MAX_VALUES} per key",
                values.len()
            ),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        if v.is_empty() {
            return Err(ConfigError::new(
                name,
                "an empty value in the list; separate values with a single |",
            ));
        }
        if values[..i].contains(v) {
            return Err(ConfigError::new(
                name,
                format!("\"{}\" is listed twice", short(v)),
            ));
        }
    }
    Ok(values)
}
