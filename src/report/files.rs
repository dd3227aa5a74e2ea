//! The files `--out DIR` writes. Each is written to a temporary file in DIR and renamed into
//! place, so a reader never sees half a file and a failed run leaves the old one intact.

use std::io::Write;
use std::path::Path;

use crate::engine::TrialRecord;
use crate::error::{Error, Result};
use crate::stats::Summary;

/// Name of the summary file.
pub const SUMMARY_FILE: &str = "summary.json";
/// Name of the per-trial file.
pub const TRIALS_FILE: &str = "trials.csv";

/// Writes `summary.json` and `trials.csv` into `dir`, creating it if needed.
pub fn write_out_dir(
    dir: &Path,
    summary: &Summary,
    records: &[TrialRecord],
    horizon_hours: f64,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::Runtime(format!(
            "cannot create output folder {}: {e}",
            dir.display()
        ))
    })?;
    write_atomically(&dir.join(SUMMARY_FILE), |out| {
        serde_json::to_writer_pretty(&mut *out, summary).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    })?;
    write_atomically(&dir.join(TRIALS_FILE), |out| {
        writeln!(
            out,
            "trial,availability,downtime_minutes,outages,longest_outage_minutes"
        )?;
        for (trial, r) in records.iter().enumerate() {
            writeln!(
                out,
                "{trial},{},{},{},{}",
                1.0 - r.downtime / horizon_hours,
                r.downtime * 60.0,
                r.outages,
                r.longest_outage * 60.0
            )?;
        }
        Ok(())
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
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    let mut writer = std::io::BufWriter::new(temp);
    fill(&mut writer).map_err(|e| fail(&e))?;
    let temp = writer
        .into_inner()
        .map_err(|e| fail(&e.error().to_string()))?;
    temp.as_file().sync_all().map_err(|e| fail(&e))?;
    temp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}
