//! Merging partial results: check that they are shards of one run covering every trial
//! once, then fold them in trial order into what that run would have folded.

use std::path::{Path, PathBuf};

use super::{bad, Partial, PartialHeader};
use crate::engine::RunOutput;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::stats::{StopReason, StopRule, Tally, TrialStats};

/// Partials merged: the run they make up, its model, and their folders in trial order
/// (whose trials.csv files follow each other).
pub struct Merged {
    /// The model every shard simulated.
    pub model: Model,
    /// The whole run, folded.
    pub run: RunOutput,
    /// The partials' folders, in trial order.
    pub dirs: Vec<PathBuf>,
}

/// Merges the partial results in `dirs` (any order). Pieces of other runs, other versions
/// or other scenarios, and gaps or overlaps between them, are input errors naming the
/// folder or the trials concerned.
pub fn merge(dirs: &[PathBuf]) -> Result<Merged> {
    let mut parts: Vec<(PartialHeader, PathBuf)> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let mut header = Partial::read_header(dir)?;
        if let Some((first, first_dir)) = parts.first() {
            check_same_run(first, first_dir, &header, dir)?;
            // The same text in every header (the model hash says so): one copy is kept,
            // so memory does not grow with the number of partials times the scenario's size.
            header.scenario.source = None;
        }
        parts.push((header, dir.clone()));
    }
    let Some((first, first_dir)) = parts.first().cloned() else {
        return Err(Error::Input(
            "nines merge needs at least one partial result folder".into(),
        ));
    };
    parts.sort_by_key(|(h, _)| (h.first_trial, h.end_trial));
    let ranges: Vec<(u64, u64, &Path)> = parts
        .iter()
        .map(|(h, dir)| (h.first_trial, h.end_trial, dir.as_path()))
        .collect();
    check_coverage(&ranges, first.settings.trials, "")?;
    let model = first.model(&first_dir)?;
    let mut stats = TrialStats::new(&model);
    let mut tally = Tally::new(model.layout.causes.len(), model.data.len());
    let mut wall_seconds = 0.0;
    for (header, dir) in &parts {
        // One partial in memory at a time: memory does not grow with their number.
        let partial = Partial::read(dir)?;
        let values = Partial::read_downtime(dir, header, stats.downtime.room())?;
        stats.append(&partial.stats, &values);
        tally = tally.merge(partial.tally);
        wall_seconds += header.wall_seconds;
    }
    let trials = first.settings.trials;
    Ok(Merged {
        model,
        run: RunOutput {
            stats,
            tally,
            wall_seconds,
            rule: StopRule::fixed(trials),
            stopped: StopReason::Trials,
        },
        dirs: parts.into_iter().map(|(_, dir)| dir).collect(),
    })
}

/// Refuses a partial of another run than the first one's.
fn check_same_run(
    first: &PartialHeader,
    first_dir: &Path,
    h: &PartialHeader,
    dir: &Path,
) -> Result<()> {
    let differs = |what: &str, here: &dyn std::fmt::Display, there: &dyn std::fmt::Display| {
        Err(bad(
            dir,
            format!(
                "{what} {here} differs from {}'s {what} {there}: partials of different runs cannot be merged",
                first_dir.display()
            ),
        ))
    };
    if h.nines_version != first.nines_version {
        return differs("nines version", &h.nines_version, &first.nines_version);
    }
    if h.batch != first.batch {
        return differs("batch size", &h.batch, &first.batch);
    }
    if h.settings.seed != first.settings.seed {
        return differs("seed", &h.settings.seed, &first.settings.seed);
    }
    if h.settings.trials != first.settings.trials {
        return differs("trial count", &h.settings.trials, &first.settings.trials);
    }
    if h.rows != first.rows {
        return differs("rows kept (--no-rows)", &h.rows, &first.rows);
    }
    if h.model_hash != first.model_hash {
        return differs("scenario (model hash)", &h.model_hash, &first.model_hash);
    }
    Ok(())
}

/// Checks that the sorted ranges `[first, end)` (with their folders) cover trials
/// `[0, trials)` once: names the first missing or doubled range, after `prefix` (which
/// design of a study, or nothing).
pub(crate) fn check_coverage(parts: &[(u64, u64, &Path)], trials: u64, prefix: &str) -> Result<()> {
    let range = |a: u64, b: u64| format!("{prefix}trials {a}..{}", b - 1);
    let mut next = 0;
    let mut previous: Option<&Path> = None;
    for &(first, end, dir) in parts {
        if first > next {
            return Err(Error::Input(format!(
                "{} missing: no partial holds them (before {})",
                range(next, first),
                dir.display(),
            )));
        }
        if first < next && end > first {
            return Err(Error::Input(format!(
                "{} are in two partials: {} and {}",
                range(first, next.min(end)),
                previous.map_or_else(String::new, |p| p.display().to_string()),
                dir.display()
            )));
        }
        next = next.max(end);
        if end > first {
            previous = Some(dir);
        }
    }
    if next < trials {
        return Err(Error::Input(format!(
            "{} missing (of {trials}): no partial holds them",
            range(next, trials)
        )));
    }
    Ok(())
}
