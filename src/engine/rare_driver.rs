//! Runs rare-method trials in parallel, in fixed batches in trial-index order, like
//! [`super::Batches`]: one [`RareRunner`] per worker thread, each record landing at its index,
//! and the weighted downtime by cause summed per chunk of trials and then in chunk order, so
//! that no floating-point sum depends on the thread count.

use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use super::driver::{RunOutput, BATCH};
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
    /// The unbiased main runs as a plain run: their records and counts.
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
    simulate_rare_with_rows(model, threads, progress, &mut |_, _| {})
}

/// [`simulate_rare`], handing each batch's unbiased main-run records to `rows` in trial
/// order (first trial index, records), for trials.csv.
pub fn simulate_rare_with_rows(
    model: &Model,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
    rows: &mut dyn FnMut(u64, &[TrialRecord]),
) -> Result<RareOutput, Error> {
    super::driver::check_windows(model)?;
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start {threads} threads: {e}")))?;
    let runners: Vec<Mutex<Option<RareRunner>>> = (0..pool.current_num_threads())
        .map(|_| Mutex::new(None))
        .collect();
    let causes = model.layout.causes.len();
    let total = model.settings.trials;
    let mut rare = RareStats::new(causes);
    let mut plain = TrialStats::new(model);
    let mut records = Vec::new();
    let mut chunk_causes = Vec::new();
    let mut plain_records = Vec::new();
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let mut first = 0u64;
    while first < total {
        let count = BATCH.min(total - first) as usize;
        records.clear();
        records.resize(count, RareRecord::default());
        chunk_causes.clear();
        chunk_causes.resize(count.div_ceil(CHUNK) * causes, 0.0);
        pool.install(|| {
            records
                .par_chunks_mut(CHUNK)
                .zip(chunk_causes.par_chunks_mut(causes.max(1)))
                .enumerate()
                .for_each(|(chunk_index, (chunk, sums))| {
                    let worker = rayon::current_thread_index().unwrap_or(0) % runners.len();
                    let mut slot = runners[worker].lock().expect("no worker panicked");
                    let runner = slot.get_or_insert_with(|| RareRunner::new(model));
                    let start = first + (chunk_index * CHUNK) as u64;
                    for (offset, record) in chunk.iter_mut().enumerate() {
                        match runner.run(start + offset as u64, sums) {
                            Ok(r) => *record = r,
                            Err(e) => {
                                failure.lock().expect("no worker panicked").get_or_insert(e);
                                return;
                            }
                        }
                    }
                    progress(chunk.len() as u64);
                });
        });
        if let Some(message) = failure.lock().expect("no worker panicked").take() {
            return Err(Error::Runtime(message));
        }
        for record in &records {
            rare.add(record);
        }
        for sums in chunk_causes.chunks(causes.max(1)) {
            for (total, &s) in rare.causes.iter_mut().zip(sums) {
                *total += s;
            }
        }
        plain_records.clear();
        plain_records.extend(records.iter().map(|r| r.plain));
        plain.add(first, &plain_records);
        rows(first, &plain_records);
        first += count as u64;
    }
    let mut warmup = 0.0;
    let tally = runners
        .into_iter()
        .filter_map(|r| r.into_inner().expect("no worker panicked"))
        .map(|runner| {
            warmup = runner.warmup();
            runner.into_tally()
        })
        .fold(Tally::new(causes, model.data.len()), Tally::merge);
    let mut tally = tally;
    tally.events = rare.events;
    Ok(RareOutput {
        rare,
        plain: RunOutput {
            stats: plain,
            tally,
            wall_seconds: started.elapsed().as_secs_f64(),
            rule: StopRule::fixed(total),
            stopped: StopReason::Trials,
        },
        warmup: if warmup == 0.0 {
            model.settings.rare.warmup_hours(&model.layout.modes)
        } else {
            warmup
        },
    })
}
