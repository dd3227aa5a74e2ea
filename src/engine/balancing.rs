//! Load-balanced backend groups: health checks, rotation, and the share of requests served.
//!
//! Requests are spread evenly over the backends in rotation (R of them); those that reach a
//! backend that is up (H) are served, up to the capacity of `need` backends, so a group
//! serves H / max(R, need) of the load (`need`: the phase's, where a phase changes it). The
//! service serves the product of its balanced groups' shares while the rest of its structure
//! is up (balanced groups are in series on every request's path: the scenario checks it),
//! tracked with a second set of structure counters in which balanced groups always count as
//! up.

use super::queue::{wrap_generation, Event};
use super::structure::propagate;
use super::trial::Simulator;
use crate::model::{BalancedLayout, NodeId};

/// Rotation counters of one balanced group.
#[derive(Debug, Clone, Copy, Default)]
pub struct RotationState {
    /// Backends in rotation.
    pub in_rotation: u32,
    /// Backends in rotation and up.
    pub serving: u32,
}

impl Simulator<'_> {
    /// Whether requests are accounted apart from time (the model has balanced groups).
    #[inline]
    pub(super) fn tracks_requests(&self) -> bool {
        self.has_balanced || self.load.is_some()
    }

    pub(super) fn reset_balancing(&mut self) {
        let layout = self.layout;
        self.request_up_children
            .copy_from_slice(&layout.node_children);
        self.served = 1.0;
        self.served_since = 0.0;
        self.served_hours = 0.0;
        for (b, group) in layout.balanced.iter().enumerate() {
            self.rotation[b] = RotationState {
                in_rotation: group.count,
                serving: group.count,
            };
            let first = group.first_instance as usize;
            for instance in first..first + group.count as usize {
                self.in_rotation[instance] = true;
                self.rotation_generation[instance] = 0;
                self.check_phase[instance] = self.sampler.fraction() * group.interval;
            }
        }
        self.reset_load();
    }

    /// A component's count of up children changed: both the time view and the request view
    /// of the structure hear of it.
    pub(super) fn component_changed(&mut self, node: NodeId, up: bool) {
        if !self.peak_instance_changed(node, up) {
            self.node_child_changed(node, up);
        }
        if self.tracks_requests() {
            self.request_child_changed(node, up);
            if self.load_caps(node) {
                // Its instances' capacity, not only its state, limits what is served.
                self.update_served();
            }
        }
    }

    /// The request view's counterpart of `node_child_changed`.
    fn request_child_changed(&mut self, node: NodeId, up: bool) {
        let layout = self.layout;
        let flip = propagate(
            &mut self.request_up_children,
            &layout.request_threshold,
            &layout.node_parents,
            layout.root,
            node,
            up,
        );
        if flip.is_some() {
            self.update_served();
        }
    }

    /// The first check of `instance` strictly after `time`.
    fn next_check(&self, instance: usize, group: usize, time: f64) -> f64 {
        let interval = self.layout.balanced[group].interval;
        let phase = self.check_phase[instance];
        if time < phase {
            phase
        } else {
            phase + (((time - phase) / interval).floor() + 1.0) * interval
        }
    }

    /// A backend went up or down: its share changes now; its rotation after the checks.
    pub(super) fn backend_changed(&mut self, group: usize, instance: usize, up: bool) {
        let g = self.layout.balanced[group];
        self.rotation_generation[instance] =
            wrap_generation(self.rotation_generation[instance] + 1);
        let generation = self.rotation_generation[instance];
        let in_rotation = self.in_rotation[instance];
        if in_rotation {
            if up {
                // Back before the checks noticed: the pending removal is superseded.
                self.rotation[group].serving += 1;
            } else {
                self.rotation[group].serving -= 1;
                let at = self.next_check(instance, group, self.now)
                    + f64::from(g.unhealthy_threshold - 1) * g.interval;
                self.queue.push(
                    at,
                    Event::BackendOut {
                        instance: instance as u32,
                        generation,
                    },
                );
            }
        } else if up {
            let at = self.next_check(instance, group, self.now)
                + f64::from(g.healthy_threshold - 1) * g.interval;
            self.queue.push(
                at,
                Event::BackendIn {
                    instance: instance as u32,
                    generation,
                },
            );
        }
        self.update_served();
    }

    pub(super) fn backend_out(&mut self, instance: usize, generation: u32) -> bool {
        if generation != self.rotation_generation[instance] || !self.in_rotation[instance] {
            return false;
        }
        let group = self.layout.instance_balanced[instance] as usize;
        self.in_rotation[instance] = false;
        self.rotation[group].in_rotation -= 1;
        self.update_served();
        true
    }

    pub(super) fn backend_in(&mut self, instance: usize, generation: u32) -> bool {
        if generation != self.rotation_generation[instance] || self.in_rotation[instance] {
            return false;
        }
        let group = self.layout.instance_balanced[instance] as usize;
        self.in_rotation[instance] = true;
        let state = &mut self.rotation[group];
        state.in_rotation += 1;
        state.serving += 1;
        self.update_served();
        true
    }

    /// Recomputes the share of requests served, accounting the old share up to now.
    pub(super) fn update_served(&mut self) {
        let layout = self.layout;
        let root = layout.root as usize;
        let root_up = self.request_up_children[root] >= layout.request_threshold[root];
        if self.load.is_some() {
            self.load_view_changed(root_up);
            if self.trace.is_none() {
                // With [load] the served share is integrated by LoadRun (close_served asks
                // it); the time share below would only feed the timeline's trace.
                return;
            }
        }
        let share = if root_up {
            layout
                .balanced
                .iter()
                .zip(&self.rotation)
                .map(|(g, state)| {
                    if state.in_rotation == 0 {
                        0.0
                    } else {
                        let need = self.balanced_need(g);
                        f64::from(state.serving) / f64::from(state.in_rotation.max(need))
                    }
                })
                .product()
        } else {
            0.0
        };
        if share != self.served {
            self.served_hours += self.served * (self.now - self.served_since);
            self.served = share;
            self.served_since = self.now;
            if let Some(trace) = &mut self.trace {
                trace.service_served(self.now, share);
            }
        }
    }

    /// The need of balanced group `g` now: the phase holding may change it
    /// (docs/design/phases.md); an index, not a lookup, as `update_served` runs per event.
    #[inline]
    fn balanced_need(&self, g: &BalancedLayout) -> u32 {
        self.phases
            .as_ref()
            .map_or(g.need, |run| run.need(run.current(), g.component as usize))
    }

    /// Hours of full service in the trial so far, closed at `end`.
    pub(super) fn close_served(&mut self, end: f64) -> f64 {
        if let Some(hours) = self.close_load(end) {
            return hours;
        }
        self.served_hours + self.served * (end - self.served_since)
    }
}
