//! What `nines compare --out DIR` and `nines sweep --out DIR` write: the report as JSON,
//! the charts, and `index.html`.

use std::path::Path;

use super::charts::{
    CompareAvailabilityChart, CompareDowntimeChart, Design, SweepChart, SweepCurve, SweepPoint,
};
use super::html::Page;
use super::run_page::{save, INDEX_FILE};
use super::{compare, files, sweep, CompareReport, Format};
use crate::error::{Error, Result};
use crate::stats::Summary;
use crate::study::SweepReport;
use crate::units::format_duration;

/// Name of the comparison's JSON file.
pub const COMPARISON_FILE: &str = "comparison.json";
/// Name of the sweep's JSON file.
pub const SWEEP_FILE: &str = "sweep.json";

fn create(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::Runtime(format!(
            "cannot create output folder {}: {e}",
            dir.display()
        ))
    })
}

fn settings_line(s: &Summary) -> String {
    format!(
        "{} trials of {} each, seed {}, target {}, {:.0}% confidence intervals",
        s.trials,
        format_duration(s.horizon_hours),
        s.seed,
        crate::model::format_percent(s.target.availability),
        s.availability.confidence * 100.0
    )
}

/// Writes the comparison's JSON, charts and page into `dir`; `downtime[i]` is design i's
/// yearly downtime minutes over trials, ascending (every trial, or quantiles standing for
/// them).
pub fn write_compare_report(
    dir: &Path,
    report: &CompareReport,
    downtime: &[Vec<f64>],
) -> Result<()> {
    create(dir)?;
    let json = super::render_comparison(report, Format::Json)?;
    files::write_atomically(&dir.join(COMPARISON_FILE), |out| {
        out.write_all(json.as_bytes())
    })?;
    let first = report.designs[0];
    let designs: Vec<Design> = report
        .designs
        .iter()
        .zip(downtime)
        .map(|(s, minutes)| Design {
            name: s.scenario.clone(),
            mean: s.availability.mean,
            ci_low: s.availability.ci_low,
            ci_high: s.availability.ci_high,
            downtime_minutes: minutes.clone(),
        })
        .collect();
    let target = first.target.availability;
    let figures = vec![
        save(
            dir,
            &CompareAvailabilityChart::new(designs.clone(), target, first.availability.confidence),
        )?,
        save(dir, &CompareDowntimeChart::new(designs, target))?,
    ];
    let mut page = Page::new("Comparison of designs", &settings_line(first));
    let rows = compare::rows(report);
    let (header, body) = rows.split_first().expect("a comparison has a header row");
    let to_row = |(label, values): &(String, Vec<String>)| {
        std::iter::once(label.clone())
            .chain(values.iter().cloned())
            .collect::<Vec<_>>()
    };
    page.heading("Side by side");
    page.table(
        &to_row(header),
        &body.iter().map(to_row).collect::<Vec<_>>(),
    );
    match &report.paired_note {
        Some(note) => page.paragraph(note),
        None => page.paragraph(&format!(
            "Differences: {}.",
            super::compare::differences_method(report)
        )),
    }
    page.heading("Charts");
    page.figures(&figures);
    page.files(&[COMPARISON_FILE]);
    files::write_atomically(&dir.join(INDEX_FILE), |out| {
        out.write_all(page.render().as_bytes())
    })
}

/// Writes the sweep's JSON, chart and page into `dir`; `numeric` gives a value's position
/// on a numeric axis, if it has one.
pub fn write_sweep_report(
    dir: &Path,
    report: &SweepReport,
    numeric: &dyn Fn(&str) -> Option<f64>,
) -> Result<()> {
    create(dir)?;
    let json = super::render_sweep(report, Format::Json)?;
    files::write_atomically(&dir.join(SWEEP_FILE), |out| out.write_all(json.as_bytes()))?;
    let first = &report.points[0].summary;
    // Points are in grid order, the first axis fastest: one curve per setting of the others.
    let curves = report
        .curves()
        .into_iter()
        .map(|chunk| SweepCurve {
            label: (chunk[0].values.len() > report.first_axis).then(|| {
                crate::study::grid::describe(
                    &report.keys[report.first_axis..],
                    &chunk[0].values[report.first_axis..],
                )
            }),
            points: chunk
                .iter()
                .map(|p| SweepPoint {
                    label: p.values[0].clone(),
                    x: numeric(&p.values[0]),
                    mean: p.summary.availability.mean,
                    ci_low: p.summary.availability.ci_low,
                    ci_high: p.summary.availability.ci_high,
                })
                .collect(),
        })
        .collect();
    let figures = vec![save(
        dir,
        &SweepChart::new(
            report.keys[0].clone(),
            curves,
            first.target.availability,
            first.availability.confidence,
        ),
    )?];
    let mut page = Page::new(
        &format!("Sweep of {}", report.keys.join(" and ")),
        &settings_line(first),
    );
    let (header, rows) = sweep::table(report);
    page.heading("Points");
    page.table(&header, &rows);
    for line in sweep::verdicts(report) {
        page.paragraph(&line);
    }
    page.heading("Chart");
    page.figures(&figures);
    page.files(&[SWEEP_FILE]);
    files::write_atomically(&dir.join(INDEX_FILE), |out| {
        out.write_all(page.render().as_bytes())
    })
}
