//! Charts drawn with plotters and written as SVG (for documents) and PNG (for slides and
//! the HTML report). Text is set in DejaVu Sans, with GNU Unifont for the characters it
//! lacks (Chinese, Arabic, emoji...), both embedded in the binary (assets/fonts), so the
//! PNGs render identically on machines with no fonts at all; SVG text names the
//! "sans-serif" family and is drawn by the viewer.
//!
//! One module per chart; each builds a value implementing [`Chart`] and [`save`] renders it
//! to both formats.

mod causes;
mod compare;
mod downtime;
mod frontier;
mod load_hours;
mod outages;
mod recovery;
mod runway;
mod style;
mod sweep;
mod text;
mod timeline;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::error::{Error, Result};

pub use causes::{CauseBar, CausesChart};
pub use compare::{CompareAvailabilityChart, CompareDowntimeChart, Design};
pub use downtime::DowntimeChart;
pub use frontier::{FrontierChart, FrontierPoint};
pub use load_hours::{HourBar, LoadHoursChart};
pub use outages::OutagesChart;
pub use recovery::{RecoveryChart, RecoveryCurves};
pub use runway::{RunwayChart, RunwayPoint};
pub use sweep::{SweepChart, SweepCurve, SweepPoint};
pub use timeline::TimelineChart;

/// Minutes as minutes, hours or days, whichever reads best ("52.6 min").
pub fn style_duration(minutes: f64) -> String {
    style::duration(minutes)
}

/// The embedded font: DejaVu Sans (free license in assets/fonts/LICENSE-DejaVu.txt).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Fallbacks for characters DejaVu Sans lacks, tried in order: GNU Unifont for the Basic
/// Multilingual Plane (CJK, Arabic, Hebrew, Indic scripts...) and for the planes above it
/// (emoji). SIL Open Font License 1.1, assets/fonts/LICENSE-Unifont.txt. About 5.9 MB in
/// the binary: the price of names in any language drawn as letters rather than boxes.
const FALLBACK_FONTS: [&[u8]; 2] = [
    include_bytes!("../../../assets/fonts/Unifont.otf"),
    include_bytes!("../../../assets/fonts/UnifontUpper.otf"),
];

/// What drawing returns: plotters' errors differ by backend, so they are boxed.
pub type Drawn = std::result::Result<(), Box<dyn std::error::Error>>;

/// A chart that can draw itself on any plotters backend.
pub trait Chart {
    /// File name of the chart, without extension ("downtime").
    fn name(&self) -> &str;
    /// A one-line description, used as the image's alternative text.
    fn title(&self) -> String;
    /// Draws the chart on `area`.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static;
}

/// Width and height of every chart, in pixels.
pub const SIZE: (u32, u32) = (1000, 560);

/// Registers the embedded font under the family name charts use, once per process.
fn register_font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(style::FAMILY, FontStyle::Normal, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Runtime(
            "the embedded chart font cannot be read".into(),
        ))
    }
}

/// The files written for a chart: `name.svg` and `name.png` in `dir`.
pub fn chart_files(dir: &Path, name: &str) -> [PathBuf; 2] {
    [
        dir.join(format!("{name}.svg")),
        dir.join(format!("{name}.png")),
    ]
}

/// Renders `chart` into `dir` as SVG and PNG. Each file is complete before it gets its name,
/// so a reader never sees half a chart.
pub fn save(dir: &Path, chart: &impl Chart) -> Result<()> {
    register_font()?;
    let name = chart.name();
    let failed =
        |e: &dyn std::fmt::Display| Error::Runtime(format!("cannot draw chart {name}: {e}"));
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        chart.draw(&area).map_err(|e| failed(&e))?;
        area.present().map_err(|e| failed(&e))?;
    }
    let png = rasterize(&svg).map_err(|e| failed(&e))?;
    let [svg_path, png_path] = chart_files(dir, name);
    super::files::write_atomically(&svg_path, |out| out.write_all(svg.as_bytes()))?;
    super::files::write_atomically(&png_path, |out| out.write_all(&png))
}

