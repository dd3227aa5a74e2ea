//! The scenario file as written: serde types that mirror the TOML, nothing resolved.
//!
//! Every table denies unknown keys, so a typo is an error rather than a silently ignored
//! setting. Numbers that must be whole or positive are read as `i64`/`f64` and checked in
//! [`super::compile`], which can then say what would be valid.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A value that may be written as a string with units or as a bare number.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Scalar {
    /// A number, such as `0.9999` or `1.3`.
    Number(f64),
    /// A string, such as `"4h"` or `"99.99%"`.
    Text(String),
}

/// `need`: a whole number, or a word (`"peak"`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum RawNeed {
    /// A fixed number of instances.
    Count(i64),
    /// A need derived from something else (`"peak"`).
    Derived(String),
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Human name of the scenario.
    pub name: Option<String>,
    /// Free text for the reader.
    pub description: Option<String>,
    /// Run settings.
    #[serde(default)]
    pub simulation: RawSimulation,
    /// Shared repair resources.
    #[serde(default)]
    pub repair: RawRepair,
    /// Components by name.
    #[serde(default)]
    pub components: BTreeMap<String, RawComponent>,
    /// Named blocks of the structure.
    #[serde(default)]
    pub blocks: BTreeMap<String, RawBlock>,
    /// The root block.
    pub system: Option<RawBlock>,
    /// Data sets by name.
    #[serde(default)]
    pub data: BTreeMap<String, RawDataSet>,
    /// How the service level is judged per window.
    pub sla: Option<RawSla>,
    /// Prices: instances, storage, fixed items, downtime, SLA fee.
    pub cost: Option<super::cost::RawCost>,
    /// Demand over the day, the year and the years.
    pub load: Option<RawLoad>,
    /// Operational phases over the year.
    #[serde(default)]
    pub phases: Vec<super::phases::RawPhase>,
}

/// `[load]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoad {
    /// Demand at multiplier 1, such as "12000 rps".
    pub demand: Scalar,
    /// 24 hourly multipliers, from midnight.
    pub daily: Option<Vec<f64>>,
    /// 168 hourly multipliers, from Monday midnight.
    pub weekly: Option<Vec<f64>>,
    /// A CSV file of hourly multipliers (`hour,multiplier`) that repeats.
    pub profile: Option<String>,
    /// Seasonal peaks.
    #[serde(default)]
    pub peaks: Vec<RawPeak>,
    /// Growth per year, such as "40%/y".
    pub growth: Option<String>,
    /// "compound" (the default) or "linear".
    pub growth_kind: Option<String>,
}

/// One of `[[load.peaks]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeak {
    /// First day, "MM-DD".
    pub start: String,
    /// Number of days (default 1).
    pub days: Option<i64>,
    /// Demand multiplier on those days.
    pub factor: f64,
}

/// `[sla]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSla {
    /// Length of a window, such as "1mo".
    pub window: Option<Scalar>,
    /// The window's availability objective.
    pub objective: Option<Scalar>,
    /// Credit tiers.
    #[serde(default)]
    pub credits: Vec<RawCredit>,
}

/// One row of `credits = [...]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCredit {
    /// Availability threshold.
    pub below: Scalar,
    /// Share of the fee credited.
    pub credit: Scalar,
}

/// `[data.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataSet {
    /// Size, such as "500GB".
    pub size: String,
    /// Share changed per unit of time ("5%/d") or bytes per unit ("20GB/d").
    pub change_rate: Option<String>,
    /// The component holding its replicas.
    pub stored_on: String,
    /// "sync" or "async".
    pub replication: Option<String>,
    /// Async replication lag.
    pub lag: Option<RawDelay>,
    /// Recovery point objective.
    pub rpo: Option<Scalar>,
    /// Recovery time objective.
    pub rto: Option<Scalar>,
    /// Backup schedules.
    #[serde(default)]
    pub backups: Vec<RawBackup>,
    /// How restores go.
    pub restore: Option<RawRestore>,
    /// Events that destroy every replica.
    #[serde(default)]
    pub disasters: Vec<RawDisaster>,
    /// A disaster with no usable backup: time to rebuild the data elsewhere, or "never".
    pub rebuild: Option<RawDelay>,
    /// Durability (scenario::durability): fragments per stripe and how many may be lost.
    pub redundancy: Option<super::durability::RawRedundancy>,
    /// Durability: domains the fragments are spread over, and the stripes.
    pub placement: Option<super::durability::RawPlacement>,
    /// Durability: data a destroyed device held.
    pub per_disk: Option<String>,
    /// Durability: how a destroyed device's fragments are rebuilt.
    pub fragment_rebuild: Option<super::durability::RawFragmentRebuild>,
    /// Durability: failure modes that destroy fragments ("MODE" or "COMPONENT.MODE").
    pub destructive_modes: Option<Vec<String>>,
    /// Durability: price per raw terabyte-month.
    pub cost_per_tb_month: Option<Scalar>,
}

