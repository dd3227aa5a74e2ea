//! Overlapping phases (a weekend inside a season): the sets of named phases that hold
//! together, and what holds while they do.
//!
//! The rule, chosen for what a planner writing two phases means: factors multiply (more
//! load and fewer people are separate effects); `need`, crews and replaced laws are those
//! of the phase that changes them, and two phases that both change one of them differently
//! are refused where they overlap (which should win is not for nines to guess); a freeze by
//! either holds. An hour in two phases counts to both in the report; `normal` is the time
//! in none.

use super::phases::{Phases, Stretch};

/// A set of named phases: bit `p − 1` for phase `p`; 0 is "normal".
pub type PhaseSet = u64;

/// The most named phases a scenario may have (one bit each in a [`PhaseSet`]).
pub const MAX_PHASES: usize = 63;

/// What two overlapping phases both change, differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contested {
    /// A component's `need`.
    Need(usize),
    /// A pool's crews.
    Crews(usize),
    /// A component's failure law.
    FailureLaw(usize),
    /// A component's repair law.
    RepairLaw(usize),
}

/// Two phases that hold together and change one thing differently.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conflict {
    /// The earlier phase in the file.
    pub first: usize,
    /// The later one.
    pub second: usize,
    /// When they first hold together, in hours.
    pub at: f64,
    /// What both change.
    pub what: Contested,
}

/// The trial's timeline as combinations of phases, each with the overrides that hold in it.
#[derive(Debug, Clone)]
pub struct Combined {
    /// Stretches in order, the first at 0; `phase` is a combination (an index of `sets`).
    pub timeline: Vec<Stretch>,
    /// The named phases of each combination; combination 0 is "normal" (the empty set).
    pub sets: Vec<PhaseSet>,
    /// The overrides of each combination, as phases of their own (names and dates unused).
    pub overrides: Phases,
}

/// The phases of `set`, as indices (1 and up).
pub fn members(set: PhaseSet) -> impl Iterator<Item = usize> {
    (0..MAX_PHASES)
        .filter(move |bit| set & (1 << bit) != 0)
        .map(|bit| bit + 1)
}

impl Phases {
    /// The sets of named phases holding over `[0, horizon)`: (start, set) in order, the first
    /// at 0, no two neighbours equal.
    pub fn sets(&self, horizon: f64) -> Vec<(f64, PhaseSet)> {
        // (time, starts, phase): at one instant, ends before starts.
        let mut edges: Vec<(f64, bool, usize)> = self
            .occurrences(horizon)
            .into_iter()
            .flat_map(|(start, end, p)| [(start, true, p), (end, false, p)])
            .collect();
        edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut holding = vec![0u32; self.count()];
        let mut out: Vec<(f64, PhaseSet)> = vec![(0.0, 0)];
        let mut i = 0;
        while i < edges.len() {
            let at = edges[i].0;
            while i < edges.len() && edges[i].0 == at {
                let (_, starts, p) = edges[i];
                if starts {
                    holding[p] += 1;
                } else {
                    holding[p] -= 1;
                }
                i += 1;
            }
            if at >= horizon {
                break;
            }
            let set = (1..self.count())
                .filter(|&p| holding[p] > 0)
                .fold(0, |set, p| set | 1 << (p - 1));
            let last = out.last_mut().expect("never empty");
            if last.0 == at {
                last.1 = set;
            } else if last.1 != set {
                out.push((at, set));
            }
        }
        out
    }

    /// Hours each phase holds within `[0, horizon)`: "normal" the hours in no named phase,
    /// and an hour in two phases counts to both.
    pub fn hours(&self, horizon: f64) -> Vec<f64> {
        let sets = self.sets(horizon);
        let mut hours = vec![0.0; self.count()];
        for (i, &(start, set)) in sets.iter().enumerate() {
            let end = sets.get(i + 1).map_or(horizon, |next| next.0);
            if set == 0 {
                hours[0] += end - start;
            }
            for p in members(set) {
                hours[p] += end - start;
            }
        }
        hours
    }

    /// The first two phases that hold together within `[0, horizon)` and change one thing
    /// differently, if any.
    pub fn conflict(&self, horizon: f64) -> Option<Conflict> {
        self.sets(horizon).into_iter().find_map(|(at, set)| {
            members(set).find_map(|a| {
                members(set)
                    .filter(|&b| b > a)
                    .find_map(|b| self.contested(a, b))
                    .map(|(second, what)| Conflict {
                        first: a,
                        second,
                        at,
                        what,
                    })
            })
        })
    }

    /// What phases `a` and `b` both change differently, if anything: (b, what).
    fn contested(&self, a: usize, b: usize) -> Option<(usize, Contested)> {
        let changed = |values: &[Vec<u32>], c: usize| {
            values[a][c] != values[0][c]
                && values[b][c] != values[0][c]
                && values[a][c] != values[b][c]
        };
        let need = (0..self.need[0].len()).find(|&c| changed(&self.need, c));
        let crews = (0..self.crews[0].len()).find(|&pool| {
            let (n, x, y) = (
                self.crews[0][pool],
                self.crews[a][pool],
                self.crews[b][pool],
            );
            x != n && y != n && x != y
        });
        let law = |laws: &[Vec<Option<crate::dist::Dist>>]| {
            (0..laws[0].len()).find(|&c| laws[a][c].is_some() && laws[b][c].is_some())
        };
        need.map(Contested::Need)
            .or(crews.map(Contested::Crews))
            .or(law(&self.failure_law).map(Contested::FailureLaw))
            .or(law(&self.repair_law).map(Contested::RepairLaw))
            .map(|what| (b, what))
    }

