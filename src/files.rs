//! The command line's files and standard output: reads with a size limit,
//! writes that are whole or nothing, and output errors that end the command
//! with a message (or quietly, when the reader has gone away).

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

/// The largest sweep results file read, in bytes (512 MiB).
pub const MAX_RESULTS_BYTES: u64 = 512 << 20;

/// Bytes a weights file may take per parameter (a JSON number with its
/// comma), beyond [`WEIGHTS_OVERHEAD_BYTES`].
pub const WEIGHTS_BYTES_PER_PARAM: u64 = 32;

/// Bytes a weights file may take besides its numbers (format, query).
pub const WEIGHTS_OVERHEAD_BYTES: u64 = 1 << 20;

/// What an error writing standard output means: a closed pipe (the reader,
/// say `head`, has all it wants) ends the command quietly and successfully,
/// as Unix tools do; any other error (a full disk) is a message.
pub fn output_error(e: std::io::Error) -> String {
    if e.kind() == ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    format!("writing the output: {e}")
}

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(output_error)
}

/// Reads the text file at `path`, refusing anything that is not a regular
/// file and anything over `limit` bytes. `what` names the file in messages
/// (an option such as `init-weights`).
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    let name = path.display();
    let fail = |e: std::io::Error| format!("{what}: {name}: {e}");
    let file = File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if !meta.is_file() {
        return Err(format!("{what}: {name} is not a regular file"));
    }
    read_open(file, limit, what, &name.to_string())
}

/// Reads an open file to its end, refusing more than `limit` bytes.
pub fn read_open(file: File, limit: u64, what: &str, name: &str) -> Result<String, String> {
    let too_big = |size: String| {
        format!("{what}: {name} is {size} bytes; the limit is {limit} bytes (the file is too large to be one of leaplab's)")
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > limit {
        return Err(too_big(len.to_string()));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{what}: {name}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(format!("over {limit}")));
    }
    String::from_utf8(bytes).map_err(|_| format!("{what}: {name} is not UTF-8 text"))
}

/// Where a file the command line writes will end up: `path` itself, or
/// the file a symbolic link at `path` points to (written through, not
/// replaced). Refuses anything that exists and is not a regular file
/// (a directory, a device), and a path whose folder does not exist, so a
/// long run is not wasted on an output it cannot write.
pub fn output_path(path: &Path, what: &str) -> Result<PathBuf, String> {
    let name = path.display();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            std::fs::canonicalize(path).map_err(|e| format!("{what}: {name}: {e}"))
        }
        Ok(_) => Err(format!(
            "{what}: {name} exists and is not a regular file; give a new path or a file to replace"
        )),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(format!(
                    "{what}: {name} is a symbolic link to nothing; give a new path or a file to replace"
                ));
            }
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            if parent.is_dir() {
                Ok(path.to_path_buf())
            } else {
                Err(format!(
                    "{what}: {name}: the folder {} does not exist",
                    parent.display()
                ))
            }
        }
        Err(e) => Err(format!("{what}: {name}: {e}")),
    }
}

/// Writes `text` to `path` whole or not at all: into a new temporary file
/// beside the final one, then renamed over it; the temporary file is
/// removed if anything fails. `path` is checked by [`output_path`] first.
pub fn write_whole(path: &Path, text: &str, what: &str) -> Result<(), String> {
    let target = output_path(path, what)?;
    let file_name = target
        .file_name()
        .ok_or_else(|| format!("{what}: {} names no file", path.display()))?;
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(file_name);
    partial_name.push(format!(".{}.partial", std::process::id()));
    let partial = target.with_file_name(partial_name);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&partial)
        .map_err(|e| format!("{what}: {}: {e}", partial.display()))?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&partial, &target));
    written.map_err(|e| {
        // best effort: the message below says what went wrong either way
        let _ = std::fs::remove_file(&partial);
        format!("{what}: {}: {e}", path.display())
    })
}
