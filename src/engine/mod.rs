//! The discrete-event engine: runs independent trials of a [`Model`](crate::model::Model) in parallel.
//!
//! The engine knows nothing of TOML or of reports: it takes a compiled model and hands out,
//! batch by batch in trial order, each trial's [`TrialRecord`], plus a
//! [`Tally`](crate::stats::Tally) of order-independent counts merged across threads.

mod balancing;
mod common_cause;
mod data;
mod distance;
mod driver;
mod durability;
mod failover;
mod importance;
mod load;
mod queue;
mod rare;
mod rare_data;
mod rare_data_driver;
mod rare_driver;
mod sampler;
mod structure;
mod trace;
mod trial;
mod windows;

pub use distance::Distance;
pub use driver::{
    batch_len, check_windows, simulate, simulate_from, simulate_until, stop_reason, trial_records,
    Batches, Folded, RunOutput, Start, BATCH, MAX_WINDOWS,
};
pub use importance::{importance, plan as importance_plan, ClassImportance, Importance};
pub use queue::{Event, EventQueue, ALL_INSTANCES};
pub use rare::{unsupported as rare_unsupported, Counted, RareRecord, RareRunner};
pub use rare_data::{unsupported as rare_data_unsupported, DataRareRecord, DataRareRunner};
pub use rare_data_driver::simulate_rare_data;
pub use rare_driver::{simulate_rare, simulate_rare_with_rows, RareOutput};
pub use sampler::{Sampler, WindowClock, WindowDraw};
pub use trace::{trace_trial, InstanceChange, ServiceChange, ServiceFlip, Trace};
pub use trial::{Force, Simulator, TrialRecord};
