//! One trial's timeline: when each instance (or component) was down and why, and the
//! service's state, over the whole trial and zoomed in on its longest outage.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DEGRADED, DEPENDENCY, FAILURE, INSPECTION, PLANNED};
use super::{text, Chart, Drawn};
use crate::engine::Trace;
use crate::model::Model;

/// Most rows drawn besides the service's: more would not leave a readable line each. With
/// more instances or components, the ones that matter to the trial's outages are drawn.
const MAX_ROWS: usize = 10;

/// Above this many instances, rows stand for components (down while any instance is).
const MAX_INSTANCES: usize = 40;

/// Widest a row's label is drawn, in pixels; longer ones end in an ellipsis.
const MAX_LABEL: f64 = 220.0;

/// Why a row is down, which picks its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownKind {
    /// Its own failure (or a shock hitting it).
    Failure,
    /// Planned maintenance.
    Planned,
    /// A planned inspection that takes it down (`takes_down`): scheduled, not a failure,
    /// though its downtime counts as unplanned (only maintenance is excluded as planned).
    Inspection,
    /// Something it depends on is down.
    Dependency,
    /// The service is down.
    ServiceDown,
    /// The service is up but some requests fail.
    Degraded,
}

impl DownKind {
    fn color(self) -> RGBColor {
        match self {
            DownKind::Failure | DownKind::ServiceDown => FAILURE,
            DownKind::Planned => PLANNED,
            DownKind::Inspection => INSPECTION,
            DownKind::Dependency => DEPENDENCY,
            DownKind::Degraded => DEGRADED,
        }
    }
}

/// One row of the timeline: a label and the intervals (hours) it was down.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The instance, component or "service".
    pub label: String,
    /// (from, to, why), in time order.
    pub down: Vec<(f64, f64, DownKind)>,
}

/// The span a panel shows.
#[derive(Debug, Clone, Copy)]
struct View {
    /// First hour shown.
    from: f64,
    /// Last hour shown.
    to: f64,
    /// The hour drawn as 0.
    origin: f64,
    /// Hours per axis unit.
    scale: f64,
    /// The axis title.
    axis: &'static str,
}

/// One trial drawn as rows of down intervals.
#[derive(Debug, Clone)]
pub struct TimelineChart {
    /// The trial's number.
    trial: u64,
    /// Why this trial was picked, for the caption.
    why: String,
    /// Hours the trial lasted.
    horizon: f64,
    /// The service's row first, then one row per instance or component.
    rows: Vec<Row>,
    /// The longest outage of the service, if any.
    longest: Option<(f64, f64)>,
    /// Rows left out (see `keep_rows_that_matter`), and what a row stands for.
    hidden: usize,
    /// "instances" or "components".
    unit: &'static str,
}

/// Hours `down` spends inside the service's outages `outages` (both in time order), counting
/// only spans for which `which` holds.
fn overlap(
    down: &[(f64, f64, DownKind)],
    outages: &[(f64, f64)],
    which: impl Fn(DownKind) -> bool,
) -> f64 {
    down.iter()
        .filter(|d| which(d.2))
        .flat_map(|&(a, b, _)| {
            outages
                .iter()
                .map(move |&(c, e)| (b.min(e) - a.max(c)).max(0.0))
        })
        .sum()
}

