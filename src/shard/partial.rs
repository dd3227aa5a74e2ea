//! The partial result of a shard, on disk (docs/partials.md is the contract): a folder with
//! `partial.json` (what the trials folded into, and what they were), `downtime.bin` (the
//! kept per-trial downtime values, apart so that a merge reads only those it keeps) and
//! `trials.csv` (the shard's rows).

use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{bad, model_hash, values, Shard};
use crate::error::{Error, Result};
use crate::model::{Model, Settings};
use crate::report::write_atomically;
use crate::scenario;
use crate::stats::{Tally, TrialStats};

/// Version of the partial format: raised on any change a reader must know about.
pub const FORMAT_VERSION: u32 = 1;
/// What `format` says in every partial.
pub const FORMAT_NAME: &str = "nines partial result";
/// Name of the folded state file.
pub const PARTIAL_FILE: &str = "partial.json";
/// Name of the kept per-trial downtime values.
pub const DOWNTIME_FILE: &str = "downtime.bin";

/// The scenario a partial was simulated from: its text travels with it, so the merge needs
/// no access to the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredScenario {
    /// The scenario file as given (absolute); null for the built-in example.
    pub path: Option<PathBuf>,
    /// Its text; null for the built-in example.
    pub source: Option<String>,
}

impl StoredScenario {
    /// The record of the scenario at `path` (`None`: the built-in example).
    pub fn of(path: Option<&Path>) -> Result<StoredScenario> {
        Ok(match path {
            None => StoredScenario {
                path: None,
                source: None,
            },
            Some(path) => StoredScenario {
                path: Some(path.canonicalize().unwrap_or_else(|_| path.to_path_buf())),
                source: Some(scenario::read(path)?),
            },
        })
    }

    /// Compiles the recorded scenario (relative files, such as empirical data, resolve
    /// beside the recorded path).
    fn compile(&self) -> Result<Model> {
        match (&self.path, &self.source) {
            (Some(path), Some(source)) => {
                let base = path.parent().unwrap_or_else(|| Path::new("."));
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                scenario::parse(source, &path.display().to_string(), base, &stem)
            }
            _ => scenario::builtin(),
        }
    }
}

/// Which trials a shard ran, and of what: everything checked before merging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialHeader {
    /// Always "nines partial result".
    pub format: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub version: u32,
    /// Version of nines that simulated it: partials merge only within one version.
    pub nines_version: String,
    /// [`model_hash`] of the compiled model.
    pub model_hash: String,
    /// Scenario name.
    pub scenario_name: String,
    /// The scenario file and text.
    pub scenario: StoredScenario,
    /// Run settings (the compiled model's, command-line overrides included).
    pub settings: Settings,
    /// Trials per batch ([`crate::engine::BATCH`]).
    pub batch: u64,
    /// Shard number, from 0.
    pub shard: u64,
    /// Shards of the run.
    pub shards: u64,
    /// First trial index simulated.
    pub first_trial: u64,
    /// One past the last trial index simulated.
    pub end_trial: u64,
    /// Wall-clock seconds the shard's simulation took.
    pub wall_seconds: f64,
    /// Per-trial downtime values in `downtime.bin`.
    pub downtime_values: u64,
    /// Whether trials.csv holds the shard's rows (false: `--no-rows`, only the header).
    /// Absent from partials written before it: they hold their rows.
    #[serde(default = "holds_rows")]
    pub rows: bool,
}

fn holds_rows() -> bool {
    true
}

impl PartialHeader {
    /// The header of shard `shard` of `model`, trials `[first, end)`.
    pub fn new(
        model: &Model,
        scenario: StoredScenario,
        shard: Shard,
        (first, end): (u64, u64),
    ) -> PartialHeader {
        PartialHeader {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            nines_version: env!("CARGO_PKG_VERSION").to_string(),
            model_hash: model_hash(model),
            scenario_name: model.name.clone(),
            scenario,
            settings: model.settings.clone(),
            batch: crate::engine::BATCH,
            shard: shard.index,
            shards: shard.count,
            first_trial: first,
            end_trial: end,
            wall_seconds: 0.0,
            downtime_values: 0,
            rows: true,
        }
    }

