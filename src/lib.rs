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
