//! When a run stops: after a fixed number of trials, or once the interval of unavailability
//! is as narrow as asked (`--precision`), within a budget of trials and time.
//!
//! The rule is checked only between batches of a fixed size in trial-index order, so a run
//! that stops at N trials has simulated exactly the trials of `--trials N` and reports the
//! same figures.

use serde::Serialize;

use super::TrialStats;

/// How long to simulate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StopRule {
    /// Relative half-width of the unavailability interval to reach; `None`: run every trial.
    pub precision: Option<f64>,
    /// Trials to run (fixed rule) or at most (precision rule).
    pub max_trials: u64,
    /// Wall-clock seconds after which a precision run stops at the next batch.
    pub max_seconds: Option<f64>,
}

impl StopRule {
    /// Exactly `trials` trials.
    pub fn fixed(trials: u64) -> StopRule {
        StopRule {
            precision: None,
            max_trials: trials,
            max_seconds: None,
        }
    }
}

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Ran the number of trials asked for.
    Trials,
    /// The interval reached the requested precision.
    PrecisionReached,
    /// The precision was not reached within `--max-trials`.
    MaxTrials,
    /// The precision was not reached within `--max-time`.
    MaxTime,
}

/// How the run was stopped, as the summary reports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoppingSummary {
    /// "trials" (a fixed number) or "precision".
    pub rule: &'static str,
    /// The requested relative half-width of the unavailability interval; null for "trials".
    pub precision: Option<f64>,
    /// Why it stopped.
    pub reason: StopReason,
    /// Trials simulated.
    pub trials: u64,
    /// The trial budget.
    pub max_trials: u64,
    /// The time budget in seconds; null without one.
    pub max_seconds: Option<f64>,
    /// Relative half-width the interval reached; null without downtime or an interval.
    pub achieved_precision: Option<f64>,
}

impl StoppingSummary {
    /// The report of `rule` stopping for `reason` after the trials in `stats`.
    pub fn new(
        rule: &StopRule,
        reason: StopReason,
        stats: &TrialStats,
        confidence: f64,
    ) -> StoppingSummary {
        StoppingSummary {
            rule: if rule.precision.is_some() {
                "precision"
            } else {
                "trials"
            },
            precision: rule.precision,
            reason,
            trials: stats.trials,
            max_trials: rule.max_trials,
            max_seconds: rule.max_seconds,
            achieved_precision: relative_half_width(stats, confidence),
        }
    }

    /// One line for the reports, e.g. "precision ±10% reached after 120,000 trials".
    pub fn describe(&self) -> String {
        let wanted = self
            .precision
            // Rounded to 12 significant digits: "7%" reads back as 0.07, whose × 100 is
            // 7.000000000000001.
            .map_or_else(String::new, |p| {
                format!(
                    "±{}%",
                    format!("{:.11e}", p * 100.0)
                        .parse::<f64>()
                        .unwrap_or(p * 100.0)
                )
            });
        let reached = self.achieved_precision.map_or_else(
            || "no downtime seen".to_string(),
            |a| format!("±{:.1}%", a * 100.0),
        );
        match self.reason {
            StopReason::Trials => format!("ran the {} trials asked for", self.trials),
            StopReason::PrecisionReached => format!(
                "precision {wanted} reached after {} trials ({reached})",
                self.trials
            ),
            StopReason::MaxTrials => format!(
                "precision {wanted} not reached within --max-trials {} ({reached})",
                self.max_trials
            ),
            StopReason::MaxTime => format!(
                "precision {wanted} not reached within --max-time, after {} trials ({reached})",
                self.trials
            ),
        }
    }
}

/// Half-width of the interval of unavailability relative to its estimate, through the same
/// interval the summary reports ([`TrialStats::unavailability_interval`]: bootstrap-t with
/// few trials with downtime, Student t beyond); `None` without downtime or with fewer than
/// two trials (no precision can be claimed then: the assumption-free bound is not
/// relative to any estimate).
pub fn relative_half_width(stats: &TrialStats, confidence: f64) -> Option<f64> {
    let interval = stats.unavailability_interval(confidence);
    let unavailability = interval.mean;
    match (interval.low, interval.high) {
        (Some(low), Some(high)) if unavailability > 0.0 => {
            Some((high - low) / 2.0 / unavailability)
        }
        _ => None,
    }
}

/// Whether a precision run may stop: the interval is within the requested precision.
pub fn precise_enough(rule: &StopRule, stats: &TrialStats, confidence: f64) -> bool {
    match rule.precision {
        Some(precision) => {
            relative_half_width(stats, confidence).is_some_and(|achieved| achieved <= precision)
        }
        None => false,
    }
}
