//! Fully-connected networks: activations, initialisation, dense kernels and
//! the batched forward/backward passes.

mod activation;
mod init;
pub mod kernels;
mod mlp;

pub use activation::{sigmoid, Activation};
pub use init::Init;
pub use mlp::{Architecture, LayerShape, Mlp, OutputScale, Workspace};
