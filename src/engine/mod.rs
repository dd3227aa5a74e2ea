//! The discrete-event engine: runs independent trials of a [`Model`](crate::model::Model) in parallel.
//!
//! The engine knows nothing of TOML or of reports: it takes a compiled model and hands out,
//! batch by batch in trial order, each trial's [`TrialRecord`], plus a
//! [`Tally`](crate::stats::Tally) of order-independent counts merged across threads.

mod ageing;
mod balancing;
mod common_cause;
mod crews;
mod data;
mod demand;
mod distance;
mod driver;
mod durability;
mod failover;
mod importance;
mod inspection;
mod load;
mod load_pool;
mod next_above;
mod peak_need;
mod phase_positions;
mod phases;
mod queue;
mod rare;
mod rare_backup;
mod rare_data;
mod rare_data_driver;
mod rare_driver;
mod rare_failover;
mod rare_inspection;
mod rare_load;
mod rare_phases;
mod rare_repair;
mod rare_shock;
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
pub use rare_data::{plain_reason as rare_data_plain_reason, DataRareRecord, DataRareRunner};
pub use rare_data_driver::simulate_rare_data;
pub use rare_driver::{
    rare_relative_half_width, rare_stop_reason, simulate_rare, simulate_rare_until, RareBatches,
    RareFold, RareOutput,
};
pub use rare_load::{all_up_short as rare_load_all_up_short, LoadCounted};
pub use sampler::{Sampler, WindowClock, WindowDraw};
pub use trace::{trace_trial, InstanceChange, ServiceChange, ServiceFlip, Trace};
pub use trial::{Force, Simulator, TrialRecord};
