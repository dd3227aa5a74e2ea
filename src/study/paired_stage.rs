//! A plan's paired stage: the winner and up to three runners-up run again in lockstep over
//! the same trials, for paired differences against the winner. The unsharded plan runs it
//! at its end; a sharded plan can run it in shards of its own (docs/cluster.md): the merge
//! of the design stage writes the ranking and this stage's record, `paired-stage.json`,
//! shards of `nines plan ... --paired-stage DIR` run its lockstep blocks, and a second
//! merge finishes the plan from the record and their paired differences.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::plan::{Minimize, Paired, PlanReport};
use crate::engine::BATCH;
use crate::error::{Error, Result};
use crate::model::cost::DowntimePrice;
use crate::model::Model;
use crate::report::write_atomically;
use crate::shard::{bad, fnv1a64, model_hash};
use crate::stats::{compare, Estimate, PairedDifferences, StopRule};
use crate::units::YEAR;

/// The record's file, in the design stage's merge folder and in every paired shard's.
pub const RECORD_FILE: &str = "paired-stage.json";
/// What `format` says in a record.
const FORMAT: &str = "nines plan paired stage";
/// The record's format version.
const VERSION: u32 = 1;
/// Designs in the paired stage at most: the winner and three runners-up.
const PAIRED_DESIGNS: usize = 4;

/// The designs of `ranking`'s paired stage, winner first: none when fewer than two are
/// feasible (there is nothing to pair).
pub fn chosen(ranking: &PlanReport) -> Vec<usize> {
    if ranking.ranked.len() < 2 {
        return Vec::new();
    }
    ranking
        .ranked
        .iter()
        .take(PAIRED_DESIGNS)
        .copied()
        .collect()
}

/// Whether the paired stage of `chosen` designs is small enough to run where the design
/// stage is merged: no more batches than the largest of `shards` shards of the design stage,
/// whose `simulated` designs ran `trials` trials each. The merge then adds at most one
/// shard's work to the end of the plan.
pub fn small(chosen: usize, simulated: usize, trials: u64, shards: u64) -> bool {
    let batches = trials.div_ceil(BATCH);
    let design_stage = batches * simulated as u64;
    chosen as u64 * batches <= design_stage.div_ceil(shards.max(1))
}

/// `ranking` finished with its paired stage simulated here, on `threads`.
pub fn pair_here(
    ranking: PlanReport,
    models: &[Model],
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PlanReport> {
    let chosen = chosen(&ranking);
    if chosen.is_empty() {
        return Ok(ranking);
    }
    let group: Vec<Model> = chosen.iter().map(|&i| models[i].clone()).collect();
    let rule = StopRule::fixed(group[0].settings.trials);
    let (_, differences) = super::run_in_lockstep(&group, threads, &rule, progress)?;
    Ok(finish(ranking, models, &differences))
}

/// `ranking` with its paired stage's results: `differences` of each runner-up against the
/// winner over the same trials, in the order of [`chosen`].
pub fn finish(
    mut ranking: PlanReport,
    models: &[Model],
    differences: &[PairedDifferences],
) -> PlanReport {
    let chosen = chosen(&ranking);
    if chosen.is_empty() {
        return ranking;
    }
    let confidence = models[chosen[0]].settings.confidence;
    let winner_infra = ranking.designs[chosen[0]].infrastructure_per_year;
    let paired = chosen[1..]
        .iter()
        .zip(differences)
        .map(|(&i, d)| {
            let c = compare("runner-up", "winner", d, confidence);
            let delta_infra = ranking.designs[i].infrastructure_per_year - winner_infra;
            let a = &c.availability_difference;
            let cost_difference = match ranking.minimize {
                Minimize::InfrastructureCost => Some(Estimate {
                    mean: delta_infra,
                    ci_low: Some(delta_infra),
                    ci_high: Some(delta_infra),
                }),
                Minimize::TotalCost => match (per_hour(&models[chosen[0]]), per_hour(&models[i])) {
                    (Some(p), Some(q)) if p == q => {
                        let money = p * YEAR;
                        Some(Estimate {
                            mean: delta_infra - money * a.mean,
                            ci_low: a.ci_high.map(|h| delta_infra - money * h),
                            ci_high: a.ci_low.map(|l| delta_infra - money * l),
                        })
                    }
                    _ => None,
                },
            };
            Paired {
                design: i,
                availability_difference: a.clone(),
                cost_difference,
                significant: c.significant,
            }
        })
        .collect();
    ranking.paired = paired;
    ranking.simulated_trials += ranking.trials * chosen.len() as u64;
    ranking
}

/// The price of an hour down when the cost difference follows from the paired availability
/// alone: downtime priced per hour (or not at all) and no SLA credits.
fn per_hour(model: &Model) -> Option<f64> {
    match (
        model.cost.as_ref().and_then(|c| c.downtime),
        model.sla.credits.is_empty(),
    ) {
        (None, true) => Some(0.0),
        (Some(DowntimePrice::PerHour(p)), true) => Some(p),
        _ => None,
    }
}

/// `paired-stage.json`: a plan's ranking with its paired stage still to run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairedStage {
    /// Always "nines plan paired stage".
    pub format: String,
    /// This format's version, 1.
    pub version: u32,
    /// The nines version that ranked the designs; the stage runs only with it.
    pub nines_version: String,
    /// The design stage's command line after `nines`, as its shards recorded it.
    pub command: Vec<String>,
    /// The folder the design stage's shards ran in (relative paths in `command`).
    pub cwd: PathBuf,
    /// Shards of the design stage.
    pub design_shards: u64,
    /// Every design's model hash, in grid order: the paired stage's shards must build the
    /// same designs.
    pub design_hashes: Vec<String>,
    /// The designs to run in lockstep, winner first (indices into the ranking's designs;
    /// empty when fewer than two are feasible).
    pub designs: Vec<usize>,
    /// Trials of each.
    pub trials: u64,
    /// The plan without its paired stage.
    pub ranking: PlanReport,
}

