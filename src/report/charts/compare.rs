//! Charts of `nines compare`: availability per design on a nines scale, and the yearly
//! downtime distributions of the designs against the objective.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, OBJECTIVE};
use super::{Chart, Drawn};
use crate::model::format_percent as percent;
use crate::stats::quantile_sorted;

/// One design's results, as the charts need them.
#[derive(Debug, Clone)]
pub struct Design {
    /// Its name.
    pub name: String,
    /// Mean availability.
    pub mean: f64,
    /// Interval bounds (absent with one trial).
    pub ci_low: Option<f64>,
    /// Upper bound.
    pub ci_high: Option<f64>,
    /// Minutes of downtime per year of each trial, ascending.
    pub downtime_minutes: Vec<f64>,
}

/// Availability of each design with its interval, on a nines scale, against the target.
#[derive(Debug, Clone)]
pub struct CompareAvailabilityChart {
    designs: Vec<Design>,
    target: f64,
    confidence: f64,
}

impl CompareAvailabilityChart {
    /// A chart of `designs` against `target`; intervals at `confidence`.
    pub fn new(designs: Vec<Design>, target: f64, confidence: f64) -> CompareAvailabilityChart {
        CompareAvailabilityChart {
            designs,
            target,
            confidence,
        }
    }

    /// The nines a perfect design is drawn at.
    fn cap(&self) -> f64 {
        style::nines_cap(
            self.designs
                .iter()
                .flat_map(|d| [Some(d.mean), d.ci_low, d.ci_high])
                .flatten()
                .chain([self.target]),
        )
    }
}

impl Chart for CompareAvailabilityChart {
    fn name(&self) -> &str {
        "availability"
    }

    fn title(&self) -> String {
        format!(
            "Availability of each design with its {:.0}% interval, on a nines scale",
            self.confidence * 100.0
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let cap = self.cap();
        let nines = |a: f64| style::nines_of(a, cap);
        let points: Vec<(f64, f64, f64)> = self
            .designs
            .iter()
            .map(|d| {
                // With no downtime seen, the dot is the lower bound (the bar runs from it to
                // the top, with an arrow), not a value at the axis' cap.
                let mean = match d.ci_low {
                    Some(low) if d.mean >= 1.0 => nines(low),
                    _ => nines(d.mean),
                };
                (
                    d.ci_low.map_or(mean, nines),
                    mean,
                    d.ci_high.map_or(mean, nines),
                )
            })
            .collect();
        let target = nines(self.target);
        let low = points
            .iter()
            .map(|p| p.0)
            .chain([target])
            .fold(f64::INFINITY, f64::min);
        let high = points
            .iter()
            .map(|p| p.2)
            .chain([target])
            .fold(0.0, f64::max);
        let (y0, y1) = ((low - 0.5).floor().max(0.0), (high + 0.5).ceil());
        let n = self.designs.len();
        // Each name gets its share of the plot's width, shortened with an ellipsis if longer.
        let slot = f64::from(area.dim_in_pixel().0.saturating_sub(130 + 32)) / n.max(1) as f64;
        let names: Vec<String> = self
            .designs
            .iter()
            .map(|d| super::text::fit(&d.name, style::TICK_SIZE, slot - 12.0))
            .collect();
        let mut chart = ChartBuilder::on(area)
            .caption("Availability per design", style::caption())
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(130)
            .build_cartesian_2d((0..n.saturating_sub(1)).into_segmented(), y0..y1)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(style::GRID)
            .x_labels(n)
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_desc(format!(
                "Availability (nines scale), {:.0}% interval",
                self.confidence * 100.0
            ))
            .y_label_formatter(&|y| style::nines_label(*y))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            [
                (SegmentValue::Exact(0), target),
                (SegmentValue::Last, target),
            ],
            8,
            5,
            OBJECTIVE.stroke_width(2),
        ))?;
        chart.draw_series([Text::new(
            format!(" target {}", percent(self.target)),
            (SegmentValue::Exact(0), target + (y1 - y0) * 0.03),
            style::note(OBJECTIVE),
        )])?;
        for (i, (lo, mean, hi)) in points.iter().copied().enumerate() {
            let color = style::series(i);
            let x = || SegmentValue::CenterOf(i);
            // The interval as a vertical bar with caps; the mean as a dot, labelled.
            let cap = |y: f64| {
                EmptyElement::at((x(), y))
                    + PathElement::new([(-14, 0), (14, 0)], color.stroke_width(2))
            };
            chart.draw_series([PathElement::new(
                [(x(), lo), (x(), hi)],
                color.stroke_width(3),
            )])?;
            if self.designs[i].mean >= 1.0 {
                chart.draw_series([
                    cap(lo),
                    EmptyElement::at((x(), hi))
                        + PathElement::new([(-10, 12), (0, 0), (10, 12)], color.stroke_width(3)),
                ])?;
            } else {
                chart.draw_series([cap(lo), cap(hi)])?;
            }
            chart.draw_series([EmptyElement::at((x(), mean))
                + Circle::new((0, 0), 7, color.filled())
                + Text::new(
                    if self.designs[i].mean >= 1.0 {
                        format!(
                            "no downtime seen: ≥ {}",
                            percent(self.designs[i].ci_low.unwrap_or(self.designs[i].mean))
                        )
                    } else {
                        {
                            // As many digits as the tables: no label rounds across the target.
                            let d = &self.designs[i];
                            let values = [
                                d.mean,
                                d.ci_low.unwrap_or(d.mean),
                                d.ci_high.unwrap_or(d.mean),
                            ];
                            crate::report::percent_with(
                                d.mean,
                                crate::report::decimals_against(self.target, &values),
                            )
                        }
                    },
                    (14, -8),
                    style::note(color),
                )])?;
        }
        Ok(())
    }
}

