//! `[components.NAME.maintenance]`: planned maintenance windows.

use std::path::Path;

use super::dists::compile_delay;
use super::path::{KeyPath, Problem};
use super::raw::RawMaintenance;
use super::values::{duration, positive_duration};
use crate::model::{Maintenance, MaintenanceStrategy};

/// Compiles a component's maintenance table; `path` is the table's.
pub fn compile(raw: &RawMaintenance, path: &KeyPath, base: &Path) -> Result<Maintenance, Problem> {
    let every = positive_duration(&path.key("every"), &raw.every)?;
    let start = raw
        .start
        .as_ref()
        .map(|value| duration(&path.key("start"), value))
        .transpose()?;
    let duration = compile_delay(&raw.duration, &path.key("duration"), base)?;
    // A window of no time does nothing, and a rolling one that cannot spare an instance
    // waits one duration before trying again: with zero, forever at one instant.
    if duration.mean() <= 0.0 {
        return Err(Problem::at(
            &path.key("duration"),
            "a maintenance window needs a mean duration above zero",
        ));
    }
    let strategy = match raw.strategy.as_deref().unwrap_or("rolling") {
        "rolling" => MaintenanceStrategy::Rolling,
        "all" => MaintenanceStrategy::AllAtOnce,
        other => {
            return Err(Problem::at(
                &path.key("strategy"),
                format!("unknown strategy \"{other}\"; expected rolling or all"),
            ))
        }
    };
    if strategy == MaintenanceStrategy::AllAtOnce && duration.mean() >= every {
        return Err(Problem::at(
            &path.key("duration"),
            "windows would overlap: the mean duration must be shorter than every",
        ));
    }
    Ok(Maintenance {
        every,
        start,
        duration,
        strategy,
    })
}
