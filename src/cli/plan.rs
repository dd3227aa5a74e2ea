//! `nines plan`: flags, the grid of designs, printing and --out; the search is
//! `study::plan`.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::print;
use super::parse;
use super::plan_stage::DesignStage;
use super::progress;
use super::study_args::StudyArgs;
use super::study_shard::{Mode, StudyShard};
use crate::error::{Error, Result};
use crate::report::{self, Format};
use crate::study::carry::Carried;
use crate::study::objective::{parse_objective, Objective};
use crate::study::plan::{self, Minimize, PlanSpec};
use crate::study::{parse_axis, parse_zip, Axis, Grid};

/// Arguments of `nines plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Scenario file whose keys are varied; it needs a [cost] table.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,

    /// A key and its values, as `sweep --set` takes them; several make a grid of every
    /// combination.
    #[arg(long = "vary", value_name = "KEY=V1,V2,...", required = true, num_args = 1, action = clap::ArgAction::Append, value_parser = parse_axis)]
    pub vary: Vec<Axis>,

    /// Varied keys that move together (their i-th values paired).
    #[arg(long = "zip", value_name = "KEY,KEY,...", num_args = 1, action = clap::ArgAction::Append, value_parser = parse_zip)]
    pub zips: Vec<Vec<String>>,

    /// What every design must be shown to meet: availability>=99.99%, requests>=99.95%,
    /// downtime<=30 (minutes a year), rto.p99<=4h, rpo.mean<=15m. Default: availability at
    /// least the scenario's target.
    #[arg(long = "objective", value_name = "METRIC>=VALUE", num_args = 1, action = clap::ArgAction::Append, value_parser = parse_objective)]
    pub objectives: Vec<Objective>,

    /// What to minimise.
    #[arg(long, value_enum, default_value_t = Minimize::TotalCost)]
    pub minimize: Minimize,

    /// Error rate of the racing's early discards, all together: "5%" or 0.05.
    #[arg(long, value_name = "ALPHA", default_value = "5%", value_parser = parse::confidence)]
    pub error_rate: f64,

    /// The indifference zone, a share of cost: a racing design shown to cost at most this
    /// share of a design shown feasible less than it is dropped as tied with it, keeping
    /// the one cheaper in infrastructure ("1%"; 0 ties only designs identical on every
    /// trial).
    #[arg(long, value_name = "SHARE", default_value = "1%", value_parser = parse::share)]
    pub indifference: f64,

    /// Trials of the first racing round, at least.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = parse::trials_for_intervals)]
    pub first_trials: u64,

    /// Simulate every design at the full trial count: no racing and no cost bound (to
    /// measure what racing saves).
    #[arg(long)]
    pub no_racing: bool,

    /// Simulate designs even where an exact solution decides them.
    #[arg(long)]
    pub no_exact: bool,

    /// Run a sharded plan's paired stage (the winner and runners-up in lockstep), left
    /// pending by the `nines merge` whose --out is DIR: with --shard I/N one shard of it,
    /// for a second `nines merge`; without, all of it here, printing the finished plan.
    /// The other flags must be the design stage's (docs/cluster.md).
    #[arg(long, value_name = "DIR")]
    pub paired_stage: Option<PathBuf>,

    /// Trials at full count, seed and confidence of the final intervals, output, shards.
    #[command(flatten)]
    pub study: StudyArgs,
}

/// Builds every design, races them and prints the plan.
pub fn execute(args: PlanArgs) -> Result<()> {
    run(&args, &Mode::simulate(&args.study))
}

