//! Shocks and planned maintenance: events that take instances down without failing them.
//!
//! Both count as one more failed "mode" of each instance they touch (`down_modes`), so an
//! instance is up only when its own modes, its shocks, its maintenance and its dependencies
//! all allow; neither needs a repair crew, and failure clocks keep running meanwhile.

use super::queue::{Event, ALL_INSTANCES};
use super::trial::Simulator;
use crate::model::MaintenanceStrategy;

impl Simulator<'_> {
    /// Schedules the first shock of every shock process and the first maintenance window of
    /// every schedule.
    pub(super) fn schedule_common_causes(&mut self) {
        for k in 0..self.layout.shocks.len() {
            let at = self.sampler.time(&self.shock_defs[k].every);
            self.schedule_strike(k, at);
        }
        for m in 0..self.layout.maintenance.len() {
            let def = self.maintenance_defs[m];
            let at = match def.start {
                Some(start) => start,
                None => self.sampler.fraction() * def.every,
            };
            self.queue.push(at, Event::MaintenanceWindow(m as u32));
        }
    }

    /// Takes every instance of a component down (a restore in progress).
    pub(super) fn take_down_component(&mut self, component: usize) {
        let first = self.layout.component_first_instance[component] as usize;
        for instance in first..first + self.component_count(component) {
            self.take_down(instance);
        }
    }

    /// Brings back every instance of a component taken down by `take_down_component`.
    pub(super) fn bring_back_component(&mut self, component: usize) {
        let first = self.layout.component_first_instance[component] as usize;
        for instance in first..first + self.component_count(component) {
            self.bring_back(instance);
        }
    }

    fn component_count(&self, component: usize) -> usize {
        let layout = self.layout;
        let first = layout.component_first_instance[component] as usize;
        layout
            .component_first_instance
            .get(component + 1)
            .map_or(layout.instance_count(), |&next| next as usize)
            - first
    }

    /// Takes an instance down for a shock, maintenance or an inspection.
    pub(super) fn take_down(&mut self, instance: usize) {
        self.down_modes[instance] += 1;
        if self.down_modes[instance] == 1 && self.deps_down[instance] == 0 {
            self.instance_changed(instance, false);
        }
    }

    /// Brings back an instance a shock or maintenance took down.
    pub(super) fn bring_back(&mut self, instance: usize) {
        self.down_modes[instance] -= 1;
        if self.down_modes[instance] == 0 && self.deps_down[instance] == 0 {
            self.instance_changed(instance, true);
        }
    }

    pub(super) fn shock_strikes(&mut self, shock: usize) -> bool {
        if !self.take_strike(shock) {
            return false;
        }
        let layout = self.layout.shocks[shock];
        let def = self.shock_defs[shock];
        self.cause = layout.cause;
        let mut hit_any = false;
        for i in 0..layout.count as usize {
            if self.shock_reaches(def.reach) {
                self.shock_hit[layout.hit_offset as usize + i] = true;
                hit_any = true;
                self.take_down(layout.first_instance as usize + i);
            }
        }
        if hit_any {
            let recovery = self.sampler.time(&def.recovery);
            self.queue
                .push(self.now + recovery, Event::ShockRecovered(shock as u32));
        } else {
            let next = self.sampler.time(&def.every);
            self.schedule_strike(shock, next);
        }
        true
    }

    pub(super) fn shock_recovered(&mut self, shock: usize) -> bool {
        let layout = self.layout.shocks[shock];
        self.cause = layout.cause;
        for i in 0..layout.count as usize {
            if std::mem::take(&mut self.shock_hit[layout.hit_offset as usize + i]) {
                self.bring_back(layout.first_instance as usize + i);
            }
        }
        let next = self.sampler.time(&self.shock_defs[shock].every);
        self.schedule_strike(shock, next);
        true
    }

    pub(super) fn maintenance_window(&mut self, schedule: usize) -> bool {
        let layout = self.layout.maintenance[schedule];
        let def = self.maintenance_defs[schedule];
        self.queue.push(
            self.now + def.every,
            Event::MaintenanceWindow(schedule as u32),
        );
        if self.maintenance_frozen() {
            // A phase's maintenance freeze: this window does not open.
            return true;
        }
        self.cause = layout.cause;
        match def.strategy {
            MaintenanceStrategy::AllAtOnce => {
                let first = layout.first_instance as usize;
                for instance in first..first + layout.count as usize {
                    self.reveal_latent(instance);
                    self.maintenance_take_down(instance);
                }
                let duration = self.sampler.time(&def.duration);
                self.queue.push(
                    self.now + duration,
                    Event::MaintenanceEnd {
                        schedule: schedule as u32,
                        instance: ALL_INSTANCES,
                    },
                );
            }
            MaintenanceStrategy::Rolling => {
                // A pass still under way when the next window opens carries on; the window
                // is not started twice.
                if !self.maintenance_running[schedule] {
                    self.maintenance_running[schedule] = true;
                    self.maintenance_cursor[schedule] = 0;
                    self.maintenance_step(schedule);
                }
            }
        }
        true
    }

    /// Rolling maintenance: takes the next instance down if the component can spare it, else
    /// waits one maintenance duration and tries again.
    pub(super) fn maintenance_step(&mut self, schedule: usize) -> bool {
        if !self.maintenance_running[schedule] {
            return false;
        }
        let layout = self.layout.maintenance[schedule];
        self.cause = layout.cause;
        let first = layout.first_instance as usize;
        while self.maintenance_cursor[schedule] < layout.count {
            let instance = first + self.maintenance_cursor[schedule] as usize;
            // Maintenance inspects the instance: a latent failure is found now.
            self.reveal_latent(instance);
            if !self.is_available(instance) {
                // Failed or cut off: nothing to maintain now.
                self.maintenance_cursor[schedule] += 1;
                continue;
            }
            let available = (first..first + layout.count as usize)
                .filter(|&i| self.is_available(i))
                .count();
            let duration = self.sampler.time(&self.maintenance_defs[schedule].duration);
            // The need in force now: a phase may have raised it (engine/phases.rs).
            if available <= self.node_threshold[layout.component as usize] as usize {
                self.queue
                    .push(self.now + duration, Event::MaintenanceStep(schedule as u32));
                return true;
            }
            self.maintenance_take_down(instance);
            self.queue.push(
                self.now + duration,
                Event::MaintenanceEnd {
                    schedule: schedule as u32,
                    instance: instance as u32,
                },
            );
            self.maintenance_cursor[schedule] += 1;
            return true;
        }
        self.maintenance_running[schedule] = false;
        true
    }

    pub(super) fn maintenance_end(&mut self, schedule: usize, instance: u32) -> bool {
        let layout = self.layout.maintenance[schedule];
        self.cause = layout.cause;
        if instance == ALL_INSTANCES {
            let first = layout.first_instance as usize;
            for i in first..first + layout.count as usize {
                self.maintenance_bring_back(i);
            }
        } else {
            self.maintenance_bring_back(instance as usize);
            self.maintenance_step(schedule);
        }
        true
    }

    /// Takes an instance down for maintenance, counting what maintenance holds down.
    fn maintenance_take_down(&mut self, instance: usize) {
        self.maintenance_holding += 1;
        self.take_down(instance);
    }

    /// Brings back an instance from maintenance; when maintenance holds nothing down any
    /// more, the rest of a planned outage is unplanned.
    fn maintenance_bring_back(&mut self, instance: usize) {
        self.maintenance_holding -= 1;
        self.bring_back(instance);
        if self.maintenance_holding == 0 {
            self.planned_cause_ended();
        }
    }
}
