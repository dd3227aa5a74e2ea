//! `[phases.failure]` and `[phases.repair]`: a law that replaces a component's own failure
//! or repair distribution while a phase holds (not only scales it).

use std::collections::BTreeMap;
use std::path::Path;

use super::path::{KeyPath, Problem};
use super::raw::RawDist;
use crate::dist::Dist;
use crate::model::{Component, ComponentId};

/// Which law a table replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Law {
    /// Time to failure (`[phases.failure]`).
    Failure,
    /// Repair time (`[phases.repair]`).
    Repair,
}

impl Law {
    fn key(self) -> &'static str {
        match self {
            Law::Failure => "failure",
            Law::Repair => "repair",
        }
    }

    fn factor_key(self) -> &'static str {
        match self {
            Law::Failure => "failure_factor",
            Law::Repair => "repair_factor",
        }
    }
}

/// The replaced laws of one phase by component (`None`: the component's own), from the
/// phase's table at `path`; `factors` are the phase's factors of the same kind, which may
/// not be given for a component whose law is replaced.
pub fn compile(
    raw: &BTreeMap<String, RawDist>,
    path: &KeyPath,
    law: Law,
    component_ids: &BTreeMap<&str, ComponentId>,
    components: &[Component],
    factors: &[f64],
    base: &Path,
) -> Result<Vec<Option<Dist>>, Problem> {
    let mut out = vec![None; components.len()];
    for (name, raw_dist) in raw {
        let at = path.key(name);
        let &c = component_ids.get(name.as_str()).ok_or_else(|| {
            let known: Vec<&str> = component_ids.keys().copied().collect();
            Problem::at(
                &at,
                format!(
                    "\"{name}\" is not a component; expected one of {}",
                    known.join(", ")
                ),
            )
        })?;
        let dist = super::dists::compile(raw_dist, &at, base)?;
        if factors[c] != 1.0 {
            return Err(Problem::at(
                &at,
                format!(
                    "the phase also gives {} {} for \"{name}\"; a phase replaces a component's {} law or scales it, not both: drop one",
                    law.factor_key(),
                    factors[c],
                    law.key()
                ),
            ));
        }
        if law == Law::Failure {
            check_failure(&at, name, &components[c], &dist)?;
        }
        out[c] = Some(dist);
    }
    Ok(out)
}

/// A failure law may replace another only where a running clock's remaining life can be
/// redrawn given its age, under both laws (at the phase's start and at its end): one
/// failure mode, and laws with a density.
fn check_failure(
    at: &KeyPath,
    name: &str,
    component: &Component,
    dist: &Dist,
) -> Result<(), Problem> {
    if component.modes.len() != 1 {
        return Err(Problem::at(
            at,
            format!(
                "\"{name}\" has {} failure modes; a phase replaces the failure law of a component with one (use failure_factor for the others)",
                component.modes.len()
            ),
        ));
    }
    let continuous = "exponential, weibull, lognormal, gamma or uniform";
    if !dist.is_continuous() {
        return Err(Problem::at(
            at,
            format!(
                "a phase's failure law must have a density ({continuous}): a running clock's remaining life is redrawn given its age at the boundary"
            ),
        ));
    }
    if !component.modes[0].failure.is_continuous() {
        return Err(Problem::at(
            at,
            format!(
                "\"{name}\"'s own failure law is fixed or empirical; a phase can replace only a law with a density ({continuous}), redrawn given the age at each boundary"
            ),
        ));
    }
    Ok(())
}
