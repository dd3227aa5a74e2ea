//! Runs trials of a model on a rayon thread pool, in batches of a fixed size in trial-index
//! order.
//!
//! Determinism: each trial's random stream depends only on (seed, trial index), each
//! batch's records land at their own index and are handed on in index order, and the only
//! quantities merged across threads are integer counts (histograms, event totals, downtime
//! by cause in nanoseconds), whose sum does not depend on the order of merging. So results
//! are identical for any thread count, and a run stopped after k batches equals a run of
//! that many trials.
//!
//! Memory: only one batch of records is held at a time; whatever outlives a batch is folded
//! into accumulators ([`TrialStats`]) or written out by the caller.

use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use super::trial::{Force, Simulator, TrialRecord};
use crate::error::Error;
use crate::model::Model;
use crate::stats::{precise_enough, StopReason, StopRule, Tally, TrialStats};

/// Trials handed to a worker at a time: large enough to amortise scheduling, small enough to
/// balance two cores on short runs.
const CHUNK: usize = 64;

/// Trials per batch. Fixed, whatever the trial count or thread count, so that stopping
/// between batches gives the same trials as a fixed count would: a precision run stops at a
/// multiple of it (or at its budget). 16,384 records are 800 KB.
pub const BATCH: u64 = 16_384;

/// Everything a run produces, folded: its size does not depend on the number of trials.
#[derive(Debug)]
pub struct RunOutput {
    /// What the summary needs from the per-trial records.
    pub stats: TrialStats,
    /// Counts merged over all trials.
    pub tally: Tally,
    /// Wall-clock time of the simulation, in seconds.
    pub wall_seconds: f64,
    /// The rule the run was stopped by.
    pub rule: StopRule,
    /// Why the run stopped.
    pub stopped: StopReason,
}

/// Simulates every trial of `model` on `threads` threads (0: one per core). `progress` is
/// called with the number of trials just finished, from worker threads.
pub fn simulate(
    model: &Model,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunOutput, Error> {
    simulate_until(
        model,
        threads,
        &StopRule::fixed(model.settings.trials),
        progress,
        &mut |_, _| {},
    )
}

/// Simulates trials of `model` in batches until `rule` says stop; `each_batch` sees every
/// batch's records in trial order (to write them out) before the next batch runs.
pub fn simulate_until(
    model: &Model,
    threads: usize,
    rule: &StopRule,
    progress: &(dyn Fn(u64) + Sync),
    each_batch: &mut dyn FnMut(u64, &[TrialRecord]),
) -> Result<RunOutput, Error> {
    simulate_from(
        model,
        threads,
        rule,
        Start::new(model),
        progress,
        &mut |first, records, _| {
            each_batch(first, records);
            Ok(())
        },
    )
}

/// Where a run starts: trial 0 with nothing folded, or the state of an earlier part of the
/// run (a checkpoint being resumed, or the start of a shard).
#[derive(Debug)]
pub struct Start {
    /// Index of the first trial to run: a multiple of [`BATCH`].
    pub first: u64,
    /// What the trials before `first` folded into (nothing, for a shard).
    pub stats: TrialStats,
    /// Their counts.
    pub tally: Tally,
    /// Seconds already spent on them.
    pub wall_seconds: f64,
}

impl Start {
    /// A run from trial 0.
    pub fn new(model: &Model) -> Start {
        Start {
            first: 0,
            stats: TrialStats::new(model),
            tally: Tally::new(model.layout.causes.len(), model.data.len()),
            wall_seconds: 0.0,
        }
    }
}

/// What a batch hook sees once a batch is folded: the statistics and the batches so far
/// (for checkpoints: [`Batches::tally`]).
pub struct Folded<'a, 'm> {
    /// Statistics of every trial folded since the start.
    pub stats: &'a TrialStats,
    /// The batches run, with their counts.
    pub batches: &'a Batches<'m>,
    /// Seconds spent since the start, including an earlier part's.
    pub wall_seconds: f64,
}

/// Called after each batch with its first trial index, its records and what they folded
/// into; an error stops the run.
pub type BatchHook<'h> = dyn FnMut(u64, &[TrialRecord], Folded) -> Result<(), Error> + 'h;

/// Simulates trials of `model` from `start` in batches until `rule` says stop (a fixed rule
/// stops at trial index `rule.max_trials`); `each_batch` sees every batch's records in
/// trial order and then what they folded into, before the next batch runs, and may stop the
/// run with an error.
pub fn simulate_from(
    model: &Model,
    threads: usize,
    rule: &StopRule,
    start: Start,
    progress: &(dyn Fn(u64) + Sync),
    each_batch: &mut BatchHook,
) -> Result<RunOutput, Error> {
    let started = Instant::now();
    let mut batches = Batches::new(model, threads, None)?;
    batches.seek(start.first);
    let mut stats = start.stats;
    let elapsed = || start.wall_seconds + started.elapsed().as_secs_f64();
    let stopped = loop {
        let reason = if rule.precision.is_none() {
            // By trial index, not trials folded: a shard folds only its own.
            (batches.next_trial() >= rule.max_trials).then_some(StopReason::Trials)
        } else {
            stop_reason(rule, &stats, model.settings.confidence, started)
        };
        if let Some(reason) = reason {
            break reason;
        }
        let first = batches.next_trial();
        let count = batch_len(rule, first);
        batches.run(count, progress);
        let records = &batches.records[..count];
        stats.add(first, records);
        let folded = Folded {
            stats: &stats,
            batches: &batches,
            wall_seconds: elapsed(),
        };
        each_batch(first, records, folded)?;
    };
    let wall_seconds = elapsed();
    Ok(RunOutput {
        stats,
        tally: batches.into_tally().merge(start.tally),
        wall_seconds,
        rule: *rule,
        stopped,
    })
}

/// The size of the batch starting at `first`: [`BATCH`], or what is left of the budget.
pub fn batch_len(rule: &StopRule, first: u64) -> usize {
    BATCH.min(rule.max_trials - first) as usize
}

/// Why a run whose trials so far are in `stats` must stop now, if it must.
pub fn stop_reason(
    rule: &StopRule,
    stats: &TrialStats,
    confidence: f64,
    started: Instant,
) -> Option<StopReason> {
    rule_reason(
        rule,
        stats.trials,
        || precise_enough(rule, stats, confidence),
        started,
    )
}

/// Why a run that has folded `trials` trials must stop now under `rule`, if it must;
/// `precise` tells whether its interval is as narrow as asked (asked only of precision
/// rules).
pub fn rule_reason(
    rule: &StopRule,
    trials: u64,
    precise: impl FnOnce() -> bool,
    started: Instant,
) -> Option<StopReason> {
    if rule.precision.is_none() {
        return (trials >= rule.max_trials).then_some(StopReason::Trials);
    }
    if precise() {
        Some(StopReason::PrecisionReached)
    } else if trials >= rule.max_trials {
        Some(StopReason::MaxTrials)
    } else if rule
        .max_seconds
        .is_some_and(|limit| started.elapsed().as_secs_f64() >= limit)
    {
        Some(StopReason::MaxTime)
    } else {
        None
    }
}

fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start {threads} threads: {e}")))
}

