//! The human-readable table, printed by default.

use std::fmt::Write;

use super::{
    decimals_against, downtime_per_trial, minutes, nines, percent_with, summary_decimals,
    trial_is_a_year, trials_label,
};
use crate::model::format_percent;
use crate::stats::Summary;
use crate::units::{format_duration, format_size, format_span};

/// The headline figures as aligned text.
pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let a = &s.availability;
    let confidence = format!("{:.0}%", a.confidence * 100.0);
    let decimals = summary_decimals(s);
    let percent = |value| percent_with(value, decimals);
    let interval = match (a.ci_low, a.ci_high) {
        (Some(low), Some(high)) => format!("[{}, {}] {confidence} CI", percent(low), percent(high)),
        _ => "(no interval from one trial)".to_string(),
    };
    let t = &s.target;
    let verdict = format!("{}: {}", t.verdict, t.reason);
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
        // Everything the report shows was simulated in this time, importance included.
        p.wall_seconds + p.importance_seconds,
        p.events_per_second / 1e6
    );
    if s.stopping.rule == "precision" {
        let _ = writeln!(out, "Stopped: {}", s.stopping.describe());
    }
    out.push('\n');
    let year = trial_is_a_year(s.horizon_hours);
    let meeting = format!("{} meeting it", trials_label(s.horizon_hours));
    let downtime = if year {
        (
            "Downtime / year".to_string(),
            format!(
                "mean {:.1} min, p50 {:.1}, p90 {:.1}, p99 {:.1}, max {:.1}",
                d.mean, d.p50, d.p90, d.p99, d.max
            ),
        )
    } else {
        // Percentiles of a week (or a decade) do not scale to a year: only the mean does.
        let [mean, p50, p90, p99, max] = downtime_per_trial(s);
        (
            format!("Downtime / trial ({})", format_duration(s.horizon_hours)),
            format!(
                "mean {mean:.1} min, p50 {p50:.1}, p90 {p90:.1}, p99 {p99:.1}, max {max:.1}; per year: mean {:.1} min",
                d.mean
            ),
        )
    };
    let rows = [
        (
            "Availability",
            if a.trials_with_downtime == 0 && s.rare.is_none() {
                format!(
                    "no downtime seen; {}  {interval}",
                    super::availability_cell(a, percent)
                )
            } else {
                format!("{}  {interval}", percent(a.mean))
            },
        ),
        ("Nines", nines(a)),
        ("Requests served", {
            let r = &s.request_availability;
            match (r.ci_low, r.ci_high) {
                (Some(low), Some(high)) => format!(
                    "{}  [{}, {}]",
                    super::requests_cell(r, percent),
                    percent(low),
                    percent(high)
                ),
                _ => percent(r.mean),
            }
        }),
        (
            "Target",
            format!(
                "{} {verdict}{}",
                format_percent(t.availability),
                unrecoverable_note(s)
            ),
        ),
        (
            meeting.as_str(),
            format!(
                "{:.1}%  [{:.1}%, {:.1}%]",
                t.p_trial_meets * 100.0,
                t.p_trial_meets_ci_low * 100.0,
                t.p_trial_meets_ci_high * 100.0
            ),
        ),
        (downtime.0.as_str(), downtime.1),
        (
            "Outages / year",
            format!(
                "{:.3}  [{:.3}, {:.3}]",
                o.per_year, o.per_year_ci_low, o.per_year_ci_high
            ),
        ),
        (
            "Outage duration",
            format!(
                "mean {}, p95 {}",
                minutes(o.mean_duration_minutes),
                minutes(o.p95_duration_minutes)
            ),
        ),
        (
            "Planned / unplanned",
            format!(
                "{:.1} / {:.1} min/year{}",
                s.planned_downtime.planned_minutes_per_year,
                s.planned_downtime.unplanned_minutes_per_year,
                if s.planned_downtime.excluded_from_availability {
                    " (planned excluded from availability)"
                } else {
                    ""
                }
            ),
        ),
        (
            "MTBF (system)",
            o.mtbf_hours
                .map_or_else(|| "- (no outage)".to_string(), format_span),
        ),
    ];
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let _ = writeln!(out, "  {label:<width$}  {value}");
    }
    let (label, value) = s.exact.line(a.mean, s.target.availability);
    let _ = writeln!(out, "  {label}  {value}");
    let rare = super::rare::rows(s);
    if !rare.is_empty() {
        let _ = writeln!(out, "\nRare-event method (docs/rare-events.md)");
        let width = rare
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (label, value) in rare {
            let _ = writeln!(out, "  {label:<width$}  {value}");
        }
    }
    if let Some(advice) = super::rare::advice(s) {
        let _ = writeln!(out, "\nNote: {advice}");
    }
    sla(&mut out, s);
    if let Some(cost) = &s.cost {
        let _ = writeln!(out, "\nCost (money per year)");
        for (label, value) in super::cost::rows(cost) {
            // Items are indented under the totals.
            let _ = writeln!(out, "  {label:<24}{value}");
        }
    }
    if let Some(load) = &s.load {
        let rows = super::load::rows(load);
        let width = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        let _ = writeln!(out, "\nLoad (requests weighted by demand)");
        for (label, value) in rows {
            let _ = writeln!(out, "  {label:<width$}  {value}");
        }
    }
    out.push_str(&super::phases::text(s));
    recovery(&mut out, s);
    out.push_str(&super::durability::text(s));
    attribution(&mut out, s);
    out
}

