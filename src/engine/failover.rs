//! Failover groups: active positions filled by instances, standbys promoted when an active
//! is lost, with detection, switchover, start-up, failed switchovers, manual failover, latent
//! standby failures and failback.
//!
//! The group's structure node counts filled active positions. An instance's role says what
//! the group believes of it; a hidden (latent) failure leaves a standby in the `Standby` role
//! while it is in fact down, until a failover or an operator tries to use it.

use super::queue::{wrap_generation, Event};
use super::trial::Simulator;
use crate::model::{OnRepair, Standby};

/// What a failover group believes an instance is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Filling an active position.
    Active,
    /// Idle, ready to be promoted (or latently failed, if unmonitored).
    Standby,
    /// Being switched into an active position.
    Promoting,
    /// Known to be unavailable: failed, or a dependency down.
    Out,
}

/// Counters of one failover group.
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupState {
    /// Instances filling active positions.
    pub active: u32,
    /// Instances being switched into active positions.
    pub promoting: u32,
    /// Empty positions whose automatic switchover failed: no automatic retry.
    pub stuck: u32,
    /// Whether an operator's manual failover is under way.
    pub manual_pending: bool,
    /// Generation of the pending manual failover event.
    pub manual_generation: u32,
    /// Since when a loss has left the group short of actives (for recovery times).
    pub short_since: Option<f64>,
    /// Active positions now: the layout's, or the need of the phase holding
    /// (engine/phase_positions.rs).
    pub positions: u32,
}