/// The fonts PNGs are drawn with: the embedded ones alone, DejaVu Sans standing for every
/// family and the fallbacks after it (resvg takes a character DejaVu lacks from the first
/// font in the database that has it), so the picture does not depend on the machine's fonts.
fn font_database() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DATABASE: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = resvg::usvg::fontdb::Database::new();
            database.load_font_data(FONT.to_vec());
            for font in FALLBACK_FONTS {
                database.load_font_data(font.to_vec());
            }
            database.set_sans_serif_family(EMBEDDED_FAMILY);
            database.set_serif_family(EMBEDDED_FAMILY);
            database.set_monospace_family(EMBEDDED_FAMILY);
            std::sync::Arc::new(database)
        })
        .clone()
}

/// The embedded font's family name.
const EMBEDDED_FAMILY: &str = "DejaVu Sans";

/// Parses an SVG document with the embedded fonts, laying out its text as the PNG shows it.
fn parse_svg(svg: &str) -> std::result::Result<resvg::usvg::Tree, String> {
    let options = resvg::usvg::Options {
        font_family: EMBEDDED_FAMILY.to_string(),
        fontdb: font_database(),
        ..Default::default()
    };
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())
}

/// Draws an SVG document as a PNG image of the same size.
fn rasterize(svg: &str) -> std::result::Result<Vec<u8>, String> {
    let tree = parse_svg(svg)?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the image has no pixels".to_string())?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// The SVG of `chart`, as `save` draws it.
#[cfg(test)]
fn svg_of(chart: &impl Chart) -> String {
    register_font().unwrap();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        chart.draw(&area).unwrap();
        area.present().unwrap();
    }
    svg
}

/// Asserts that the text of `chart` is all inside the picture, clear of other text and
/// drawn with real glyphs.
#[cfg(test)]
#[track_caller]
fn assert_readable(chart: &impl Chart) {
    let problems = text::problems(&svg_of(chart), SIZE);
    assert!(problems.is_empty(), "{}: {problems:#?}", chart.name());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        // A word in the SVG must turn into dark pixels in the PNG, whatever fonts the
        // machine has.
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"60\">\
             <rect width=\"200\" height=\"60\" fill=\"white\"/>\
             <text x=\"10\" y=\"40\" font-family=\"{}\" font-size=\"30\">nines</text></svg>",
            style::FAMILY
        );
        let png = rasterize(&svg).unwrap();
        let blank = rasterize(&svg.replace("nines", "")).unwrap();
        assert_ne!(png, blank, "the text left no mark");
    }
}

/// Every chart, with ordinary and awkward inputs, checked for text that is clipped,
/// overlapping or drawn as boxes.
#[cfg(test)]
mod layout_tests {
    use super::*;

    /// A downtime sample shaped like the built-in example's: many short years, a long tail.
    fn minutes(n: usize, scale: f64) -> Vec<f64> {
        (0..n)
            .map(|i| {
                let u = (i as f64 + 0.5) / n as f64;
                -scale * (1.0 - u).ln() * if i % 97 == 0 { 40.0 } else { 1.0 }
            })
            .collect()
    }

    #[test]
    fn downtime_labels_stay_in_the_picture() {
        for (sample, target) in [
            (minutes(10_000, 100.0), 0.9999),
            (minutes(10_000, 100.0), 0.999),
            (minutes(10_000, 100.0), 0.9995),
            (minutes(10_000, 100.0), 0.99),
            (vec![0.0; 100], 0.9999),
            (vec![525_960.0; 50], 0.9999),
            (vec![3.0], 0.99999),
        ] {
            assert_readable(&DowntimeChart::new(sample, target, false));
        }
    }