/// Keeps at most `MAX_ROWS` rows, in model order: first those whose own failures (or
/// maintenance) overlap the longest outage, then the rest of the outages, then those down
/// because of a dependency during outages, then those down while the service was degraded,
/// then the most down. Returns how many were left
/// out.
fn keep_rows_that_matter(rows: &mut Vec<Row>, service: &Row, longest: Option<(f64, f64)>) -> usize {
    if rows.len() <= MAX_ROWS {
        return 0;
    }
    let outages: Vec<(f64, f64)> = service
        .down
        .iter()
        .filter(|d| d.2 == DownKind::ServiceDown)
        .map(|&(a, b, _)| (a, b))
        .collect();
    let degraded: Vec<(f64, f64)> = service
        .down
        .iter()
        .filter(|d| d.2 == DownKind::Degraded)
        .map(|&(a, b, _)| (a, b))
        .collect();
    let own = |k: DownKind| k != DownKind::Dependency;
    let keys: Vec<[f64; 5]> = rows
        .iter()
        .map(|row| {
            [
                overlap(&row.down, longest.as_slice(), own),
                overlap(&row.down, &outages, own),
                overlap(&row.down, &outages, |k| k == DownKind::Dependency),
                overlap(&row.down, &degraded, own),
                row.down.iter().map(|d| d.1 - d.0).sum(),
            ]
        })
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    // Largest keys first; ties keep model order, so the choice is deterministic.
    order.sort_by(|&a, &b| {
        keys[b]
            .iter()
            .zip(&keys[a])
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(a.cmp(&b))
    });
    let mut kept = order[..MAX_ROWS].to_vec();
    kept.sort_unstable();
    let hidden = rows.len() - MAX_ROWS;
    let mut all = std::mem::take(rows)
        .into_iter()
        .map(Some)
        .collect::<Vec<_>>();
    rows.extend(kept.into_iter().filter_map(|i| all[i].take()));
    hidden
}

/// Ends a row's open down span, (since, why), at `at`.
fn close(down: &mut Vec<(f64, f64, DownKind)>, open: &mut Option<(f64, DownKind)>, at: f64) {
    if let Some((since, kind)) = open.take() {
        down.push((since, at, kind));
    }
}

impl TimelineChart {
    /// The timeline of trial `trial` of `model`, from its trace; `why` says how it was
    /// chosen.
    pub fn new(model: &Model, trial: u64, why: String, trace: &Trace) -> TimelineChart {
        let layout = &model.layout;
        let horizon = model.settings.horizon;
        let instances = layout.instance_count();
        // Instances while there are few enough that the ones that matter can be picked from
        // them (a 2-of-12 pool shows which nodes were down), else whole components.
        let per_instance = instances <= MAX_INSTANCES;
        let row_of = |instance: usize| {
            let component = layout.instance_component[instance] as usize;
            if per_instance {
                instance
            } else {
                component
            }
        };
        let mut rows: Vec<Row> = if per_instance {
            (0..instances)
                .map(|i| {
                    let c = layout.instance_component[i] as usize;
                    let component = &model.components[c];
                    let label = if component.count == 1 {
                        component.name.clone()
                    } else {
                        let first = layout.component_first_instance[c] as usize;
                        format!("{}[{}]", component.name, i - first)
                    };
                    Row {
                        label,
                        down: Vec::new(),
                    }
                })
                .collect()
        } else {
            model
                .components
                .iter()
                .map(|c| Row {
                    label: if c.count == 1 {
                        c.name.clone()
                    } else {
                        format!("{} (×{})", c.name, c.count)
                    },
                    down: Vec::new(),
                })
                .collect()
        };
        let mut open: Vec<Option<(f64, DownKind)>> = vec![None; rows.len()];
        let mut down_count = vec![0u32; rows.len()];
        for change in &trace.instances {
            let instance = change.instance as usize;
            let row = row_of(instance);
            if change.up {
                down_count[row] = down_count[row].saturating_sub(1);
                if down_count[row] == 0 {
                    close(&mut rows[row].down, &mut open[row], change.time);
                }
            } else {
                down_count[row] += 1;
                if down_count[row] == 1 {
                    let cause = &layout.causes[change.cause as usize];
                    let inspection = layout
                        .inspection
                        .schedules
                        .iter()
                        .any(|s| s.cause == change.cause);
                    let kind = if cause.planned {
                        DownKind::Planned
                    } else if inspection {
                        DownKind::Inspection
                    } else if cause.component != layout.instance_component[instance] {
                        DownKind::Dependency
                    } else {
                        DownKind::Failure
                    };
                    open[row] = Some((change.time, kind));
                }
            }
        }
        for (row, open) in rows.iter_mut().zip(&mut open) {
            close(&mut row.down, open, horizon);
        }

        let mut service = Row {
            label: "service".into(),
            down: Vec::new(),
        };
        // Degraded spans first, so outages are drawn over them.
        let mut degraded_since = None;
        for change in &trace.served {
            match (change.served < 1.0, degraded_since) {
                (true, None) => degraded_since = Some(change.time),
                (false, Some(since)) => {
                    service.down.push((since, change.time, DownKind::Degraded));
                    degraded_since = None;
                }
                _ => {}
            }
        }
        if let Some(since) = degraded_since {
            service.down.push((since, horizon, DownKind::Degraded));
        }
        let mut down_since = None;
        let mut longest: Option<(f64, f64)> = None;
        let mut outage = |from: f64, to: f64, service: &mut Row| {
            service.down.push((from, to, DownKind::ServiceDown));
            if to > from && longest.is_none_or(|(a, b)| to - from > b - a) {
                longest = Some((from, to));
            }
        };
        for flip in &trace.service {
            match (flip.up, down_since) {
                (false, None) => down_since = Some(flip.time),
                (true, Some(since)) => {
                    outage(since, flip.time, &mut service);
                    down_since = None;
                }
                _ => {}
            }
        }
        if let Some(since) = down_since {
            outage(since, horizon, &mut service);
        }
        let hidden = keep_rows_that_matter(&mut rows, &service, longest);
        rows.insert(0, service);
        TimelineChart {
            trial,
            why,
            horizon,
            rows,
            longest,
            hidden,
            unit: if per_instance {
                "instances"
            } else {
                "components"
            },
        }
    }

