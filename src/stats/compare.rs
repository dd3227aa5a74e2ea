//! Comparing designs: paired differences of per-trial availability.
//!
//! Every design runs the same trial indices with the same seed, so trial i of each draws from
//! the same random stream (common random numbers): where designs share components, their
//! trials see similar luck and the paired differences vary less than independent runs would.
//! The streams drift apart as the designs' events differ, which only makes the test more
//! conservative, never wrong: each difference is still a fair draw.

use serde::Serialize;

use super::bounded::bounded_mean_interval;
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

/// Compares `design` with `baseline` trial by trial (both over `horizon` hours).
pub fn compare(
    design: (&str, &[TrialRecord]),
    baseline: (&str, &[TrialRecord]),
    horizon: f64,
    confidence: f64,
) -> Comparison {
    let differences = design
        .1
        .iter()
        .zip(baseline.1)
        .map(|(d, b)| (b.downtime - d.downtime) / horizon);
    // Differences are zero wherever neither design had downtime: the method for mostly-zero
    // values (bootstrap-t, or the exact bound with no difference at all), seeded by a
    // constant so that a comparison is reproducible.
    let interval = bounded_mean_interval(differences, (-1.0, 1.0), confidence, 0x00c0_ffee);
    let significant = match (interval.low, interval.high) {
        (Some(low), Some(high)) => low > 0.0 || high < 0.0,
        _ => false,
    };
    Comparison {
        design: design.0.to_string(),
        baseline: baseline.0.to_string(),
        availability_difference: Estimate {
            mean: interval.mean,
            ci_low: interval.low,
            ci_high: interval.high,
        },
        downtime_minutes_per_year_difference: -interval.mean * crate::units::MINUTES_PER_YEAR,
        significant,
        method: METHOD,
    }
}

/// The method, for reports.
pub fn compare_method() -> &'static str {
    METHOD
}
