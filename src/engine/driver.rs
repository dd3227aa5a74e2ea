//! Runs all trials of a model on a rayon thread pool.
//!
//! Determinism: each trial's random stream depends only on (seed, trial index), each trial's
//! record lands at its own index, and the only quantities merged across threads are integer
//! counts (histograms, event totals, downtime by cause in nanoseconds), whose sum does not
//! depend on the order of merging. So results are identical for any thread count.

use std::time::Instant;

use rayon::prelude::*;

use super::trial::{Force, Simulator, TrialRecord};
use crate::error::Error;
use crate::model::Model;
use crate::stats::{mean_interval, MeanInterval, Tally};

/// Trials handed to a worker at a time: large enough to amortise scheduling, small enough to
/// balance two cores on short runs.
const CHUNK: usize = 64;

/// Everything a run produces, before statistics.
#[derive(Debug)]
pub struct RunOutput {
    /// One record per trial, in trial order.
    pub records: Vec<TrialRecord>,
    /// Counts merged over all trials.
    pub tally: Tally,
    /// Wall-clock time of the simulation, in seconds.
    pub wall_seconds: f64,
}

/// Simulates every trial of `model` on `threads` threads (0: one per core). `progress` is
/// called with the number of trials just finished, from worker threads.
pub fn simulate(
    model: &Model,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunOutput, Error> {
    run_trials(model, model.settings.trials, threads, None, progress)
}

fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start {threads} threads: {e}")))
}

fn run_trials(
    model: &Model,
    trials: u64,
    threads: usize,
    force: Option<Force>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunOutput, Error> {
    let trials = usize::try_from(trials)
        .map_err(|_| Error::Input("the number of trials does not fit in memory".into()))?;
    let pool = thread_pool(threads)?;
    let started = Instant::now();
    let mut records = vec![TrialRecord::default(); trials];
    let tally = pool.install(|| {
        records
            .par_chunks_mut(CHUNK)
            .enumerate()
            .fold(
                || Simulator::with_force(model, force),
                |mut simulator, (chunk_index, chunk)| {
                    let first = (chunk_index * CHUNK) as u64;
                    for (offset, record) in chunk.iter_mut().enumerate() {
                        *record = simulator.run(first + offset as u64);
                    }
                    progress(chunk.len() as u64);
                    simulator
                },
            )
            .map(Simulator::into_tally)
            .reduce(
                || Tally::new(model.layout.causes.len(), model.data.len()),
                Tally::merge,
            )
    });
    Ok(RunOutput {
        records,
        tally,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

/// Birnbaum importance of every component: the availability with the component always up
/// minus the availability with it always down, over the first `trials` trials.
///
/// Both runs of a component use the same trial seeds (common random numbers), so the
/// interval comes from the per-trial paired differences, at `confidence`.
pub fn birnbaum_importance(
    model: &Model,
    trials: u64,
    threads: usize,
    confidence: f64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<MeanInterval>, Error> {
    let horizon = model.settings.horizon;
    (0..model.components.len())
        .map(|component| {
            let run = |up| {
                run_trials(
                    model,
                    trials,
                    threads,
                    Some(Force { component, up }),
                    progress,
                )
            };
            let perfect = run(true)?;
            let failed = run(false)?;
            let differences = perfect
                .records
                .iter()
                .zip(&failed.records)
                .map(|(p, f)| (f.downtime - p.downtime) / horizon);
            Ok(mean_interval(differences, confidence))
        })
        .collect()
}
