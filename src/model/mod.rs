//! The compiled, validated model: what the engine simulates.
//!
//! A [`Model`] is built only by [`crate::scenario`], which guarantees its invariants (every
//! reference resolves, no cycles, `need <= count`, distributions valid). It keeps names for
//! reports and `nines check`, and a flat, index-based [`Layout`] for the engine, so that the
//! per-event path never looks anything up by name.

pub mod block_view;
mod capacity_pool;
pub mod cost;
mod data;
mod describe;
mod describe_extra;
mod durability;
mod inspection;
mod layout;
mod load;
mod phase_need;
pub mod phase_sets;
pub mod phases;
mod rare;
mod repair;

pub use capacity_pool::CapacityPool;
pub use data::{
    BackupKind, BackupSchedule, DataSet, Disaster, DisasterKind, Rebuild, Replication, Restore,
};
pub use describe::format_percent;
pub use durability::{
    device_domains, disjoint, instance_in, place_stripes, Destructive, Durability, Spread, Stripes,
};
pub use inspection::{Inspection, InspectionLayout, ScheduleLayout, NOT_HIDDEN};
pub use load::{DemandTable, Growth, Load, Peak, DAY_HOURS, PERIOD_HOURS};
pub use rare::{Forcing, Method, RareSettings, Warmup, MAX_REPAIR_BIAS};
pub use repair::{CrewKind, RepairRules};

pub use layout::{
    Adjacency, BalancedLayout, Cause, DisasterLayout, GroupLayout, Layout, MaintenanceLayout,
    NodeId, ShockLayout, NO_GROUP, NO_NODE,
};

use crate::dist::Dist;

/// Index of a component in [`Model::components`].
pub type ComponentId = usize;

/// Run settings: how long, how many trials, which seed, against which objective.
/// Serialized into partial results (docs/partials.md).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Length of one trial, in hours.
    pub horizon: f64,
    /// Number of independent trials.
    pub trials: u64,
    /// Seed of every random stream.
    pub seed: u64,
    /// Availability objective, as a fraction (0.9999 for four nines).
    pub target: f64,
    /// Confidence level of every interval reported.
    pub confidence: f64,
    /// Whether planned maintenance downtime is left out of availability and the objective,
    /// as many SLAs do.
    pub exclude_planned: bool,
    /// Trials behind each importance estimate; `None`: the default,
    /// [`Settings::DEFAULT_IMPORTANCE_TRIALS`] or all trials if fewer; 0 skips them.
    pub importance_trials: Option<u64>,
    /// The estimator: plain Monte Carlo or the rare-event method.
    pub method: Method,
    /// Settings of the rare-event method.
    pub rare: RareSettings,
}

impl Settings {
    /// Default cap on the trials of each importance run: each component costs two or three.
    pub const DEFAULT_IMPORTANCE_TRIALS: u64 = 2000;

    /// Trials behind each importance estimate (0: none).
    pub fn importance_trials(&self) -> u64 {
        self.importance_trials
            .unwrap_or(Self::DEFAULT_IMPORTANCE_TRIALS)
            .min(self.trials)
    }
}

/// Defaults of [`Settings`] when the scenario and the command line are silent.
impl Default for Settings {
    fn default() -> Self {
        Settings {
            horizon: crate::units::YEAR,
            trials: 10_000,
            seed: 1,
            target: 0.999,
            confidence: 0.95,
            importance_trials: None,
            method: Method::Plain,
            rare: RareSettings::default(),
            exclude_planned: false,
        }
    }
}

/// One independent way an instance fails, and how it is repaired.
#[derive(Debug, Clone)]
pub struct FailureMode {
    /// Name used in reports ("failure" when the component gives a single failure/repair pair).
    pub name: String,
    /// Time to failure, measured from the instance being new or the mode's last repair.
    pub failure: Dist,
    /// Time from failure until back in service (waiting for a crew comes on top).
    pub repair: Dist,
    /// Whether its failures go unnoticed (no repair) until an inspection or a demand finds
    /// them.
    pub hidden: bool,
}

