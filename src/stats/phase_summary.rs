//! The `phases` key of the summary: availability, downtime and outages per operational
//! phase.

use serde::Serialize;

use super::{moments_interval, Estimate, Tally};
use crate::model::Model;
use crate::units::YEAR;

/// Downtime that fell within a phase.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct PhaseDowntime {
    /// Minutes per calendar year that fall in the phase.
    pub per_year: f64,
    /// Minutes per hour spent in the phase (its unavailability × 60).
    pub per_phase_hour: f64,
}

/// Outages that began within a phase.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct PhaseOutages {
    /// Outages that began in the phase over every trial.
    pub count: u64,
    /// Per calendar year.
    pub per_year: f64,
}

/// One phase's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PhaseSummary {
    /// The phase's name ("normal": outside every named phase).
    pub name: String,
    /// Hours of a year in the phase (over the horizon, scaled to a year).
    pub hours_per_year: f64,
    /// Time availability within the phase, with its Student-t interval over trials at the
    /// run's confidence (null bounds with one trial).
    pub availability: Estimate,
    /// Downtime in the phase.
    pub downtime_minutes: PhaseDowntime,
    /// Outages begun in the phase.
    pub outages: PhaseOutages,
}

/// Every phase with time in the horizon, "normal" first; empty without `[[phases]]`.
pub fn phase_summaries(model: &Model, tally: &Tally) -> Vec<PhaseSummary> {
    let Some(phases) = &model.phases else {
        return Vec::new();
    };
    let horizon = model.settings.horizon;
    let hours = phases.hours(horizon);
    tally
        .phases
        .phases
        .iter()
        .enumerate()
        .filter(|&(p, _)| hours[p] > 0.0)
        .map(|(p, sums)| {
            let interval = moments_interval(&sums.downtime_moments(), model.settings.confidence);
            let h = hours[p];
            let trials = sums.trials.max(1) as f64;
            let unavailability = interval.mean / h;
            PhaseSummary {
                name: phases.names[p].clone(),
                hours_per_year: h / horizon * YEAR,
                availability: Estimate {
                    mean: 1.0 - unavailability,
                    ci_low: interval.high.map(|d| (1.0 - d / h).max(0.0)),
                    ci_high: interval.low.map(|d| (1.0 - d / h).min(1.0)),
                },
                downtime_minutes: PhaseDowntime {
                    per_year: interval.mean * 60.0 / horizon * YEAR,
                    per_phase_hour: unavailability * 60.0,
                },
                outages: PhaseOutages {
                    count: sums.outages,
                    per_year: sums.outages as f64 / trials / horizon * YEAR,
                },
            }
        })
        .collect()
}
