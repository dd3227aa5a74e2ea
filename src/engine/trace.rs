//! A record of everything that changed in one trial, for its timeline chart.
//!
//! Only [`trace_trial`] turns tracing on; ordinary runs keep `Simulator::trace` empty, so the
//! per-event path pays one well-predicted branch and allocates nothing.

use super::trial::{Simulator, TrialRecord};
use crate::model::Model;

/// An instance becoming available or unavailable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InstanceChange {
    /// Hours since the start of the trial.
    pub time: f64,
    /// The instance (global index, see `Layout::instance_component`).
    pub instance: u32,
    /// Available after the change.
    pub up: bool,
    /// What the change is attributed to (index into `Layout::causes`).
    pub cause: u32,
}

/// The service going down or coming back up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceFlip {
    /// Hours since the start of the trial.
    pub time: f64,
    /// Up after the change.
    pub up: bool,
}

/// The share of requests served changing (models with balanced groups only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceChange {
    /// Hours since the start of the trial.
    pub time: f64,
    /// Share of requests served from now on: below 1 while the service is degraded (a
    /// balanced group short of capacity or sending requests to a dead backend).
    pub served: f64,
}

/// Every change of one trial, in time order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// Changes of instances' availability.
    pub instances: Vec<InstanceChange>,
    /// The service's outages begin and end; it starts up.
    pub service: Vec<ServiceFlip>,
    /// Changes of the share of requests served, which starts at 1 (balanced models only).
    pub served: Vec<ServiceChange>,
}

impl Trace {
    /// Records the service's share served, skipping repeats.
    pub(super) fn service_served(&mut self, time: f64, served: f64) {
        if self.served.last().map_or(1.0, |c| c.served) != served {
            self.served.push(ServiceChange { time, served });
        }
    }
}

/// Runs trial number `trial` of `model` again, recording every change. The trial's random
/// stream depends only on the seed and its number, so this is exactly the trial of the run.
pub fn trace_trial(model: &Model, trial: u64) -> (TrialRecord, Trace) {
    let mut simulator = Simulator::new(model);
    simulator.trace = Some(Box::default());
    let record = simulator.run(trial);
    let trace = simulator.trace.take().map(|t| *t).unwrap_or_default();
    (record, trace)
}