/// A kind of component with `count` identical instances.
#[derive(Debug, Clone)]
pub struct Component {
    /// Name from the scenario.
    pub name: String,
    /// Number of instances.
    pub count: usize,
    /// How many instances must be up for the component to count as up in a block.
    pub need: usize,
    /// Independent failure modes; an instance is down while any of them is.
    pub modes: Vec<FailureMode>,
    /// Components this one needs: instance i needs instance (i mod m) of each.
    pub depends_on: Vec<ComponentId>,
    /// Active instances with standbys behind them; `None`: every instance serves.
    pub failover: Option<Failover>,
    /// Events that hit many instances at once (bad deploys, config pushes).
    pub shocks: Vec<Shock>,
    /// Planned maintenance, if any.
    pub maintenance: Option<Maintenance>,
    /// Health checks of a load balancer in front of this group, if any.
    pub health_check: Option<HealthCheck>,
    /// Periodic inspections that find hidden failures, if any.
    pub inspection: Option<Inspection>,
    /// Whether its failure clocks run while the service is down (false: they pause, as
    /// BlockSim assumes).
    pub age_while_down: bool,
}

/// A load balancer's health checks of a backend group.
///
/// Requests are spread evenly over the backends in rotation. A backend that fails keeps
/// receiving its share (which fails) until `unhealthy_threshold` checks in a row have failed;
/// one that recovers rejoins after `healthy_threshold` checks in a row have passed. Each
/// backend's checks run every `interval` at its own random phase.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthCheck {
    /// The balancer component.
    pub balancer: ComponentId,
    /// Hours between checks.
    pub interval: f64,
    /// Failed checks in a row to take a backend out.
    pub unhealthy_threshold: u32,
    /// Passed checks in a row to put it back.
    pub healthy_threshold: u32,
}

/// A common-cause event: it strikes the component, each instance is hit with probability
/// `reach`, and every hit instance recovers together after `recovery` (a rollback).
#[derive(Debug, Clone)]
pub struct Shock {
    /// Name used in reports.
    pub name: String,
    /// Time between shocks: from the start, then from each recovery.
    pub every: Dist,
    /// Probability each instance is hit.
    pub reach: f64,
    /// Time until the hit instances are back (not a repair: needs no crew).
    pub recovery: Dist,
}

/// How maintenance windows take instances down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaintenanceStrategy {
    /// One instance at a time, never taking the component below `need`.
    Rolling,
    /// Every instance at once.
    AllAtOnce,
}

/// Planned maintenance windows of a component.
#[derive(Debug, Clone)]
pub struct Maintenance {
    /// Period between windows.
    pub every: f64,
    /// When the first window opens; `None`: at a random phase in [0, every) per trial.
    pub start: Option<f64>,
    /// How long one instance (rolling) or the whole component (all at once) is down.
    pub duration: Dist,
    /// Rolling or all at once.
    pub strategy: MaintenanceStrategy,
}

/// How idle standbys age.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Standby {
    /// Fails at the full rate while idle.
    Hot,
    /// Fails at this fraction of the full rate while idle (its failure clock runs slower).
    Warm(f64),
    /// Does not fail while idle.
    Cold,
}

impl Standby {
    /// How fast an idle standby's failure clocks run, relative to an active's.
    pub fn idle_speed(self) -> f64 {
        match self {
            Standby::Hot => 1.0,
            Standby::Warm(factor) => factor,
            Standby::Cold => 0.0,
        }
    }
}

/// What a repaired instance does when every active position is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRepair {
    /// It becomes a standby.
    Standby,
    /// An original active (one of the first `active` instances) takes its position back with
    /// a switchover of its own, during which that position does not serve.
    Failback,
}

/// Active instances with standbys behind them: active-passive (1 + 1) and N + M.
///
/// When an active becomes unavailable, a failover promotes a standby after detection and
/// switchover (and start-up for cold and warm standbys). It succeeds with probability
/// `success`; a failed switchover leaves the position empty until an operator's manual
/// failover or an instance's return from repair, whichever comes first.
#[derive(Debug, Clone)]
pub struct Failover {
    /// Positions that serve; the component counts as up while `need` of them are filled.
    pub active: usize,
    /// How standbys age while idle.
    pub standby: Standby,
    /// Time to notice a lost active.
    pub detection: Dist,
    /// Time to switch a standby into service.
    pub switchover: Dist,
    /// Extra time for a cold or warm standby to start when promoted.
    pub startup: Dist,
    /// Probability an automatic switchover succeeds.
    pub success: f64,
    /// Time for an operator to promote a standby by hand after a failed switchover.
    pub manual: Option<Dist>,
    /// Whether standby failures are noticed at once (else they are latent until a failover).
    pub monitored: bool,
    /// What a repaired instance does.
    pub on_repair: OnRepair,
    /// Probability a standby fails to start when a promotion calls on it (a demand).
    pub fails_to_start: f64,
}

