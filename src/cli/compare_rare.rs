//! `nines compare --method rare`: every design estimated with the rare-event method under the
//! shared settings over the same trials, side by side, with paired differences from the first
//! where the designs' excursions correspond (common random numbers), and one line saying why
//! where they do not.

use super::evaluate::print;
use super::progress;
use super::study_shard::Mode;
use crate::error::Result;
use crate::model::Model;
use crate::report::{self, CompareReport, CHART_TRIALS};
use crate::stats::StopRule;
use crate::study::run_rare_in_lockstep;

/// Runs every design (settings already shared, each one checked by
/// [`super::rare::check`]) with the rare method, prints them side by side and, with
/// `--out`, writes the comparison report into `staging`.
pub fn execute(
    models: &[Model],
    mode: &Mode,
    rule: &StopRule,
    staging: Option<crate::report::Staging>,
) -> Result<()> {
    let bar = progress::trials_bar(rule.max_trials * models.len() as u64, "comparing");
    let lockstep = run_rare_in_lockstep(models, mode.output.threads, rule, &|done| bar.inc(done))?;
    bar.finish_and_clear();
    let evaluations = models
        .iter()
        .zip(lockstep.runs)
        .map(|(model, run)| super::rare::rare_evaluation(model, run, mode.output.threads))
        .collect::<Result<Vec<_>>>()?;
    let name = |i: usize| evaluations[i].summary.scenario.clone();
    let confidence = models[0].settings.confidence;
    let comparisons = lockstep
        .pairs
        .iter()
        .enumerate()
        .map(|(i, pair)| pair.compare(&name(i + 1), &name(0), confidence))
        .collect();
    let report = CompareReport {
        designs: evaluations.iter().map(|e| &e.summary).collect(),
        comparisons,
        paired_note: lockstep.obstacle,
    };
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_comparison(&report, mode.output.format)?)?;
    if let Some(staging) = staging {
        let downtime: Vec<Vec<f64>> = evaluations
            .iter()
            .map(|e| e.run.stats.downtime.sample(CHART_TRIALS))
            .collect();
        report::write_compare_report(staging.path(), &report, &downtime)?;
        staging.commit()?;
    }
    Ok(())
}
