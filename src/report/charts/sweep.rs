//! The chart of `nines sweep`: availability against the swept value, with interval bands
//! and the target.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, OBJECTIVE};
use super::{Chart, Drawn};
use crate::model::format_percent as percent;

/// One point of a curve.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// The value as written ("4h").
    pub label: String,
    /// Its position on a numeric axis, if it has one.
    pub x: Option<f64>,
    /// Mean availability.
    pub mean: f64,
    /// Interval bounds.
    pub ci_low: Option<f64>,
    /// Upper bound.
    pub ci_high: Option<f64>,
}

/// The points sharing one value of the second key (or all points).
#[derive(Debug, Clone)]
pub struct SweepCurve {
    /// "key2=value", or `None` with one key.
    pub label: Option<String>,
    /// The points in the order swept.
    pub points: Vec<SweepPoint>,
}

/// Availability (nines scale) against the first key's values, one curve per value of the
/// second key.
#[derive(Debug, Clone)]
pub struct SweepChart {
    key: String,
    curves: Vec<SweepCurve>,
    target: f64,
    confidence: f64,
}

impl SweepChart {
    /// A chart of `curves` over the values of `key`.
    pub fn new(key: String, curves: Vec<SweepCurve>, target: f64, confidence: f64) -> SweepChart {
        SweepChart {
            key,
            curves,
            target,
            confidence,
        }
    }

    /// Whether every value has a numeric position (else values are placed evenly).
    fn numeric(&self) -> bool {
        self.curves
            .iter()
            .flat_map(|c| &c.points)
            .all(|p| p.x.is_some())
    }

    /// The x of point `i` of a curve.
    fn x_of(&self, point: &SweepPoint, i: usize) -> f64 {
        if self.numeric() {
            point.x.unwrap_or(i as f64)
        } else {
            i as f64
        }
    }

    /// The nines a perfect point is drawn at.
    fn cap(&self) -> f64 {
        style::nines_cap(
            self.curves
                .iter()
                .flat_map(|c| &c.points)
                .flat_map(|p| [Some(p.mean), p.ci_low, p.ci_high])
                .flatten()
                .chain([self.target]),
        )
    }
}

impl Chart for SweepChart {
    fn name(&self) -> &str {
        "sweep"
    }

