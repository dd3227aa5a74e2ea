//! Runs rare-method trials in parallel, in fixed batches in trial-index order, like
//! [`super::Batches`]: one [`RareRunner`] per worker thread, each record landing at its index,
//! and the weighted downtime by cause summed per chunk of trials and then in chunk order, so
//! that no floating-point sum depends on the thread count.
//!
//! `--precision` stops between batches once the rare estimate of the horizon unavailability
//! is as precise as asked: batches have a fixed size, so a run that stopped at N trials has
//! folded exactly the records of `--trials N`, in the same order.

use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use super::driver::RunOutput;
use super::rare::{RareRecord, RareRunner};
use super::trial::TrialRecord;
use crate::error::Error;
use crate::model::Model;
use crate::stats::{RareStats, StopReason, StopRule, Tally, TrialStats};

/// Trials per chunk: the unit of work and of the per-cause partial sums.
const CHUNK: usize = 64;

/// What a rare-method run produces.
#[derive(Debug)]
pub struct RareOutput {
    /// The weighted estimates and diagnostics.
    pub rare: RareStats,
    /// The unbiased main runs as a plain run: their records and counts, with the rule the
    /// run was stopped by and why.
    pub plain: RunOutput,
    /// The warm-up before the steady-state window, in hours.
    pub warmup: f64,
}

/// Simulates `model.settings.trials` trials with the rare-event method on `threads` threads
/// (0: one per core). The model must be one [`super::rare_unsupported`] accepts.
pub fn simulate_rare(
    model: &Model,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RareOutput, Error> {
    simulate_rare_until(
        model,
        threads,
        &StopRule::fixed(model.settings.trials),
        progress,
        &mut |_, _| {},
    )
}

/// Simulates rare-method trials of `model` in batches until `rule` says stop, handing each
/// batch's unbiased main-run records to `rows` in trial order (first trial index, records),
/// for trials.csv.
pub fn simulate_rare_until(
    model: &Model,
    threads: usize,
    rule: &StopRule,
    progress: &(dyn Fn(u64) + Sync),
    rows: &mut dyn FnMut(u64, &[TrialRecord]),
) -> Result<RareOutput, Error> {
    let started = Instant::now();
    let mut batches = RareBatches::new(model, threads)?;
    let mut folded = RareFold::new(model);
    let stopped = loop {
        if let Some(reason) = rare_stop_reason(rule, &folded.rare, model, started) {
            break reason;
        }
        let first = batches.next_trial();
        batches.run(super::batch_len(rule, first), progress)?;
        folded.add(&batches);
        rows(first, &folded.plain_records);
    };
    Ok(folded.finish(batches, started.elapsed().as_secs_f64(), *rule, stopped))
}

/// Relative half-width of the rare estimate of the horizon unavailability: the upper half of
/// the interval the summary reports (its `relative_error`), the longer one of a
/// skew-corrected interval; `None` before any weighted downtime or with fewer than two
/// trials.
pub fn rare_relative_half_width(rare: &RareStats, model: &Model) -> Option<f64> {
    let settings = &model.settings;
    match rare.unavailability(settings.horizon, settings.confidence) {
        (mean, Some(_), Some(high)) if mean > 0.0 => Some((high - mean) / mean),
        _ => None,
    }
}

/// Why a rare run whose trials so far are folded in `rare` must stop now, if it must: the
/// rule of [`super::stop_reason`], with the rare estimate's precision in place of the plain
/// one's.
pub fn rare_stop_reason(
    rule: &StopRule,
    rare: &RareStats,
    model: &Model,
    started: Instant,
) -> Option<StopReason> {
    super::driver::rule_reason(
        rule,
        rare.trials(),
        || {
            rare_relative_half_width(rare, model)
                .is_some_and(|achieved| rule.precision.is_some_and(|asked| achieved <= asked))
        },
        started,
    )
}

/// The statistics a rare run folds, batch by batch in trial order.
pub struct RareFold {
    /// The weighted estimates and diagnostics so far.
    pub rare: RareStats,
    plain: TrialStats,
    /// The last batch's main-run records (a buffer kept between batches).
    plain_records: Vec<TrialRecord>,
}

impl RareFold {
    /// Nothing folded yet, for `model`.
    pub fn new(model: &Model) -> RareFold {
        RareFold {
            rare: RareStats::new(model.layout.causes.len()),
            plain: TrialStats::new(model),
            plain_records: Vec::new(),
        }
    }

    /// Folds in the batch `batches` has just run.
    pub fn add(&mut self, batches: &RareBatches) {
        let first = batches.next_trial() - batches.records.len() as u64;
        let width = batches.phase_width();
        for (i, record) in batches.records.iter().enumerate() {
            self.rare.add(record);
            if let Some(row) = batches.phase_rows.get(i * width..(i + 1) * width) {
                self.rare.add_phases(row);
            }
        }
        let causes = self.rare.causes.len().max(1);
        for sums in batches.chunk_causes.chunks(causes) {
            for (total, &s) in self.rare.causes.iter_mut().zip(sums) {
                *total += s;
            }
        }
        self.plain_records.clear();
        self.plain_records
            .extend(batches.records.iter().map(|r| r.plain));
        self.plain.add(first, &self.plain_records);
    }

    /// The run's output, with the main runs' counts from `batches`.
    pub fn finish(
        self,
        batches: RareBatches,
        wall_seconds: f64,
        rule: StopRule,
        stopped: StopReason,
    ) -> RareOutput {
        let (mut tally, warmup) = batches.finish();
        tally.events = self.rare.events;
        RareOutput {
            rare: self.rare,
            plain: RunOutput {
                stats: self.plain,
                tally,
                wall_seconds,
                rule,
                stopped,
            },
            warmup,
        }
    }
}

/// Runs consecutive batches of rare-method trials of one model, reusing one runner per
/// worker thread and one buffer of records.
pub struct RareBatches<'m> {
    model: &'m Model,
    pool: rayon::ThreadPool,
    runners: Vec<Mutex<Option<RareRunner<'m>>>>,
    /// The last batch's records, in trial order.
    records: Vec<RareRecord>,
    /// The last batch's weighted downtime by cause, per chunk of [`CHUNK`] trials.
    chunk_causes: Vec<f64>,
    /// The last batch's per-phase figures ([`RareRunner::phase_figures`]), one row of
    /// [`RareBatches::phase_width`] per trial; empty without phases.
    phase_rows: Vec<f64>,
    next: u64,
}

