//! `nines sweep`: one row per value (or pair of values) of one or two scenario keys, and the
//! smallest value that meets the objective with confidence.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;
use toml_edit::{DocumentMut, Item, Value};

use super::evaluate::{evaluate, print};
use super::precision::PrecisionArgs;
use crate::error::{Error, Result};
use crate::report::{self, Format};
use crate::scenario;
use crate::stats::Summary;
use crate::units;

/// Arguments of `nines sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file to vary.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,

    /// A key and its values: components.app.count=2,3,4 or components.db.repair.mean=1h,4h.
    /// Give it once or twice (a grid of two keys).
    #[arg(long = "set", value_name = "KEY=V1,V2,...", required = true, num_args = 1, action = clap::ArgAction::Append, value_parser = parse_set)]
    pub sets: Vec<Sweep>,

    /// Trials per point (default: the scenario's).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(2..))]
    pub trials: Option<u64>,

    /// Seed of every point (default: the scenario's); the same for all points.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// Worker threads; 0 uses one per core.
    #[arg(long, value_name = "T", default_value_t = 0)]
    pub threads: usize,

    /// How to print the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Also write a report into this folder: index.html with the chart (SVG and PNG) and
    /// sweep.json.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --precision, each point runs until its own interval is that narrow.
    #[command(flatten)]
    pub precision: PrecisionArgs,
}

/// One swept key and its values, as written.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Dotted key path.
    pub key: String,
    /// The values, as written.
    pub values: Vec<String>,
}

fn parse_set(text: &str) -> std::result::Result<Sweep, String> {
    let (key, values) = text
        .split_once('=')
        .ok_or_else(|| "expected KEY=V1,V2,... such as components.app.count=2,3,4".to_string())?;
    let values: Vec<String> = values
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if key.trim().is_empty() || values.is_empty() {
        return Err("expected KEY=V1,V2,... such as components.app.count=2,3,4".to_string());
    }
    Ok(Sweep {
        key: key.trim().to_string(),
        values,
    })
}

/// A value as TOML: a whole number, a number, a boolean, or else a string ("4h", "99.9%").
fn toml_value(text: &str) -> Value {
    if let Ok(n) = text.parse::<i64>() {
        Value::from(n)
    } else if let Ok(x) = text.parse::<f64>() {
        Value::from(x)
    } else if let Ok(b) = text.parse::<bool>() {
        Value::from(b)
    } else {
        Value::from(text)
    }
}

/// Sets `key` (dotted) to `value` in the document, creating the last key if needed.
fn set(document: &mut DocumentMut, key: &str, value: &str) -> std::result::Result<(), String> {
    let segments: Vec<&str> = key.split('.').collect();
    let (last, parents) = segments.split_last().expect("split always yields one part");
    let mut table = document.as_table_mut() as &mut dyn toml_edit::TableLike;
    for (i, segment) in parents.iter().enumerate() {
        table = table
            .get_mut(segment)
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| {
                format!(
                    "--set {key}: the scenario has no table {}",
                    segments[..=i].join(".")
                )
            })?;
    }
    table.insert(last, Item::Value(toml_value(value)));
    Ok(())
}

/// A value's position on a numeric axis, for "smallest": numbers, durations, percentages.
fn numeric(text: &str) -> Option<f64> {
    text.parse::<f64>()
        .ok()
        .or_else(|| units::parse_duration(text).ok())
        .or_else(|| units::parse_percent(text).ok())
}

/// One point of the sweep.
#[derive(Debug, Serialize)]
pub struct Point {
    /// The values set, one per key.
    pub values: Vec<String>,
    /// The point's summary.
    pub summary: Summary,
}

/// Everything `nines sweep` reports.
#[derive(Debug, Serialize)]
pub struct SweepReport {
    /// The keys swept.
    pub keys: Vec<String>,
    /// Every point, in grid order (first key fastest).
    pub points: Vec<Point>,
    /// For each value of the second key (or once), the smallest value of the first key whose
    /// interval's lower bound reaches the target; null where none does.
    pub smallest_meeting_target: Vec<Smallest>,
}

/// The smallest value of the first key meeting the target.
#[derive(Debug, Serialize)]
pub struct Smallest {
    /// The second key's value, if two keys are swept.
    pub with: Option<String>,
    /// The first key's smallest value meeting the target, if any.
    pub value: Option<String>,
}

/// Runs every point of the grid and prints the table.
pub fn execute(args: SweepArgs) -> Result<()> {
    if args.sets.len() > 2 {
        return Err(Error::Input(
            "--set can be given once or twice (a grid of two keys)".into(),
        ));
    }
    let shown = args.scenario.display().to_string();
    let source = std::fs::read_to_string(&args.scenario)
        .map_err(|e| Error::Input(format!("{shown}: cannot read scenario: {e}")))?;
    let base = args.scenario.parent().unwrap_or_else(|| Path::new("."));
    let stem = args
        .scenario
        .file_stem()
        .map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
    let document: DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| {
        Error::Input(format!("{shown}: {}", e.to_string().replace('\n', " ")))
    })?;
    let first = &args.sets[0];
    let second_values: Vec<Option<&String>> = match args.sets.get(1) {
        Some(second) => second.values.iter().map(Some).collect(),
        None => vec![None],
    };
    let mut points = Vec::new();
    let mut smallest = Vec::new();
    for with in &second_values {
        let mut best: Option<(f64, usize, &String)> = None;
        for (order, value) in first.values.iter().enumerate() {
            let mut doc = document.clone();
            set(&mut doc, &first.key, value).map_err(Error::Input)?;
            let mut values = vec![value.clone()];
            if let (Some(second), Some(with)) = (args.sets.get(1), with) {
                set(&mut doc, &second.key, with).map_err(Error::Input)?;
                values.push((*with).clone());
            }
            let label = format!("{shown} with {}", describe(&args.sets, &values));
            let mut model = scenario::parse(&doc.to_string(), &label, base, &stem)?;
            if let Some(trials) = args.trials {
                model.settings.trials = trials;
            }
            if let Some(seed) = args.seed {
                model.settings.seed = seed;
            }
            model.settings.importance_trials = Some(0);
            let rule = args.precision.rule(model.settings.trials);
            let evaluation = evaluate(
                &model,
                args.threads,
                &describe(&args.sets, &values),
                &rule,
                None,
            )?;
            if evaluation.summary.target.met {
                let rank = numeric(value).unwrap_or(order as f64);
                if best.is_none_or(|(r, o, _)| (rank, order) < (r, o)) {
                    best = Some((rank, order, value));
                }
            }
            points.push(Point {
                values,
                summary: evaluation.summary,
            });
        }
        smallest.push(Smallest {
            with: with.cloned(),
            value: best.map(|(_, _, v)| v.clone()),
        });
    }
    let report = SweepReport {
        keys: args.sets.iter().map(|s| s.key.clone()).collect(),
        points,
        smallest_meeting_target: smallest,
    };
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_sweep(&report, args.format)?)?;
    if let Some(dir) = &args.out {
        report::write_sweep_report(dir, &report, &numeric)?;
    }
    Ok(())
}

fn describe(sets: &[Sweep], values: &[String]) -> String {
    sets.iter()
        .zip(values)
        .map(|(s, v)| format!("{}={v}", s.key))
        .collect::<Vec<_>>()
        .join(", ")
}
