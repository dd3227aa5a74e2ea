//! What `nines run --out DIR` writes: the data files, every chart, and `index.html`.

use std::path::Path;

use super::charts::{
    self, CauseBar, CausesChart, DowntimeChart, OutagesChart, RecoveryChart, RecoveryCurves,
    TimelineChart,
};
use super::files::TrialRows;
use super::html::{Figure, Page};
use super::{files, markdown, Format};
use crate::engine::{trace_trial, RunOutput};
use crate::error::Result;
use crate::model::Model;
use crate::stats::{DowntimeDistribution, Summary};
use crate::units::format_duration;

/// Name of the report page.
pub const INDEX_FILE: &str = "index.html";

/// Trials whose yearly downtime the downtime chart draws at most (quantiles stand for the
/// rest): beyond, the histogram looks the same and the chart would cost time and memory.
pub const CHART_TRIALS: usize = 100_000;

/// Writes the data files (with `rows`, the streamed trials.csv), the charts and the page into
/// `dir`, creating it if needed. The page is written last, so it never links to a chart that
/// is not there.
pub fn write_run_report(
    dir: &Path,
    model: &Model,
    summary: &Summary,
    run: &RunOutput,
    rows: TrialRows,
) -> Result<()> {
    files::write_out_dir(dir, summary, rows)?;
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
/// the trials that had any (the first million of them; trial 0 when none had). Returns it
/// and why it was picked.
pub fn timeline_trial(downtime: &DowntimeDistribution) -> (u64, String) {
    match downtime.bad_trial() {
        None => (0, "no trial had downtime".into()),
        Some((trial, hours, among)) => (
            trial,
            format!(
                "{} down; a bad year, the 90th percentile of the {among} trials with downtime",
                charts::style_duration(hours * 60.0),
            ),
        ),
    }
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
    // Each trial's own downtime, per year when a trial is a year and per trial otherwise
    // (the distribution holds yearly minutes).
    let per_trial = model.settings.horizon / crate::units::YEAR;
    let downtime = DowntimeChart::new(
        run.stats
            .downtime
            .sample(CHART_TRIALS)
            .into_iter()
            .map(|minutes| minutes * per_trial)
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
    if let Some(load) = &summary.load {
        let hours = load
            .by_hour
            .iter()
            .map(|h| charts::HourBar {
                lost: 1.0 - h.served_share,
                short: h.shortfall_time_share,
            })
            .collect();
        let chart = charts::LoadHoursChart::new(hours);
        add(&|| save(dir, &chart))?;
        if let Some(runway) = &load.runway {
            let points = load
                .periods
                .iter()
                .map(|p| charts::RunwayPoint {
                    years: p.start_years,
                    mean: p.request_availability.mean,
                    low: p.request_availability.ci_low,
                    high: p.request_availability.ci_high,
                })
                .collect();
            if let Some(chart) = charts::RunwayChart::new(points, runway.objective, runway.years) {
                add(&|| save(dir, &chart))?;
            }
        }
    }
    let (trial, why) = timeline_trial(&run.stats.downtime);
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
