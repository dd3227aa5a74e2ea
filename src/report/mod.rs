//! Writing results: one module per output format behind [`Format`], and the `--out DIR`
//! files, written atomically.

mod charts;
mod compare;
mod csv;
mod files;
mod html;
mod json;
mod markdown;
mod out_dir;
mod run_page;
mod study_pages;
mod sweep;
mod table;

pub use compare::{render as render_comparison, CompareReport};
pub use files::{write_out_dir, SUMMARY_FILE, TRIALS_FILE};
pub use out_dir::Staging;
pub use run_page::{timeline_trial, write_run_report, INDEX_FILE};
pub use study_pages::{write_compare_report, write_sweep_report, COMPARISON_FILE, SWEEP_FILE};
pub use sweep::render as render_sweep;

use crate::error::Result;
use crate::stats::Summary;

/// The formats results can be printed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people (the default).
    #[default]
    Table,
    /// The summary JSON (DESIGN.md's contract).
    Json,
    /// One header row and one row of figures, with flattened JSON key names.
    Csv,
    /// A Markdown table for design documents.
    Markdown,
}

/// Renders `summary` in `format`.
pub fn render(summary: &Summary, format: Format) -> Result<String> {
    match format {
        Format::Table => Ok(table::render(summary)),
        Format::Json => json::render(summary),
        Format::Csv => csv::render(summary),
        Format::Markdown => Ok(markdown::render(summary)),
    }
}

/// Decimals that show an availability's unavailability to two significant digits (99.99%
/// needs two decimals; 99.9991% five), so an interval can be printed with its mean's.
pub fn decimals_for(availability: f64) -> usize {
    let unavailability = 1.0 - availability;
    if unavailability > 0.0 {
        (-unavailability.log10()).floor().clamp(2.0, 12.0) as usize
    } else {
        2
    }
}

/// An availability as a percentage with `decimals` decimals.
pub fn percent_with(availability: f64, decimals: usize) -> String {
    format!("{:.*}%", decimals, availability * 100.0)
}

/// An availability as a percentage with the decimals it needs (see [`decimals_for`]).
pub fn percent(availability: f64) -> String {
    percent_with(availability, decimals_for(availability))
}

/// Nines for people: "4.05", or "∞" when no downtime was observed.
pub fn nines(value: Option<f64>) -> String {
    value.map_or_else(|| "∞".to_string(), |n| format!("{n:.2}"))
}

/// Minutes with one decimal, or "-" where undefined.
pub fn minutes(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |m| format!("{m:.1} min"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_show_the_significant_digits() {
        assert_eq!(percent(0.99991), "99.9910%");
        assert_eq!(percent(0.9), "90.00%");
        assert_eq!(percent(0.999991), "99.99910%");
        assert_eq!(percent(1.0), "100.00%");
    }
}
