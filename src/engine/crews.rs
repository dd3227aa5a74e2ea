//! Repair crews: which failure a free crew takes, and preemption.
//!
//! Each failure slot belongs to one pool of crews (the shared pool, or its component's kind)
//! and one priority level. A failure takes a free crew of its pool at once; otherwise it
//! waits in its pool's queue for its level. A freed crew takes the longest-waiting failure of
//! the highest level waiting in its pool. With preemption, a failure finding no free crew
//! takes one from the repair in progress of the lowest level below its own (among equals,
//! the one started last, which has done the least work), and the interrupted repair
//! waits at the head of its level's queue. It later *resumes* with the repair time it had
//! left (preemptive-resume): the work done is kept, as a crew coming back to a half-replaced
//! part would, and it never loses work to repeated interruptions. For exponential repairs
//! resuming and restarting are the same law.
//!
//! A phase may change the crews of a pool ([`Simulator::change_crews`]). More crews take
//! waiting failures at once. Fewer crews interrupt nothing: repairs under way finish, and
//! the crews in excess leave as they do (a per-pool *deficit*), so no repair starts in
//! that pool until it is below its new number.
//!
//! The interrupted repair's completion event stays in the queue: without a generation in
//! `Event::Repaired`, a completion is recognised as current by its time, `repair_due`.
//! Everything is sized at construction; nothing on this path allocates.

use std::collections::VecDeque;

use super::phases::PhaseRun;
use super::queue::Event;
use super::trial::Simulator;
use crate::dist::Dist;
use crate::model::{Layout, Model};

/// The crews' state during a trial and the fixed map of slots to pools and levels.
#[derive(Debug)]
pub(super) struct CrewState {
    /// Pool of each slot.
    slot_pool: Vec<u32>,
    /// Priority level of each slot (0 lowest).
    slot_level: Vec<u32>,
    /// Number of priority levels.
    levels: usize,
    /// Crews of each pool (`usize::MAX`: unlimited).
    capacity: Vec<usize>,
    /// Crews free now, per pool.
    free: Vec<usize>,
    /// Crews of each pool now: `capacity`, or the phase's.
    crews_now: Vec<usize>,
    /// Busy crews of each pool beyond its number now (crews were cut by a phase while
    /// repairing): each leaves when its repair is done instead of taking another.
    deficit: Vec<usize>,
    /// Slots waiting, per pool and level (`pool * levels + level`), first come first served.
    waiting: Vec<VecDeque<u32>>,
    /// Whether a failure may take a crew from a repair of lower priority.
    pub(super) preemption: bool,
    /// Slots under repair, per pool and level (kept only with preemption).
    repairing: Vec<Vec<u32>>,
    /// When each slot's repair in progress completes (kept only with preemption).
    repair_due: Vec<f64>,
    /// Whether each slot is being repaired now (kept only with preemption).
    in_repair: Vec<bool>,
    /// Repair time left of an interrupted repair, per slot; negative: none.
    repair_left: Vec<f64>,
    /// Order in which each slot's repair in progress started (kept only with preemption).
    repair_seq: Vec<u64>,
    /// Repairs started so far this trial.
    started: u64,
}

impl CrewState {
    /// The pools, levels and empty queues of `model`.
    pub(super) fn new(model: &Model) -> CrewState {
        let layout = &model.layout;
        let rules = &model.repair;
        let capacity = rules.pools(model.crews);
        let levels = rules.priorities().len();
        let slots = layout.slot_count();
        let (pools, levels_of) = rules.slot_pools_and_levels(layout);
        let slot_pool: Vec<u32> = pools.iter().map(|&p| p as u32).collect();
        let slot_level: Vec<u32> = levels_of.iter().map(|&l| l as u32).collect();
        let mut per_queue = vec![0usize; capacity.len() * levels];
        for s in 0..slots {
            per_queue[slot_pool[s] as usize * levels + slot_level[s] as usize] += 1;
        }
        let preemption = rules.preemption;
        CrewState {
            waiting: per_queue
                .iter()
                .map(|&n| VecDeque::with_capacity(n))
                .collect(),
            repairing: per_queue
                .iter()
                .map(|&n| Vec::with_capacity(if preemption { n } else { 0 }))
                .collect(),
            repair_due: vec![0.0; if preemption { slots } else { 0 }],
            in_repair: vec![false; if preemption { slots } else { 0 }],
            repair_left: vec![-1.0; if preemption { slots } else { 0 }],
            repair_seq: vec![0; if preemption { slots } else { 0 }],
            started: 0,
            free: capacity.clone(),
            crews_now: capacity.clone(),
            deficit: vec![0; capacity.len()],
            capacity,
            slot_pool,
            slot_level,
            levels,
            preemption,
        }
    }

