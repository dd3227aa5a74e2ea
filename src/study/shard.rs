//! Sharded studies (`nines sweep|compare|plan --shard I/N`): the study's work split into
//! contiguous units, each shard's pieces written as partial results, and the pieces of all
//! shards gathered and folded design by design for `nines merge` (docs/partials.md,
//! "Sharded studies").
//!
//! A unit is one batch of one design. Sweep and plan order them design by design (all the
//! batches of the first simulated design, then the next's) and give shard I of N the units
//! `floor(I·U/N)` to `floor((I+1)·U/N) - 1`; compare runs its designs in lockstep for the
//! paired differences, so its unit is one batch of every design and a shard holds the same
//! trials of each. Either way a piece is a block of whole batches of one design: the exact
//! merge of `nines run --shard` applies to it unchanged.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::paired_stage::{PairedStage, RECORD_FILE};
use super::sources::RecordedScenario;
use crate::engine::{RunOutput, BATCH};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::write_atomically;
use crate::shard::{bad, check_coverage, model_hash, Partial, Shard};
use crate::stats::{PairedDifferences, StopReason, StopRule, Tally, TrialStats};

/// The study file of a sharded study's partial folder.
pub const STUDY_FILE: &str = "study.json";
/// The extension of a compare piece's paired differences, beside its partial.
pub const PAIRED: &str = "paired.json";
/// What `kind` says in a study partial.
const KIND: &str = "study";

/// One design's block of trials in a shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// The design (grid point, or scenario of a compare), from 0.
    pub design: usize,
    /// First trial index.
    pub first_trial: u64,
    /// One past the last.
    pub end_trial: u64,
}

impl Piece {
    /// The file of this piece inside the shard's folder with `extension`: `json` (its
    /// partial.json), `bin` (its downtime.bin), `paired.json` (compare: the paired
    /// differences). Files side by side, so the folder is an ordinary report folder.
    pub fn file(&self, shard_dir: &Path, extension: &str) -> PathBuf {
        shard_dir.join(format!(
            "design-{}-{}.{extension}",
            self.design, self.first_trial
        ))
    }
}

/// The pieces of shard `shard` of a study whose designs run `trials` trials each, those
/// with `simulated[d]` false not at all; `lockstep`: every design over the same trials.
pub fn pieces(simulated: &[bool], trials: u64, shard: Shard, lockstep: bool) -> Vec<Piece> {
    let designs: Vec<usize> = (0..simulated.len()).filter(|&d| simulated[d]).collect();
    if lockstep {
        let (first_trial, end_trial) = shard.trials(trials);
        if first_trial == end_trial {
            return Vec::new();
        }
        return designs
            .into_iter()
            .map(|design| Piece {
                design,
                first_trial,
                end_trial,
            })
            .collect();
    }
    let per_design = trials.div_ceil(BATCH);
    let units = u128::from(per_design) * designs.len() as u128;
    let edge = |i: u64| (u128::from(i) * units / u128::from(shard.count)) as u64;
    let (start, end) = (edge(shard.index), edge(shard.index + 1));
    let mut pieces = Vec::new();
    for (k, &design) in designs.iter().enumerate() {
        let (low, high) = (k as u64 * per_design, (k as u64 + 1) * per_design);
        let (a, b) = (start.max(low), end.min(high));
        if a < b {
            pieces.push(Piece {
                design,
                first_trial: (a - low) * BATCH,
                end_trial: ((b - low) * BATCH).min(trials),
            });
        }
    }
    pieces
}

/// `study.json`: what a shard of a study is, checked before merging.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StudyHeader {
    /// Always "nines partial result".
    pub format: String,
    /// The partial format version ([`crate::shard::FORMAT_VERSION`]).
    pub version: u32,
    /// Always "study": not a run's partial.
    pub kind: String,
    /// Version of nines that simulated it.
    pub nines_version: String,
    /// The command line after the program name, as given (its --shard and --out are
    /// ignored by the merge).
    pub command: Vec<String>,
    /// The working folder it ran in: relative paths of `command` start there.
    pub cwd: PathBuf,
    /// The scenario files it read, with their texts.
    pub scenarios: Vec<RecordedScenario>,
    /// Every design's model hash, in design order (null: not simulated).
    pub designs: Vec<Option<String>>,
    /// Trials of every design.
    pub trials: u64,
    /// Trials per batch.
    pub batch: u64,
    /// Shard number, from 0.
    pub shard: u64,
    /// Shards of the study.
    pub shards: u64,
    /// The shard's pieces, each in its own folder.
    pub pieces: Vec<Piece>,
    /// A shard of a plan's paired stage (`--paired-stage`): the id of the record it ran
    /// (`paired_stage::RECORD_FILE`, copied beside it). Absent in every other study partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired_stage: Option<String>,
}

