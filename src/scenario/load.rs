//! `[load]` and `capacity`: demand over time and what each instance can serve.

use std::collections::BTreeMap;
use std::path::Path;

use super::path::{KeyPath, Problem};
use super::raw::{RawComponent, RawLoad, Scalar};
use crate::model::{CapacityPool, Component, Growth, Load, Peak};
use crate::units::{self, YEAR};

/// Longest horizon a load model is simulated over: the demand table holds every hour.
const MAX_YEARS: f64 = 20.0;

/// Cumulative days before each month of a 365-day year.
pub(super) const MONTH_START: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// Compiles `[load]` and every component's `capacity`; `None` without `[load]`. A component
/// with a capacity outside balanced groups is in series (`in_series`) or a member of one of
/// `pools`.
pub fn compile(
    raw: Option<&RawLoad>,
    raw_components: &BTreeMap<String, RawComponent>,
    components: &[Component],
    in_series: &[bool],
    pools: Vec<CapacityPool>,
    horizon: f64,
    base: &Path,
) -> Result<Option<Load>, Problem> {
    let Some(raw) = raw else {
        super::peak_need::compile(raw_components, &vec![None; components.len()], false)?;
        if let Some((name, _)) = raw_components.iter().find(|(_, c)| c.capacity.is_some()) {
            return Err(Problem::at(
                &KeyPath::root("components").key(name).key("capacity"),
                "capacity needs demand to compare with: add [load] with demand = \"... rps\"",
            ));
        }
        return Ok(None);
    };
    let path = KeyPath::root("load");
    let (demand, unit) = amount(&path.key("demand"), &raw.demand, None)?;
    if horizon > MAX_YEARS * YEAR {
        return Err(Problem::at(
            &KeyPath::root("simulation").key("horizon"),
            format!("a horizon of at most {MAX_YEARS} years with [load] (its demand table holds every hour)"),
        ));
    }
    let profile = profile(raw, &path, base)?;
    let peaks = raw
        .peaks
        .iter()
        .enumerate()
        .map(|(i, p)| peak(p, &path.key("peaks").index(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let growth = growth(raw, &path)?;
    let mut capacity = Vec::with_capacity(components.len());
    for (c, ((name, rc), component)) in raw_components.iter().zip(components).enumerate() {
        let Some(value) = &rc.capacity else {
            capacity.push(None);
            continue;
        };
        let key = KeyPath::root("components").key(name).key("capacity");
        // Outside a balanced group the instances up serve up to their capacity; the flow
        // is only defined where every request passes, or where a pool shares it out.
        let pooled = pools.iter().any(|p| p.members.contains(&c));
        if component.health_check.is_none()
            && !pooled
            && (!in_series[c] || component.failover.is_some())
        {
            return Err(Problem::at(
                &key,
                "capacity outside a balanced group needs the component in series on every request's path (reached from [system] through all = [...] blocks only) and without failover, or a member of a k-of-n or any block in series whose members all have capacity",
            ));
        }
        capacity.push(Some(amount(&key, value, Some(&unit))?.0));
    }
    let peak_need = super::peak_need::compile(raw_components, &capacity, true)?;
    Ok(Some(Load {
        peak_need,
        pools,
        unit,
        demand,
        profile,
        peaks,
        growth,
        capacity,
    }))
}

/// A positive amount with an optional unit ("12000 rps"); `unit`, when given, must match.
fn amount(path: &KeyPath, value: &Scalar, unit: Option<&str>) -> Result<(f64, String), Problem> {
    let (number, found) = match value {
        Scalar::Number(n) => (*n, String::new()),
        Scalar::Text(text) => {
            let text = text.trim();
            let split = text
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '_'))
                .unwrap_or(text.len());
            let number = text[..split].replace('_', "").parse::<f64>().map_err(|_| {
                Problem::at(
                    path,
                    format!("\"{text}\" is not an amount such as \"12000 rps\" or 12000"),
                )
            })?;
            (number, text[split..].trim().to_string())
        }
    };
    if !(number > 0.0 && number.is_finite()) {
        return Err(Problem::at(path, "must be a number greater than zero"));
    }
    if let Some(expected) = unit {
        if expected != found {
            return Err(Problem::at(
                path,
                format!("unit \"{found}\" differs from [load] demand's \"{expected}\"; use the same unit"),
            ));
        }
    }
    Ok((number, found))
}

fn profile(raw: &RawLoad, path: &KeyPath, base: &Path) -> Result<Vec<f64>, Problem> {
    let given = [
        raw.daily.is_some(),
        raw.weekly.is_some(),
        raw.profile.is_some(),
    ];
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(Problem::at(
            path,
            "give at most one of daily, weekly and profile",
        ));
    }
    let (key, values, expected) = match (&raw.daily, &raw.weekly, &raw.profile) {
        (Some(daily), _, _) => ("daily", daily.clone(), Some(24)),
        (_, Some(weekly), _) => ("weekly", weekly.clone(), Some(168)),
        (_, _, Some(file)) => {
            let values =
                read_csv(&base.join(file)).map_err(|e| Problem::at(&path.key("profile"), e))?;
            ("profile", values, None)
        }
        _ => return Ok(Vec::new()),
    };
    let key = path.key(key);
    if let Some(n) = expected {
        if values.len() != n {
            return Err(Problem::at(
                &key,
                format!("{} multipliers; expected {n}, one per hour", values.len()),
            ));
        }
    }
    if let Some(i) = values.iter().position(|v| !(*v >= 0.0 && v.is_finite())) {
        return Err(Problem::at(
            &key.index(i),
            format!("{} is not a multiplier of zero or more", values[i]),
        ));
    }
    Ok(values)
}

