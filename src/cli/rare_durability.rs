//! `--method rare` on data sets: one rare-event run per data set whose losses are rare,
//! whose estimates replace the plain counts in the summary's `durability` entry; every
//! other data set keeps the plain trials' figures. Either way its `data_sets` entry says
//! which, and why (`method`).

use super::progress;
use crate::engine::{rare_data_plain_reason, simulate_rare_data, RunOutput};
use crate::error::Result;
use crate::model::Model;
use crate::stats::{DataMethod, Summary};

/// Estimates every data set of `model` whose losses are rare with the rare method on
/// `threads` threads and puts the figures in `summary.durability` (method "rare"); states
/// for every data set which method gave its figures, with the incident rates of `plain`,
/// the plain trials `summary` was made from.
pub fn apply(
    model: &Model,
    plain: &RunOutput,
    threads: usize,
    summary: &mut Summary,
) -> Result<()> {
    let settings = &model.settings;
    let mut durable = 0;
    for (d, data) in model.data.iter().enumerate() {
        let reason = rare_data_plain_reason(data);
        if data.durability.is_some() {
            if reason.is_none() {
                let bar = progress::trials_bar(settings.trials, &format!("data set {}", data.name));
                let stats = simulate_rare_data(model, durable, threads, &|done| bar.inc(done))?;
                bar.finish_and_clear();
                if let Some(entry) = summary.durability.get_mut(&data.name) {
                    stats.apply(entry, settings.horizon, settings.confidence);
                }
            }
            durable += 1;
        }
        let tally = &plain.tally.data[d];
        let method = DataMethod::new(
            reason,
            (tally.incidents, tally.unrecoverable),
            plain.stats.trials,
            settings.horizon,
            settings.confidence,
        );
        if let Some(entry) = summary.data_sets.get_mut(d) {
            entry.method = Some(method);
        }
    }
    Ok(())
}
