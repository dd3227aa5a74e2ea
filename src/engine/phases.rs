//! `[[phases]]` in a trial: phase changes are scheduled events that change the speed of
//! failure clocks, the repair factor, components' `need`, the crews of each pool
//! (engine::crews, `change_crews`) and the maintenance freeze, and the
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
use crate::dist::Dist;
use crate::model::phase_sets::{members, PhaseSet};
use crate::model::phases::Stretch;
use crate::model::Model;

/// A mode's own law holds (no phase replaces it).
const OWN: u32 = u32::MAX;

/// The named phases of a combination, in report order: "normal" (0) when none holds.
fn named(set: PhaseSet) -> impl Iterator<Item = usize> {
    (set == 0).then_some(0).into_iter().chain(members(set))
}

/// The laws of `by_phase` (per phase then component) flattened per phase and mode as
/// indices into `laws`, to which each one is added.
fn flatten_laws(
    by_phase: &[Vec<Option<Dist>>],
    mode_component: &[u32],
    laws: &mut Vec<Dist>,
) -> Vec<u32> {
    let mut out = Vec::with_capacity(by_phase.len() * mode_component.len());
    for phase in by_phase {
        let first = laws.len() as u32;
        let mut index = vec![OWN; phase.len()];
        for (c, law) in phase.iter().enumerate() {
            if let Some(law) = law {
                index[c] = laws.len() as u32;
                laws.push(law.clone());
            }
        }
        debug_assert!(index.iter().all(|&i| i == OWN || i >= first));
        out.extend(mode_component.iter().map(|&c| index[c as usize]));
    }
    out
}

/// The phases of one simulator: the trial's timeline and every override, flattened.
#[derive(Debug)]
pub struct PhaseRun {
    /// The stretches of the trial, the first at 0; their phases are combinations.
    timeline: Vec<Stretch>,
    /// The named phases of each combination (model::phase_sets).
    sets: Vec<PhaseSet>,
    /// The combination holding now.
    current: usize,
    /// Failure clock speed factor per phase and slot (`phase * slots + slot`).
    slot_speed: Vec<f64>,
    /// Repair time factor per phase and mode (`phase * modes + mode`).
    mode_repair: Vec<f64>,
    /// Need per phase and component (`phase * components + component`).
    need: Vec<u32>,
    /// Whether maintenance windows are skipped, per phase.
    freeze: Vec<bool>,
    /// Crews per phase and pool (`phase * pools + pool`).
    crews: Vec<usize>,
    /// Every law a phase puts in place of a component's own.
    laws: Vec<Dist>,
    /// The failure law of each phase and mode (`phase * modes + mode`): an index into
    /// `laws`, or [`OWN`].
    failure_law: Vec<u32>,
    /// The repair law of each phase and mode, as `failure_law`.
    repair_law: Vec<u32>,
    /// The first mode of each component: the cause of an outage a raised need begins.
    first_mode: Vec<u32>,
    /// This trial's downtime in each phase, in hours.
    downtime: Vec<f64>,
    /// This trial's outages begun in each phase.
    outages: Vec<u32>,
}

/// Written out so that `clone_from` reuses the vectors: a rare-event branch copies the
/// main run's phases at every excursion.
impl Clone for PhaseRun {
    fn clone(&self) -> Self {
        PhaseRun {
            timeline: self.timeline.clone(),
            sets: self.sets.clone(),
            current: self.current,
            slot_speed: self.slot_speed.clone(),
            mode_repair: self.mode_repair.clone(),
            need: self.need.clone(),
            freeze: self.freeze.clone(),
            crews: self.crews.clone(),
            laws: self.laws.clone(),
            failure_law: self.failure_law.clone(),
            repair_law: self.repair_law.clone(),
            first_mode: self.first_mode.clone(),
            downtime: self.downtime.clone(),
            outages: self.outages.clone(),
        }
    }