/// Reads hourly multipliers from a CSV file of `hour,multiplier` rows (a header allowed),
/// hours 0, 1, 2, ... in order.
fn read_csv(file: &Path) -> Result<Vec<f64>, String> {
    let shown = file.display();
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let mut values = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let parsed = match cells.as_slice() {
            [hour, value] => hour.parse::<usize>().ok().zip(value.parse::<f64>().ok()),
            _ => None,
        };
        match parsed {
            Some((hour, value)) if hour == values.len() => values.push(value),
            Some((hour, _)) => {
                return Err(format!(
                    "{shown} line {}: hour {hour}; expected hour {} (hours 0, 1, 2, ... in order)",
                    n + 1,
                    values.len()
                ))
            }
            None if n == 0 => {}
            None => {
                return Err(format!(
                    "{shown} line {}: \"{line}\" is not a row \"hour,multiplier\"",
                    n + 1
                ))
            }
        }
    }
    if values.is_empty() {
        return Err(format!("{shown} has no rows \"hour,multiplier\""));
    }
    Ok(values)
}

fn peak(raw: &super::raw::RawPeak, path: &KeyPath) -> Result<Peak, Problem> {
    let start = path.key("start");
    let (month, day) = raw
        .start
        .split_once('-')
        .and_then(|(m, d)| Some((m.parse::<usize>().ok()?, d.parse::<u32>().ok()?)))
        .filter(|(m, d)| (1..=12).contains(m) && *d >= 1 && *d <= 31)
        .ok_or_else(|| {
            Problem::at(
                &start,
                format!(
                    "\"{}\" is not a date \"MM-DD\" such as \"11-27\"",
                    raw.start
                ),
            )
        })?;
    let days = raw.days.unwrap_or(1);
    if !(1..=365).contains(&days) {
        return Err(Problem::at(
            &path.key("days"),
            format!("{days} is out of range; expected a whole number from 1 to 365"),
        ));
    }
    if !(raw.factor >= 0.0 && raw.factor.is_finite()) {
        return Err(Problem::at(
            &path.key("factor"),
            format!("{} is not a multiplier of zero or more", raw.factor),
        ));
    }
    Ok(Peak {
        first_day: MONTH_START[month - 1] + day - 1,
        days: days as u32,
        factor: raw.factor,
    })
}

fn growth(raw: &RawLoad, path: &KeyPath) -> Result<Option<Growth>, Problem> {
    let linear = match raw.growth_kind.as_deref() {
        None | Some("compound") => false,
        Some("linear") => true,
        Some(other) => {
            return Err(Problem::at(
                &path.key("growth_kind"),
                format!("\"{other}\" is not a kind of growth; expected \"compound\" or \"linear\""),
            ))
        }
    };
    let Some(text) = &raw.growth else {
        if raw.growth_kind.is_some() {
            return Err(Problem::at(
                &path.key("growth_kind"),
                "growth_kind without growth: add growth = \"40%/y\"",
            ));
        }
        return Ok(None);
    };
    let key = path.key("growth");
    let per_year = text
        .trim()
        .strip_suffix("/y")
        .map(str::trim)
        .and_then(|p| units::parse_percent(p).ok())
        .filter(|r| r.is_finite() && *r > -1.0)
        .ok_or_else(|| {
            Problem::at(
                &key,
                format!("\"{text}\" is not a growth per year such as \"40%/y\" (above -100%)"),
            )
        })?;
    Ok(Some(Growth {
        rate: per_year,
        linear,
    }))
}
