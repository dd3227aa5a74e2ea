//! `need = "peak"`: a balanced group is up while enough of its instances are up for the
//! demand at that moment (times 1 + headroom) at their capacity each.
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

/// One group whose need follows demand.
#[derive(Debug, Clone)]
struct PeakGroup {
    /// Its component, which is also its node in the structure.
    node: u32,
    /// Instances in the group.
    count: u32,
    /// Capacity of one instance over (1 + headroom): demand one instance covers.
    covers: f64,
    /// The cause outages it begins at an hour boundary are attributed to (its first mode).
    cause: u32,
    /// Instances up now.
    up: u32,
    /// Whether the time view holds the group up.
    held_up: bool,
    /// When the pending `NeedCheck` fires (infinite: none pending).
    next_check: f64,
}

/// The groups with `need = "peak"` of one simulator, and the demand they follow.
#[derive(Debug, Clone)]
pub struct PeakNeeds {
    table: DemandTable,
    groups: Vec<PeakGroup>,
    /// The group of each component (by component index), or `NO_GROUP`.
    group_of: Vec<u32>,
}

/// Instances needed to cover `demand` when each covers `covers`: capped at `count + 1`
/// (more than the group has), so the figure is a small integer whatever the demand. A
/// relative 1e-9 is forgiven, so that 2500 rps × 1.2 at 1000 rps each needs 3, not 4,
/// whatever the rounding of the product.
#[inline]
pub fn instances_needed(demand: f64, covers: f64, count: u32) -> u32 {
    let exact = demand / covers;
    let needed = (exact - 1e-9 * exact.max(1.0)).ceil().max(0.0);
    if needed > f64::from(count) {
        count + 1
    } else {
        needed as u32
    }
}

impl PeakNeeds {
    /// The groups of `model` whose need follows demand, if any.
    pub fn for_model(model: &Model) -> Option<Box<PeakNeeds>> {
        let load = model.load.as_ref()?;
        let layout = &model.layout;
        let mut group_of = vec![NO_GROUP; model.components.len()];
        let mut groups = Vec::new();
        for (c, headroom) in load.peak_need.iter().enumerate() {
            let (Some(headroom), Some(capacity)) = (headroom, load.capacity[c]) else {
                continue;
            };
            let cause = layout
                .mode_component
                .iter()
                .position(|&owner| owner as usize == c)
                .unwrap_or(0) as u32;
            group_of[c] = groups.len() as u32;
            groups.push(PeakGroup {
                node: c as u32,
                count: model.components[c].count as u32,
                covers: capacity / (1.0 + headroom),
                cause,
                up: 0,
                held_up: true,
                next_check: f64::INFINITY,
            });
        }
        if groups.is_empty() {
            return None;
        }
        Some(Box::new(PeakNeeds {
            table: load.table(model.settings.horizon),
            groups,
            group_of,
        }))
    }

    /// The group whose node is `node`, if its need follows demand.
    #[inline]
    fn group(&self, node: u32) -> Option<usize> {
        match self.group_of.get(node as usize) {
            Some(&g) if g != NO_GROUP => Some(g as usize),
            _ => None,
        }
    }

    /// The need of group `g` in hour `hour`.
    #[inline]
    fn need(&self, g: usize, hour: usize) -> u32 {
        let group = &self.groups[g];
        instances_needed(self.table.hour(hour), group.covers, group.count)
    }

    /// The hour of `time` (the last hour for times at or past the horizon's end).
    #[inline]
    fn hour_of(&self, time: f64) -> usize {
        floor_hour(time).min(self.table.hours() - 1)
    }

    /// The first hour after `hour` where group `g`'s state flips with its instances as
    /// they are, if one comes within the horizon.
    fn next_flip(&self, g: usize, hour: usize) -> Option<usize> {
        let group = &self.groups[g];
        let up = group.up;
        if group.held_up {
            // A flip needs demand above what `up` instances cover; the maxima skip the rest.
            // The limit is a little low so that rounding never skips a true flip: each
            // candidate is checked with the need itself.
            let limit = f64::from(up) * group.covers * (1.0 - 1e-6);
            self.table
                .next_above(hour + 1, limit, |h| self.need(g, h) > up)
        } else {
            (hour + 1..self.table.hours()).find(|&h| self.need(g, h) <= up)
        }
    }
}

impl Simulator<'_> {
    /// Starts a trial: every group all up and held up, its first flip waited for.
    pub(super) fn reset_peak_need(&mut self) {
        let Some(peak) = &mut self.peak else {
            return;
        };
        for group in &mut peak.groups {
            // Held up, the node's counter sits at its threshold (1).
            self.node_up_children[group.node as usize] = 1;
            group.up = group.count;
            group.held_up = true;
            group.next_check = f64::INFINITY;
        }
        for g in 0..peak.groups.len() {
            // A need above the whole group at hour 0 flips it at once.
            self.settle_peak_group(g);
        }
    }

    /// If `node` is a group whose need follows demand, counts one of its instances going
    /// up or down and returns true (the caller skips the fixed-need structure update).
    #[inline]
    pub(super) fn peak_instance_changed(&mut self, node: u32, up: bool) -> bool {
        let Some(g) = self.peak.as_ref().and_then(|p| p.group(node)) else {
            return false;
        };
        if let Some(peak) = &mut self.peak {
            let group = &mut peak.groups[g];
            if up {
                group.up += 1;
            } else {
                group.up -= 1;
            }
        }
        self.settle_peak_group(g);
        true
    }

    /// A `NeedCheck` for group `g` fired: demand changed at this hour boundary. False when
    /// it was superseded.
    pub(super) fn peak_need_check(&mut self, g: usize) -> bool {
        let Some(peak) = &mut self.peak else {
            return false;
        };
        if peak.groups[g].next_check != self.now {
            return false;
        }
        peak.groups[g].next_check = f64::INFINITY;
        self.cause = peak.groups[g].cause;
        self.settle_peak_group(g);
        true
    }

    /// Brings group `g`'s state in the time view in line with its instances and the need
    /// now, and waits for its next flip.
    fn settle_peak_group(&mut self, g: usize) {
        let Some(peak) = &mut self.peak else {
            return;
        };
        let hour = peak.hour_of(self.now);
        let should_be_up = peak.groups[g].up >= peak.need(g, hour);
        let node = peak.groups[g].node;
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
            // The node's counter sits at its threshold (1) while held up, 0 while not: one
            // step crosses it and propagates through the structure like any change.
            self.node_child_changed(node, should_be_up);
        }
    }
}
