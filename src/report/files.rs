//! The files `--out DIR` writes. Each is written to a temporary file in DIR and renamed into
//! place, so a reader never sees half a file and a failed run leaves the old one intact.

use std::io::{BufWriter, Write};
use std::path::Path;

use tempfile::NamedTempFile;

use crate::engine::TrialRecord;
use crate::error::{Error, Result};
use crate::stats::Summary;

/// Name of the summary file.
pub const SUMMARY_FILE: &str = "summary.json";
/// Name of the per-trial file.
pub const TRIALS_FILE: &str = "trials.csv";
/// The first line of trials.csv.
const TRIALS_HEADER: &str = "trial,availability,request_availability,downtime_minutes,planned_downtime_minutes,outages,longest_outage_minutes";
/// Name of a resumable run's trials.csv while it is being written.
const RESUMABLE_TRIALS_FILE: &str = "trials.csv.part";
/// Name of the downtime-by-cause file.
pub const CAUSES_FILE: &str = "causes.csv";
/// Name of the per-component importance file.
pub const COMPONENTS_FILE: &str = "components.csv";

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::Runtime(format!(
            "cannot create output folder {}: {e}",
            dir.display()
        ))
    })
}

/// `trials.csv`, written row by row as the batches of trials finish (so no record outlives
/// its batch), into a temporary file in the output folder that [`write_out_dir`] renames
/// into place.
pub struct TrialRows {
    writer: BufWriter<NamedTempFile>,
    horizon_hours: f64,
    exclude_planned: bool,
    /// The first write error: later rows are skipped and the error is reported at the end,
    /// after the results reach stdout.
    error: Option<std::io::Error>,
}

impl TrialRows {
    /// Starts `trials.csv` in `dir` (created if needed) for trials `horizon_hours` long.
    pub fn create(dir: &Path, horizon_hours: f64, exclude_planned: bool) -> Result<TrialRows> {
        create_dir(dir)?;
        let path = dir.join(TRIALS_FILE);
        let fail =
            |e: std::io::Error| Error::Runtime(format!("cannot write {}: {e}", path.display()));
        let mut builder = tempfile::Builder::new();
        // Readable by others like any file the user writes (temporary files default to 0600).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let temp = builder.tempfile_in(dir).map_err(fail)?;
        let mut writer = BufWriter::with_capacity(1 << 16, temp);
        writeln!(writer, "{TRIALS_HEADER}").map_err(fail)?;
        Ok(TrialRows {
            writer,
            horizon_hours,
            exclude_planned,
            error: None,
        })
    }

    /// Starts or continues `trials.csv` of a resumable run in `dir`, at a fixed name: with
    /// `keep`, the rows already written up to that many bytes (a checkpoint's) are kept and
    /// anything after them dropped.
    pub fn resumable(
        dir: &Path,
        horizon_hours: f64,
        exclude_planned: bool,
        keep: Option<u64>,
    ) -> Result<TrialRows> {
        use std::io::Seek;
        let path = dir.join(RESUMABLE_TRIALS_FILE);
        let fail =
            |e: std::io::Error| Error::Runtime(format!("cannot write {}: {e}", path.display()));
        let mut options = std::fs::OpenOptions::new();
        options
            .write(true)
            .create(keep.is_none())
            .truncate(keep.is_none());
        let mut file = options.open(&path).map_err(fail)?;
        match keep {
            None => writeln!(file, "{TRIALS_HEADER}").map_err(fail)?,
            Some(keep) => {
                if file.metadata().map_err(fail)?.len() < keep {
                    return Err(Error::Input(format!(
                        "--resume: {} is shorter than its checkpoint says; run without --resume",
                        path.display()
                    )));
                }
                file.set_len(keep).map_err(fail)?;
                file.seek(std::io::SeekFrom::End(0)).map_err(fail)?;
            }
        }
        let temp = tempfile::NamedTempFile::from_parts(
            file,
            tempfile::TempPath::try_from_path(&path).map_err(fail)?,
        );
        Ok(TrialRows {
            writer: BufWriter::with_capacity(1 << 16, temp),
            horizon_hours,
            exclude_planned,
            error: None,
        })
    }

    /// Flushes the rows to the disk and returns how many bytes the file holds (for a
    /// checkpoint).
    pub fn sync(&mut self) -> Result<u64> {
        use std::io::Seek;
        if let Some(e) = &self.error {
            return Err(Error::Runtime(format!("cannot write {TRIALS_FILE}: {e}")));
        }
        let fail = |e: std::io::Error| Error::Runtime(format!("cannot write {TRIALS_FILE}: {e}"));
        self.writer.flush().map_err(fail)?;
        let file = self.writer.get_mut().as_file_mut();
        file.sync_data().map_err(fail)?;
        file.stream_position().map_err(fail)
    }

    /// Drops every row written so far and starts again after the header (a `--method rare`
    /// run whose plain run turned out not to be the one reported).
    pub fn restart(&mut self) -> Result<()> {
        use std::io::Seek;
        let fail = |e: std::io::Error| Error::Runtime(format!("cannot write {TRIALS_FILE}: {e}"));
        self.writer.flush().map_err(fail)?;
        let header = TRIALS_HEADER.len() as u64 + 1;
        let file = self.writer.get_mut().as_file_mut();
        file.set_len(header).map_err(fail)?;
        file.seek(std::io::SeekFrom::Start(header)).map_err(fail)?;
        self.error = None;
        Ok(())
    }

