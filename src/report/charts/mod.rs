//! Charts drawn with plotters and written as SVG (for documents) and PNG (for slides and
//! the HTML report). Text is set in DejaVu Sans, embedded in the binary (assets/fonts), so
//! the PNGs render identically on machines with no fonts at all; SVG text names the
//! "sans-serif" family and is drawn by the viewer.
//!
//! One module per chart; each builds a value implementing [`Chart`] and [`save`] renders it
//! to both formats.

mod causes;
mod compare;
mod downtime;
mod outages;
mod recovery;
mod style;
mod sweep;
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
pub use outages::OutagesChart;
pub use recovery::{RecoveryChart, RecoveryCurves};
pub use sweep::{SweepChart, SweepCurve, SweepPoint};
pub use timeline::TimelineChart;

/// Minutes as minutes, hours or days, whichever reads best ("52.6 min").
pub fn style_duration(minutes: f64) -> String {
    style::duration(minutes)
}

/// The embedded font: DejaVu Sans (free license in assets/fonts/LICENSE-DejaVu.txt).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

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

/// The fonts PNGs are drawn with: the embedded one alone, standing for every family, so
/// the picture does not depend on the machine's fonts.
fn font_database() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DATABASE: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = resvg::usvg::fontdb::Database::new();
            database.load_font_data(FONT.to_vec());
            database.set_sans_serif_family(EMBEDDED_FAMILY);
            database.set_serif_family(EMBEDDED_FAMILY);
            database.set_monospace_family(EMBEDDED_FAMILY);
            std::sync::Arc::new(database)
        })
        .clone()
}

/// The embedded font's family name.
const EMBEDDED_FAMILY: &str = "DejaVu Sans";

/// Draws an SVG document as a PNG image of the same size.
fn rasterize(svg: &str) -> std::result::Result<Vec<u8>, String> {
    let options = resvg::usvg::Options {
        font_family: EMBEDDED_FAMILY.to_string(),
        fontdb: font_database(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
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