impl StudyHeader {
    /// The header of shard `shard` of a study of `models` (those simulated by it are
    /// `Some`), run by `command` from `cwd`.
    pub fn new(
        command: Vec<String>,
        scenarios: Vec<RecordedScenario>,
        models: &[Option<&Model>],
        trials: u64,
        shard: Shard,
        pieces: Vec<Piece>,
    ) -> StudyHeader {
        StudyHeader {
            format: crate::shard::FORMAT_NAME.to_string(),
            version: crate::shard::FORMAT_VERSION,
            kind: KIND.to_string(),
            nines_version: env!("CARGO_PKG_VERSION").to_string(),
            command,
            cwd: std::env::current_dir().unwrap_or_default(),
            scenarios,
            designs: models.iter().map(|m| m.map(model_hash)).collect(),
            trials,
            batch: BATCH,
            shard: shard.index,
            shards: shard.count,
            pieces,
            paired_stage: None,
        }
    }

    /// Writes it into the shard's folder `dir`, last (the pieces are written first).
    pub fn write(&self, dir: &Path) -> Result<()> {
        write_atomically(&dir.join(STUDY_FILE), |out| {
            serde_json::to_writer_pretty(&mut *out, self).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        })
    }

    /// Reads the header in `dir`, or `None` when `dir` holds no study (a run's partial).
    pub fn read(dir: &Path) -> Result<Option<StudyHeader>> {
        let path = dir.join(STUDY_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(bad(dir, format!("cannot read {STUDY_FILE}: {e}"))),
        };
        let header: StudyHeader = serde_json::from_str(&text).map_err(|e| {
            Error::Input(format!(
                "{}: line {}: not a readable nines study partial: {e}",
                path.display(),
                e.line()
            ))
        })?;
        if header.kind != KIND || header.version != crate::shard::FORMAT_VERSION {
            return Err(bad(
                dir,
                format!(
                    "{STUDY_FILE} is a {} of partial format version {}; this nines reads study partials of version {}",
                    header.kind,
                    header.version,
                    crate::shard::FORMAT_VERSION
                ),
            ));
        }
        Ok(Some(header))
    }
}

/// The pieces of every shard of one study, checked and grouped by design in trial order.
pub struct StudyPieces {
    /// The first shard's header (the others' match it).
    pub header: StudyHeader,
    /// Each design's pieces (their folders), in trial order.
    by_design: Vec<Vec<(Piece, PathBuf)>>,
    /// The record of a plan's paired stage, when these are its shards.
    pub paired_stage: Option<PairedStage>,
}

impl StudyPieces {
    /// Gathers the study partials in `dirs` (headers in `headers`, the same order): refuses
    /// shards of other studies, and any design whose trials are not covered exactly once.
    pub fn gather(dirs: &[PathBuf], headers: Vec<StudyHeader>) -> Result<StudyPieces> {
        let first = headers[0].clone();
        for (header, dir) in headers.iter().zip(dirs).skip(1) {
            let differs = |what: &str| {
                Err(bad(
                    dir,
                    format!(
                        "its {what} differs from {}'s: partials of different studies cannot be merged",
                        dirs[0].display()
                    ),
                ))
            };
            check_same_stage(header, dir, &first, &dirs[0])?;
            if header.nines_version != first.nines_version {
                return differs("nines version");
            }
            if header.batch != first.batch || header.trials != first.trials {
                return differs("trial count or batch size");
            }
            if header.designs != first.designs {
                return differs("designs (model hashes)");
            }
            if strip_own_flags(&header.command) != strip_own_flags(&first.command) {
                return differs("command line");
            }
        }
        let mut by_design = vec![Vec::new(); first.designs.len()];
        for (header, dir) in headers.iter().zip(dirs) {
            for piece in &header.pieces {
                let slot = by_design.get_mut(piece.design).ok_or_else(|| {
                    bad(
                        dir,
                        format!(
                            "{STUDY_FILE} names design {} of {}",
                            piece.design,
                            first.designs.len()
                        ),
                    )
                })?;
                slot.push((*piece, dir.clone()));
            }
        }
        for (design, pieces) in by_design.iter_mut().enumerate() {
            pieces.sort_by_key(|(p, _)| (p.first_trial, p.end_trial));
            let trials = if first.designs[design].is_some() {
                first.trials
            } else {
                0
            };
            let ranges: Vec<(u64, u64, &Path)> = pieces
                .iter()
                .map(|(p, dir)| (p.first_trial, p.end_trial, dir.as_path()))
                .collect();
            check_coverage(&ranges, trials, &format!("design {design}: "))?;
        }
        let paired_stage = match &first.paired_stage {
            None => None,
            Some(id) => {
                let record = PairedStage::read(&dirs[0])?;
                if record.id() != *id {
                    return Err(bad(
                        &dirs[0],
                        format!(
                            "its {RECORD_FILE} is not the one its shard ran; run the shard again"
                        ),
                    ));
                }
                Some(record)
            }
        };
        Ok(StudyPieces {
            header: first,
            by_design,
            paired_stage,
        })
    }

