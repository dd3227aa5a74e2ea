//! `nines merge DIR... --out DIR`: combine the partial results of `nines run --shard` into
//! the report one unsharded run would have written.

use std::path::PathBuf;

use clap::Args;

use super::evaluate::{print, summarize};
use super::parse;
use crate::error::{Error, Result};
use crate::report::{self, Format, Staging, TrialRows, TRIALS_FILE};
use crate::shard;

/// Arguments of `nines merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The --out folders of `nines run --shard I/N` (or of a sharded sweep, compare or
    /// plan), every shard once, in any order.
    #[arg(value_name = "DIR", required = true)]
    pub partials: Vec<PathBuf>,

    /// Folder for the report: the same summary.json, trials.csv, charts and index.html as
    /// the unsharded run.
    #[arg(long, value_name = "DIR", required = true)]
    pub out: PathBuf,

    /// Worker threads for the importance runs; 0 uses one per core.
    #[arg(long, value_name = "T", default_value_t = 0, value_parser = parse::threads)]
    pub threads: usize,

    /// How to print the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// A sharded plan's paired stage (the winner and runners-up in lockstep): run `here`,
    /// or leave it to shards of its own (`sharded`: writes paired-stage.json into --out for
    /// `nines plan ... --paired-stage DIR --shard I/N`). Default: here when it is no more
    /// work than one shard of the design stage (docs/cluster.md).
    #[arg(long, value_enum, value_name = "WHERE")]
    pub paired: Option<super::plan_stage::PairedAt>,
}

/// Checks and merges the partials, prints the results and writes the report.
pub fn execute(args: MergeArgs) -> Result<()> {
    let same = |a: &PathBuf| a.canonicalize().ok();
    if let Some(input) = args
        .partials
        .iter()
        .find(|p| same(p).is_some() && same(p) == same(&args.out))
    {
        return Err(Error::Input(format!(
            "--out {}: is one of the partials being merged; give a folder of its own",
            input.display()
        )));
    }
    if let Some(headers) = super::study_merge::headers(&args.partials)? {
        return super::study_merge::execute(&args, headers);
    }
    if args.paired.is_some() {
        return Err(Error::Input(
            "--paired: only a plan has a paired stage; merge a run's partials without it".into(),
        ));
    }
    // Checked before merging, so a bad --out fails at once.
    let staging = Staging::new(&args.out)?;
    let merged = shard::merge(&args.partials)?;
    let settings = &merged.model.settings;
    let mut rows = TrialRows::create(staging.path(), settings.horizon, settings.exclude_planned)?;
    for dir in &merged.dirs {
        rows.append_file(&dir.join(TRIALS_FILE))?;
    }
    let evaluation = summarize(&merged.model, merged.run, args.threads, "merging")?;
    print(&report::render(&evaluation.summary, args.format)?)?;
    report::write_run_report(
        staging.path(),
        &merged.model,
        &evaluation.summary,
        &evaluation.run,
        rows,
    )?;
    staging.commit()
}
