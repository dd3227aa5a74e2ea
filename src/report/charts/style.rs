//! The look shared by every chart: font sizes, colours, axis helpers.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The family charts ask for; the embedded font is registered under it.
pub const FAMILY: &str = "sans-serif";

/// Main series colour (a dark blue).
pub const PRIMARY: RGBColor = RGBColor(31, 94, 160);
/// The objective's colour (a red that prints well in grey too).
pub const OBJECTIVE: RGBColor = RGBColor(200, 40, 40);
/// Downtime from failures.
pub const FAILURE: RGBColor = RGBColor(214, 69, 65);
/// Downtime from planned maintenance.
pub const PLANNED: RGBColor = RGBColor(66, 133, 244);
/// Down for a planned inspection (a purple, apart from maintenance's blue and failures' red).
pub const INSPECTION: RGBColor = RGBColor(148, 103, 189);
/// Unavailable because something it depends on is down.
pub const DEPENDENCY: RGBColor = RGBColor(150, 150, 150);
/// Degraded service: some requests fail.
pub const DEGRADED: RGBColor = RGBColor(240, 160, 40);
/// Light grid lines.
pub const GRID: RGBColor = RGBColor(225, 225, 225);

/// Series colours for several designs or curves, distinguishable by colour-blind readers
/// (Okabe and Ito's palette).
pub const SERIES: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
];

/// The colour of series `i`.
pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Size of caption text (plotters' units, see `text`).
pub const CAPTION_SIZE: f64 = 26.0;
/// Size of axis titles.
pub const AXIS_TITLE_SIZE: f64 = 18.0;
/// Size of tick labels and notes.
pub const TICK_SIZE: f64 = 15.0;

/// Caption text.
pub fn caption() -> TextStyle<'static> {
    (FAMILY, CAPTION_SIZE).into_font().into()
}

/// Axis titles.
pub fn axis_title() -> TextStyle<'static> {
    (FAMILY, AXIS_TITLE_SIZE).into_font().into()
}

/// Tick labels.
pub fn tick() -> TextStyle<'static> {
    (FAMILY, TICK_SIZE).into_font().into()
}

/// The right margin that keeps `last_tick`, a label centred on the x axis' right end, in
/// the picture (at least the usual 16 pixels).
pub fn right_margin(last_tick: &str) -> u32 {
    let half = super::text::width(last_tick, TICK_SIZE) / 2.0;
    (half.ceil() as u32 + 6).max(16)
}

/// Whether a note of `text` starting at pixel `at` would run past pixel `limit`, so it
/// should end at `at` instead.
pub fn runs_past(text: &str, at: i32, limit: i32) -> bool {
    f64::from(at) + super::text::width(text, TICK_SIZE) + 6.0 > f64::from(limit)
}

/// Small annotations, such as the objective's label.
pub fn note(color: RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((FAMILY, TICK_SIZE).into_font());
    style.color = color.to_backend_color();
    style
}

/// A note anchored at its right end, for labels next to the right edge.
pub fn note_right(color: RGBColor) -> TextStyle<'static> {
    note(color).pos(Pos::new(HPos::Right, VPos::Top))
}

/// Minutes, hours or days, whichever reads best for `minutes`.
pub fn duration(minutes: f64) -> String {
    if minutes < 1.0 {
        format!("{} s", trim(minutes * 60.0))
    } else if minutes < 120.0 {
        format!("{} min", trim(minutes))
    } else if minutes < 2.0 * 24.0 * 60.0 {
        format!("{} h", trim(minutes / 60.0))
    } else {
        format!("{} d", trim(minutes / 1440.0))
    }
}

