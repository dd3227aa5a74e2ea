//! `need = "peak"`: a balanced group is up while enough of its instances are up for the
//! demand at that moment (times 1 + headroom) at their capacity each; a block pooling its
//! members' capacity is up while that capacity, of the instances up, covers it too.
//!
//! The time view's structure counters hold the group at its threshold (1) or just below it,
//! and this file keeps that in step with "instances up ≥ need(now)". Demand is constant
//! within each hour, so the state can only flip when an instance changes or at an hour
//! boundary; the next boundary where it would flip is found from the demand table's maxima
//! (while up) or hour by hour (while short, a spell that ends with the busy hours), and one
//! `NeedCheck` event waits for it. A group whose full count covers peak demand, all up,
//! schedules nothing.

use super::load::floor_hour;
use super::queue::Event;
use super::trial::Simulator;
use crate::model::{DemandTable, Model, NO_GROUP};

/// One group whose need follows demand, or one block whose pooled capacity must cover it.
#[derive(Debug, Clone)]
struct PeakGroup {
    /// Its node in the structure: the group's component, or the pool's block.
    node: u32,
    /// Demand one unit of `supply` covers: capacity / (1 + headroom) for a group (its supply
    /// counts instances), 1 / (1 + headroom) for a pool (its supply is capacity).
    covers: f64,
    /// The group's first mode, or the pool's first member's.
    cause: u32,
    /// The cause outages it begins at an hour boundary are attributed to: the cause of its
    /// last instance lost (a pool's: of any member), `cause` until one is.
    loss_cause: u32,
    /// What is up now: the group's instances up, or the capacity of the pool's members'
    /// instances up (summed over `PeakNeeds::members[members]` in their order).
    supply: f64,
    /// Whether the time view holds the node up.
    held_up: bool,
    /// When the pending `NeedCheck` fires (infinite: none pending).
    next_check: f64,
    /// How far the node's counter moves when the verdict flips. A group's counter is only
    /// the verdict (threshold 1), so 1; a pool's counter also counts its members up against
    /// `k`, so the verdict weighs more than all members together and the block is up only
    /// while both hold.
    step: u32,
    /// The pool's members in `PeakNeeds::members` (empty for a group).
    members: std::ops::Range<usize>,
}

/// The groups with `need = "peak"` of one simulator (and the pools with it), and the demand
/// they follow.
#[derive(Debug, Clone)]
pub struct PeakNeeds {
    table: DemandTable,
    groups: Vec<PeakGroup>,
    /// The entry of each component (by component index): its own group, or the pool it is a
    /// member of; `NO_GROUP` for the rest.
    group_of: Vec<u32>,
    /// Members of the pools, pool after pool: (node, capacity per instance).
    members: Vec<(u32, f64)>,
}

/// Whether `supply` covers `demand` when one unit of it covers `covers`. A relative 1e-9 is
/// forgiven, so that 2500 rps × 1.2 at 1000 rps each needs 3 instances, not 4, whatever the
/// rounding of the product. (For a count of instances, the same verdict as comparing it
/// with the instances needed, ⌈demand / covers⌉: a whole number is at least the ceiling
/// of a value exactly when it is at least the value.)
#[inline]
fn covered(demand: f64, covers: f64, supply: f64) -> bool {
    let exact = demand / covers;
    exact - 1e-9 * exact.max(1.0) <= supply
}