impl Simulator<'_> {
    pub(super) fn reset_groups(&mut self) {
        let layout = self.layout;
        for (g, group) in layout.groups.iter().enumerate() {
            let positions = self.phase_positions(g);
            self.groups[g] = GroupState {
                active: positions,
                positions,
                ..GroupState::default()
            };
            for i in 0..group.count {
                let instance = (group.first_instance + i) as usize;
                self.role[instance] = if i < positions {
                    Role::Active
                } else {
                    Role::Standby
                };
                self.role_generation[instance] = 0;
                self.came_back[instance] = false;
            }
            if positions != group.active {
                self.start_with_positions(g, positions);
            }
        }
    }

    /// Gives an instance a new role, adjusting how fast its failure clocks run.
    pub(super) fn set_role(&mut self, group: usize, instance: usize, role: Role) {
        self.role[instance] = role;
        self.came_back[instance] = false;
        let speed = match role {
            Role::Active => 1.0,
            Role::Standby | Role::Promoting => self.group_failover[group].standby.idle_speed(),
            // Out of service for a dependency or a failure: its clocks keep their pace.
            Role::Out => return,
        };
        let layout = self.layout;
        let slots = layout.instance_first_slot[instance]..layout.instance_first_slot[instance + 1];
        for slot in slots {
            self.set_clock_speed(slot as usize, speed);
        }
    }

    pub(super) fn component_node(&self, group: usize) -> u32 {
        self.layout.groups[group].component
    }

    /// An instance of a group became available or unavailable.
    pub(super) fn group_instance_changed(&mut self, group: usize, instance: usize, up: bool) {
        if up {
            if self.role[instance] == Role::Out {
                self.return_to_service(group, instance);
            }
            return;
        }
        let hidden = self.down_modes[instance] > 0
            && (!self.group_failover[group].monitored || self.only_hidden_faults(instance));
        match self.role[instance] {
            Role::Active => {
                self.set_role(group, instance, Role::Out);
                self.groups[group].active -= 1;
                let now = self.now;
                self.groups[group].short_since.get_or_insert(now);
                self.component_changed(self.component_node(group), false);
                self.try_failover(group, true);
            }
            Role::Standby if !hidden => self.set_role(group, instance, Role::Out),
            Role::Promoting if !hidden => {
                self.set_role(group, instance, Role::Out);
                self.groups[group].promoting -= 1;
                self.role_generation[instance] =
                    wrap_generation(self.role_generation[instance] + 1);
                self.refill(group);
            }
            // A hidden failure leaves the role as it is; an instance already out stays out.
            _ => {}
        }
    }

    /// The lowest-numbered instance of a group in `role`, if any.
    fn first_in_role(&self, group: usize, role: Role) -> Option<usize> {
        let g = self.layout.groups[group];
        (g.first_instance as usize..(g.first_instance + g.count) as usize)
            .find(|&instance| self.role[instance] == role)
    }

    /// Empty active positions that no switchover is filling and none has given up on.
    fn free_positions(&self, group: usize) -> u32 {
        let state = &self.groups[group];
        state.positions - state.active - state.promoting - state.stuck
    }

    /// Promotes standbys into empty positions; `detect` adds the detection time (not when the
    /// loss is already known, as when a promotion is retried).
    pub(super) fn try_failover(&mut self, group: usize, detect: bool) {
        while self.free_positions(group) > 0 {
            let Some(candidate) = self.first_in_role(group, Role::Standby) else {
                break;
            };
            self.set_role(group, candidate, Role::Promoting);
            self.groups[group].promoting += 1;
            self.role_generation[candidate] = wrap_generation(self.role_generation[candidate] + 1);
            let failover = self.group_failover[group];
            let mut delay = self.sampler.time(&failover.switchover);
            if detect {
                delay += self.sampler.time(&failover.detection);
            }
            if failover.standby != Standby::Hot {
                delay += self.sampler.time(&failover.startup);
            }
            self.queue.push(
                self.now + delay,
                Event::FailoverDone {
                    instance: candidate as u32,
                    generation: self.role_generation[candidate],
                },
            );
        }
    }

    /// A promotion fell through (the standby was broken or cut off): an instance that came
    /// back from repair meanwhile takes the position at once, as it would had it come back
    /// a moment later; else the next standby is promoted (the loss is known: no detection).
    fn refill(&mut self, group: usize) {
        match self.first_came_back(group) {
            Some(back) => self.take_position(group, back),
            None => self.try_failover(group, false),
        }
        self.forget_came_back(group);
    }

    /// A switchover completes: the standby takes the position, or turns out to be broken, or
    /// the switchover fails.
    pub(super) fn failover_done(&mut self, instance: usize, generation: u32) -> bool {
        if generation != self.role_generation[instance] || self.role[instance] != Role::Promoting {
            return false;
        }
        let group = self.layout.instance_group[instance] as usize;
        self.groups[group].promoting -= 1;
        if !self.is_available(instance) {
            // A latent failure, found now that the standby is needed.
            self.set_role(group, instance, Role::Out);
            self.reveal_latent(instance);
            self.refill(group);
            return true;
        }
        if self.start_fails(group, instance) {
            self.refill(group);
            return true;
        }
        let failover = self.group_failover[group];
        if self.switchover_works(failover.success) {
            self.set_role(group, instance, Role::Active);
            self.groups[group].active += 1;
            self.promoted(group);
            self.component_changed(self.component_node(group), true);
        } else {
            self.set_role(group, instance, Role::Standby);
            // An instance back from repair during the switchover takes the empty position
            // at once, as it would had it come back a moment later: a shorter repair never
            // makes a longer outage.
            match self.first_came_back(group) {
                Some(back) => self.take_position(group, back),
                None => {
                    self.groups[group].stuck += 1;
                    self.call_operator(group);
                }
            }
        }
        self.forget_came_back(group);
        true
    }

    /// With no switchover left under way, no returned instance has one to stand in for.
    pub(super) fn forget_came_back(&mut self, group: usize) {
        if self.groups[group].promoting == 0 {
            let g = self.layout.groups[group];
            self.came_back[g.first_instance as usize..(g.first_instance + g.count) as usize]
                .fill(false);
        }
    }

    /// The lowest-numbered standby that came back from repair while a switchover was
    /// filling an empty position, if any.
    fn first_came_back(&self, group: usize) -> Option<usize> {
        let g = self.layout.groups[group];
        (g.first_instance as usize..(g.first_instance + g.count) as usize).find(|&instance| {
            self.came_back[instance]
                && self.role[instance] == Role::Standby
                && self.is_available(instance)
        })
    }

    /// A standby took an empty position: a recovery incident for the data on the group (a
    /// failback's planned switchover is not one).
    fn promoted(&mut self, group: usize) {
        let g = self.layout.groups[group];
        if let Some(since) = self.groups[group].short_since {
            self.failover_incident(g.component as usize, since);
            if self.groups[group].active == self.groups[group].positions {
                self.groups[group].short_since = None;
            }
        }
    }

    /// Starts an operator's manual failover, unless one is under way.
    fn call_operator(&mut self, group: usize) {
        if self.groups[group].manual_pending {
            return;
        }
        let manual = self.group_failover[group]
            .manual
            .as_ref()
            .expect("a switchover that can fail has a manual failover (checked by the scenario)");
        let delay = self.sampler.time(manual);
        let state = &mut self.groups[group];
        state.manual_pending = true;
        state.manual_generation = wrap_generation(state.manual_generation + 1);
        let generation = state.manual_generation;
        self.queue.push(
            self.now + delay,
            Event::ManualFailover {
                group: group as u32,
                generation,
            },
        );
    }

    /// The operator promotes standbys by hand into the positions whose switchover failed.
    pub(super) fn manual_failover(&mut self, group: usize, generation: u32) -> bool {
        let state = &self.groups[group];
        if generation != state.manual_generation || !state.manual_pending {
            return false;
        }
        self.groups[group].manual_pending = false;
        while self.groups[group].stuck > 0 {
            let Some(candidate) = self.first_in_role(group, Role::Standby) else {
                break;
            };
            if !self.is_available(candidate) {
                self.set_role(group, candidate, Role::Out);
                self.reveal_latent(candidate);
                continue;
            }
            if self.start_fails(group, candidate) {
                continue;
            }
            self.set_role(group, candidate, Role::Active);
            let state = &mut self.groups[group];
            state.active += 1;
            state.stuck -= 1;
            self.promoted(group);
            self.component_changed(self.component_node(group), true);
        }
        true
    }

    /// Starts the repairs of an instance's hidden failures.
    pub(super) fn reveal_latent(&mut self, instance: usize) {
        let layout = self.layout;
        for slot in layout.instance_first_slot[instance]..layout.instance_first_slot[instance + 1] {
            if self.slot_latent[slot as usize] {
                self.found(slot as usize);
            }
        }
    }

    /// An instance is available again: it fills an empty position at once (its repair
    /// included bringing it back), else it becomes a standby, or fails back.
    fn return_to_service(&mut self, group: usize, instance: usize) {
        let g = self.layout.groups[group];
        let state = self.groups[group];
        if state.positions - state.active - state.promoting > 0 {
            self.fill_position(group, instance);
            return;
        }
        self.set_role(group, instance, Role::Standby);
        if state.active < state.positions {
            // Every empty position is being switched: if a switchover fails, this instance
            // takes the position then, as if it came back at that moment. (No failback once
            // a switchover succeeds: the group keeps the instance it just promoted.)
            self.came_back[instance] = true;
            return;
        }
        let is_original_active = (instance as u32) < g.first_instance + g.active;
        if self.group_failover[group].on_repair == OnRepair::Failback && is_original_active {
            self.fail_back(group, instance);
        }
    }

    /// An instance back from repair takes an empty position at once: one a failed switchover
    /// left first, so that the operator, if called, has nothing left to do.
    fn fill_position(&mut self, group: usize, instance: usize) {
        let state = &mut self.groups[group];
        if state.stuck > 0 {
            state.stuck -= 1;
            if state.stuck == 0 && state.manual_pending {
                // Nothing left for the operator to do.
                state.manual_pending = false;
                state.manual_generation = wrap_generation(state.manual_generation + 1);
            }
        }
        self.take_position(group, instance);
    }

    /// An available instance takes an empty position with no switchover (its repair
    /// included bringing it back).
    fn take_position(&mut self, group: usize, instance: usize) {
        let g = self.layout.groups[group];
        self.set_role(group, instance, Role::Active);
        self.groups[group].active += 1;
        if self.groups[group].active == self.groups[group].positions {
            self.groups[group].short_since = None;
        }
        self.component_changed(g.component, true);
    }

    /// An original active, a standby now, takes its position back from the standby holding
    /// it: the position is empty during the switchover, and an outage that starts now is
    /// the failback's doing.
    fn fail_back(&mut self, group: usize, instance: usize) {
        let g = self.layout.groups[group];
        let replacement = (g.first_instance + g.active..g.first_instance + g.count)
            .map(|i| i as usize)
            .find(|&i| self.role[i] == Role::Active);
        if let Some(replacement) = replacement {
            self.cause = g.failback_cause;
            self.set_role(group, replacement, Role::Standby);
            self.groups[group].active -= 1;
            self.component_changed(g.component, false);
            self.set_role(group, instance, Role::Promoting);
            self.groups[group].promoting += 1;
            self.role_generation[instance] = wrap_generation(self.role_generation[instance] + 1);
            let delay = self.sampler.time(&self.group_failover[group].switchover);
            self.queue.push(
                self.now + delay,
                Event::FailoverDone {
                    instance: instance as u32,
                    generation: self.role_generation[instance],
                },
            );
        }
    }
}
