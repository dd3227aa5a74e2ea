//! Statistics: streaming tallies merged across threads, confidence intervals, quantiles, and
//! the [`Summary`] that reports are written from.

mod bounded;
mod compare;
mod exact;
mod interval;
mod quantile;
mod ratio;
mod student;
mod summary;
mod tally;
mod verdict;

pub use bounded::{bounded_mean_interval, BoundedInterval, Method, BOOTSTRAP_MAX};
pub use compare::{compare, compare_method, Comparison};
pub use exact::{clopper_pearson, garwood};
pub use interval::{mean_interval, MeanInterval};
pub use quantile::quantile_sorted;
pub use ratio::ClusterSums;
pub use student::{normal_quantile, t_quantile};
pub use summary::{
    AttributionSummary, AvailabilitySummary, CauseSummary, ComponentImportance, DataSetSummary,
    DowntimeSummary, Estimate, OutageSummary, PerformanceSummary, PlannedSummary, RecoverySummary,
    RequestSummary, StorageSummary, Summary, TargetSummary,
};
pub use tally::{DataTally, PerTrialSums, RecoveryStats, Tally};
pub use verdict::{verdict, Verdict};
