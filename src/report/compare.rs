//! Side-by-side output of `nines compare`.

use serde::Serialize;

use super::{
    downtime_per_trial, nines, percent_with, summary_decimals, trial_is_a_year, trials_label,
    Format,
};
use crate::error::{Error, Result};
use crate::stats::{Comparison, Summary};
use crate::units::format_span;

/// Everything `nines compare` reports.
#[derive(Debug, Serialize)]
pub struct CompareReport<'a> {
    /// Each design's summary, in the order given.
    pub designs: Vec<&'a Summary>,
    /// Each design after the first against the first.
    pub comparisons: Vec<Comparison>,
    /// Why there are no paired differences, when there are none (rare method; added key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paired_note: Option<String>,
}

/// Renders a comparison in `format`.
pub fn render(report: &CompareReport, format: Format) -> Result<String> {
    match format {
        Format::Json => serde_json::to_string_pretty(report)
            .map(|text| text + "\n")
            .map_err(|e| Error::Runtime(format!("cannot encode JSON: {e}"))),
        Format::Csv => csv(report),
        Format::Table => Ok(aligned(&rows(report), "  ", false, report)),
        Format::Markdown => Ok(aligned(&rows(report), " | ", true, report)),
    }
}

/// The comparison as rows: a label and one value per design.
pub fn rows(report: &CompareReport) -> Vec<(String, Vec<String>)> {
    let designs = &report.designs;
    let decimals = designs
        .iter()
        .map(|s| summary_decimals(s))
        .max()
        .unwrap_or(2);
    let pct = |v: f64| percent_with(v, decimals);
    let each = |f: &dyn Fn(&Summary) -> String| designs.iter().map(|s| f(s)).collect::<Vec<_>>();
    let seconds = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |s| format_span(s / 3600.0));
    let mut rows = vec![
        ("Design".to_string(), each(&|s| s.scenario.clone())),
        (
            "Availability".to_string(),
            each(&|s| super::summary_availability_cell(s, pct)),
        ),
        (
            format!(
                "{:.0}% interval",
                designs[0].availability.confidence * 100.0
            ),
            each(&|s| match (s.availability.ci_low, s.availability.ci_high) {
                (Some(low), Some(high)) => format!("{} to {}", pct(low), pct(high)),
                _ => "-".to_string(),
            }),
        ),
        ("Nines".to_string(), each(&|s| nines(&s.availability))),
        (
            "Requests served".to_string(),
            each(&|s| super::requests_cell(&s.request_availability, pct)),
        ),
        if trial_is_a_year(designs[0].horizon_hours) {
            (
                "Downtime min/y p50 / p90 / p99".to_string(),
                each(&|s| {
                    let d = &s.downtime_minutes_per_year;
                    format!("{:.1} / {:.1} / {:.1}", d.p50, d.p90, d.p99)
                }),
            )
        } else {
            // Percentiles of one trial do not scale to a year: they are given per trial.
            (
                format!(
                    "Downtime min per trial of {} p50 / p90 / p99",
                    crate::units::format_duration(designs[0].horizon_hours)
                ),
                each(&|s| {
                    let [_, p50, p90, p99, _] = downtime_per_trial(s);
                    format!("{p50:.1} / {p90:.1} / {p99:.1}")
                }),
            )
        },
        (
            format!("{} meeting target", trials_label(designs[0].horizon_hours)),
            each(&|s| format!("{:.1}%", s.target.p_trial_meets * 100.0)),
        ),
        (
            "Outages / year".to_string(),
            each(&|s| format!("{:.3}", s.outages.per_year)),
        ),
    ];
    if designs.iter().any(|s| s.service_method.is_some()) {
        rows.push((
            "Service figures by".to_string(),
            each(&|s| {
                s.service_method.as_ref().map_or_else(
                    || "-".to_string(),
                    |m| format!("{} ({} plain outages)", m.method, m.plain_outages),
                )
            }),
        ));
    }
    if designs.iter().any(|s| !s.data_sets.is_empty()) {
        rows.push((
            "Unrecoverable losses / year".to_string(),
            each(&|s| crate::units::format_significant(s.unrecoverable_per_year(), 2)),
        ));
        rows.push((
            "RPO p95 / RTO p95".to_string(),
            each(&|s| {
                format!(
                    "{} / {}",
                    seconds(s.rpo.p95_seconds),
                    seconds(s.rto.p95_seconds)
                )
            }),
        ));
    }
    rows.extend(super::durability::compare_rows(designs));
    if designs.iter().any(|s| s.cost.is_some()) {
        let cost = |f: &dyn Fn(&crate::stats::CostSummary) -> String| {
            each(&|s| s.cost.as_ref().map_or_else(|| "-".to_string(), f))
        };
        rows.push((
            "Total cost / year".to_string(),
            cost(&|c| super::cost::money(c.total_per_year)),
        ));
        rows.push((
            "Infrastructure / downtime / credits".to_string(),
            cost(&|c| {
                format!(
                    "{} / {} / {}",
                    super::cost::money(c.infrastructure_per_year),
                    super::cost::money(c.downtime_per_year.mean),
                    super::cost::money(c.credits_per_year)
                )
            }),
        ));
    }
    if report.paired_note.is_some() {
        return rows;
    }
    let mut versus = vec!["baseline".to_string()];
    versus.extend(
        report
            .comparisons
            .iter()
            .map(|c| difference_cell(&c.availability_difference, c.significant)),
    );
    rows.push(("vs first (paired)".to_string(), versus));
    rows.extend(super::compare_phases::rows(report));
    rows
}

