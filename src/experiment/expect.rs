//! Links that check themselves: a link may say what each of its runs gave
//! (`rN.expect=<metrics hash>`) and which engine made it
//! (`made=<version>`); running the link compares the run's own
//! [`MetricsHash`](crate::metrics::MetricsHash) with it.

use crate::config::short;
use serde::Serialize;

/// Digits of a metrics hash as written: 16 lowercase hex digits.
const HASH_DIGITS: usize = 16;

/// The longest engine version a link may carry.
const MAX_VERSION_CHARS: usize = 64;

/// What a link expects of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// The metrics hash the run gave when the link was made, as hex.
    pub hash: String,
    /// The engine version that made the link, if the link says.
    pub made_by: Option<String>,
}

/// The outcome of running a link that expects a hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Whether the run gave the expected hash: every metric bit-identical.
    pub reproduced: bool,
    /// The outcome in words, with both hashes (on a mismatch) and both
    /// versions.
    pub text: String,
}

impl Expectation {
    /// Compares the hash a run gave (`got`) with this one.
    pub fn check(&self, got: &str) -> Verdict {
        let made = self.made_by.as_deref().unwrap_or("an unstated version");
        let versions = format!(
            "the link was made by leaplab {made}; this is leaplab {}",
            crate::ENGINE_VERSION
        );
        if got == self.hash {
            Verdict {
                reproduced: true,
                text: format!(
                    "reproduced to the bit: metrics hash {got}, as the link says ({versions})"
                ),
            }
        } else {
            let why = if self.made_by.as_deref() == Some(crate::ENGINE_VERSION) {
                "with the same version, this should not happen: please report it"
            } else {
                "see the README on what a later version promises about old links"
            };
            Verdict {
                reproduced: false,
                text: format!(
                    "differs from the link: it says metrics hash {}, this run gave {got} ({versions}; {why})",
                    self.hash
                ),
            }
        }
    }
}

/// A `rN.expect` value: a metrics hash, 16 hex digits (upper case is
/// read as lower).
pub fn read_hash(value: &str) -> Result<String, String> {
    let hash = value.to_ascii_lowercase();
    if hash.len() == HASH_DIGITS && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hash)
    } else {
        Err(format!(
            "\"{}\" is not allowed; it must be a metrics hash of {HASH_DIGITS} hex digits",
            short(value)
        ))
    }
}

/// A `made` value: an engine version, at most 64 letters, digits and
/// `.`, `+`, `-`.
pub fn read_version(value: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-');
    if !value.is_empty() && value.chars().count() <= MAX_VERSION_CHARS && value.chars().all(allowed)
    {
        Ok(value.to_string())
    } else {
        Err(format!(
            "\"{}\" is not allowed; it must be a leaplab version such as 0.1.0+abc1234 \
             (letters, digits, '.', '+', '-'; at most {MAX_VERSION_CHARS})",
            short(value)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_versions_read_or_say_why_not() {
        assert_eq!(read_hash("00FF00ff00ff00ff").unwrap(), "00ff00ff00ff00ff");
        for bad in ["", "00ff", "00ff00ff00ff00ff0", "00ff00ff00ff00fg"] {
            assert!(
                read_hash(bad).unwrap_err().contains("16 hex digits"),
                "{bad}"
            );
        }
        assert_eq!(read_version("0.1.0+abc1234").unwrap(), "0.1.0+abc1234");
        for bad in ["", "0.1 beta", "<b>", &"9".repeat(65)] {
            assert!(read_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_verdict_names_both_hashes_and_both_versions() {
        let expectation = Expectation {
            hash: "0123456789abcdef".into(),
            made_by: Some("0.0.9+1111111".into()),
        };
        let same = expectation.check("0123456789abcdef");
        assert!(same.reproduced);
        assert!(
            same.text.starts_with("reproduced to the bit"),
            "{}",
            same.text
        );
        assert!(same.text.contains("0.0.9+1111111") && same.text.contains(crate::ENGINE_VERSION));
        let other = expectation.check("fedcba9876543210");
        assert!(!other.reproduced);
        assert!(other.text.contains("0123456789abcdef") && other.text.contains("fedcba9876543210"));
        assert!(other.text.contains("later version"), "{}", other.text);
    }
}