    fn title(&self) -> String {
        format!(
            "Availability against {} with {:.0}% interval bands and the target",
            self.key,
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
        let target = nines(self.target);
        // Each curve's points as (x, low, mean, high) on the nines scale.
        let placed: Vec<Vec<(f64, f64, f64, f64)>> = self
            .curves
            .iter()
            .map(|c| {
                c.points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        // With no downtime seen, the point is the lower bound it is (the
                        // band runs from it to the top), not a value at the axis' cap.
                        let mean = match p.ci_low {
                            Some(low) if p.mean >= 1.0 => nines(low),
                            _ => nines(p.mean),
                        };
                        (
                            self.x_of(p, i),
                            p.ci_low.map_or(mean, nines),
                            mean,
                            p.ci_high.map_or(mean, nines),
                        )
                    })
                    .collect()
            })
            .collect();
        let all: Vec<(f64, f64, f64, f64)> = placed.iter().flatten().copied().collect();
        let (xmin, xmax) = all
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.0), b.max(p.0))
            });
        let pad = ((xmax - xmin) * 0.05).max(0.5);
        let low = all
            .iter()
            .map(|p| p.1)
            .chain([target])
            .fold(f64::INFINITY, f64::min);
        // A bound reaches to the top of any axis: the axis is sized by what was measured
        // and by the bounds themselves (plus room for their arrows).
        let bound = |c: usize, i: usize| self.curves[c].points[i].mean >= 1.0;
        let high = placed
            .iter()
            .enumerate()
            .flat_map(|(c, points)| {
                points
                    .iter()
                    .enumerate()
                    .map(move |(i, p)| if bound(c, i) { p.2 + 1.0 } else { p.3 })
            })
            .chain([target])
            .fold(0.0, f64::max);
        let (y0, y1) = ((low - 0.5).floor().max(0.0), (high + 0.5).ceil());
        let labels: Vec<String> = self
            .curves
            .first()
            .map(|c| c.points.iter().map(|p| p.label.clone()).collect())
            .unwrap_or_default();
        let numeric = self.numeric();
        let mut chart = ChartBuilder::on(area)
            .caption(
                format!("Availability against {}", self.key),
                style::caption(),
            )
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(130)
            .build_cartesian_2d((xmin - pad)..(xmax + pad), y0..y1)?;
        let mut mesh = chart.configure_mesh();
        mesh.light_line_style(style::GRID)
            .x_desc(self.key.as_str())
            .y_desc(format!(
                "Availability (nines scale), {:.0}% band",
                self.confidence * 100.0
            ))
            .y_label_formatter(&|y| style::nines_label(*y))
            .axis_desc_style(style::axis_title())
            .label_style(style::tick());
        let categorical = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let whole = self
            .curves
            .iter()
            .flat_map(|c| &c.points)
            .all(|p| p.x.is_some_and(|x| x.fract() == 0.0));
        let integers = |x: &f64| {
            if (x - x.round()).abs() < 1e-9 {
                style::trim(*x)
            } else {
                String::new()
            }
        };
        if numeric && whole {
            // Counts and other whole numbers: no ticks between them.
            mesh.x_label_formatter(&integers);
        } else if numeric {
            mesh.x_label_formatter(&|x| style::trim(*x));
        } else {
            mesh.x_labels(labels.len() * 4 + 1)
                .x_label_formatter(&categorical);
        }
        mesh.draw()?;
        chart.draw_series(DashedLineSeries::new(
            [(xmin - pad, target), (xmax + pad, target)],
            8,
            5,
            OBJECTIVE.stroke_width(2),
        ))?;
        chart.draw_series([Text::new(
            format!(" target {}", percent(self.target)),
            (xmin - pad, target + (y1 - y0) * 0.03),
            style::note(OBJECTIVE),
        )])?;
        for (c, curve) in self.curves.iter().enumerate() {
            let color = style::series(c);
            let points = &placed[c];
            // Band and line join measured points only: a bound is not a value, and a line
            // to it would draw a trend nobody measured.
            let measured: Vec<bool> = curve.points.iter().map(|p| p.mean < 1.0).collect();
            let mut runs: Vec<Vec<(f64, f64, f64, f64)>> = vec![Vec::new()];
            for (p, &m) in points.iter().zip(&measured) {
                if m {
                    runs.last_mut().expect("one run at least").push(*p);
                } else if !runs.last().expect("one run at least").is_empty() {
                    runs.push(Vec::new());
                }
            }
            for run in runs.iter().filter(|r| !r.is_empty()) {
                let band: Vec<(f64, f64)> = run
                    .iter()
                    .map(|p| (p.0, p.3))
                    .chain(run.iter().rev().map(|p| (p.0, p.1)))
                    .collect();
                chart.draw_series([Polygon::new(band, color.mix(0.18).filled())])?;
                chart.draw_series(LineSeries::new(
                    run.iter().map(|p| (p.0, p.2)),
                    color.stroke_width(3),
                ))?;
            }
            // The legend entry, apart from the segments (a curve may have several).
            let series = chart.draw_series(LineSeries::new(
                std::iter::empty::<(f64, f64)>(),
                color.stroke_width(3),
            ))?;
            if let Some(label) = &curve.label {
                series.label(label.clone()).legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], color.stroke_width(3))
                });
            }
            chart.draw_series(
                points
                    .iter()
                    .zip(&measured)
                    .filter(|(_, &m)| m)
                    .map(|(p, _)| Circle::new((p.0, p.2), 5, color.filled())),
            )?;
            // Bounds are hollow, with a dashed line up to the top of the axis.
            for (p, _) in points.iter().zip(&measured).filter(|(_, &m)| !m) {
                chart.draw_series(DashedLineSeries::new(
                    [(p.0, p.2), (p.0, y1)],
                    6,
                    4,
                    color.stroke_width(2),
                ))?;
                chart.draw_series([Circle::new((p.0, p.2), 5, color.stroke_width(2))])?;
            }
            // A point with no downtime seen is a lower bound: an arrow up from it, to the
            // top of its band, and a label saying so.
            chart.draw_series(
                curve
                    .points
                    .iter()
                    .zip(points)
                    .filter(|(p, _)| p.mean >= 1.0)
                    .flat_map(|(p, q)| {
                        let label = match p.ci_low {
                            Some(low) => {
                                format!("no downtime seen: ≥ {}", crate::report::percent(low))
                            }
                            None => "no downtime seen".to_string(),
                        };
                        // The label reads away from the nearer edge, so it stays inside.
                        let (offset, font) = if q.0 > (xmin + xmax) / 2.0 {
                            ((-10, -46), style::note_right(color))
                        } else {
                            ((10, -46), style::note(color))
                        };
                        [EmptyElement::at((q.0, q.2))
                            + PathElement::new([(0, -6), (0, -34)], color.stroke_width(2))
                            + PathElement::new(
                                [(-6, -26), (0, -34), (6, -26)],
                                color.stroke_width(2),
                            )
                            + Text::new(label, offset, font)]
                    }),
            )?;
        }
        if self.curves.iter().any(|c| c.label.is_some()) {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerRight)
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(180, 180, 180))
                .label_font(style::tick())
                .draw()?;
        }
        Ok(())
    }
}

/// The sweep chart's text checked as every other chart's is (ARCHITECTURE.md: a test draws
/// every chart and checks its text is inside the picture, clear of other text, in real glyphs).
#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, x: Option<f64>, mean: f64, half: f64) -> SweepPoint {
        SweepPoint {
            label: label.to_string(),
            x,
            mean,
            ci_low: Some(mean - half),
            ci_high: Some((mean + half).min(1.0)),
        }
    }

    #[test]
    fn sweep_labels_stay_in_the_picture() {
        // One key, counts 2 to 8 from two nines to past six, the target crossed midway.
        let counts = SweepCurve {
            label: None,
            points: (2..=8)
                .map(|n| {
                    let u = 10f64.powi(-n);
                    point(&n.to_string(), Some(n as f64), 1.0 - u, u / 5.0)
                })
                .collect(),
        };
        super::super::assert_readable(&SweepChart::new(
            "components.app.count".into(),
            vec![counts],
            0.9999,
            0.95,
        ));
        // A grid: values with units placed evenly, long curve labels, one point without an
        // interval.
        let grid = |repair: &str, shift: f64| SweepCurve {
            label: Some(format!("components.app.modes.0.repair.median={repair}")),
            points: vec![
                point("1h", None, 0.9995 - shift, 2e-5),
                point("4h", None, 0.9990 - shift, 3e-5),
                SweepPoint {
                    ci_low: None,
                    ci_high: None,
                    ..point("12h", None, 0.9970 - shift, 0.0)
                },
            ],
        };
        super::super::assert_readable(&SweepChart::new(
            "components.app.repair.mean".into(),
            vec![grid("30m", 0.0), grid("2h", 4e-4), grid("8h", 9e-4)],
            0.999,
            0.99,
        ));
    }
}