/// Most points drawn per design's downtime curve.
const STEPS: usize = 1000;

/// For each design, the share of years with more downtime than x, against the objective.
#[derive(Debug, Clone)]
pub struct CompareDowntimeChart {
    designs: Vec<Design>,
    target: f64,
}

impl CompareDowntimeChart {
    /// A chart of `designs` (downtime ascending) against `target`.
    pub fn new(designs: Vec<Design>, target: f64) -> CompareDowntimeChart {
        CompareDowntimeChart { designs, target }
    }
}

impl CompareDowntimeChart {
    /// Where the legend hides no curve: the upper right, unless some design still has
    /// most years above the axis' last third (every year down, say); then the lower left,
    /// if every curve starts high there.
    fn legend_corner(&self, low: f64, high: f64) -> SeriesLabelPosition {
        let above = |sorted: &[f64], x: f64| {
            1.0 - sorted.partition_point(|&m| m <= x) as f64 / sorted.len().max(1) as f64
        };
        let at = |fraction: f64| low * (high / low).powf(fraction);
        let right_busy = self
            .designs
            .iter()
            .any(|d| above(&d.downtime_minutes, at(0.6)) > 0.7);
        let left_free = self
            .designs
            .iter()
            .all(|d| above(&d.downtime_minutes, at(0.4)) > 0.4);
        if right_busy && left_free {
            SeriesLabelPosition::LowerLeft
        } else {
            SeriesLabelPosition::UpperRight
        }
    }
}

impl Chart for CompareDowntimeChart {
    fn name(&self) -> &str {
        "downtime"
    }

    fn title(&self) -> String {
        "Share of years with more downtime than x, per design".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let allowance = (1.0 - self.target) * crate::units::MINUTES_PER_YEAR;
        // A log axis: designs differ by orders of magnitude, and a linear one squashes the
        // better design against zero. It spans each design's years from the 0.5% to the
        // 99.5% quantile of those with downtime, and the objective.
        let spread = self.designs.iter().flat_map(|d| {
            let down: Vec<f64> = d
                .downtime_minutes
                .iter()
                .copied()
                .filter(|&m| m > 0.0)
                .collect();
            (!down.is_empty())
                .then(|| [quantile_sorted(&down, 0.005), quantile_sorted(&down, 0.995)])
                .into_iter()
                .flatten()
        });
        let (low, high) = style::log_bounds(spread.chain([allowance]));
        let mut chart = ChartBuilder::on(area)
            .caption("Yearly downtime per design", style::caption())
            .margin(16)
            .margin_right(style::right_margin(&style::compact(high)))
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d((low..high).log_scale(), 0.0..1.05)?;
        chart
            .configure_mesh()
            .light_line_style(style::GRID)
            // The objective is named under the axis: inside the plot its label would collide
            // with the legend or the curves, whatever the designs.
            .x_desc(format!(
                "Downtime per year (minutes, log scale); red line: the {} objective, {} a year",
                percent(self.target),
                style::duration(allowance)
            ))
            .y_desc("Share of years with more downtime")
            .x_label_formatter(&|x| style::compact(*x))
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        for (i, design) in self.designs.iter().enumerate() {
            let color = style::series(i);
            let sorted = &design.downtime_minutes;
            let n = sorted.len();
            let above = |k: usize| 1.0 - (k + 1) as f64 / n as f64;
            // Years at or below the axis' start (none at all, often) count from its left
            // edge: the curve starts at the share of years with more than `low`.
            let first = sorted.partition_point(|&m| m <= low);
            let start = (low, 1.0 - first as f64 / n.max(1) as f64);
            // At most STEPS steps: beyond that the curve looks the same and the SVG swells.
            let stride = (n - first).div_ceil(STEPS).max(1);
            let curve = (first..n)
                .step_by(stride)
                .chain((n > first).then_some(n - 1))
                .filter(|&k| sorted[k] <= high)
                .map(|k| (sorted[k], above(k)));
            chart
                .draw_series(LineSeries::new(
                    std::iter::once(start).chain(curve),
                    color.stroke_width(3),
                ))?
                .label(super::text::fit(&design.name, style::TICK_SIZE, 320.0))
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], color.stroke_width(3))
                });
        }
        chart.draw_series(LineSeries::new(
            [(allowance, 0.0), (allowance, 1.05)],
            OBJECTIVE.stroke_width(2),
        ))?;
        chart
            .configure_series_labels()
            .position(self.legend_corner(low, high))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .label_font(style::tick())
            .draw()?;
        Ok(())
    }
}
