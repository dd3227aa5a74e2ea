//! Runs the rare method on one durable data set in parallel, in fixed batches in trial-index
//! order like [`super::simulate_rare`]: one [`DataRareRunner`] per worker thread, each
//! record landing at its index and folded in trial order, so no result depends on the
//! thread count.

use std::sync::Mutex;

use rayon::prelude::*;

use super::driver::BATCH;
use super::rare_data::{DataRareRecord, DataRareRunner};
use crate::error::Error;
use crate::model::Model;
use crate::stats::DataRareStats;

/// Trials per unit of work.
const CHUNK: usize = 64;

/// Simulates `model.settings.trials` trials of the `set`-th durable data set of `model`
/// (counting only data sets with redundancy) with the rare method on `threads` threads (0:
/// one per core), calling `progress` with trials done.
pub fn simulate_rare_data(
    model: &Model,
    set: usize,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<DataRareStats, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start {threads} threads: {e}")))?;
    let runners: Vec<Mutex<Option<DataRareRunner>>> = (0..pool.current_num_threads())
        .map(|_| Mutex::new(None))
        .collect();
    let total = model.settings.trials;
    let mut stats = DataRareStats::default();
    let mut records = Vec::new();
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let mut first = 0u64;
    while first < total {
        let count = BATCH.min(total - first) as usize;
        records.clear();
        records.resize(count, DataRareRecord::default());
        pool.install(|| {
            records
                .par_chunks_mut(CHUNK)
                .enumerate()
                .for_each(|(chunk_index, chunk)| {
                    let worker = rayon::current_thread_index().unwrap_or(0) % runners.len();
                    let mut slot = runners[worker].lock().expect("no worker panicked");
                    let runner = slot.get_or_insert_with(|| DataRareRunner::new(model, set));
                    let start = first + (chunk_index * CHUNK) as u64;
                    for (offset, record) in chunk.iter_mut().enumerate() {
                        match runner.run(start + offset as u64) {
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
            stats.add(record);
        }
        first += count as u64;
    }
    Ok(stats)
}
