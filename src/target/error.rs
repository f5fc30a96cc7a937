//! The one error type of the target module: a message for a person, and
//! where in the typed text the problem is when there is such a place.

use std::fmt;

/// Why a target could not be parsed, built or analysed.
///
/// Displays as `at character 4: expected a variable, number or '(' but
/// found '+'` when it has a position, as the bare message otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetError {
    /// 0-based index, in characters (Unicode scalar values, not bytes), of
    /// the first character of the offending token in the target text; the
    /// displayed text counts from 1. `None` when the error is not tied to
    /// one place (input too long, analysis limits).
    pub position: Option<usize>,
    /// What went wrong and what was expected, in plain words.
    pub message: String,
}

impl TargetError {
    /// An error at character `position` (0-based) of the text.
    pub fn at(position: usize, message: impl Into<String>) -> Self {
        TargetError {
            position: Some(position),
            message: message.into(),
        }
    }

    /// An error not tied to a place in the text.
    pub fn new(message: impl Into<String>) -> Self {
        TargetError {
            position: None,
            message: message.into(),
        }
    }

    /// The same error, placed at `position` if it had no place yet.
    pub(crate) fn or_at(self, position: usize) -> Self {
        TargetError {
            position: self.position.or(Some(position)),
            message: self.message,
        }
    }
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "at character {}: {}", p + 1, self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for TargetError {}