/// Runs consecutive batches of trials of one model, reusing one simulator per worker thread
/// and one buffer of records.
pub struct Batches<'m> {
    model: &'m Model,
    force: Option<Force>,
    pool: rayon::ThreadPool,
    /// One simulator per worker thread, created on its first chunk.
    simulators: Vec<Mutex<Option<Simulator<'m>>>>,
    records: Vec<TrialRecord>,
    /// Phases per trial in `phase_downtime` (0: not kept).
    phase_width: usize,
    /// The last batch's downtime per trial and phase, trial-major, when kept.
    phase_downtime: Vec<f64>,
    next: u64,
}

/// Most SLA windows one trial may hold: each simulator keeps a downtime per window.
pub const MAX_WINDOWS: f64 = 1e7;

/// Refuses, as bad input, a horizon so long against the SLA window that one trial's windows
/// could not be held in memory (a horizon of "1e308h", or a window of a second over years).
pub fn check_windows(model: &Model) -> Result<(), Error> {
    let windows = model.settings.horizon / model.sla.window;
    if windows <= MAX_WINDOWS {
        return Ok(());
    }
    Err(Error::Input(format!(
        "the horizon ({}) holds {windows:.3e} SLA windows of {}; at most {MAX_WINDOWS:.0e} per trial: give a shorter horizon or a longer [sla] window",
        if model.settings.horizon < 1e9 {
            crate::units::format_duration(model.settings.horizon)
        } else {
            format!("{:.3e}h", model.settings.horizon)
        },
        crate::units::format_duration(model.sla.window),
    )))
}

impl<'m> Batches<'m> {
    /// Batches of `model`'s trials on `threads` threads (0: one per core), with `force`.
    pub fn new(model: &'m Model, threads: usize, force: Option<Force>) -> Result<Self, Error> {
        check_windows(model)?;
        let pool = thread_pool(threads)?;
        let simulators = (0..pool.current_num_threads())
            .map(|_| Mutex::new(None))
            .collect();
        Ok(Batches {
            model,
            force,
            pool,
            simulators,
            records: Vec::new(),
            phase_width: 0,
            phase_downtime: Vec::new(),
            next: 0,
        })
    }

