//! One trial: the state of every instance and structure node, advanced event by event.
//!
//! State changes propagate incrementally: a failure touches its instance, the instances that
//! depend on it, and only the structure nodes above them whose up/down state actually flips.
//! All storage is allocated once per simulator and reused for every trial it runs.

use std::collections::VecDeque;

use super::queue::{Event, EventQueue};
use super::sampler::Sampler;
use crate::model::{Crews, Layout, Model, NodeId};
use crate::stats::Tally;

/// What one trial contributes to the per-trial statistics: a few numbers, so that memory
/// stays small however many trials run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TrialRecord {
    /// Hours the service was down within the horizon.
    pub downtime: f64,
    /// Hours of the trial's longest outage (clipped at the horizon).
    pub longest_outage: f64,
    /// Number of outages that began within the horizon.
    pub outages: u32,
}

/// Tracks the service's outages during one trial.
#[derive(Debug, Default)]
struct OutageTracker {
    down_since: Option<f64>,
    record: TrialRecord,
}

impl OutageTracker {
    fn begin(&mut self, now: f64) {
        self.down_since = Some(now);
        self.record.outages += 1;
    }

    fn end(&mut self, now: f64, tally: &mut Tally) {
        if let Some(since) = self.down_since.take() {
            let duration = now - since;
            self.record.downtime += duration;
            self.record.longest_outage = self.record.longest_outage.max(duration);
            tally.record_outage(duration);
        }
    }
}

/// Runs trials of one model, reusing its storage from trial to trial.
#[derive(Debug)]
pub struct Simulator<'m> {
    layout: &'m Layout,
    horizon: f64,
    seed: u64,
    crews: usize,
    queue: EventQueue,
    /// Failure modes currently down, per instance.
    down_modes: Vec<u16>,
    /// Dependencies currently unavailable, per instance.
    deps_down: Vec<u16>,
    /// Children currently up, per structure node.
    node_up_children: Vec<u32>,
    free_crews: usize,
    /// Failure slots waiting for a crew, first come first served.
    waiting: VecDeque<u32>,
    now: f64,
    outage: OutageTracker,
    /// What every trial run by this simulator adds up to.
    tally: Tally,
}

impl<'m> Simulator<'m> {
    /// A simulator for `model`, with storage sized for it.
    pub fn new(model: &'m Model) -> Simulator<'m> {
        let layout = &model.layout;
        let crews = match model.crews {
            Crews::Unlimited => usize::MAX,
            Crews::Limited(n) => n,
        };
        Simulator {
            layout,
            horizon: model.settings.horizon,
            seed: model.settings.seed,
            crews,
            queue: EventQueue::with_capacity(layout.slot_count() + 1),
            down_modes: vec![0; layout.instance_count()],
            deps_down: vec![0; layout.instance_count()],
            node_up_children: layout.node_children.clone(),
            free_crews: crews,
            waiting: VecDeque::with_capacity(layout.slot_count()),
            now: 0.0,
            outage: OutageTracker::default(),
            tally: Tally::default(),
        }
    }

    /// What the trials run so far add up to (outage durations, events).
    pub fn into_tally(self) -> Tally {
        self.tally
    }

    /// Simulates trial number `trial` from all-new, all-up to the horizon, adding its outages
    /// and events to the simulator's tally.
    pub fn run(&mut self, trial: u64) -> TrialRecord {
        let mut sampler = Sampler::for_trial(self.seed, trial);
        self.reset(&mut sampler);
        let mut events = 0u64;
        while let Some((time, event)) = self.queue.pop_until(self.horizon) {
            self.now = time;
            events += 1;
            match event {
                Event::Fail(slot) => self.fail(slot, &mut sampler),
                Event::Repaired(slot) => self.repaired(slot, &mut sampler),
            }
        }
        self.outage.end(self.horizon, &mut self.tally);
        self.tally.events += events;
        self.outage.record
    }

    fn reset(&mut self, sampler: &mut Sampler) {
        let layout = self.layout;
        self.down_modes.fill(0);
        self.deps_down.fill(0);
        self.node_up_children.copy_from_slice(&layout.node_children);
        self.free_crews = self.crews;
        self.waiting.clear();
        self.queue.clear();
        self.now = 0.0;
        self.outage = OutageTracker::default();
        for (slot, &mode) in layout.slot_mode.iter().enumerate() {
            let time = sampler.time(&layout.modes[mode as usize].failure);
            self.queue.push(time, Event::Fail(slot as u32));
        }
    }

    fn fail(&mut self, slot: u32, sampler: &mut Sampler) {
        let instance = self.layout.slot_instance[slot as usize] as usize;
        self.down_modes[instance] += 1;
        if self.down_modes[instance] == 1 && self.deps_down[instance] == 0 {
            self.instance_changed(instance, false);
        }
        if self.free_crews > 0 {
            self.free_crews -= 1;
            self.start_repair(slot, sampler);
        } else {
            self.waiting.push_back(slot);
        }
    }

    fn start_repair(&mut self, slot: u32, sampler: &mut Sampler) {
        let mode = self.layout.slot_mode[slot as usize] as usize;
        let duration = sampler.time(&self.layout.modes[mode].repair);
        self.queue.push(self.now + duration, Event::Repaired(slot));
    }

    fn repaired(&mut self, slot: u32, sampler: &mut Sampler) {
        let layout = self.layout;
        let instance = layout.slot_instance[slot as usize] as usize;
        self.down_modes[instance] -= 1;
        if self.down_modes[instance] == 0 && self.deps_down[instance] == 0 {
            self.instance_changed(instance, true);
        }
        let mode = layout.slot_mode[slot as usize] as usize;
        let next_failure = self.now + sampler.time(&layout.modes[mode].failure);
        self.queue.push(next_failure, Event::Fail(slot));
        // The crew moves on to the longest-waiting failure, if any.
        match self.waiting.pop_front() {
            Some(next) => self.start_repair(next, sampler),
            None => self.free_crews += 1,
        }
    }

    /// An instance became available (`up`) or unavailable to its component and dependents.
    fn instance_changed(&mut self, instance: usize, up: bool) {
        let layout = self.layout;
        self.node_child_changed(layout.instance_component[instance], up);
        for &dependent in layout.dependents.of(instance) {
            let d = dependent as usize;
            if up {
                self.deps_down[d] -= 1;
                if self.deps_down[d] == 0 && self.down_modes[d] == 0 {
                    self.instance_changed(d, true);
                }
            } else {
                self.deps_down[d] += 1;
                if self.deps_down[d] == 1 && self.down_modes[d] == 0 {
                    self.instance_changed(d, false);
                }
            }
        }
    }

    /// One child of `node` went up or down; propagates only if the node itself flips.
    fn node_child_changed(&mut self, node: NodeId, up: bool) {
        let layout = self.layout;
        let n = node as usize;
        let threshold = layout.node_threshold[n];
        let was_up = self.node_up_children[n] >= threshold;
        if up {
            self.node_up_children[n] += 1;
        } else {
            self.node_up_children[n] -= 1;
        }
        let is_up = self.node_up_children[n] >= threshold;
        if was_up == is_up {
            return;
        }
        if node == layout.root {
            self.system_changed(is_up);
        }
        for &parent in layout.node_parents.of(n) {
            self.node_child_changed(parent, is_up);
        }
    }

    fn system_changed(&mut self, up: bool) {
        if up {
            self.outage.end(self.now, &mut self.tally);
        } else {
            self.outage.begin(self.now);
        }
    }
}