impl PairedStage {
    /// The record of `ranking`, whose designs are `models`, ranked from the shards of the
    /// design stage run by `command` from `cwd`.
    pub fn new(
        ranking: PlanReport,
        models: &[Model],
        command: Vec<String>,
        cwd: PathBuf,
        design_shards: u64,
    ) -> Result<PairedStage> {
        let record = PairedStage {
            format: FORMAT.to_string(),
            version: VERSION,
            nines_version: env!("CARGO_PKG_VERSION").to_string(),
            command,
            cwd,
            design_shards,
            design_hashes: models.iter().map(model_hash).collect(),
            designs: chosen(&ranking),
            trials: ranking.trials,
            ranking,
        };
        // A figure JSON cannot hold (NaN, infinite) would not come back with its bits.
        let text = record.text();
        match serde_json::from_str::<PairedStage>(&text) {
            Ok(back) if back.text() == text => Ok(record),
            _ => Err(Error::Runtime(
                "the ranking holds a figure JSON cannot keep exactly, so its paired stage cannot be left to shards; merge with --paired here".into(),
            )),
        }
    }

    /// The record's identity: a hash of its text, which each paired shard carries so that a
    /// merge never mixes the stages of two rankings.
    pub fn id(&self) -> String {
        fnv1a64(format_args!("{}", self.text()))
    }

    fn text(&self) -> String {
        serde_json::to_string_pretty(self).expect("a record encodes as JSON") + "\n"
    }

    /// Writes the record into `dir`.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let text = self.text();
        write_atomically(&dir.join(RECORD_FILE), |out| out.write_all(text.as_bytes()))
    }

    /// Reads the record in `dir` (the design stage's merge folder, or a paired shard's),
    /// checking it is one this nines runs and that it reads back to the same text (so
    /// every figure of the ranking keeps its bits).
    pub fn read(dir: &Path) -> Result<PairedStage> {
        let path = dir.join(RECORD_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            bad(
                dir,
                format!(
                    "cannot read {RECORD_FILE} ({e}): give the --out folder of the nines merge that ranked the plan's designs and left its paired stage pending"
                ),
            )
        })?;
        let record: PairedStage = serde_json::from_str(&text).map_err(|e| {
            Error::Input(format!(
                "{}: line {}: not a readable paired-stage record: {e}",
                path.display(),
                e.line()
            ))
        })?;
        if record.format != FORMAT || record.version != VERSION {
            return Err(bad(
                &path,
                format!(
                    "is a {} of version {}; this nines reads {FORMAT} version {VERSION}",
                    record.format, record.version
                ),
            ));
        }
        if record.nines_version != env!("CARGO_PKG_VERSION") {
            return Err(bad(
                &path,
                format!(
                    "was ranked by nines {}, this is {}: run the paired stage with the nines that ran the design stage",
                    record.nines_version,
                    env!("CARGO_PKG_VERSION")
                ),
            ));
        }
        if record.text() != text {
            return Err(bad(
                &path,
                "has been edited (it does not read back to its own text); merge the design stage again",
            ));
        }
        Ok(record)
    }

    /// The record's designs taken from `models` (the grid built again), refusing a grid or
    /// settings other than the ranked ones.
    pub fn designs_of(&self, models: &[Model], source: &Path) -> Result<Vec<Model>> {
        let hashes: Vec<String> = models.iter().map(model_hash).collect();
        if hashes != self.design_hashes {
            let which = hashes
                .iter()
                .zip(&self.design_hashes)
                .position(|(a, b)| a != b)
                .map_or_else(
                    || {
                        format!(
                            "{} designs here, {} ranked",
                            hashes.len(),
                            self.design_hashes.len()
                        )
                    },
                    |i| format!("design {i} differs"),
                );
            return Err(bad(
                source,
                format!(
                    "the designs ranked there are not this command's ({which}): give --paired-stage the same scenario and flags as the design stage (nines {})",
                    self.command.join(" ")
                ),
            ));
        }
        Ok(self.designs.iter().map(|&i| models[i].clone()).collect())
    }
}