    #[test]
    fn load_charts_keep_their_labels_in() {
        let hours = (0..24)
            .map(|h| HourBar {
                lost: if h > 17 { 0.01 } else { 1e-4 },
                short: if h > 17 { 0.008 } else { 0.0 },
            })
            .collect();
        assert_readable(&LoadHoursChart::new(hours));
        assert_readable(&LoadHoursChart::new(vec![
            HourBar {
                lost: 0.0,
                short: 0.0
            };
            24
        ]));
        let points = |worst: f64| {
            (0..36)
                .map(|p| {
                    let mean = if p % 12 == 10 { worst } else { 0.99993 };
                    RunwayPoint {
                        years: p as f64 / 12.0,
                        mean,
                        low: mean - 1e-5,
                        high: (mean + 1e-5).min(1.0),
                    }
                })
                .collect::<Vec<_>>()
        };
        assert_readable(&RunwayChart::new(points(0.96), 0.9995, Some(1.83)).unwrap());
        assert_readable(&RunwayChart::new(points(0.99999), 0.9995, None).unwrap());
        assert_readable(&RunwayChart::new(points(1.0), 0.99, None).unwrap());
    }

    #[test]
    fn outage_and_recovery_axes_keep_their_labels_in() {
        let survival: Vec<(f64, f64)> = (0..200)
            .map(|i| (10f64.powf(-3.0 + i as f64 * 0.05), 1.0 - i as f64 / 200.0))
            .collect();
        assert_readable(&OutagesChart::new(&survival, 1000, 4.0).unwrap());
        let curves = |name: &str| RecoveryCurves {
            name: name.into(),
            rto: survival.clone(),
            rpo: survival.iter().map(|&(h, s)| (h * 1e-4, s)).collect(),
            rto_objective: Some(8.0),
            rpo_objective: Some(24.0),
        };
        let chart = RecoveryChart::new(vec![curves("orders"), curves("注文データ")]).unwrap();
        assert_readable(&chart);
    }

    #[test]
    fn long_and_non_latin_cause_names_are_readable() {
        let names = [
            "数据库: 硬盘故障",
            "قاعدة البيانات: failure",
            "🚀 launcher: crash",
            "a-component-with-a-very-long-name-indeed-that-goes-on-and-on: operator error",
            "db: failure",
        ];
        let bars = names
            .iter()
            .enumerate()
            .map(|(i, n)| CauseBar {
                label: n.to_string(),
                minutes_per_year: 100.0 / (i + 1) as f64,
                planned: i == 4,
            })
            .collect();
        assert_readable(&CausesChart::new(bars).unwrap());
        // Many causes: the summed tail is the longest bar, and its label stays in.
        let many = (0..200)
            .map(|i| CauseBar {
                label: format!("payments-ledger-reconciliation-worker-{i:03}: failure"),
                minutes_per_year: 100.0 + i as f64,
                planned: false,
            })
            .collect();
        assert_readable(&CausesChart::new(many).unwrap());
    }

    fn design(name: &str, mean: f64, scale: f64) -> Design {
        let mut downtime_minutes = minutes(2000, scale);
        downtime_minutes.sort_by(f64::total_cmp);
        Design {
            name: name.into(),
            mean,
            ci_low: Some(mean - (1.0 - mean) * 0.1),
            ci_high: Some(mean + (1.0 - mean) * 0.1),
            downtime_minutes,
        }
    }

    #[test]
    fn compare_charts_are_readable_with_long_names() {
        let designs = vec![
            design("Single server", 0.999, 500.0),
            design(
                "Application tier, 4 of 5, in two zones with a long name",
                0.99999,
                2.0,
            ),
            design("数据库集群 (三个副本)", 0.9997, 100.0),
        ];
        assert_readable(&CompareAvailabilityChart::new(designs.clone(), 0.999, 0.95));
        assert_readable(&CompareDowntimeChart::new(designs, 0.999));
    }
}
