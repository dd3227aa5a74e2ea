//! `nines sweep`: one row per value (or pair of values) of one or two scenario keys, and the
//! smallest value that meets the objective with confidence.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::{evaluate, print};
use super::parse;
use super::precision::PrecisionArgs;
use crate::error::Result;
use crate::report::{self, Format};
use crate::study::{numeric, parse_axis, parse_zip, Axis, Base, Cheaper, Grid, Point, SweepReport};

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

    /// Trials per point (default: the scenario's).
    #[arg(long, value_name = "N", value_parser = parse::trials_for_intervals, allow_hyphen_values = true)]
    pub trials: Option<u64>,

    /// Seed of every point (default: the scenario's); the same for all points.
    #[arg(long, value_name = "S", value_parser = parse::seed, allow_hyphen_values = true)]
    pub seed: Option<u64>,

    /// Length of one trial at every point, with units: "1y", "6w" (default: the scenario's).
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_hyphen_values = true)]
    pub horizon: Option<f64>,

    /// Availability objective at every point: "99.99%" or 0.9999 (default: the scenario's).
    #[arg(long, value_name = "A", value_parser = parse::target, allow_hyphen_values = true)]
    pub target: Option<f64>,

    /// Confidence level of every interval: 0.95 or "99%" (default: the scenario's).
    #[arg(long, value_name = "C", value_parser = parse::confidence, allow_hyphen_values = true)]
    pub confidence: Option<f64>,

    /// Which values of the first key are cheaper, for the verdict: "lower" (fewer replicas:
    /// the smallest value meeting the target) or "higher" (slower repairs: the largest).
    /// Default: read from the results, as the direction in which availability falls.
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub cheaper: Option<Cheaper>,

    /// Worker threads; 0 uses one per core.
    #[arg(long, value_name = "T", default_value_t = 0, value_parser = parse::threads)]
    pub threads: usize,

    /// Estimator of every point: "plain" or "rare" (docs/rare-events.md). Overrides
    /// `[simulation] method`.
    #[arg(long, value_name = "METHOD", value_parser = parse::method)]
    pub method: Option<crate::model::Method>,

    /// How to print the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Also write a report into this folder: index.html with the chart (SVG and PNG) and
    /// sweep.json.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --precision, each point runs until its own interval is that narrow.
    #[command(flatten)]
    pub precision: PrecisionArgs,
}

/// Runs every point of the grid and prints the table.
pub fn execute(args: SweepArgs) -> Result<()> {
    let grid = Grid::new(&args.sets, &args.zips, "--set")?;
    let base = Base::read(&args.scenario)?;
    let adjust = |settings: &mut crate::model::Settings| {
        settings.trials = args.trials.unwrap_or(settings.trials);
        settings.seed = args.seed.unwrap_or(settings.seed);
        settings.horizon = args.horizon.unwrap_or(settings.horizon);
        settings.target = args.target.unwrap_or(settings.target);
        settings.confidence = args.confidence.unwrap_or(settings.confidence);
        settings.method = args.method.unwrap_or(settings.method);
        settings.importance_trials = Some(0);
    };
    // Every point is built and checked before any is simulated, so a bad value at the last
    // point fails in a second rather than after the others have run.
    let models = grid
        .points
        .iter()
        .map(|values| base.model(&grid, values, "--set", &adjust))
        .collect::<Result<Vec<_>>>()?;
    // The output folder is checked (and its staging folder made) before simulating.
    let staging = args.out.as_deref().map(report::Staging::new).transpose()?;
    let mut points = Vec::new();
    for (values, model) in grid.points.iter().zip(models) {
        let rule = args.precision.rule(model.settings.trials);
        let evaluation = evaluate(&model, args.threads, &grid.describe(values), &rule, None)?;
        points.push(Point {
            values: values.clone(),
            summary: evaluation.summary,
        });
    }
    let report = SweepReport::new(grid.keys.clone(), grid.first_axis, points, args.cheaper);
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_sweep(&report, args.format)?)?;
    if let Some(staging) = staging {
        report::write_sweep_report(staging.path(), &report, &numeric)?;
        staging.commit()?;
    }
    Ok(())
}
