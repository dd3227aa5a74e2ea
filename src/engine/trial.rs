//! One trial: the state of every instance and structure node, advanced event by event.
//!
//! State changes propagate incrementally: a failure touches its instance, the instances that
//! depend on it, and only the structure nodes above them whose up/down state actually flips.
//! All storage is allocated once per simulator and reused for every trial it runs.
//!
//! Failure clocks measure age: a slot (one instance's failure mode) fails when its drawn life
//! is used up. Its clock runs at speed 1, or slower (warm standby) or not at all (cold
//! standby) while idle; a change of speed reschedules the pending failure and bumps the
//! slot's generation, so the superseded event is recognised and skipped when it comes up.

use super::balancing::RotationState;
use super::crews::CrewState;
use super::data::{history_len, schedule_refs, DataState, InFlight, ScheduleRef};
use super::durability::DurabilityRun;
use super::failover::{GroupState, Role};
use super::load::LoadRun;
use super::peak_need::PeakNeeds;
use super::phases::PhaseRun;
use super::queue::{wrap_generation, Event, EventQueue};
use super::sampler::Sampler;
use super::structure::propagate;
use super::trace::{InstanceChange, ServiceFlip, Trace};
use crate::model::{
    DataSet, Failover, Inspection, Layout, Maintenance, Model, NodeId, Shock, NO_GROUP,
};
use crate::stats::Tally;

/// What one trial contributes to the per-trial statistics: a few numbers, so that memory
/// stays small however many trials run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TrialRecord {
    /// Hours the service was down within the horizon.
    pub downtime: f64,
    /// Hours of the trial's longest outage (clipped at the horizon).
    pub longest_outage: f64,
    /// Number of outages that began within the horizon.
    pub outages: u32,
    /// Hours of downtime in outages that planned maintenance began, while maintenance was
    /// under way (what a failure meanwhile keeps down after it is unplanned).
    pub planned_downtime: f64,
    /// Hours of full service: the time integral of the share of requests served.
    pub served: f64,
    /// SLA windows whose availability fell below the objective.
    pub windows_breached: u32,
    /// Credits earned, in window fees (0.1 for a window earning 10%).
    pub credit: f64,
}

impl TrialRecord {
    /// Hours of downtime the objective is judged on: with `exclude_planned` (SLA-style),
    /// planned maintenance does not count.
    #[inline]
    pub fn counted_downtime(&self, exclude_planned: bool) -> f64 {
        if exclude_planned {
            self.downtime - self.planned_downtime
        } else {
            self.downtime
        }
    }
}

/// A component, or its first instance, held in one state for a whole trial, for importance
/// measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Force {
    /// The component.
    pub component: usize,
    /// Always up (never fails) or always down (failed from the start, never repaired).
    pub up: bool,
    /// Only its first instance (the others run as usual), rather than every instance.
    pub one_instance: bool,
}

impl Force {
    /// Instances held, from the component's first.
    fn component_count(self, layout: &Layout) -> usize {
        if self.one_instance {
            return 1;
        }
        let first = layout.component_first_instance[self.component] as usize;
        layout
            .component_first_instance
            .get(self.component + 1)
            .map_or(layout.instance_count() - first, |&next| {
                next as usize - first
            })
    }
}

/// Tracks the service's outages during one trial.
#[derive(Debug, Default, Clone)]
struct OutageTracker {
    down_since: Option<f64>,
    cause: u32,
    planned: bool,
    /// For a planned outage, when the last maintenance ended while the service stayed
    /// down (a failure meanwhile): from then on the outage is unplanned downtime.
    planned_until: f64,
    /// What the outage's downtime counts to from `cause_since` on: its cause, unless a
    /// disaster took it over.
    downtime_cause: u32,
    /// Since when `downtime_cause` holds.
    cause_since: f64,
    record: TrialRecord,
}

impl OutageTracker {
    fn begin(&mut self, now: f64, cause: u32, planned: bool) {
        self.down_since = Some(now);
        self.cause = cause;
        self.planned = planned;
        self.planned_until = f64::INFINITY;
        self.downtime_cause = cause;
        self.cause_since = now;
        self.record.outages += 1;
    }

    /// Ends the current outage, if any; returns when it began and when its planned part
    /// ended (when it began, for an unplanned one).
    fn end(&mut self, now: f64, tally: &mut Tally) -> Option<(f64, f64)> {
        let since = self.down_since.take()?;
        let mut record = self.record;
        let planned_end = self.close_into(&mut record, since, now);
        self.record = record;
        let planned_end = planned_end?;
        self.count_into(since, now, tally);
        Some((since, planned_end))
    }

    /// Adds the outage begun at `since`, ended at `now`, to `record`: its downtime, planned
    /// part and length; returns when its planned part ended (`since` for an unplanned one).
    /// One begun and ended at the same instant (an instantaneous failover) is no outage: it
    /// is taken back from the count, and None returned.
    fn close_into(&self, record: &mut TrialRecord, since: f64, now: f64) -> Option<f64> {
        let duration = now - since;
        if duration <= 0.0 {
            record.outages -= 1;
            return None;
        }
        record.downtime += duration;
        let planned_end = if self.planned {
            self.planned_until.min(now)
        } else {
            since
        };
        record.planned_downtime += planned_end - since;
        record.longest_outage = record.longest_outage.max(duration);
        Some(planned_end)
    }

    /// Records the outage begun at `since`, as ended at `now`, into `tally`: its duration to
    /// its cause, and the downtime a later event took over moved to that one.
    fn count_into(&self, since: f64, now: f64, tally: &mut Tally) {
        tally.record_outage(now - since, self.cause);
        if self.downtime_cause != self.cause {
            tally.move_downtime(now - self.cause_since, self.cause, self.downtime_cause);
        }
    }
}

