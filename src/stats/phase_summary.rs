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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::stats::PhaseTally;

    /// A model over `horizon` with a season of 60 days from 1 November each year (failure
    /// clocks twice as fast in it); also the rare phases' tests'.
    pub(in crate::stats) fn model(horizon: &str) -> Model {
        let source = format!(
            "[simulation]\nhorizon = \"{horizon}\"\n[components.app]\ncount = 2\nneed = 1\nfailure = {{ dist = \"exponential\", mean = \"1000h\" }}\nrepair = {{ dist = \"fixed\", value = \"1h\" }}\n[system]\nall = [\"app\"]\n[[phases]]\nname = \"season\"\nfrom = \"11-01\"\ndays = 60\nfailure_factor = 2.0\n"
        );
        crate::scenario::parse(&source, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles")
    }

    /// A phase's expected figures: name, hours per year, availability (mean, low, high),
    /// downtime minutes (per year, per phase hour), outages (count, per year).
    pub(in crate::stats) type Expected = (&'static str, f64, [f64; 3], [f64; 2], (u64, f64));

    /// Asserts each phase's figures to 1e-12, relative (the count exactly).
    pub(in crate::stats) fn assert_figures(phases: &[PhaseSummary], expected: &[Expected]) {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert_eq!(phases.len(), expected.len());
        for (p, &(name, hours, availability, minutes, outages)) in phases.iter().zip(expected) {
            assert_eq!(p.name, name);
            assert!(close(p.hours_per_year, hours), "{p:?}");
            let a = &p.availability;
            assert!(close(a.mean, availability[0]), "{p:?}");
            assert!(close(a.ci_low.unwrap(), availability[1]), "{p:?}");
            assert!(close(a.ci_high.unwrap(), availability[2]), "{p:?}");
            assert!(close(p.downtime_minutes.per_year, minutes[0]), "{p:?}");
            assert!(
                close(p.downtime_minutes.per_phase_hour, minutes[1]),
                "{p:?}"
            );
            assert_eq!(p.outages.count, outages.0, "{p:?}");
            assert!(close(p.outages.per_year, outages.1), "{p:?}");
        }
    }

    /// A tally of the first `trials` of four trials' downtime (hours) and outages in each
    /// phase.
    fn tally(trials: usize) -> Tally {
        let mut tally = Tally::new(0, 0);
        tally.phases = PhaseTally::new(2);
        let normal = [(1.0, 1), (0.75, 1), (0.5, 0), (1.5, 3)];
        let season = [(0.5, 1), (0.25, 0), (1.25, 2), (0.75, 1)];
        for (n, s) in normal.iter().zip(season).take(trials) {
            tally.phases.record_trial(&[n.0, s.0], &[n.1, s.1]);
        }
        tally
    }

    /// Every figure of both phases over two years (the season 1440 h a year, normal the
    /// other 7326), against scripts/phase-expected.py (scipy 1.17.1): availability with the
    /// downtime's t interval's ends swapped, minutes per year and per phase hour, outages over
    /// the four trials and per year.
    #[test]
    fn each_phase_gets_its_figures_from_its_own_hours() {
        let phases = phase_summaries(&model("2y"), &tally(4));
        let expected = [
            (
                "normal",
                7326.0,
                [0.9999360155610155, 0.9998896476439428, 0.9999823834780882],
                [28.125, 0.003839066339066339],
                (5, 0.625),
            ),
            (
                "season",
                1440.0,
                [0.9997612847222223, 0.9995253879441149, 0.9999971815003296],
                [20.625, 0.014322916666666666],
                (4, 0.5),
            ),
        ];
        assert_figures(&phases, &expected);
    }

    /// One trial has no interval; with none, outages per year are 0 rather than NaN.
    #[test]
    fn one_trial_has_no_interval_and_none_no_rate() {
        let one = phase_summaries(&model("2y"), &tally(1));
        // 1 h of the normal phase's 14652 h, one outage in two years.
        let mean = one[0].availability.mean;
        assert!((mean - (1.0 - 1.0 / 14652.0)).abs() < 1e-15, "{mean}");
        assert_eq!(one[0].availability.ci_low, None);
        assert_eq!(one[0].availability.ci_high, None);
        assert_eq!(one[0].outages.per_year, 0.5);
        let none = phase_summaries(&model("2y"), &tally(0));
        assert_eq!(none[1].outages.count, 0);
        assert_eq!(none[1].outages.per_year, 0.0);
    }

    /// A phase without time in the horizon (the season starts after 200 days) is left out,
    /// and a model without phases has none.
    #[test]
    fn phases_without_hours_are_left_out() {
        let phases = phase_summaries(&model("200d"), &tally(4));
        let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["normal"]);
        let mut plain = model("1y");
        plain.phases = None;
        assert!(phase_summaries(&plain, &tally(4)).is_empty());
    }
}
