//! `nines sweep`: one row per value (or pair of values) of one or two scenario keys, and the
//! smallest value that meets the objective with confidence.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::{evaluate, print, summarize};
use super::study_args::{DesignArgs, StudyArgs};
use super::study_shard::{Mode, StudyShard};
use crate::error::Result;
use crate::model::Model;
use crate::report;
use crate::study::{numeric, parse_axis, parse_zip, Axis, Cheaper, Grid, Point, SweepReport};

/// Arguments of `nines sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file to vary.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,

    /// A key and its values: components.app.count=2,3,4 or components.db.repair.mean=1h,4h.
    /// Array elements by index: components.app.modes.0.repair.median=1h,2h (or modes[0]).
    /// Give it once per key: several keys make a grid of every combination (the first
    /// key moving fastest), unless --zip pairs them.
    #[arg(long = "set", value_name = "KEY=V1,V2,...", required = true, num_args = 1, action = clap::ArgAction::Append, value_parser = parse_axis)]
    pub sets: Vec<Axis>,

    /// Keys given with --set that move together, their i-th values paired (as many values
    /// each): --zip components.app.count,cost.components.app.per_instance.
    #[arg(long = "zip", value_name = "KEY,KEY,...", num_args = 1, action = clap::ArgAction::Append, value_parser = parse_zip)]
    pub zips: Vec<Vec<String>>,

    /// Which values of the first key are cheaper, for the verdict: "lower" (fewer replicas:
    /// the smallest value meeting the target) or "higher" (slower repairs: the largest).
    /// Default: read from the results, as the direction in which availability falls.
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub cheaper: Option<Cheaper>,

    #[command(flatten)]
    pub design: DesignArgs,

    #[command(flatten)]
    pub study: StudyArgs,
}

/// Runs every point of the grid and prints the table.
pub fn execute(args: SweepArgs) -> Result<()> {
    run(&args, &Mode::simulate(&args.study))
}

/// The sweep, simulated or (a merge) from its shards' pieces.
pub(super) fn run(args: &SweepArgs, mode: &Mode) -> Result<()> {
    let grid = Grid::new(&args.sets, &args.zips, "--set")?;
    let base = mode.sources.base(&args.scenario)?;
    let adjust = |settings: &mut crate::model::Settings| {
        args.study.adjust(settings);
        args.design.adjust(settings);
    };
    // Every point is built and checked before any is simulated, so a bad value at the last
    // point fails in a second rather than after the others have run.
    let models = grid
        .points
        .iter()
        .map(|values| base.model(&grid, values, "--set", &adjust))
        .collect::<Result<Vec<Model>>>()?;
    if let (Some(shard), None) = (args.study.shard, mode.pieces) {
        args.design.check_shard(models[0].settings.method)?;
        let study = StudyShard {
            simulated: vec![true; models.len()],
            models: &models,
            lockstep: false,
            scenarios: &[&args.scenario],
        };
        return study.write(shard, &args.study);
    }
    // The output folder is checked (and its staging folder made) before simulating.
    let staging = mode.staging()?;
    let threads = mode.output.threads;
    let mut points = Vec::new();
    for (i, (values, model)) in grid.points.iter().zip(models).enumerate() {
        let label = grid.describe(values);
        let evaluation = match mode.pieces {
            None => {
                let rule = args.design.precision.rule(model.settings.trials);
                evaluate(&model, threads, &label, &rule, None)?
            }
            Some(pieces) => summarize(&model, pieces.fold(i, &model, false)?.0, threads, &label)?,
        };
        points.push(Point {
            values: values.clone(),
            summary: evaluation.summary,
        });
    }
    let report = SweepReport::new(grid.keys.clone(), grid.first_axis, points, args.cheaper);
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_sweep(&report, mode.output.format)?)?;
    if let Some(staging) = staging {
        report::write_sweep_report(staging.path(), &report, &numeric)?;
        staging.commit()?;
    }
    Ok(())
}
