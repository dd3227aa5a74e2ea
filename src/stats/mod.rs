//! Statistics: streaming tallies merged across threads, per-trial values folded as trials
//! finish, confidence intervals, quantiles, and the [`Summary`] that reports are written from.

mod compare;
mod interval;
mod moments;
mod quantile;
mod stopping;
mod summary;
mod tally;
mod trials;

pub use compare::{compare, compare_method, Comparison, PairedDifferences};
pub use interval::{mean_interval, moments_interval, MeanInterval};
pub use moments::Moments;
pub use quantile::quantile_sorted;
pub use stopping::{precise_enough, relative_half_width, StopReason, StopRule, StoppingSummary};
pub use summary::{
    AttributionSummary, AvailabilitySummary, CauseSummary, ComponentImportance, DataSetSummary,
    DowntimeSummary, Estimate, OutageSummary, PerformanceSummary, PlannedSummary, RecoverySummary,
    RequestSummary, StorageSummary, Summary, TargetSummary, IMPORTANCE_METHOD,
};
pub use tally::{DataTally, RecoveryStats, Tally};
pub use trials::{DowntimeDistribution, TrialStats, EXACT_TRIALS, HISTOGRAM_RELATIVE_ERROR};
