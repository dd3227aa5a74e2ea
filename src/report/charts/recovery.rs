//! Recovery times and recovery points of every data set against their objectives.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, Drawn};

/// One data set's recovery distributions, in hours.
#[derive(Debug, Clone)]
pub struct RecoveryCurves {
    /// The data set.
    pub name: String,
    /// Survival curve of recovery times (see `DataTally::rto_survival`).
    pub rto: Vec<(f64, f64)>,
    /// Survival curve of recovery points.
    pub rpo: Vec<(f64, f64)>,
    /// Recovery time objective, if set.
    pub rto_objective: Option<f64>,
    /// Recovery point objective, if set.
    pub rpo_objective: Option<f64>,
}

/// RTO and RPO side by side: for each data set, the share of incidents whose recovery took
/// longer (or lost more) than x, with the objective as a dashed line of the same colour.
#[derive(Debug, Clone)]
pub struct RecoveryChart {
    sets: Vec<RecoveryCurves>,
}

impl RecoveryChart {
    /// A chart of the data sets that had incidents; `None` when none did.
    pub fn new(sets: Vec<RecoveryCurves>) -> Option<RecoveryChart> {
        let sets: Vec<_> = sets.into_iter().filter(|s| !s.rto.is_empty()).collect();
        (!sets.is_empty()).then_some(RecoveryChart { sets })
    }
}

/// Which of the two panels.
#[derive(Clone, Copy)]
enum Panel {
    Rto,
    Rpo,
}

/// The curve and objective `panel` shows of a data set.
fn pick(set: &RecoveryCurves, panel: Panel) -> (&[(f64, f64)], Option<f64>) {
    match panel {
        Panel::Rto => (&set.rto, set.rto_objective),
        Panel::Rpo => (&set.rpo, set.rpo_objective),
    }
}

impl RecoveryChart {
    fn panel<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, panel: Panel) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let pick = |s| pick(s, panel);
        let (title, axis) = match panel {
            Panel::Rto => (
                "Recovery time (RTO)",
                "Time to restore service (minutes, log scale)",
            ),
            Panel::Rpo => (
                "Recovery point (RPO)",
                "Data lost, as minutes of changes (log scale)",
            ),
        };
        let minutes = self.sets.iter().flat_map(|s| {
            let (curve, objective) = pick(s);
            curve
                .iter()
                .map(|p| p.0 * 60.0)
                .chain(objective.map(|o| o * 60.0))
        });
        let (low, high) = style::log_bounds(minutes);
        let mut chart = ChartBuilder::on(area)
            .caption(title, style::axis_title())
            .margin(12)
            .margin_right(style::right_margin(&style::compact(high)))
            .x_label_area_size(50)
            .y_label_area_size(64)
            .build_cartesian_2d((low..high).log_scale(), 0.0..1.05)?;
        chart
            .configure_mesh()
            .light_line_style(style::GRID)
            .x_desc(axis)
            .y_desc("Share of incidents beyond x")
            .x_label_formatter(&|x| style::compact(*x))
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .axis_desc_style(style::tick())
            .label_style(style::tick())
            .draw()?;
        for (i, set) in self.sets.iter().enumerate() {
            let color = style::series(i);
            let (curve, objective) = pick(set);
            if curve.is_empty() {
                continue;
            }
            let at = |hours: f64| (hours * 60.0).max(low);
            let steps = curve
                .windows(2)
                .flat_map(|w| [(at(w[1].0), w[0].1), (at(w[1].0), w[1].1)]);
            chart
                .draw_series(LineSeries::new(
                    std::iter::once((low, 1.0))
                        .chain(std::iter::once((at(curve[0].0), 1.0)))
                        .chain(steps),
                    color.stroke_width(3),
                ))?
                .label(super::text::fit(&set.name, style::TICK_SIZE, 200.0))
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], color.stroke_width(3))
                });
            if let Some(objective) = objective {
                chart.draw_series(DashedLineSeries::new(
                    [(at(objective), 0.0), (at(objective), 1.05)],
                    6,
                    4,
                    color.stroke_width(2),
                ))?;
            }
        }
        // One label per distinct objective (data sets often share one), in the set's colour
        // or in grey when shared, beside its line on whichever side has room.
        let mut objectives: Vec<(f64, Option<usize>)> = Vec::new();
        for (i, set) in self.sets.iter().enumerate() {
            if let (false, Some(o)) = (pick(set).0.is_empty(), pick(set).1) {
                match objectives.iter_mut().find(|(v, _)| *v == o) {
                    Some(shared) => shared.1 = None,
                    None => objectives.push((o, Some(i))),
                }
            }
        }
        let right = chart.plotting_area().get_pixel_range().0.end;
        for (k, (objective, owner)) in objectives.into_iter().enumerate() {
            let color = owner.map_or(RGBColor(60, 60, 60), style::series);
            let text = format!("objective {}", style::duration(objective * 60.0));
            let at = ((objective * 60.0).max(low), 0.6 - 0.07 * k as f64);
            let (text, font) = if style::runs_past(&text, chart.backend_coord(&at).0, right) {
                (format!("{text} "), style::note_right(color))
            } else {
                (format!(" {text}"), style::note(color))
            };
            chart.draw_series([Text::new(text, at, font)])?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .label_font(style::tick())
            .draw()?;
        Ok(())
    }
}

impl Chart for RecoveryChart {
    fn name(&self) -> &str {
        "recovery"
    }

    fn title(&self) -> String {
        "Recovery time and recovery point of each data set against its objectives".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let area = area.titled("Recovery after incidents", style::caption())?;
        let panels = area.split_evenly((1, 2));
        self.panel(&panels[0], Panel::Rto)?;
        self.panel(&panels[1], Panel::Rpo)?;
        Ok(())
    }
}
