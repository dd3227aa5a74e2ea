//! A Markdown table of the headline figures, for design documents.

use std::fmt::Write;

use super::{
    downtime_per_trial, minutes, nines, percent_with, summary_decimals, trial_is_a_year,
    trials_label,
};
use crate::model::format_percent;
use crate::stats::Summary;
use crate::units::format_duration;

/// The summary as Markdown tables: the headline figures, then data sets and causes.
pub fn render(s: &Summary) -> String {
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
    for (i, (header, rows)) in tables(s).iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}|", vec!["---"; header.len()].join("|"));
        for row in rows {
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
    }
    out
}

/// A table: its header and its rows.
pub type Table = (Vec<String>, Vec<Vec<String>>);

/// The summary's tables, shared by the Markdown and HTML reports: the headline figures,
/// then data sets and causes where there are any.
pub fn tables(s: &Summary) -> Vec<Table> {
    let mut tables: Vec<Table> = vec![(
        vec!["Metric".to_string(), "Value".to_string()],
        headline(s).into_iter().map(|(l, v)| vec![l, v]).collect(),
    )];
    if let Some(advice) = super::rare::advice(s) {
        tables[0].1.push(vec!["Note".to_string(), advice]);
    }
    let rare = super::rare::rows(s);
    if !rare.is_empty() {
        tables.push((
            vec!["Rare-event method".to_string(), "Value".to_string()],
            rare.into_iter().map(|(l, v)| vec![l, v]).collect(),
        ));
    }
    tables.extend(super::load::table(s));
    tables.extend(super::phases::table(s));
    if !s.data_sets.is_empty() {
        let hours =
            |v: Option<f64>| v.map_or_else(|| "-".to_string(), |s| format_duration(s / 3600.0));
        let header = [
            "Data set",
            "Incidents/year",
            "RPO mean / p95",
            "RTO mean / p95",
            "Backup storage (mean / peak)",
        ];
        let rows = s
            .data_sets
            .iter()
            .map(|d| {
                vec![
                    d.name.clone(),
                    format!("{:.3}", d.incidents_per_year),
                    format!(
                        "{} / {}",
                        hours(d.rpo.mean_seconds),
                        hours(d.rpo.p95_seconds)
                    ),
                    format!(
                        "{} / {}",
                        hours(d.rto.mean_seconds),
                        hours(d.rto.p95_seconds)
                    ),
                    format!(
                        "{} / {}",
                        crate::units::format_size(d.backup_storage.mean_bytes),
                        crate::units::format_size(d.backup_storage.peak_bytes)
                    ),
                ]
            })
            .collect();
        tables.push((header.map(String::from).to_vec(), rows));
    }
    tables.extend(super::durability::table(s));
    if let Some(cost) = &s.cost {
        let rows = super::cost::rows(cost)
            .into_iter()
            .map(|(l, v)| vec![l.trim().to_string(), v])
            .collect();
        tables.push((vec!["Cost".to_string(), "Per year".to_string()], rows));
    }
    if !s.attribution.causes.is_empty() {
        let header = ["Cause", "Downtime (min/year)", "Share", "Outages/year"];
        let rows = s
            .attribution
            .causes
            .iter()
            .map(|c| {
                vec![
                    format!("{} {}", c.component, c.cause),
                    format!("{:.2}", c.downtime_minutes_per_year),
                    c.share_of_downtime
                        .map_or_else(|| "-".to_string(), |v| format!("{:.1}%", v * 100.0)),
                    format!("{:.4}", c.outages_per_year),
                ]
            })
            .collect();
        tables.push((header.map(String::from).to_vec(), rows));
    }
    tables
}

/// The headline figures as (label, value) pairs.
fn headline(s: &Summary) -> Vec<(String, String)> {
    let a = &s.availability;
    let d = &s.downtime_minutes_per_year;
    let o = &s.outages;
    let decimals = summary_decimals(s);
    let percent = |value| percent_with(value, decimals);
    let interval = match (a.ci_low, a.ci_high) {
        (Some(low), Some(high)) => format!("{} to {}", percent(low), percent(high)),
        _ => "-".to_string(),
    };
    vec![
        (
            "Availability".to_string(),
            super::summary_availability_cell(s, percent),
        ),
        (
            format!("{:.0}% confidence interval", a.confidence * 100.0),
            interval,
        ),
        ("Nines".to_string(), nines(a)),
        (
            "Requests served".to_string(),
            super::requests_cell(&s.request_availability, percent),
        ),
        (
            format!("Target {}", format_percent(s.target.availability)),
            format!(
                "{}: {}{}",
                s.target.verdict,
                s.target.reason,
                super::table::unrecoverable_note(s)
            ),
        ),
        (
            format!("{} meeting the target", trials_label(s.horizon_hours)),
            format!(
                "{:.1}% ({:.1}% to {:.1}%)",
                s.target.p_trial_meets * 100.0,
                s.target.p_trial_meets_ci_low * 100.0,
                s.target.p_trial_meets_ci_high * 100.0
            ),
        ),
        if trial_is_a_year(s.horizon_hours) {
            (
                "Downtime per year (mean / p50 / p90 / p99)".to_string(),
                format!(
                    "{:.1} / {:.1} / {:.1} / {:.1} min",
                    d.mean, d.p50, d.p90, d.p99
                ),
            )
        } else {
            let [mean, p50, p90, p99, _] = downtime_per_trial(s);
            (
                format!(
                    "Downtime per trial of {} (mean / p50 / p90 / p99)",
                    format_duration(s.horizon_hours)
                ),
                format!("{mean:.1} / {p50:.1} / {p90:.1} / {p99:.1} min"),
            )
        },
        (
            "Downtime per year (mean)".to_string(),
            format!("{:.1} min", d.mean),
        ),
        (
            "Outages per year".to_string(),
            format!(
                "{:.3} ({:.3} to {:.3})",
                o.per_year, o.per_year_ci_low, o.per_year_ci_high
            ),
        ),
        s.exact.line(a.mean, s.target.availability),
        (
            "Outage duration (mean / p95)".to_string(),
            format!(
                "{} / {}",
                minutes(o.mean_duration_minutes),
                minutes(o.p95_duration_minutes)
            ),
        ),
    ]
}