/// A number with at most three significant digits and no trailing zeros; below 1, as many
/// decimals as three significant digits need, so 0.001 and 0.0001 stay apart (log axes).
pub fn trim(x: f64) -> String {
    let text = if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else if x.abs() >= 1.0 || x == 0.0 {
        format!("{x:.2}")
    } else {
        let decimals = (2.0 - x.abs().log10().floor()).min(12.0) as usize;
        format!("{x:.decimals$}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A tick label for a log axis: like `trim`, with thousands and millions shortened ("10k",
/// "1M") so many decades fit side by side.
pub fn compact(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{}M", trim(x / 1e6))
    } else if x.abs() >= 1e4 {
        format!("{}k", trim(x / 1e3))
    } else {
        trim(x)
    }
}

/// An availability for an axis on the nines scale: 3 nines is "99.9%".
pub fn nines_label(nines: f64) -> String {
    let availability = 1.0 - 10f64.powf(-nines);
    // Whole nines show exactly their nines ("99.9%"); between them one more digit.
    let decimals = (nines - 2.0 - 1e-9).ceil().max(0.0) as usize;
    format!("{:.*}%", decimals, availability * 100.0)
}

/// Nines of an availability, capped at `cap` (a perfect result has infinitely many).
pub fn nines_of(availability: f64, cap: f64) -> f64 {
    if availability >= 1.0 {
        cap
    } else {
        (-(1.0 - availability).log10()).min(cap)
    }
}

/// The nines a perfect result is drawn at: the next whole nine above every finite value of
/// `availabilities`, plus one, so it stands clear of the measured points.
pub fn nines_cap(availabilities: impl IntoIterator<Item = f64>) -> f64 {
    let finite = availabilities
        .into_iter()
        .filter(|&a| a < 1.0)
        .map(|a| -(1.0 - a).log10())
        .fold(0.0, f64::max);
    finite.ceil() + 1.0
}

/// Log-scale axis bounds that hold every positive value of `values`, widened to whole
/// powers of ten at the edges, and at most `LOG_DECADES` decades wide (smaller values are
/// drawn at the low end: a recovery point of a microsecond reads as none).
pub fn log_bounds(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .into_iter()
        .filter(|v| *v > 0.0 && v.is_finite())
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !low.is_finite() {
        return (0.1, 10.0);
    }
    let mut low = 10f64.powf(low.log10().floor());
    let mut high = 10f64.powf(high.log10().ceil());
    if high <= low {
        high = low * 10.0;
    }
    low = low.max(high / 10f64.powi(LOG_DECADES));
    (low, high)
}

/// Most decades a log axis spans.
const LOG_DECADES: i32 = 7;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(duration(0.5), "30 s");
        assert_eq!(duration(52.56), "52.6 min");
        assert_eq!(duration(300.0), "5 h");
        assert_eq!(duration(4320.0), "3 d");
    }

    #[test]
    fn log_ticks_below_one_are_distinct() {
        // The RPO axis reaches far below a minute: its ticks must not all read "0".
        let ticks: Vec<String> = (-8..=6).map(|e| trim(10f64.powi(e))).collect();
        let mut unique = ticks.clone();
        unique.dedup();
        assert_eq!(ticks, unique);
        assert_eq!(trim(0.001), "0.001");
        assert_eq!(trim(0.000123456), "0.000123");
        assert_eq!(trim(0.5), "0.5");
        assert_eq!(trim(2.345), "2.35");
        assert_eq!(trim(0.0), "0");
        assert_eq!(compact(1000.0), "1000");
        assert_eq!(compact(100000.0), "100k");
        assert_eq!(compact(1e9), "1000M");
    }

    #[test]
    fn nines_labels_are_availabilities() {
        assert_eq!(nines_label(1.0), "90%");
        assert_eq!(nines_label(3.0), "99.9%");
        assert_eq!(nines_label(3.5), "99.97%");
        assert_eq!(nines_label(5.0), "99.999%");
        assert!((nines_of(0.999, 9.0) - 3.0).abs() < 1e-9);
        assert_eq!(nines_of(1.0, 9.0), 9.0);
        assert_eq!(nines_cap([0.999, 1.0, 0.99995]), 6.0);
    }

    #[test]
    fn log_bounds_round_to_powers_of_ten() {
        assert_eq!(log_bounds([0.5, 30.0, 0.0]), (0.1, 100.0));
        assert_eq!(log_bounds([10.0]), (10.0, 100.0));
        assert_eq!(log_bounds([]), (0.1, 10.0));
        assert_eq!(log_bounds([1e-12, 50.0]), (1e-5, 100.0));
    }
}