    /// Appends the rows of trials `first`, `first + 1`, ... (call in trial order).
    pub fn write(&mut self, first: u64, records: &[TrialRecord]) {
        if self.error.is_some() {
            return;
        }
        let horizon = self.horizon_hours;
        for (offset, r) in records.iter().enumerate() {
            let counted = r.counted_downtime(self.exclude_planned);
            if let Err(e) = writeln!(
                self.writer,
                "{},{},{},{},{},{},{}",
                first + offset as u64,
                1.0 - counted / horizon,
                r.served / horizon,
                r.downtime * 60.0,
                r.planned_downtime * 60.0,
                r.outages,
                r.longest_outage * 60.0
            ) {
                self.error = Some(e);
                return;
            }
        }
    }

    /// Appends the rows of another trials.csv (a shard's, whose trials follow these),
    /// without its header; the copy stays in the kernel where the system allows.
    pub fn append_file(&mut self, csv: &Path) -> Result<()> {
        use std::io::{BufRead, Seek};
        let fail =
            |e: std::io::Error| Error::Runtime(format!("cannot copy {}: {e}", csv.display()));
        let mut reader = std::io::BufReader::new(std::fs::File::open(csv).map_err(fail)?);
        let mut header = String::new();
        let skip = reader.read_line(&mut header).map_err(fail)?;
        if !header.starts_with("trial,") {
            return Err(Error::Input(format!(
                "{}: not a trials.csv of nines",
                csv.display()
            )));
        }
        let mut file = reader.into_inner();
        file.seek(std::io::SeekFrom::Start(skip as u64))
            .map_err(fail)?;
        self.writer.flush().map_err(fail)?;
        std::io::copy(&mut file, self.writer.get_mut().as_file_mut()).map_err(fail)?;
        Ok(())
    }

    /// Flushes the rows and renames the file into place as `dir/trials.csv`.
    pub fn persist(self, dir: &Path) -> Result<()> {
        let path = dir.join(TRIALS_FILE);
        let fail = |e: &dyn std::fmt::Display| {
            Error::Runtime(format!("cannot write {}: {e}", path.display()))
        };
        if let Some(e) = self.error {
            return Err(fail(&e));
        }
        let temp = self
            .writer
            .into_inner()
            .map_err(|e| fail(&e.error().to_string()))?;
        temp.as_file().sync_all().map_err(|e| fail(&e))?;
        temp.persist(&path).map_err(|e| fail(&e.error))?;
        Ok(())
    }
}

/// Writes `summary.json`, `causes.csv` and `components.csv` into `dir`, creating it if
/// needed, and puts the streamed `trials.csv` in place.
pub fn write_out_dir(dir: &Path, summary: &Summary, rows: TrialRows) -> Result<()> {
    create_dir(dir)?;
    write_atomically(&dir.join(SUMMARY_FILE), |out| {
        serde_json::to_writer_pretty(&mut *out, summary).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    })?;
    rows.persist(dir)?;
    // Causes and components carry the user's names, which may hold commas and quotes: the
    // csv crate quotes them.
    write_atomically(&dir.join(CAUSES_FILE), |out| {
        let mut csv = ::csv::Writer::from_writer(out);
        csv.write_record([
            "component",
            "cause",
            "downtime_minutes_per_year",
            "share_of_downtime",
            "outages_per_year",
        ])?;
        for c in &summary.attribution.causes {
            csv.write_record([
                c.component.clone(),
                c.cause.clone(),
                c.downtime_minutes_per_year.to_string(),
                c.share_of_downtime
                    .map_or_else(String::new, |v| v.to_string()),
                c.outages_per_year.to_string(),
            ])?;
        }
        csv.flush()
    })?;
    write_atomically(&dir.join(COMPONENTS_FILE), |out| {
        let mut csv = ::csv::Writer::from_writer(out);
        csv.write_record([
            "component",
            "downtime_minutes_per_year",
            "criticality",
            "improvement_potential_minutes_per_year",
            "improvement_potential_ci_low",
            "improvement_potential_ci_high",
            "instance_improvement_potential_minutes_per_year",
            "instance_improvement_potential_ci_low",
            "instance_improvement_potential_ci_high",
            "risk_achievement_minutes_per_year",
            "risk_achievement_ci_low",
            "risk_achievement_ci_high",
            "importance_cost_trials",
        ])?;
        let text = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        let estimate = |e: Option<&crate::stats::Estimate>| {
            [
                text(e.map(|e| e.mean)),
                text(e.and_then(|e| e.ci_low)),
                text(e.and_then(|e| e.ci_high)),
            ]
        };
        for c in &summary.attribution.components {
            let mut record = vec![
                c.component.clone(),
                c.downtime_minutes_per_year.to_string(),
                text(c.criticality),
            ];
            for e in [
                &c.improvement_potential_minutes_per_year,
                &c.instance_improvement_potential_minutes_per_year,
                &c.risk_achievement_minutes_per_year,
            ] {
                record.extend(estimate(e.as_ref()));
            }
            record.push(
                c.importance_cost_trials
                    .map_or_else(String::new, |t| t.to_string()),
            );
            csv.write_record(&record)?;
        }
        csv.flush()
    })
}

/// Writes a file through a temporary sibling and a rename.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let fail =
        |e: &dyn std::fmt::Display| Error::Runtime(format!("cannot write {}: {e}", path.display()));
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut builder = tempfile::Builder::new();
    // Readable by others like any file the user writes (temporary files default to 0600).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let temp = builder.tempfile_in(dir).map_err(|e| fail(&e))?;
    let mut writer = std::io::BufWriter::new(temp);
    fill(&mut writer).map_err(|e| fail(&e))?;
    let temp = writer
        .into_inner()
        .map_err(|e| fail(&e.error().to_string()))?;
    temp.as_file().sync_all().map_err(|e| fail(&e))?;
    temp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}
