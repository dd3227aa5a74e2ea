//! `nines plan`: flags, the grid of designs, printing and --out; the search is
//! `study::plan`.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::print;
use super::parse;
use super::progress;
use crate::error::{Error, Result};
use crate::report::{self, Format};
use crate::study::objective::{parse_objective, Objective};
use crate::study::plan::{self, Minimize, PlanSpec};
use crate::study::{parse_axis, parse_zip, Axis, Base, Grid};

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

    /// Trials per design at full count (default: the scenario's).
    #[arg(long, value_name = "N", value_parser = parse::trials_for_intervals, allow_hyphen_values = true)]
    pub trials: Option<u64>,

    /// Seed of every design (default: the scenario's).
    #[arg(long, value_name = "S", value_parser = parse::seed, allow_hyphen_values = true)]
    pub seed: Option<u64>,

    /// Confidence of the final intervals (default: the scenario's).
    #[arg(long, value_name = "C", value_parser = parse::confidence, allow_hyphen_values = true)]
    pub confidence: Option<f64>,

    /// Worker threads; 0 uses one per core. Results do not depend on it.
    #[arg(long, value_name = "T", default_value_t = 0, value_parser = parse::threads)]
    pub threads: usize,

    /// How to print the plan on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Also write a report into this folder: index.html with the frontier chart and
    /// plan.json.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Builds every design, races them and prints the plan.
pub fn execute(args: PlanArgs) -> Result<()> {
    if args.format == Format::Csv {
        return Err(Error::Input(
            "--format csv: plan prints table, json or markdown".into(),
        ));
    }
    let grid = Grid::new(&args.vary, &args.zips, "--vary")?;
    let base = Base::read(&args.scenario)?;
    let adjust = |settings: &mut crate::model::Settings| {
        settings.trials = args.trials.unwrap_or(settings.trials);
        settings.seed = args.seed.unwrap_or(settings.seed);
        settings.confidence = args.confidence.unwrap_or(settings.confidence);
        settings.importance_trials = Some(0);
    };
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
    let spec = PlanSpec {
        objectives,
        minimize: args.minimize,
        alpha: args.error_rate,
        first_trials: args.first_trials,
        racing: !args.no_racing,
        exact: !args.no_exact,
    };
    let staging = args.out.as_deref().map(report::Staging::new).transpose()?;
    let bar = progress::trials_bar(shared.trials * models.len() as u64, "planning");
    let report = plan::plan(
        grid.keys.clone(),
        grid.points.clone(),
        &models,
        &spec,
        args.threads,
        &|done| bar.inc(done),
    )?;
    bar.finish_and_clear();
    print(&report::render_plan(&report, args.format)?)?;
    if let Some(staging) = staging {
        report::write_plan_report(staging.path(), &report)?;
        staging.commit()?;
    }
    Ok(())
}
