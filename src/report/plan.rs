//! Output of `nines plan`: the winner and why, feasible designs by cost, the Pareto front,
//! paired intervals against the runners-up; and its --out folder (JSON, chart, page).

use std::path::Path;

use super::charts::{FrontierChart, FrontierPoint};
use super::cost::money;
use super::html::Page;
use super::run_page::{save, INDEX_FILE};
use super::{files, Format};
use crate::error::{Error, Result};
use crate::stats::Estimate;
use crate::study::grid::describe;
use crate::study::objective::Metric;
use crate::study::plan::{Axis, PlanReport, Status};

/// Name of the plan's JSON file.
pub const PLAN_FILE: &str = "plan.json";

/// A table: header and rows.
type Table = (Vec<String>, Vec<Vec<String>>);

fn pct(e: &Estimate) -> String {
    let p = |v: f64| format!("{:.4}%", v * 100.0);
    match (e.ci_low, e.ci_high) {
        (Some(l), Some(h)) if h > l => format!("{} [{}, {}]", p(e.mean), p(l), p(h)),
        _ if e.mean.is_finite() => p(e.mean),
        _ => "-".into(),
    }
}

fn cost(e: &Estimate) -> String {
    match (e.ci_low, e.ci_high) {
        (Some(l), Some(h)) if h > l => format!("{} [{}, {}]", money(e.mean), money(l), money(h)),
        _ => money(e.mean),
    }
}

/// The report's tables: feasible designs by cost, the Pareto front, the paired intervals.
pub fn tables(r: &PlanReport) -> Vec<(String, Table)> {
    let row = |i: usize| {
        let d = &r.designs[i];
        let mut row = d.values.clone();
        row.extend([
            cost(&d.cost_per_year),
            money(d.infrastructure_per_year),
            pct(&d.availability),
            d.decided_by.clone(),
        ]);
        row
    };
    let mut header = r.keys.clone();
    header.extend(
        [
            "cost/year",
            "infrastructure/year",
            match r.availability_axis {
                Axis::Requests => "requests served",
                Axis::Time => "availability",
            },
            "decided by",
        ]
        .map(String::from),
    );
    let mut tables = vec![
        (
            "Feasible designs by cost".to_string(),
            (header.clone(), r.ranked.iter().map(|&i| row(i)).collect()),
        ),
        (
            "Cost-availability Pareto front".to_string(),
            (header, r.pareto.iter().map(|&i| row(i)).collect()),
        ),
    ];
    if !r.paired.is_empty() {
        let header = [
            "runner-up",
            "availability - winner's",
            "cost - winner's",
            "significant",
        ]
        .map(String::from)
        .to_vec();
        let p = |v: f64| format!("{:+.5}%", v * 100.0);
        let rows = r
            .paired
            .iter()
            .map(|q| {
                let a = &q.availability_difference;
                vec![
                    describe(&r.keys, &r.designs[q.design].values),
                    match (a.ci_low, a.ci_high) {
                        (Some(l), Some(h)) => format!("{} [{}, {}]", p(a.mean), p(l), p(h)),
                        _ => p(a.mean),
                    },
                    q.cost_difference.as_ref().map_or_else(|| "-".into(), cost),
                    if q.significant { "yes" } else { "no" }.into(),
                ]
            })
            .collect();
        tables.push((
            "Winner against the runners-up (paired, same trials)".to_string(),
            (header, rows),
        ));
    }
    tables
}

/// The headline lines: the winner, why, and how the search went.
pub fn headline(r: &PlanReport) -> Vec<String> {
    let count = |s: Status| r.designs.iter().filter(|d| d.status == s).count();
    let exact = r.designs.iter().filter(|d| d.decided_by == "exact").count();
    let bound = r
        .designs
        .iter()
        .filter(|d| d.decided_by == "cost bound")
        .count();
    let mut lines = vec![
        match r.winner {
            Some(w) => format!(
                "Winner: {} at {} a year",
                describe(&r.keys, &r.designs[w].values),
                money(r.designs[w].cost_per_year.mean)
            ),
            None => "No winner: no design was shown to meet the objectives".into(),
        },
        format!("Why: {}.", r.why),
        format!(
            "Search: {} designs; {} feasible, {} infeasible, {} costlier, {} tied; {} decided exactly, {} by the cost bound. {}. Simulated {} trials, paired runs included ({:.1}% of {} for every design at full trials).",
            r.designs.len(),
            count(Status::Feasible),
            count(Status::Infeasible),
            count(Status::Costlier),
            count(Status::Tied),
            exact,
            bound,
            if r.rounds.len() > 1 {
                format!(
                    "Rounds at {} trials; interim discards at {:.6}% confidence, error rate {} in all",
                    r.rounds.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
                    r.interim_confidence * 100.0,
                    crate::model::format_percent(r.error_rate)
                )
            } else {
                format!("No racing: every design at {} trials", r.trials)
            },
            r.simulated_trials,
            r.simulated_trials as f64 / r.full_evaluation_trials.max(1) as f64 * 100.0,
            r.full_evaluation_trials
        ),
    ];
    lines.extend(ties(r));
    lines
}