    fn clone_from(&mut self, other: &Self) {
        self.timeline.clone_from(&other.timeline);
        self.sets.clone_from(&other.sets);
        self.current = other.current;
        self.slot_speed.clone_from(&other.slot_speed);
        self.mode_repair.clone_from(&other.mode_repair);
        self.need.clone_from(&other.need);
        self.freeze.clone_from(&other.freeze);
        self.crews.clone_from(&other.crews);
        self.laws.clone_from(&other.laws);
        self.failure_law.clone_from(&other.failure_law);
        self.repair_law.clone_from(&other.repair_law);
        self.first_mode.clone_from(&other.first_mode);
        self.downtime.clone_from(&other.downtime);
        self.outages.clone_from(&other.outages);
    }
}

impl PhaseRun {
    /// The phases of `model` over its horizon, if it has any.
    pub fn for_model(model: &Model) -> Option<Box<PhaseRun>> {
        Self::over(model, model.settings.horizon)
    }

    /// The phases of `model` over `[0, horizon)`, if it has any: the rare-event method's
    /// main run goes on past the horizon to the end of its steady-state window.
    pub fn over(model: &Model, horizon: f64) -> Option<Box<PhaseRun>> {
        let named = model.phases.as_ref()?;
        let combined = named.combined(horizon);
        // From here on a "phase" is a combination of named phases (model::phase_sets).
        let phases = &combined.overrides;
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
        let mut laws = Vec::new();
        let failure_law = flatten_laws(&phases.failure_law, &layout.mode_component, &mut laws);
        let repair_law = flatten_laws(&phases.repair_law, &layout.mode_component, &mut laws);
        Some(Box::new(PhaseRun {
            current: 0,
            slot_speed,
            mode_repair,
            need: phases.need.concat(),
            freeze: phases.freeze.clone(),
            crews: phases.crews.concat(),
            laws,
            failure_law,
            repair_law,
            first_mode,
            downtime: vec![0.0; named.count()],
            outages: vec![0; named.count()],
            timeline: combined.timeline,
            sets: combined.sets,
        }))
    }

    /// Phases in all, "normal" included, as reported (not combinations).
    pub fn count(&self) -> usize {
        self.downtime.len()
    }

    /// Combinations of named phases in the timeline: what [`PhaseRun::current`] and
    /// [`PhaseRun::need`] index.
    pub fn combinations(&self) -> usize {
        self.sets.len()
    }

    /// The combination holding now.
    pub fn current(&self) -> usize {
        self.current
    }

    /// Instances component `c` needs in combination `combination`.
    pub fn need(&self, combination: usize, c: usize) -> u32 {
        self.need[combination * self.first_mode.len() + c]
    }

    /// Splits the span `[since, until)` by stretch, calling `add(phase, hours)` for each
    /// named phase (or "normal") of each piece: how downtime is shared out between phases.
    pub fn split(&self, since: f64, until: f64, add: impl FnMut(usize, f64)) {
        split_named(&self.timeline, &self.sets, since, until, add);
    }

    /// Calls `add(phase)` for each named phase (or "normal") holding at `time`.
    pub fn phases_at(&self, time: f64, add: impl FnMut(usize)) {
        named(self.sets[self.timeline[self.stretch_at(time)].phase]).for_each(add);
    }

    /// The law that replaces mode `mode`'s own failure law now, if any.
    #[inline(always)]
    pub(super) fn failure_law(&self, mode: usize) -> Option<&Dist> {
        self.law(&self.failure_law, self.current, mode)
    }

    /// The law that replaces mode `mode`'s own repair law now, if any.
    #[inline(always)]
    pub(super) fn repair_law(&self, mode: usize) -> Option<&Dist> {
        self.law(&self.repair_law, self.current, mode)
    }

    #[inline(always)]
    fn law(&self, index: &[u32], phase: usize, mode: usize) -> Option<&Dist> {
        let modes = index.len() / self.sets.len();
        let i = index[phase * modes + mode];
        (i != OWN).then(|| &self.laws[i as usize])
    }

    /// The trial's downtime in each phase so far, in hours (after a trial: the whole
    /// trial's, for paired differences per phase in `nines compare`).
    pub fn trial_downtime(&self) -> &[f64] {
        &self.downtime
    }

    /// The index of the stretch holding at `time`.
    #[inline]
    fn stretch_at(&self, time: f64) -> usize {
        stretch_at(&self.timeline, time)
    }
}

