//! `[[phases]]`: operational phases over the year, checked and flattened by component.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::load::MONTH_START;
use super::path::{KeyPath, Problem};
use super::phase_laws::Law;
use super::raw::{RawComponent, RawDist, RawNeed, Scalar};
use super::values::{duration, positive_duration};
use crate::model::phase_sets::{Conflict, Contested, MAX_PHASES};
use crate::model::phases::{PhaseWhen, Phases, NORMAL};
use crate::model::{Component, ComponentId, Model};
use crate::units::{format_duration, YEAR};

/// Days in each month of a 365-day year.
const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A factor for every component (`2.0`) or by component name (`{ app = 2.0 }`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum RawFactor {
    /// One factor for every component.
    All(f64),
    /// A factor per named component; the others keep 1.
    Each(BTreeMap<String, f64>),
}

/// One `[[phases]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    /// The phase's name in the report.
    pub name: String,
    /// First day, "MM-DD" (with `to` or `days`).
    pub from: Option<String>,
    /// Last day, "MM-DD", inclusive; before `from` wraps over New Year.
    pub to: Option<String>,
    /// Number of days from `from` (instead of `to`).
    pub days: Option<i64>,
    /// A repeating phase: its period, such as "1w" (with `duration`).
    pub every: Option<Scalar>,
    /// How long each occurrence of a repeating phase lasts.
    pub duration: Option<Scalar>,
    /// When the first occurrence of a repeating phase begins (default: at 0).
    pub start: Option<Scalar>,
    /// Failure clocks run this much faster: one number, or by component.
    pub failure_factor: Option<RawFactor>,
    /// Repairs that start in the phase take this much longer: one number, or by component.
    pub repair_factor: Option<RawFactor>,
    /// `need` by component during the phase.
    #[serde(default)]
    pub need: BTreeMap<String, i64>,
    /// No maintenance window opens during the phase.
    #[serde(default)]
    pub maintenance_freeze: bool,
    /// Crews during the phase: a number (the shared pool) or by kind.
    pub crews: Option<super::crews::RawCrews>,
    /// `[phases.failure]`: failure laws by component, replacing their own in the phase.
    #[serde(default)]
    pub failure: BTreeMap<String, RawDist>,
    /// `[phases.repair]`: repair laws by component, for repairs that start in the phase.
    #[serde(default)]
    pub repair: BTreeMap<String, RawDist>,
}

/// Compiles the phases of `model` (its components and crews compiled); overlaps are looked
/// for over its horizon, two years at least, so that every yearly phase meets every other.
/// `base` is the scenario's folder (an empirical law's file).
pub fn compile(
    raw: &[RawPhase],
    raw_components: &BTreeMap<String, RawComponent>,
    component_ids: &BTreeMap<&str, ComponentId>,
    model: &Model,
    base: &Path,
) -> Result<Option<Phases>, Problem> {
    if raw.is_empty() {
        return Ok(None);
    }
    let (components, horizon) = (&model.components, model.settings.horizon);
    let normal_crews = model.repair.pools(model.crews);
    let n = components.len();
    let mut phases = Phases {
        names: vec![NORMAL.to_string()],
        when: Vec::new(),
        failure_factor: vec![vec![1.0; n]],
        repair_factor: vec![vec![1.0; n]],
        need: vec![components.iter().map(|c| c.need as u32).collect()],
        freeze: vec![false],
        crews: vec![normal_crews.clone()],
        failure_law: vec![vec![None; n]],
        repair_law: vec![vec![None; n]],
    };
    if raw.len() > MAX_PHASES {
        return Err(Problem::at(
            &KeyPath::root("phases").index(MAX_PHASES),
            format!(
                "{} phases; a scenario may have at most {MAX_PHASES}",
                raw.len()
            ),
        ));
    }
    for (i, phase) in raw.iter().enumerate() {
        let path = KeyPath::root("phases").index(i);
        let name = phase.name.trim();
        if name.is_empty() || phases.names.iter().any(|n| n == name) {
            return Err(Problem::at(
                &path.key("name"),
                format!(
                    "\"{name}\" is empty, \"{NORMAL}\" (the time outside every phase) or another phase's name; give each phase its own name"
                ),
            ));
        }
        phases.names.push(name.to_string());
        phases.when.push(when(phase, &path)?);
        phases.failure_factor.push(factors(
            phase.failure_factor.as_ref(),
            &path.key("failure_factor"),
            component_ids,
            n,
            0.0,
        )?);
        phases.repair_factor.push(factors(
            phase.repair_factor.as_ref(),
            &path.key("repair_factor"),
            component_ids,
            n,
            f64::MIN_POSITIVE,
        )?);
        phases.need.push(need(
            &phase.need,
            &path.key("need"),
            raw_components,
            component_ids,
            components,
            model.load.is_some(),
        )?);
        phases.freeze.push(phase.maintenance_freeze);
        for (law, table, laws, factors) in [
            (
                Law::Failure,
                &phase.failure,
                &mut phases.failure_law,
                &phases.failure_factor,
            ),
            (
                Law::Repair,
                &phase.repair,
                &mut phases.repair_law,
                &phases.repair_factor,
            ),
        ] {
            laws.push(super::phase_laws::compile(
                table,
                &path.key(if law == Law::Failure {
                    "failure"
                } else {
                    "repair"
                }),
                law,
                component_ids,
                components,
                factors.last().expect("this phase's factors"),
                base,
            )?);
        }
        phases.crews.push(super::phase_crews::compile(
            phase.crews.as_ref(),
            &path.key("crews"),
            &model.repair,
            &normal_crews,
        )?);
    }
    if let Some(conflict) = phases.conflict(horizon.max(2.0 * YEAR)) {
        return Err(contested(&phases, &conflict, model));
    }
    Ok(Some(phases))
}

