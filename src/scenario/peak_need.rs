//! `need = "peak"` and `headroom`: a balanced group's need derived from demand.

use std::collections::BTreeMap;

use super::path::{KeyPath, Problem};
use super::raw::{RawComponent, RawNeed, Scalar};
use crate::units;

/// Checks the word given as `need` (only `"peak"` is one), on a component `with_failover`
/// or not.
pub fn word(path: &KeyPath, word: &str, with_failover: bool) -> Result<(), Problem> {
    if word != "peak" {
        return Err(Problem::at(
            path,
            format!("\"{word}\" is not a need; expected a whole number or \"peak\""),
        ));
    }
    if with_failover {
        return Err(Problem::at(
            path,
            "need = \"peak\" follows demand across a balanced group; a failover group needs a whole number",
        ));
    }
    Ok(())
}

/// The headroom of each component whose need is `"peak"` (by component index; `None` for a
/// fixed need), checked against the capacities (`capacity[c]`, `None` without one).
/// Without `[load]`, `capacity` is all `None`.
pub fn compile(
    raw_components: &BTreeMap<String, RawComponent>,
    capacity: &[Option<f64>],
    has_load: bool,
) -> Result<Vec<Option<f64>>, Problem> {
    let mut headrooms = Vec::with_capacity(raw_components.len());
    for ((name, rc), capacity) in raw_components.iter().zip(capacity) {
        let path = KeyPath::root("components").key(name);
        let peak = matches!(rc.need, Some(RawNeed::Derived(_)));
        if !peak {
            if rc.headroom.is_some() {
                return Err(headroom_without_peak(&path));
            }
            headrooms.push(None);
            continue;
        }
        if !has_load {
            return Err(peak_without_load(&path));
        }
        if capacity.is_none() {
            return Err(Problem::at(
                &path.key("need"),
                "need = \"peak\" counts instances of capacity against demand: add capacity = \"... rps\" (per instance)",
            ));
        }
        let headroom = match &rc.headroom {
            None => 0.0,
            Some(value) => headroom(&path.key("headroom"), value)?,
        };
        headrooms.push(Some(headroom));
    }
    Ok(headrooms)
}

/// The error for `headroom` on the component or block at `path` without `need = "peak"`.
pub(super) fn headroom_without_peak(path: &KeyPath) -> Problem {
    Problem::at(
        &path.key("headroom"),
        "headroom is spare capacity above demand, for need = \"peak\" only",
    )
}

/// The error for `need = "peak"` on the component or block at `path` without `[load]`.
pub(super) fn peak_without_load(path: &KeyPath) -> Problem {
    Problem::at(
        &path.key("need"),
        "need = \"peak\" follows demand: add [load] with demand = \"... rps\"",
    )
}

/// A headroom of zero or more: `"20%"` or `0.2`.
pub(super) fn headroom(path: &KeyPath, value: &Scalar) -> Result<f64, Problem> {
    let parsed = match value {
        Scalar::Number(n) => Ok(*n),
        Scalar::Text(text) => units::parse_percent(text),
    };
    match parsed {
        Ok(h) if h >= 0.0 && h.is_finite() => Ok(h),
        _ => Err(Problem::at(
            path,
            "is not a headroom; expected a share of zero or more such as \"20%\" or 0.2",
        )),
    }
}
