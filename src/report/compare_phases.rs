//! `nines compare` of designs with `[[phases]]`: rows per phase, matched by name, with each
//! design's availability and downtime per phase-hour and the paired difference from the
//! first design.

use super::compare::{difference_cell, CompareReport};
use super::phases::{availability_cell, per_phase_hour_cell};
use crate::stats::PhaseSummary;

/// Every phase any design reports, the first design's first, in order of appearance.
fn phase_names<'a>(report: &CompareReport<'a>) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    for summary in &report.designs {
        for phase in &summary.phases {
            if !names.contains(&phase.name.as_str()) {
                names.push(&phase.name);
            }
        }
    }
    names
}

/// The phase rows (none when no design has phases): per phase its availability, its
/// downtime per phase-hour and the paired difference ("not in both" where the design or the
/// first one lacks it), then the phases each design does not share with the first.
pub fn rows(report: &CompareReport) -> Vec<(String, Vec<String>)> {
    let mut rows = Vec::new();
    let find = |i: usize, name: &str| -> Option<&PhaseSummary> {
        report.designs[i].phases.iter().find(|p| p.name == name)
    };
    let designs = report.designs.len();
    for name in phase_names(report) {
        let cell = |f: &dyn Fn(&PhaseSummary) -> String| -> Vec<String> {
            (0..designs)
                .map(|i| find(i, name).map_or_else(|| "-".to_string(), f))
                .collect()
        };
        rows.push((
            format!("Phase {name}: availability"),
            cell(&availability_cell),
        ));
        rows.push((
            format!("Phase {name}: downtime min/phase-hour"),
            cell(&per_phase_hour_cell),
        ));
        let baseline = find(0, name).map_or("-", |_| "baseline");
        let mut versus = vec![baseline.to_string()];
        versus.extend(report.comparisons.iter().map(|c| {
            c.phases.iter().find(|p| p.phase == name).map_or_else(
                || "not in both".to_string(),
                |p| difference_cell(&p.availability_difference, p.significant),
            )
        }));
        rows.push((format!("Phase {name}: vs first (paired)"), versus));
    }
    if report
        .comparisons
        .iter()
        .any(|c| !c.phases_not_common.is_empty())
    {
        let mut lacking = vec!["-".to_string()];
        lacking.extend(report.comparisons.iter().map(|c| {
            if c.phases_not_common.is_empty() {
                "none".to_string()
            } else {
                c.phases_not_common.join(", ")
            }
        }));
        rows.push(("Phases not in both (vs first)".to_string(), lacking));
    }
    rows
}

/// The CSV columns of design `i` per phase (`phase_NAME_...`): its figures as the summary
/// JSON's `phases` list gives them, and after the first design the paired difference
/// (`phase_NAME_vs_first_...`, as the JSON's `comparisons[].phases`); a phase the design
/// lacks leaves its columns empty (the caller fills missing keys).
pub fn csv_fields(report: &CompareReport, i: usize) -> serde_json::Result<Vec<(String, String)>> {
    let mut fields = Vec::new();
    let comparison = i.checked_sub(1).and_then(|j| report.comparisons.get(j));
    for name in phase_names(report) {
        let prefix = format!("phase_{name}");
        if let Some(phase) = report.designs[i].phases.iter().find(|p| p.name == name) {
            flatten_without(phase, "name", &prefix, &mut fields)?;
        }
        if let Some(paired) = comparison.and_then(|c| c.phases.iter().find(|p| p.phase == name)) {
            flatten_without(paired, "phase", &format!("{prefix}_vs_first"), &mut fields)?;
        }
    }
    if let Some(c) = comparison.filter(|c| !c.phases_not_common.is_empty()) {
        fields.push((
            "phases_not_in_both_vs_first".to_string(),
            c.phases_not_common.join(", "),
        ));
    }
    Ok(fields)
}

/// Flattens `value`'s JSON under `prefix`, leaving out its key `skip` (the name already in
/// the prefix).
fn flatten_without(
    value: &impl serde::Serialize,
    skip: &str,
    prefix: &str,
    out: &mut Vec<(String, String)>,
) -> serde_json::Result<()> {
    let mut json = serde_json::to_value(value)?;
    if let Some(map) = json.as_object_mut() {
        map.remove(skip);
    }
    super::csv::flatten(&json, prefix, out);
    Ok(())
}