/// Two overlapping phases that change one thing differently: the error, at the later
/// phase's key.
fn contested(phases: &Phases, conflict: &Conflict, model: &Model) -> Problem {
    let path = KeyPath::root("phases").index(conflict.second - 1);
    let component = |c: usize| model.components[c].name.as_str();
    let (key, what) = match conflict.what {
        Contested::Need(c) => (
            path.key("need").key(component(c)),
            format!("the need of \"{}\"", component(c)),
        ),
        Contested::Crews(pool) => match model.repair.kinds.get(pool) {
            Some(kind) => (
                path.key("crews").key(&kind.name),
                format!("the crews of kind \"{}\"", kind.name),
            ),
            None => (path.key("crews"), "the shared crews".to_string()),
        },
        Contested::FailureLaw(c) => (
            path.key("failure").key(component(c)),
            format!("the failure law of \"{}\"", component(c)),
        ),
        Contested::RepairLaw(c) => (
            path.key("repair").key(component(c)),
            format!("the repair law of \"{}\"", component(c)),
        ),
    };
    Problem::at(
        &key,
        format!(
            "phases \"{}\" and \"{}\" overlap (from {} into the trial) and both change {what}; overlapping phases may change one thing in only one of them (factors multiply): drop it from one",
            phases.names[conflict.first],
            phases.names[conflict.second],
            format_duration(conflict.at),
        ),
    )
}

/// A day of the year "MM-DD" (0 = 1 January).
fn day(path: &KeyPath, text: &str) -> Result<u32, Problem> {
    text.split_once('-')
        .and_then(|(m, d)| Some((m.parse::<usize>().ok()?, d.parse::<u32>().ok()?)))
        .filter(|&(m, d)| (1..=12).contains(&m) && d >= 1 && d <= MONTH_DAYS[m - 1])
        .map(|(m, d)| MONTH_START[m - 1] + d - 1)
        .ok_or_else(|| {
            Problem::at(
                path,
                format!("\"{text}\" is not a date \"MM-DD\" such as \"11-15\" (no 29 February)"),
            )
        })
}

/// When a phase applies: `from` with `to` or `days`, or `every` with `duration`.
fn when(raw: &RawPhase, path: &KeyPath) -> Result<PhaseWhen, Problem> {
    let help = "give from = \"MM-DD\" with to = \"MM-DD\" or days = N, or every = \"1w\" with duration = \"1d\"";
    match (&raw.from, &raw.every) {
        (Some(from), None) => {
            if raw.duration.is_some() || raw.start.is_some() {
                return Err(Problem::at(
                    &path.key(if raw.duration.is_some() {
                        "duration"
                    } else {
                        "start"
                    }),
                    format!(
                        "belongs to a repeating phase (every = ...), not to a dated one; {help}"
                    ),
                ));
            }
            let first = day(&path.key("from"), from)?;
            let last = match (&raw.to, raw.days) {
                (Some(to), None) => day(&path.key("to"), to)?,
                (None, Some(days)) if (1..=365).contains(&days) => (first + days as u32 - 1) % 365,
                (None, Some(days)) => {
                    return Err(Problem::at(
                        &path.key("days"),
                        format!("{days} is out of range; expected a whole number from 1 to 365"),
                    ))
                }
                _ => {
                    return Err(Problem::at(
                        &path.key("from"),
                        format!("needs exactly one of to and days; {help}"),
                    ))
                }
            };
            Ok(PhaseWhen::days(first, last))
        }
        (None, Some(every)) => {
            if raw.to.is_some() || raw.days.is_some() {
                return Err(Problem::at(
                    &path.key(if raw.to.is_some() { "to" } else { "days" }),
                    format!(
                        "belongs to a dated phase (from = ...), not to a repeating one; {help}"
                    ),
                ));
            }
            let every = positive_duration(&path.key("every"), every)?;
            let Some(length) = &raw.duration else {
                return Err(Problem::at(
                    &path.key("every"),
                    format!("needs duration; {help}"),
                ));
            };
            let length = positive_duration(&path.key("duration"), length)?;
            if length >= every {
                return Err(Problem::at(
                    &path.key("duration"),
                    format!(
                        "{} is not shorter than every = {}; a phase that never ends is the scenario itself",
                        format_duration(length),
                        format_duration(every)
                    ),
                ));
            }
            let start = raw
                .start
                .as_ref()
                .map(|s| duration(&path.key("start"), s))
                .transpose()?
                .unwrap_or(0.0);
            Ok(PhaseWhen::Every {
                every,
                duration: length,
                start,
            })
        }
        (Some(_), Some(_)) => Err(Problem::at(
            &path.key("every"),
            format!("a phase is dated (from) or repeating (every), not both; {help}"),
        )),
        (None, None) => Err(Problem::at(
            path,
            format!("says nothing of when it applies; {help}"),
        )),
    }
}

