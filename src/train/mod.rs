//! Training: the optimiser step (SGD, weight decay, clipping and noise)
//! and the run loop. The loss, the mode and the schedule it follows are
//! in [`crate::method`] (re-exported here), below both this module and
//! the configuration that names them.

mod gradient;
mod optimizer;
mod progress;
mod run;

pub use crate::method::{Loss, Mode, Schedule};
pub use optimizer::{update, UpdateRule};
pub use run::{Summary, Trainer};
