//! Hidden failures and periodic inspections.
//!
//! A hidden failure takes its instance down like any other, but asks for no crew: its slot
//! is latent until found, by an inspection (each latent fault with the schedule's `finds`
//! probability, when the inspection ends) or by a demand (a failover or an operator calling
//! on a standby, maintenance). Until then its downtime counts to the mode's "(hidden)"
//! cause; from the moment it is found, to the mode itself. An inspection that `takes_down`
//! holds every instance of its component down for its duration, like maintenance.

use super::failover::Role;
use super::queue::Event;
use super::trial::Simulator;
use crate::model::{Inspection, Model, NOT_HIDDEN, NO_GROUP};

/// Each inspection schedule's settings, in the layout's schedule order.
pub(super) fn defs(model: &Model) -> Vec<&Inspection> {
    model
        .layout
        .inspection
        .schedules
        .iter()
        .map(|s| {
            model.components[s.component as usize]
                .inspection
                .as_ref()
                .expect("a schedule's component has inspection settings")
        })
        .collect()
}

impl Simulator<'_> {
    /// Schedules the first inspection of every schedule.
    pub(super) fn schedule_inspections(&mut self) {
        for (k, def) in self.inspection_defs.iter().enumerate() {
            self.queue
                .push(def.start, Event::InspectionBegins(k as u32));
        }
    }

    /// Whether slot `s`'s failure, about to happen, goes unnoticed: a hidden mode (in a
    /// failover group only while idle: an active's loss is detected by the failover), or any
    /// mode of an unmonitored group's idle standby.
    #[inline(always)]
    pub(super) fn goes_unnoticed(&self, s: usize) -> bool {
        let layout = self.layout;
        let hidden_mode =
            layout.inspection.hidden_cause[layout.slot_mode[s] as usize] != NOT_HIDDEN;
        if !self.has_groups {
            return hidden_mode;
        }
        let instance = layout.slot_instance[s] as usize;
        let group = layout.instance_group[instance];
        if group == NO_GROUP {
            return hidden_mode;
        }
        let idle = matches!(self.role[instance], Role::Standby | Role::Promoting);
        idle && (hidden_mode || !self.group_failover[group as usize].monitored)
    }

    /// What a failure of slot `s` is attributed to: its mode's hidden cause while unnoticed,
    /// else the mode.
    #[inline(always)]
    pub(super) fn failure_cause(&self, s: usize, hidden: bool) -> u32 {
        let mode = self.layout.slot_mode[s];
        let hidden_cause = self.layout.inspection.hidden_cause[mode as usize];
        if hidden && hidden_cause != NOT_HIDDEN {
            hidden_cause
        } else {
            mode
        }
    }

    /// Whether everything holding an instance down is a hidden fault (so its failover group
    /// does not know it is down).
    pub(super) fn only_hidden_faults(&self, instance: usize) -> bool {
        let layout = self.layout;
        let slots = layout.instance_first_slot[instance] as usize
            ..layout.instance_first_slot[instance + 1] as usize;
        let latent = self.slot_latent[slots].iter().filter(|&&l| l).count();
        latent as u16 == self.down_modes[instance]
    }

    /// A latent fault is found: its repair is asked for, and an outage its hidden failure
    /// began counts to the mode from now on.
    pub(super) fn found(&mut self, slot: usize) {
        self.slot_latent[slot] = false;
        let mode = self.layout.slot_mode[slot];
        let hidden_cause = self.layout.inspection.hidden_cause[mode as usize];
        if hidden_cause != NOT_HIDDEN && self.outage_downtime_cause() == Some(hidden_cause) {
            let cause = std::mem::replace(&mut self.cause, mode);
            self.take_over_outage();
            self.cause = cause;
        }
        self.request_repair(slot as u32);
    }

    /// An inspection begins: the next one is scheduled, the instances go down if it takes
    /// them down, and its end is scheduled.
    pub(super) fn inspection_begins(&mut self, k: usize) -> bool {
        let def = self.inspection_defs[k];
        let schedule = self.layout.inspection.schedules[k];
        self.queue
            .push(self.now + def.every, Event::InspectionBegins(k as u32));
        if def.takes_down {
            self.cause = schedule.cause;
            let first = schedule.first_instance as usize;
            for instance in first..first + schedule.count as usize {
                self.take_down(instance);
            }
        }
        let duration = self.sampler.time(&def.duration);
        self.queue
            .push(self.now + duration, Event::InspectionEnds(k as u32));
        true
    }

    /// An inspection ends: each latent fault of the component is found with the schedule's
    /// probability (before the instances come back, so an instance still failed never
    /// flickers up), then instances taken down come back.
    pub(super) fn inspection_ends(&mut self, k: usize) -> bool {
        let def = self.inspection_defs[k];
        let schedule = self.layout.inspection.schedules[k];
        let layout = self.layout;
        let first = schedule.first_instance as usize;
        let instances = first..first + schedule.count as usize;
        let slots = layout.instance_first_slot[first] as usize
            ..layout.instance_first_slot[instances.end] as usize;
        for slot in slots {
            if self.slot_latent[slot] && self.sampler.chance(def.finds) {
                self.cause = layout.slot_mode[slot];
                self.found(slot);
                let instance = layout.slot_instance[slot] as usize;
                if self.has_groups && layout.instance_group[instance] != NO_GROUP {
                    self.group_learns_of(instance);
                }
            }
        }
        if def.takes_down {
            self.cause = schedule.cause;
            for instance in instances {
                self.bring_back(instance);
            }
        }
        true
    }

    /// A fault of a group's idle standby was found: the group knows it is out (one being
    /// promoted is found out when its switchover ends).
    fn group_learns_of(&mut self, instance: usize) {
        let group = self.layout.instance_group[instance] as usize;
        if self.role[instance] == Role::Standby {
            self.set_role(group, instance, Role::Out);
        }
    }
}
