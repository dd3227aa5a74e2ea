//! What `nines run --out DIR` writes: the data files, every chart, and `index.html`.

use std::path::Path;

use super::charts::{
    self, CauseBar, CausesChart, DowntimeChart, OutagesChart, RecoveryChart, RecoveryCurves,
    TimelineChart,
};
use super::html::{Figure, Page};
use super::{files, markdown, Format};
use crate::engine::{trace_trial, RunOutput, TrialRecord};
use crate::error::Result;
use crate::model::Model;
use crate::stats::Summary;
use crate::units::format_duration;

/// Name of the report page.
pub const INDEX_FILE: &str = "index.html";

/// Writes the data files, the charts and the page into `dir`, creating it if needed. The
/// page is written last, so it never links to a chart that is not there.
pub fn write_run_report(
    dir: &Path,
    model: &Model,
    summary: &Summary,
    run: &RunOutput,
) -> Result<()> {
    files::write_out_dir(dir, summary, &run.records, model.settings.horizon)?;
    let figures = write_charts(dir, model, summary, run)?;
    let mut page = Page::new(
        &summary.scenario,
        &format!(
            "{} trials of {}, seed {}, target {}, {:.0}% confidence intervals",
            summary.trials,
            format_duration(summary.horizon_hours),
            summary.seed,
            crate::model::format_percent(summary.target.availability),
            summary.availability.confidence * 100.0
        ),
    );
    for (i, (header, rows)) in markdown::tables(summary).iter().enumerate() {
        if i == 0 {
            page.heading("Summary");
        }
        page.table(header, rows);
    }
    page.heading("Charts");
    page.figures(&figures);
    page.heading("Everything");
    page.folded_text(
        "The full report, as nines run prints it",
        &super::render(summary, Format::Table)?,
    );
    page.files(&[
        files::SUMMARY_FILE,
        files::TRIALS_FILE,
        files::CAUSES_FILE,
        files::COMPONENTS_FILE,
    ]);
    files::write_atomically(&dir.join(INDEX_FILE), |out| {
        out.write_all(page.render().as_bytes())
    })
}

/// The trial whose timeline is drawn: a bad year, the 90th percentile of downtime among
/// the trials that had any (trial 0 when none had). Returns it and why it was picked.
pub fn timeline_trial(records: &[TrialRecord], exclude_planned: bool) -> (u64, String) {
    let mut down: Vec<(f64, usize)> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.counted_downtime(exclude_planned), i))
        .filter(|&(d, _)| d > 0.0)
        .collect();
    if down.is_empty() {
        return (0, "no trial had downtime".into());
    }
    down.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let pick = ((down.len() - 1) as f64 * 0.9).round() as usize;
    let (hours, trial) = down[pick];
    (
        trial as u64,
        format!(
            "{} down; a bad year, the 90th percentile of the {} trials with downtime",
            charts::style_duration(hours * 60.0),
            down.len()
        ),
    )
}

/// Draws every chart the run has data for; returns them in page order.
fn write_charts(
    dir: &Path,
    model: &Model,
    summary: &Summary,
    run: &RunOutput,
) -> Result<Vec<Figure>> {
    let mut figures = Vec::new();
    let mut add = |figure: &dyn Fn() -> Result<Figure>| -> Result<()> {
        figures.push(figure()?);
        Ok(())
    };
    let exclude = summary.planned_downtime.excluded_from_availability;
    // Each trial's own downtime, per year when a trial is a year and per trial otherwise.
    let downtime = DowntimeChart::new(
        run.records
            .iter()
            .map(|r| r.counted_downtime(exclude) * 60.0)
            .collect(),
        summary.target.availability,
        exclude,
    )
    .per_trial(model.settings.horizon);
    add(&|| save(dir, &downtime))?;
    if let Some(chart) = OutagesChart::new(
        &run.tally.outage_survival(),
        run.tally.outage_count(),
        summary.outages.per_year,
    ) {
        add(&|| save(dir, &chart))?;
    }
    let causes = summary
        .attribution
        .causes
        .iter()
        .map(|c| CauseBar {
            label: format!("{}: {}", c.component, c.cause),
            minutes_per_year: c.downtime_minutes_per_year,
            planned: c.planned,
        })
        .collect();
    if let Some(chart) = CausesChart::new(causes) {
        add(&|| save(dir, &chart))?;
    }
    let recovery = model
        .data
        .iter()
        .zip(&run.tally.data)
        .map(|(set, tally)| RecoveryCurves {
            name: set.name.clone(),
            rto: tally.rto_survival(),
            rpo: tally.rpo_survival(),
            rto_objective: set.rto,
            rpo_objective: set.rpo,
        })
        .collect();
    if let Some(chart) = RecoveryChart::new(recovery) {
        add(&|| save(dir, &chart))?;
    }
    let (trial, why) = timeline_trial(&run.records, exclude);
    let (_, trace) = trace_trial(model, trial);
    let timeline = TimelineChart::new(model, trial, why, &trace);
    add(&|| save(dir, &timeline))?;
    Ok(figures)
}

/// Saves a chart and describes it for the page.
pub fn save(dir: &Path, chart: &impl charts::Chart) -> Result<Figure> {
    charts::save(dir, chart)?;
    Ok(Figure {
        name: chart.name().to_string(),
        title: chart.title(),
    })
}
