//! The `phases` figures as text: one table shared by the text, Markdown and HTML reports.

use super::markdown::Table;
use super::percent;
use crate::stats::{PhaseSummary, Summary};

/// The phase table, if the run has `[[phases]]`: one row per phase.
pub fn table(s: &Summary) -> Option<Table> {
    if s.phases.is_empty() {
        return None;
    }
    let header = [
        "Phase",
        "Hours/year",
        "Availability [CI]",
        "Downtime min/year",
        "Downtime min/phase-hour",
        "Outages/year",
    ]
    .map(String::from)
    .to_vec();
    let rows = s
        .phases
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                format!("{:.0}", p.hours_per_year),
                availability_cell(p),
                format!("{:.1}", p.downtime_minutes.per_year),
                per_phase_hour_cell(p),
                format!("{:.3}", p.outages.per_year),
            ]
        })
        .collect();
    Some((header, rows))
}

/// A phase's availability with its interval, as the phase table shows it.
pub fn availability_cell(p: &PhaseSummary) -> String {
    let a = &p.availability;
    let interval = match (a.ci_low, a.ci_high) {
        (Some(low), Some(high)) => format!(" [{}, {}]", percent(low), percent(high)),
        _ => String::new(),
    };
    format!("{}{interval}", percent(a.mean))
}

/// A phase's downtime minutes per hour spent in it, as the phase table shows it.
pub fn per_phase_hour_cell(p: &PhaseSummary) -> String {
    format!("{:.4}", p.downtime_minutes.per_phase_hour)
}

/// The phase table as aligned text (empty without phases).
pub fn text(s: &Summary) -> String {
    let Some((header, rows)) = table(s) else {
        return String::new();
    };
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r: &Vec<String>| r[c].chars().count())
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| format!("{cell:<w$}"))
            .collect();
        format!("  {}\n", padded.join("  ").trim_end())
    };
    let mut out = String::from("\nPhases\n");
    out += &line(&header);
    for row in &rows {
        out += &line(row);
    }
    out
}
