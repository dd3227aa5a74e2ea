//! The distribution of yearly downtime over trials, against the objective's allowance.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, OBJECTIVE, PRIMARY};
use super::{Chart, Drawn};
use crate::model::format_percent as percent;
use crate::stats::quantile_sorted;

/// Bars of the histogram.
const BINS: usize = 40;

/// Yearly downtime of each trial as a histogram, with the downtime the objective allows.
#[derive(Debug, Clone)]
pub struct DowntimeChart {
    /// Minutes of downtime per year of each trial, ascending.
    minutes: Vec<f64>,
    /// The availability objective.
    target: f64,
    /// What "downtime" counts (for the axis title).
    what: &'static str,
    /// Minutes of the span each value covers: a year, or one trial when a trial is not a
    /// year (a week's downtime percentiles do not scale to a year's).
    span_minutes: f64,
    /// The span in words: "year" or "trial of 1w".
    span: String,
}

impl DowntimeChart {
    /// A chart of `minutes` (downtime per year of each trial, any order) against `target`;
    /// `planned_excluded` says whether planned downtime was left out.
    pub fn new(mut minutes: Vec<f64>, target: f64, planned_excluded: bool) -> DowntimeChart {
        minutes.sort_by(f64::total_cmp);
        DowntimeChart {
            minutes,
            target,
            what: if planned_excluded {
                "Unplanned downtime"
            } else {
                "Downtime"
            },
            span_minutes: crate::units::MINUTES_PER_YEAR,
            span: "year".to_string(),
        }
    }

    /// The same chart with `minutes` counted per trial of `horizon_hours` rather than per
    /// year, for horizons other than a year.
    pub fn per_trial(mut self, horizon_hours: f64) -> DowntimeChart {
        if !crate::report::trial_is_a_year(horizon_hours) {
            self.span_minutes = horizon_hours * 60.0;
            self.span = format!("trial of {}", crate::units::format_duration(horizon_hours));
        }
        self
    }

    /// "years" or "trials": what each value of the histogram is.
    fn units(&self) -> &str {
        if self.span == "year" {
            "years"
        } else {
            "trials"
        }
    }

    /// Minutes per span (a year or a trial) the objective allows.
    fn allowance(&self) -> f64 {
        (1.0 - self.target) * self.span_minutes
    }

    /// The x range shown: the objective and all but the last half percent of trials, so one
    /// extreme year does not squeeze the rest into a bar.
    fn upper(&self) -> f64 {
        let tail = if self.minutes.is_empty() {
            0.0
        } else {
            quantile_sorted(&self.minutes, 0.995)
        };
        // When the worst year is near the 99.5% quantile (every year down, say), the axis
        // reaches it instead of calling a few trials "beyond" by a hair.
        let worst = self.minutes.last().copied().unwrap_or(0.0);
        let tail = if worst <= tail * 1.1 { worst } else { tail };
        let upper = tail.max(self.allowance() * 1.15);
        if upper > 0.0 {
            upper
        } else {
            1.0
        }
    }

    /// Share of trials in each bar (values beyond the range are left out and counted apart).
    fn bins(&self, upper: f64) -> (Vec<f64>, usize) {
        let width = upper / BINS as f64;
        let mut counts = vec![0usize; BINS];
        let mut beyond = 0;
        for &m in &self.minutes {
            if m > upper {
                beyond += 1;
            } else {
                counts[((m / width) as usize).min(BINS - 1)] += 1;
            }
        }
        let n = self.minutes.len().max(1) as f64;
        (counts.iter().map(|&c| c as f64 / n).collect(), beyond)
    }
}

impl Chart for DowntimeChart {
    fn name(&self) -> &str {
        "downtime"
    }

    fn title(&self) -> String {
        format!(
            "Downtime per {} over {} trials, against the {} objective",
            self.span,
            self.minutes.len(),
            percent(self.target)
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let upper = self.upper();
        let (shares, beyond) = self.bins(upper);
        let width = upper / BINS as f64;
        let top = shares.iter().copied().fold(0.0, f64::max).max(0.01) * 1.15;
        let mut chart = ChartBuilder::on(area)
            .caption(
                format!("Downtime per {} ({} trials)", self.span, self.minutes.len()),
                style::caption(),
            )
            .margin(16)
            .margin_right(style::right_margin(&style::trim(upper)))
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(0.0..upper, 0.0..top)?;
        chart
            .configure_mesh()
            .light_line_style(style::GRID)
            .x_desc(format!("{} per {} (minutes)", self.what, self.span))
            .y_desc("Share of trials")
            .x_label_formatter(&|x| style::trim(*x))
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        chart.draw_series(shares.iter().enumerate().map(|(i, &share)| {
            let x0 = i as f64 * width;
            Rectangle::new(
                [(x0 + width * 0.04, 0.0), (x0 + width * 0.96, share)],
                PRIMARY.mix(0.85).filled(),
            )
        }))?;
        let allowance = self.allowance();
        chart.draw_series(LineSeries::new(
            [(allowance, 0.0), (allowance, top)],
            OBJECTIVE.stroke_width(2),
        ))?;
        let meeting = self.minutes.iter().filter(|&&m| m <= allowance).count();
        let share_meeting = meeting as f64 / self.minutes.len().max(1) as f64;
        let std::ops::Range {
            start: left,
            end: right,
        } = chart.plotting_area().get_pixel_range().0;
        let objective = format!(
            "objective {}: {} a {} ({:.1}% of {} within)",
            percent(self.target),
            style::duration(allowance),
            self.span,
            share_meeting * 100.0,
            self.units()
        );
        // Beside the line, on its left when the right has no room.
        let at = (allowance, top * 0.97);
        let (objective, font) = if style::runs_past(&objective, chart.backend_coord(&at).0, right) {
            (format!("{objective} "), style::note_right(OBJECTIVE))
        } else {
            (format!(" {objective}"), style::note(OBJECTIVE))
        };
        chart.draw_series([Text::new(objective, at, font)])?;
        let q = |p| quantile_sorted(&self.minutes, p);
        let mut lines = vec![format!(
            "median {} · p90 {} · p99 {}",
            style::duration(q(0.5)),
            style::duration(q(0.9)),
            style::duration(q(0.99))
        )];
        if beyond > 0 {
            let tail = format!(
                "{beyond} trial(s) beyond the axis, up to {}",
                style::duration(q(1.0))
            );
            // One line if it fits in the plot, else the tail on a line of its own.
            let joined = format!("{} · {tail}", lines[0]);
            if super::text::width(&joined, style::TICK_SIZE) + 12.0 < f64::from(right - left) {
                lines[0] = joined;
            } else {
                lines.push(tail);
            }
        }
        for (i, line) in lines.into_iter().enumerate() {
            chart.draw_series([Text::new(
                format!("{line} "),
                (upper, top * (0.90 - 0.045 * i as f64)),
                style::note_right(RGBColor(60, 60, 60)),
            )])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_share_the_trials_and_count_the_tail_apart() {
        let chart = DowntimeChart::new(vec![0.0, 1.0, 2.0, 100.0], 0.9999, false);
        let (shares, beyond) = chart.bins(10.0);
        assert_eq!(beyond, 1);
        assert!((shares.iter().sum::<f64>() - 0.75).abs() < 1e-12);
        assert_eq!(shares[0], 0.25);
        // The objective's 52.6 minutes stay in view even when every year is short of it.
        let quiet = DowntimeChart::new(vec![0.0; 10], 0.9999, false);
        assert!(quiet.upper() > quiet.allowance());
    }
}
