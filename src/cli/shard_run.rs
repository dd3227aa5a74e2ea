//! `nines run --shard I/N --out DIR`: simulate one block of a run's trials and write its
//! partial result, for `nines merge` (docs/partials.md).

use super::evaluate::print;
use super::progress;
use super::progress_lines::ProgressLines;
use super::run::RunArgs;
use crate::engine::{simulate_from, Start};
use crate::error::{Error, Result};
use crate::report::{Staging, TrialRows};
use crate::shard::{Partial, PartialHeader, Shard, StoredScenario};
use crate::stats::StopRule;

/// Runs shard `shard` of the run `args` describes and writes its partial result.
pub fn execute(args: &RunArgs, shard: Shard) -> Result<()> {
    let out = args
        .out
        .as_deref()
        .ok_or_else(|| Error::Input("--shard needs --out DIR for the partial result".into()))?;
    let model = args.model()?;
    if model.settings.method == crate::model::Method::Rare {
        return Err(Error::Input(
            "--shard runs the plain method only; --method rare runs in seconds on one machine"
                .into(),
        ));
    }
    let scenario = StoredScenario::of(args.scenario.as_deref())?;
    let (first, end) = shard.trials(model.settings.trials);
    let staging = Staging::new(out)?;
    let mut rows = TrialRows::create(
        staging.path(),
        model.settings.horizon,
        model.settings.exclude_planned,
    )?;
    let mut start = Start::new(&model);
    start.first = first;
    start.stats.keep_batches();
    let label = format!("shard {}/{}", shard.index, shard.count);
    let bar = progress::trials_bar(end - first, &label);
    let lines = args
        .progress
        .then(|| ProgressLines::new(&label, 0, end - first));
    let run = simulate_from(
        &model,
        args.threads,
        &StopRule::fixed(end),
        start,
        &|done| {
            bar.inc(done);
            if let Some(lines) = &lines {
                lines.add(done);
            }
        },
        &mut |first, records, _| {
            if !args.no_rows {
                rows.write(first, records);
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    if let Some(lines) = &lines {
        lines.finish();
    }
    let mut header = PartialHeader::new(&model, scenario, shard, (first, end));
    header.wall_seconds = run.wall_seconds;
    header.rows = !args.no_rows;
    Partial {
        header,
        stats: run.stats,
        tally: run.tally,
    }
    .write(staging.path())?;
    rows.persist(staging.path())?;
    staging.commit()?;
    print(&format!(
        "shard {}/{}: trials {first}..{} of {} written to {}; combine the shards with nines merge\n",
        shard.index,
        shard.count,
        end.max(first + 1) - 1,
        model.settings.trials,
        out.display()
    ))
}
