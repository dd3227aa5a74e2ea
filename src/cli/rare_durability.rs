//! `--method rare` on data sets with redundancy: one rare-event run per data set towards
//! its loss, whose estimates replace the plain counts in the summary's `durability` entry.

use super::progress;
use crate::engine::simulate_rare_data;
use crate::error::Result;
use crate::model::Model;
use crate::stats::Summary;

/// Estimates every durable data set of `model` with the rare method on `threads` threads
/// and puts the figures in `summary.durability` (method "rare").
pub fn apply(model: &Model, threads: usize, summary: &mut Summary) -> Result<()> {
    let settings = &model.settings;
    let durable = model.data.iter().filter(|d| d.durability.is_some());
    for (set, data) in durable.enumerate() {
        let bar = progress::trials_bar(settings.trials, &format!("data set {}", data.name));
        let stats = simulate_rare_data(model, set, threads, &|done| bar.inc(done))?;
        bar.finish_and_clear();
        if let Some(entry) = summary.durability.get_mut(&data.name) {
            stats.apply(entry, settings.horizon, settings.confidence);
        }
    }
    Ok(())
}