/// Runs trials of one model, reusing its storage from trial to trial.
#[derive(Debug)]
pub struct Simulator<'m> {
    pub(super) layout: &'m Layout,
    /// Failover settings of each group, by group index.
    pub(super) group_failover: Vec<&'m Failover>,
    /// Each shock process's settings, by shock index.
    pub(super) shock_defs: Vec<&'m Shock>,
    /// Each maintenance schedule's settings, by schedule index.
    pub(super) maintenance_defs: Vec<&'m Maintenance>,
    /// Which instances each shock has down, flattened by `ShockLayout::hit_offset`.
    pub(super) shock_hit: Vec<bool>,
    /// Instances maintenance holds down now, over every schedule.
    pub(super) maintenance_holding: u32,
    /// Next instance of each rolling maintenance pass.
    pub(super) maintenance_cursor: Vec<u32>,
    /// Whether each schedule's rolling pass is under way.
    pub(super) maintenance_running: Vec<bool>,
    /// Up children per node in the request view (balanced groups always up).
    pub(super) request_up_children: Vec<u32>,
    /// Share of requests served now.
    pub(super) served: f64,
    /// Since when `served` has held.
    pub(super) served_since: f64,
    /// Hours of full service accounted so far.
    pub(super) served_hours: f64,
    /// Rotation counters of each balanced group.
    pub(super) rotation: Vec<RotationState>,
    /// Whether each backend instance is in its balancer's rotation.
    pub(super) in_rotation: Vec<bool>,
    /// Generation of each backend's pending rotation change.
    pub(super) rotation_generation: Vec<u32>,
    /// Phase of each backend's health checks.
    pub(super) check_phase: Vec<f64>,
    pub(super) horizon: f64,
    pub(super) seed: u64,
    pub(super) queue: EventQueue,
    pub(super) sampler: Sampler,
    /// Failure modes currently down, per instance.
    pub(super) down_modes: Vec<u16>,
    /// Dependencies currently unavailable, per instance.
    pub(super) deps_down: Vec<u16>,
    /// Children currently up, per structure node.
    pub(super) node_up_children: Vec<u32>,
    /// Repair crews: free, busy, and the failures waiting for them (engine::crews).
    pub(super) repairs: CrewState,
    /// Generation of each slot's pending failure event.
    pub(super) slot_generation: Vec<u32>,
    /// Whether each slot is failed (under repair, waiting for a crew, or latent).
    pub(super) slot_down: Vec<bool>,
    /// Failed slots nobody knows about yet (unmonitored standbys): no repair until revealed.
    pub(super) slot_latent: Vec<bool>,
    /// Speed of each slot's failure clock.
    pub(super) slot_speed: Vec<f64>,
    /// When each running slot fails.
    slot_fail_at: Vec<f64>,
    /// Life left, in age, of each paused slot.
    slot_age_left: Vec<f64>,
    /// When each slot's current life began (its age is `now − slot_born` at full speed): the
    /// rare-event branches bias failures by age.
    pub(super) slot_born: Vec<f64>,
    /// Each slot's age at `slot_age_since`; with the speed since, its age now (the rare
    /// method biases by age, and standbys age slower or not at all).
    pub(super) slot_age_base: Vec<f64>,
    /// See `slot_age_base`.
    pub(super) slot_age_since: Vec<f64>,
    /// When each shock process's pending strike is due (∞: recovering): a strike queued for
    /// another time is superseded (rare-method branches reschedule strikes).
    pub(super) shock_due: Vec<f64>,
    /// When each shock process's time to its next strike began (its clock's age).
    pub(super) shock_since: Vec<f64>,
    /// Rare-method branches only (0 elsewhere): the least probability of a failed
    /// switchover or start, and of a shock reaching an instance.
    pub(super) switchover_bias: f64,
    /// See `switchover_bias`.
    pub(super) reach_bias: f64,
    /// Log likelihood ratio of the biased choices made in handlers since the branch last
    /// read it.
    pub(super) ln_lr: f64,
    /// Role of each instance in its failover group (unused outside groups).
    pub(super) role: Vec<Role>,
    /// Generation of each instance's pending failover event.
    pub(super) role_generation: Vec<u32>,
    /// State of each failover group.
    pub(super) groups: Vec<GroupState>,
    /// Instances back from repair, as standbys, while a switchover fills an empty position
    /// of their group: they stand in if it fails.
    pub(super) came_back: Vec<bool>,
    pub(super) now: f64,
    /// What the event being handled is attributed to.
    pub(super) cause: u32,
    outage: OutageTracker,
    /// What every trial run by this simulator adds up to.
    pub(super) tally: Tally,
    /// Where a rare-method main run counts what happens after its horizon (it runs on to
    /// the end of the steady window): a tally never read, swapped in by
    /// [`Simulator::close_books_at`] and out by [`Simulator::reopen_books`].
    after_horizon: Option<Tally>,
    /// Whether `tally` is the set-aside one now.
    books_closed: bool,
    /// Each data set's settings.
    pub(super) data_defs: Vec<&'m DataSet>,
    /// Each data set's backups and damage.
    pub(super) data_state: Vec<DataState>,
    /// How far back each data set's backup history is generated at reset.
    pub(super) data_lookback: Vec<f64>,
    /// Every backup schedule, flattened.
    pub(super) backup_schedules: Vec<ScheduleRef>,
    /// The backup each schedule is writing, if any.
    pub(super) backup_in_flight: Vec<Option<InFlight>>,
    /// Scratch for the backup history generated at reset.
    pub(super) backup_history: Vec<(f64, usize)>,
    /// The disaster each data set is recovering from, if any.
    pub(super) recovering: Vec<Option<u32>>,
    /// The random origin of each data set's backup schedules this trial.
    pub(super) data_phase: Vec<f64>,
    /// Watched failure modes down, per replicas disaster and replica.
    pub(super) replica_lost: Vec<u16>,
    /// Replicas still holding the data, per disaster (replicas disasters).
    pub(super) replicas_holding: Vec<u32>,
    /// Whether any failure mode can bring about a replicas disaster.
    pub(super) has_watchers: bool,
    /// Stripes, fragments and rebuilds of data sets with durability.
    pub(super) durability: DurabilityRun<'m>,
    /// How windows are judged.
    pub(super) sla: &'m crate::model::Sla,
    /// Hours per SLA window.
    pub(super) sla_window: f64,
    /// The windows' availability objective.
    pub(super) sla_objective: f64,
    /// Downtime per whole SLA window of the trial.
    pub(super) window_downtime: Vec<f64>,
    /// Whether planned downtime is left out of availability.
    pub(super) exclude_planned: bool,
    /// A component held up or down, for importance measures.
    pub(super) force: Option<Force>,
    /// Whether the model has failover groups (plain models skip their lookups).
    pub(super) has_groups: bool,
    /// Whether the model has balanced groups (plain models skip their lookups).
    pub(super) has_balanced: bool,
    /// Every change of the trial, when tracing one trial for its timeline.
    pub(super) trace: Option<Box<Trace>>,
    /// Demand against capacity, when the model has `[load]`.
    pub(super) load: Option<Box<LoadRun>>,
    /// Groups whose need follows demand, when the model has any.
    pub(super) peak: Option<Box<PeakNeeds>>,
    /// Each inspection schedule's settings, by schedule index (engine::inspection).
    pub(super) inspection_defs: Vec<&'m Inspection>,
    /// Whether the clocks of components that do not age while the service is down are
    /// stopped now (engine::ageing).
    pub(super) age_paused: bool,
    /// Operational phases, when the model has any (engine::phases).
    pub(super) phases: Option<Box<PhaseRun>>,
    /// Each slot's failure clock speed factor in the phase holding now (1 without phases).
    pub(super) phase_speed: Vec<f64>,
    /// Each mode's repair time factor in the phase holding now (1 without phases).
    pub(super) repair_factor: Vec<f64>,
    /// Each structure node's threshold now: the layout's, but a phase may change a
    /// component's `need`.
    pub(super) node_threshold: Vec<u32>,
}

