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
/// Name of the downtime-by-cause file.
pub const CAUSES_FILE: &str = "causes.csv";
/// Name of the per-component importance file.
pub const COMPONENTS_FILE: &str = "components.csv";

/// Writes `summary.json`, `trials.csv`, `causes.csv` and `components.csv` into `dir`,
/// creating it if needed.
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
            "trial,availability,request_availability,downtime_minutes,planned_downtime_minutes,outages,longest_outage_minutes"
        )?;
        let excluded = summary.planned_downtime.excluded_from_availability;
        for (trial, r) in records.iter().enumerate() {
            let counted = r.counted_downtime(excluded);
            writeln!(
                out,
                "{trial},{},{},{},{},{},{}",
                1.0 - counted / horizon_hours,
                r.served / horizon_hours,
                r.downtime * 60.0,
                r.planned_downtime * 60.0,
                r.outages,
                r.longest_outage * 60.0
            )?;
        }
        Ok(())
    })?;
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
            "birnbaum",
            "birnbaum_ci_low",
            "birnbaum_ci_high",
        ])?;
        let text = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        for c in &summary.attribution.components {
            let b = c.birnbaum.as_ref();
            csv.write_record([
                c.component.clone(),
                c.downtime_minutes_per_year.to_string(),
                text(c.criticality),
                text(b.map(|b| b.mean)),
                text(b.and_then(|b| b.ci_low)),
                text(b.and_then(|b| b.ci_high)),
            ])?;
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
