//! The JSON-lines file that holds a sweep's records: a `sweep` header
//! line, then one `run` line per finished run in whatever order the runs
//! finished.
//!
//! ```text
//! {"record":"sweep","spec":"v=1&target=parity(3)&d=10|20","runs":6,"leaplab":"0.1.0+3fff9c3"}
//! {"record":"run","run":0,"query":"v=1&target=parity(3)&d=10&stop_learned=1","seed":0,
//!  "point":{"d":"10"},"outcome":"learned","learned_at":150,"diverged_at":null,"steps":150,
//!  "last":{…the last evaluation…},"metrics_hash":"…","seconds":0.02}
//! ```

use super::error::SweepError;
use super::record::RunRecord;
use super::spec::SweepSpec;
use serde::{Deserialize, Serialize};

/// The first line of a sweep's results file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The canonical spec.
    pub spec: String,
    /// Runs in the whole sweep.
    pub runs: usize,
    /// The version of leaplab that wrote the file, with its commit
    /// ([`crate::ENGINE_VERSION`]).
    pub leaplab: String,
}

impl Header {
    /// The header of `spec`'s results.
    pub fn new(spec: &SweepSpec) -> Header {
        Header {
            spec: spec.to_query(),
            runs: spec.runs(),
            leaplab: crate::ENGINE_VERSION.to_string(),
        }
    }

    /// The header as one JSON line (no newline), `record` key first.
    pub fn to_line(&self) -> String {
        let body = serde_json::to_string(self).expect("a header serialises");
        format!("{{\"record\":\"sweep\",{}", &body[1..])
    }
}

/// One line of a results file.
#[derive(Deserialize)]
#[serde(tag = "record", rename_all = "lowercase")]
enum Line {
    Sweep(Header),
    Run(Box<RunRecord>),
}

impl Line {
    /// Reads one line of a results file; the error says why it is not a
    /// record.
    fn parse(text: &str) -> Result<Line, String> {
        serde_json::from_str(text).map_err(|e| format!("not a sweep record: {e}"))
    }
}

impl RunRecord {
    /// Reads one `run` line of a results file ([`RunRecord::to_line`]) as
    /// [`ResultsFile::parse`] reads each; whether it is a run of a given
    /// sweep is [`RunRecord::check`]'s to say.
    pub fn from_line(text: &str) -> Result<RunRecord, SweepError> {
        match Line::parse(text) {
            Ok(Line::Run(record)) => Ok(*record),
            Ok(Line::Sweep(_)) => Err(SweepError::RunLine("a sweep header, not a run".to_string())),
            Err(message) => Err(SweepError::RunLine(message)),
        }
    }
}

/// A results file read back: its header, its runs, and how much of it
/// was not a complete record.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultsFile {
    /// The header line.
    pub header: Header,
    /// The run records, in file order.
    pub records: Vec<RunRecord>,
    /// Whether the text ended in the middle of a line (a run cut off by a
    /// killed process), which was left out.
    pub truncated: bool,
}

impl ResultsFile {
    /// Reads a results file. The first line must be a `sweep` header; a
    /// last line without its newline that does not parse is taken as cut
    /// off and left out; any other line that does not parse is an error
    /// naming its line number.
    pub fn parse(text: &str) -> Result<ResultsFile, SweepError> {
        let mut lines: Vec<&str> = text.split('\n').collect();
        let mut truncated = false;
        if let Some(last) = lines.pop() {
            if !last.trim().is_empty() {
                if Line::parse(last).is_ok() {
                    lines.push(last);
                } else {
                    truncated = true;
                }
            }
        }
        let mut header = None;
        let mut records = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let parsed = Line::parse(line).map_err(|message| SweepError::Line {
                line: i + 1,
                message,
            })?;
            match (parsed, &header) {
                (Line::Sweep(h), None) => header = Some(h),
                (Line::Sweep(_), Some(_)) => {
                    return Err(SweepError::Line {
                        line: i + 1,
                        message: "a second sweep header".to_string(),
                    })
                }
                (Line::Run(_), None) => {
                    return Err(SweepError::Line {
                        line: i + 1,
                        message: "a run before the sweep header".to_string(),
                    })
                }
                (Line::Run(r), Some(_)) => records.push(*r),
            }
        }
        let header = header.ok_or(SweepError::NoHeader)?;
        Ok(ResultsFile {
            header,
            records,
            truncated,
        })
    }
}
