//! The durability of data sets with redundancy, as the table and Markdown/HTML reports
//! show it (the JSON carries every figure: stats::DurabilitySummary).

use std::fmt::Write;

use super::markdown::Table;
use crate::stats::{DurabilitySummary, Summary};
use crate::units::YEAR;

/// A probability in scientific notation, three significant digits.
fn sci(p: f64) -> String {
    if p == 0.0 {
        "0".to_string()
    } else {
        format!("{p:.2e}")
    }
}

/// P(loss)/year with its interval; with no loss seen, the bound it is. A rare-method
/// estimate says so, with its relative error.
pub fn p_loss(d: &DurabilitySummary) -> String {
    let p = &d.p_loss_per_year;
    if d.method == "rare" {
        return match d.relative_error {
            Some(_) => format!(
                "{} [{}, {}] (rare, {})",
                sci(p.mean),
                sci(p.ci_low),
                sci(p.ci_high),
                super::rare::relative_sides(p.mean, p.ci_low, p.ci_high)
            ),
            None => "0 (rare: no branch lost data)".to_string(),
        };
    }
    if d.trials_with_loss == 0 {
        format!("< {} (no loss seen)", sci(p.ci_high))
    } else {
        format!("{} [{}, {}]", sci(p.mean), sci(p.ci_low), sci(p.ci_high))
    }
}

/// Durability nines: "≥ N" when only a bound is known.
pub fn nines(d: &DurabilitySummary) -> String {
    if d.method == "rare" && d.nines.mean.is_none() {
        return "-".to_string();
    }
    match d.nines.mean {
        Some(mean) => format!("{mean:.2} (≥ {:.2})", d.nines.at_least),
        None => format!("≥ {:.2}", d.nines.at_least),
    }
}

/// Mean time to data loss in years: a lower bound when no loss was seen.
pub fn mttdl(d: &DurabilitySummary) -> String {
    let years = |h: f64| format!("{:.3e} y", h / YEAR);
    match d.mttdl_hours.mean {
        Some(mean) => years(mean),
        None => format!("≥ {}", years(d.mttdl_hours.ci_low)),
    }
}

/// The chain's P(loss)/year, or "-" where it does not apply.
pub fn exact(d: &DurabilitySummary) -> String {
    d.exact.as_ref().map_or_else(
        || "-".to_string(),
        |e| {
            if e.leaves_out.is_empty() {
                sci(e.p_loss_per_year)
            } else {
                format!("{} (approx.)", sci(e.p_loss_per_year))
            }
        },
    )
}

fn cost(d: &DurabilitySummary) -> String {
    d.cost_per_tb_month
        .map_or_else(|| "-".to_string(), |c| format!("{c:.2}"))
}

/// The "Durability" section of the text report; empty without durable data sets.
pub fn text(s: &Summary) -> String {
    let mut out = String::new();
    if s.durability.is_empty() {
        return out;
    }
    let confidence = s.availability.confidence * 100.0;
    // Writing to a String cannot fail.
    let how = if s.durability.values().any(|d| d.method == "rare") {
        "rare-event estimate"
    } else {
        "trial-years losing data"
    };
    let _ = writeln!(
        out,
        "\nDurability (P(loss)/year: {how}, {confidence:.0}% CI)"
    );
    let width = s.durability.keys().map(|n| n.len()).max().unwrap_or(0);
    for (name, d) in &s.durability {
        let _ = writeln!(
            out,
            "  {name:<width$}  {} ({:.1}x raw), P(loss)/year {}, nines {}, MTTDL {}",
            d.redundancy,
            d.overhead,
            p_loss(d),
            nines(d),
            mttdl(d)
        );
        match (&d.exact, &d.exact_reason) {
            (Some(e), _) => {
                let _ = writeln!(
                    out,
                    "  {:<width$}  exact chain: P(loss)/year {}, nines {:.2}, MTTDL {:.3e} y{}",
                    "",
                    sci(e.p_loss_per_year),
                    e.nines,
                    e.mttdl_hours / YEAR,
                    if e.leaves_out.is_empty() {
                        String::new()
                    } else {
                        format!("; leaves out: {}", e.leaves_out.join("; "))
                    }
                );
            }
            (None, Some(reason)) => {
                let _ = writeln!(out, "  {:<width$}  no exact chain: {reason}", "");
            }
            (None, None) => {}
        }
        out.push_str(&rare_lines(d, width));
        if d.covered_by_backup > 0 {
            let _ = writeln!(
                out,
                "  {:<width$}  {} stripe losses covered by a backup",
                "", d.covered_by_backup
            );
        }
        if let Some(c) = d.cost_per_tb_month {
            let _ = writeln!(
                out,
                "  {:<width$}  storage {c:.2} per TB of data per month",
                ""
            );
        }
    }
    out
}

/// The rare method's diagnostics of one data set (text report): effective sample size,
/// branches, mean weight and warnings; empty for a plain estimate.
fn rare_lines(d: &DurabilitySummary, width: usize) -> String {
    let Some(r) = &d.rare else {
        return String::new();
    };
    let mut out = format!(
        "  {:<width$}  rare method: {} branches, {} lost data, effective sample size {:.0}, mean weight {:.3} [{:.3}, {:.3}]\n",
        "",
        r.branches,
        r.branches_with_loss,
        d.effective_sample_size.unwrap_or(0.0),
        r.weight_mean,
        r.weight_mean_ci[0],
        r.weight_mean_ci[1]
    );
    for warning in &r.warnings {
        let _ = writeln!(out, "  {:<width$}  warning: {warning}", "");
    }
    out
}

/// The durability table of the Markdown and HTML reports, if any data set has redundancy.
pub fn table(s: &Summary) -> Option<Table> {
    if s.durability.is_empty() {
        return None;
    }
    let header = [
        "Data set",
        "Redundancy",
        "Raw / data",
        "P(loss)/year",
        "Nines",
        "MTTDL",
        "Exact P(loss)/year",
        "Cost / TB-month",
    ];
    let rows = s
        .durability
        .iter()
        .map(|(name, d)| {
            vec![
                name.clone(),
                d.redundancy.clone(),
                format!("{:.1}x", d.overhead),
                p_loss(d),
                nines(d),
                mttdl(d),
                exact(d),
                cost(d),
            ]
        })
        .collect();
    Some((header.map(String::from).to_vec(), rows))
}

/// Rows of `nines compare` for designs with durable data sets (several sets of one design
/// are joined with "; "); none when no design has one.
pub fn compare_rows(designs: &[&Summary]) -> Vec<(String, Vec<String>)> {
    if designs.iter().all(|s| s.durability.is_empty()) {
        return Vec::new();
    }
    let each = |f: &dyn Fn(&DurabilitySummary) -> String| {
        designs
            .iter()
            .map(|s| {
                let cells: Vec<String> = s.durability.values().map(f).collect();
                if cells.is_empty() {
                    "-".to_string()
                } else {
                    cells.join("; ")
                }
            })
            .collect::<Vec<_>>()
    };
    vec![
        (
            "Redundancy (raw / data)".to_string(),
            each(&|d| format!("{} ({:.1}x)", d.redundancy, d.overhead)),
        ),
        ("Data loss P / year".to_string(), each(&p_loss)),
        ("Durability nines".to_string(), each(&nines)),
        ("MTTDL".to_string(), each(&mttdl)),
        ("Exact P(loss) / year".to_string(), each(&exact)),
        (
            "Losses covered by backup".to_string(),
            each(&|d| d.covered_by_backup.to_string()),
        ),
        ("Storage cost / TB-month".to_string(), each(&cost)),
    ]
}