    /// Every crew free, nobody waiting: the start of a trial.
    pub(super) fn reset(&mut self) {
        self.free.copy_from_slice(&self.capacity);
        self.crews_now.copy_from_slice(&self.capacity);
        self.deficit.fill(0);
        self.waiting.iter_mut().for_each(VecDeque::clear);
        self.repairing.iter_mut().for_each(Vec::clear);
        self.in_repair.fill(false);
        self.repair_left.fill(-1.0);
        self.started = 0;
    }

    /// Takes `other`'s free crews, queues and repairs in progress (a rare-method branch
    /// starting from a main run's state); the fixed map of slots to pools and levels is the
    /// same model's and is not copied.
    pub(super) fn copy_state_from(&mut self, other: &CrewState) {
        self.free.copy_from_slice(&other.free);
        self.crews_now.copy_from_slice(&other.crews_now);
        self.deficit.copy_from_slice(&other.deficit);
        self.waiting.clone_from(&other.waiting);
        self.repairing.clone_from(&other.repairing);
        self.repair_due.copy_from_slice(&other.repair_due);
        self.in_repair.copy_from_slice(&other.in_repair);
        self.repair_left.copy_from_slice(&other.repair_left);
        self.repair_seq.copy_from_slice(&other.repair_seq);
        self.started = other.started;
    }

    /// The (pool, level) queue index of a slot.
    #[inline(always)]
    fn queue_of(&self, slot: usize) -> usize {
        self.slot_pool[slot] as usize * self.levels + self.slot_level[slot] as usize
    }

    /// The next failure a freed crew of `pool` takes, removed from its queue.
    #[inline(always)]
    fn next_waiting(&mut self, pool: usize) -> Option<u32> {
        let queues = &mut self.waiting[pool * self.levels..(pool + 1) * self.levels];
        queues.iter_mut().rev().find_map(VecDeque::pop_front)
    }

    /// The repair in progress a failure of `slot` may interrupt: the lowest level below its
    /// own in its pool, the one started last among equals.
    fn victim(&self, slot: usize) -> Option<u32> {
        let pool = self.slot_pool[slot] as usize;
        let below = self.slot_level[slot] as usize;
        self.repairing[pool * self.levels..pool * self.levels + below]
            .iter()
            .find_map(|repairs| {
                repairs
                    .iter()
                    .copied()
                    .max_by_key(|&r| self.repair_seq[r as usize])
            })
    }
}

/// The law of a repair of `mode` starting now. A phase's law replaces, or its factor (the
/// simulator's `repair_factor`) scales, repairs that start in it: the mode's own law
/// without phases. A function of the two fields, not a method, so that the sampler can be
/// borrowed beside it.
#[inline(always)]
pub(super) fn repair_law<'a>(
    phases: Option<&'a PhaseRun>,
    layout: &'a Layout,
    mode: usize,
) -> &'a Dist {
    phases
        .and_then(|run| run.repair_law(mode))
        .unwrap_or(&layout.modes[mode].repair)
}

