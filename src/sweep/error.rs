//! SweepError: why a results file or one of its records is refused.

use std::fmt;

/// Why a sweep's results file, or a record in it, is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum SweepError {
    /// The file has no `sweep` header line.
    NoHeader,
    /// A line of the file (1-based) is not what it should be.
    Line {
        /// The line number, from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A line given as one run's record is not one (what is wrong with it).
    RunLine(String),
    /// A record's run index is not in the sweep.
    NotInSweep {
        /// The record's run index.
        run: usize,
        /// Runs in the sweep.
        runs: usize,
    },
    /// A record is not its sweep's run, or its fields disagree.
    Record {
        /// The record's run index.
        run: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::NoHeader => write!(f, "no sweep header: the file is empty"),
            SweepError::Line { line, message } => write!(f, "line {line}: {message}"),
            SweepError::RunLine(message) => write!(f, "run line: {message}"),
            SweepError::NotInSweep { run, runs } => {
                write!(f, "run {run} is not in this sweep of {runs} runs")
            }
            SweepError::Record { run, message } => write!(f, "run {run}: {message}"),
        }
    }
}

impl std::error::Error for SweepError {}
