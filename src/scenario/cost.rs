//! `[cost]`: prices of instances, stored data and backups, fixed items (a zone's or a
//! region's own bill), downtime and SLA credits, compiled into [`Cost`] once the rest of the
//! model is known (counts and sizes price the infrastructure).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::path::{KeyPath, Problem};
use crate::model::cost::{Cost, CostItem, DowntimePrice};
use crate::model::{BackupKind, Load, Model};
use crate::units::{self, YEAR};

/// `[cost]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawCost {
    /// Price of downtime: "$2000/min", or per lost request: "$0.002/request".
    pub downtime: Option<String>,
    /// Requests offered, for a per-request downtime price: "1200 rps", "5000/min".
    pub requests: Option<String>,
    /// The fee SLA credits are shares of: "$20000/month".
    pub sla_fee: Option<String>,
    /// Per component: `per_instance = "$0.20/h"`.
    #[serde(default)]
    pub components: BTreeMap<String, RawComponentCost>,
    /// Per data set: `stored = "$23/TB-month"`, `backups = "$5/TB-month"`.
    #[serde(default)]
    pub data: BTreeMap<String, RawDataCost>,
    /// Fixed items by name (a zone's network, a support contract): "$500/month".
    #[serde(default)]
    pub fixed: BTreeMap<String, String>,
}

/// `[cost.components.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponentCost {
    /// Price of one instance over time: "$0.20/h", "$150/month", "$1800/y".
    pub per_instance: String,
}

/// `[cost.data.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataCost {
    /// Price of storing the data set, per replica: "$23/TB-month".
    pub stored: Option<String>,
    /// Price of storing the retained backups: "$5/TB-month".
    pub backups: Option<String>,
}

const MONEY_HELP: &str =
    "an amount per time such as \"$2000/min\", \"$0.20/h\", \"$150/month\" or \"$1800/y\"";
const STORAGE_HELP: &str = "an amount per stored size and time such as \"$23/TB-month\"";
const REQUESTS_HELP: &str = "a request rate such as \"1200 rps\" or \"5000/min\"";

/// Compiles `[cost]` against the finished model; `None` without a `[cost]` table.
pub fn compile(raw: Option<&RawCost>, model: &Model) -> Result<Option<Cost>, Problem> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let path = KeyPath::root("cost");
    let mut items = Vec::new();
    for (name, c) in &raw.components {
        let at = path.key("components").key(name);
        let component = model
            .components
            .iter()
            .find(|x| x.name == *name)
            .ok_or_else(|| {
                unknown(
                    &at,
                    "component",
                    name,
                    model.components.iter().map(|c| &c.name),
                )
            })?;
        let per_hour = per_hour(&at.key("per_instance"), &c.per_instance)?;
        items.push(CostItem {
            name: format!("components.{name}"),
            per_year: per_hour * YEAR * component.count as f64,
        });
    }
    for (name, d) in &raw.data {
        let at = path.key("data").key(name);
        let set =
            model.data.iter().find(|x| x.name == *name).ok_or_else(|| {
                unknown(&at, "data set", name, model.data.iter().map(|d| &d.name))
            })?;
        if let Some(stored) = &d.stored {
            let replicas = model.components[set.stored_on].count as f64;
            items.push(CostItem {
                name: format!("data.{name}.stored"),
                per_year: per_byte_hour(&at.key("stored"), stored)? * set.size * replicas * YEAR,
            });
        }
        if let Some(backups) = &d.backups {
            // Each schedule keeps retention / every backups; an incremental or differential
            // one holds its own interval's changes (a differential's later copies hold more:
            // this is its lower bound).
            let bytes: f64 = set
                .backups
                .iter()
                .map(|b| {
                    let each = match b.kind {
                        BackupKind::Full => set.size,
                        BackupKind::Incremental | BackupKind::Differential => {
                            set.changed_bytes(b.every)
                        }
                    };
                    each * (b.retention / b.every).max(1.0)
                })
                .sum();
            items.push(CostItem {
                name: format!("data.{name}.backups"),
                per_year: per_byte_hour(&at.key("backups"), backups)? * bytes * YEAR,
            });
        }
    }
    for (name, price) in &raw.fixed {
        items.push(CostItem {
            name: format!("fixed.{name}"),
            per_year: per_hour(&path.key("fixed").key(name), price)? * YEAR,
        });
    }
    let downtime = raw
        .downtime
        .as_deref()
        .map(|text| downtime_price(&path, text, raw.requests.as_deref(), model))
        .transpose()?;
    if raw.requests.is_some() && !matches!(downtime, Some(DowntimePrice::PerRequest { .. })) {
        return Err(Problem::at(
            &path.key("requests"),
            "requests price lost requests; give downtime per request too, such as downtime = \"$0.002/request\"",
        ));
    }
    let fee_per_window = match (&raw.sla_fee, model.sla.credits.is_empty()) {
        (Some(fee), _) => Some(per_hour(&path.key("sla_fee"), fee)? * model.sla.window),
        (None, false) => {
            return Err(Problem::at(
                &path.key("sla_fee"),
                "the SLA has credit tiers: give the fee they are shares of, such as sla_fee = \"$20000/month\"",
            ))
        }
        (None, true) => None,
    };
    Ok(Some(Cost {
        items,
        downtime,
        fee_per_window,
    }))
}

