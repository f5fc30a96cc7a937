//! leaplab: train small fully-connected networks on boolean functions and
//! measure which ones gradient descent can learn.
//!
//! The core (everything but `wasm`) is plain Rust and runs natively; see
//! `ARCHITECTURE.md` for the map of modules and their invariants.

pub mod baseline;
pub mod config;
pub mod data;
pub mod experiment;
pub mod method;
pub mod metrics;
pub mod nn;
pub mod presets;
pub mod rng;
pub mod sweep;
pub mod target;
pub mod train;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod weights;

/// The engine's version: the crate version and the git commit it was built
/// from, e.g. `0.1.0+3fff9c3` (`0.1.0+unknown` when built outside git). The
/// command line's `--version`, the page's footer and every file either
/// writes carry it.
pub const ENGINE_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("LEAPLAB_COMMIT"));
