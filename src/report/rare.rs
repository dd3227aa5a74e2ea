//! The rare-event method's figures and diagnostics as report rows (table and Markdown), and
//! the advice a plain run gives when it saw too few outages to rest its intervals on.

use crate::stats::{Estimate, RareWindow, Summary};

/// Below this many observed outages a plain run's figures rest on few events.
pub const FEW_OUTAGES: u64 = crate::stats::RARE_BELOW_OUTAGES;

fn sci(e: &Estimate) -> String {
    match (e.ci_low, e.ci_high) {
        (Some(low), Some(high)) => format!("{:.3e}  [{low:.3e}, {high:.3e}]", e.mean),
        _ => format!("{:.3e}", e.mean),
    }
}

/// The interval's two sides relative to the estimate, "+14.4% / −9.7%": the rare method's
/// intervals are skew-corrected, longer above than below.
pub fn relative_sides(mean: f64, low: f64, high: f64) -> String {
    format!(
        "+{:.1}% / −{:.1}%",
        (high - mean) / mean * 100.0,
        (mean - low) / mean * 100.0
    )
}

fn window_rows(label: &str, w: &RareWindow, rows: &mut Vec<(String, String)>) {
    let u = &w.unavailability;
    let sides = match (u.ci_low, u.ci_high, u.mean > 0.0) {
        (Some(low), Some(high), true) => relative_sides(u.mean, low, high),
        _ => "-".into(),
    };
    rows.push((
        format!("Unavailability, {label}"),
        format!("{}  ({sides})", sci(u)),
    ));
    rows.push((format!("Outages / year, {label}"), sci(&w.outages_per_year)));
    rows.push((
        format!("P(downtime in a horizon), {label}"),
        sci(&w.p_any_downtime),
    ));
}

/// The rows of a rare-method run (empty for plain runs): which method gave the service's
/// figures, then the rare figures when it was the rare one.
pub fn rows(s: &Summary) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(choice) = &s.service_method {
        rows.push((
            "Service figures by".into(),
            format!("{} method: {}", choice.method, choice.reason),
        ));
    }
    for data in &s.data_sets {
        if let Some(m) = &data.method {
            rows.push((
                format!("Data set {} figures by", data.name),
                format!("{} method: {}", m.method, m.reason),
            ));
            rows.push((
                format!("Data set {} incidents / year", data.name),
                format!(
                    "{:.4}  [{:.4}, {:.4}]; unrecoverable {:.3e}  [{:.3e}, {:.3e}] ({} plain trials)",
                    m.incidents_per_year.mean,
                    m.incidents_per_year.ci_low,
                    m.incidents_per_year.ci_high,
                    m.unrecoverable_per_year.mean,
                    m.unrecoverable_per_year.ci_low,
                    m.unrecoverable_per_year.ci_high,
                    m.plain_trials
                ),
            ));
        }
    }
    rows.extend(super::rare_blocks::rows(s));
    let Some(r) = &s.rare else {
        return rows;
    };
    window_rows("horizon", &r.horizon, &mut rows);
    window_rows(
        &format!(
            "steady state (after {})",
            crate::units::format_duration(r.warmup_hours)
        ),
        &r.steady_state,
        &mut rows,
    );
    if let Some(d) = &r.horizon.mean_outage_minutes {
        rows.push(("Mean outage (rare)".into(), format!("{:.1} min", d.mean)));
    }
    rows.push((
        "Branches".into(),
        format!(
            "{} ({} with an outage), ESS {:.0}, largest share {:.1}%",
            r.branches,
            r.branches_with_outage,
            r.ess,
            r.max_share * 100.0
        ),
    ));
    rows.push((
        "Forcing".into(),
        format!(
            "{} (bias θ {}, mixture β {}, repair bias k {} on lognormal repairs)",
            r.forcing, r.bias, r.mixture, r.repair_bias
        ),
    ));
    rows.push((
        "Mean weight".into(),
        format!(
            "{:.4}  [{:.4}, {:.4}] (should contain 1)",
            r.weight_mean, r.weight_mean_ci[0], r.weight_mean_ci[1]
        ),
    ));
    for warning in &r.warnings {
        rows.push(("Warning".into(), warning.clone()));
    }
    rows
}

/// Advice for a plain run that saw fewer than [`FEW_OUTAGES`] outages.
pub fn advice(s: &Summary) -> Option<String> {
    (s.rare.is_none() && s.outages.count < FEW_OUTAGES).then(|| {
        format!(
            "{} outages observed: intervals rest on few events; `--method rare` estimates this directly (docs/rare-events.md)",
            s.outages.count
        )
    })
}
