//! Failure on demand: a standby called on (a switchover or an operator's manual failover)
//! fails to start with the group's `fails_to_start` probability.
//!
//! A failed start is a failure of the standby's first failure mode, known at once: it is
//! repaired like that mode (crews included), and the group calls on the next standby. The
//! downtime of the group's outage from that moment counts to the group's "failed to start"
//! cause, apart from the failure that began it and from a failed switchover.

use super::failover::Role;
use super::queue::wrap_generation;
use super::trial::Simulator;

impl Simulator<'_> {
    /// Draws whether `instance`, called on by `group`, fails to start; if it does, it is out
    /// and under repair.
    pub(super) fn start_fails(&mut self, group: usize, instance: usize) -> bool {
        let p = self.group_failover[group].fails_to_start;
        if p == 0.0 {
            return false;
        }
        // A rare-method branch biases the start towards failure (rare_failover.rs).
        let fails = match self.demand_fails_biased(p) {
            Some(failed) => failed,
            None => self.sampler.chance(p),
        };
        if !fails {
            return false;
        }
        let layout = self.layout;
        self.set_role(group, instance, Role::Out);
        let slot = layout.instance_first_slot[instance] as usize;
        // Its running clock is superseded: this is the failure; repair draws a new life.
        self.slot_generation[slot] = wrap_generation(self.slot_generation[slot] + 1);
        self.cause = layout.inspection.start_failure_cause[group];
        self.fail_slot(slot, false);
        let component = layout.groups[group].component as usize;
        if self.node_up_children[component] < self.node_threshold[component] {
            self.take_over_outage();
        }
        true
    }
}
