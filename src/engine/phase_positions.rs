//! A phase's `need` for a failover group: its number of active positions changes at the
//! boundary (docs/design/phases.md).
//!
//! A rise promotes standbys into the new positions, each by a switchover as a failover does
//! (its time, a warm or cold standby's start-up, its success probability, the manual
//! failover when it fails, a latent failure or a failed start found then), without the
//! detection time: the boundary is planned, not noticed. A fall demotes the excess at
//! once: first positions no switchover is filling (a failed one the operator was called
//! for), then switchovers under way (called off), then the highest-numbered actives, which
//! become standbys. The group's node needs the phase's number of actives, so it is down
//! while fewer fill positions: from a rise until the promotions complete.

use super::failover::Role;
use super::queue::wrap_generation;
use super::trial::Simulator;
use crate::model::phases::Phases;
use crate::model::{Model, NO_GROUP};

impl Simulator<'_> {
    /// Active positions of failover group `g` in the phase holding: the layout's, moved by
    /// as much as the phase moves the component's need (a phase may change the need only
    /// of a group whose need is its number of positions, so that the two stay equal).
    pub(super) fn phase_positions(&self, g: usize) -> u32 {
        let group = self.layout.groups[g];
        let c = group.component as usize;
        self.phases.as_ref().map_or(group.active, |run| {
            group.active - self.layout.node_threshold[c] + run.need(run.current(), c)
        })
    }

    /// The failover group of component `c`, if it is one.
    pub(super) fn component_group(&self, c: usize) -> Option<usize> {
        let first = self.layout.component_first_instance[c] as usize;
        let g = *self.layout.instance_group.get(first)?;
        (g != NO_GROUP).then_some(g as usize)
    }

    /// At the start of a trial, in a phase that changes group `g`'s positions: its roles
    /// already follow `positions` (`reset_groups`); its clocks, not yet started, get their
    /// roles' speeds, and its node counts that many actives.
    pub(super) fn start_with_positions(&mut self, g: usize, positions: u32) {
        let group = self.layout.groups[g];
        let idle = self.group_failover[g].standby.idle_speed();
        let layout = self.layout;
        let (low, high) = (positions.min(group.active), positions.max(group.active));
        for i in low..high {
            let instance = (group.first_instance + i) as usize;
            let speed = if i < positions { 1.0 } else { idle };
            for slot in
                layout.instance_first_slot[instance]..layout.instance_first_slot[instance + 1]
            {
                self.slot_speed[slot as usize] = speed;
            }
        }
        self.node_up_children[group.component as usize] = positions;
    }

    /// A phase boundary moved group `g`'s positions to those of the phase now holding (its
    /// node's threshold already moved with the need).
    pub(super) fn change_positions(&mut self, g: usize) {
        let new = self.phase_positions(g);
        let state = self.groups[g];
        if new == state.positions {
            return;
        }
        self.groups[g].positions = new;
        if new > state.positions {
            self.try_failover(g, false);
            return;
        }
        let mut excess = (state.active + state.promoting + state.stuck).saturating_sub(new);
        let unfilled = excess.min(state.stuck);
        excess -= unfilled;
        let state = &mut self.groups[g];
        state.stuck -= unfilled;
        if state.stuck == 0 && state.manual_pending {
            // Nothing left for the operator to do.
            state.manual_pending = false;
            state.manual_generation = wrap_generation(state.manual_generation + 1);
        }
        for role in [Role::Promoting, Role::Active] {
            let group = self.layout.groups[g];
            for i in (0..group.count).rev() {
                if excess == 0 {
                    break;
                }
                let instance = (group.first_instance + i) as usize;
                if self.role[instance] != role {
                    continue;
                }
                excess -= 1;
                self.set_role(g, instance, Role::Standby);
                if role == Role::Promoting {
                    // Its pending switchover is called off.
                    self.groups[g].promoting -= 1;
                    self.role_generation[instance] =
                        wrap_generation(self.role_generation[instance] + 1);
                } else {
                    self.groups[g].active -= 1;
                    self.component_changed(self.component_node(g), false);
                }
            }
        }
        self.forget_came_back(g);
        if self.groups[g].active >= new {
            self.groups[g].short_since = None;
        }
    }
}

/// Why `--method rare` cannot run `model`, if a phase changes a failover group's positions:
/// its all-up distance per phase counts actives at the trial's start, which a rise leaves
/// short until its switchovers complete.
pub fn rare_refusal(model: &Model, phases: &Phases) -> Option<String> {
    phases.need.iter().enumerate().skip(1).find_map(|(p, need)| {
        let c = model
            .components
            .iter()
            .enumerate()
            .position(|(c, comp)| comp.failover.is_some() && need[c] as usize != comp.need)?;
        Some(format!(
            "phase '{}': a phase's need for the failover group '{}' is not supported by --method rare yet; use the plain method",
            phases.names[p], model.components[c].name
        ))
    })
}
