//! `nines compare`: several designs with the same seed and trials, side by side, with paired
//! differences against the first.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::print;
use super::parse;
use super::precision::PrecisionArgs;
use super::progress;
use crate::error::{Error, Result};
use crate::report::{self, CompareReport, Format, CHART_TRIALS};
use crate::scenario;
use crate::stats::{compare, Summary};
use crate::study::run_in_lockstep;

/// Arguments of `nines compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files, two or more; the first is the baseline the others are compared with.
    #[arg(value_name = "SCENARIO", num_args = 2.., required = true)]
    pub scenarios: Vec<PathBuf>,

    /// Trials for every design (default: the first scenario's).
    #[arg(long, value_name = "N", value_parser = parse::trials_for_intervals, allow_hyphen_values = true)]
    pub trials: Option<u64>,

    /// Seed for every design (default: the first scenario's).
    #[arg(long, value_name = "S", value_parser = parse::seed, allow_hyphen_values = true)]
    pub seed: Option<u64>,

    /// Length of one trial for every design (default: the first scenario's).
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_hyphen_values = true)]
    pub horizon: Option<f64>,

    /// Availability objective for every design (default: the first scenario's).
    #[arg(long, value_name = "A", value_parser = parse::target, allow_hyphen_values = true)]
    pub target: Option<f64>,

    /// Confidence level of every interval (default: the first scenario's).
    #[arg(long, value_name = "C", value_parser = parse::confidence, allow_hyphen_values = true)]
    pub confidence: Option<f64>,

    /// Worker threads; 0 uses one per core. Results do not depend on it.
    #[arg(long, value_name = "T", default_value_t = 0, value_parser = parse::threads)]
    pub threads: usize,

    /// How to print the comparison on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Also write a report into this folder: index.html with the charts (SVG and PNG) and
    /// comparison.json.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Estimator for every design: "plain" Monte Carlo, or "rare" (docs/rare-events.md;
    /// paired differences where the designs' excursions correspond). Default: the first
    /// scenario's `[simulation] method`.
    #[arg(long, value_name = "METHOD", value_parser = parse::method)]
    pub method: Option<crate::model::Method>,

    /// With --precision, every design runs until its own interval is that narrow (all
    /// designs run the same trials, for the paired differences).
    #[command(flatten)]
    pub precision: PrecisionArgs,
}

/// Simulates every design under the first one's settings and prints them side by side.
pub fn execute(args: CompareArgs) -> Result<()> {
    let mut models = args
        .scenarios
        .iter()
        .map(|path| scenario::load(path))
        .collect::<Result<Vec<_>>>()?;
    let mut shared = models[0].settings.clone();
    shared.trials = args.trials.unwrap_or(shared.trials);
    if shared.trials < 2 {
        return Err(Error::Input(
            "comparing needs at least 2 trials for its intervals; set --trials".into(),
        ));
    }
    shared.seed = args.seed.unwrap_or(shared.seed);
    shared.horizon = args.horizon.unwrap_or(shared.horizon);
    shared.target = args.target.unwrap_or(shared.target);
    shared.confidence = args.confidence.unwrap_or(shared.confidence);
    shared.method = args.method.unwrap_or(shared.method);
    // Importance is per design and not compared: skipped to keep comparisons quick.
    shared.importance_trials = Some(0);
    for model in &mut models {
        let exclude_planned = model.settings.exclude_planned;
        model.settings = shared.clone();
        model.settings.exclude_planned = exclude_planned;
    }
    let rule = args.precision.rule(shared.trials);
    if shared.method == crate::model::Method::Rare {
        return super::compare_rare::execute(&models, &args, &rule);
    }
    // The output folder is checked (and its staging folder made) before simulating.
    let staging = args.out.as_deref().map(report::Staging::new).transpose()?;
    let bar = progress::trials_bar(rule.max_trials * models.len() as u64, "comparing");
    let (runs, differences) = run_in_lockstep(&models, args.threads, &rule, &|done| bar.inc(done))?;
    bar.finish_and_clear();
    let summaries: Vec<Summary> = models
        .iter()
        .zip(&runs)
        .map(|(model, run)| Summary::new(model, run, None))
        .collect();
    let name = |i: usize| summaries[i].scenario.clone();
    let comparisons = (1..summaries.len())
        .map(|i| compare(&name(i), &name(0), &differences[i - 1], shared.confidence))
        .collect();
    let report = CompareReport {
        designs: summaries.iter().collect(),
        comparisons,
        paired_note: None,
    };
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_comparison(&report, args.format)?)?;
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
