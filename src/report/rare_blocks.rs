//! The per-block rows of the "Rare-event method" section: each redundant block's own
//! figures and its all-instances-down part, with the method behind each.

use crate::stats::{PartFigures, Summary};

fn interval(mean: f64, low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(low), Some(high)) => format!("{mean:.3e}  [{low:.3e}, {high:.3e}]"),
        _ => format!("{mean:.3e}"),
    }
}

/// One part's figures on one line: unavailability, outages a year, mean outage, method.
fn line(p: &PartFigures) -> String {
    let f = &p.figures;
    let u = &f.unavailability;
    let o = &f.outages_per_year;
    let mean = f.mean_outage_minutes.as_ref().map_or_else(
        || "-".to_string(),
        |d| match (d.ci_low, d.ci_high) {
            (Some(low), Some(high)) => format!("{:.1} min [{low:.1}, {high:.1}]", d.mean),
            _ => format!("{:.1} min", d.mean),
        },
    );
    format!(
        "unavailability {}; outages / year {}; mean outage {mean} ({} method: {})",
        interval(u.mean, u.ci_low, u.ci_high),
        interval(o.mean, o.ci_low, o.ci_high),
        p.method,
        p.reason
    )
}

/// The rows of every redundant block (none for plain runs).
pub fn rows(s: &Summary) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for b in s.blocks.iter().flatten() {
        rows.push((format!("Block {}", b.name), line(&b.own)));
        let all_down = match (&b.all_down, &b.all_down_reason) {
            (Some(p), _) => line(p),
            (None, Some(why)) => format!("not estimated: {why}"),
            (None, None) => "not estimated".to_string(),
        };
        rows.push((format!("Block {}, no instance up", b.name), all_down));
        for warning in b
            .own
            .warnings
            .iter()
            .chain(b.all_down.iter().flat_map(|p| &p.warnings))
        {
            rows.push((format!("Block {} warning", b.name), warning.clone()));
        }
    }
    rows
}
