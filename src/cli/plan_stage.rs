//! A sharded plan's paired stage on the command line (docs/cluster.md): the merge of the
//! design stage runs it here or leaves it pending (`nines merge --paired`),
//! `nines plan ... --paired-stage DIR [--shard I/N]` runs it, and a second `nines merge`
//! finishes the plan from the paired shards. The logic is `study::paired_stage`.

use std::path::Path;

use super::evaluate::print;
use super::plan::PlanArgs;
use super::study_shard::{Mode, StudyShard};
use crate::engine::BATCH;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::{self, Format, Staging};
use crate::shard::Shard;
use crate::study::grid::describe;
use crate::study::paired_stage::{self, PairedStage, RECORD_FILE};
use crate::study::plan::PlanReport;
use crate::study::shard::{strip_own_flags, StudyPieces};

/// Where the merge of a sharded plan's design stage runs its paired stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PairedAt {
    /// Here when it is no more work than one shard of the design stage, else left to shards.
    Auto,
    /// Here, on the merging machine: the plan is finished in one merge.
    Here,
    /// Left to shards of its own: the merge writes paired-stage.json (even with nothing to
    /// pair, so that a scripted pipeline always has the same steps).
    Sharded,
}

/// What the merge of a plan's design stage came to.
pub enum DesignStage {
    /// The finished plan (its paired stage run here, or nothing to pair).
    Finished(PlanReport),
    /// The ranking, its paired stage left to shards.
    Pending(PairedStage),
}

/// The merge of a plan's design stage: `ranking` (from `pieces`) finished here, or its
/// paired stage left pending, as `mode.paired` says.
pub fn design_stage_merged(
    ranking: PlanReport,
    models: &[Model],
    pieces: &StudyPieces,
    mode: &Mode,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<DesignStage> {
    let chosen = paired_stage::chosen(&ranking);
    let header = &pieces.header;
    let simulated = header.designs.iter().filter(|d| d.is_some()).count();
    let small = paired_stage::small(chosen.len(), simulated, ranking.trials, header.shards);
    let here = match mode.paired.unwrap_or(PairedAt::Auto) {
        PairedAt::Here => true,
        PairedAt::Sharded => false,
        PairedAt::Auto => small,
    };
    if here {
        if !chosen.is_empty() {
            super::say(&format!(
                "paired stage: the winner and {} runner(s)-up, {} trials each in lockstep, run here ({}; --paired sharded leaves it to shards)",
                chosen.len() - 1,
                ranking.trials,
                if small {
                    "no more work than one shard of the design stage"
                } else {
                    "--paired here"
                }
            ));
        }
        let threads = mode.output.threads;
        return Ok(DesignStage::Finished(paired_stage::pair_here(
            ranking, models, threads, progress,
        )?));
    }
    let record = PairedStage::new(
        ranking,
        models,
        header.command.clone(),
        header.cwd.clone(),
        header.shards,
    )?;
    Ok(DesignStage::Pending(record))
}

/// Prints the ranking of a merged design stage whose paired stage is pending, writes its
/// record into the merge's --out, and says what to run next.
pub fn leave_pending(record: &PairedStage, mode: &Mode, staging: Option<Staging>) -> Result<()> {
    let staging = staging.expect("a merge has --out");
    let out = mode.output.out.as_deref().expect("a merge has --out");
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let ranking = &record.ranking;
    let batches = record.trials.div_ceil(BATCH);
    let text = match mode.output.format {
        Format::Json => {
            serde_json::to_string_pretty(record)
                .map_err(|e| Error::Runtime(format!("cannot encode JSON: {e}")))?
                + "\n"
        }
        _ => {
            let feasible = ranking.ranked.len();
            let winner = ranking.winner.map_or_else(
                || "no design was shown to meet the objectives".to_string(),
                |w| {
                    format!(
                        "the winner so far is {} at {} a year",
                        describe(&ranking.keys, &ranking.designs[w].values),
                        report::money(ranking.designs[w].cost_per_year.mean)
                    )
                },
            );
            let stage = if record.designs.is_empty() {
                "nothing to pair (fewer than two feasible designs): its shards write empty partials and the second merge writes the plan".to_string()
            } else {
                format!(
                    "the winner and {} runner(s)-up, {} trials each in lockstep ({batches} batch(es) to share among its shards)",
                    record.designs.len() - 1,
                    record.trials
                )
            };
            format!(
                "Design stage merged: {} designs, {feasible} feasible; {winner}.\nPaired stage pending: {stage}; recorded in {}.\n",
                ranking.designs.len(),
                out.join(RECORD_FILE).display()
            )
        }
    };
    print(&text)?;
    record.write(staging.path())?;
    staging.commit()?;
    let command: Vec<String> = strip_own_flags(&record.command)
        .into_iter()
        .map(quoted)
        .collect();
    super::say(&format!(
        "paired stage pending; next, from {}: nines {} --paired-stage {} --shard I/N --out PAIRED/I for I = 0..N-1, then nines merge PAIRED/* --out REPORT",
        record.cwd.display(),
        command.join(" "),
        quoted(&out.display().to_string())
    ));
    Ok(())
}

/// A word as a POSIX shell reads it back.
fn quoted(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=,:%@+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `nines plan ... --paired-stage DIR --shard I/N --out PART`: shard `shard` of the paired
/// stage recorded in `dir`, over the designs `models` of this command's grid.
pub fn paired_shard(args: &PlanArgs, models: &[Model], dir: &Path, shard: Shard) -> Result<()> {
    let record = PairedStage::read(dir)?;
    let group = record.designs_of(models, dir)?;
    let study = StudyShard {
        simulated: vec![true; group.len()],
        models: &group,
        lockstep: true,
        scenarios: &[&args.scenario],
    };
    study.write_stage(shard, &args.study, Some(&record))
}

/// The finished plan of a paired stage: its record's ranking with the paired differences
/// folded from `pieces` (the second merge), or simulated here from the record in `dir`.
pub fn finished(
    models: &[Model],
    dir: &Path,
    pieces: Option<&StudyPieces>,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PlanReport> {
    let Some(pieces) = pieces else {
        let record = PairedStage::read(dir)?;
        record.designs_of(models, dir)?;
        return paired_stage::pair_here(record.ranking, models, threads, progress);
    };
    let record = pieces.paired_stage.as_ref().ok_or_else(|| {
        Error::Input(format!(
            "{}: these partials hold no {RECORD_FILE}; run the paired shards again",
            dir.display()
        ))
    })?;
    let group = record.designs_of(models, Path::new(RECORD_FILE))?;
    let mut differences = Vec::new();
    for (design, model) in group.iter().enumerate() {
        let (_, paired) = pieces.fold(design, model, design > 0)?;
        if design > 0 {
            differences.push(paired);
        }
    }
    Ok(paired_stage::finish(
        record.ranking.clone(),
        models,
        &differences,
    ))
}