    /// The rows, service first.
    #[cfg(test)]
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The longest outage of the service (hours from, to), if any.
    #[cfg(test)]
    pub fn longest_outage(&self) -> Option<(f64, f64)> {
        self.longest
    }

    /// Draws the rows over the span of `view`.
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
        view: View,
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let n = self.rows.len();
        let labels: Vec<String> = self
            .rows
            .iter()
            .map(|r| text::fit(&r.label, style::TICK_SIZE, MAX_LABEL))
            .collect();
        let widest = labels
            .iter()
            .map(|l| text::width(l, style::TICK_SIZE))
            .fold(0.0, f64::max);
        let View {
            from,
            to,
            origin,
            scale,
            axis,
        } = view;
        let x = |hours: f64| (hours - origin) / scale;
        let (x0, x1) = (x(from), x(to));
        let mut chart = ChartBuilder::on(area)
            .caption(title, style::axis_title())
            .margin(8)
            .x_label_area_size(40)
            .margin_right(style::right_margin(&style::trim(x1)))
            .y_label_area_size(widest.ceil() as u32 + 14)
            .build_cartesian_2d(x0..x1, (0..n.saturating_sub(1)).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(style::GRID)
            .x_desc(axis)
            .x_label_formatter(&|x| style::trim(*x))
            .y_labels(n)
            .y_label_formatter(&|y| match y {
                // Row 0 (the service) is drawn at the top.
                SegmentValue::CenterOf(i) if *i < n => labels[n - 1 - i].clone(),
                _ => String::new(),
            })
            .axis_desc_style(style::tick())
            .label_style(style::tick())
            .draw()?;
        // Short spans would vanish at a year's scale: draw each at least 0.25% of the axis.
        let least = (x1 - x0) * 0.0025;
        for (r, row) in self.rows.iter().enumerate() {
            let y = n - 1 - r;
            chart.draw_series(
                row.down
                    .iter()
                    .filter(|&&(a, b, _)| b >= from && a <= to)
                    .map(|&(a, b, kind)| {
                        let start = x(a.max(from));
                        let end = x(b.min(to)).max(start + least);
                        let mut bar = Rectangle::new(
                            [
                                (start, SegmentValue::Exact(y)),
                                (end, SegmentValue::Exact(y + 1)),
                            ],
                            kind.color().filled(),
                        );
                        bar.set_margin(3, 3, 0, 0);
                        bar
                    }),
            )?;
        }
        Ok(())
    }
}

impl Chart for TimelineChart {
    fn name(&self) -> &str {
        "timeline"
    }

