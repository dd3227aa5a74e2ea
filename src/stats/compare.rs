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
    /// The same per phase both designs have (matched by name; `[[phases]]`, added key).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<super::PhaseComparison>,
    /// Phases one of the two designs has and the other lacks (added key).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phases_not_common: Vec<String>,
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
    /// The same within each phase both designs have (`[[phases]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<super::PhaseDifferences>,
}

impl PairedDifferences {
    /// Folds in one batch of the same trials of the design and of the baseline, in trial
    /// order.
    pub fn add(&mut self, design: &[TrialRecord], baseline: &[TrialRecord], horizon: f64) {
        self.add_differences(
            design
                .iter()
                .zip(baseline)
                .map(|(d, b)| (b.downtime - d.downtime) / horizon),
        );
    }

    /// Folds in one batch of per-trial availability differences, in trial order.
    pub fn add_differences(&mut self, differences: impl Iterator<Item = f64>) {
        let mut batch = Moments::default();
        for difference in differences {
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
        super::phase_compare::append(&mut self.phases, &later.phases);
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
    let mut c = comparison(design, baseline, difference, METHOD);
    c.phases = super::phase_comparisons(differences, confidence);
    c
}

/// The comparison of `design` with `baseline` whose availability differs by `difference`
/// (computed by `method`): significant when its interval excludes zero.
pub fn comparison(
    design: &str,
    baseline: &str,
    difference: Estimate,
    method: &'static str,
) -> Comparison {
    // mutants: equivalent because an end is never exactly 0.0, so `>=` for `>` (and `<=`
    // for `<`) decides alike: with no difference the ends are ±(limit × a Clopper-Pearson
    // share > 0); otherwise they are the mean minus or plus a t or bootstrap quantile times
    // a standard error, equal to 0.0 only by a floating-point coincidence no test can aim at.
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
        phases: Vec::new(),
        phases_not_common: Vec::new(),
    }
}

/// The method, for reports.
pub fn compare_method() -> &'static str {
    METHOD
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trials with the given downtimes (hours) and nothing else.
    fn trials(downtimes: impl Iterator<Item = f64>) -> Vec<TrialRecord> {
        downtimes
            .map(|downtime| TrialRecord {
                downtime,
                ..TrialRecord::default()
            })
            .collect()
    }

    #[test]
    fn identical_designs_differ_by_nothing_within_the_exact_bound() {
        // Same downtime in every trial: every difference is zero, so the interval is the
        // assumption-free bound ±(1 - 0.025^(1/20)) (Clopper-Pearson, 0 of 20, 95%).
        let runs = trials((0..20).map(|i| f64::from(i % 3)));
        let mut paired = PairedDifferences::default();
        paired.add(&runs, &runs, 100.0);
        let c = compare("same", "same", &paired, 0.95);
        let bound = 1.0 - 0.025f64.powf(1.0 / 20.0);
        let e = &c.availability_difference;
        assert_eq!(e.mean, 0.0);
        assert!((e.ci_low.unwrap() + bound).abs() < 1e-12, "{:?}", e.ci_low);
        assert!(
            (e.ci_high.unwrap() - bound).abs() < 1e-12,
            "{:?}",
            e.ci_high
        );
        assert!(!c.significant);
        assert_eq!(c.downtime_minutes_per_year_difference, 0.0);
    }

    #[test]
    fn a_worse_design_is_significantly_worse_by_its_mean_difference() {
        // 6000 trials, the design down 1 to 3 hours longer than the baseline in each: every
        // difference is nonzero (the Student t interval), all negative.
        let base = trials((0..6000).map(|i| f64::from(i % 5)));
        let design = trials((0..6000).map(|i| f64::from(i % 5) + 1.0 + f64::from(i % 3)));
        let mut paired = PairedDifferences::default();
        paired.add(&design, &base, 1000.0);
        let c = compare("worse", "base", &paired, 0.95);
        // Extra hours 1, 2, 3 in equal thirds: mean 2 hours in 1000.
        let e = &c.availability_difference;
        assert!((e.mean + 0.002).abs() < 1e-15, "{}", e.mean);
        let (low, high) = (e.ci_low.unwrap(), e.ci_high.unwrap());
        assert!(low < e.mean && e.mean < high && high < 0.0, "{low} {high}");
        assert!(c.significant);
        // 0.002 of a 365.25-day year, in minutes: more downtime is a positive difference.
        let minutes = 0.002 * 365.25 * 24.0 * 60.0;
        assert!((c.downtime_minutes_per_year_difference - minutes).abs() < 1e-9);
        assert_eq!(c.method, compare_method());
    }

    #[test]
    fn the_method_names_what_reports_rely_on() {
        let method = compare_method();
        for part in [
            "paired",
            "Student t",
            "bootstrap-t",
            "common random numbers",
        ] {
            assert!(method.contains(part), "{method}");
        }
    }
}