fn unknown<'a>(
    at: &KeyPath,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a String>,
) -> Problem {
    let known: Vec<&str> = known.map(String::as_str).collect();
    Problem::at(
        at,
        format!("no {what} is named \"{name}\"; known: {}", known.join(", ")),
    )
}

/// Splits "$2000/min" into the amount and what it is per; `None` where it is not money.
fn split(text: &str) -> Option<(f64, &str)> {
    let (amount, per) = text.trim().split_once('/')?;
    let amount = amount
        .trim()
        .trim_start_matches('$')
        .trim()
        .replace(',', "");
    let amount: f64 = amount
        .parse()
        .ok()
        .filter(|a: &f64| a.is_finite() && *a >= 0.0)?;
    Some((amount, per.trim()))
}

/// Hours in one `unit`: "min", "h", "hour", "month", "y", "2w".
fn hours_in(unit: &str) -> Option<f64> {
    let unit = match unit {
        "minute" => "min",
        "hour" | "hr" => "h",
        "day" => "d",
        "week" => "w",
        "month" => "mo",
        "year" | "yr" => "y",
        other => other,
    };
    let text = if unit.starts_with(|c: char| c.is_ascii_digit()) {
        unit.to_string()
    } else {
        format!("1{unit}")
    };
    units::parse_duration(&text).ok().filter(|h| *h > 0.0)
}

/// Money per hour from "$150/month" and the like.
fn per_hour(at: &KeyPath, text: &str) -> Result<f64, Problem> {
    split(text)
        .and_then(|(amount, per)| hours_in(per).map(|h| amount / h))
        .ok_or_else(|| Problem::at(at, format!("\"{text}\" is not {MONEY_HELP}")))
}

/// Money per byte stored for an hour, from "$23/TB-month".
fn per_byte_hour(at: &KeyPath, text: &str) -> Result<f64, Problem> {
    split(text)
        .and_then(|(amount, per)| {
            let (size, time) = per.split_once('-')?;
            let bytes = units::parse_size(&format!("1{}", size.trim())).ok()?;
            let hours = hours_in(time.trim())?;
            (bytes > 0.0).then(|| amount / bytes / hours)
        })
        .ok_or_else(|| Problem::at(at, format!("\"{text}\" is not {STORAGE_HELP}")))
}

