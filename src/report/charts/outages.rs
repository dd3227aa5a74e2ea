//! The distribution of outage durations: how often an outage lasts longer than x.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, PRIMARY};
use super::{Chart, Drawn};

/// Outage durations as a survival curve on a logarithmic time axis.
#[derive(Debug, Clone)]
pub struct OutagesChart {
    /// (minutes, share of outages longer), from the shortest duration.
    curve: Vec<(f64, f64)>,
    /// Outages behind the curve.
    count: u64,
    /// Outages per year.
    per_year: f64,
}

impl OutagesChart {
    /// A chart of a survival curve in hours (see `Tally::outage_survival`); `None` without
    /// outages.
    pub fn new(survival_hours: &[(f64, f64)], count: u64, per_year: f64) -> Option<OutagesChart> {
        (!survival_hours.is_empty()).then(|| OutagesChart {
            curve: survival_hours.iter().map(|&(h, s)| (h * 60.0, s)).collect(),
            count,
            per_year,
        })
    }

    /// The duration exceeded by a share `share` of outages, read off the curve.
    fn exceeded_by(&self, share: f64) -> f64 {
        self.curve
            .iter()
            .find(|&&(_, s)| s <= share)
            .map_or(0.0, |&(m, _)| m)
    }
}

impl Chart for OutagesChart {
    fn name(&self) -> &str {
        "outages"
    }

    fn title(&self) -> String {
        format!(
            "Outage durations: share of {} outages lasting longer than x",
            self.count
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        // The axis starts at the shortest 0.5% of outages, not at the single shortest: a
        // handful of sub-second blips would otherwise leave decades of flat line.
        let (low, high) = style::log_bounds(
            self.curve
                .iter()
                .filter(|p| p.1 <= 0.995)
                .chain(self.curve.last())
                .map(|p| p.0),
        );
        let mut chart = ChartBuilder::on(area)
            .caption(
                format!(
                    "Outage durations ({} outages, {} a year)",
                    self.count,
                    style::trim(self.per_year)
                ),
                style::caption(),
            )
            .margin(16)
            .margin_right(style::right_margin(&style::compact(high)))
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d((low..high).log_scale(), 0.0..1.05)?;
        chart
            .configure_mesh()
            .light_line_style(style::GRID)
            .x_desc("Outage duration (minutes, log scale)")
            .y_desc("Share of outages lasting longer")
            .x_label_formatter(&|x| style::compact(*x))
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        // A survival curve is a step function: hold each share until the next duration.
        let steps = self
            .curve
            .windows(2)
            .flat_map(|w| [(w[1].0.max(low), w[0].1), (w[1].0.max(low), w[1].1)]);
        let first = self.curve[0];
        chart.draw_series(LineSeries::new(
            std::iter::once((low, 1.0))
                .chain(std::iter::once((first.0.max(low), 1.0)))
                .chain(steps),
            PRIMARY.stroke_width(3),
        ))?;
        let (median, p95) = (self.exceeded_by(0.5), self.exceeded_by(0.05));
        let right = chart.plotting_area().get_pixel_range().0.end;
        for (minutes, label) in [(median, "median"), (p95, "p95")] {
            chart.draw_series(LineSeries::new(
                [(minutes, 0.0), (minutes, 1.05)],
                RGBColor(120, 120, 120).stroke_width(1),
            ))?;
            let text = format!("{label} {}", style::duration(minutes));
            let at = (minutes, if label == "median" { 0.98 } else { 0.90 });
            // Beside the line, on its left when the right has no room.
            let (text, font) = if style::runs_past(&text, chart.backend_coord(&at).0, right) {
                (format!("{text} "), style::note_right(RGBColor(60, 60, 60)))
            } else {
                (format!(" {text}"), style::note(RGBColor(60, 60, 60)))
            };
            chart.draw_series([Text::new(text, at, font)])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quantiles_off_the_curve() {
        let curve = [(1.0, 1.0), (1.0, 0.5), (2.0, 0.25), (4.0, 0.0)];
        let chart = OutagesChart::new(&curve, 4, 1.0).unwrap();
        assert_eq!(chart.exceeded_by(0.5), 60.0);
        assert_eq!(chart.exceeded_by(0.05), 240.0);
        assert!(OutagesChart::new(&[], 0, 0.0).is_none());
    }
}
