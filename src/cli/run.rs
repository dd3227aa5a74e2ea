//! `nines run`: simulate a scenario and report.

use std::path::{Path, PathBuf};

use clap::Args;

use super::evaluate::{print, summarize};
use super::parse;
use super::precision::PrecisionArgs;
use super::progress;
use super::progress_lines::ProgressLines;
use crate::engine::{simulate_from, RunOutput, Start};
use crate::error::Result;
use crate::model::Model;
use crate::report::{self, Format};
use crate::scenario;
use crate::shard::Checkpointer;
use crate::stats::StopRule;

/// Arguments of `nines run`; each flag overrides the scenario's `[simulation]` setting.
#[derive(Debug, Default, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Without one, runs the built-in example: a web service with load
    /// balancers, an application tier and a replicated database in two zones.
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// Number of independent trials (each one horizon long).
    #[arg(long, value_name = "N", value_parser = parse::trials, allow_hyphen_values = true)]
    pub trials: Option<u64>,

    /// Length of one trial, with units: "1y", "6w", "90d".
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_hyphen_values = true)]
    pub horizon: Option<f64>,

    /// Seed of the random streams: the same seed gives the same results.
    #[arg(long, value_name = "S", value_parser = parse::seed, allow_hyphen_values = true)]
    pub seed: Option<u64>,

    /// Worker threads; 0 uses one per core. Results do not depend on it.
    #[arg(long, value_name = "T", default_value_t = 0, value_parser = parse::threads)]
    pub threads: usize,

    /// Availability objective: "99.99%" or 0.9999.
    #[arg(long, value_name = "A", value_parser = parse::target, allow_hyphen_values = true)]
    pub target: Option<f64>,

    /// Confidence level of every interval: 0.95 or "99%".
    #[arg(long, value_name = "C", value_parser = parse::confidence, allow_hyphen_values = true)]
    pub confidence: Option<f64>,

    /// Trials behind each component's importance estimates (improvement potential and risk
    /// achievement: two or three extra runs per component); 0 skips them. Default: up to
    /// 2000, fewer on large models (within four times the run's trials, the components with
    /// the most downtime first).
    #[arg(long, value_name = "N")]
    pub importance_trials: Option<u64>,

    #[command(flatten)]
    pub precision: PrecisionArgs,

    /// Estimator: "plain" Monte Carlo, or "rare" (importance sampling for outages too rare
    /// to observe: docs/rare-events.md). Overrides `[simulation] method`.
    #[arg(long, value_name = "METHOD", value_parser = parse::method)]
    pub method: Option<crate::model::Method>,

    /// Under --method rare, also estimate each redundant block's own figures and those of
    /// its having no instance up, each by the service's plain-or-rare rule (extra runs: on
    /// the built-in example about 22 s of CPU more; docs/rare-events.md).
    #[arg(long)]
    pub blocks: bool,

    /// How to print the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Also write a report into this folder: index.html with every chart (SVG and PNG),
    /// summary.json, trials.csv (one row per trial), causes.csv and components.csv.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Simulate only shard I of N (counted from 0: a contiguous block of whole batches of
    /// the trials) and write its partial result into --out, for `nines merge`, which
    /// gives exactly the unsharded run's results (docs/partials.md).
    #[arg(long, value_name = "I/N", value_parser = crate::shard::Shard::parse,
          requires = "out", conflicts_with = "precision")]
    pub shard: Option<crate::shard::Shard>,

    /// With --shard: leave the per-trial rows out of the partial (its trials.csv holds only
    /// the header, and so does the merged one), for very large runs whose rows nobody reads
    /// (1,000 shards of 10^6 trials would otherwise copy about 25 GB of rows).
    #[arg(long, requires = "shard")]
    pub no_rows: bool,

    /// Continue the interrupted run into --out (Ctrl-C, SIGTERM, SIGKILL, a lost node) from
    /// its last checkpoint, taken every few seconds: the same command with --resume gives
    /// exactly the results of an uninterrupted run.
    #[arg(long, requires = "out")]
    pub resume: bool,

    /// Print a progress line on stderr every few seconds (trials done, rate, time left),
    /// for batch logs where no terminal shows the progress bar.
    #[arg(long)]
    pub progress: bool,
}