/// `[[data.NAME.backups]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBackup {
    /// "full", "incremental" or "differential".
    pub kind: String,
    /// Time between backups.
    pub every: Scalar,
    /// Time of the first backup.
    pub start: Option<Scalar>,
    /// Write throughput, such as "200MB/s".
    pub throughput: String,
    /// Probability a backup succeeds.
    pub success: Option<Scalar>,
    /// How long a backup is kept.
    pub retention: Scalar,
}

/// `[data.NAME.restore]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRestore {
    /// Read throughput, such as "100MB/s".
    pub throughput: String,
    /// Fixed time per backup in the chain.
    pub per_piece: Option<Scalar>,
    /// Time to get a place to restore into.
    pub provisioning: Option<RawDelay>,
}

/// `[[data.NAME.disasters]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDisaster {
    /// Name used in reports.
    pub name: String,
    /// "loss", "corruption" or "replicas".
    pub kind: String,
    /// Time between disasters (loss and corruption).
    pub every: Option<RawDelay>,
    /// Time until the damage is noticed.
    pub detection: Option<RawDelay>,
    /// Replicas: the failure modes that destroy a replica's copy (default: every mode).
    pub modes: Option<Vec<String>>,
}

/// `[simulation]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Length of one trial.
    pub horizon: Option<Scalar>,
    /// Number of trials.
    pub trials: Option<i64>,
    /// Seed.
    pub seed: Option<i64>,
    /// Availability objective.
    pub target: Option<Scalar>,
    /// Confidence level of intervals.
    pub confidence: Option<Scalar>,
    /// Trials behind each importance estimate (0 skips them).
    pub importance_trials: Option<i64>,
    /// Leave planned maintenance out of availability and the objective.
    pub exclude_planned: Option<bool>,
    /// The estimator: "plain" or "rare".
    pub method: Option<String>,
    /// Settings of the rare-event method.
    pub rare: Option<super::rare::RawRare>,
    /// Whether failure clocks run while the service is down (default for every component).
    pub age_while_down: Option<bool>,
}

/// `[repair]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepair {
    /// Repair crews: a number shared by all components, or a table of crew kinds.
    pub crews: Option<super::crews::RawCrews>,
    /// Whether a failure takes a crew from a repair of lower priority.
    pub preemption: Option<bool>,
}

/// `[components.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    /// A catalog preset whose fields this component starts from.
    pub preset: Option<String>,
    /// Number of instances.
    pub count: Option<i64>,
    /// Instances needed for the component to be up: a number, or `"peak"` (derived from
    /// demand and capacity, see `scenario::peak_need`).
    pub need: Option<RawNeed>,
    /// With `need = "peak"`: capacity kept spare above demand, such as `"20%"`.
    pub headroom: Option<Scalar>,
    /// Failure distribution (single-mode form).
    pub failure: Option<RawDist>,
    /// Repair distribution (single-mode form).
    pub repair: Option<RawDist>,
    /// Several independent failure modes.
    pub modes: Option<Vec<RawMode>>,
    /// Components this one needs.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Active instances with standbys behind them, and how failover works.
    pub failover: Option<RawFailover>,
    /// Common-cause shocks.
    #[serde(default)]
    pub shocks: Vec<RawShock>,
    /// Planned maintenance.
    pub maintenance: Option<RawMaintenance>,
    /// The load balancer's health checks of this backend group.
    pub health_check: Option<RawHealthCheck>,
    /// Requests per instance it can serve, in `[load]`'s unit.
    pub capacity: Option<Scalar>,
    /// The kind of crew (a key of `[repair.crews]`) its failures need.
    pub crew: Option<String>,
    /// Repair priority: a failure of higher priority is served first.
    pub priority: Option<i64>,
    /// The single failure/repair form: whether its failures are hidden until found.
    pub hidden: Option<bool>,
    /// Periodic inspections that find hidden failures.
    pub inspection: Option<super::inspection::RawInspection>,
    /// Whether its failure clocks run while the service is down.
    pub age_while_down: Option<bool>,
}

/// `[components.NAME.health_check]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHealthCheck {
    /// The balancer component in front of the group.
    pub balancer: String,
    /// Time between checks.
    pub interval: Scalar,
    /// Failed checks in a row that take a backend out of rotation.
    pub unhealthy_threshold: Option<i64>,
    /// Passed checks in a row that put it back.
    pub healthy_threshold: Option<i64>,
}

