//! The `leaplab` command line: analyse a target, train a configuration,
//! run the GF(2) baseline.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod sweep_cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command line is native only; the wasm build has the page instead.
#[cfg(target_arch = "wasm32")]
fn main() {}
