//! Request availability period by period as demand grows, against the objective.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, OBJECTIVE, PRIMARY};
use super::{Chart, Drawn};

/// One period's request availability and its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunwayPoint {
    /// Start of the period, in years.
    pub years: f64,
    /// Share of requests served.
    pub mean: f64,
    /// Lower end of its interval.
    pub low: f64,
    /// Upper end of its interval.
    pub high: f64,
}

/// Request availability per period on the nines scale, with its intervals, the objective
/// and the runway (the first period below it).
#[derive(Debug, Clone)]
pub struct RunwayChart {
    points: Vec<RunwayPoint>,
    objective: f64,
    runway: Option<f64>,
}

impl RunwayChart {
    /// A chart of `points`; `None` without any.
    pub fn new(points: Vec<RunwayPoint>, objective: f64, runway: Option<f64>) -> Option<Self> {
        (!points.is_empty()).then_some(RunwayChart {
            points,
            objective,
            runway,
        })
    }
}

impl Chart for RunwayChart {
    fn name(&self) -> &str {
        "runway"
    }

    fn title(&self) -> String {
        "Runway: share of requests served per period as demand grows, against the objective"
            .to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let cap = style::nines_cap(
            self.points
                .iter()
                .flat_map(|p| [p.mean, p.high])
                .chain([self.objective]),
        );
        let nines = |a: f64| style::nines_of(a, cap);
        let low = self
            .points
            .iter()
            .map(|p| nines(p.low))
            .chain([nines(self.objective)])
            .fold(f64::INFINITY, f64::min)
            .floor()
            .max(0.0);
        let end = self.points.last().map_or(1.0, |p| p.years) + 1.0 / 12.0;
        let mut chart = ChartBuilder::on(area)
            .caption(
                match self.runway {
                    Some(y) => format!("Runway: below the objective from {y:.2} years"),
                    None => "Runway: the objective holds over the horizon".to_string(),
                },
                style::caption(),
            )
            .margin(16)
            .margin_right(style::right_margin(&style::trim(end)))
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(0.0..end, low..cap)?;
        chart
            .configure_mesh()
            .light_line_style(style::GRID)
            .x_desc("Years into the trial")
            .y_desc("Requests served (nines scale)")
            .x_label_formatter(&|x| style::trim(*x))
            .y_label_formatter(&|y| style::nines_label(*y))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        // Each period's interval as a vertical stroke.
        chart.draw_series(self.points.iter().map(|p| {
            PathElement::new(
                [(p.years, nines(p.low)), (p.years, nines(p.high))],
                PRIMARY.mix(0.5).stroke_width(3),
            )
        }))?;
        chart.draw_series(LineSeries::new(
            self.points.iter().map(|p| (p.years, nines(p.mean))),
            PRIMARY.stroke_width(2),
        ))?;
        let objective = nines(self.objective);
        chart.draw_series(LineSeries::new(
            [(0.0, objective), (end, objective)],
            OBJECTIVE.stroke_width(2),
        ))?;
        chart.draw_series([Text::new(
            format!(
                " objective {}",
                crate::model::format_percent(self.objective)
            ),
            (0.0, objective),
            style::note(OBJECTIVE),
        )])?;
        if let Some(years) = self.runway {
            chart.draw_series(LineSeries::new(
                [(years, low), (years, cap)],
                RGBColor(120, 120, 120).stroke_width(1),
            ))?;
        }
        Ok(())
    }
}