impl<'m> Simulator<'m> {
    /// A simulator for `model`, with storage sized for it.
    pub fn new(model: &'m Model) -> Simulator<'m> {
        Simulator::with_force(model, None)
    }

    /// A simulator that holds one component up or down throughout every trial.
    pub fn with_force(model: &'m Model, force: Option<Force>) -> Simulator<'m> {
        let layout = &model.layout;
        let slots = layout.slot_count();
        let instances = layout.instance_count();
        let group_failover = layout
            .groups
            .iter()
            .map(|g| {
                model.components[g.component as usize]
                    .failover
                    .as_ref()
                    .expect("a group's component has failover settings")
            })
            .collect();
        let shock_defs = layout
            .shocks
            .iter()
            .map(|k| &model.components[k.component as usize].shocks[k.index as usize])
            .collect();
        let maintenance_defs = layout
            .maintenance
            .iter()
            .map(|m| {
                model.components[m.component as usize]
                    .maintenance
                    .as_ref()
                    .expect("a schedule's component has maintenance settings")
            })
            .collect();
        let backup_schedules = schedule_refs(&model.data);
        let data_lookback: Vec<f64> = model
            .data
            .iter()
            .map(|d| {
                // mutants: equivalent because `*` (a longer lookback) only adds backups that
                // expired before the trial, which are dropped: the same backups are held (their
                // success draws move the random stream, not its distribution).
                d.backups
                    .iter()
                    .map(|b| b.retention + b.every)
                    .fold(0.0, f64::max)
            })
            .collect();
        let history_capacity: usize = model
            .data
            .iter()
            .zip(&data_lookback)
            .map(|(d, lookback)| {
                d.backups
                    .iter()
                    .map(|b| history_len(*lookback, b.every))
                    .sum::<usize>()
            })
            .sum();
        let durability = DurabilityRun::new(model);
        let devices = durability.device_count();
        let data_state = model
            .data
            .iter()
            .zip(&data_lookback)
            .map(|(d, &lookback)| DataState::for_data_set(d, lookback))
            .collect();
        Simulator {
            layout,
            group_failover,
            data_defs: model.data.iter().collect(),
            data_state,
            data_lookback,
            backup_in_flight: vec![None; backup_schedules.len()],
            backup_schedules,
            backup_history: Vec::with_capacity(history_capacity),
            recovering: vec![None; model.data.len()],
            data_phase: vec![0.0; model.data.len()],
            replica_lost: vec![0; layout.lost_counters],
            replicas_holding: vec![0; layout.disasters.len()],
            // mutants: equivalent because `>=` (always true) only stops skipping the
            // watcher lookup: without a replicas disaster no mode has a watcher to visit.
            has_watchers: layout.lost_counters > 0,
            durability,
            sla: &model.sla,
            sla_window: model.sla.window,
            sla_objective: model.sla.objective.unwrap_or(model.settings.target),
            window_downtime: vec![
                0.0;
                (model.settings.horizon / model.sla.window + 1e-9).floor()
                    as usize
            ],
            exclude_planned: model.settings.exclude_planned,
            shock_defs,
            maintenance_defs,
            shock_hit: vec![false; layout.shock_hit_flags],
            maintenance_holding: 0,
            maintenance_cursor: vec![0; layout.maintenance.len()],
            maintenance_running: vec![false; layout.maintenance.len()],
            request_up_children: layout.node_children.clone(),
            served: 1.0,
            served_since: 0.0,
            served_hours: 0.0,
            rotation: vec![RotationState::default(); layout.balanced.len()],
            in_rotation: vec![false; instances],
            rotation_generation: vec![0; instances],
            check_phase: vec![0.0; instances],
            horizon: model.settings.horizon,
            seed: model.settings.seed,
            queue: EventQueue::with_capacity(
                slots
                    + 2 * instances
                    + layout.groups.len()
                    + layout.shocks.len()
                    + 2 * layout.maintenance.len()
                    + if layout.balanced.is_empty() {
                        0
                    } else {
                        instances
                    }
                    + devices
                    + 2 * layout.inspection.schedules.len()
                    + 2,
            ),
            sampler: Sampler::for_trial(model.settings.seed, 0),
            down_modes: vec![0; instances],
            deps_down: vec![0; instances],
            node_up_children: layout.node_children.clone(),
            repairs: CrewState::new(model),
            slot_generation: vec![0; slots],
            slot_down: vec![false; slots],
            slot_latent: vec![false; slots],
            slot_speed: layout.slot_initial_speed.clone(),
            slot_fail_at: vec![0.0; slots],
            slot_age_left: vec![0.0; slots],
            slot_born: vec![0.0; slots],
            slot_age_base: vec![0.0; slots],
            slot_age_since: vec![0.0; slots],
            shock_due: vec![f64::INFINITY; layout.shocks.len()],
            shock_since: vec![0.0; layout.shocks.len()],
            switchover_bias: 0.0,
            reach_bias: 0.0,
            ln_lr: 0.0,
            role: vec![Role::Active; instances],
            role_generation: vec![0; instances],
            groups: vec![GroupState::default(); layout.groups.len()],
            came_back: vec![false; instances],
            now: 0.0,
            cause: 0,
            outage: OutageTracker::default(),
            tally: Tally::new(layout.causes.len(), model.data.len()),
            after_horizon: None,
            books_closed: false,
            force,
            has_groups: !layout.groups.is_empty(),
            has_balanced: !layout.balanced.is_empty(),
            trace: None,
            load: LoadRun::for_model(model),
            peak: PeakNeeds::for_model(model),
            inspection_defs: super::inspection::defs(model),
            age_paused: false,
            phases: PhaseRun::for_model(model),
            phase_speed: vec![1.0; slots],
            repair_factor: vec![1.0; layout.modes.len()],
            node_threshold: layout.node_threshold.clone(),
        }
        .with_phase_tally()
    }

    /// Sizes the tally's per-phase sums for the model's phases.
    fn with_phase_tally(mut self) -> Self {
        if let Some(run) = &self.phases {
            self.tally.phases = crate::stats::PhaseTally::new(run.count());
        }
        self
    }

    /// Becomes a copy of `other`'s trial state at this instant (the rare-event method branches
    /// from it), reusing this simulator's storage: `clone_from` on every per-trial vector. A
    /// field added to the simulator's per-trial state must be copied here too.
    pub(super) fn clone_state_from(&mut self, other: &Simulator<'m>) {
        self.shock_hit.clone_from(&other.shock_hit);
        self.maintenance_holding = other.maintenance_holding;
        self.maintenance_cursor
            .clone_from(&other.maintenance_cursor);
        self.maintenance_running
            .clone_from(&other.maintenance_running);
        self.request_up_children
            .clone_from(&other.request_up_children);
        self.served = other.served;
        self.served_since = other.served_since;
        self.served_hours = other.served_hours;
        self.rotation.clone_from(&other.rotation);
        self.in_rotation.clone_from(&other.in_rotation);
        self.rotation_generation
            .clone_from(&other.rotation_generation);
        self.check_phase.clone_from(&other.check_phase);
        self.horizon = other.horizon;
        self.queue.copy_from(&other.queue);
        self.sampler.clone_from(&other.sampler);
        self.down_modes.clone_from(&other.down_modes);
        self.deps_down.clone_from(&other.deps_down);
        self.node_up_children.clone_from(&other.node_up_children);
        self.repairs.copy_state_from(&other.repairs);
        self.slot_generation.clone_from(&other.slot_generation);
        self.slot_down.clone_from(&other.slot_down);
        self.slot_latent.clone_from(&other.slot_latent);
        self.slot_speed.clone_from(&other.slot_speed);
        self.slot_fail_at.clone_from(&other.slot_fail_at);
        self.slot_age_left.clone_from(&other.slot_age_left);
        self.slot_born.clone_from(&other.slot_born);
        self.slot_age_base.clone_from(&other.slot_age_base);
        self.slot_age_since.clone_from(&other.slot_age_since);
        self.shock_due.clone_from(&other.shock_due);
        self.shock_since.clone_from(&other.shock_since);
        self.role.clone_from(&other.role);
        self.role_generation.clone_from(&other.role_generation);
        self.groups.clone_from(&other.groups);
        self.came_back.clone_from(&other.came_back);
        self.now = other.now;
        self.cause = other.cause;
        self.outage.clone_from(&other.outage);
        self.data_state.clone_from(&other.data_state);
        self.backup_in_flight.clone_from(&other.backup_in_flight);
        self.backup_history.clone_from(&other.backup_history);
        self.recovering.clone_from(&other.recovering);
        self.data_phase.clone_from(&other.data_phase);
        self.replica_lost.clone_from(&other.replica_lost);
        self.replicas_holding.clone_from(&other.replicas_holding);
        self.window_downtime.clone_from(&other.window_downtime);
        self.durability.copy_state_from(&other.durability);
        self.peak.clone_from(&other.peak);
        self.age_paused = other.age_paused;
        self.phases.clone_from(&other.phases);
        self.phase_speed.clone_from(&other.phase_speed);
        self.repair_factor.clone_from(&other.repair_factor);
        self.node_threshold.clone_from(&other.node_threshold);
        self.copy_load_view_from(other);
    }

    /// A slot's age now, in its failure law's time (slower while a standby idles, still
    /// while paused with the service down).
    #[inline]
    pub(super) fn slot_age(&self, slot: usize) -> f64 {
        self.slot_age_base[slot] + self.clock_speed(slot) * (self.now - self.slot_age_since[slot])
    }

    /// Supersedes a slot's pending failure (a rare-method branch decides it window by
    /// window): its next failure is at `at`, ∞ if none is queued, as a change of speed will
    /// see it.
    pub(super) fn supersede_failure(&mut self, slot: usize, at: f64) {
        self.slot_generation[slot] = wrap_generation(self.slot_generation[slot] + 1);
        self.slot_fail_at[slot] = at;
    }

    /// Whether the service is up now.
    #[inline]
    pub(super) fn service_up(&self) -> bool {
        let root = self.layout.root as usize;
        self.node_up_children[root] >= self.node_threshold[root]
    }

    /// Outages of the service begun before now (one begun at this very instant not counted).
    pub(super) fn outages_before_now(&self) -> u32 {
        let begun_now = self.outage.down_since == Some(self.now);
        self.outage.record.outages - u32::from(begun_now)
    }

    /// The trial's downtime, outages and longest outage as they stand at `at` (now or later,
    /// before the next event), an outage under way counted up to `at`: the rare method's
    /// main run reads its plain record at the horizon this way and runs on past it.
    pub(super) fn record_at(&self, at: f64) -> TrialRecord {
        let mut record = self.outage.record;
        if let Some(since) = self.outage.down_since {
            // The outage as `OutageTracker::end` would close it at `at`.
            self.outage.close_into(&mut record, since, at);
        }
        record.served = at - record.downtime;
        record
    }

    /// What the trials run so far add up to (outage durations, causes, events).
    pub fn into_tally(self) -> Tally {
        self.tally
    }

    /// The last trial's downtime in each phase, in hours (empty without phases).
    pub fn phase_downtime(&self) -> &[f64] {
        self.phases.as_ref().map_or(&[], |run| run.trial_downtime())
    }

    /// What the trials run so far add up to, borrowed (checkpoints of a run going on).
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Holds a component up or down (or nothing) from the next trial on; importance runs
    /// reuse one simulator for every component this way.
    pub fn set_force(&mut self, force: Option<Force>) {
        self.force = force;
    }

    /// Simulates trial number `trial` from all-new, all-up to the horizon, adding its outages
    /// and events to the simulator's tally.
    pub fn run(&mut self, trial: u64) -> TrialRecord {
        self.start_trial(trial);
        let mut events = 0u64;
        while let Some((time, event)) = self.queue.pop_until(self.horizon) {
            self.now = time;
            let handled = self.handle(event);
            events += u64::from(handled);
        }
        self.end_outage(self.horizon);
        self.record_phases();
        self.tally.events += events;
        self.tally.end_trial();
        let (windows_breached, credit) = self.judge_windows();
        let mut record = self.outage.record;
        record.windows_breached = windows_breached;
        record.credit = credit;
        record.served = if self.tracks_requests() {
            self.close_served(self.horizon)
        } else {
            // Without balanced groups a request is served exactly while the service is up.
            self.horizon - record.downtime
        };
        record
    }

    /// Handles one popped event; false when it was stale (a superseded failure or failover)
    /// and changed nothing.
    #[inline(always)]
    pub(super) fn handle(&mut self, event: Event) -> bool {
        match event {
            Event::Fail { slot, generation } => self.fail(slot, generation),
            Event::Repaired(slot) => self.repaired(slot),
            Event::FailoverDone {
                instance,
                generation,
            } => self.failover_done(instance as usize, generation),
            Event::ManualFailover { group, generation } => {
                self.manual_failover(group as usize, generation)
            }
            Event::ShockStrikes(shock) => self.shock_strikes(shock as usize),
            Event::ShockRecovered(shock) => self.shock_recovered(shock as usize),
            Event::MaintenanceWindow(schedule) => self.maintenance_window(schedule as usize),
            Event::MaintenanceStep(schedule) => self.maintenance_step(schedule as usize),
            Event::MaintenanceEnd { schedule, instance } => {
                self.maintenance_end(schedule as usize, instance)
            }
            Event::BackendOut {
                instance,
                generation,
            } => self.backend_out(instance as usize, generation),
            Event::BackendIn {
                instance,
                generation,
            } => self.backend_in(instance as usize, generation),
            Event::BackupStart(schedule) => self.backup_start(schedule as usize),
            Event::BackupEnd(schedule) => self.backup_end(schedule as usize),
            Event::DisasterStrikes(disaster) => self.disaster_strikes(disaster as usize),
            Event::RestoreBegin(disaster) => self.restore_begin(disaster as usize),
            Event::RestoreDone(disaster) => self.restore_done(disaster as usize),
            Event::FragmentRebuilt(device) => self.fragment_rebuilt(device as usize),
            Event::NeedCheck(group) => self.peak_need_check(group as usize),
            Event::InspectionBegins(schedule) => self.inspection_begins(schedule as usize),
            Event::InspectionEnds(schedule) => self.inspection_ends(schedule as usize),
            Event::PhaseChange(stretch) => self.phase_change(stretch as usize),
        }
    }

    /// Puts the simulator at the start of trial `trial`: its stream, all new, all up.
    pub(super) fn start_trial(&mut self, trial: u64) {
        self.sampler = Sampler::for_trial(self.seed, trial);
        self.reset();
    }

    fn reset(&mut self) {
        let layout = self.layout;
        if let Some(trace) = &mut self.trace {
            **trace = Trace::default();
        }
        self.down_modes.fill(0);
        self.deps_down.fill(0);
        self.node_up_children.copy_from_slice(&layout.node_children);
        self.repairs.reset();
        self.queue.clear();
        self.now = 0.0;
        self.outage = OutageTracker::default();
        self.window_downtime.fill(0.0);
        self.slot_generation.fill(0);
        self.slot_down.fill(false);
        self.slot_latent.fill(false);
        self.slot_speed.copy_from_slice(&layout.slot_initial_speed);
        self.reset_phases();
        self.reset_groups();
        self.shock_hit.fill(false);
        self.maintenance_running.fill(false);
        self.maintenance_holding = 0;
        self.age_paused = false;
        let forced = self.force.map(|f| {
            let first = layout.component_first_instance[f.component] as usize;
            let slots = layout.instance_first_slot[first] as usize
                ..layout.instance_first_slot[first + f.component_count(layout)] as usize;
            (f, first, slots)
        });
        for slot in 0..layout.slot_count() {
            let life = self.draw_life(slot);
            if forced
                .as_ref()
                .is_some_and(|(_, _, slots)| slots.contains(&slot))
            {
                // A forced component's clocks never run; the draw keeps the other
                // components' random streams aligned with the unforced run. Its clock is
                // marked as never due, so that a change of speed (a standby's role, a pause
                // of ageing) cannot restart it from the last trial's due time.
                self.slot_fail_at[slot] = f64::INFINITY;
                self.slot_age_left[slot] = f64::INFINITY;
                continue;
            }
            self.start_clock(slot, life);
        }
        self.schedule_common_causes();
        self.schedule_inspections();
        if !self.data_defs.is_empty() {
            self.reset_data();
        }
        if self.durability.active() {
            self.reset_durability();
        }
        if self.tracks_requests() {
            self.reset_balancing();
        }
        self.reset_peak_need();
        if let Some((force, first, _)) = forced {
            if !force.up {
                for instance in first..first + force.component_count(layout) {
                    // mutants: equivalent because `&&` → `||` changes nothing here: every
                    // count was zeroed above and nothing is down yet but the forced instances,
                    // none of which depends on another, so both conditions hold.
                    self.down_modes[instance] += 1;
                    if self.down_modes[instance] == 1 && self.deps_down[instance] == 0 {
                        self.instance_changed(instance, false);
                    }
                }
            }
        }
    }

    /// A fresh life (in age) for a slot.
    #[inline(always)]
    pub(super) fn draw_life(&mut self, slot: usize) -> f64 {
        self.slot_born[slot] = self.now;
        self.slot_age_base[slot] = 0.0;
        self.slot_age_since[slot] = self.now;
        let mode = self.layout.slot_mode[slot] as usize;
        let own = &self.layout.modes[mode].failure;
        // A phase may put another law in place of the mode's own.
        let law = self
            .phases
            .as_deref()
            .and_then(|run| run.failure_law(mode))
            .unwrap_or(own);
        self.sampler.time(law)
    }

    /// Starts a slot's failure clock with `life` to go at its current speed.
    #[inline(always)]
    pub(super) fn start_clock(&mut self, slot: usize, life: f64) {
        let speed = self.clock_speed(slot);
        if speed > 0.0 {
            // Nearly every clock runs at full speed: skip the division for those.
            let at = self.now + if speed == 1.0 { life } else { life / speed };
            self.slot_fail_at[slot] = at;
            self.queue.push(
                at,
                Event::Fail {
                    slot: slot as u32,
                    generation: self.slot_generation[slot],
                },
            );
        } else {
            self.slot_age_left[slot] = life;
        }
    }

    /// Changes the speed of a slot's failure clock, keeping the age it has left.
    pub(super) fn set_clock_speed(&mut self, slot: usize, speed: f64) {
        let old = self.clock_speed(slot);
        if self.slot_speed[slot] != speed {
            // The rare method reads ages: keep each slot's age current across speed changes.
            self.slot_age_base[slot] = self.slot_age(slot);
            self.slot_age_since[slot] = self.now;
        }
        self.slot_speed[slot] = speed;
        self.retime(slot, old);
    }

    /// Whether a slot's clock never runs (a forced component's): its due time, or the age
    /// it has left while stopped, is infinite.
    pub(super) fn clock_never_runs(&self, slot: usize) -> bool {
        if self.clock_speed(slot) > 0.0 {
            self.slot_fail_at[slot].is_infinite()
        } else {
            self.slot_age_left[slot].is_infinite()
        }
    }

    /// Supersedes a slot's pending failure: `life` (in age) is left from now.
    pub(super) fn restart_clock(&mut self, slot: usize, life: f64) {
        self.slot_generation[slot] = wrap_generation(self.slot_generation[slot] + 1);
        self.start_clock(slot, life);
    }

    /// Reschedules a slot's pending failure after its clock's speed changed from `old`.
    pub(super) fn retime(&mut self, slot: usize, old: f64) {
        if old == self.clock_speed(slot) || self.slot_down[slot] {
            // The next life is drawn at repair, at the speed of that moment.
            return;
        }
        let life_left = if old > 0.0 {
            (self.slot_fail_at[slot] - self.now) * old
        } else {
            self.slot_age_left[slot]
        };
        if life_left.is_infinite() {
            // A clock that never runs (a forced component's) stays stopped.
            return;
        }
        self.restart_clock(slot, life_left);
    }

    #[inline(always)]
    fn fail(&mut self, slot: u32, generation: u32) -> bool {
        let s = slot as usize;
        if generation != self.slot_generation[s] {
            return false;
        }
        let hidden = self.goes_unnoticed(s);
        self.cause = self.failure_cause(s, hidden);
        self.fail_slot(s, hidden);
        true
    }

    /// A slot fails now, with `self.cause` set: unnoticed (`hidden`: no repair until
    /// found) or asking for a crew.
    #[inline(always)]
    pub(super) fn fail_slot(&mut self, s: usize, hidden: bool) {
        let layout = self.layout;
        let instance = layout.slot_instance[s] as usize;
        self.slot_down[s] = true;
        // Set before the instance changes, so that its failover group sees the fault hidden.
        self.slot_latent[s] = hidden;
        self.down_modes[instance] += 1;
        if self.down_modes[instance] == 1 && self.deps_down[instance] == 0 {
            self.instance_changed(instance, false);
        }
        if !hidden {
            self.request_repair(s as u32);
        }
        if self.has_watchers {
            self.replica_copy_changed(layout.slot_mode[s] as usize, instance, true);
        }
        if self.durability.active() {
            self.destroy_fragments(s);
        }
    }

    #[inline(always)]
    fn repaired(&mut self, slot: u32) -> bool {
        if !self.repair_is_current(slot) {
            // The completion of a repair interrupted by preemption.
            return false;
        }
        let layout = self.layout;
        let s = slot as usize;
        let instance = layout.slot_instance[s] as usize;
        self.cause = layout.slot_mode[s];
        self.down_modes[instance] -= 1;
        if self.down_modes[instance] == 0 && self.deps_down[instance] == 0 {
            // The slot still counts as down here, so a role change only records the speed
            // its new clock will run at; the clock starts below, once.
            self.instance_changed(instance, true);
        }
        self.slot_down[s] = false;
        if self.has_watchers {
            self.replica_copy_changed(layout.slot_mode[s] as usize, instance, false);
        }
        let life = self.draw_life(s);
        self.start_clock(s, life);
        self.crew_released(slot);
        true
    }

    /// Whether an instance is up: none of its modes failed, none of its dependencies down.
    #[inline]
    pub(super) fn is_available(&self, instance: usize) -> bool {
        self.down_modes[instance] == 0 && self.deps_down[instance] == 0
    }

    /// An instance became available (`up`) or unavailable to its component and dependents.
    pub(super) fn instance_changed(&mut self, instance: usize, up: bool) {
        let layout = self.layout;
        if self.trace.is_some() {
            self.trace_instance(instance, up);
        }
        let group = if self.has_groups {
            layout.instance_group[instance]
        } else {
            NO_GROUP
        };
        if group == NO_GROUP {
            self.component_changed(layout.instance_component[instance], up);
        } else {
            self.group_instance_changed(group as usize, instance, up);
        }
        if self.has_balanced {
            let balanced = layout.instance_balanced[instance];
            if balanced != NO_GROUP {
                self.backend_changed(balanced as usize, instance, up);
            }
        }
        for &dependent in layout.dependents.of(instance) {
            let d = dependent as usize;
            if up {
                self.deps_down[d] -= 1;
                if self.deps_down[d] == 0 && self.down_modes[d] == 0 {
                    self.instance_changed(d, true);
                }
            } else {
                self.deps_down[d] += 1;
                if self.deps_down[d] == 1 && self.down_modes[d] == 0 {
                    self.instance_changed(d, false);
                }
            }
        }
    }

    /// Records an instance's change in the trace; kept out of line, off the hot path.
    #[cold]
    #[inline(never)]
    fn trace_instance(&mut self, instance: usize, up: bool) {
        if let Some(trace) = &mut self.trace {
            trace.instances.push(InstanceChange {
                time: self.now,
                instance: instance as u32,
                up,
                cause: self.cause,
            });
        }
    }

    /// Records the service going up or down in the trace.
    #[cold]
    #[inline(never)]
    fn trace_service(&mut self, up: bool) {
        if let Some(trace) = &mut self.trace {
            trace.service.push(ServiceFlip { time: self.now, up });
        }
    }

    /// Ends the service's outage at `now`, accounting it to its SLA windows (planned downtime
    /// only when it counts).
    fn end_outage(&mut self, now: f64) {
        if let Some((since, planned_end)) = self.outage.end(now, &mut self.tally) {
            let counted_from = if self.exclude_planned {
                planned_end
            } else {
                since
            };
            self.account_windows(counted_from, now);
            self.account_phases(since, counted_from, now);
        }
    }

    /// The event being handled (a disaster: data lost) takes over the outage under way, if
    /// any: its downtime from now on counts to this event's cause, and is unplanned.
    pub(super) fn take_over_outage(&mut self) {
        let outage = &mut self.outage;
        if outage.down_since.is_some() {
            outage.downtime_cause = self.cause;
            outage.cause_since = self.now;
            outage.planned_until = outage.planned_until.min(self.now);
        }
    }

    /// When the planned part of the outage under way (or of the last one, once it ended)
    /// ends: −∞ for an unplanned outage, else the instant maintenance stopped holding it
    /// (∞ while it still does). The rare method's branches leave that part out with
    /// `exclude_planned`, as [`OutageTracker::end`] does.
    pub(super) fn planned_until(&self) -> f64 {
        if self.outage.planned {
            self.outage.planned_until
        } else {
            f64::NEG_INFINITY
        }
    }

    /// Closes the trial's books at `at` (its horizon) while the run goes on: the outage under
    /// way counts up to `at`, as a plain trial ending there counts it, and what follows goes
    /// to a tally never read until [`Simulator::reopen_books`]. The rare method's main runs
    /// go on past the horizon to the end of the steady window; without this their plain
    /// figures (outage durations, causes, data losses) would count that time too.
    pub(super) fn close_books_at(&mut self, at: f64) {
        if self.books_closed {
            return;
        }
        self.books_closed = true;
        if let Some(since) = self.outage.down_since.filter(|&since| at > since) {
            self.outage.count_into(since, at, &mut self.tally);
        }
        // A copy only to have a tally of the same shape: what it holds is never read.
        let after = self.after_horizon.get_or_insert_with(|| self.tally.clone());
        std::mem::swap(&mut self.tally, after);
    }

    /// Takes back the tally [`Simulator::close_books_at`] set aside, if it did.
    pub(super) fn reopen_books(&mut self) {
        if !std::mem::take(&mut self.books_closed) {
            return;
        }
        if let Some(after) = self.after_horizon.as_mut() {
            std::mem::swap(&mut self.tally, after);
            // Its per-trial parts are folded away so that they do not grow from trial to trial.
            after.end_trial();
        }
    }

    /// What the downtime of the outage under way counts to now, if one is under way.
    pub(super) fn outage_downtime_cause(&self) -> Option<u32> {
        self.outage.down_since.map(|_| self.outage.downtime_cause)
    }

    /// No maintenance holds anything down any more: a planned outage still going on is the
    /// doing of what failed meanwhile, and unplanned from now.
    pub(super) fn planned_cause_ended(&mut self) {
        let outage = &mut self.outage;
        // mutants: equivalent because `>` → `>=` only adds the case `planned_until == now`,
        // where the assignment below writes the value already there.
        if outage.down_since.is_some() && outage.planned && outage.planned_until > self.now {
            outage.planned_until = self.now;
        }
    }

    /// One child of `node` went up or down; the service's outage tracking hears of a flip of
    /// the root.
    pub(super) fn node_child_changed(&mut self, node: NodeId, up: bool) {
        let layout = self.layout;
        let flip = propagate(
            &mut self.node_up_children,
            &self.node_threshold,
            &layout.node_parents,
            layout.root,
            node,
            up,
        );
        self.service_flipped(flip);
    }

    /// The service's outage tracking hears of a flip of the root, if any.
    pub(super) fn service_flipped(&mut self, flip: Option<bool>) {
        let layout = self.layout;
        match flip {
            Some(true) => self.end_outage(self.now),
            Some(false) => {
                let planned = layout.causes[self.cause as usize].planned;
                self.outage.begin(self.now, self.cause, planned);
            }
            None => {}
        }
        if let (Some(up), true) = (flip, self.trace.is_some()) {
            self.trace_service(up);
        }
        if let (Some(up), true) = (flip, layout.inspection.any_pausable) {
            self.ageing_follows_service(up);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Simulator;
    use crate::engine::queue::Event;

    /// One server: fixed life 100 h (its first failure is due at 100 h), fixed repair 10 h,
    /// over 200 h. Fixed lives make every due time below exact; the rare method forces only
    /// clocks of a continuous law, but a branch's books do not depend on the law.
    const SERVER: &str = r#"
[simulation]
horizon = "200h"
[components.server]
failure = { dist = "fixed", value = "100h" }
repair = { dist = "fixed", value = "10h" }
[system]
all = ["server"]
"#;

    /// Handles every event due up to the horizon, as `Simulator::run` does, and returns the
    /// service's flips as (time, up).
    fn run_to_horizon(sim: &mut Simulator) -> Vec<(f64, bool)> {
        while let Some((time, event)) = sim.queue.pop_until(sim.horizon) {
            sim.now = time;
            sim.handle(event);
        }
        let trace = sim.trace.as_ref().expect("traced");
        trace.service.iter().map(|f| (f.time, f.up)).collect()
    }

    fn server() -> crate::model::Model {
        crate::scenario::parse(SERVER, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles")
    }

    fn traced(model: &crate::model::Model) -> Simulator<'_> {
        let mut sim = Simulator::new(model);
        sim.trace = Some(Box::default());
        sim.start_trial(0);
        sim
    }

    /// What the rare method's `open_window` does to a clock on the cut at 0 h: supersedes
    /// its pending failure, then forces one at `at`.
    fn force_at(sim: &mut Simulator, at: f64) {
        sim.supersede_failure(0, f64::INFINITY);
        sim.supersede_failure(0, at);
        let generation = sim.slot_generation[0];
        sim.queue.push(
            at,
            Event::Fail {
                slot: 0,
                generation,
            },
        );
    }

    /// A rare-method branch, by hand, on the server's clock: a window opening at 0 h
    /// supersedes the natural failure due at 100 h and forces one at 30 h; an event at 10 h
    /// halves the clock's speed (the forced failure moves to 10 + 20 / 0.5 = 50 h); the
    /// window opening then supersedes that and decides no failure. Nothing may fail before
    /// 200 h: every failure queued was superseded. Without the supersession the forced
    /// failure (50 h) or, with a generation stepped back instead of on, the first forced
    /// one (30 h) comes up current again; without its due time, the speed change restarts
    /// the natural clock (10 + 90 / 0.5 = 190 h).
    #[test]
    fn a_superseded_failure_never_comes_up() {
        let model = server();
        let mut sim = traced(&model);
        force_at(&mut sim, 30.0);
        assert!(sim.queue.pop_until(10.0).is_none());
        sim.now = 10.0;
        sim.set_clock_speed(0, 0.5);
        sim.supersede_failure(0, f64::INFINITY);
        assert_eq!(run_to_horizon(&mut sim), []);
        assert_eq!(sim.record_at(200.0).outages, 0);
    }

    /// The rare method biases a clock by its age: a clock slowed to half speed at 10 h has
    /// aged 10 + 20 / 2 = 20 h at 30 h, and a "change" to the speed it has changes nothing.
    #[test]
    fn a_slowed_clock_keeps_the_age_it_reached() {
        let model = server();
        let mut sim = traced(&model);
        sim.now = 10.0;
        sim.set_clock_speed(0, 0.5);
        sim.now = 30.0;
        assert_eq!(sim.slot_age(0), 20.0);
        sim.set_clock_speed(0, 0.5);
        sim.now = 40.0;
        assert_eq!(sim.slot_age(0), 25.0);
    }

    /// The failure a window forces is the clock's only one: forced at 30 h, the server is
    /// down 30-40 h, then lives its fixed 100 h (down again 140-150 h). The natural failure
    /// due at 100 h, superseded, must not come up between.
    #[test]
    fn a_forced_failure_replaces_the_natural_one() {
        let model = server();
        let mut sim = traced(&model);
        force_at(&mut sim, 30.0);
        assert_eq!(
            run_to_horizon(&mut sim),
            [(30.0, false), (40.0, true), (140.0, false), (150.0, true)]
        );
    }
}