/// What the ties mean, and the designs tied with the winner.
fn ties(r: &PlanReport) -> Option<String> {
    if r.rounds.len() < 2 {
        return None;
    }
    let zone = if r.indifference > 0.0 {
        format!(
            "Indifference zone {} of the kept design's cost: with probability at least {} every interim discard is right, a design dropped as costlier costing more and one dropped as tied costing at most that share less than the design kept (the slack taken once along any chain of discards)",
            crate::model::format_percent(r.indifference),
            crate::model::format_percent(1.0 - r.error_rate)
        )
    } else {
        format!(
            "No indifference zone: with probability at least {} no interim discard is wrong",
            crate::model::format_percent(1.0 - r.error_rate)
        )
    };
    let mut line = format!(
        "{zone}; designs identical on every trial run are kept once, which no interval covers."
    );
    if let Some(w) = r.winner {
        let tied: Vec<String> = (0..r.designs.len())
            .filter(|&i| r.designs[i].tied_with == Some(w))
            .map(|i| describe(&r.keys, &r.designs[i].values))
            .collect();
        if !tied.is_empty() {
            line.push_str(&format!(
                " {} designs tied with the winner, which stands for them: {}.",
                tied.len() + 1,
                tied.join("; ")
            ));
        }
    }
    Some(line)
}

/// Renders the plan in `format` (table, JSON or Markdown).
pub fn render(r: &PlanReport, format: Format) -> Result<String> {
    if format == Format::Json {
        return serde_json::to_string_pretty(r)
            .map(|text| text + "\n")
            .map_err(|e| Error::Runtime(format!("cannot encode JSON: {e}")));
    }
    let markdown = format == Format::Markdown;
    let mut out = String::new();
    for line in headline(r) {
        out.push_str(&line);
        out.push_str(if markdown { "\n\n" } else { "\n" });
    }
    for (title, (header, rows)) in tables(r) {
        out.push('\n');
        if markdown {
            out.push_str(&format!(
                "**{title}**\n\n| {} |\n|{}|\n",
                header.join(" | "),
                vec!["---"; header.len()].join("|")
            ));
            for row in &rows {
                out.push_str(&format!("| {} |\n", row.join(" | ")));
            }
            continue;
        }
        out.push_str(&title);
        out.push('\n');
        let widths: Vec<usize> = (0..header.len())
            .map(|c| {
                rows.iter()
                    .map(|row| row[c].chars().count())
                    .chain([header[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for cells in std::iter::once(&header).chain(&rows) {
            let line: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            out.push_str("  ");
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
    }
    Ok(out)
}

/// Writes plan.json, the frontier chart and index.html into `dir`.
pub fn write_plan_report(dir: &Path, r: &PlanReport) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::Runtime(format!(
            "cannot create output folder {}: {e}",
            dir.display()
        ))
    })?;
    let json = render(r, Format::Json)?;
    files::write_atomically(&dir.join(PLAN_FILE), |out| out.write_all(json.as_bytes()))?;
    let points: Vec<FrontierPoint> = r
        .designs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.availability.mean.is_finite())
        .map(|(i, d)| FrontierPoint {
            cost: d.cost_per_year.mean,
            availability: d.availability.mean,
            feasible: d.status == Status::Feasible,
            front: r.pareto.contains(&i),
            winner: r.winner == Some(i),
        })
        .collect();
    let axis_metric = match r.availability_axis {
        Axis::Requests => Metric::Requests,
        Axis::Time => Metric::Availability,
    };
    let objective = r.objectives.iter().find_map(|text| {
        crate::study::objective::parse_objective(text)
            .ok()
            .filter(|o| o.metric == axis_metric)
            .map(|o| o.value)
    });
    let winner = r
        .winner
        .map_or_else(String::new, |w| describe(&r.keys, &r.designs[w].values));
    let mut chart = FrontierChart::new(points, objective, winner);
    if r.availability_axis == Axis::Requests {
        chart = chart.of_requests();
    }
    let figures = vec![save(dir, &chart)?];
    let mut page = Page::new(
        &format!("Plan over {}", r.keys.join(", ")),
        &format!(
            "{} designs, {} trials each at most, seed {}, {:.0}% confidence intervals; objectives {}",
            r.designs.len(),
            r.trials,
            r.seed,
            r.confidence * 100.0,
            r.objectives.join(", ")
        ),
    );
    for line in headline(r) {
        page.paragraph(&line);
    }
    for (title, (header, rows)) in tables(r) {
        page.heading(&title);
        page.table(&header, &rows);
    }
    page.heading("Chart");
    page.figures(&figures);
    page.files(&[PLAN_FILE]);
    files::write_atomically(&dir.join(INDEX_FILE), |out| {
        out.write_all(page.render().as_bytes())
    })
}
