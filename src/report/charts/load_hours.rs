//! Requests lost and time short of capacity by hour of the day (runs with `[load]`).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DEGRADED, PRIMARY};
use super::{Chart, Drawn};

/// One hour of the day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourBar {
    /// Share of that hour's requests lost.
    pub lost: f64,
    /// Share of that hour's time in capacity shortfall.
    pub short: f64,
}

/// Bars of requests lost per hour of the day, with the time in shortfall as a line: a
/// failure at the evening peak costs more than the same failure at 4 am.
#[derive(Debug, Clone)]
pub struct LoadHoursChart {
    hours: Vec<HourBar>,
}

impl LoadHoursChart {
    /// A chart of 24 hours, from midnight.
    pub fn new(hours: Vec<HourBar>) -> LoadHoursChart {
        LoadHoursChart { hours }
    }
}

impl Chart for LoadHoursChart {
    fn name(&self) -> &str {
        "load-hours"
    }

    fn title(&self) -> String {
        "Requests lost and time short of capacity, by hour of the day".to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let top = self
            .hours
            .iter()
            .map(|h| h.lost.max(h.short))
            .fold(0.0, f64::max)
            .max(1e-6)
            * 100.0
            * 1.15;
        let mut chart = ChartBuilder::on(area)
            .caption(
                "Requests lost and capacity shortfall by hour",
                style::caption(),
            )
            .margin(16)
            .margin_right(style::right_margin("23"))
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5f64..23.5f64, 0.0..top)?;
        chart
            .configure_mesh()
            .light_line_style(style::GRID)
            .x_desc("Hour of the day")
            .y_desc("Share (%)")
            .x_labels(24)
            .x_label_formatter(&|x| format!("{:.0}", x))
            .y_label_formatter(&|y| style::trim(*y))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        chart
            .draw_series(self.hours.iter().enumerate().map(|(h, bar)| {
                let x = h as f64;
                Rectangle::new(
                    [(x - 0.35, 0.0), (x + 0.35, bar.lost * 100.0)],
                    PRIMARY.mix(0.8).filled(),
                )
            }))?
            .label("requests lost")
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], PRIMARY.filled()));
        chart
            .draw_series(LineSeries::new(
                self.hours
                    .iter()
                    .enumerate()
                    .map(|(h, bar)| (h as f64, bar.short * 100.0)),
                DEGRADED.stroke_width(3),
            ))?
            .label("time short of capacity")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], DEGRADED.stroke_width(3)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font(style::tick())
            .background_style(WHITE.mix(0.9))
            .border_style(style::GRID)
            .draw()?;
        Ok(())
    }
}