    fn title(&self) -> String {
        format!("Timeline of trial {} ({})", self.trial, self.why)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let area = area.titled(
            &format!("Trial {}: {}", self.trial, self.why),
            (style::FAMILY, 22),
        )?;
        let (area, strip) = area.split_vertically(area.dim_in_pixel().1 - 30);
        let inspected = self
            .rows
            .iter()
            .any(|r| r.down.iter().any(|d| d.2 == DownKind::Inspection));
        legend(&strip, inspected)?;
        let whole = View {
            from: 0.0,
            to: self.horizon,
            origin: 0.0,
            // Years on long trials: tens of thousands of days read badly.
            scale: if self.horizon > 3.0 * crate::units::YEAR {
                crate::units::YEAR
            } else {
                24.0
            },
            axis: if self.horizon > 3.0 * crate::units::YEAR {
                "Years into the trial"
            } else {
                "Days into the trial"
            },
        };
        let shown = if self.hidden > 0 {
            format!(
                " ({} of {} {}, those down in its outages first)",
                self.rows.len() - 1,
                self.rows.len() - 1 + self.hidden,
                self.unit
            )
        } else {
            String::new()
        };
        let Some((start, end)) = self.longest else {
            return self.panel(&area, &format!("The whole trial: no outage{shown}"), whole);
        };
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 / 2);
        self.panel(&top, &format!("The whole trial{shown}"), whole)?;
        // Enough on either side to see what led to the outage and what ended it.
        let pad = ((end - start) * 0.75).max(5.0 / 60.0);
        let zoom = View {
            from: (start - pad).max(0.0),
            to: (end + pad).min(self.horizon),
            origin: start,
            ..zoom_unit(end - start)
        };
        self.panel(
            &bottom,
            &format!(
                "Its longest outage: {} on day {:.1}",
                style::duration((end - start) * 60.0),
                start / 24.0
            ),
            zoom,
        )
    }
}

/// The unit of the zoomed panel's axis for an outage of `hours`: minutes, hours or days,
/// so the ticks read as small numbers (a 2-day outage is not "3000 minutes").
fn zoom_unit(hours: f64) -> View {
    let (scale, axis) = if hours < 3.0 {
        (1.0 / 60.0, "Minutes from the start of the outage")
    } else if hours < 72.0 {
        (1.0, "Hours from the start of the outage")
    } else {
        (24.0, "Days from the start of the outage")
    };
    View {
        from: 0.0,
        to: 0.0,
        origin: 0.0,
        scale,
        axis,
    }
}

