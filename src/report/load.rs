//! The `load` figures as text: one set of rows shared by the table, Markdown and HTML.

use super::markdown::Table;
use crate::stats::{LoadSummary, ShareEstimate, Summary};
use crate::units::format_significant;

/// A share as a percentage with its interval: "0.52% [0.51%, 0.53%]".
fn share(e: &ShareEstimate, decimals: usize) -> String {
    format!(
        "{:.*}% [{:.*}%, {:.*}%]",
        decimals,
        e.mean * 100.0,
        decimals,
        e.ci_low * 100.0,
        decimals,
        e.ci_high * 100.0
    )
}

fn amount(value: f64, unit: &str) -> String {
    let number = format_significant(value, 3);
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

/// Years as people read them: "1.83 y".
fn years(value: Option<f64>) -> String {
    value.map_or_else(|| "beyond the horizon".to_string(), |y| format!("{y:.2} y"))
}

/// "; need follows demand × 1.2" for a need of "peak" with that headroom, else nothing.
fn need_follows_demand(headroom: Option<f64>) -> String {
    headroom
        .map(|h| format!("; need follows demand × {}", 1.0 + h))
        .unwrap_or_default()
}

/// The load figures as (label, value) rows.
pub fn rows(load: &LoadSummary) -> Vec<(String, String)> {
    let unit = load.unit.as_str();
    let mut rows = vec![(
        "Demand".to_string(),
        format!(
            "mean {}, peak {}",
            amount(load.mean_demand, unit),
            amount(load.peak_demand, unit)
        ),
    )];
    for g in &load.capacity {
        rows.push((
            format!("Capacity of {}", g.component),
            format!(
                "{} × {} = {}; peak utilisation {:.0}%{}",
                g.instances,
                amount(g.per_instance, unit),
                amount(g.per_instance * g.instances as f64, unit),
                g.peak_utilisation * 100.0,
                need_follows_demand(g.peak_need_headroom)
            ),
        ));
    }
    for p in &load.pools {
        let members: Vec<String> = p
            .members
            .iter()
            .map(|m| {
                format!(
                    "{} {} × {}",
                    m.component,
                    m.instances,
                    amount(m.per_instance, unit)
                )
            })
            .collect();
        rows.push((
            format!(
                "Capacity of {} (pooled, {} of {})",
                p.block,
                p.k,
                p.members.len()
            ),
            format!(
                "{} = {}; peak utilisation {:.0}%{}",
                members.join(" + "),
                amount(p.capacity, unit),
                p.peak_utilisation * 100.0,
                need_follows_demand(p.peak_need_headroom)
            ),
        ));
    }
    rows.push((
        "Time in capacity shortfall".to_string(),
        share(&load.shortfall_time_share, 3),
    ));
    rows.push((
        "Requests in capacity shortfall".to_string(),
        share(&load.shortfall_request_share, 3),
    ));
    if let Some(worst) = load
        .by_hour
        .iter()
        .min_by(|a, b| a.served_share.total_cmp(&b.served_share))
    {
        rows.push((
            "Worst hour of the day".to_string(),
            format!(
                "{:02}:00, {:.3}% of requests served, {:.3}% of the time short",
                worst.hour,
                worst.served_share * 100.0,
                worst.shortfall_time_share * 100.0
            ),
        ));
    }
    if let Some(r) = &load.runway {
        rows.push((
            format!(
                "Runway to {} per period",
                crate::model::format_percent(r.objective)
            ),
            match r.years {
                None => format!(
                    "beyond the horizon (earliest plausible miss: {})",
                    years(r.years_low)
                ),
                Some(y) => format!(
                    "{y:.2} y  [{}, {}]",
                    years(r.years_low),
                    years(r.years_high)
                ),
            },
        ));
    }
    rows
}

/// The load table for the Markdown and HTML reports, if the run has `[load]`.
pub fn table(s: &Summary) -> Option<Table> {
    let load = s.load.as_ref()?;
    Some((
        vec!["Load".to_string(), "Value".to_string()],
        rows(load).into_iter().map(|(l, v)| vec![l, v]).collect(),
    ))
}
