//! Writing results: one module per output format behind [`Format`], and the `--out DIR`
//! files, written atomically.

mod charts;
mod compare;
mod csv;
mod files;
mod html;
mod json;
mod markdown;
mod run_page;
mod study_pages;
mod sweep;
mod table;

pub use compare::{render as render_comparison, CompareReport};
pub use files::{write_out_dir, TrialRows, SUMMARY_FILE, TRIALS_FILE};
pub use run_page::{timeline_trial, write_run_report, CHART_TRIALS, INDEX_FILE};
pub use study_pages::{write_compare_report, write_sweep_report, COMPARISON_FILE, SWEEP_FILE};
pub use sweep::render as render_sweep;

use crate::error::Result;
use crate::stats::Summary;

/// The formats results can be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people (the default).
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

/// Nines for people: "4.05"; "≥ 0.78" from the interval's lower bound when the interval
/// reaches 100% (never "∞": no finite run shows infinitely many nines); "-" with one trial
/// and no downtime.
pub fn nines(a: &crate::stats::AvailabilitySummary) -> String {
    match (a.nines, a.nines_lower_bound) {
        (Some(n), _) if a.ci_high.is_some_and(|high| high < 1.0) => format!("{n:.2}"),
        (_, Some(bound)) => format!("≥ {bound:.2}"),
        (Some(n), None) => format!("{n:.2}"),
        (None, None) => "-".to_string(),
    }
}

/// An availability as measured ("99.95%"), or as the bound it is when no downtime was seen
/// ("≥ 99.95%", the interval's lower bound), formatted by `pct`.
pub fn availability_cell(
    a: &crate::stats::AvailabilitySummary,
    pct: impl Fn(f64) -> String,
) -> String {
    match a.ci_low {
        Some(low) if a.trials_with_downtime == 0 => format!("≥ {}", pct(low)),
        _ => pct(a.mean),
    }
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