impl PeakNeeds {
    /// The groups of `model` whose need follows demand and its pools with `need = "peak"`,
    /// if any.
    pub fn for_model(model: &Model) -> Option<Box<PeakNeeds>> {
        let load = model.load.as_ref()?;
        let layout = &model.layout;
        let first_mode = |c: usize| {
            layout
                .mode_component
                .iter()
                .position(|&owner| owner as usize == c)
                .unwrap_or(0) as u32
        };
        let mut group_of = vec![NO_GROUP; model.components.len()];
        let mut groups = Vec::new();
        let mut members = Vec::new();
        for (c, headroom) in load.peak_need.iter().enumerate() {
            let (Some(headroom), Some(capacity)) = (headroom, load.capacity[c]) else {
                continue;
            };
            group_of[c] = groups.len() as u32;
            groups.push(PeakGroup {
                node: c as u32,
                covers: capacity / (1.0 + headroom),
                cause: first_mode(c),
                loss_cause: first_mode(c),
                supply: 0.0,
                held_up: true,
                next_check: f64::INFINITY,
                step: 1,
                members: 0..0,
            });
        }
        for pool in &load.pools {
            let Some(headroom) = pool.peak else {
                continue;
            };
            let first = members.len();
            for &c in &pool.members {
                group_of[c] = groups.len() as u32;
                // The scenario checks that every member has a capacity.
                members.push((c as u32, load.capacity[c].unwrap_or(0.0)));
            }
            groups.push(PeakGroup {
                node: (model.components.len() + pool.block) as u32,
                covers: 1.0 / (1.0 + headroom),
                cause: first_mode(pool.members[0]),
                loss_cause: first_mode(pool.members[0]),
                supply: 0.0,
                held_up: true,
                next_check: f64::INFINITY,
                step: pool.members.len() as u32 + 1,
                members: first..members.len(),
            });
        }
        if groups.is_empty() {
            return None;
        }
        Some(Box::new(PeakNeeds {
            table: load.table(model.settings.horizon),
            groups,
            group_of,
            members,
        }))
    }

    /// The entry of component `node`, if its need follows demand or it is a member of a
    /// pool whose need does.
    #[inline]
    fn group(&self, node: u32) -> Option<usize> {
        match self.group_of.get(node as usize) {
            Some(&g) if g != NO_GROUP => Some(g as usize),
            _ => None,
        }
    }

    /// Whether entry `g`'s supply covers the demand of hour `hour`.
    #[inline]
    fn covered(&self, g: usize, hour: usize) -> bool {
        let group = &self.groups[g];
        covered(self.table.hour(hour), group.covers, group.supply)
    }

    /// The hour of `time` (the last hour for times at or past the horizon's end).
    #[inline]
    fn hour_of(&self, time: f64) -> usize {
        floor_hour(time).min(self.table.hours() - 1)
    }

    /// The first hour after `hour` where entry `g`'s state flips with its supply as it is,
    /// if one comes within the horizon.
    fn next_flip(&self, g: usize, hour: usize) -> Option<usize> {
        let group = &self.groups[g];
        if group.held_up {
            // A flip needs demand above what the supply covers; the maxima skip the rest.
            // The limit is a little low so that rounding never skips a true flip: each
            // candidate is checked with the verdict itself.
            let limit = group.supply * group.covers * (1.0 - 1e-6);
            self.table
                .next_above(hour + 1, limit, |h| !self.covered(g, h))
        } else {
            (hour + 1..self.table.hours()).find(|&h| self.covered(g, h))
        }
    }

    /// Sums pool `g`'s capacity up from its members' instances up (`up_children`, by
    /// node), in their fixed order so that results do not depend on the order of events.
    fn sum_supply(&mut self, g: usize, up_children: &[u32]) {
        let group = &mut self.groups[g];
        group.supply = self.members[group.members.clone()]
            .iter()
            .map(|&(node, capacity)| f64::from(up_children[node as usize]) * capacity)
            .sum();
    }
}