/// The plan, simulated or (a merge) from its shards' pieces.
pub(super) fn run(args: &PlanArgs, mode: &Mode) -> Result<()> {
    if mode.output.format == Format::Csv {
        return Err(Error::Input(
            "--format csv: plan prints table, json or markdown".into(),
        ));
    }
    let grid = Grid::new(&args.vary, &args.zips, "--vary")?;
    let base = mode.sources.base(&args.scenario)?;
    let adjust = |settings: &mut crate::model::Settings| args.study.adjust(settings);
    let models = grid
        .points
        .iter()
        .map(|values| base.model(&grid, values, "--vary", &adjust))
        .collect::<Result<Vec<_>>>()?;
    plan::check(&models, &grid.points, &grid.keys)?;
    if models[0].settings.method == crate::model::Method::Rare {
        return Err(Error::Input(
            "nines plan does not support method = \"rare\" yet (it races plain trials on common random numbers); run the finalists with nines run --method rare".into(),
        ));
    }
    // Every design shares the first one's run settings, for common random numbers.
    let shared = models[0].settings.clone();
    let models: Vec<_> = models
        .into_iter()
        .map(|mut m| {
            let exclude_planned = m.settings.exclude_planned;
            let target = m.settings.target;
            m.settings = shared.clone();
            m.settings.exclude_planned = exclude_planned;
            m.settings.target = target;
            m
        })
        .collect();
    let objectives = if args.objectives.is_empty() {
        vec![parse_objective(&format!(
            "availability>={}",
            crate::model::format_percent(shared.target)
        ))
        .map_err(Error::Input)?]
    } else {
        args.objectives.clone()
    };
    let sharded = args.study.shard.is_some();
    let spec = PlanSpec {
        objectives,
        minimize: args.minimize,
        alpha: args.error_rate,
        first_trials: args.first_trials,
        // Racing decides each round from the last: it cannot be split into shards.
        racing: !args.no_racing && !sharded,
        exact: !args.no_exact,
        indifference: args.indifference,
    };
    if let (Some(dir), Some(shard), None) = (&args.paired_stage, args.study.shard, mode.pieces) {
        return super::plan_stage::paired_shard(args, &models, dir, shard);
    }
    if let (Some(shard), None) = (args.study.shard, mode.pieces) {
        let simulated = models
            .iter()
            .map(|m| !spec.exact || plan::decide_exactly(m, &spec).is_none())
            .collect();
        let study = StudyShard {
            simulated,
            models: &models,
            lockstep: false,
            scenarios: &[&args.scenario],
        };
        return study.write(shard, &args.study);
    }
    let staging = mode.staging()?;
    let bar = progress::trials_bar(shared.trials * models.len() as u64, "planning");
    let progress = |done| bar.inc(done);
    let threads = mode.output.threads;
    let runs = |i: usize, model: &crate::model::Model, so_far: &mut Carried, threads: usize| {
        match mode.pieces {
            None => so_far.advance(model, threads, model.settings.trials, &progress)?,
            // A sharded plan has one round: its pieces are the whole run.
            Some(pieces) => *so_far = Carried::from_output(pieces.fold(i, model, false)?.0),
        }
        Ok(())
    };
    let (keys, points) = (grid.keys.clone(), grid.points.clone());
    let report = match (&args.paired_stage, mode.pieces) {
        (Some(_), Some(_)) if mode.paired.is_some() => {
            return Err(Error::Input(
                "--paired: these are the paired stage's own partials, whose merge finishes the plan; merge them without it"
                    .into(),
            ))
        }
        (Some(dir), pieces) => {
            super::plan_stage::finished(&models, dir, pieces, threads, &progress)?
        }
        (None, None) => plan::plan(keys, points, &models, &spec, threads, &progress, &runs)?,
        (None, Some(pieces)) => {
            let ranking = plan::rank(keys, points, &models, &spec, threads, &runs)?;
            match super::plan_stage::design_stage_merged(ranking, &models, pieces, mode, &progress)?
            {
                DesignStage::Finished(report) => report,
                DesignStage::Pending(record) => {
                    bar.finish_and_clear();
                    return super::plan_stage::leave_pending(&record, mode, staging);
                }
            }
        }
    };
    bar.finish_and_clear();
    print(&report::render_plan(&report, mode.output.format)?)?;
    if let Some(staging) = staging {
        report::write_plan_report(staging.path(), &report)?;
        staging.commit()?;
    }
    Ok(())
}