/// Requests per hour offered on average over the horizon by `[load]`: its mean demand, in
/// its unit, which must be a request rate. Every trial offers the same demand, so the
/// demand-weighted request availability times this rate gives the requests lost exactly.
fn load_requests_per_hour(at: &KeyPath, load: &Load, horizon: f64) -> Result<f64, Problem> {
    load.requests_per_hour(horizon).ok_or_else(|| {
        Problem::at(
            at,
            format!(
                "a per-request price reads the requests offered from [load], whose demand is in \"{}\", not a request rate such as \"rps\" or \"/min\"",
                load.unit
            ),
        )
    })
}

/// Requests per hour from "1200 rps" or "5000/min".
fn requests_per_hour(at: &KeyPath, text: &str) -> Result<f64, Problem> {
    let trimmed = text.trim();
    let parsed = if let Some(n) = trimmed.strip_suffix("rps") {
        n.trim().parse::<f64>().ok().map(|n| n * 3600.0)
    } else {
        split(trimmed).and_then(|(n, per)| hours_in(per).map(|h| n / h))
    };
    parsed
        .filter(|r| r.is_finite() && *r > 0.0)
        .ok_or_else(|| Problem::at(at, format!("\"{text}\" is not {REQUESTS_HELP}")))
}

/// How many requests a price is for: "request", "1000 requests", "1,000 req".
fn requests_priced(per: &str) -> Option<f64> {
    let (count, word) = match per.split_once(char::is_whitespace) {
        Some((count, word)) => (count.replace(',', "").parse::<f64>().ok()?, word.trim()),
        None => (1.0, per),
    };
    (matches!(word, "request" | "requests" | "req") && count.is_finite() && count >= 1.0)
        .then_some(count)
}

fn downtime_price(
    path: &KeyPath,
    text: &str,
    requests: Option<&str>,
    model: &Model,
) -> Result<DowntimePrice, Problem> {
    let at = path.key("downtime");
    match split(text).and_then(|(price, per)| Some((price, requests_priced(per)?))) {
        Some((price, count)) => {
            let requests_per_hour = match (requests, &model.load) {
                (Some(_), Some(_)) => {
                    return Err(Problem::at(
                        &path.key("requests"),
                        "[load] gives the requests offered hour by hour; leave out requests",
                    ))
                }
                (Some(requests), None) => requests_per_hour(&path.key("requests"), requests)?,
                (None, Some(load)) => load_requests_per_hour(&at, load, model.settings.horizon)?,
                (None, None) => {
                    return Err(Problem::at(
                        &path.key("requests"),
                        "a per-request downtime price needs the requests offered, such as requests = \"1200 rps\", or [load]",
                    ))
                }
            };
            Ok(DowntimePrice::PerRequest {
                price: price / count,
                requests_per_hour,
                from_load: model.load.is_some(),
            })
        }
        _ => per_hour(&at, text)
            .map(DowntimePrice::PerHour)
            .map_err(|_| {
                Problem::at(
                    &at,
                    format!("\"{text}\" is not {MONEY_HELP} of downtime, nor a price per lost request such as \"$0.002/request\""),
                )
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_convert_to_per_hour_exactly() {
        let at = KeyPath::root("cost");
        assert_eq!(per_hour(&at, "$2000/min").unwrap(), 120_000.0);
        assert_eq!(per_hour(&at, "$1,800/y").unwrap(), 1800.0 / YEAR);
        assert_eq!(per_hour(&at, "$150/month").unwrap(), 150.0 / (YEAR / 12.0));
        assert_eq!(per_hour(&at, "0.5/h").unwrap(), 0.5);
        assert_eq!(
            per_byte_hour(&at, "$23/TB-month").unwrap(),
            23.0 / 1e12 / (YEAR / 12.0)
        );
        assert_eq!(requests_per_hour(&at, "1200 rps").unwrap(), 1200.0 * 3600.0);
        for bad in ["$20", "$-3/h", "$3/parsec", "free/h"] {
            assert!(per_hour(&at, bad).is_err(), "{bad}");
        }
        assert!(per_byte_hour(&at, "$23/month").is_err());
    }
}