/// The index of the stretch of `timeline` holding at `time`.
#[inline]
fn stretch_at(timeline: &[Stretch], time: f64) -> usize {
    timeline
        .partition_point(|s| s.start <= time)
        .saturating_sub(1)
}

/// Splits `[since, until)` by the stretches of `timeline`, calling `add(phase, hours)` for
/// each named phase (or "normal") of the combination (`sets`) of each piece.
fn split_named(
    timeline: &[Stretch],
    sets: &[PhaseSet],
    since: f64,
    until: f64,
    mut add: impl FnMut(usize, f64),
) {
    let mut k = stretch_at(timeline, since);
    let mut start = since;
    while start < until {
        let end = timeline.get(k + 1).map_or(until, |s| s.start.min(until));
        for p in named(sets[timeline[k].phase]) {
            add(p, end - start);
        }
        start = end;
        k += 1;
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
        let before = std::mem::replace(&mut run.current, phase);
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
                // Ages are read when a law is replaced and by the rare method: fold the age
                // up to the boundary at the old speed, so the new one applies from here on.
                self.slot_age_base[slot] = self.slot_age(slot);
                self.slot_age_since[slot] = self.now;
                self.phase_speed[slot] = speed;
                self.retime(slot, old);
            } else {
                self.phase_speed[slot] = speed;
            }
        }
        let components = self.phases.as_ref().map_or(0, |r| r.first_mode.len());
        let mut need_changed = false;
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
            need_changed = true;
            let up_children = self.node_up_children[c];
            let (was_up, is_up) = (up_children >= old, up_children >= need);
            if running && was_up != is_up {
                self.cause = self.phases.as_ref().map_or(0, |r| r.first_mode[c]);
                self.node_flipped(c as u32, is_up);
            }
            if let (true, Some(g)) = (running, self.component_group(c)) {
                // A failover group's need is its positions (engine/phase_positions.rs).
                self.change_positions(g);
            }
        }
        if running && need_changed && self.has_balanced {
            // A balanced group's need sizes the share it serves (engine/balancing.rs).
            self.update_served();
        }
        if running {
            self.redraw_replaced_lives(before, phase);
        }
        let pools = self.crew_pools();
        for pool in 0..pools {
            let crews = self
                .phases
                .as_ref()
                .map_or(0, |r| r.crews[phase * pools + pool]);
            self.change_crews(pool, crews);
        }
    }

    /// The phase changed from `before` to `phase`: every running failure clock whose law
    /// changed draws its remaining life anew from the law now holding, given the age it has
    /// reached (`H⁻¹(H(a) + E) − a`, exact for every law with a density; for an exponential
    /// life the same as a fresh draw). A down slot draws its next life at repair.
    fn redraw_replaced_lives(&mut self, before: usize, phase: usize) {
        let layout = self.layout;
        for slot in 0..layout.slot_count() {
            let mode = layout.slot_mode[slot] as usize;
            let Some(run) = self.phases.as_deref() else {
                return;
            };
            let (old, new) = (
                run.law(&run.failure_law, before, mode),
                run.law(&run.failure_law, phase, mode),
            );
            if std::ptr::eq(
                old.map_or(std::ptr::null(), |d| d as *const Dist),
                new.map_or(std::ptr::null(), |d| d as *const Dist),
            ) || self.slot_down[slot]
            {
                continue;
            }
            if self.clock_never_runs(slot) {
                continue;
            }
            let law = new.unwrap_or(&layout.modes[mode].failure);
            let age = self.slot_age(slot);
            let life = self.sampler.residual(law, age);
            self.restart_clock(slot, life);
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
        for p in named(run.sets[run.timeline[first].phase]) {
            run.outages[p] += 1;
        }
        let PhaseRun {
            timeline,
            sets,
            downtime,
            ..
        } = &mut **run;
        split_named(timeline, sets, since, until, |phase, hours| {
            downtime[phase] += hours
        });
    }

    /// Adds the finished trial's figures per phase to the tally.
    pub(super) fn record_phases(&mut self) {
        if let Some(run) = &self.phases {
            self.tally.phases.record_trial(&run.downtime, &run.outages);
        }
    }
}
