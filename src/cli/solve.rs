//! `nines solve`: exact answers for a scenario, without simulating.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::evaluate::print;
use crate::error::{Error, Result};
use crate::exact::{self, Answer, ExactSummary, Solution};
use crate::model::Model;
use crate::report::{decimals_against, percent_with};
use crate::scenario;
use crate::units::{format_duration, MINUTES_PER_YEAR};

/// Output formats of `nines solve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolveFormat {
    /// Aligned text for people.
    Table,
    /// JSON: the `exact` object of the summary, and both methods' answers.
    Json,
    /// A Markdown table.
    Markdown,
}

/// Arguments of `nines solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Scenario file (TOML). Without one, solves the built-in example.
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// How to print the results on stdout.
    #[arg(long, value_enum, default_value_t = SolveFormat::Table)]
    pub format: SolveFormat,

    /// Most states the Markov chain may have.
    #[arg(long, value_name = "N", default_value_t = exact::SOLVE_MAX_STATES)]
    pub max_states: usize,
}

/// Solves the scenario and prints the answers.
pub fn execute(args: SolveArgs) -> Result<()> {
    let model = match &args.scenario {
        Some(path) => scenario::load(path)?,
        None => scenario::builtin()?,
    };
    if model.phases.is_some() {
        return Err(Error::Input(
            "nines solve: [[phases]] change rates and needs over the year, which neither exact method models; use nines run".to_string(),
        ));
    }
    let solution = exact::solve(&model, args.max_states);
    let text = match args.format {
        SolveFormat::Table => {
            table(&model, &solution) + &exact::durability::solve_text(&model, false)
        }
        SolveFormat::Markdown => {
            markdown(&model, &solution) + &exact::durability::solve_text(&model, true)
        }
        SolveFormat::Json => {
            let value = json!({
                "scenario": model.name,
                "horizon_hours": model.settings.horizon,
                "exact": ExactSummary::from_solution(&solution),
                "independent": answer_json(&solution.independent, Some(&solution.leaves_out)),
                "markov": answer_json(&solution.markov, None),
                "durability": exact::durability::all(&model)
                    .into_iter()
                    .map(|(name, answer)| {
                        let value = match answer {
                            Ok(e) => json!(e),
                            Err(reason) => json!({ "reason": reason }),
                        };
                        (name, value)
                    })
                    .collect::<serde_json::Map<_, _>>(),
            });
            serde_json::to_string_pretty(&value)
                .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?
                + "\n"
        }
    };
    print(&text)
}

fn answer_json(answer: &Answer, leaves_out: Option<&[String]>) -> serde_json::Value {
    let mut value = match &answer.figures {
        Ok(f) => json!({
            "availability": f.availability,
            "unavailability": f.unavailability,
            "outages_per_year": f.outages_per_year,
            "mean_outage_hours": f.mean_outage_hours,
            "horizon_availability": f.horizon_availability,
            "horizon_reason": f.horizon_reason,
            "states": f.states,
            "seconds": answer.seconds,
            "reason": null,
        }),
        Err(reason) => json!({
            "availability": null,
            "unavailability": null,
            "outages_per_year": null,
            "mean_outage_hours": null,
            "horizon_availability": null,
            "horizon_reason": null,
            "states": null,
            "seconds": answer.seconds,
            "reason": reason,
        }),
    };
    if let Some(list) = leaves_out {
        value["leaves_out"] = json!(list);
    }
    value
}

/// Rows (label, value) describing one answer.
/// Percentages get the decimals that keep them on their side of the scenario's objective.
fn rows(answer: &Answer, target: f64) -> Vec<(String, String)> {
    let percent = |a: f64| percent_with(a, decimals_against(target, &[a]));
    match &answer.figures {
        Ok(f) => {
            let mut rows = vec![
                ("Availability".to_string(), percent(f.availability)),
                (
                    "Unavailability".to_string(),
                    format!(
                        "{:.6e}  ({:.3} min/year)",
                        f.unavailability,
                        f.unavailability * MINUTES_PER_YEAR
                    ),
                ),
                (
                    "Outages / year".to_string(),
                    format!("{:.6}", f.outages_per_year),
                ),
                (
                    "Mean outage".to_string(),
                    f.mean_outage_hours
                        .map_or("no outages".to_string(), format_duration),
                ),
            ];
            if let Some(h) = f.horizon_availability {
                rows.push((
                    "Over the horizon".to_string(),
                    format!("{} (mean from all-up)", percent(h)),
                ));
            } else if let Some(why) = &f.horizon_reason {
                rows.push(("Over the horizon".to_string(), why.clone()));
            }
            rows.push((
                "Work".to_string(),
                format!(
                    "{} state{}, {:.3} s",
                    f.states,
                    if f.states == 1 { "" } else { "s" },
                    answer.seconds
                ),
            ));
            rows
        }
        Err(reason) => vec![("Not available".to_string(), reason.clone())],
    }
}

fn table(model: &Model, solution: &Solution) -> String {
    let mut out = format!("Exact solution: {}\n", model.name);
    let sections = [
        (
            "Independent formula (alternating renewal, structure function)",
            &solution.independent,
        ),
        ("Markov chain (every time exponential)", &solution.markov),
    ];
    for (title, answer) in sections {
        out.push_str(&format!("\n{title}\n"));
        for (label, value) in rows(answer, model.settings.target) {
            out.push_str(&format!("  {label:<18} {value}\n"));
        }
        if std::ptr::eq(answer, &solution.independent) && answer.figures.is_ok() {
            let note = if solution.leaves_out.is_empty() {
                "exact for this model".to_string()
            } else {
                format!("leaves out {}", solution.leaves_out.join(", "))
            };
            out.push_str(&format!("  {:<18} {note}\n", "Scope"));
        }
    }
    out
}

fn markdown(model: &Model, solution: &Solution) -> String {
    let mut out = format!("## Exact solution: {}\n\n", model.name);
    out.push_str("| | Independent formula | Markov chain |\n|---|---|---|\n");
    let left = rows(&solution.independent, model.settings.target);
    let right = rows(&solution.markov, model.settings.target);
    let labels: Vec<String> = {
        let mut labels: Vec<String> = left.iter().map(|(l, _)| l.clone()).collect();
        for (l, _) in &right {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
        labels
    };
    let find = |rows: &[(String, String)], label: &str| {
        rows.iter()
            .find(|(l, _)| l == label)
            .map_or(String::new(), |(_, v)| v.replace('|', "\\|"))
    };
    for label in labels {
        out.push_str(&format!(
            "| {label} | {} | {} |\n",
            find(&left, &label),
            find(&right, &label)
        ));
    }
    if !solution.leaves_out.is_empty() {
        out.push_str(&format!(
            "\nThe independent formula leaves out: {}.\n",
            solution.leaves_out.join(", ")
        ));
    }
    out
}
