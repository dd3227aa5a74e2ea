//! The durability keys of `[data.NAME]`: redundancy, placement, per-disk size, fragment
//! rebuilds, destructive failure modes and storage price (docs/durability.md).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::dists::compile_delay;
use super::path::{KeyPath, Problem};
use super::raw::{RawDataSet, RawDelay, Scalar};
use crate::model::{instance_in, Component, ComponentId, Destructive, Durability, Spread, Stripes};
use crate::units;

/// `redundancy = { replicas = r }` or `{ data = k, parity = m }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedundancy {
    /// Full copies.
    pub replicas: Option<i64>,
    /// Data fragments of an erasure code.
    pub data: Option<i64>,
    /// Parity fragments of an erasure code.
    pub parity: Option<i64>,
}

/// `placement = { spread = "zone", stripes = 5000 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlacement {
    /// The storing component ("disk" also names it), or a component it depends on.
    pub spread: Option<String>,
    /// A number of stripes, or "all" (declustered).
    pub stripes: Option<RawStripes>,
}

/// `stripes = 5000` or `stripes = "all"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawStripes {
    /// A count.
    Count(i64),
    /// "all".
    Word(String),
}

/// `fragment_rebuild = { throughput = "200MB/s", concurrent = 4 }` or `{ time = ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFragmentRebuild {
    /// Rebuild speed: the time is `per_disk / throughput`.
    pub throughput: Option<String>,
    /// Rebuild time: a duration or a distribution table.
    pub time: Option<RawDelay>,
    /// Rebuilds at once over the data set.
    pub concurrent: Option<i64>,
}

/// Whether `raw` uses any durability key (then `redundancy` is required).
fn asks_for_durability(raw: &RawDataSet) -> Option<&'static str> {
    [
        ("placement", raw.placement.is_some()),
        ("per_disk", raw.per_disk.is_some()),
        ("fragment_rebuild", raw.fragment_rebuild.is_some()),
        ("destructive_modes", raw.destructive_modes.is_some()),
        ("cost_per_tb_month", raw.cost_per_tb_month.is_some()),
    ]
    .into_iter()
    .find_map(|(key, set)| set.then_some(key))
}

/// Compiles the durability keys of one data set; `None` without `redundancy`.
pub fn compile(
    raw: &RawDataSet,
    path: &KeyPath,
    stored_on: ComponentId,
    size: f64,
    components: &BTreeMap<&str, ComponentId>,
    compiled: &[Component],
    base: &Path,
) -> Result<Option<Durability>, Problem> {
    let Some(redundancy) = &raw.redundancy else {
        return match asks_for_durability(raw) {
            Some(key) => Err(Problem::at(
                &path.key(key),
                "durability keys need redundancy, such as redundancy = { replicas = 3 } or { data = 6, parity = 3 }",
            )),
            None => Ok(None),
        };
    };
    let (data, parity, replicas) = redundancy_of(redundancy, &path.key("redundancy"))?;
    let width = data + parity;
    let devices = compiled[stored_on].count;
    let placement = raw.placement.as_ref();
    let spread_path = path.key("placement").key("spread");
    let spread = match placement.and_then(|p| p.spread.as_deref()) {
        None | Some("disk") => Spread::Device,
        Some(name) => spread_of(name, &spread_path, stored_on, components, compiled)?,
    };
    let domains = match spread {
        Spread::Device => devices,
        Spread::Domain(c) => {
            let mut seen: Vec<usize> = (0..devices)
                .filter_map(|i| instance_in(compiled, stored_on, i, c))
                .collect();
            seen.sort_unstable();
            seen.dedup();
            seen.len()
        }
    };
    if domains < width {
        let (key, what) = match spread {
            Spread::Device => (path.key("redundancy"), "devices".to_string()),
            Spread::Domain(c) => (
                spread_path.clone(),
                format!("instances of \"{}\" holding devices", compiled[c].name),
            ),
        };
        return Err(Problem::at(
            &key,
            format!(
                "a stripe of {width} fragments needs {width} distinct domains, but there are only {domains} {what}; lower the redundancy, add devices, or spread over a smaller domain"
            ),
        ));
    }
    let stripes_path = path.key("placement").key("stripes");
    let stripes = match placement.and_then(|p| p.stripes.as_ref()) {
        None => Stripes::All,
        Some(RawStripes::Word(w)) if w == "all" => Stripes::All,
        Some(RawStripes::Word(w)) => {
            return Err(Problem::at(
                &stripes_path,
                format!("\"{w}\" is not a number of stripes; expected a whole number of at least 1, or \"all\""),
            ))
        }
        Some(RawStripes::Count(n)) => {
            Stripes::Count(super::values::whole(&stripes_path, *n, 1, 10_000_000)?)
        }
    };
    let per_disk = match &raw.per_disk {
        Some(text) => {
            let bytes =
                units::parse_size(text).map_err(|e| Problem::at(&path.key("per_disk"), e))?;
            if bytes <= 0.0 {
                return Err(Problem::at(
                    &path.key("per_disk"),
                    "per_disk must be above zero, such as \"8TB\"",
                ));
            }
            bytes
        }
        // Fragments spread evenly: raw bytes over the devices.
        None => size * width as f64 / data as f64 / devices as f64,
    };
    let rebuild_path = path.key("fragment_rebuild");
    let Some(rebuild) = &raw.fragment_rebuild else {
        return Err(Problem::at(
            path,
            "durability needs fragment_rebuild: how long a destroyed device's fragments take to rebuild, such as fragment_rebuild = { throughput = \"200MB/s\" } or { time = \"24h\" }",
        ));
    };
    let time = match (&rebuild.throughput, &rebuild.time) {
        (Some(text), None) => {
            let key = rebuild_path.key("throughput");
            let speed = units::parse_throughput(text).map_err(|e| Problem::at(&key, e))?;
            if !(speed > 0.0 && speed.is_finite()) {
                return Err(Problem::at(&key, "the throughput must be above zero"));
            }
            crate::dist::Dist::fixed(per_disk / speed).map_err(|e| Problem::at(&key, e.message))?
        }
        (None, Some(delay)) => compile_delay(delay, &rebuild_path.key("time"), base)?,
        _ => {
            return Err(Problem::at(
                &rebuild_path,
                "give either throughput (time = per_disk / throughput) or time (a duration or a distribution), not both or neither",
            ))
        }
    };
    let concurrent = match rebuild.concurrent {
        None => usize::MAX,
        Some(n) => super::values::whole(&rebuild_path.key("concurrent"), n, 1, i64::MAX)?,
    };
    let destructive = destructive_of(
        raw.destructive_modes.as_deref(),
        &path.key("destructive_modes"),
        stored_on,
        components,
        compiled,
    )?;
    let cost_per_tb_month = raw
        .cost_per_tb_month
        .as_ref()
        .map(|value| match value {
            Scalar::Number(n) if *n >= 0.0 && n.is_finite() => Ok(*n),
            _ => Err(Problem::at(
                &path.key("cost_per_tb_month"),
                "expected a price per raw terabyte-month, a number of at least 0 such as 20.0",
            )),
        })
        .transpose()?;
    Ok(Some(Durability {
        data,
        parity,
        replicas,
        spread,
        stripes,
        per_disk,
        rebuild: time,
        concurrent,
        destructive,
        cost_per_tb_month,
    }))
}

