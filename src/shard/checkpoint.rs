//! Checkpoints of a run with `--out`: every few seconds, between batches, what the finished
//! trials folded into is saved in the run's staging folder, so that after an interruption
//! (Ctrl-C, SIGTERM, SIGKILL, a lost node) `--resume` continues from the last saved batch
//! and ends with exactly the results of an uninterrupted run (docs/partials.md).
//!
//! Saving order makes a crash at any point safe: the trials.csv rows and the new downtime
//! values are flushed to disk first, then `checkpoint.json` (which says how many bytes and
//! values count) replaces the previous one in one rename. Anything written after the last
//! checkpoint is dropped on resume.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{model_hash, values};
use crate::engine::{Folded, Start};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::{write_atomically, TrialRows};
use crate::stats::{StopRule, Tally, TrialStats};

/// Version of the checkpoint format.
const CHECKPOINT_VERSION: u32 = 1;
/// Name of the checkpoint in the staging folder.
pub const CHECKPOINT_FILE: &str = "checkpoint.json";
/// The kept per-trial downtime values so far, appended at each checkpoint.
const VALUES_FILE: &str = "downtime.bin";
/// Seconds between checkpoints unless `NINES_CHECKPOINT_SECONDS` says otherwise (tests).
const DEFAULT_EVERY: f64 = 5.0;

/// What a checkpoint records.
#[derive(Serialize, Deserialize)]
struct Checkpoint {
    version: u32,
    nines_version: String,
    model_hash: String,
    precision: Option<f64>,
    max_trials: u64,
    /// The next trial to simulate: every trial before it is folded in.
    next_trial: u64,
    /// Bytes of trials.csv holding those trials' rows.
    rows_bytes: u64,
    /// Kept downtime values in downtime.bin.
    downtime_values: u64,
    wall_seconds: f64,
    stats: TrialStats,
    tally: Tally,
}

/// Saves checkpoints of one run into its staging folder.
pub struct Checkpointer {
    dir: PathBuf,
    model_hash: String,
    rule: StopRule,
    every: Duration,
    last: Instant,
    /// Downtime values already in downtime.bin.
    saved_values: usize,
}

impl Checkpointer {
    /// Checkpoints of the run of `model` under `rule` into `dir`, starting afresh.
    pub fn new(dir: &Path, model: &Model, rule: &StopRule) -> Checkpointer {
        let every = std::env::var("NINES_CHECKPOINT_SECONDS")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(DEFAULT_EVERY);
        Checkpointer {
            dir: dir.to_path_buf(),
            model_hash: model_hash(model),
            rule: *rule,
            every: Duration::from_secs_f64(every),
            last: Instant::now(),
            saved_values: 0,
        }
    }

    /// Reads the last checkpoint in the staging folder, checking it is of this run; returns
    /// where to start and how many bytes of trials.csv to keep.
    pub fn resume(&mut self) -> Result<(Start, u64)> {
        let path = self.dir.join(CHECKPOINT_FILE);
        let damaged = |why: String| {
            Error::Input(format!(
                "--resume: {}: {why}; run without --resume to start again",
                path.display()
            ))
        };
        let file = std::fs::File::open(&path)
            .map_err(|_| damaged("no checkpoint (the run was stopped before its first)".into()))?;
        let checkpoint: Checkpoint = serde_json::from_reader(BufReader::new(file))
            .map_err(|e| damaged(format!("unreadable: {e}")))?;
        if checkpoint.version != CHECKPOINT_VERSION
            || checkpoint.nines_version != env!("CARGO_PKG_VERSION")
        {
            return Err(damaged("written by another version of nines".into()));
        }
        if checkpoint.model_hash != self.model_hash
            || checkpoint.precision != self.rule.precision
            || checkpoint.max_trials != self.rule.max_trials
        {
            return Err(damaged(
                "it is of another run (the scenario, a setting or a flag differs); resume with the same command"
                    .into(),
            ));
        }
        let mut stats = checkpoint.stats;
        let count = checkpoint.downtime_values as usize;
        stats.downtime.restore_exact(
            values::read(&self.dir.join(VALUES_FILE), count).map_err(|e| damaged(e.to_string()))?,
        );
        self.saved_values = count;
        // The values file may hold more than the checkpoint counts: cut it back.
        let values = std::fs::OpenOptions::new()
            .write(true)
            .open(self.dir.join(VALUES_FILE))
            .and_then(|f| f.set_len(count as u64 * values::VALUE_BYTES));
        values.map_err(|e| damaged(e.to_string()))?;
        Ok((
            Start {
                first: checkpoint.next_trial,
                stats,
                tally: checkpoint.tally,
                wall_seconds: checkpoint.wall_seconds,
            },
            checkpoint.rows_bytes,
        ))
    }

    /// Saves a checkpoint after a batch if the last one is old enough.
    pub fn after_batch(&mut self, folded: &Folded, rows: &mut TrialRows) -> Result<()> {
        if self.last.elapsed() < self.every {
            return Ok(());
        }
        self.save(folded, rows)?;
        self.last = Instant::now();
        Ok(())
    }

    fn save(&mut self, folded: &Folded, rows: &mut TrialRows) -> Result<()> {
        let rows_bytes = rows.sync()?;
        let values = folded.stats.downtime.exact_values();
        let fail = |e: std::io::Error| {
            Error::Runtime(format!(
                "cannot write a checkpoint in {}: {e}",
                self.dir.display()
            ))
        };
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join(VALUES_FILE))
            .map_err(fail)?;
        file.write_all(&values::encode(&values[self.saved_values..]))
            .map_err(fail)?;
        file.sync_data().map_err(fail)?;
        self.saved_values = values.len();
        let checkpoint = Checkpoint {
            version: CHECKPOINT_VERSION,
            nines_version: env!("CARGO_PKG_VERSION").to_string(),
            model_hash: self.model_hash.clone(),
            precision: self.rule.precision,
            max_trials: self.rule.max_trials,
            next_trial: folded.batches.next_trial(),
            rows_bytes,
            downtime_values: values.len() as u64,
            wall_seconds: folded.wall_seconds,
            stats: folded.stats.clone(),
            tally: folded.batches.tally(),
        };
        write_atomically(&self.dir.join(CHECKPOINT_FILE), |out| {
            serde_json::to_writer(&mut *out, &checkpoint).map_err(std::io::Error::other)
        })
    }

    /// Removes the checkpoint files once the run is complete, before its report is put in
    /// place.
    pub fn finish(self) -> Result<()> {
        for name in [CHECKPOINT_FILE, VALUES_FILE] {
            match std::fs::remove_file(self.dir.join(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::Runtime(format!(
                        "cannot remove {}: {e}",
                        self.dir.join(name).display()
                    )))
                }
                _ => {}
            }
        }
        Ok(())
    }
}