impl Simulator<'_> {
    /// A failed slot asks for a crew of its pool: repaired at once if one is free (or, with
    /// preemption, taken from a lower priority), else queued.
    #[inline(always)]
    pub(super) fn request_repair(&mut self, slot: u32) {
        let s = slot as usize;
        let pool = self.repairs.slot_pool[s] as usize;
        if self.repairs.free[pool] > 0 {
            self.repairs.free[pool] -= 1;
            self.start_repair(slot);
            return;
        }
        if self.repairs.preemption {
            if let Some(victim) = self.repairs.victim(s) {
                self.interrupt_repair(victim);
                self.start_repair(slot);
                return;
            }
        }
        let queue = self.repairs.queue_of(s);
        self.repairs.waiting[queue].push_back(slot);
    }

    /// A crew takes a slot: its remaining time if its repair was interrupted, else a fresh
    /// draw.
    #[inline(always)]
    pub(super) fn start_repair(&mut self, slot: u32) {
        let s = slot as usize;
        let crews = &mut self.repairs;
        let left = if crews.preemption {
            std::mem::replace(&mut crews.repair_left[s], -1.0)
        } else {
            -1.0
        };
        let duration = if left >= 0.0 {
            left
        } else {
            let mode = self.layout.slot_mode[s] as usize;
            let law = repair_law(self.phases.as_deref(), self.layout, mode);
            self.sampler.time(law) * self.repair_factor[mode]
        };
        let due = self.now + duration;
        let crews = &mut self.repairs;
        if crews.preemption {
            crews.repair_due[s] = due;
            crews.in_repair[s] = true;
            crews.repair_seq[s] = crews.started;
            crews.started += 1;
            let queue = crews.queue_of(s);
            crews.repairing[queue].push(slot);
        }
        self.queue.push(due, Event::Repaired(slot));
    }

    /// When `slot`'s repair in progress is due, if one is: with preemption the crews keep it
    /// (older completions of interrupted repairs may still be queued), else its one pending
    /// completion, found by a scan of the queue (a rare-method branch asks once, as it
    /// begins).
    pub(super) fn repair_due(&self, slot: u32) -> Option<f64> {
        let s = slot as usize;
        if self.repairs.preemption {
            self.repairs.in_repair[s].then_some(self.repairs.repair_due[s])
        } else {
            self.queue.time_of(Event::Repaired(slot))
        }
    }

    /// `slot`'s repair in progress is now due at `due` (a rare-method branch redrew it,
    /// engine::rare_repair): preemption tells its completion by that time.
    pub(super) fn note_repair_due(&mut self, slot: u32, due: f64) {
        if self.repairs.preemption {
            self.repairs.repair_due[slot as usize] = due;
        }
    }

    /// Takes the crew away from `victim`'s repair, keeping the time it has left; it waits at
    /// the head of its level's queue.
    fn interrupt_repair(&mut self, victim: u32) {
        let v = victim as usize;
        let crews = &mut self.repairs;
        crews.repair_left[v] = (crews.repair_due[v] - self.now).max(0.0);
        crews.in_repair[v] = false;
        let queue = crews.queue_of(v);
        let repairs = &mut crews.repairing[queue];
        let at = repairs
            .iter()
            .position(|&r| r == victim)
            .expect("a victim is under repair");
        repairs.swap_remove(at);
        crews.waiting[queue].push_front(victim);
    }

    /// Whether a popped completion of `slot` is its repair in progress (not one interrupted).
    #[inline(always)]
    pub(super) fn repair_is_current(&self, slot: u32) -> bool {
        let s = slot as usize;
        !self.repairs.preemption
            || (self.repairs.in_repair[s] && self.repairs.repair_due[s] == self.now)
    }

    /// `slot`'s repair is done: its crew moves on to the next failure of its pool, if any.
    #[inline(always)]
    pub(super) fn crew_released(&mut self, slot: u32) {
        let s = slot as usize;
        let pool = self.repairs.slot_pool[s] as usize;
        if self.repairs.preemption {
            self.repairs.in_repair[s] = false;
            let queue = self.repairs.queue_of(s);
            let repairs = &mut self.repairs.repairing[queue];
            if let Some(at) = repairs.iter().position(|&r| r == slot) {
                repairs.swap_remove(at);
            }
        }
        if self.repairs.deficit[pool] > 0 {
            // A phase cut this pool's crews: this one leaves.
            self.repairs.deficit[pool] -= 1;
            return;
        }
        match self.repairs.next_waiting(pool) {
            Some(next) => self.start_repair(next),
            None => self.repairs.free[pool] += 1,
        }
    }

    /// The crews of `pool` become `crews` (a phase began): more take waiting failures at
    /// once; fewer leave as soon as they are idle, busy ones when their repair is done.
    pub(super) fn change_crews(&mut self, pool: usize, crews: usize) {
        let state = &mut self.repairs;
        let old = state.crews_now[pool];
        state.crews_now[pool] = crews;
        if crews <= old {
            let fewer = old - crews;
            let idle = state.free[pool].min(fewer);
            state.free[pool] -= idle;
            state.deficit[pool] += fewer - idle;
            return;
        }
        let more = crews - old;
        let kept = state.deficit[pool].min(more);
        state.deficit[pool] -= kept;
        // Unlimited is usize::MAX: the busy crews are within it, so this cannot wrap.
        state.free[pool] = state.free[pool].saturating_add(more - kept);
        while self.repairs.free[pool] > 0 {
            let Some(next) = self.repairs.next_waiting(pool) else {
                break;
            };
            self.repairs.free[pool] -= 1;
            self.start_repair(next);
        }
    }

    /// Pools of crews.
    pub(super) fn crew_pools(&self) -> usize {
        self.repairs.capacity.len()
    }
}