    /// The overrides while the phases of `set` hold together (the rule in the module doc).
    fn merged(&self, set: PhaseSet, into: &mut Phases) {
        let mut failure_factor = self.failure_factor[0].clone();
        let mut repair_factor = self.repair_factor[0].clone();
        let mut need = self.need[0].clone();
        let mut crews = self.crews[0].clone();
        let mut failure_law = self.failure_law[0].clone();
        let mut repair_law = self.repair_law[0].clone();
        let mut freeze = set == 0 && self.freeze[0];
        for p in members(set) {
            for (out, factor) in failure_factor.iter_mut().zip(&self.failure_factor[p]) {
                *out *= factor;
            }
            for (out, factor) in repair_factor.iter_mut().zip(&self.repair_factor[p]) {
                *out *= factor;
            }
            for (c, out) in need.iter_mut().enumerate() {
                if self.need[p][c] != self.need[0][c] {
                    *out = self.need[p][c];
                }
            }
            for (pool, out) in crews.iter_mut().enumerate() {
                if self.crews[p][pool] != self.crews[0][pool] {
                    *out = self.crews[p][pool];
                }
            }
            for (out, law) in failure_law.iter_mut().zip(&self.failure_law[p]) {
                if law.is_some() {
                    out.clone_from(law);
                }
            }
            for (out, law) in repair_law.iter_mut().zip(&self.repair_law[p]) {
                if law.is_some() {
                    out.clone_from(law);
                }
            }
            freeze |= self.freeze[p];
        }
        into.names.push(format!("{set:#x}"));
        into.failure_factor.push(failure_factor);
        into.repair_factor.push(repair_factor);
        into.need.push(need);
        into.crews.push(crews);
        into.failure_law.push(failure_law);
        into.repair_law.push(repair_law);
        into.freeze.push(freeze);
    }

    /// The timeline over `[0, horizon)` as combinations of phases, with each one's overrides.
    pub fn combined(&self, horizon: f64) -> Combined {
        let mut sets: Vec<PhaseSet> = vec![0];
        let mut overrides = Phases {
            names: Vec::new(),
            when: Vec::new(),
            failure_factor: Vec::new(),
            repair_factor: Vec::new(),
            need: Vec::new(),
            freeze: Vec::new(),
            crews: Vec::new(),
            failure_law: Vec::new(),
            repair_law: Vec::new(),
        };
        self.merged(0, &mut overrides);
        let timeline = self
            .sets(horizon)
            .into_iter()
            .map(|(start, set)| {
                let phase = sets.iter().position(|&s| s == set).unwrap_or_else(|| {
                    sets.push(set);
                    self.merged(set, &mut overrides);
                    sets.len() - 1
                });
                Stretch { start, phase }
            })
            .collect();
        Combined {
            timeline,
            sets,
            overrides,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::phases::PhaseWhen;

    /// Phases with a failure factor and a need each, for one component.
    fn phases(when: Vec<PhaseWhen>, factor: &[f64], need: &[u32]) -> Phases {
        let n = when.len() + 1;
        Phases {
            names: (0..n).map(|i| format!("p{i}")).collect(),
            when,
            failure_factor: factor.iter().map(|&f| vec![f]).collect(),
            repair_factor: vec![vec![1.0]; n],
            need: need.iter().map(|&k| vec![k]).collect(),
            freeze: vec![false; n],
            crews: vec![vec![1]; n],
            failure_law: vec![vec![None]; n],
            repair_law: vec![vec![None]; n],
        }
    }

    #[test]
    fn a_weekly_phase_inside_a_season_multiplies_their_factors() {
        // Season: days 10..=19; weekly: 2 days every 7 from day 0 (days 14-15 in the season).
        let p = phases(
            vec![
                PhaseWhen::days(10, 19),
                PhaseWhen::Every {
                    every: 168.0,
                    duration: 48.0,
                    start: 0.0,
                },
            ],
            &[1.0, 2.0, 3.0],
            &[1, 1, 1],
        );
        let horizon = 21.0 * 24.0;
        let sets: Vec<(f64, PhaseSet)> = p.sets(horizon);
        assert_eq!(
            sets,
            vec![
                (0.0, 0b10),
                (48.0, 0),
                (168.0, 0b10),
                (216.0, 0),
                (240.0, 0b01),
                (336.0, 0b11),
                (384.0, 0b01),
                (480.0, 0)
            ]
        );
        let hours = p.hours(horizon);
        assert_eq!(hours, vec![504.0 - 240.0 - 144.0 + 48.0, 240.0, 144.0]);
        let combined = p.combined(horizon);
        let both = combined.sets.iter().position(|&s| s == 0b11).unwrap();
        assert_eq!(combined.overrides.failure_factor[both], vec![6.0]);
        assert_eq!(p.conflict(horizon), None);
    }

    #[test]
    fn two_needs_that_differ_where_phases_meet_are_a_conflict() {
        let p = phases(
            vec![PhaseWhen::days(10, 19), PhaseWhen::days(15, 25)],
            &[1.0, 1.0, 1.0],
            &[1, 2, 3],
        );
        let conflict = p.conflict(365.0 * 24.0).expect("they meet");
        assert_eq!(
            (conflict.first, conflict.second, conflict.at, conflict.what),
            (1, 2, 15.0 * 24.0, Contested::Need(0))
        );
        // The same need in both, or a need in one only, is no conflict.
        assert_eq!(
            phases(
                vec![PhaseWhen::days(10, 19), PhaseWhen::days(15, 25)],
                &[1.0, 1.0, 1.0],
                &[1, 2, 2],
            )
            .conflict(365.0 * 24.0),
            None
        );
    }
}
