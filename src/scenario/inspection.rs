//! `[components.NAME.inspection]`, `hidden` failure modes, `age_while_down` (per component
//! or under `[simulation]`) and the failover's `fails_to_start`.

use std::path::Path;

use serde::Deserialize;

use super::dists::compile_delay;
use super::path::{KeyPath, Problem};
use super::raw::{RawComponent, RawDelay, RawScenario, Scalar};
use super::values::{duration, fraction, positive_duration};
use crate::dist::Dist;
use crate::model::{Component, Failover, FailureMode, Inspection};

/// `[components.NAME.inspection]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInspection {
    /// Time between inspections.
    pub every: Scalar,
    /// When the first inspection begins (default: one `every` after the start).
    pub start: Option<Scalar>,
    /// How long an inspection lasts (default: no time).
    pub duration: Option<RawDelay>,
    /// Whether the component is down while inspected (default: false).
    pub takes_down: Option<bool>,
    /// Probability an inspection finds a hidden fault (default: 100%).
    pub finds: Option<Scalar>,
}

/// Compiles a component's inspection table; `path` is the table's.
fn compile_inspection(
    raw: &RawInspection,
    path: &KeyPath,
    base: &Path,
) -> Result<Inspection, Problem> {
    let every = positive_duration(&path.key("every"), &raw.every)?;
    let start = match &raw.start {
        Some(value) => duration(&path.key("start"), value)?,
        None => every,
    };
    let duration = match &raw.duration {
        Some(raw) => compile_delay(raw, &path.key("duration"), base)?,
        None => Dist::fixed(0.0).expect("zero is a valid fixed delay"),
    };
    let takes_down = raw.takes_down.unwrap_or(false);
    if duration.mean() >= every {
        return Err(Problem::at(
            &path.key("duration"),
            "inspections would overlap: the mean duration must be shorter than every",
        ));
    }
    if takes_down && duration.mean() <= 0.0 {
        return Err(Problem::at(
            &path.key("takes_down"),
            "an inspection of no time takes nothing down: give a duration, or drop takes_down",
        ));
    }
    let finds = match &raw.finds {
        Some(value) => fraction(&path.key("finds"), value, true)?,
        None => 1.0,
    };
    Ok(Inspection {
        every,
        start,
        duration,
        takes_down,
        finds,
    })
}

/// A component's inspections, checked against its modes and failover: a hidden failure must
/// have something that finds it, and an inspection something to find.
pub fn compile(
    raw: &RawComponent,
    path: &KeyPath,
    modes: &[FailureMode],
    failover: Option<&Failover>,
    base: &Path,
) -> Result<Option<Inspection>, Problem> {
    if raw.hidden.is_some() && raw.modes.is_some() {
        return Err(Problem::at(
            &path.key("hidden"),
            "with [[modes]], say it in each mode's own table: hidden = true",
        ));
    }
    let inspection = raw
        .inspection
        .as_ref()
        .map(|i| compile_inspection(i, &path.key("inspection"), base))
        .transpose()?;
    let hidden = modes.iter().find(|m| m.hidden);
    let latent_standbys = failover.is_some_and(|f| !f.monitored);
    match (&inspection, hidden) {
        (None, Some(mode)) if failover.is_none() => Err(Problem::at(
            path,
            format!(
                "failure mode \"{}\" is hidden but nothing would ever find it: add [components.NAME.inspection] with every = \"...\" (or make it a failover group, whose demands find it)",
                mode.name
            ),
        )),
        (Some(_), None) if !latent_standbys => Err(Problem::at(
            &path.key("inspection"),
            "an inspection finds hidden failures, and this component has none: mark a failure mode hidden = true (or set failover.monitored = false), or use [maintenance] for planned downtime",
        )),
        _ => Ok(inspection),
    }
}

/// The failover's `fails_to_start`: the probability per demand, 0 when not given.
pub fn fails_to_start(value: Option<&Scalar>, path: &KeyPath) -> Result<f64, Problem> {
    value
        .map(|v| fraction(&path.key("fails_to_start"), v, false))
        .transpose()
        .map(|p| p.unwrap_or(0.0))
}

/// Applies `[simulation] age_while_down` to the components that do not set their own.
/// `components` are compiled from `raw.components`, in the same order.
pub fn apply_global_ageing(components: &mut [Component], raw: &RawScenario) {
    let global = raw.simulation.age_while_down.unwrap_or(true);
    for (component, raw_component) in components.iter_mut().zip(raw.components.values()) {
        component.age_while_down = raw_component.age_while_down.unwrap_or(global);
    }
}