/// The colour key, in one line along the bottom; planned inspections only when the chart
/// shows one (most scenarios have none, and the line has room for four keys at its usual
/// place).
fn legend<DB: DrawingBackend>(strip: &DrawingArea<DB, Shift>, inspected: bool) -> Drawn
where
    DB::ErrorType: 'static,
{
    let mut keys = vec![
        (DownKind::Failure, "own failure / service down"),
        (DownKind::Dependency, "a dependency is down"),
        (DownKind::Planned, "planned maintenance"),
    ];
    if inspected {
        keys.push((DownKind::Inspection, "planned inspection"));
    }
    keys.push((DownKind::Degraded, "service degraded (some requests fail)"));
    let widths: Vec<i32> = keys
        .iter()
        .map(|(_, label)| 44 + text::width(label, style::TICK_SIZE).ceil() as i32)
        .collect();
    // The keys start under the plot area when they fit, else as far left as they must.
    let room = strip.dim_in_pixel().0 as i32 - 10;
    let mut x = 110.min(room + 24 - widths.iter().sum::<i32>()).max(10);
    for ((kind, label), width) in keys.into_iter().zip(widths) {
        strip.draw(&Rectangle::new(
            [(x, 8), (x + 14, 22)],
            kind.color().filled(),
        ))?;
        strip.draw(&Text::new(label, (x + 20, 8), style::tick()))?;
        x += width;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::trace_trial;

    #[test]
    fn rows_follow_the_trace() {
        // Fixed times: the server fails at 100 h and 202 h, down 2 h each time; the
        // service is down exactly then.
        let source = r#"
            [simulation]
            horizon = "300h"
            trials = 1
            [components.server]
            failure = { dist = "fixed", value = "100h" }
            repair = { dist = "fixed", value = "2h" }
            [system]
            all = ["server"]
        "#;
        let model =
            crate::scenario::parse(source, "t.toml", std::path::Path::new("."), "t").unwrap();
        let (record, trace) = trace_trial(&model, 0);
        assert_eq!(record.outages, 2);
        let chart = TimelineChart::new(&model, 0, "test".into(), &trace);
        let rows = chart.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label, "service");
        assert_eq!(rows[1].label, "server");
        let expected = [(100.0, 102.0), (202.0, 204.0)];
        for (row, kind) in [
            (&rows[0], DownKind::ServiceDown),
            (&rows[1], DownKind::Failure),
        ] {
            assert_eq!(row.down.len(), 2, "{row:?}");
            for (&(a, b, k), (ea, eb)) in row.down.iter().zip(expected) {
                assert!((a - ea).abs() < 1e-9 && (b - eb).abs() < 1e-9, "{row:?}");
                assert_eq!(k, kind);
            }
        }
        assert_eq!(chart.longest_outage(), Some((100.0, 102.0)));
    }

    #[test]
    fn inspections_that_take_a_component_down_have_their_own_colour() {
        // A hidden failure at 250 h; inspections every 100 h take the server down for 1 h
        // (at 100 h and 200 h), the one at 300 h finds the fault.
        let source = r#"
            [simulation]
            horizon = "290h"
            trials = 1
            [components.server]
            failure = { dist = "fixed", value = "250h" }
            repair = { dist = "fixed", value = "2h" }
            hidden = true
            [components.server.inspection]
            every = "100h"
            duration = { dist = "fixed", value = "1h" }
            takes_down = true
            [system]
            all = ["server"]
        "#;
        let model =
            crate::scenario::parse(source, "t.toml", std::path::Path::new("."), "t").unwrap();
        let (_, trace) = trace_trial(&model, 0);
        let chart = TimelineChart::new(&model, 0, "test".into(), &trace);
        let server = &chart.rows()[1];
        let kinds: Vec<(f64, f64, DownKind)> = server.down.clone();
        assert_eq!(
            kinds,
            [
                (100.0, 101.0, DownKind::Inspection),
                (200.0, 201.0, DownKind::Inspection),
                (250.0, 290.0, DownKind::Failure),
            ],
            "{server:?}"
        );
        assert_ne!(DownKind::Inspection.color(), DownKind::Failure.color());
        assert_ne!(DownKind::Inspection.color(), DownKind::Planned.color());
        super::super::assert_readable(&chart);
    }

    /// A model of `n` components in series, named in `name(i)`, where only component
    /// `culprit` ever fails (at 100 h, for 2 h).
    fn many(n: usize, culprit: usize, name: impl Fn(usize) -> String) -> Model {
        let mut source = String::from("[simulation]\nhorizon = \"300h\"\ntrials = 1\n");
        for i in 0..n {
            let life = if i == culprit { "100h" } else { "100000h" };
            source += &format!(
                "[components.\"{}\"]\nfailure = {{ dist = \"fixed\", value = \"{life}\" }}\n\
                 repair = {{ dist = \"fixed\", value = \"2h\" }}\n",
                name(i)
            );
        }
        let all: Vec<String> = (0..n).map(|i| format!("\"{}\"", name(i))).collect();
        source += &format!("[system]\nall = [{}]\n", all.join(", "));
        crate::scenario::parse(&source, "t.toml", std::path::Path::new("."), "t").unwrap()
    }

    #[test]
    fn many_components_show_the_ones_behind_the_outages() {
        let model = many(230, 187, |i| {
            format!("service-component-with-a-long-name-{i}")
        });
        let (_, trace) = trace_trial(&model, 0);
        let chart = TimelineChart::new(&model, 0, "test".into(), &trace);
        let rows = chart.rows();
        assert_eq!(rows.len(), MAX_ROWS + 1);
        assert_eq!(chart.hidden, 230 - MAX_ROWS);
        assert!(
            rows.iter().any(|r| r.label.ends_with("-187")),
            "the failing component is shown: {rows:?}"
        );
        super::super::assert_readable(&chart);
    }
}
