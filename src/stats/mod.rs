//! Statistics: streaming tallies merged across threads, per-trial values folded as trials
//! finish, confidence intervals, quantiles, and the [`Summary`] that reports are written from.

mod block_figures;
mod bounded;
mod compare;
mod cost;
mod data_method;
mod durability;
mod exact;
mod histogram_serde;
mod interval;
mod load_summary;
mod load_tally;
mod moments;
mod phase_compare;
mod phase_summary;
mod phase_tally;
mod pool_capacity;
mod quantile;
mod rare;
mod rare_data;
mod rare_load;
mod rare_pairs;
mod rare_phases;
mod ratio;
mod service_method;
mod stopping;
mod student;
mod summary;
mod tally;
mod trials;
mod verdict;

pub use block_figures::{BlockFigures, Part, PartFigures, PlainWindow};
pub use bounded::{
    bounded_mean_interval, BoundedAccumulator, BoundedInterval, Method, BOOTSTRAP_MAX,
};
pub use compare::{compare, compare_method, Comparison, PairedDifferences, COMPARE_SEED};
pub use cost::{
    priced as cost_priced, requests_rate, summarize as cost_summary, CostLine, CostSummary,
};
pub use data_method::DataMethod;
pub use durability::{DurabilitySummary, DurabilityTally, Mttdl, Nines, Share};
pub use exact::{clopper_pearson, garwood};
pub use interval::{mean_interval, moments_interval, skew_corrected_interval, MeanInterval};
pub use load_summary::{load_summary, LoadSummary, ShareEstimate};
pub use load_tally::{LoadTally, LoadTrial, ShareSums};
pub use moments::Moments;
pub use phase_compare::{phase_comparisons, PhaseComparison, PhaseDifferences, PhasePairing};
pub use phase_summary::{phase_summaries, PhaseSummary};
pub use phase_tally::{PhaseSums, PhaseTally};
pub use pool_capacity::{PoolCapacity, PoolMember};
pub use quantile::quantile_sorted;
pub use rare::{RareCause, RareStats, RareSummary, RareWindow};
pub use rare_data::{DataRareStats, DataRareSummary};
pub use rare_load::{RareLoadMoments, RareLoadSummary};
pub use rare_pairs::{pairing_obstacle, ExcursionShape, RarePairs, RARE_PAIRED_METHOD};
pub use rare_phases::rare_phase_summaries;
pub use ratio::ClusterSums;
pub use service_method::{ServiceMethod, RARE_BELOW_OUTAGES};
pub use stopping::{precise_enough, relative_half_width, StopReason, StopRule, StoppingSummary};
pub use student::{normal_quantile, t_quantile};
pub(crate) use summary::{credits_counted, recoveries};
pub use summary::{
    AttributionSummary, AvailabilitySummary, CauseSummary, ComponentImportance, DataSetSummary,
    DowntimeSummary, Estimate, OutageSummary, PerformanceSummary, PlannedSummary, RecoverySummary,
    RequestSummary, StorageSummary, Summary, TargetSummary, IMPORTANCE_METHOD,
};
pub use tally::{DataTally, PerTrialSums, RecoveryStats, Tally};
pub use trials::{
    BatchMoments, DowntimeDistribution, TrialStats, EXACT_TRIALS, HISTOGRAM_RELATIVE_ERROR,
};
pub use verdict::{verdict, Verdict};
