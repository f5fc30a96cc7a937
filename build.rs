//! Records the git commit the crate is built from as `LEAPLAB_COMMIT`
//! (`git rev-parse --short HEAD`), or "unknown" when there is no git or no
//! repository: a build never fails for want of git.

use std::process::Command;

/// The output of `git ARGS` in the crate's folder, trimmed, if git ran and
/// succeeded.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

fn main() {
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=LEAPLAB_COMMIT={commit}");
    // Build again when HEAD moves: HEAD itself, the branch it names, and
    // packed refs (where a branch may live instead of its own file). Only
    // files that exist: a missing one would run this script on every build.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watched.extend(git(&["symbolic-ref", "HEAD"]));
    for name in watched {
        match git(&["rev-parse", "--git-path", &name]) {
            Some(path) if std::path::Path::new(&path).exists() => {
                println!("cargo:rerun-if-changed={path}");
            }
            _ => {}
        }
    }
}
