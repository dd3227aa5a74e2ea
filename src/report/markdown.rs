//! A Markdown table of the headline figures, for design documents.

use std::fmt::Write;

use super::{decimals_for, minutes, nines, percent_with};
use crate::model::format_percent;
use crate::stats::Summary;
use crate::units::format_duration;

/// The summary as a two-column Markdown table.
pub fn render(s: &Summary) -> String {
    let a = &s.availability;
    let d = &s.downtime_minutes_per_year;
    let o = &s.outages;
    let decimals = decimals_for(a.mean);
    let percent = |value| percent_with(value, decimals);
    let interval = match (a.ci_low, a.ci_high) {
        (Some(low), Some(high)) => format!("{} to {}", percent(low), percent(high)),
        _ => "-".to_string(),
    };
    let rows = [
        ("Availability".to_string(), percent(a.mean)),
        (
            format!("{:.0}% confidence interval", a.confidence * 100.0),
            interval,
        ),
        ("Nines".to_string(), nines(a.nines)),
        (
            "Requests served".to_string(),
            percent(s.request_availability.mean),
        ),
        (
            format!("Target {}", format_percent(s.target.availability)),
            if s.target.met { "met" } else { "not met" }.to_string(),
        ),
        (
            "Years meeting the target".to_string(),
            format!("{:.1}%", s.target.p_trial_meets * 100.0),
        ),
        (
            "Downtime per year (mean / p50 / p90 / p99)".to_string(),
            format!(
                "{:.1} / {:.1} / {:.1} / {:.1} min",
                d.mean, d.p50, d.p90, d.p99
            ),
        ),
        ("Outages per year".to_string(), format!("{:.3}", o.per_year)),
        (
            "Outage duration (mean / p95)".to_string(),
            format!(
                "{} / {}",
                minutes(o.mean_duration_minutes),
                minutes(o.p95_duration_minutes)
            ),
        ),
    ];
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "**{}**: {} trials of {}, seed {}\n",
        s.scenario,
        s.trials,
        format_duration(s.horizon_hours),
        s.seed
    );
    out.push_str("| Metric | Value |\n|---|---|\n");
    for (label, value) in rows {
        let _ = writeln!(out, "| {label} | {value} |");
    }
    if !s.data_sets.is_empty() {
        let hours =
            |v: Option<f64>| v.map_or_else(|| "-".to_string(), |s| format_duration(s / 3600.0));
        out.push_str("\n| Data set | Incidents/year | RPO mean / p95 | RTO mean / p95 | Backup storage (mean / peak) |\n|---|---|---|---|---|\n");
        for d in &s.data_sets {
            let _ = writeln!(
                out,
                "| {} | {:.3} | {} / {} | {} / {} | {} / {} |",
                d.name,
                d.incidents_per_year,
                hours(d.rpo.mean_seconds),
                hours(d.rpo.p95_seconds),
                hours(d.rto.mean_seconds),
                hours(d.rto.p95_seconds),
                crate::units::format_size(d.backup_storage.mean_bytes),
                crate::units::format_size(d.backup_storage.peak_bytes)
            );
        }
    }
    if !s.attribution.causes.is_empty() {
        out.push_str(
            "\n| Cause | Downtime (min/year) | Share | Outages/year |\n|---|---|---|---|\n",
        );
        for c in &s.attribution.causes {
            let _ = writeln!(
                out,
                "| {} {} | {:.2} | {} | {:.4} |",
                c.component,
                c.cause,
                c.downtime_minutes_per_year,
                c.share_of_downtime
                    .map_or_else(|| "-".to_string(), |v| format!("{:.1}%", v * 100.0)),
                c.outages_per_year
            );
        }
    }
    out
}