/// `[[components.NAME.shocks]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShock {
    /// Name of the shock ("bad deploy").
    pub name: String,
    /// Time between shocks.
    pub every: RawDelay,
    /// Probability each instance is hit.
    pub reach: Option<Scalar>,
    /// Time until the hit instances are back.
    pub recovery: RawDelay,
}

/// `[components.NAME.maintenance]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaintenance {
    /// Period between windows.
    pub every: Scalar,
    /// First window.
    pub start: Option<Scalar>,
    /// Downtime per instance (rolling) or for all (all at once).
    pub duration: RawDelay,
    /// "rolling" or "all".
    pub strategy: Option<String>,
}

/// `[components.NAME.failover]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFailover {
    /// Instances serving; the rest of `count` are standbys.
    pub active: Option<i64>,
    /// How standbys wait: "hot", "warm" or "cold".
    pub standby: Option<String>,
    /// Warm standbys: failure rate while idle, as a fraction of the active rate.
    pub warm_factor: Option<Scalar>,
    /// Time to notice that an active is lost.
    pub detection: Option<RawDelay>,
    /// Time to switch a standby into service.
    pub switchover: Option<RawDelay>,
    /// Cold and warm standbys: time to start when promoted.
    pub startup: Option<RawDelay>,
    /// Probability that an automatic switchover succeeds.
    pub success: Option<Scalar>,
    /// Time an operator takes to promote a standby by hand after a failed switchover.
    pub manual: Option<RawDelay>,
    /// Whether standby failures are noticed when they happen (else: found at failover).
    pub monitored: Option<bool>,
    /// What a repaired instance does: "standby" or "failback".
    pub on_repair: Option<String>,
    /// Probability a standby fails to start when called on.
    pub fails_to_start: Option<Scalar>,
}

/// A delay: a duration string (always that long) or a distribution table.
#[derive(Debug)]
pub enum RawDelay {
    /// A fixed duration such as `"30s"`.
    Fixed(String),
    /// A distribution.
    Dist(Box<RawDist>),
}

impl<'de> Deserialize<'de> for RawDelay {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DelayVisitor;
        impl<'de> serde::de::Visitor<'de> for DelayVisitor {
            type Value = RawDelay;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a duration such as \"30s\" or a distribution table")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RawDelay, E> {
                Ok(RawDelay::Fixed(value.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawDelay, A::Error> {
                // Deserialising the table as a RawDist keeps its precise errors (unknown keys).
                RawDist::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|table| RawDelay::Dist(Box::new(table)))
            }
        }
        deserializer.deserialize_any(DelayVisitor)
    }
}

/// `[[components.NAME.modes]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMode {
    /// Name of the mode.
    pub name: String,
    /// Failure distribution.
    pub failure: RawDist,
    /// Repair distribution.
    pub repair: RawDist,
    /// Whether its failures are hidden until an inspection or a demand finds them.
    pub hidden: Option<bool>,
}

/// A distribution table such as `{ dist = "weibull", shape = 1.3, mean = "6000h" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDist {
    /// Family name.
    pub dist: String,
    /// Mean duration.
    pub mean: Option<Scalar>,
    /// Event rate, such as `"3/y"`.
    pub rate: Option<Scalar>,
    /// Annual failure rate, such as `"4%"`.
    pub afr: Option<Scalar>,
    /// Shape parameter.
    pub shape: Option<f64>,
    /// Scale duration.
    pub scale: Option<Scalar>,
    /// Median duration.
    pub median: Option<Scalar>,
    /// 95th percentile duration.
    pub p95: Option<Scalar>,
    /// Standard deviation.
    pub sd: Option<Scalar>,
    /// Fixed duration.
    pub value: Option<Scalar>,
    /// Lower bound.
    pub min: Option<Scalar>,
    /// Upper bound.
    pub max: Option<Scalar>,
    /// CSV file of durations (empirical).
    pub file: Option<String>,
    /// CSV column to read (empirical; the first by default).
    pub column: Option<String>,
    /// Unit of bare numbers in the CSV (empirical).
    pub unit: Option<String>,
}

/// `[blocks.NAME]` and `[system]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlock {
    /// Series: every child.
    pub all: Option<Vec<String>>,
    /// Parallel: any child.
    pub any: Option<Vec<String>>,
    /// k-of-n: how many of `of`.
    pub k: Option<i64>,
    /// k-of-n: the children.
    pub of: Option<Vec<String>>,
    /// `"peak"`: a block pooling its members' capacity is up only while that capacity covers
    /// demand (see `scenario::pool_peak`).
    pub need: Option<RawNeed>,
    /// With `need = "peak"`: spare capacity kept above demand.
    pub headroom: Option<Scalar>,
}