    /// The model the shard simulated, compiled again and checked against its hash.
    pub fn model(&self, dir: &Path) -> Result<Model> {
        let mut model = self.scenario.compile()?;
        model.settings = self.settings.clone();
        let hash = model_hash(&model);
        if hash != self.model_hash {
            return Err(bad(
                dir,
                format!("its scenario compiles here to a different model ({hash}, the partial says {}): merge with the nines build and data files the shards used", self.model_hash),
            ));
        }
        Ok(model)
    }
}

/// A partial result: its header and what its trials folded into.
#[derive(Debug, Serialize, Deserialize)]
pub struct Partial {
    /// What it is.
    pub header: PartialHeader,
    /// Its trials' statistics, with every batch's moments.
    pub stats: TrialStats,
    /// Its trials' counts.
    pub tally: Tally,
}

/// Only the header, read without building the rest.
#[derive(Deserialize)]
struct HeaderOnly {
    header: PartialHeader,
}

impl Partial {
    /// Writes `partial.json` and `downtime.bin` into `dir` (trials.csv is the caller's).
    pub fn write(self, dir: &Path) -> Result<()> {
        self.write_files(&dir.join(PARTIAL_FILE), &dir.join(DOWNTIME_FILE))
    }

    /// Writes the partial as the files `json` and `bin` (a study's pieces lie side by side
    /// in one folder).
    pub fn write_files(mut self, json: &Path, bin: &Path) -> Result<()> {
        let values = self.stats.downtime.exact_values();
        self.header.downtime_values = values.len() as u64;
        write_atomically(bin, |out| out.write_all(&values::encode(values)))?;
        write_atomically(json, |out| {
            serde_json::to_writer(&mut *out, &self).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        })
    }

    /// Reads the header of the partial in `dir`, checking its format version.
    pub fn read_header(dir: &Path) -> Result<PartialHeader> {
        let header = read_json::<HeaderOnly>(&dir.join(PARTIAL_FILE))?.header;
        if header.format != FORMAT_NAME {
            return Err(bad(
                dir,
                format!("{PARTIAL_FILE} is not a nines partial result"),
            ));
        }
        if header.version != FORMAT_VERSION {
            return Err(bad(
                dir,
                format!(
                    "partial format version {}, but this nines reads version {FORMAT_VERSION}: merge with the nines that wrote it",
                    header.version
                ),
            ));
        }
        Ok(header)
    }

    /// Reads the partial in `dir` (header checked by [`Partial::read_header`] first).
    pub fn read(dir: &Path) -> Result<Partial> {
        Partial::read_file(&dir.join(PARTIAL_FILE))
    }

    /// Reads the partial written as the file `json` ([`Partial::write_files`]).
    pub fn read_file(json: &Path) -> Result<Partial> {
        let partial = read_json::<Partial>(json)?;
        let h = &partial.header;
        if partial.stats.batches.is_none() || partial.stats.trials != h.end_trial - h.first_trial {
            return Err(bad(
                json,
                "inconsistent (its trials do not match its range); run the shard again",
            ));
        }
        Ok(partial)
    }

    /// The first `limit` kept downtime values of the partial in `dir` (fewer if it has
    /// fewer), in trial order.
    pub fn read_downtime(
        dir: &Path,
        header: &PartialHeader,
        limit: usize,
    ) -> Result<Vec<(f64, u64)>> {
        Partial::read_downtime_file(&dir.join(DOWNTIME_FILE), header, limit)
    }

    /// [`Partial::read_downtime`] from the file `bin`.
    pub fn read_downtime_file(
        bin: &Path,
        header: &PartialHeader,
        limit: usize,
    ) -> Result<Vec<(f64, u64)>> {
        let count = (header.downtime_values as usize).min(limit);
        values::read(bin, count).map_err(|e| bad(bin, format!("cannot read it: {e}")))
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let file = std::fs::File::open(path).map_err(|e| {
        let dir = path.parent().unwrap_or(path);
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            format!("no {PARTIAL_FILE}: not the --out folder of a nines run --shard")
        } else {
            format!("cannot read {PARTIAL_FILE}: {e}")
        };
        bad(dir, why)
    })?;
    serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        Error::Input(format!(
            "{}: line {}: not a readable nines partial result: {e}",
            path.display(),
            e.line()
        ))
    })
}
