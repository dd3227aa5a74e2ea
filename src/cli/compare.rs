//! `nines compare`: several designs with the same seed and trials, side by side, with paired
//! differences against the first.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::print;
use super::progress;
use super::study_args::{DesignArgs, StudyArgs};
use super::study_shard::{Mode, StudyShard};
use crate::error::{Error, Result};
use crate::report::{self, CompareReport, CHART_TRIALS};
use crate::stats::{compare, PairedDifferences, PhasePairing, StopRule, Summary};
use crate::study::run_in_lockstep;

/// Arguments of `nines compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files, two or more; the first is the baseline the others are compared with.
    #[arg(value_name = "SCENARIO", num_args = 2.., required = true)]
    pub scenarios: Vec<PathBuf>,

    /// The settings of every design (default: the first scenario's); with --precision,
    /// every design runs until its own interval is that narrow (all designs run the same
    /// trials, for the paired differences); "rare": paired differences where the designs'
    /// excursions correspond.
    #[command(flatten)]
    pub design: DesignArgs,

    #[command(flatten)]
    pub study: StudyArgs,
}

/// Simulates every design under the first one's settings and prints them side by side.
pub fn execute(args: CompareArgs) -> Result<()> {
    run(&args, &Mode::simulate(&args.study))
}

/// The comparison, simulated or (a merge) from its shards' pieces.
pub(super) fn run(args: &CompareArgs, mode: &Mode) -> Result<()> {
    let mut models = args
        .scenarios
        .iter()
        .map(|path| mode.sources.load(path))
        .collect::<Result<Vec<_>>>()?;
    let mut shared = models[0].settings.clone();
    args.study.adjust(&mut shared);
    if shared.trials < 2 {
        return Err(Error::Input(
            "comparing needs at least 2 trials for its intervals; set --trials".into(),
        ));
    }
    args.design.adjust(&mut shared);
    for model in &mut models {
        let exclude_planned = model.settings.exclude_planned;
        model.settings = shared.clone();
        model.settings.exclude_planned = exclude_planned;
    }
    let rule = args.design.precision.rule(shared.trials);
    if let (Some(shard), None) = (args.study.shard, mode.pieces) {
        args.design.check_shard(shared.method)?;
        let scenarios: Vec<&std::path::Path> = args.scenarios.iter().map(|p| p.as_path()).collect();
        let study = StudyShard {
            simulated: vec![true; models.len()],
            models: &models,
            lockstep: true,
            scenarios: &scenarios,
        };
        return study.write(shard, &args.study);
    }
    let rare = shared.method == crate::model::Method::Rare;
    if rare {
        for model in &models {
            super::rare::check(model)?;
        }
    }
    // The output folder is checked (and its staging folder made) before simulating.
    let staging = mode.staging()?;
    if rare && mode.pieces.is_some() {
        return super::compare_rare::execute(&models, mode, &rule, staging);
    }
    let lockstep = |rule: &StopRule| -> Result<_> {
        let bar = progress::trials_bar(rule.max_trials * models.len() as u64, "comparing");
        let lockstep = run_in_lockstep(&models, mode.output.threads, rule, &|done| {
            bar.inc(done);
        })?;
        bar.finish_and_clear();
        Ok(lockstep)
    };
    // --method rare: a plain run first, no longer than the scenario's trials (rare_choice.rs).
    let first_rule = match rare {
        true => super::rare_choice::pilot_rule(&rule, shared.trials),
        false => rule,
    };
    let (mut runs, mut differences) = match mode.pieces {
        None => lockstep(&first_rule)?,
        Some(pieces) => {
            let mut runs = Vec::new();
            let mut differences: Vec<PairedDifferences> = Vec::new();
            for (design, model) in models.iter().enumerate() {
                let (run, paired) = pieces.fold(design, model, design > 0)?;
                runs.push(run);
                if design > 0 {
                    differences.push(paired);
                }
            }
            (runs, differences)
        }
    };
    // --method rare: the plain runs were the pilot; the rare method takes over when any
    // design's service saw too few outages (rare_choice.rs).
    if rare
        && runs
            .iter()
            .any(|run| super::rare_choice::choice(run).is_rare())
    {
        return super::compare_rare::execute(&models, mode, &rule, staging);
    }
    if first_rule != rule {
        (runs, differences) = lockstep(&rule)?;
    }
    let mut summaries: Vec<Summary> = models
        .iter()
        .zip(&runs)
        .map(|(model, run)| Summary::new(model, run, None))
        .collect();
    if rare {
        for ((summary, model), run) in summaries.iter_mut().zip(&models).zip(&runs) {
            summary.service_method = Some(super::rare_choice::choice(run));
            super::rare_durability::apply(model, run, mode.output.threads, summary)?;
        }
    }
    let name = |i: usize| summaries[i].scenario.clone();
    let comparisons = (1..summaries.len())
        .map(|i| {
            let mut c = compare(&name(i), &name(0), &differences[i - 1], shared.confidence);
            c.phases_not_common = PhasePairing::new(&models[i], &models[0])
                .not_common()
                .to_vec();
            c
        })
        .collect();
    let report = CompareReport {
        designs: summaries.iter().collect(),
        comparisons,
        paired_note: None,
    };
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_comparison(&report, mode.output.format)?)?;
    if let Some(staging) = staging {
        let downtime: Vec<Vec<f64>> = runs
            .iter()
            .map(|run| run.stats.downtime.sample(CHART_TRIALS))
            .collect();
        report::write_compare_report(staging.path(), &report, &downtime)?;
        staging.commit()?;
    }
    Ok(())
}
