//! Data protection: backup schedules, disasters, restores from backup chains, and the
//! recovery incidents (failovers and restores) that give RPO and RTO.
//!
//! Backups exist before a trial starts: at reset, each schedule's history over the longest
//! retention is generated, so every trial starts in the schedule's steady state rather than
//! with no backup at all. A backup is a snapshot of its start time, restorable once it has
//! completed successfully and until its retention ends.

use std::collections::VecDeque;

use super::queue::Event;
use super::trial::Simulator;
use crate::model::{BackupKind, DataSet, DisasterKind, Rebuild, Replication};

/// A completed, successful backup.
#[derive(Debug, Clone, Copy)]
pub struct BackupRecord {
    kind: BackupKind,
    /// The data it holds is as of this time.
    snapshot: f64,
    /// Snapshot time of the backup it builds on (the last successful one for an
    /// incremental, the last full for a differential; minus infinity for a full).
    base: f64,
    /// When it became restorable.
    done: f64,
    bytes: f64,
    /// When retention removes it.
    expires: f64,
}

/// A backup being written.
#[derive(Debug, Clone, Copy)]
pub struct InFlight {
    kind: BackupKind,
    snapshot: f64,
    /// What it builds on (see [`BackupRecord::base`]).
    base: f64,
    bytes: f64,
    /// The data it was copying was lost meanwhile: it cannot complete.
    doomed: bool,
}

/// What the engine tracks of one data set.
#[derive(Debug, Default, Clone)]
pub struct DataState {
    /// Restorable backups of each of the data set's schedules, oldest first. A schedule writes
    /// one backup at a time and keeps each for the same retention, so its backups expire in
    /// the order they were taken: pruning pops from the front, O(1) amortised per backup.
    by_schedule: Vec<VecDeque<BackupRecord>>,
    /// Bytes held by the backups in `by_schedule`: a running total for the storage peak.
    stored_bytes: f64,
    /// Full backups in `by_schedule` (an incremental schedule's first backup may be one).
    fulls: usize,
    /// Snapshot time of the last successful backup of any kind.
    last_any: f64,
    /// Snapshot time of the last successful full backup.
    last_full: f64,
    /// When the current damage happened, while a disaster is being recovered.
    damaged_at: Option<f64>,
}

impl DataState {
    /// Empty state for `set`, with room for the backups each schedule keeps over `lookback`
    /// hours, so keeping backups allocates nothing.
    pub fn for_data_set(set: &DataSet, lookback: f64) -> DataState {
        DataState {
            by_schedule: set
                .backups
                .iter()
                .map(|b| VecDeque::with_capacity(history_len(lookback, b.every)))
                .collect(),
            ..DataState::default()
        }
    }

    /// Every backup held, schedule by schedule.
    fn records(&self) -> impl Iterator<Item = &BackupRecord> {
        self.by_schedule.iter().flatten()
    }

    /// Forgets every backup and every trace of the current damage.
    fn clear(&mut self) {
        for records in &mut self.by_schedule {
            records.clear();
        }
        self.stored_bytes = 0.0;
        self.fulls = 0;
        self.last_any = f64::NEG_INFINITY;
        self.last_full = f64::NEG_INFINITY;
        self.damaged_at = None;
    }

    /// Recomputes the running totals and chain bases from the backups held (after backups
    /// were discarded: rare, so a full pass is fine).
    fn recount(&mut self) {
        self.stored_bytes = self.records().map(|r| r.bytes).sum();
        self.fulls = self
            .records()
            .filter(|r| r.kind == BackupKind::Full)
            .count();
        self.last_any = self
            .records()
            .map(|r| r.snapshot)
            .fold(f64::NEG_INFINITY, f64::max);
        self.last_full = self
            .records()
            .filter(|r| r.kind == BackupKind::Full)
            .map(|r| r.snapshot)
            .fold(f64::NEG_INFINITY, f64::max);
    }
}

/// Backups of one schedule (every `every` hours) held at once over `lookback` hours, with
/// room for the one being written and rounding.
pub fn history_len(lookback: f64, every: f64) -> usize {
    (lookback / every).ceil() as usize + 2
}

/// A backup schedule, flattened: its data set and its index there.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleRef {
    data_set: u32,
    index: u32,
}

