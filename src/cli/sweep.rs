//! `nines sweep`: one row per value (or pair of values) of one or two scenario keys, and the
//! smallest value that meets the objective with confidence.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;
use toml_edit::{DocumentMut, Item, Value};

use super::evaluate::{evaluate, print};
use super::parse;
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
    /// Array elements by index: components.app.modes.0.repair.median=1h,2h (or modes[0]).
    /// Give it once or twice, with two different keys (a grid).
    #[arg(long = "set", value_name = "KEY=V1,V2,...", required = true, num_args = 1, action = clap::ArgAction::Append, value_parser = parse_set)]
    pub sets: Vec<Sweep>,

    /// Trials per point (default: the scenario's).
    #[arg(long, value_name = "N", value_parser = parse::trials_for_intervals, allow_hyphen_values = true)]
    pub trials: Option<u64>,

    /// Seed of every point (default: the scenario's); the same for all points.
    #[arg(long, value_name = "S", value_parser = parse::seed, allow_hyphen_values = true)]
    pub seed: Option<u64>,

    /// Length of one trial at every point, with units: "1y", "6w" (default: the scenario's).
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, allow_hyphen_values = true)]
    pub horizon: Option<f64>,

    /// Availability objective at every point: "99.99%" or 0.9999 (default: the scenario's).
    #[arg(long, value_name = "A", value_parser = parse::target, allow_hyphen_values = true)]
    pub target: Option<f64>,

    /// Confidence level of every interval: 0.95 or "99%" (default: the scenario's).
    #[arg(long, value_name = "C", value_parser = parse::confidence, allow_hyphen_values = true)]
    pub confidence: Option<f64>,

    /// Which values of the first key are cheaper, for the verdict: "lower" (fewer replicas:
    /// the smallest value meeting the target) or "higher" (slower repairs: the largest).
    /// Default: read from the results, as the direction in which availability falls.
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub cheaper: Option<Cheaper>,

    /// Worker threads; 0 uses one per core.
    #[arg(long, value_name = "T", default_value_t = 0, value_parser = parse::threads)]
    pub threads: usize,

    /// Estimator of every point: "plain" or "rare" (docs/rare-events.md). Overrides
    /// `[simulation] method`.
    #[arg(long, value_name = "METHOD", value_parser = parse::method)]
    pub method: Option<crate::model::Method>,

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

/// Which end of the first key's values is the cheaper one to build or run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Cheaper {
    /// Lower values cost less (replicas, crews): the verdict is the smallest meeting it.
    Lower,
    /// Higher values cost less (repair times, check intervals): the largest meeting it.
    Higher,
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
    // `modes[0]`, as messages write array elements, means the same as `modes.0`.
    let key = key.trim().replace('[', ".").replace(']', "");
    if key.split('.').any(str::is_empty) {
        return Err(format!(
            "\"{key}\" has an empty part; expected a dotted key such as components.app.count"
        ));
    }
    Ok(Sweep { key, values })
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

