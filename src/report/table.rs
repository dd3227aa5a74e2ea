//! The human-readable table, printed by default.

use std::fmt::Write;

use super::{decimals_for, minutes, nines, percent_with};
use crate::model::format_percent;
use crate::stats::Summary;
use crate::units::format_duration;

/// The headline figures as aligned text.
pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let a = &s.availability;
    let confidence = format!("{:.0}%", a.confidence * 100.0);
    let decimals = decimals_for(a.mean);
    let percent = |value| percent_with(value, decimals);
    let interval = match (a.ci_low, a.ci_high) {
        (Some(low), Some(high)) => format!("[{}, {}] {confidence} CI", percent(low), percent(high)),
        _ => "(no interval from one trial)".to_string(),
    };
    let t = &s.target;
    let verdict = if t.met {
        "met: the interval's lower bound reaches it"
    } else if a.mean >= t.availability {
        "not shown: the mean reaches it but the interval's lower bound does not"
    } else {
        "missed"
    };
    let d = &s.downtime_minutes_per_year;
    let o = &s.outages;
    let p = &s.performance;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{}", s.scenario);
    let _ = writeln!(
        out,
        "{} trials of {}, seed {}, {:.2} s ({:.1}M events/s)",
        s.trials,
        format_duration(s.horizon_hours),
        s.seed,
        p.wall_seconds,
        p.events_per_second / 1e6
    );
    out.push('\n');
    let rows = [
        ("Availability", format!("{}  {interval}", percent(a.mean))),
        ("Nines", nines(a.nines)),
        (
            "Target",
            format!("{} {verdict}", format_percent(t.availability)),
        ),
        (
            "Years meeting it",
            format!("{:.1}%", t.p_trial_meets * 100.0),
        ),
        (
            "Downtime / year",
            format!(
                "mean {:.1} min, p50 {:.1}, p90 {:.1}, p99 {:.1}, max {:.1}",
                d.mean, d.p50, d.p90, d.p99, d.max
            ),
        ),
        ("Outages / year", format!("{:.3}", o.per_year)),
        (
            "Outage duration",
            format!(
                "mean {}, p95 {}",
                minutes(o.mean_duration_minutes),
                minutes(o.p95_duration_minutes)
            ),
        ),
        (
            "MTBF (system)",
            o.mtbf_hours
                .map_or_else(|| "- (no outage)".to_string(), format_duration),
        ),
    ];
    let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    for (label, value) in rows {
        let _ = writeln!(out, "  {label:<width$}  {value}");
    }
    out
}