/// Factors by component from one number or a table; `least` is the smallest allowed.
fn factors(
    raw: Option<&RawFactor>,
    path: &KeyPath,
    component_ids: &BTreeMap<&str, ComponentId>,
    n: usize,
    least: f64,
) -> Result<Vec<f64>, Problem> {
    let check = |path: &KeyPath, value: f64| {
        if value >= least && value.is_finite() {
            Ok(value)
        } else {
            let bound = if least > 0.0 {
                "above zero"
            } else {
                "of zero or more"
            };
            Err(Problem::at(
                path,
                format!("{value} is not a factor; expected a number {bound} such as 2.0"),
            ))
        }
    };
    match raw {
        None => Ok(vec![1.0; n]),
        Some(RawFactor::All(value)) => Ok(vec![check(path, *value)?; n]),
        Some(RawFactor::Each(by_name)) => {
            let mut out = vec![1.0; n];
            for (name, &value) in by_name {
                let key = path.key(name);
                let &c = component_ids
                    .get(name.as_str())
                    .ok_or_else(|| unknown(&key, name, component_ids))?;
                out[c] = check(&key, value)?;
            }
            Ok(out)
        }
    }
}

/// `need` by component during a phase, the others keeping their own.
fn need(
    raw: &BTreeMap<String, i64>,
    path: &KeyPath,
    raw_components: &BTreeMap<String, RawComponent>,
    component_ids: &BTreeMap<&str, ComponentId>,
    components: &[Component],
    has_load: bool,
) -> Result<Vec<u32>, Problem> {
    let mut out: Vec<u32> = components.iter().map(|c| c.need as u32).collect();
    for (name, &value) in raw {
        let key = path.key(name);
        let &c = component_ids
            .get(name.as_str())
            .ok_or_else(|| unknown(&key, name, component_ids))?;
        let component = &components[c];
        // A failover group's phase need is its positions, so the two must be one number;
        // [load] holds its own share of what balanced groups serve; a need that follows
        // demand already changes by the hour.
        let refused = if component
            .failover
            .as_ref()
            .is_some_and(|f| f.active != component.need)
        {
            Some("a failover group whose need differs from its active positions: a phase's need sets a failover group's positions, so it needs need = active (the default)")
        } else if component.health_check.is_some() && has_load {
            Some("a health-checked backend group under [load]: the load view sizes the demand it serves with the group's own need or capacity, fixed per group (not built); without [load], or on a plain k-of-n component, the need can change")
        } else if matches!(raw_components[name].need, Some(RawNeed::Derived(_))) {
            Some("need = \"peak\": it follows the hour's demand already; change the demand with [[load.peaks]] instead")
        } else {
            None
        };
        if let Some(why) = refused {
            return Err(Problem::at(
                &key,
                format!("a phase cannot change the need of {why}"),
            ));
        }
        if value < 1 || value > component.count as i64 {
            return Err(Problem::at(
                &key,
                format!(
                    "{value} is out of range; expected a whole number from 1 to the component's count ({})",
                    component.count
                ),
            ));
        }
        out[c] = value as u32;
    }
    Ok(out)
}

/// An unknown component named in a phase.
fn unknown(path: &KeyPath, name: &str, component_ids: &BTreeMap<&str, ComponentId>) -> Problem {
    let known: Vec<&str> = component_ids.keys().copied().collect();
    Problem::at(
        path,
        format!(
            "\"{name}\" is not a component; expected one of {}",
            known.join(", ")
        ),
    )
}