impl RunArgs {
    /// The scenario's model with this command line's overrides applied.
    pub fn model(&self) -> Result<Model> {
        let mut model = match &self.scenario {
            Some(path) => scenario::load(path)?,
            None => scenario::builtin()?,
        };
        let settings = &mut model.settings;
        if let Some(trials) = self.trials {
            settings.trials = trials;
        }
        if let Some(horizon) = self.horizon {
            settings.horizon = horizon;
        }
        if let Some(seed) = self.seed {
            settings.seed = seed;
        }
        if let Some(target) = self.target {
            settings.target = target;
        }
        if let Some(confidence) = self.confidence {
            settings.confidence = confidence;
        }
        if let Some(trials) = self.importance_trials {
            settings.importance_trials = Some(trials);
        }
        if let Some(method) = self.method {
            settings.method = method;
        }
        Ok(model)
    }
}

/// Runs the simulation, prints the results, then writes the output folder.
pub fn execute(args: RunArgs) -> Result<()> {
    if let Some(shard) = args.shard {
        return super::shard_run::execute(&args, shard);
    }
    let model = args.model()?;
    let rule = args.precision.rule(model.settings.trials);
    if model.settings.method == crate::model::Method::Rare {
        return super::rare::execute_run(&model, &args, &rule);
    }
    if args.blocks {
        return Err(crate::error::Error::Input(
            "--blocks: per-block figures are estimated under --method rare (a plain run's components table already shows each component's share of the downtime); add --method rare".to_string(),
        ));
    }
    let Some(out) = args.out.as_deref() else {
        let (run, _) = simulate(&model, &args, &rule, None)?;
        let evaluation = summarize(&model, run, args.threads, "simulating")?;
        return print(&report::render(&evaluation.summary, args.format)?);
    };
    // The output folder is checked (and its staging folder made) before simulating;
    // trials.csv is streamed into it as trials finish, with checkpoints beside it.
    let staging = report::Staging::resumable(out, args.resume)?;
    let (run, rows) = simulate(&model, &args, &rule, Some(staging.path()))?;
    let rows = rows.expect("rows are written with --out");
    let evaluation = summarize(&model, run, args.threads, "simulating")?;
    let summary = &evaluation.summary;
    // Results reach stdout before the report is put in place, so a failing --out loses
    // nothing.
    print(&report::render(summary, args.format)?)?;
    report::write_run_report(staging.path(), &model, summary, &evaluation.run, rows)?;
    staging.commit()
}

/// Simulates, with progress; with a staging folder `dir`, writes trials.csv into it with
/// checkpoints, from the last one with `--resume`. Returns the run and its rows.
fn simulate(
    model: &Model,
    args: &RunArgs,
    rule: &StopRule,
    dir: Option<&Path>,
) -> Result<(RunOutput, Option<report::TrialRows>)> {
    let mut checkpoints = dir.map(|dir| Checkpointer::new(dir, model, rule));
    let (start, keep) = match &mut checkpoints {
        Some(checkpoints) if args.resume => {
            let (start, keep) = checkpoints.resume()?;
            (start, Some(keep))
        }
        _ => (Start::new(model), None),
    };
    let settings = &model.settings;
    let mut rows = dir
        .map(|dir| {
            report::TrialRows::resumable(dir, settings.horizon, settings.exclude_planned, keep)
        })
        .transpose()?;
    let bar = progress::trials_bar(rule.max_trials, "simulating");
    bar.inc(start.first);
    let lines = args
        .progress
        .then(|| ProgressLines::new("simulating", start.first, rule.max_trials));
    let run = simulate_from(
        model,
        args.threads,
        rule,
        start,
        &|done| {
            bar.inc(done);
            if let Some(lines) = &lines {
                lines.add(done);
            }
        },
        &mut |first, records, folded| match (&mut rows, &mut checkpoints) {
            (Some(rows), Some(checkpoints)) => {
                rows.write(first, records);
                checkpoints.after_batch(&folded, rows)
            }
            _ => Ok(()),
        },
    )?;
    bar.finish_and_clear();
    if let Some(lines) = &lines {
        lines.finish();
    }
    if let Some(checkpoints) = checkpoints {
        checkpoints.finish()?;
    }
    Ok((run, rows))
}