/// What the verdict must not hide: data lost beyond any backup (its downtime is already in
/// the availability; the count says how it came about).
pub(super) fn unrecoverable_note(s: &Summary) -> String {
    let per_year = s.unrecoverable_per_year();
    if per_year > 0.0 {
        format!(
            "; {}/y unrecoverable data losses (no usable backup)",
            crate::units::format_significant(per_year, 2)
        )
    } else {
        String::new()
    }
}

fn sla(out: &mut String, s: &Summary) {
    let sla = &s.sla;
    let (Some(windows), Some(breach)) = (&sla.window_availability, &sla.p_window_breach) else {
        // Say why the section is missing rather than drop it without a word.
        let _ = writeln!(
            out,
            "\nSLA windows of {} not judged: a trial of {} holds no whole window (set --horizon to {} or more)",
            format_span(sla.window_hours),
            format_duration(s.horizon_hours),
            format_span(sla.window_hours)
        );
        return;
    };
    let _ = writeln!(
        out,
        "\nSLA windows of {} against {}",
        format_span(sla.window_hours),
        crate::model::format_percent(sla.objective)
    );
    // Percentiles beside the SLA objective: none rounds across it.
    let decimals = decimals_against(
        sla.objective,
        &[windows.p50, windows.p10, windows.p5, windows.p1],
    );
    let percent = |v| percent_with(v, decimals);
    let _ = writeln!(
        out,
        "  window availability  median {}, p10 {}, p5 {}, p1 {}",
        percent(windows.p50),
        percent(windows.p10),
        percent(windows.p5),
        percent(windows.p1)
    );
    let interval = |e: &crate::stats::Estimate, scale: f64, unit: &str| match (e.ci_low, e.ci_high)
    {
        (Some(low), Some(high)) => format!(
            "{:.2}{unit} [{:.2}{unit}, {:.2}{unit}]",
            e.mean * scale,
            low * scale,
            high * scale
        ),
        _ => format!("{:.2}{unit}", e.mean * scale),
    };
    let _ = writeln!(
        out,
        "  windows breaching   {}",
        interval(breach, 100.0, "%")
    );
    if let Some(credit) = &sla.expected_credit_per_year {
        let _ = writeln!(
            out,
            "  credits per year    {} window fees",
            interval(credit, 1.0, "")
        );
    }
}

/// A duration in seconds as people read it ("2.1h"), or "-".
fn seconds(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |s| format_span(s / 3600.0))
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{:.1}%", v * 100.0))
}

