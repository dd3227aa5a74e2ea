//! `nines compare` as a study: designs simulated in lockstep over the same trials (common
//! random numbers), with paired differences against the first.

use std::time::Instant;

use crate::engine::{batch_len, stop_reason, Batches, RunOutput};
use crate::error::Result;
use crate::model::Model;
use crate::stats::{PairedDifferences, PhasePairing, StopReason, StopRule, TrialStats};

/// Runs every design batch by batch over the same trials, folding each design's statistics
/// and its paired differences from the first, so that no per-trial record outlives its
/// batch. Stops when `rule` says so for every design (precision: all of them precise).
/// `progress` hears of every trial done, of any design.
pub fn run_in_lockstep(
    models: &[Model],
    threads: usize,
    rule: &StopRule,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<RunOutput>, Vec<PairedDifferences>)> {
    run_in_lockstep_from(models, threads, rule, 0, progress)
}

/// [`run_in_lockstep`] from trial index `first` (a multiple of the batch size): a shard of a
/// compare (docs/partials.md), which a fixed `rule` stops at trial index `rule.max_trials`.
/// Every batch's moments are kept, for merging.
pub fn run_in_lockstep_from(
    models: &[Model],
    threads: usize,
    rule: &StopRule,
    first: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<RunOutput>, Vec<PairedDifferences>)> {
    let started = Instant::now();
    let mut batches = models
        .iter()
        .map(|model| {
            let mut design = Batches::new(model, threads, None)?;
            design.seek(first);
            design.keep_phase_downtime();
            Ok(design)
        })
        .collect::<Result<Vec<_>>>()?;
    let mut stats: Vec<TrialStats> = models.iter().map(TrialStats::new).collect();
    let mut seconds = vec![0.0; models.len()];
    let mut differences = vec![PairedDifferences::default(); models.len() - 1];
    // A few numbers per batch, kept so that a shard's folds can be merged after others.
    stats.iter_mut().for_each(TrialStats::keep_batches);
    differences
        .iter_mut()
        .for_each(PairedDifferences::keep_batches);
    let mut baseline = Vec::new();
    let mut baseline_phases = Vec::new();
    // Each design's phases paired with the baseline's by name (none without phases).
    let pairings: Vec<PhasePairing> = models[1..]
        .iter()
        .map(|model| PhasePairing::new(model, &models[0]))
        .collect();
    let horizon = models[0].settings.horizon;
    let stopped = loop {
        if rule.precision.is_none() {
            // By trial index, not trials folded: a shard folds only its own.
            if batches[0].next_trial() >= rule.max_trials {
                break StopReason::Trials;
            }
        } else if let Some(reason) = precision_stop(models, &stats, rule, started) {
            break reason;
        }
        let first = batches[0].next_trial();
        let count = batch_len(rule, first);
        for (i, design) in batches.iter_mut().enumerate() {
            let design_started = Instant::now();
            let records = design.run(count, progress);
            stats[i].add(first, records);
            if i == 0 {
                baseline.clear();
                baseline.extend_from_slice(records);
                baseline_phases.clear();
                baseline_phases.extend_from_slice(design.phase_downtime());
            } else {
                differences[i - 1].add(records, &baseline, horizon);
                if !pairings[i - 1].is_empty() {
                    let phases = design.phase_downtime();
                    pairings[i - 1].add(&mut differences[i - 1], phases, &baseline_phases);
                }
            }
            seconds[i] += design_started.elapsed().as_secs_f64();
        }
    };
    let runs = batches
        .into_iter()
        .zip(stats)
        .zip(seconds)
        .map(|((design, stats), wall_seconds)| RunOutput {
            stats,
            tally: design.into_tally(),
            wall_seconds,
            rule: *rule,
            stopped,
        })
        .collect();
    Ok((runs, differences))
}

/// Precision: stop once every design is precise; any budget stops them all.
fn precision_stop(
    models: &[Model],
    stats: &[TrialStats],
    rule: &StopRule,
    started: Instant,
) -> Option<StopReason> {
    let reasons: Vec<Option<StopReason>> = models
        .iter()
        .zip(stats)
        .map(|(model, s)| stop_reason(rule, s, model.settings.confidence, started))
        .collect();
    lockstep_reason(&reasons)
}

/// Why designs run in lockstep must stop, given each one's own reason: precision stops
/// them once every design is precise; any budget stops them all.
pub fn lockstep_reason(reasons: &[Option<StopReason>]) -> Option<StopReason> {
    let all_precise = reasons
        .iter()
        .all(|r| matches!(r, Some(StopReason::PrecisionReached | StopReason::Trials)));
    if all_precise {
        return reasons[0];
    }
    reasons
        .iter()
        .flatten()
        .find(|r| matches!(r, StopReason::MaxTrials | StopReason::MaxTime))
        .copied()
}