    /// Keeps every trial's downtime per phase from the next batch on (no-op without
    /// phases): `nines compare` pairs designs phase by phase.
    pub fn keep_phase_downtime(&mut self) {
        self.phase_width = self.model.phases.as_ref().map_or(0, |p| p.count());
    }

    /// The last batch's downtime per trial and phase in hours, trial-major (phase `p` of
    /// the batch's trial `t` at `t * phases + p`); empty unless kept.
    pub fn phase_downtime(&self) -> &[f64] {
        &self.phase_downtime
    }

    /// The index of the next trial to run.
    pub fn next_trial(&self) -> u64 {
        self.next
    }

    /// Starts again from trial 0 holding `force` (importance runs: every variant runs the
    /// same trial indices as the base, for common random numbers).
    pub fn restart(&mut self, force: Option<Force>) {
        self.next = 0;
        self.force = force;
        self.seek(0);
    }

    /// Continues from trial `first`.
    pub fn seek(&mut self, first: u64) {
        self.next = first;
        for simulator in &mut self.simulators {
            if let Some(simulator) = simulator.get_mut().expect("no worker panicked") {
                simulator.set_force(self.force);
            }
        }
    }

    /// Sets what is held from the next batch on.
    pub fn set_force(&mut self, force: Option<Force>) {
        self.force = force;
        self.seek(self.next);
    }

    /// Runs the next `count` trials and returns their records, in trial order.
    pub fn run(&mut self, count: usize, progress: &(dyn Fn(u64) + Sync)) -> &[TrialRecord] {
        let first = self.next;
        if self.records.len() < count {
            self.records.resize(count, TrialRecord::default());
        }
        let (model, force) = (self.model, self.force);
        let simulators = &self.simulators;
        let records = &mut self.records[..count];
        let width = self.phase_width;
        self.phase_downtime.resize(count * width, 0.0);
        // One slice of phase downtimes per chunk of records (empty ones when not kept), so
        // that each worker writes its own trials' values.
        let phase_chunks: Vec<&mut [f64]> = match width {
            0 => (0..count.div_ceil(CHUNK))
                .map(|_| Default::default())
                .collect(),
            _ => self.phase_downtime.chunks_mut(CHUNK * width).collect(),
        };
        self.pool.install(|| {
            records
                .par_chunks_mut(CHUNK)
                .zip(phase_chunks)
                .enumerate()
                .for_each(|(chunk_index, (chunk, phases))| {
                    let worker = rayon::current_thread_index().unwrap_or(0) % simulators.len();
                    let mut slot = simulators[worker].lock().expect("no worker panicked");
                    let simulator = slot.get_or_insert_with(|| Simulator::with_force(model, force));
                    let start = first + (chunk_index * CHUNK) as u64;
                    for (offset, record) in chunk.iter_mut().enumerate() {
                        *record = simulator.run(start + offset as u64);
                        if width > 0 {
                            phases[offset * width..(offset + 1) * width]
                                .copy_from_slice(simulator.phase_downtime());
                        }
                    }
                    progress(chunk.len() as u64);
                });
        });
        self.next += count as u64;
        &self.records[..count]
    }

    /// The counts of every trial run so far, merged (a copy: the run goes on).
    pub fn tally(&self) -> Tally {
        let layout = &self.model.layout;
        self.simulators
            .iter()
            .filter_map(|s| {
                let slot = s.lock().expect("no worker panicked");
                slot.as_ref().map(|simulator| simulator.tally().clone())
            })
            .fold(
                Tally::new(layout.causes.len(), self.model.data.len()),
                Tally::merge,
            )
    }

    /// The counts of every trial run, merged.
    pub fn into_tally(self) -> Tally {
        let layout = &self.model.layout;
        self.simulators
            .into_iter()
            .filter_map(|s| s.into_inner().expect("no worker panicked"))
            .map(Simulator::into_tally)
            .fold(
                Tally::new(layout.causes.len(), self.model.data.len()),
                Tally::merge,
            )
    }
}

/// The per-trial records of every trial of `model`, in memory: for tests and small studies
/// that need each trial (it grows with the trial count, which the commands never do).
pub fn trial_records(model: &Model, threads: usize) -> Result<Vec<TrialRecord>, Error> {
    let mut records = Vec::new();
    simulate_until(
        model,
        threads,
        &StopRule::fixed(model.settings.trials),
        &|_| {},
        &mut |_, batch| records.extend_from_slice(batch),
    )?;
    Ok(records)
}