impl<'m> RareBatches<'m> {
    /// Batches of `model`'s trials on `threads` threads (0: one per core).
    pub fn new(model: &'m Model, threads: usize) -> Result<Self, Error> {
        super::driver::check_windows(model)?;
        // Losses at all-up would fall outside every excursion (rare_load.rs).
        if let Some(why) = super::rare_load::all_up_short(model) {
            return Err(Error::Input(why));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Error::Runtime(format!("cannot start {threads} threads: {e}")))?;
        let runners = (0..pool.current_num_threads())
            .map(|_| Mutex::new(None))
            .collect();
        Ok(RareBatches {
            model,
            pool,
            runners,
            records: Vec::new(),
            chunk_causes: Vec::new(),
            phase_rows: Vec::new(),
            next: 0,
        })
    }

    /// Numbers per trial in the per-phase rows: downtime then outages for each phase.
    fn phase_width(&self) -> usize {
        2 * self.model.phases.as_ref().map_or(0, |p| p.count())
    }

    /// The index of the next trial to run.
    pub fn next_trial(&self) -> u64 {
        self.next
    }

    /// The last batch's records, in trial order.
    pub fn records(&self) -> &[RareRecord] {
        &self.records
    }

    /// Runs the next `count` trials; a branch over its event budget fails the run.
    pub fn run(&mut self, count: usize, progress: &(dyn Fn(u64) + Sync)) -> Result<(), Error> {
        let model = self.model;
        let causes = model.layout.causes.len();
        let first = self.next;
        self.records.clear();
        self.records.resize(count, RareRecord::default());
        self.chunk_causes.clear();
        self.chunk_causes
            .resize(count.div_ceil(CHUNK) * causes, 0.0);
        let width = self.phase_width();
        self.phase_rows.clear();
        // Without phases, one unused number per trial keeps the chunks aligned.
        self.phase_rows.resize(count * width.max(1), 0.0);
        let failure: Mutex<Option<String>> = Mutex::new(None);
        let runners = &self.runners;
        let (records, chunk_causes) = (&mut self.records, &mut self.chunk_causes);
        let phase_rows = &mut self.phase_rows;
        self.pool.install(|| {
            records
                .par_chunks_mut(CHUNK)
                .zip(chunk_causes.par_chunks_mut(causes.max(1)))
                .zip(phase_rows.par_chunks_mut(CHUNK * width.max(1)))
                .enumerate()
                .for_each(|(chunk_index, ((chunk, sums), rows))| {
                    let worker = rayon::current_thread_index().unwrap_or(0) % runners.len();
                    let mut slot = runners[worker].lock().expect("no worker panicked");
                    let runner = slot.get_or_insert_with(|| RareRunner::new(model));
                    let start = first + (chunk_index * CHUNK) as u64;
                    for (offset, record) in chunk.iter_mut().enumerate() {
                        match runner.run(start + offset as u64, sums) {
                            Ok(r) => {
                                *record = r;
                                rows[offset * width..(offset + 1) * width]
                                    .copy_from_slice(runner.phase_figures());
                            }
                            Err(e) => {
                                failure.lock().expect("no worker panicked").get_or_insert(e);
                                return;
                            }
                        }
                    }
                    progress(chunk.len() as u64);
                });
        });
        if let Some(message) = failure.into_inner().expect("no worker panicked") {
            return Err(Error::Runtime(message));
        }
        if width == 0 {
            self.phase_rows.clear();
        }
        self.next += count as u64;
        Ok(())
    }

    /// The main runs' counts merged over the workers, and the warm-up of the steady window.
    fn finish(self) -> (Tally, f64) {
        let model = self.model;
        let mut warmup = None;
        let tally = self
            .runners
            .into_iter()
            .filter_map(|r| r.into_inner().expect("no worker panicked"))
            .map(|runner| {
                warmup = Some(runner.warmup());
                runner.into_tally()
            })
            .fold(
                Tally::new(model.layout.causes.len(), model.data.len()),
                Tally::merge,
            );
        let warmup =
            warmup.unwrap_or_else(|| model.settings.rare.warmup_hours(&model.layout.modes));
        (tally, warmup)
    }
}
