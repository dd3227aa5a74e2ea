//! `[repair]`: the shared pool of crews, or crews by kind; each component's `crew` and
//! `priority`; `preemption`. Produces [`Crews`] and [`RepairRules`] for the model.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::path::{KeyPath, Problem};
use super::raw::RawScenario;
use super::values::whole;
use crate::model::{CrewKind, Crews, RepairRules};

/// The most crews of one pool or kind (as many as instances may be).
pub(super) const MAX_CREWS: i64 = 1_000_000;

/// The highest priority a component may have.
const MAX_PRIORITY: i64 = 1000;

/// `crews = N` (one pool shared by every component) or `[repair.crews]` with a count per kind.
#[derive(Debug)]
pub enum RawCrews {
    /// One pool of this many crews.
    Count(i64),
    /// Crews by kind: name -> count.
    Kinds(BTreeMap<String, i64>),
}

impl<'de> Deserialize<'de> for RawCrews {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CrewsVisitor;
        impl<'de> serde::de::Visitor<'de> for CrewsVisitor {
            type Value = RawCrews;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of crews, such as 2, or a table of crew kinds, such as { network = 2, db = 1 }")
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<RawCrews, E> {
                Ok(RawCrews::Count(value))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<RawCrews, E> {
                Ok(RawCrews::Count(i64::try_from(value).unwrap_or(i64::MAX)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawCrews, A::Error> {
                BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawCrews::Kinds)
            }
        }
        deserializer.deserialize_any(CrewsVisitor)
    }
}

/// Compiles `[repair]` and every component's `crew` and `priority`; component indices are
/// the positions of `raw.components` (name order, as the model's).
pub fn compile(raw: &RawScenario) -> Result<(Crews, RepairRules), Problem> {
    let repair = KeyPath::root("repair");
    let mut rules = RepairRules::default();
    let crews = match &raw.repair.crews {
        None => Crews::Unlimited,
        Some(RawCrews::Count(n)) => Crews::Limited(whole(&repair.key("crews"), *n, 1, MAX_CREWS)?),
        Some(RawCrews::Kinds(kinds)) => {
            if kinds.is_empty() {
                return Err(Problem::at(
                    &repair.key("crews"),
                    "[repair.crews] lists no kind; give each kind its number of crews, such as network = 2",
                ));
            }
            for (name, &n) in kinds {
                let at = repair.key("crews").key(name);
                super::compile::check_name(&at, name)?;
                rules.kinds.push(CrewKind {
                    name: name.clone(),
                    crews: whole(&at, n, 1, MAX_CREWS)?,
                });
            }
            // Every failure is repaired by its kind's crews: no pool is shared by all.
            Crews::Unlimited
        }
    };
    let kind_names = || rules.kinds.iter().map(|k| k.name.as_str());
    let listed = || {
        kind_names()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut kind_used = vec![false; rules.kinds.len()];
    let mut priorities = Vec::with_capacity(raw.components.len());
    let mut any_priority = false;
    for (name, component) in &raw.components {
        let at = KeyPath::root("components").key(name);
        match (&component.crew, rules.kinds.is_empty()) {
            (Some(_), true) => {
                return Err(Problem::at(
                    &at.key("crew"),
                    "crew names a kind of crew, but [repair.crews] gives no kinds: add [repair.crews] with a count per kind (such as db = 1), or drop crew",
                ))
            }
            (None, false) => {
                return Err(Problem::at(
                    &at,
                    format!(
                        "[repair.crews] has kinds ({}): name the one this component's failures need, such as crew = \"{}\"",
                        listed(),
                        rules.kinds[0].name
                    ),
                ))
            }
            (Some(crew), false) => {
                let Some(kind) = kind_names().position(|k| k == crew) else {
                    return Err(Problem::at(
                        &at.key("crew"),
                        format!(
                            "unknown crew kind \"{crew}\"{}; [repair.crews] has {}",
                            super::compile::suggestion(crew, kind_names()),
                            listed()
                        ),
                    ));
                };
                kind_used[kind] = true;
                rules.component_kind.push(kind);
            }
            (None, true) => {}
        }
        let priority = match component.priority {
            Some(p) => {
                any_priority = true;
                whole(&at.key("priority"), p, 0, MAX_PRIORITY)? as i64
            }
            None => 0,
        };
        if component.priority.is_some() && crews == Crews::Unlimited && rules.kinds.is_empty() {
            return Err(Problem::at(
                &at.key("priority"),
                "priority orders the wait for a crew, but [repair] gives no crews (every failure is repaired at once): set crews in [repair], or drop priority",
            ));
        }
        priorities.push(priority);
    }
    if let Some(unused) = kind_used.iter().position(|&used| !used) {
        let kind = &rules.kinds[unused].name;
        return Err(Problem::at(
            &repair.key("crews").key(kind),
            format!(
                "no component names crew kind \"{kind}\": set crew = \"{kind}\" on the components it repairs, or drop it"
            ),
        ));
    }
    if any_priority {
        rules.component_priority = priorities;
    }
    if let Some(preemption) = raw.repair.preemption {
        if preemption && rules.priorities().len() < 2 {
            return Err(Problem::at(
                &repair.key("preemption"),
                "preemption lets a failure of higher priority take a crew from a lower one, but every component has the same priority: set priority on the components served first, or drop preemption",
            ));
        }
        rules.preemption = preemption;
    }
    Ok((crews, rules))
}