/// Flattens every data set's backup schedules.
pub fn schedule_refs(data: &[DataSet]) -> Vec<ScheduleRef> {
    data.iter()
        .enumerate()
        .flat_map(|(d, set)| {
            (0..set.backups.len()).map(move |i| ScheduleRef {
                data_set: d as u32,
                index: i as u32,
            })
        })
        .collect()
}

impl Simulator<'_> {
    fn schedule_def(&self, schedule: usize) -> (&crate::model::BackupSchedule, usize) {
        let r = self.backup_schedules[schedule];
        (
            &self.data_defs[r.data_set as usize].backups[r.index as usize],
            r.data_set as usize,
        )
    }

    /// What the next backup of `schedule` is: an incremental or differential with no full
    /// to build on is taken as a full, as backup tools do.
    fn effective_kind(&self, schedule: usize) -> BackupKind {
        let (def, d) = self.schedule_def(schedule);
        if self.data_state[d].last_full == f64::NEG_INFINITY {
            BackupKind::Full
        } else {
            def.kind
        }
    }

    /// Bytes the next backup of `schedule` copies, started at `at`.
    fn backup_bytes(&self, schedule: usize, at: f64) -> f64 {
        let (_, d) = self.schedule_def(schedule);
        let set = self.data_defs[d];
        let state = &self.data_state[d];
        match self.effective_kind(schedule) {
            BackupKind::Full => set.size,
            BackupKind::Incremental => set.changed_bytes(at - state.last_any),
            BackupKind::Differential => set.changed_bytes(at - state.last_full),
        }
    }

    /// What the next backup of `schedule` builds on (see [`BackupRecord::base`]).
    fn backup_base(&self, schedule: usize) -> f64 {
        let (_, d) = self.schedule_def(schedule);
        let state = &self.data_state[d];
        match self.effective_kind(schedule) {
            BackupKind::Full => f64::NEG_INFINITY,
            BackupKind::Incremental => state.last_any,
            BackupKind::Differential => state.last_full,
        }
    }

    /// Stores a successful backup of `schedule` (an index into its data set's schedules) and
    /// accounts its storage over the horizon. Every backup held has expired by now or not
    /// (callers prune first), so the running total is what is stored at `record.done`.
    fn keep_backup(&mut self, d: usize, schedule: usize, record: BackupRecord) {
        let horizon = self.horizon;
        let stored_from = record.done.max(0.0);
        let stored_to = record.expires.min(horizon);
        self.tally.data[d].record_storage(record.bytes, stored_to - stored_from);
        let state = &mut self.data_state[d];
        state.last_any = state.last_any.max(record.snapshot);
        if record.kind == BackupKind::Full {
            state.last_full = state.last_full.max(record.snapshot);
        }
        if record.expires <= record.done {
            // Expired before it could be restored (retention shorter than its write).
            return;
        }
        state.by_schedule[schedule].push_back(record);
        state.stored_bytes += record.bytes;
        if record.kind == BackupKind::Full {
            state.fulls += 1;
        }
        if record.done >= 0.0 {
            let peak = &mut self.tally.data[d].storage_peak;
            *peak = peak.max(state.stored_bytes);
        }
    }

    /// Forgets backups whose retention has ended. With no full left, the next incremental or
    /// differential has nothing to build on and is taken as a full.
    fn prune_backups(&mut self, d: usize) {
        let now = self.now;
        let state = &mut self.data_state[d];
        for records in &mut state.by_schedule {
            while let Some(oldest) = records.front() {
                if oldest.expires > now {
                    break;
                }
                state.stored_bytes -= oldest.bytes;
                if oldest.kind == BackupKind::Full {
                    state.fulls -= 1;
                }
                records.pop_front();
            }
        }
        if state.fulls == 0 {
            state.last_full = f64::NEG_INFINITY;
            // The running total would otherwise keep its rounding errors.
            if state.by_schedule.iter().all(VecDeque::is_empty) {
                state.stored_bytes = 0.0;
            }
        }
    }

    /// Sets up every data set for a new trial: backup history, first backups and disasters.
    pub(super) fn reset_data(&mut self) {
        for state in &mut self.data_state {
            state.clear();
        }
        self.backup_in_flight.fill(None);
        // Schedules without a start share one random origin per data set, as nightly jobs
        // are aligned: a weekly full and daily incrementals then fall on the same days.
        for d in 0..self.data_defs.len() {
            let longest = self.data_defs[d]
                .backups
                .iter()
                .filter(|b| b.start.is_none())
                .map(|b| b.every)
                .fold(0.0, f64::max);
            self.data_phase[d] = self.sampler.fraction() * longest;
        }
        // Each schedule's first backup at or after 0, then its history before 0 in time order.
        let mut history = std::mem::take(&mut self.backup_history);
        history.clear();
        for schedule in 0..self.backup_schedules.len() {
            let (def, d) = self.schedule_def(schedule);
            let every = def.every;
            let first = def.start.unwrap_or_else(|| self.data_phase[d] % every);
            let lookback = self.data_lookback[d];
            // History is what ran before the trial: with a `start` later than one period,
            // nothing runs in [0, start).
            let mut at = first - every;
            while at >= 0.0 {
                at -= every;
            }
            while at > -lookback {
                history.push((at, schedule));
                at -= every;
            }
            self.queue.push(first, Event::BackupStart(schedule as u32));
        }
        history.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for &(at, schedule) in &history {
            let (def, d) = self.schedule_def(schedule);
            if def.kind != BackupKind::Full && self.data_state[d].last_full == f64::NEG_INFINITY {
                // The history starts at its first full: nothing before it to build on.
                continue;
            }
            let bytes = self.backup_bytes(schedule, at);
            let base = self.backup_base(schedule);
            let done = at + bytes / def.throughput;
            let (success, retention, kind) = (def.success, def.retention, def.kind);
            if done > 0.0 {
                // Still being written when the trial starts.
                if self.backup_in_flight[schedule].is_none() {
                    self.backup_in_flight[schedule] = Some(InFlight {
                        kind,
                        snapshot: at,
                        base,
                        bytes,
                        doomed: false,
                    });
                    self.queue.push(done, Event::BackupEnd(schedule as u32));
                }
            } else if self.sampler.chance(success) {
                let record = BackupRecord {
                    kind,
                    snapshot: at,
                    base,
                    done,
                    bytes,
                    expires: at + retention,
                };
                if record.expires > 0.0 {
                    let index = self.backup_schedules[schedule].index as usize;
                    self.keep_backup(d, index, record);
                }
            }
        }
        self.backup_history = history;
        self.recovering.fill(None);
        self.replica_lost.fill(0);
        for k in 0..self.layout.disasters.len() {
            self.replicas_holding[k] = self.layout.disasters[k].replicas;
            self.schedule_disaster(k);
        }
    }

    /// Whether data set `d` holds a completed, successful backup it could be restored from
    /// now (engine::durability: a stripe loss it covers loses nothing for good).
    pub(super) fn has_usable_backup(&self, d: usize) -> bool {
        let now = self.now;
        self.data_state[d]
            .records()
            .any(|r| r.done <= now && r.expires > now)
    }

    pub(super) fn backup_start(&mut self, schedule: usize) -> bool {
        let (def, d) = self.schedule_def(schedule);
        let every = def.every;
        let throughput = def.throughput;
        self.queue
            .push(self.now + every, Event::BackupStart(schedule as u32));
        // Nothing to copy while the data set is lost; one backup at a time per schedule.
        if self.data_gone(d) || self.backup_in_flight[schedule].is_some() {
            return true;
        }
        self.prune_backups(d);
        let bytes = self.backup_bytes(schedule, self.now);
        self.backup_in_flight[schedule] = Some(InFlight {
            kind: self.effective_kind(schedule),
            snapshot: self.now,
            base: self.backup_base(schedule),
            bytes,
            doomed: false,
        });
        self.queue.push(
            self.now + bytes / throughput,
            Event::BackupEnd(schedule as u32),
        );
        true
    }

    pub(super) fn backup_end(&mut self, schedule: usize) -> bool {
        let Some(flight) = self.backup_in_flight[schedule].take() else {
            return false;
        };
        let (def, d) = self.schedule_def(schedule);
        let (success, retention, kind) = (def.success, def.retention, flight.kind);
        if !flight.doomed && self.sampler.chance(success) {
            self.prune_backups(d);
            let index = self.backup_schedules[schedule].index as usize;
            self.keep_backup(
                d,
                index,
                BackupRecord {
                    kind,
                    snapshot: flight.snapshot,
                    base: flight.base,
                    done: self.now,
                    bytes: flight.bytes,
                    expires: flight.snapshot + retention,
                },
            );
        }
        true
    }

    /// The kind of the disaster being recovered on data set `d`, if any.
    fn disaster_kind_of(&self, d: usize) -> Option<&DisasterKind> {
        self.recovering[d].map(|k| {
            let disaster = self.layout.disasters[k as usize];
            &self.data_defs[d].disasters[disaster.index as usize].kind
        })
    }

    /// Whether data set `d` is gone (a loss, or its replicas lost) and being restored.
    fn data_gone(&self, d: usize) -> bool {
        matches!(
            self.disaster_kind_of(d),
            Some(DisasterKind::Loss | DisasterKind::Replicas(_))
        )
    }

    /// Schedules disaster `k`'s next strike, for kinds that come on a clock.
    fn schedule_disaster(&mut self, k: usize) {
        let disaster = self.layout.disasters[k];
        let def = &self.data_defs[disaster.data_set as usize].disasters[disaster.index as usize];
        if let Some(every) = &def.every {
            let at = self.now + self.sampler.time(every);
            self.queue.push(at, Event::DisasterStrikes(k as u32));
        }
    }

    /// A watched failure mode of a replica went down (`failed`) or was repaired: counts the
    /// replicas still holding the data, and strikes when none is left.
    pub(super) fn replica_copy_changed(&mut self, mode: usize, instance: usize, failed: bool) {
        let layout = self.layout;
        for &k in layout.mode_watchers.of(mode) {
            let disaster = layout.disasters[k as usize];
            let counter =
                (disaster.lost_offset + instance as u32 - disaster.first_instance) as usize;
            if failed {
                self.replica_lost[counter] += 1;
                if self.replica_lost[counter] == 1 {
                    self.replicas_holding[k as usize] -= 1;
                    if self.replicas_holding[k as usize] == 0 {
                        self.disaster_strikes(k as usize);
                    }
                }
            } else {
                self.replica_lost[counter] -= 1;
                if self.replica_lost[counter] == 0 {
                    self.replicas_holding[k as usize] += 1;
                }
            }
        }
    }

    pub(super) fn disaster_strikes(&mut self, k: usize) -> bool {
        let disaster = self.layout.disasters[k];
        let d = disaster.data_set as usize;
        let def = &self.data_defs[d].disasters[disaster.index as usize];
        if self.recovering[d].is_some() {
            // Already being restored: this one changes nothing; its clock starts again.
            self.schedule_disaster(k);
            return true;
        }
        self.cause = disaster.cause;
        // The data is gone or wrong: from now on the service is down for the disaster, even
        // if it was down already (the last replica's failure, a zone outage).
        self.take_over_outage();
        self.recovering[d] = Some(k as u32);
        self.data_state[d].damaged_at = Some(self.now);
        if matches!(def.kind, DisasterKind::Loss | DisasterKind::Replicas(_)) {
            // Backups being written lose their source.
            for (schedule, flight) in self.backup_in_flight.iter_mut().enumerate() {
                if self.backup_schedules[schedule].data_set as usize == d {
                    if let Some(flight) = flight {
                        flight.doomed = true;
                    }
                }
            }
        }
        let detection = self.sampler.time(&def.detection);
        // The data is gone or wrong: the service is down from now until the restore is done.
        let component = self.data_defs[d].stored_on;
        self.take_down_component(component);
        self.queue
            .push(self.now + detection, Event::RestoreBegin(k as u32));
        true
    }

    pub(super) fn restore_begin(&mut self, k: usize) -> bool {
        let d = self.layout.disasters[k].data_set as usize;
        let damaged_at = self.data_state[d]
            .damaged_at
            .expect("a restore follows a disaster");
        self.prune_backups(d);
        let set = self.data_defs[d];
        let restore = &set.restore;
        // The newest full from before the damage, then what builds on it.
        let now = self.now;
        let usable = |r: &&BackupRecord| r.snapshot < damaged_at && r.done <= now;
        let state = &self.data_state[d];
        let Some(full) = state
            .records()
            .filter(usable)
            .filter(|r| r.kind == BackupKind::Full)
            .max_by(|a, b| a.snapshot.total_cmp(&b.snapshot))
            .copied()
        else {
            return self.unrecoverable(k, d);
        };
        let mut duration = self.sampler.time(&restore.provisioning);
        let piece_time = |bytes: f64| bytes / restore.throughput + restore.per_piece;
        duration += piece_time(full.bytes);
        let mut point = full.snapshot;
        // Incrementals in chain order: each holds the changes since its base, so it applies
        // on a point at or after its base; one expired or failed breaks the chain there.
        while let Some(next) = state
            .records()
            .filter(usable)
            .filter(|r| r.kind == BackupKind::Incremental && r.snapshot > point && r.base <= point)
            .max_by(|a, b| a.snapshot.total_cmp(&b.snapshot))
        {
            point = next.snapshot;
            duration += piece_time(next.bytes);
        }
        if let Some(diff) = state
            .records()
            .filter(usable)
            .filter(|r| r.kind == BackupKind::Differential && r.snapshot > point && r.base <= point)
            .max_by(|a, b| a.snapshot.total_cmp(&b.snapshot))
        {
            point = diff.snapshot;
            duration += piece_time(diff.bytes);
        }
        // Counted now, with the data it lost, so that a restore outlasting the trial counts
        // too; its recovery time when the service is back.
        self.tally.data[d].record_incident(Some(damaged_at - point), None, set.rpo, set.rto);
        self.queue
            .push(self.now + duration, Event::RestoreDone(k as u32));
        true
    }

    /// Disaster `k` on data set `d` found no usable backup: the data is rebuilt from
    /// elsewhere, or (the default) it is gone and the service stays down for the rest of
    /// the trial. Either way the incident is unrecoverable: no recovery point.
    fn unrecoverable(&mut self, k: usize, d: usize) -> bool {
        let set = self.data_defs[d];
        // Counted now, so that one whose rebuild outlasts the trial counts too; its recovery
        // time, if any, when the service is back.
        self.tally.data[d].record_incident(None, None, set.rpo, set.rto);
        if let Rebuild::After(time) = &set.rebuild {
            let duration = self.sampler.time(time);
            self.queue
                .push(self.now + duration, Event::RestoreDone(k as u32));
        }
        // With `never`, the data set stays in recovery and its component down until the
        // trial ends.
        true
    }

    pub(super) fn restore_done(&mut self, k: usize) -> bool {
        let disaster = self.layout.disasters[k];
        let d = disaster.data_set as usize;
        let set = self.data_defs[d];
        let damaged_at = self.data_state[d]
            .damaged_at
            .take()
            .expect("a restore follows a disaster");
        if self.disaster_kind_of(d) == Some(&DisasterKind::Corruption) {
            self.discard_corrupted(d, damaged_at);
        }
        self.recovering[d] = None;
        self.cause = disaster.cause;
        self.bring_back_component(set.stored_on);
        // The incident was counted when the restore or rebuild began.
        self.tally.data[d].record_recovery_time(self.now - damaged_at, set.rto);
        self.schedule_disaster(k);
        true
    }

    /// Backups taken since a corruption at `damaged_at` hold it: those kept are deleted (their
    /// storage ends now), and those being written will not be kept.
    fn discard_corrupted(&mut self, d: usize, damaged_at: f64) {
        let (now, horizon) = (self.now, self.horizon);
        for (schedule, flight) in self.backup_in_flight.iter_mut().enumerate() {
            if self.backup_schedules[schedule].data_set as usize == d {
                if let Some(flight) = flight.as_mut().filter(|f| f.snapshot >= damaged_at) {
                    flight.doomed = true;
                }
            }
        }
        let tally = &mut self.tally.data[d];
        let state = &mut self.data_state[d];
        for records in &mut state.by_schedule {
            // Backups are in snapshot order: the corrupted ones are at the back.
            while let Some(newest) = records.back().filter(|r| r.snapshot >= damaged_at) {
                tally.release_storage(newest.bytes, newest.expires.min(horizon) - now);
                records.pop_back();
            }
        }
        // Later incrementals and differentials build on what is left.
        state.recount();
    }

    /// A standby was promoted into a position emptied by a loss at `lost_at`: for each data
    /// set stored on the component, a recovery incident (the writes within the replication
    /// lag are lost with asynchronous replication).
    pub(super) fn failover_incident(&mut self, component: usize, lost_at: f64) {
        let layout = self.layout;
        for &d in layout.component_data.of(component) {
            let set = self.data_defs[d as usize];
            let rpo = match &set.replication {
                Replication::Sync => 0.0,
                Replication::Async(lag) => self.sampler.time(lag),
            };
            self.tally.data[d as usize].record_incident(
                Some(rpo),
                Some(self.now - lost_at),
                set.rpo,
                set.rto,
            );
        }
    }
}