/// Sets `key` (dotted; a number steps into an array) to `value` in the document, creating
/// the last key if needed, and `[simulation]` if the file has none.
fn set(document: &mut DocumentMut, key: &str, value: &str) -> std::result::Result<(), String> {
    let segments: Vec<&str> = key.split('.').collect();
    let (last, parents) = segments.split_last().expect("split always yields one part");
    if parents == ["simulation"] && !document.contains_key("simulation") {
        document.insert("simulation", Item::Table(toml_edit::Table::new()));
    }
    let mut item = document.as_item_mut();
    for (i, segment) in parents.iter().enumerate() {
        let missing = |what: String| format!("--set {key}: the scenario has no {what}");
        let here = segments[..=i].join(".");
        item = match (segment.parse::<usize>(), item) {
            (Ok(index), Item::ArrayOfTables(array)) => {
                let len = array.len();
                let table = array.get_mut(index).ok_or_else(|| {
                    missing(format!(
                        "{here}: {} has {len} elements, numbered from 0",
                        segments[..i].join(".")
                    ))
                })?;
                // A table of an array is reached through its own item below.
                return set_in(table, key, &segments[i + 1..], value);
            }
            (Ok(index), Item::Value(Value::Array(array))) => {
                let len = array.len();
                let element = array.get_mut(index).ok_or_else(|| {
                    missing(format!(
                        "{here}: {} has {len} elements, numbered from 0",
                        segments[..i].join(".")
                    ))
                })?;
                let table = element
                    .as_inline_table_mut()
                    .ok_or_else(|| missing(format!("table at {here}")))?;
                return set_in(table, key, &segments[i + 1..], value);
            }
            (_, item) => {
                let table = item
                    .as_table_like_mut()
                    .ok_or_else(|| missing(format!("table {}", segments[..i].join("."))))?;
                if table.get(segment).is_none() {
                    let known: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
                    return Err(missing(format!(
                        "{here}{}",
                        if known.is_empty() {
                            String::new()
                        } else {
                            format!(" (there: {})", known.join(", "))
                        }
                    )));
                }
                table.get_mut(segment).expect("checked above")
            }
        };
    }
    let table = item
        .as_table_like_mut()
        .ok_or_else(|| format!("--set {key}: {} is not a table", parents.join(".")))?;
    table.insert(last, Item::Value(toml_value(value)));
    Ok(())
}

/// Continues [`set`] inside an array's table: `rest` is the path below it.
fn set_in(
    table: &mut dyn toml_edit::TableLike,
    key: &str,
    rest: &[&str],
    value: &str,
) -> std::result::Result<(), String> {
    let (last, parents) = rest
        .split_last()
        .ok_or_else(|| format!("--set {key}: name a key inside the array's element"))?;
    let mut table = table;
    for segment in parents {
        table = table
            .get_mut(segment)
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| format!("--set {key}: the scenario has no table {segment} there"))?;
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
    /// For each value of the second key (or once), the cheapest value of the first key
    /// meeting the target: the smallest or the largest, as `cheaper` says.
    pub cheapest_meeting_target: Vec<Cheapest>,
}

/// The smallest value of the first key meeting the target.
#[derive(Debug, Serialize)]
pub struct Smallest {
    /// The second key's value, if two keys are swept.
    pub with: Option<String>,
    /// The first key's smallest value meeting the target, if any.
    pub value: Option<String>,
}

/// The cheapest value of the first key meeting the target, and which way is cheaper.
#[derive(Debug, Serialize)]
pub struct Cheapest {
    /// The second key's value, if two keys are swept.
    pub with: Option<String>,
    /// The availability objective these points were held to (it is swept too, sometimes).
    pub target: f64,
    /// Which values of the first key are cheaper.
    pub cheaper: Cheaper,
    /// Whether `cheaper` was read from the results (availability falls towards the cheaper
    /// end) rather than given with --cheaper.
    pub inferred: bool,
    /// The first key's cheapest value meeting the target, if any.
    pub value: Option<String>,
}

