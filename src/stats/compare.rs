//! Comparing designs: paired differences of per-trial availability.
//!
//! Every design runs the same trial indices with the same seed, so trial i of each draws from
//! the same random stream (common random numbers): where designs share components, their
//! trials see similar luck and the paired differences vary less than independent runs would.
//! The streams drift apart as the designs' events differ, which only makes the test more
//! conservative, never wrong: each difference is still a fair draw.

use serde::Serialize;

use super::bounded::BoundedAccumulator;
use super::moments::Moments;
use super::summary::Estimate;
use crate::engine::TrialRecord;

/// How one design compares with the baseline (the first design).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    /// The design.
    pub design: String,
    /// The baseline it is compared with.
    pub baseline: String,
    /// Availability minus the baseline's, with its interval.
    pub availability_difference: Estimate,
    /// Downtime minutes per year minus the baseline's (negative: less downtime).
    pub downtime_minutes_per_year_difference: f64,
    /// True when the interval of the difference excludes zero.
    pub significant: bool,
    /// How the interval is computed.
    pub method: &'static str,
}

/// The method, as reports state it.
pub const METHOD: &str =
    "paired differences of per-trial availability (Student t; bootstrap-t when few trials differ; an exact bound when none does); same seed and trial indices for every design (common random numbers)";

/// Seed of the comparison's bootstrap: a constant, so that a comparison is reproducible.
pub const COMPARE_SEED: u64 = 0x00c0_ffee;

/// Per-trial availability differences of a design from the baseline, folded batch by batch
/// (in trial order) as both designs run the same trials.
///
/// Each batch's moments are folded from zero and merged in batch order, as
/// [`crate::stats::TrialStats`] does, so that a compare split into shards and merged does the
/// same arithmetic as one run (docs/partials.md).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairedDifferences {
    /// The design's availability minus the baseline's, per trial, in [-1, 1].
    pub differences: BoundedAccumulator,
    /// Every batch's moments, in order, when kept (shards: merging replays them).
    pub batches: Option<Vec<Moments>>,
}

impl PairedDifferences {
    /// Folds in one batch of the same trials of the design and of the baseline, in trial
    /// order.
    pub fn add(&mut self, design: &[TrialRecord], baseline: &[TrialRecord], horizon: f64) {
        let mut batch = Moments::default();
        for (d, b) in design.iter().zip(baseline) {
            let difference = (b.downtime - d.downtime) / horizon;
            batch.push(difference);
            self.differences.push_nonzero(difference);
        }
        self.differences.moments.merge(&batch);
        if let Some(log) = &mut self.batches {
            log.push(batch);
        }
    }

    /// Keeps every batch's moments from now on, for [`PairedDifferences::append`].
    pub fn keep_batches(&mut self) {
        self.batches.get_or_insert_with(Vec::new);
    }

    /// Appends the differences of the trials that follow these (which kept their batches):
    /// bit for bit what one run over both would have folded.
    pub fn append(&mut self, later: &PairedDifferences) {
        for batch in later.batches.as_deref().unwrap_or_default() {
            self.differences.moments.merge(batch);
        }
        self.differences.append_nonzero(&later.differences);
    }
}

/// Compares `design` with `baseline` from their paired differences.
pub fn compare(
    design: &str,
    baseline: &str,
    differences: &PairedDifferences,
    confidence: f64,
) -> Comparison {
    // Differences are zero wherever neither design had downtime: the method for mostly-zero
    // values (bootstrap-t, or the exact bound with no difference at all), seeded by a
    // constant so that a comparison is reproducible.
    let interval = differences
        .differences
        .interval((-1.0, 1.0), confidence, COMPARE_SEED);
    let difference = Estimate {
        mean: interval.mean,
        ci_low: interval.low,
        ci_high: interval.high,
    };
    comparison(design, baseline, difference, METHOD)
}

/// The comparison of `design` with `baseline` whose availability differs by `difference`
/// (computed by `method`): significant when its interval excludes zero.
pub fn comparison(
    design: &str,
    baseline: &str,
    difference: Estimate,
    method: &'static str,
) -> Comparison {
    let significant = match (difference.ci_low, difference.ci_high) {
        (Some(low), Some(high)) => low > 0.0 || high < 0.0,
        _ => false,
    };
    Comparison {
        design: design.to_string(),
        baseline: baseline.to_string(),
        downtime_minutes_per_year_difference: -difference.mean * crate::units::MINUTES_PER_YEAR,
        availability_difference: difference,
        significant,
        method,
    }
}

/// The method, for reports.
pub fn compare_method() -> &'static str {
    METHOD
}
