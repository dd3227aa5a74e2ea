//! Data sets and their protection: replication, backups, disasters, restores.

use super::ComponentId;
use crate::dist::Dist;

/// How a data set reaches its standby replicas.
#[derive(Debug, Clone)]
pub enum Replication {
    /// Every write is on the standbys before it is acknowledged: a failover loses nothing.
    Sync,
    /// Standbys trail by a lag: a failover loses the writes within it.
    Async(Dist),
}

/// What a backup copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// The whole data set.
    Full,
    /// What changed since the last successful backup of any kind.
    Incremental,
    /// What changed since the last successful full backup.
    Differential,
}

impl BackupKind {
    /// The kind's name in the scenario format.
    pub fn name(self) -> &'static str {
        match self {
            BackupKind::Full => "full",
            BackupKind::Incremental => "incremental",
            BackupKind::Differential => "differential",
        }
    }
}

/// A backup schedule.
#[derive(Debug, Clone)]
pub struct BackupSchedule {
    /// What each backup copies.
    pub kind: BackupKind,
    /// Hours between backups.
    pub every: f64,
    /// Hour of the first backup in a trial; `None`: a random phase per trial.
    pub start: Option<f64>,
    /// Bytes per hour written.
    pub throughput: f64,
    /// Probability a backup succeeds (a failed one is not restorable).
    pub success: f64,
    /// Hours a backup is kept after it is taken.
    pub retention: f64,
}

/// What a disaster does to the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisasterKind {
    /// Every replica is lost at once (a site or region destroyed).
    Loss,
    /// Bad data (an operator error, a bad release) replicates to every replica; backups taken
    /// after it hold it too.
    Corruption,
    /// The last replica holding the data fails through one of these failure modes (indices
    /// into the storing component's modes) while every other replica's copy is gone too.
    Replicas(Vec<usize>),
}

/// A kind of event that destroys the data on every replica.
#[derive(Debug, Clone)]
pub struct Disaster {
    /// Name used in reports.
    pub name: String,
    /// Loss or corruption.
    pub kind: DisasterKind,
    /// Time between disasters (from the start, then from each recovery); `None` for
    /// [`DisasterKind::Replicas`], which the replicas' own failures bring about.
    pub every: Option<Dist>,
    /// Time until the damage is noticed.
    pub detection: Dist,
}

/// How a data set is restored from backups.
#[derive(Debug, Clone)]
pub struct Restore {
    /// Bytes per hour read back.
    pub throughput: f64,
    /// Fixed hours per backup in the chain (catalogue lookups, mounting, verification).
    pub per_piece: f64,
    /// Time to get a place to restore into.
    pub provisioning: Dist,
}

/// What happens when a disaster leaves no usable backup to restore from.
#[derive(Debug, Clone)]
pub enum Rebuild {
    /// The data cannot be brought back: the service stays down for the rest of the trial.
    Never,
    /// The data is rebuilt from elsewhere (other systems, re-imports): the service is back
    /// this long after the damage is noticed.
    After(Dist),
}

/// A data set stored on a component's instances.
#[derive(Debug, Clone)]
pub struct DataSet {
    /// Name from the scenario.
    pub name: String,
    /// Bytes.
    pub size: f64,
    /// Share of the data changed per hour (drives incremental and differential sizes).
    pub change_rate: f64,
    /// The component whose instances hold its replicas.
    pub stored_on: ComponentId,
    /// How replicas are kept in step.
    pub replication: Replication,
    /// Backup schedules.
    pub backups: Vec<BackupSchedule>,
    /// How restores go.
    pub restore: Restore,
    /// Events that destroy every replica.
    pub disasters: Vec<Disaster>,
    /// What a disaster with no usable backup costs.
    pub rebuild: Rebuild,
    /// Recovery point objective in hours, if any.
    pub rpo: Option<f64>,
    /// Recovery time objective in hours, if any.
    pub rto: Option<f64>,
    /// Stripes on devices and their rebuilds, when the scenario asks for durability.
    pub durability: Option<super::Durability>,
}

impl DataSet {
    /// Bytes changed over `hours`, at most the whole data set.
    pub fn changed_bytes(&self, hours: f64) -> f64 {
        self.size * (self.change_rate * hours.max(0.0)).min(1.0)
    }
}