/// Runs every point of the grid and prints the table.
pub fn execute(args: SweepArgs) -> Result<()> {
    if args.sets.len() > 2 {
        return Err(Error::Input(
            "--set can be given once or twice (a grid of two keys)".into(),
        ));
    }
    if let [a, b] = &args.sets[..] {
        if a.key == b.key {
            return Err(Error::Input(format!(
                "--set {} is given twice; list all its values in one --set ({}={},{}), or sweep two different keys",
                a.key,
                a.key,
                a.values.join(","),
                b.values.join(",")
            )));
        }
    }
    let shown = args.scenario.display().to_string();
    let source = scenario::read(&args.scenario)?;
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
    // Every point is built and checked before any is simulated, so a bad value at the last
    // point fails in a second rather than after the others have run.
    let mut grid = Vec::new();
    for with in &second_values {
        for value in &first.values {
            let mut doc = document.clone();
            set(&mut doc, &first.key, value).map_err(Error::Input)?;
            let mut values = vec![value.clone()];
            if let (Some(second), Some(with)) = (args.sets.get(1), with) {
                set(&mut doc, &second.key, with).map_err(Error::Input)?;
                values.push((*with).clone());
            }
            // Messages name the file and line as usual, then the point that broke it.
            let mut model =
                scenario::parse(&doc.to_string(), &shown, base, &stem).map_err(|e| {
                    let at = describe(&args.sets, &values);
                    let lines: Vec<String> = e
                        .to_string()
                        .lines()
                        .map(|l| format!("{l} (with {at})"))
                        .collect();
                    Error::Input(lines.join("\n"))
                })?;
            let settings = &mut model.settings;
            settings.trials = args.trials.unwrap_or(settings.trials);
            settings.seed = args.seed.unwrap_or(settings.seed);
            settings.horizon = args.horizon.unwrap_or(settings.horizon);
            settings.target = args.target.unwrap_or(settings.target);
            settings.confidence = args.confidence.unwrap_or(settings.confidence);
            settings.method = args.method.unwrap_or(settings.method);
            settings.importance_trials = Some(0);
            grid.push((values, model));
        }
    }
    // The output folder is checked (and its staging folder made) before simulating.
    let staging = args.out.as_deref().map(report::Staging::new).transpose()?;
    let mut points = Vec::new();
    for (values, model) in grid {
        let rule = args.precision.rule(model.settings.trials);
        let evaluation = evaluate(
            &model,
            args.threads,
            &describe(&args.sets, &values),
            &rule,
            None,
        )?;
        points.push(Point {
            values,
            summary: evaluation.summary,
        });
    }
    let per_group = first.values.len();
    let mut smallest = Vec::new();
    let mut cheapest = Vec::new();
    for (group, with) in points.chunks(per_group).zip(&second_values) {
        let ranked = rank(group);
        let meeting = || ranked.iter().filter(|(_, p)| p.summary.target.met);
        smallest.push(Smallest {
            with: with.cloned(),
            value: meeting().next().map(|(_, p)| p.values[0].clone()),
        });
        let (cheaper, inferred) = match args.cheaper {
            Some(cheaper) => (cheaper, false),
            None => (infer_cheaper(&first.key, &ranked), true),
        };
        let value = match cheaper {
            Cheaper::Lower => meeting().next(),
            Cheaper::Higher => meeting().next_back(),
        };
        cheapest.push(Cheapest {
            with: with.cloned(),
            target: group[0].summary.target.availability,
            cheaper,
            inferred,
            value: value.map(|(_, p)| p.values[0].clone()),
        });
    }
    let report = SweepReport {
        keys: args.sets.iter().map(|s| s.key.clone()).collect(),
        points,
        smallest_meeting_target: smallest,
        cheapest_meeting_target: cheapest,
    };
    // Results reach stdout before any file is written, so a failing --out loses nothing.
    print(&report::render_sweep(&report, args.format)?)?;
    if let Some(staging) = staging {
        report::write_sweep_report(staging.path(), &report, &numeric)?;
        staging.commit()?;
    }
    Ok(())
}

/// A group's points from the smallest value of the first key to the largest (values that are
/// not numbers keep the order given).
fn rank(group: &[Point]) -> Vec<(f64, &Point)> {
    let mut ranked: Vec<(usize, f64, &Point)> = group
        .iter()
        .enumerate()
        .map(|(order, p)| (order, numeric(&p.values[0]).unwrap_or(order as f64), p))
        .collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(_, rank, p)| (rank, p)).collect()
}

/// The cheaper end when the user did not say: the end where availability is lower (more
/// replicas cost more and give more; slower repairs cost less and give less). Swept
/// objectives are the exception: the highest one met is the interesting one.
fn infer_cheaper(key: &str, ranked: &[(f64, &Point)]) -> Cheaper {
    if key == "simulation.target" {
        return Cheaper::Higher;
    }
    match (ranked.first(), ranked.last()) {
        (Some((_, low)), Some((_, high)))
            if high.summary.availability.mean < low.summary.availability.mean =>
        {
            Cheaper::Higher
        }
        _ => Cheaper::Lower,
    }
}

fn describe(sets: &[Sweep], values: &[String]) -> String {
    sets.iter()
        .zip(values)
        .map(|(s, v)| format!("{}={v}", s.key))
        .collect::<Vec<_>>()
        .join(", ")
}
