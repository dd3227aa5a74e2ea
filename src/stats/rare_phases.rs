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

#[cfg(test)]
mod tests {
    use super::super::phase_summary::tests::{assert_figures, model};
    use super::*;

    /// Four trials' weighted downtime and outages in each phase.
    fn stats() -> RareStats {
        let mut stats = RareStats::new(0);
        let normal = [(1.0, 1.0), (0.75, 1.0), (0.5, 0.0), (1.5, 3.0)];
        let season = [(0.5, 1.0), (0.25, 0.0), (1.25, 2.0), (0.75, 1.0)];
        for (n, s) in normal.iter().zip(season) {
            stats.add_phases(&[n.0, s.0, n.1, s.1]);
        }
        stats
    }

    /// Every figure of both phases over two years (the season 1440 h a year, normal the
    /// other 7326), against scripts/rare-window-expected.py (scipy 1.17.1, Hall's interval
    /// by bisection): availability with the downtime interval's ends swapped, minutes per
    /// year and per phase hour, outages over the four trials and per year.
    #[test]
    fn each_phase_gets_its_figures_from_its_own_hours() {
        let phases = rare_phase_summaries(&model("2y"), &stats());
        let expected = [
            (
                "normal",
                7326.0,
                [0.9999360155610155, 0.999869605117985, 0.9999741629163038],
                [28.125, 0.003839066339066339],
                (5, 0.625),
            ),
            (
                "season",
                1440.0,
                [0.9997612847222223, 0.9994234215933039, 0.9999553593922513],
                [20.625, 0.014322916666666666],
                (4, 0.5),
            ),
        ];
        assert_figures(&phases, &expected);
    }

    /// A phase without time in the horizon (the season starts after 200 days) is left out,
    /// and a model without phases has none.
    #[test]
    fn phases_without_hours_are_left_out() {
        let phases = rare_phase_summaries(&model("200d"), &stats());
        let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["normal"]);
        let mut plain = model("1y");
        plain.phases = None;
        assert!(rare_phase_summaries(&plain, &stats()).is_empty());
    }
}
