//! Statistics: streaming tallies merged across threads, confidence intervals, quantiles, and
//! the [`Summary`] that reports are written from.

mod compare;
mod interval;
mod quantile;
mod summary;
mod tally;

pub use compare::{compare, compare_method, Comparison};
pub use interval::{mean_interval, MeanInterval};
pub use quantile::quantile_sorted;
pub use summary::{
    AttributionSummary, AvailabilitySummary, CauseSummary, ComponentImportance, DataSetSummary,
    DowntimeSummary, Estimate, OutageSummary, PerformanceSummary, PlannedSummary, RecoverySummary,
    RequestSummary, StorageSummary, Summary, TargetSummary,
};
pub use tally::{DataTally, RecoveryStats, Tally};
