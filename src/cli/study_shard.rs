//! `nines sweep|compare|plan --shard I/N --out DIR`: simulate one shard of a study's units
//! and write its pieces as partial results; and what a study needs to run either way
//! (simulating, or folding the pieces a merge gathered). docs/partials.md.

use std::path::{Path, PathBuf};

use super::evaluate::print;
use super::progress;
use super::progress_lines::ProgressLines;
use super::study_args::StudyArgs;
use crate::engine::{simulate_from, Start};
use crate::error::Result;
use crate::model::Model;
use crate::report::{Format, Staging};
use crate::shard::{Partial, PartialHeader, Shard, StoredScenario};
use crate::stats::StopRule;
use crate::study::paired_stage::PairedStage;
use crate::study::shard::{pieces, write_paired, Piece, StudyHeader, StudyPieces, PAIRED};
use crate::study::{run_in_lockstep_from, RecordedScenario, Sources};

pub use super::plan_stage::PairedAt;

/// How a study runs: simulating its designs, or from the pieces of its shards (a merge,
/// which brings its own output flags).
pub struct Mode<'a> {
    /// Where the scenario texts come from.
    pub sources: Sources,
    /// The merged shards' pieces, when merging.
    pub pieces: Option<&'a StudyPieces>,
    /// What to print, where to write, on how many threads.
    pub output: Output,
    /// A merge's `--paired`: where a plan's paired stage runs (None: chosen by its size).
    pub paired: Option<PairedAt>,
}

/// The output flags in force: the study's own, or the merge's.
pub struct Output {
    /// How to print on stdout.
    pub format: Format,
    /// The report folder.
    pub out: Option<PathBuf>,
    /// Worker threads.
    pub threads: usize,
}

impl Mode<'_> {
    /// A study simulating its designs, with its own flags.
    pub fn simulate(study: &StudyArgs) -> Mode<'static> {
        Mode {
            sources: Sources::Disk,
            pieces: None,
            output: Output {
                format: study.format,
                out: study.out.clone(),
                threads: study.threads,
            },
            paired: None,
        }
    }

    /// The report's staging folder, checked before anything is simulated or merged.
    pub fn staging(&self) -> Result<Option<Staging>> {
        self.output.out.as_deref().map(Staging::new).transpose()
    }
}

/// A study's shard: which designs it simulates and how they share trials.
pub struct StudyShard<'a> {
    /// Every design, in study order.
    pub models: &'a [Model],
    /// Which designs are simulated at all (plan decides some exactly).
    pub simulated: Vec<bool>,
    /// Every design over the same trials, for paired differences (compare).
    pub lockstep: bool,
    /// The scenario files the study read.
    pub scenarios: &'a [&'a Path],
}

impl StudyShard<'_> {
    /// Simulates shard `shard` and writes its partial into the --out of `args`.
    pub fn write(&self, shard: Shard, args: &StudyArgs) -> Result<()> {
        self.write_stage(shard, args, None)
    }

    /// [`StudyShard::write`], for a shard of a plan's paired stage when `stage` is its
    /// record: a copy of the record goes into the partial, its id into study.json.
    pub fn write_stage(
        &self,
        shard: Shard,
        args: &StudyArgs,
        stage: Option<&PairedStage>,
    ) -> Result<()> {
        let out = args.out.as_deref().expect("--shard requires --out");
        let threads = args.threads;
        let scenarios = self
            .scenarios
            .iter()
            .map(|path| RecordedScenario::read(path))
            .collect::<Result<Vec<_>>>()?;
        let staging = Staging::new(out)?;
        // A paired stage may have no designs (nothing to pair): its shards are empty.
        let trials = stage.map_or_else(|| self.models[0].settings.trials, |s| s.trials);
        let pieces = pieces(&self.simulated, trials, shard, self.lockstep);
        let label = format!("shard {}/{}", shard.index, shard.count);
        let total = pieces.iter().map(|p| p.end_trial - p.first_trial).sum();
        let bar = progress::trials_bar(total, &label);
        let lines = args.progress.then(|| ProgressLines::new(&label, 0, total));
        let progress = |done| {
            bar.inc(done);
            if let Some(lines) = &lines {
                lines.add(done);
            }
        };
        let write = |piece: &Piece, run: crate::engine::RunOutput| {
            let mut header = PartialHeader::new(
                &self.models[piece.design],
                StoredScenario {
                    path: None,
                    source: None,
                },
                shard,
                (piece.first_trial, piece.end_trial),
            );
            header.wall_seconds = run.wall_seconds;
            Partial {
                header,
                stats: run.stats,
                tally: run.tally,
            }
            .write_files(
                &piece.file(staging.path(), "json"),
                &piece.file(staging.path(), "bin"),
            )
        };
        if self.lockstep {
            if let Some(first) = pieces.first() {
                let rule = StopRule::fixed(first.end_trial);
                let (runs, differences) = run_in_lockstep_from(
                    self.models,
                    threads,
                    &rule,
                    first.first_trial,
                    &progress,
                )?;
                for ((piece, run), design) in pieces.iter().zip(runs).zip(0..) {
                    write(piece, run)?;
                    if design > 0 {
                        write_paired(
                            &piece.file(staging.path(), PAIRED),
                            &differences[design - 1],
                        )?;
                    }
                }
            }
        } else {
            for piece in &pieces {
                let model = &self.models[piece.design];
                let mut start = Start::new(model);
                start.first = piece.first_trial;
                start.stats.keep_batches();
                let rule = StopRule::fixed(piece.end_trial);
                let run =
                    simulate_from(model, threads, &rule, start, &progress, &mut |_, _, _| {
                        Ok(())
                    })?;
                write(piece, run)?;
            }
        }
        bar.finish_and_clear();
        if let Some(lines) = &lines {
            lines.finish();
        }
        let models: Vec<Option<&Model>> = self
            .models
            .iter()
            .zip(&self.simulated)
            .map(|(m, &s)| s.then_some(m))
            .collect();
        let count = pieces.len();
        let mut header = StudyHeader::new(
            std::env::args().skip(1).collect(),
            scenarios,
            &models,
            trials,
            shard,
            pieces,
        );
        if let Some(stage) = stage {
            stage.write(staging.path())?;
            header.paired_stage = Some(stage.id());
        }
        header.write(staging.path())?;
        staging.commit()?;
        print(&format!(
            "shard {}/{}: {count} piece(s) of the study written to {}; combine the shards with nines merge\n",
            shard.index,
            shard.count,
            out.display()
        ))
    }
}
