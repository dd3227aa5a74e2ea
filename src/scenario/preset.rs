//! What a catalog preset means for a component beyond its failure and repair tables: the
//! refusal of presets that ship no number (or lack one the component needs), and the failover
//! success probability of a pair preset.

use super::path::{KeyPath, Problem};
use super::raw::RawComponent;
use crate::catalog::Preset;
use crate::model::Failover;

/// Refuses a preset that cannot stand for this component: one that ships no number (no public
/// figure exists), or one without a failure law when the component sets none either.
pub fn check_usable(preset: &Preset, raw: &RawComponent, path: &KeyPath) -> Result<(), Problem> {
    if let Some(what) = &preset.unavailable {
        return Err(Problem::at(
            &path.key("preset"),
            format!("preset \"{}\" ships no number: {what}", preset.name),
        ));
    }
    if preset.failure.is_none() && raw.failure.is_none() && raw.modes.is_none() {
        return Err(Problem::at(
            path,
            format!(
                "preset \"{}\" gives no failure law (its sources give none): set failure, such as failure = {{ dist = \"exponential\", rate = \"2/y\" }}",
                preset.name
            ),
        ));
    }
    Ok(())
}

/// The component's failover with the preset's success probability filled in where the
/// scenario sets none. A preset that gives one needs a failover table to give it to, and a
/// switchover that can fail needs a manual promotion time.
pub fn with_failover_success(
    preset: Option<&Preset>,
    raw: &RawComponent,
    failover: Option<Failover>,
    path: &KeyPath,
) -> Result<Option<Failover>, Problem> {
    let Some((name, success)) = preset.and_then(|p| Some((&p.name, p.failover_success?))) else {
        return Ok(failover);
    };
    let Some(mut failover) = failover else {
        return Err(Problem::at(
            &path.key("preset"),
            format!(
                "preset \"{name}\" describes a pair whose switchover works with probability {success}: add a [failover] table (count = 2) with manual, the time to promote the standby by hand"
            ),
        ));
    };
    if raw.failover.as_ref().is_some_and(|f| f.success.is_some()) {
        return Ok(Some(failover));
    }
    if failover.manual.is_none() {
        return Err(Problem::at(
            &path.key("failover"),
            format!(
                "preset \"{name}\" gives a switchover that fails (success {success}): set manual, how long an operator takes to promote the standby by hand, such as manual = {{ dist = \"lognormal\", median = \"20m\", p95 = \"2h\" }}"
            ),
        ));
    }
    failover.success = success;
    Ok(Some(failover))
}
