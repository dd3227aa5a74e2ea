//! `[components.NAME.health_check]`: a load balancer's checks of a backend group.

use std::collections::BTreeMap;

use super::path::{KeyPath, Problem};
use super::raw::RawHealthCheck;
use super::values::{positive_duration, whole};
use crate::model::{ComponentId, HealthCheck};

/// Compiles a health-check table; `path` is the table's.
pub fn compile(
    raw: &RawHealthCheck,
    path: &KeyPath,
    components: &BTreeMap<&str, ComponentId>,
) -> Result<HealthCheck, Problem> {
    let balancer = *components.get(raw.balancer.as_str()).ok_or_else(|| {
        Problem::at(
            &path.key("balancer"),
            format!(
                "unknown component \"{}\": name the load balancer in front of this group",
                raw.balancer
            ),
        )
    })?;
    let threshold = |key: &str, value: Option<i64>, default: u32| -> Result<u32, Problem> {
        value.map_or(Ok(default), |v| {
            whole(&path.key(key), v, 1, 1000).map(|v| v as u32)
        })
    };
    Ok(HealthCheck {
        balancer,
        interval: positive_duration(&path.key("interval"), &raw.interval)?,
        unhealthy_threshold: threshold("unhealthy_threshold", raw.unhealthy_threshold, 3)?,
        healthy_threshold: threshold("healthy_threshold", raw.healthy_threshold, 2)?,
    })
}
