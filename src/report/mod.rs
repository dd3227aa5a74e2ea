//! Writing results: one module per output format behind [`Format`], and the `--out DIR`
//! files, written atomically.

mod charts;
mod compare;
mod compare_phases;
mod cost;
mod csv;
mod digits;
mod durability;
mod files;
mod html;
mod json;
mod load;
mod markdown;
mod out_dir;
mod phases;
mod plan;
mod rare;
mod rare_blocks;
mod run_page;
mod study_pages;
mod sweep;
mod table;

pub use compare::{render as render_comparison, CompareReport};
pub use cost::money;
pub use files::{write_atomically, write_out_dir, TrialRows, SUMMARY_FILE, TRIALS_FILE};
pub use out_dir::Staging;
pub use plan::{render as render_plan, write_plan_report, PLAN_FILE};
pub use run_page::{timeline_trial, write_run_report, CHART_TRIALS, INDEX_FILE};
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

pub use digits::{decimals_against, decimals_for};

/// Decimals for a summary's availability figures: enough for its mean, and enough that
/// neither the mean nor a bound of its interval rounds across its target.
pub fn summary_decimals(s: &Summary) -> usize {
    let a = &s.availability;
    let values = [
        a.mean,
        a.ci_low.unwrap_or(a.mean),
        a.ci_high.unwrap_or(a.mean),
    ];
    decimals_against(s.target.availability, &values)
}

/// Whether a trial is a year long, so that per-trial figures are per-year figures.
pub fn trial_is_a_year(horizon_hours: f64) -> bool {
    (horizon_hours - crate::units::YEAR).abs() <= 1e-9 * crate::units::YEAR
}

/// The share of trials meeting the target, labelled by what a trial is: "Years" when a
/// trial is a year, "Trials of 1w" otherwise (a week meeting it is not a year meeting it).
pub fn trials_label(horizon_hours: f64) -> String {
    if trial_is_a_year(horizon_hours) {
        "Years".to_string()
    } else {
        format!("Trials of {}", crate::units::format_duration(horizon_hours))
    }
}

/// Per-trial downtime percentiles in minutes (mean, p50, p90, p99, max), from the summary's
/// per-year figures: percentiles of one trial do not scale to a year, so reports print
/// them per trial when a trial is not a year.
pub fn downtime_per_trial(s: &Summary) -> [f64; 5] {
    let d = &s.downtime_minutes_per_year;
    let scale = s.horizon_hours / crate::units::YEAR;
    [d.mean, d.p50, d.p90, d.p99, d.max].map(|v| v * scale)
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
/// and no downtime. Never "-0.00": a service down throughout has 0 nines.
pub fn nines(a: &crate::stats::AvailabilitySummary) -> String {
    match (a.nines, a.nines_lower_bound) {
        (Some(n), _) if a.ci_high.is_some_and(|high| high < 1.0) => two_decimals(n),
        (_, Some(bound)) => format!("≥ {}", two_decimals(bound)),
        (Some(n), None) => two_decimals(n),
        (None, None) => "-".to_string(),
    }
}

/// Two decimals, never "-0.00" (a service down throughout has 0 nines).
fn two_decimals(nines: f64) -> String {
    format!("{:.2}", nines.max(0.0) + 0.0)
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

/// A design's availability cell: the rare method's estimate is a mean even when its main
/// runs saw no downtime, so only a plain run with none is shown as the bound it is.
pub fn summary_availability_cell(s: &crate::stats::Summary, pct: impl Fn(f64) -> String) -> String {
    match s.rare {
        Some(_) => pct(s.availability.mean),
        None => availability_cell(&s.availability, pct),
    }
}

/// Minutes of downtime per year with one decimal, or, for a plain run that saw none, the
/// bound its interval gives ("< 0.5"), never a measured zero.
pub fn summary_downtime_cell(s: &crate::stats::Summary) -> String {
    match s.availability.ci_low {
        Some(low) if s.rare.is_none() && s.availability.trials_with_downtime == 0 => {
            format!("< {:.1}", (1.0 - low) * crate::units::MINUTES_PER_YEAR)
        }
        _ => format!("{:.1}", s.downtime_minutes_per_year.mean),
    }
}

/// The requests-served figure: the mean, or, when no request was lost in any trial, the
/// lower bound it is ("≥ 83.16%"), never 100% as if measured.
pub fn requests_cell(r: &crate::stats::RequestSummary, pct: impl Fn(f64) -> String) -> String {
    match r.ci_low {
        Some(low) if r.mean >= 1.0 => format!("no loss seen; ≥ {}", pct(low)),
        _ => pct(r.mean),
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
