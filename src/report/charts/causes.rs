//! Downtime by cause: which component and failure mode started the outages.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, FAILURE, PLANNED};
use super::{text, Chart, Drawn};

/// Causes shown; the rest are summed into one bar.
const SHOWN: usize = 12;

/// Widest a cause's label is drawn, in pixels; longer ones end in an ellipsis.
const MAX_LABEL: f64 = 330.0;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct CauseBar {
    /// "component: mode".
    pub label: String,
    /// Minutes per year of the outages it started.
    pub minutes_per_year: f64,
    /// Whether it is planned maintenance.
    pub planned: bool,
}

/// Horizontal bars of downtime minutes per year, largest first.
#[derive(Debug, Clone)]
pub struct CausesChart {
    bars: Vec<CauseBar>,
}

impl CausesChart {
    /// A chart of `causes` (any order); `None` when there was no downtime.
    pub fn new(mut causes: Vec<CauseBar>) -> Option<CausesChart> {
        causes.retain(|c| c.minutes_per_year > 0.0);
        causes.sort_by(|a, b| b.minutes_per_year.total_cmp(&a.minutes_per_year));
        if causes.len() > SHOWN {
            let rest = causes.split_off(SHOWN - 1);
            causes.push(CauseBar {
                label: format!("{} other causes", rest.len()),
                minutes_per_year: rest.iter().map(|c| c.minutes_per_year).sum(),
                planned: false,
            });
        }
        (!causes.is_empty()).then_some(CausesChart { bars: causes })
    }
}

impl Chart for CausesChart {
    fn name(&self) -> &str {
        "causes"
    }

    fn title(&self) -> String {
        "Downtime minutes per year by the cause that started each outage".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let n = self.bars.len();
        // The summed tail can outgrow the largest single cause.
        let most = self
            .bars
            .iter()
            .map(|b| b.minutes_per_year)
            .fold(0.0, f64::max);
        let total: f64 = self.bars.iter().map(|b| b.minutes_per_year).sum();
        // Labels measured as drawn; the longest are shortened so bars keep most of the width.
        let labels: Vec<String> = self
            .bars
            .iter()
            .map(|b| text::fit(&b.label, style::TICK_SIZE, MAX_LABEL))
            .collect();
        let widest = labels
            .iter()
            .map(|l| text::width(l, style::TICK_SIZE))
            .fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(area)
            .caption("Downtime by cause", style::caption())
            .margin(16)
            .margin_right(style::right_margin(&style::trim(most * 1.3)))
            .x_label_area_size(56)
            .y_label_area_size(widest.ceil() as u32 + 16)
            .build_cartesian_2d(0.0..most * 1.3, (0..n.saturating_sub(1)).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(style::GRID)
            .x_desc("Minutes of downtime per year, by the event that began each outage")
            .x_label_formatter(&|x| style::trim(*x))
            .y_labels(n)
            .y_label_formatter(&|y| match y {
                // The largest cause is drawn at the top.
                SegmentValue::CenterOf(i) if *i < n => labels[n - 1 - i].clone(),
                _ => String::new(),
            })
            .axis_desc_style(style::axis_title())
            .label_style(style::tick())
            .draw()?;
        chart.draw_series(self.bars.iter().enumerate().map(|(i, bar)| {
            let color = if bar.planned { PLANNED } else { FAILURE };
            let mut rectangle = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(n - 1 - i)),
                    (bar.minutes_per_year, SegmentValue::Exact(n - i)),
                ],
                color.mix(0.85).filled(),
            );
            rectangle.set_margin(4, 4, 0, 0);
            rectangle
        }))?;
        chart.draw_series(self.bars.iter().enumerate().map(|(i, bar)| {
            Text::new(
                format!(
                    " {} ({})",
                    style::duration(bar.minutes_per_year),
                    share(bar.minutes_per_year / total)
                ),
                (bar.minutes_per_year, SegmentValue::CenterOf(n - 1 - i)),
                style::note(RGBColor(40, 40, 40)),
            )
        }))?;
        Ok(())
    }
}

/// A share as a whole percentage; a cause too small to round to 1% reads "<1%", not "0%".
fn share(fraction: f64) -> String {
    if fraction > 0.0 && fraction < 0.005 {
        "<1%".into()
    } else {
        format!("{:.0}%", fraction * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, minutes: f64) -> CauseBar {
        CauseBar {
            label: label.into(),
            minutes_per_year: minutes,
            planned: false,
        }
    }

    #[test]
    fn largest_first_and_the_tail_summed() {
        let causes = (1..=20).map(|i| bar(&format!("c{i}"), i as f64)).collect();
        let chart = CausesChart::new(causes).unwrap();
        assert_eq!(chart.bars.len(), SHOWN);
        assert_eq!(chart.bars[0].label, "c20");
        let rest = chart.bars.last().unwrap();
        assert_eq!(rest.label, "9 other causes");
        assert_eq!(rest.minutes_per_year, (1..=9).sum::<i32>() as f64);
        assert!(CausesChart::new(vec![bar("none", 0.0)]).is_none());
        assert_eq!(share(0.0001), "<1%");
        assert_eq!(share(0.49), "49%");
    }
}