/// A child of a block: a component or another block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// A component, up while `need` of its instances are.
    Component(ComponentId),
    /// Another block, by index in [`Model::blocks`].
    Block(usize),
}

/// A block of the reliability structure.
#[derive(Debug, Clone)]
pub struct Block {
    /// Name from the scenario (`system` for the root).
    pub name: String,
    /// Up while at least `k` children are up (`all`: k = n; `any`: k = 1).
    pub k: usize,
    /// The children.
    pub children: Vec<Child>,
}

/// One row of a service-credit table: below `below` availability in a window, `credit` of
/// that window's fee is refunded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CreditTier {
    /// Availability threshold, as a fraction.
    pub below: f64,
    /// Share of the window's fee credited.
    pub credit: f64,
}

/// How the service level is judged: availability per window (a month, usually), against an
/// objective, with service credits.
#[derive(Debug, Clone, PartialEq)]
pub struct Sla {
    /// Hours per window.
    pub window: f64,
    /// The window's availability objective; `None`: the simulation's target.
    pub objective: Option<f64>,
    /// Credit tiers, highest threshold first; a window earns the credit of the lowest
    /// threshold it falls below.
    pub credits: Vec<CreditTier>,
}

impl Default for Sla {
    fn default() -> Self {
        Sla {
            window: crate::units::MONTH,
            objective: None,
            credits: Vec::new(),
        }
    }
}

impl Sla {
    /// The credit a window with `availability` earns.
    pub fn credit(&self, availability: f64) -> f64 {
        self.credits
            .iter()
            .filter(|tier| availability < tier.below)
            .map(|tier| tier.credit)
            .fold(0.0, f64::max)
    }
}

/// Repair resources shared by every component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crews {
    /// Every failure is repaired at once.
    Unlimited,
    /// At most this many repairs at a time; the rest wait first come, first served.
    Limited(usize),
}

/// A validated scenario, ready to simulate.
#[derive(Debug, Clone)]
pub struct Model {
    /// Scenario name.
    pub name: String,
    /// Run settings.
    pub settings: Settings,
    /// Components, in name order.
    pub components: Vec<Component>,
    /// Blocks, in name order; the root is [`Model::root`].
    pub blocks: Vec<Block>,
    /// Index of the `[system]` block in [`Model::blocks`].
    pub root: usize,
    /// Repair crews.
    pub crews: Crews,
    /// Crews by kind, priorities and preemption (default: the shared pool, first come first
    /// served).
    pub repair: RepairRules,
    /// Data sets, in name order.
    pub data: Vec<DataSet>,
    /// How the service level is judged per window.
    pub sla: Sla,
    /// The flat form the engine runs on.
    pub layout: Layout,
    /// Prices (`[cost]`), if the scenario gives them.
    pub cost: Option<cost::Cost>,
    /// Demand over time and capacities (`[load]`), if the scenario has them.
    pub load: Option<Load>,
    /// Operational phases over the year (`[[phases]]`), if the scenario has them.
    pub phases: Option<phases::Phases>,
}

impl Model {
    /// Builds a model from its parts, computing the engine layout. The parts must already be
    /// valid (the scenario compiler checks them).
    pub fn new(
        name: String,
        settings: Settings,
        components: Vec<Component>,
        blocks: Vec<Block>,
        root: usize,
        crews: Crews,
        data: Vec<DataSet>,
    ) -> Model {
        let layout = Layout::build(&components, &blocks, root, &data);
        Model {
            name,
            settings,
            components,
            blocks,
            root,
            crews,
            repair: RepairRules::default(),
            data,
            sla: Sla::default(),
            layout,
            cost: None,
            load: None,
            phases: None,
        }
    }
}
