//! `[[phases]]`: operational phases over the year (a peak season, a maintenance freeze) that
//! change failure rates, repair times, crews, `need` or maintenance for their duration.
//!
//! Phase 0 is "normal", the time outside every named phase, where each component's own
//! values hold; named phases are 1 and up, in file order. Phases may overlap (model::
//! phase_sets combines them); the trial's timeline is the same in every trial: it depends
//! only on the horizon.

use crate::dist::Dist;
use crate::units::{DAY, YEAR};

/// The name of phase 0, the time outside every named phase.
pub const NORMAL: &str = "normal";

/// When a named phase applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PhaseWhen {
    /// Every year, from hour `start` to hour `end` of the year (`end` may pass the year's
    /// end: a phase over New Year). Years are [`YEAR`] long, as for `[[load.peaks]]`.
    Yearly {
        /// Hours from the start of the year.
        start: f64,
        /// Hours from the start of the year (more than `start`).
        end: f64,
    },
    /// From `start`, for `duration` every `every` hours.
    Every {
        /// The period.
        every: f64,
        /// How long each occurrence lasts (less than `every`).
        duration: f64,
        /// When the first occurrence begins.
        start: f64,
    },
}

impl PhaseWhen {
    /// A yearly phase from day of the year `first_day` (0 = 1 January) to day `last_day`
    /// inclusive; a last day before the first wraps over New Year.
    pub fn days(first_day: u32, last_day: u32) -> PhaseWhen {
        let start = f64::from(first_day) * DAY;
        let mut end = f64::from(last_day + 1) * DAY;
        if last_day < first_day {
            end += YEAR;
        }
        PhaseWhen::Yearly { start, end }
    }

    /// Every occurrence of the phase overlapping `[0, horizon)`, clipped to it, in order.
    fn occurrences(self, horizon: f64) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let (period, length, first) = match self {
            PhaseWhen::Yearly { start, end } => (YEAR, end - start, start - YEAR),
            PhaseWhen::Every {
                every,
                duration,
                start,
            } => (every, duration, start),
        };
        let mut k = 0u64;
        loop {
            let begin = first + k as f64 * period;
            if begin >= horizon {
                break;
            }
            let end = (begin + length).min(horizon);
            if end > 0.0 && end > begin.max(0.0) {
                out.push((begin.max(0.0), end));
            }
            k += 1;
        }
        out
    }
}

/// The phases of a scenario, with each one's overrides flattened by component.
#[derive(Debug, Clone)]
pub struct Phases {
    /// Name of each phase; [`NORMAL`] first.
    pub names: Vec<String>,
    /// When each named phase applies (index `p - 1` for phase `p`).
    pub when: Vec<PhaseWhen>,
    /// How much faster each component's failure clocks run, per phase then component.
    pub failure_factor: Vec<Vec<f64>>,
    /// How much longer each component's repairs that start in the phase take, per phase
    /// then component.
    pub repair_factor: Vec<Vec<f64>>,
    /// Instances each component needs, per phase then component.
    pub need: Vec<Vec<u32>>,
    /// Whether maintenance windows that open in the phase are skipped, per phase.
    pub freeze: Vec<bool>,
    /// Crews per phase then pool (pools as [`super::RepairRules::pools`] orders them;
    /// `usize::MAX`: unlimited).
    pub crews: Vec<Vec<usize>>,
    /// The failure law replacing each component's own while the phase holds, per phase
    /// then component (`None`: its own; only single-mode components, laws with a density).
    pub failure_law: Vec<Vec<Option<Dist>>>,
    /// The repair law of repairs that start in the phase, per phase then component
    /// (`None`: its own), for every failure mode of the component.
    pub repair_law: Vec<Vec<Option<Dist>>>,
}

/// One stretch of a trial's timeline: from `start` on (to the next stretch's start, or the
/// horizon), phase `phase` holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stretch {
    /// When it begins, in hours.
    pub start: f64,
    /// The phase: in a [`super::phase_sets::Combined`] timeline, a combination of phases.
    pub phase: usize,
}

impl Phases {
    /// Phases in all, "normal" included.
    pub fn count(&self) -> usize {
        self.names.len()
    }

    /// Every occurrence of a named phase within `[0, horizon)` as (start, end, phase),
    /// ordered by start.
    pub(super) fn occurrences(&self, horizon: f64) -> Vec<(f64, f64, usize)> {
        let mut all: Vec<(f64, f64, usize)> = self
            .when
            .iter()
            .enumerate()
            .flat_map(|(i, w)| {
                w.occurrences(horizon)
                    .into_iter()
                    .map(move |(s, e)| (s, e, i + 1))
            })
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phases(when: Vec<PhaseWhen>) -> Phases {
        let n = when.len() + 1;
        Phases {
            names: (0..n).map(|i| format!("p{i}")).collect(),
            when,
            failure_factor: vec![vec![]; n],
            repair_factor: vec![vec![]; n],
            need: vec![vec![]; n],
            freeze: vec![false; n],
            crews: vec![vec![]; n],
            failure_law: vec![vec![]; n],
            repair_law: vec![vec![]; n],
        }
    }

    #[test]
    fn a_yearly_phase_repeats_and_the_rest_is_normal() {
        // Days 10..=19: hours 240 to 480 of each year.
        let p = phases(vec![PhaseWhen::days(10, 19)]);
        assert_eq!(
            p.sets(2.0 * YEAR),
            vec![
                (0.0, 0),
                (240.0, 1),
                (480.0, 0),
                (YEAR + 240.0, 1),
                (YEAR + 480.0, 0)
            ]
        );
        let hours = p.hours(2.0 * YEAR);
        assert_eq!(hours[1], 480.0);
        assert_eq!(hours[0], 2.0 * YEAR - 480.0);
    }

    #[test]
    fn a_phase_over_new_year_starts_the_trial() {
        // 15 December to 15 January: the first trial hours are in it.
        let p = phases(vec![PhaseWhen::days(348, 14)]);
        assert_eq!(
            p.sets(YEAR)[..3],
            [(0.0, 1), (15.0 * DAY, 0), (348.0 * DAY, 1)]
        );
    }

    #[test]
    fn neighbours_do_not_overlap() {
        let touching = phases(vec![PhaseWhen::days(10, 19), PhaseWhen::days(20, 29)]);
        assert_eq!(
            touching.sets(YEAR),
            vec![(0.0, 0), (240.0, 0b01), (480.0, 0b10), (720.0, 0)]
        );
    }

    #[test]
    fn a_periodic_phase_recurs() {
        let p = phases(vec![PhaseWhen::Every {
            every: 168.0,
            duration: 24.0,
            start: 120.0,
        }]);
        assert_eq!(p.hours(2.0 * 168.0)[1], 48.0);
        assert_eq!(p.sets(2.0 * 168.0).len(), 5);
    }
}
