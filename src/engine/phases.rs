//! `[[phases]]` in a trial: phase changes are scheduled events that change the speed of
//! failure clocks, the repair factor, components' `need` and the maintenance freeze, and the
//! trial's downtime and outages are split by phase.
//!
//! Every override is flattened per slot, mode and component at simulator creation, so a
//! phase change copies numbers and looks nothing up by name. A failure factor is a clock
//! speed, the mechanism warm standbys use: the age a clock has left is kept and runs faster
//! or slower from the boundary on (for an exponential life, the same as drawing anew at the
//! new rate; for ageing laws, the hazard scaled by the factor, accelerated life).

use super::queue::Event;
use super::structure::propagate;
use super::trial::Simulator;
use crate::model::phases::Stretch;
use crate::model::Model;

/// The phases of one simulator: the trial's timeline and every override, flattened.
#[derive(Debug, Clone)]
pub struct PhaseRun {
    /// The stretches of the trial, the first at 0.
    timeline: Vec<Stretch>,
    /// The phase holding now.
    current: usize,
    /// Failure clock speed factor per phase and slot (`phase * slots + slot`).
    slot_speed: Vec<f64>,
    /// Repair time factor per phase and mode (`phase * modes + mode`).
    mode_repair: Vec<f64>,
    /// Need per phase and component (`phase * components + component`).
    need: Vec<u32>,
    /// Whether maintenance windows are skipped, per phase.
    freeze: Vec<bool>,
    /// The first mode of each component: the cause of an outage a raised need begins.
    first_mode: Vec<u32>,
    /// This trial's downtime in each phase, in hours.
    downtime: Vec<f64>,
    /// This trial's outages begun in each phase.
    outages: Vec<u32>,
}

impl PhaseRun {
    /// The phases of `model` over `horizon`, if it has any.
    pub fn for_model(model: &Model) -> Option<Box<PhaseRun>> {
        let phases = model.phases.as_ref()?;
        let layout = &model.layout;
        let count = phases.count();
        let slot_speed = (0..count)
            .flat_map(|p| {
                layout.slot_mode.iter().map(move |&mode| {
                    phases.failure_factor[p][layout.mode_component[mode as usize] as usize]
                })
            })
            .collect();
        let mode_repair = (0..count)
            .flat_map(|p| {
                layout
                    .mode_component
                    .iter()
                    .map(move |&c| phases.repair_factor[p][c as usize])
            })
            .collect();
        let first_mode = (0..model.components.len())
            .map(|c| {
                layout
                    .mode_component
                    .iter()
                    .position(|&owner| owner as usize == c)
                    .unwrap_or(0) as u32
            })
            .collect();
        Some(Box::new(PhaseRun {
            timeline: phases.timeline(model.settings.horizon),
            current: 0,
            slot_speed,
            mode_repair,
            need: phases.need.concat(),
            freeze: phases.freeze.clone(),
            first_mode,
            downtime: vec![0.0; count],
            outages: vec![0; count],
        }))
    }

    /// Phases in all.
    pub fn count(&self) -> usize {
        self.freeze.len()
    }

    /// The trial's downtime in each phase so far, in hours (after a trial: the whole
    /// trial's, for paired differences per phase in `nines compare`).
    pub fn trial_downtime(&self) -> &[f64] {
        &self.downtime
    }

    /// The index of the stretch holding at `time`.
    #[inline]
    fn stretch_at(&self, time: f64) -> usize {
        self.timeline
            .partition_point(|s| s.start <= time)
            .saturating_sub(1)
    }
}

impl Simulator<'_> {
    /// Starts a trial in the phase holding at 0 (before any clock starts, so that clocks
    /// start at that phase's speed) and waits for the next change.
    pub(super) fn reset_phases(&mut self) {
        let Some(run) = &mut self.phases else {
            return;
        };
        run.downtime.fill(0.0);
        run.outages.fill(0);
        self.enter_stretch(0, false);
    }

    /// A `PhaseChange` to stretch `k` fired.
    pub(super) fn phase_change(&mut self, k: usize) -> bool {
        self.enter_stretch(k, true);
        true
    }

    /// Enters stretch `k`: its phase's overrides hold from now; `running` is false at the
    /// start of a trial, where no clock runs yet and every node is up.
    fn enter_stretch(&mut self, k: usize, running: bool) {
        let Some(run) = &mut self.phases else {
            return;
        };
        let phase = run.timeline[k].phase;
        run.current = phase;
        if let Some(next) = run.timeline.get(k + 1) {
            self.queue
                .push(next.start, Event::PhaseChange(k as u32 + 1));
        }
        let slots = self.phase_speed.len();
        let modes = self.repair_factor.len();
        self.repair_factor
            .copy_from_slice(&run.mode_repair[phase * modes..(phase + 1) * modes]);
        for slot in 0..slots {
            let speed = self
                .phases
                .as_ref()
                .map_or(1.0, |r| r.slot_speed[phase * slots + slot]);
            if speed == self.phase_speed[slot] {
                continue;
            }
            if running {
                let old = self.clock_speed(slot);
                self.phase_speed[slot] = speed;
                self.retime(slot, old);
            } else {
                self.phase_speed[slot] = speed;
            }
        }
        let components = self.phases.as_ref().map_or(0, |r| r.first_mode.len());
        for c in 0..components {
            let need = self
                .phases
                .as_ref()
                .map_or(0, |r| r.need[phase * components + c]);
            let old = self.node_threshold[c];
            if need == old {
                continue;
            }
            self.node_threshold[c] = need;
            let up_children = self.node_up_children[c];
            let (was_up, is_up) = (up_children >= old, up_children >= need);
            if running && was_up != is_up {
                self.cause = self.phases.as_ref().map_or(0, |r| r.first_mode[c]);
                self.node_flipped(c as u32, is_up);
            }
        }
    }

    /// Node `node` flipped up or down without a child changing (its need changed): its
    /// parents hear of it as they would of a child.
    fn node_flipped(&mut self, node: u32, up: bool) {
        let layout = self.layout;
        for &parent in layout.node_parents.of(node as usize) {
            let flip = propagate(
                &mut self.node_up_children,
                &self.node_threshold,
                &layout.node_parents,
                layout.root,
                parent,
                up,
            );
            self.service_flipped(flip);
        }
    }

    /// Whether maintenance windows are skipped now.
    #[inline]
    pub(super) fn maintenance_frozen(&self) -> bool {
        self.phases.as_ref().is_some_and(|r| r.freeze[r.current])
    }

    /// Adds the counted downtime `[since, until)` of an outage begun at `began` to the
    /// phases it overlaps, and the outage to the phase it began in.
    pub(super) fn account_phases(&mut self, began: f64, since: f64, until: f64) {
        let Some(run) = &mut self.phases else {
            return;
        };
        let first = run.stretch_at(began);
        run.outages[run.timeline[first].phase] += 1;
        let mut k = run.stretch_at(since);
        let mut start = since;
        while start < until {
            let end = run
                .timeline
                .get(k + 1)
                .map_or(until, |s| s.start.min(until));
            run.downtime[run.timeline[k].phase] += end - start;
            start = end;
            k += 1;
        }
    }

    /// Adds the finished trial's figures per phase to the tally.
    pub(super) fn record_phases(&mut self) {
        if let Some(run) = &self.phases {
            self.tally.phases.record_trial(&run.downtime, &run.outages);
        }
    }
}
