//! Output of `nines sweep`: a row per point.

use super::{nines, percent_with, summary_decimals, Format};
use crate::error::{Error, Result};
use crate::study::{Cheaper, SweepReport};

/// Renders a sweep in `format`.
pub fn render(report: &SweepReport, format: Format) -> Result<String> {
    if format == Format::Json {
        return serde_json::to_string_pretty(report)
            .map(|text| text + "\n")
            .map_err(|e| Error::Runtime(format!("cannot encode JSON: {e}")));
    }
    let (header, rows) = table(report);
    let mut out = String::new();
    match format {
        Format::Csv => {
            let fail = |e: &dyn std::fmt::Display| Error::Runtime(format!("cannot write CSV: {e}"));
            let mut writer = ::csv::Writer::from_writer(Vec::new());
            writer.write_record(&header).map_err(|e| fail(&e))?;
            for row in &rows {
                writer.write_record(row).map_err(|e| fail(&e))?;
            }
            let bytes = writer.into_inner().map_err(|e| fail(&e))?;
            return String::from_utf8(bytes).map_err(|e| fail(&e));
        }
        Format::Markdown => {
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            out.push_str(&format!("|{}|\n", vec!["---"; header.len()].join("|")));
            for row in &rows {
                out.push_str(&format!("| {} |\n", row.join(" | ")));
            }
        }
        _ => {
            let widths: Vec<usize> = (0..header.len())
                .map(|c| {
                    rows.iter()
                        .map(|r| r[c].chars().count())
                        .chain([header[c].len()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |cells: &[String]| {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            out.push_str(&line(&header));
            out.push('\n');
            for row in &rows {
                out.push_str(&line(row));
                out.push('\n');
            }
        }
    }
    out.push('\n');
    for line in verdicts(report) {
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// The sweep as a table: the keys' values, then the headline figures of each point.
pub fn table(report: &SweepReport) -> super::markdown::Table {
    let decimals = report
        .points
        .iter()
        .map(|p| summary_decimals(&p.summary))
        .max()
        .unwrap_or(2);
    let pct = |v: f64| percent_with(v, decimals);
    let mut header: Vec<String> = report.keys.clone();
    header.extend(
        [
            "availability",
            "ci_low",
            "ci_high",
            "nines",
            "downtime_min_per_year",
            "trials_meeting_target",
            "target_met",
        ]
        .map(String::from),
    );
    let has_data = report
        .points
        .iter()
        .any(|p| !p.summary.data_sets.is_empty());
    if has_data {
        header.push("unrecoverable_per_year".to_string());
    }
    let has_durability = report
        .points
        .iter()
        .any(|p| !p.summary.durability.is_empty());
    if has_durability {
        header.push("data_loss_p_per_year".to_string());
    }
    let rows: Vec<Vec<String>> = report
        .points
        .iter()
        .map(|p| {
            let s = &p.summary;
            let mut row = p.values.clone();
            row.extend([
                super::summary_availability_cell(s, pct),
                s.availability.ci_low.map_or_else(|| "-".into(), pct),
                s.availability.ci_high.map_or_else(|| "-".into(), pct),
                nines(&s.availability),
                super::summary_downtime_cell(s),
                format!("{:.1}%", s.target.p_trial_meets * 100.0),
                if s.target.met { "yes" } else { "no" }.to_string(),
            ]);
            if has_data {
                row.push(crate::units::format_significant(
                    s.unrecoverable_per_year(),
                    2,
                ));
            }
            if has_durability {
                let cells: Vec<String> = s
                    .durability
                    .values()
                    .map(super::durability::p_loss)
                    .collect();
                row.push(cells.join("; "));
            }
            row
        })
        .collect();
    (header, rows)
}

/// For each setting of the other keys (or once), the cheapest value meeting that group's own
/// target, saying which end is cheaper and why.
pub fn verdicts(report: &SweepReport) -> Vec<String> {
    let key = &report.keys[0];
    report
        .cheapest_meeting_target
        .iter()
        .map(|cheapest| {
            let with = cheapest
                .with
                .as_ref()
                .map_or_else(String::new, |w| format!(" (with {}={w})", report.other_keys()));
            let value = cheapest.value.as_ref().map_or_else(
                || "no value meets it".to_string(),
                |v| {
                    // The point chosen: its data losses beyond any backup are part of it.
                    let note = report
                        .point_with(v, cheapest.with.as_ref())
                        .map_or_else(String::new, |p| {
                            super::table::unrecoverable_note(&p.summary)
                        });
                    format!("{key}={v}{note}")
                },
            );
            if key == "simulation.target" {
                return format!("Highest objective met with confidence{with}: {value}");
            }
            let (end, why) = match (cheapest.cheaper, cheapest.inferred) {
                (Cheaper::Lower, true) => ("Smallest", "availability rises with it"),
                (Cheaper::Higher, true) => ("Largest", "availability falls as it grows"),
                (Cheaper::Lower, false) => ("Smallest", "--cheaper lower"),
                (Cheaper::Higher, false) => ("Largest", "--cheaper higher"),
            };
            format!(
                "{end} value meeting {} with confidence{with}: {value} ({why}; --cheaper lower|higher to choose)",
                crate::model::format_percent(cheapest.target)
            )
        })
        .collect()
}