fn redundancy_of(raw: &RawRedundancy, path: &KeyPath) -> Result<(usize, usize, bool), Problem> {
    match (raw.replicas, raw.data, raw.parity) {
        (Some(r), None, None) => {
            let r = super::values::whole(&path.key("replicas"), r, 1, 64)?;
            Ok((1, r - 1, true))
        }
        (None, Some(k), Some(m)) => Ok((
            super::values::whole(&path.key("data"), k, 1, 255)?,
            super::values::whole(&path.key("parity"), m, 0, 64)?,
            false,
        )),
        _ => Err(Problem::at(
            path,
            "expected { replicas = r } or { data = k, parity = m }",
        )),
    }
}

fn spread_of(
    name: &str,
    path: &KeyPath,
    stored_on: ComponentId,
    components: &BTreeMap<&str, ComponentId>,
    compiled: &[Component],
) -> Result<Spread, Problem> {
    let reachable = |c: ComponentId| instance_in(compiled, stored_on, 0, c).is_some();
    match components.get(name) {
        Some(&c) if c == stored_on => Ok(Spread::Device),
        Some(&c) if reachable(c) => Ok(Spread::Domain(c)),
        _ => {
            let valid: Vec<&str> = components
                .iter()
                .filter(|(_, &c)| c != stored_on && reachable(c))
                .map(|(n, _)| *n)
                .collect();
            Err(Problem::at(
                path,
                format!(
                    "\"{name}\" is not a spread: expected \"disk\" (or \"{}\", the storing component){}",
                    compiled[stored_on].name,
                    if valid.is_empty() {
                        String::new()
                    } else {
                        format!(" or a component it depends on: {}", valid.join(", "))
                    }
                ),
            ))
        }
    }
}

fn destructive_of(
    raw: Option<&[String]>,
    path: &KeyPath,
    stored_on: ComponentId,
    components: &BTreeMap<&str, ComponentId>,
    compiled: &[Component],
) -> Result<Vec<Destructive>, Problem> {
    let Some(names) = raw else {
        return Ok((0..compiled[stored_on].modes.len())
            .map(|mode| Destructive {
                component: stored_on,
                mode,
            })
            .collect());
    };
    names
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let at = path.index(i);
            let (component, mode) = match entry.split_once('.') {
                Some((c, m)) => match components.get(c) {
                    Some(&id) if instance_in(compiled, stored_on, 0, id).is_some() => (id, m),
                    _ => {
                        return Err(Problem::at(
                            &at,
                            format!(
                                "\"{c}\" is neither \"{}\" nor a component it depends on; expected \"MODE\" or \"COMPONENT.MODE\"",
                                compiled[stored_on].name
                            ),
                        ))
                    }
                },
                None => (stored_on, entry.as_str()),
            };
            let modes = &compiled[component].modes;
            match modes.iter().position(|m| m.name == mode) {
                Some(mode) => Ok(Destructive { component, mode }),
                None => Err(Problem::at(
                    &at,
                    format!(
                        "\"{}\" has no failure mode \"{mode}\"; its modes: {}",
                        compiled[component].name,
                        modes
                            .iter()
                            .map(|m| m.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        })
        .collect()
}
