//! The chart of `nines plan`: every design's cost against its availability, the
//! cost-availability Pareto front joined, the objective line, and the winner marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, OBJECTIVE};
use super::{Chart, Drawn, SIZE};
use crate::model::format_percent as percent;

/// One design on the chart.
#[derive(Debug, Clone)]
pub struct FrontierPoint {
    /// Cost per year.
    pub cost: f64,
    /// Mean availability.
    pub availability: f64,
    /// Shown to meet every objective.
    pub feasible: bool,
    /// On the Pareto front.
    pub front: bool,
    /// The winner.
    pub winner: bool,
}

/// Cost (x) against availability (nines scale, y).
#[derive(Debug, Clone)]
pub struct FrontierChart {
    points: Vec<FrontierPoint>,
    objective: Option<f64>,
    winner_label: String,
    /// The y axis's title: which availability the points show.
    y_title: &'static str,
}

impl FrontierChart {
    /// A chart of `points`; `objective` is the availability bound, if one is set;
    /// `winner_label` names the winner beside its mark.
    pub fn new(points: Vec<FrontierPoint>, objective: Option<f64>, winner_label: String) -> Self {
        FrontierChart {
            points,
            objective,
            winner_label,
            y_title: "Availability (nines scale)",
        }
    }

    /// The same chart with the points (and `objective`) in request availability.
    pub fn of_requests(mut self) -> Self {
        self.y_title = "Requests served (nines scale)";
        self
    }
}

impl Chart for FrontierChart {
    fn name(&self) -> &str {
        "frontier"
    }

    fn title(&self) -> String {
        "Cost per year against availability of every design evaluated, the Pareto front, the objective and the winner".to_string()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let cap = style::nines_cap(
            self.points
                .iter()
                .map(|p| p.availability)
                .chain(self.objective),
        );
        let nines = |a: f64| style::nines_of(a, cap);
        let ys: Vec<f64> = self
            .points
            .iter()
            .map(|p| nines(p.availability))
            .chain(self.objective.map(nines))
            .collect();
        let (y0, y1) = (
            (ys.iter().copied().fold(f64::INFINITY, f64::min) - 0.3)
                .floor()
                .max(0.0),
            (ys.iter().copied().fold(0.0, f64::max) + 0.5).ceil(),
        );
        let (xmin, xmax) = self
            .points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.cost), b.max(p.cost))
            });
        let pad = ((xmax - xmin) * 0.06).max(xmax.abs() * 0.02).max(1.0);
        let (x0, x1) = (xmin - pad, xmax + pad);
        // A strip on top holds the caption and the winner's name, which is too long to sit
        // beside its point.
        let (top, plot) = area.split_vertically(76);
        top.draw(&Text::new(
            "Cost against availability",
            (16, 10),
            style::caption(),
        ))?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .margin_top(4)
            .x_label_area_size(56)
            .y_label_area_size(130)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .light_line_style(style::GRID)
            .x_desc("Cost per year")
            .y_desc(self.y_title)
            .x_label_formatter(&|x| crate::report::money(*x))
            .x_labels(6)
            .y_label_formatter(&|y| style::nines_label(*y))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        if let Some(objective) = self.objective {
            let y = nines(objective);
            chart.draw_series(DashedLineSeries::new(
                [(x0, y), (x1, y)],
                8,
                5,
                OBJECTIVE.stroke_width(2),
            ))?;
            chart.draw_series([Text::new(
                format!(" objective {}", percent(objective)),
                (x0, y + (y1 - y0) * 0.03),
                style::note(OBJECTIVE),
            )])?;
        }
        let grey = RGBColor(170, 170, 170);
        let color = style::PRIMARY;
        chart
            .draw_series(
                self.points
                    .iter()
                    .filter(|p| !p.feasible)
                    .map(|p| Circle::new((p.cost, nines(p.availability)), 3, grey.filled())),
            )?
            .label("not shown to meet the objectives")
            .legend(move |(x, y)| Circle::new((x + 10, y), 3, grey.filled()));
        chart
            .draw_series(
                self.points
                    .iter()
                    .filter(|p| p.feasible)
                    .map(|p| Circle::new((p.cost, nines(p.availability)), 4, color.filled())),
            )?
            .label("shown to meet them")
            .legend(move |(x, y)| Circle::new((x + 10, y), 4, color.filled()));
        let mut front: Vec<&FrontierPoint> = self.points.iter().filter(|p| p.front).collect();
        front.sort_by(|a, b| a.cost.total_cmp(&b.cost));
        chart
            .draw_series(LineSeries::new(
                front.iter().map(|p| (p.cost, nines(p.availability))),
                style::series(1).stroke_width(2),
            ))?
            .label("Pareto front")
            .legend(|(x, y)| {
                PathElement::new([(x, y), (x + 20, y)], style::series(1).stroke_width(2))
            });
        if let Some(w) = self.points.iter().find(|p| p.winner) {
            chart.draw_series([Circle::new(
                (w.cost, nines(w.availability)),
                9,
                OBJECTIVE.stroke_width(3),
            )])?;
            let text = format!("winner (circled): {}", self.winner_label);
            top.draw(&Text::new(
                super::text::fit(&text, style::TICK_SIZE, f64::from(SIZE.0) - 40.0),
                (16, 48),
                style::note(OBJECTIVE),
            ))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .label_font(style::tick())
            .draw()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(winner: usize) -> Vec<FrontierPoint> {
        (0..12usize)
            .map(|i| FrontierPoint {
                cost: 800.0 + 400.0 * i as f64,
                availability: 1.0 - 0.05 / 3f64.powi(i as i32),
                feasible: i >= 7,
                front: i % 2 == 0 || i >= 7,
                winner: i == winner,
            })
            .collect()
    }

    #[test]
    fn labels_stay_in_the_picture_wherever_the_winner_is() {
        let label = "components.app.count=5, components.app.failure.mean=300h, cost.components.app.per_instance=$0.05/h".to_string();
        for winner in [0, 7, 11] {
            super::super::assert_readable(&FrontierChart::new(
                points(winner),
                Some(0.9999),
                label.clone(),
            ));
        }
        super::super::assert_readable(&FrontierChart::new(points(99), None, String::new()));
    }
}