impl Simulator<'_> {
    /// Starts a trial: every entry all up and held up, its first flip waited for.
    pub(super) fn reset_peak_need(&mut self) {
        let Some(peak) = &mut self.peak else {
            return;
        };
        let layout = self.layout;
        for g in 0..peak.groups.len() {
            let group = &mut peak.groups[g];
            let node = group.node as usize;
            group.held_up = true;
            group.next_check = f64::INFINITY;
            group.loss_cause = group.cause;
            if group.members.is_empty() {
                // Held up, a group's counter sits at its threshold (1).
                self.node_up_children[node] = 1;
                group.supply = f64::from(layout.node_children[node]);
            } else {
                // Held up, a pool's counter holds its members up plus the verdict's step,
                // against k plus that step.
                self.node_up_children[node] = layout.node_children[node] + group.step;
                self.node_threshold[node] = layout.node_threshold[node] + group.step;
                peak.sum_supply(g, &self.node_up_children);
            }
        }
        for g in 0..peak.groups.len() {
            // A need above the whole group at hour 0 flips it at once.
            self.settle_peak_group(g);
        }
    }

    /// If `node` is a group whose need follows demand, counts one of its instances going up
    /// or down; if it is a member of a pool whose need does, passes the change on to the
    /// structure and sums the pool's capacity again. Returns true in both cases (the caller
    /// skips the fixed-need structure update).
    #[inline]
    pub(super) fn peak_instance_changed(&mut self, node: u32, up: bool) -> bool {
        let Some(g) = self.peak.as_ref().and_then(|p| p.group(node)) else {
            return false;
        };
        let Some(peak) = &mut self.peak else {
            return false;
        };
        if peak.groups[g].members.is_empty() {
            peak.groups[g].supply += if up { 1.0 } else { -1.0 };
            if !up {
                // As for a pool: demand rising later finds this instance missing.
                peak.groups[g].loss_cause = self.cause;
            }
        } else {
            // The member's own need still counts towards k: the change goes through the
            // structure first. An instance's change moves both the same way, so the block
            // never flips twice at one instant.
            self.node_child_changed(node, up);
            if let Some(peak) = &mut self.peak {
                peak.sum_supply(g, &self.node_up_children);
                if !up {
                    // Demand rising later finds this capacity missing: an outage it begins
                    // counts to the loss (a zone out, maintenance), not to demand.
                    peak.groups[g].loss_cause = self.cause;
                }
            }
        }
        self.settle_peak_group(g);
        true
    }

    /// A `NeedCheck` for entry `g` fired: demand changed at this hour boundary. False when
    /// it was superseded.
    pub(super) fn peak_need_check(&mut self, g: usize) -> bool {
        let Some(peak) = &mut self.peak else {
            return false;
        };
        if peak.groups[g].next_check != self.now {
            return false;
        }
        peak.groups[g].next_check = f64::INFINITY;
        self.cause = peak.groups[g].loss_cause;
        self.settle_peak_group(g);
        true
    }

    /// Brings entry `g`'s state in the time view in line with its supply and the demand
    /// now, and waits for its next flip.
    fn settle_peak_group(&mut self, g: usize) {
        let Some(peak) = &mut self.peak else {
            return;
        };
        let hour = peak.hour_of(self.now);
        let should_be_up = peak.covered(g, hour);
        let (node, step) = (peak.groups[g].node, peak.groups[g].step);
        let flips = should_be_up != peak.groups[g].held_up;
        peak.groups[g].held_up = should_be_up;
        let next = peak.next_flip(g, hour).map_or(f64::INFINITY, |h| h as f64);
        let pending = &mut peak.groups[g].next_check;
        if next != *pending {
            *pending = next;
            if next.is_finite() {
                self.queue.push(next, Event::NeedCheck(g as u32));
            }
        }
        if flips {
            self.step_node(node, should_be_up, step);
        }
    }

    /// Moves `node`'s counter by `step` up or down and propagates a flip through the
    /// structure like any change. A group's step of 1 crosses its threshold (1) exactly as
    /// one child would.
    fn step_node(&mut self, node: u32, up: bool, step: u32) {
        if step == 1 {
            self.node_child_changed(node, up);
            return;
        }
        let layout = self.layout;
        let n = node as usize;
        let threshold = self.node_threshold[n];
        let was_up = self.node_up_children[n] >= threshold;
        if up {
            self.node_up_children[n] += step;
        } else {
            self.node_up_children[n] -= step;
        }
        let is_up = self.node_up_children[n] >= threshold;
        if was_up == is_up {
            return;
        }
        if node == layout.root {
            self.service_flipped(Some(is_up));
            return;
        }
        for &parent in layout.node_parents.of(n) {
            self.node_child_changed(parent, is_up);
        }
    }
}