/// A paired difference of availability as a cell: the mean, its interval, whether it is
/// significant.
pub fn difference_cell(d: &crate::stats::Estimate, significant: bool) -> String {
    let interval = match (d.ci_low, d.ci_high) {
        (Some(low), Some(high)) => {
            format!(" [{:+.5}%, {:+.5}%]", low * 100.0, high * 100.0)
        }
        _ => String::new(),
    };
    format!(
        "{:+.5}%{interval} {}",
        d.mean * 100.0,
        if significant {
            "significant"
        } else {
            "not significant"
        }
    )
}

/// The rows aligned in columns, then the line on differences: `paired_note` in place of the
/// method's when there are no paired differences.
fn aligned(
    rows: &[(String, Vec<String>)],
    separator: &str,
    markdown: bool,
    report: &CompareReport,
) -> String {
    let columns = rows[0].1.len();
    let label_width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|(_, v)| v[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, (label, values)) in rows.iter().enumerate() {
        let mut line = if markdown {
            "| ".to_string()
        } else {
            String::new()
        };
        line.push_str(&format!("{label:<label_width$}"));
        for (value, width) in values.iter().zip(&widths) {
            line.push_str(separator);
            line.push_str(&format!("{value:<width$}"));
        }
        if markdown {
            line.push_str(" |");
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if markdown && i == 0 {
            out.push_str(&format!("|{}|\n", vec!["---"; columns + 1].join("|")));
        }
    }
    if let Some(note) = &report.paired_note {
        out.push_str(&format!("\n{note}\n"));
    } else if !markdown {
        out.push_str(&format!("\nDifferences: {}.\n", differences_method(report)));
    }
    out
}

fn csv(report: &CompareReport) -> Result<String> {
    let fail = |e: &dyn std::fmt::Display| Error::Runtime(format!("cannot write CSV: {e}"));
    let mut rows = Vec::new();
    for (i, summary) in report.designs.iter().enumerate() {
        let value = serde_json::to_value(summary).map_err(|e| fail(&e))?;
        let mut fields = Vec::new();
        super::csv::flatten(&value, "", &mut fields);
        let comparison = i.checked_sub(1).and_then(|j| report.comparisons.get(j));
        let d = comparison.map(|c| &c.availability_difference);
        let text = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        fields.push(("difference_vs_first".into(), text(d.map(|d| d.mean))));
        fields.push(("difference_ci_low".into(), text(d.and_then(|d| d.ci_low))));
        fields.push(("difference_ci_high".into(), text(d.and_then(|d| d.ci_high))));
        fields.push((
            "significant".into(),
            comparison.map_or_else(String::new, |c| c.significant.to_string()),
        ));
        fields.extend(super::compare_phases::csv_fields(report, i).map_err(|e| fail(&e))?);
        rows.push(fields);
    }
    // Designs differ in the keys they have (a credit table, data sets): the header is every
    // key of any design, in first-seen order, and a design without one leaves it empty.
    let mut header: Vec<&str> = Vec::new();
    for fields in &rows {
        for (key, _) in fields {
            if !header.contains(&key.as_str()) {
                header.push(key);
            }
        }
    }
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).map_err(|e| fail(&e))?;
    for fields in &rows {
        let value = |key: &str| {
            fields
                .iter()
                .find(|(k, _)| k == key)
                .map_or("", |(_, v)| v.as_str())
        };
        writer
            .write_record(header.iter().map(|key| value(key)))
            .map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// How the report's paired differences were computed: the rare method's or the plain one's.
pub fn differences_method(report: &CompareReport) -> &'static str {
    report
        .comparisons
        .first()
        .map_or_else(crate::stats::compare_method, |c| c.method)
}