    /// Design `design`'s run folded from its pieces, one piece in memory at a time (and,
    /// with `paired`, its paired differences from the first design), refusing a `model`
    /// other than the one the shards simulated.
    pub fn fold(
        &self,
        design: usize,
        model: &Model,
        paired: bool,
    ) -> Result<(RunOutput, PairedDifferences)> {
        let hash = model_hash(model);
        if self.header.designs.get(design).cloned().flatten() != Some(hash.clone()) {
            return Err(Error::Input(format!(
                "design {design} compiles here to a different model ({hash}) than the shards simulated: merge with the nines build and data files the shards used"
            )));
        }
        let mut stats = TrialStats::new(model);
        let mut tally = Tally::new(model.layout.causes.len(), model.data.len());
        let mut differences = PairedDifferences::default();
        let mut wall_seconds = 0.0;
        for (piece, dir) in &self.by_design[design] {
            let partial = Partial::read_file(&piece.file(dir, "json"))?;
            let room = stats.downtime.room();
            let values =
                Partial::read_downtime_file(&piece.file(dir, "bin"), &partial.header, room)?;
            stats.append(&partial.stats, &values);
            tally = tally.merge(partial.tally);
            wall_seconds += partial.header.wall_seconds;
            if paired {
                differences.append(&read_paired(&piece.file(dir, PAIRED))?);
            }
        }
        let trials = self.header.trials;
        let run = RunOutput {
            stats,
            tally,
            wall_seconds,
            rule: StopRule::fixed(trials),
            stopped: StopReason::Trials,
        };
        Ok((run, differences))
    }
}

/// Refuses to merge a shard of a plan's paired stage with a shard of anything else, or with
/// a paired shard of another ranking.
fn check_same_stage(
    header: &StudyHeader,
    dir: &Path,
    first: &StudyHeader,
    first_dir: &Path,
) -> Result<()> {
    let stage = |h: &StudyHeader| {
        if h.paired_stage.is_some() {
            "a plan's paired stage (--paired-stage)"
        } else {
            "a design stage"
        }
    };
    match (&header.paired_stage, &first.paired_stage) {
        (Some(a), Some(b)) if a != b => Err(bad(
            dir,
            format!(
                "a paired stage of another ranking than {}'s ({RECORD_FILE} {a}, not {b}): merge the paired shards run from one design-stage merge",
                first_dir.display()
            ),
        )),
        (a, b) if a.is_some() != b.is_some() => Err(bad(
            dir,
            format!(
                "a shard of {}, {} of {}: merge each stage's partials on their own",
                stage(header),
                first_dir.display(),
                stage(first)
            ),
        )),
        _ => Ok(()),
    }
}

/// The command line without the flags that differ between shards (and their values).
pub fn strip_own_flags(command: &[String]) -> Vec<&str> {
    let mut kept = Vec::new();
    let mut skip = false;
    for word in command {
        if std::mem::take(&mut skip) {
            continue;
        }
        match word.as_str() {
            "--shard" | "--out" | "--threads" | "--format" => skip = true,
            // A flag without a value: some shards may print progress and others not.
            "--progress" => {}
            w if ["--shard=", "--out=", "--threads=", "--format="]
                .iter()
                .any(|f| w.starts_with(f)) => {}
            w => kept.push(w),
        }
    }
    kept
}

/// Writes a compare piece's paired differences into the file `path`.
pub fn write_paired(path: &Path, differences: &PairedDifferences) -> Result<()> {
    write_atomically(path, |out| {
        serde_json::to_writer(&mut *out, differences).map_err(std::io::Error::other)
    })
}

fn read_paired(path: &Path) -> Result<PairedDifferences> {
    let text =
        std::fs::read_to_string(path).map_err(|e| bad(path, format!("cannot read it: {e}")))?;
    let differences: PairedDifferences =
        serde_json::from_str(&text).map_err(|e| bad(path, format!("not readable: {e}")))?;
    if differences.batches.is_none() {
        return Err(bad(path, "keeps no batches; run the shard again"));
    }
    Ok(differences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_every_design_once_in_whole_batches() {
        let simulated = [true, false, true, true];
        for trials in [1, BATCH, 3 * BATCH + 5, 10 * BATCH] {
            for count in [1, 2, 3, 7, 64] {
                for lockstep in [false, true] {
                    let mut next = [0u64; 4];
                    for index in 0..count {
                        for p in pieces(&simulated, trials, Shard { index, count }, lockstep) {
                            assert!(simulated[p.design]);
                            assert_eq!(p.first_trial, next[p.design]);
                            assert_eq!(p.first_trial % BATCH, 0);
                            assert!(p.end_trial > p.first_trial);
                            next[p.design] = p.end_trial;
                        }
                    }
                    assert_eq!(next, [trials, 0, trials, trials]);
                }
            }
        }
    }

    #[test]
    fn shards_own_flags_do_not_make_studies_differ() {
        let a: Vec<String> = [
            "sweep", "s.toml", "--shard", "0/3", "--out=a", "--trials", "9",
        ]
        .map(String::from)
        .into();
        let b: Vec<String> = [
            "sweep",
            "s.toml",
            "--out",
            "b",
            "--shard=2/3",
            "--progress",
            "--trials",
            "9",
        ]
        .map(String::from)
        .into();
        assert_eq!(strip_own_flags(&a), strip_own_flags(&b));
        assert_eq!(strip_own_flags(&a), ["sweep", "s.toml", "--trials", "9"]);
    }
}