fn recovery(out: &mut String, s: &Summary) {
    // A durable data set with no incident has nothing to recover: its section is Durability.
    let sets: Vec<_> = s
        .data_sets
        .iter()
        .filter(|d| !(s.durability.contains_key(&d.name) && d.incidents_per_year == 0.0))
        .collect();
    if sets.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nRecovery (incidents: failovers of the data's component, and disasters)"
    );
    let width = sets.iter().map(|d| d.name.len()).max().unwrap_or(0);
    for d in sets {
        let _ = writeln!(
            out,
            "  {:<width$}  {:.3} incidents/y{}",
            d.name,
            d.incidents_per_year,
            if d.unrecoverable_per_year > 0.0 {
                format!(
                    ", {}/y unrecoverable (no usable backup)",
                    crate::units::format_significant(d.unrecoverable_per_year, 2)
                )
            } else {
                String::new()
            }
        );
        for (label, r) in [("RPO", &d.rpo), ("RTO", &d.rto)] {
            let _ = writeln!(
                out,
                "  {:<width$}  {label} mean {} [{}, {}], p50 {}, p95 {}, p99 {}, max {}; objective {}, met {}",
                "",
                seconds(r.mean_seconds),
                seconds(r.ci_low_seconds),
                seconds(r.ci_high_seconds),
                seconds(r.p50_seconds),
                seconds(r.p95_seconds),
                seconds(r.p99_seconds),
                seconds(r.max_seconds),
                seconds(r.objective_seconds),
                match (r.met_share_ci_low, r.met_share_ci_high) {
                    (Some(low), Some(high)) => format!(
                        "{} [{}, {}]",
                        share(r.met_share),
                        share(Some(low)),
                        share(Some(high))
                    ),
                    _ => share(r.met_share),
                }
            );
        }
        let storage = &d.backup_storage;
        if storage.peak_bytes > 0.0 {
            let _ = writeln!(
                out,
                "  {:<width$}  backup storage mean {}, peak {}",
                "",
                format_size(storage.mean_bytes),
                format_size(storage.peak_bytes)
            );
        }
    }
}

/// How many causes the table lists; JSON and causes.csv have them all.
const CAUSES_SHOWN: usize = 8;

fn attribution(out: &mut String, s: &Summary) {
    let a = &s.attribution;
    if a.causes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nDowntime by cause (each outage counts to the event that began it)"
    );
    let label = |c: &crate::stats::CauseSummary| format!("{} {}", c.component, c.cause);
    let width = a
        .causes
        .iter()
        .take(CAUSES_SHOWN)
        .map(|c| label(c).len())
        .max()
        .unwrap_or(0);
    for cause in a.causes.iter().take(CAUSES_SHOWN) {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>9.2} min/y  {:>6}  {:.4} outages/y",
            label(cause),
            cause.downtime_minutes_per_year,
            cause
                .share_of_downtime
                .map_or_else(String::new, |share| format!("{:.1}%", share * 100.0)),
            cause.outages_per_year,
        );
    }
    if a.causes.len() > CAUSES_SHOWN {
        let _ = writeln!(
            out,
            "  ... {} more in --format json",
            a.causes.len() - CAUSES_SHOWN
        );
    }
    let _ = writeln!(
        out,
        "\nComponents  criticality (share of outages begun); importance in min/y: saved if it never \
failed (all instances / one), lost if one instance were down for good"
    );
    let width = a
        .components
        .iter()
        .map(|c| c.component.len())
        .max()
        .unwrap_or(0);
    let estimate = |e: Option<&crate::stats::Estimate>| {
        e.map_or_else(
            || "-".to_string(),
            |e| match (e.ci_low, e.ci_high) {
                (Some(low), Some(high)) => format!("{:.2} [{low:.2}, {high:.2}]", e.mean),
                _ => format!("{:.2}", e.mean),
            },
        )
    };
    for component in &a.components {
        let criticality = component
            .criticality
            .map_or_else(|| "-".to_string(), |c| format!("{:.1}%", c * 100.0));
        let importance = if component.improvement_potential_minutes_per_year.is_some() {
            format!(
                "  saved {} / one {}  lost {}",
                estimate(component.improvement_potential_minutes_per_year.as_ref()),
                estimate(
                    component
                        .instance_improvement_potential_minutes_per_year
                        .as_ref()
                ),
                estimate(component.risk_achievement_minutes_per_year.as_ref()),
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {criticality:>7}{importance}",
            component.component
        );
    }
    if a.importance_trials > 0 {
        let _ = writeln!(
            out,
            "  importance: {} trials per estimate, {} of {} components, {:.2} s",
            a.importance_trials,
            a.importance_components,
            a.components.len(),
            s.performance.importance_seconds
        );
    }
}
