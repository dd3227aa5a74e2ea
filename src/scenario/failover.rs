//! `[components.NAME.failover]`: active instances with standbys behind them.

use std::path::Path;

use super::dists::compile_delay;
use super::path::{KeyPath, Problem};
use super::raw::RawFailover;
use super::values::{fraction, whole};
use crate::dist::Dist;
use crate::model::{Failover, OnRepair, Standby};

/// Compiles the failover table of a component with `count` instances.
pub fn compile(
    raw: &RawFailover,
    path: &KeyPath,
    count: usize,
    base: &Path,
) -> Result<Failover, Problem> {
    if count < 2 {
        return Err(Problem::at(
            path,
            "failover needs a standby: set count to at least 2 (count = active + standbys)",
        ));
    }
    let active = match raw.active {
        Some(active) => whole(&path.key("active"), active, 1, count as i64 - 1).map_err(|_| {
            Problem::at(
                &path.key("active"),
                format!(
                    "active ({active}) must be from 1 to count - 1 ({}), leaving at least one standby; without standbys, drop [failover]: every instance then serves",
                    count - 1
                ),
            )
        })?,
        None => 1,
    };
    let standby = match raw.standby.as_deref().unwrap_or("hot") {
        "hot" => Standby::Hot,
        "cold" => Standby::Cold,
        "warm" => {
            let factor_path = path.key("warm_factor");
            let value = raw.warm_factor.as_ref().ok_or_else(|| {
                Problem::at(
                    path,
                    "a warm standby needs warm_factor: its failure rate while idle, as a fraction of the active rate (such as 0.5)",
                )
            })?;
            Standby::Warm(fraction(&factor_path, value, false)?)
        }
        other => {
            return Err(Problem::at(
                &path.key("standby"),
                format!("unknown standby \"{other}\"; expected hot, warm or cold"),
            ))
        }
    };
    if raw.warm_factor.is_some() && !matches!(standby, Standby::Warm(_)) {
        return Err(Problem::at(
            &path.key("warm_factor"),
            "warm_factor applies only to standby = \"warm\"",
        ));
    }
    let delay =
        |key: &str, value: &Option<super::raw::RawDelay>| -> Result<Option<Dist>, Problem> {
            value
                .as_ref()
                .map(|raw| compile_delay(raw, &path.key(key), base))
                .transpose()
        };
    let required = |key: &str, what: &str, value| {
        delay(key, value)?.ok_or_else(|| {
            Problem::at(
                path,
                format!(
                    "failover needs {key}: {what}, such as {key} = \"30s\" or a distribution table"
                ),
            )
        })
    };
    let detection = required(
        "detection",
        "the time to notice a lost active",
        &raw.detection,
    )?;
    let switchover = required(
        "switchover",
        "the time to switch a standby into service",
        &raw.switchover,
    )?;
    let startup = match delay("startup", &raw.startup)? {
        Some(_) if standby == Standby::Hot => {
            return Err(Problem::at(
                &path.key("startup"),
                "a hot standby is already running: startup applies to warm and cold standbys",
            ))
        }
        Some(dist) => dist,
        None => Dist::fixed(0.0).expect("zero is a valid fixed delay"),
    };
    let success = match &raw.success {
        Some(value) => fraction(&path.key("success"), value, true)?,
        None => 1.0,
    };
    let manual = delay("manual", &raw.manual)?;
    if success < 1.0 && manual.is_none() {
        return Err(Problem::at(
            path,
            "a switchover that can fail needs manual: how long an operator takes to promote a standby by hand, such as manual = { dist = \"lognormal\", median = \"20m\", p95 = \"2h\" }",
        ));
    }
    let on_repair = match raw.on_repair.as_deref().unwrap_or("standby") {
        "standby" => OnRepair::Standby,
        "failback" => OnRepair::Failback,
        other => {
            return Err(Problem::at(
                &path.key("on_repair"),
                format!("unknown on_repair \"{other}\"; expected standby or failback"),
            ))
        }
    };
    Ok(Failover {
        active,
        standby,
        detection,
        switchover,
        startup,
        success,
        manual,
        monitored: raw.monitored.unwrap_or(true),
        on_repair,
        fails_to_start: super::inspection::fails_to_start(raw.fails_to_start.as_ref(), path)?,
    })
}
