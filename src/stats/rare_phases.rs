//! The `phases` key under `--method rare`: each phase's availability, downtime and outages
//! from the branches' weighted figures rather than the main runs' (which rarely see an
//! outage). Only the horizon window is split by phase.

use super::interval::skew_corrected_interval;
use super::phase_summary::{PhaseDowntime, PhaseOutages};
use super::{Estimate, PhaseSummary, RareStats};
use crate::model::Model;
use crate::units::YEAR;

/// Every phase with time in the horizon, "normal" first, from `stats`' weighted per-trial
/// figures; empty without `[[phases]]`. `outages.count` is the estimated number of outages
/// over all the trials run (per trial × trials, rounded), since weighted outages are not
/// counted one by one.
pub fn rare_phase_summaries(model: &Model, stats: &RareStats) -> Vec<PhaseSummary> {
    let Some(phases) = &model.phases else {
        return Vec::new();
    };
    let (horizon, confidence) = (model.settings.horizon, model.settings.confidence);
    let years = horizon / YEAR;
    let hours = phases.hours(horizon);
    stats
        .phases
        .iter()
        .enumerate()
        .filter(|&(p, _)| hours[p] > 0.0)
        .map(|(p, (downtime, outages))| {
            let h = hours[p];
            let d = skew_corrected_interval(downtime, confidence);
            let unavailable = |x: f64| x / h;
            PhaseSummary {
                name: phases.names[p].clone(),
                hours_per_year: h / years,
                availability: Estimate {
                    mean: 1.0 - unavailable(d.mean),
                    ci_low: d.high.map(|x| (1.0 - unavailable(x)).max(0.0)),
                    ci_high: d.low.map(|x| (1.0 - unavailable(x)).min(1.0)),
                },
                downtime_minutes: PhaseDowntime {
                    per_year: d.mean * 60.0 / years,
                    per_phase_hour: unavailable(d.mean) * 60.0,
                },
                outages: PhaseOutages {
                    count: (outages.mean * outages.n as f64).round() as u64,
                    per_year: outages.mean / years,
                },
            }
        })
        .collect()
}
