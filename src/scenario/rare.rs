//! `[simulation] method` and `[simulation.rare]`: the estimator and the rare-event method's
//! settings (docs/rare-events.md).

use serde::Deserialize;

use super::path::{KeyPath, Problem};
use super::raw::Scalar;
use super::values::{duration, whole};
use crate::model::{Forcing, Method, RareSettings, Settings, Warmup, MAX_REPAIR_BIAS};

/// `[simulation.rare]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRare {
    /// θ: least forcing probability of a window.
    pub bias: Option<f64>,
    /// β: proportional share of the choice of the failing clock.
    pub mixture: Option<f64>,
    /// Warm-up before the steady-state window: "auto" or a duration.
    pub warmup: Option<Scalar>,
    /// Events one branch may take.
    pub max_branch_events: Option<i64>,
    /// θ of data sets' windows.
    pub data_bias: Option<f64>,
    /// How a window's forcing is decided: "window" or "odds".
    pub forcing: Option<String>,
    /// k: the opening repair's tilt, towards r^k times its density.
    pub repair_bias: Option<f64>,
}

/// Parses a method name as the scenario and the command line spell it.
pub fn method(name: &str) -> Option<Method> {
    match name {
        "plain" => Some(Method::Plain),
        "rare" => Some(Method::Rare),
        _ => None,
    }
}

/// Applies `method` and `rare` from `[simulation]` to `settings`.
pub fn compile(
    settings: &mut Settings,
    raw_method: Option<&str>,
    raw: Option<&RawRare>,
) -> Result<(), Problem> {
    let path = KeyPath::root("simulation");
    if let Some(name) = raw_method {
        settings.method = method(name).ok_or_else(|| {
            Problem::at(
                &path.key("method"),
                format!("unknown method \"{name}\"; expected \"plain\" or \"rare\""),
            )
        })?;
    }
    let Some(raw) = raw else {
        return Ok(());
    };
    let path = path.key("rare");
    let mut rare = RareSettings::default();
    if let Some(bias) = raw.bias {
        if !(0.1..=0.9).contains(&bias) {
            return Err(Problem::at(
                &path.key("bias"),
                format!("bias must be between 0.1 and 0.9 (got {bias}); 0.5 is the default"),
            ));
        }
        rare.bias = bias;
    }
    if let Some(bias) = raw.data_bias {
        if !(0.1..=0.9).contains(&bias) {
            return Err(Problem::at(
                &path.key("data_bias"),
                format!("data_bias must be between 0.1 and 0.9 (got {bias}); 0.9 is the default"),
            ));
        }
        rare.data_bias = bias;
    }
    if let Some(k) = raw.repair_bias {
        if !(0.0..=MAX_REPAIR_BIAS).contains(&k) {
            return Err(Problem::at(
                &path.key("repair_bias"),
                format!(
                    "repair_bias must be between 0 (off) and {MAX_REPAIR_BIAS} (got {k}); {} is the default",
                    RareSettings::default().repair_bias
                ),
            ));
        }
        rare.repair_bias = k;
    }
    if let Some(mixture) = raw.mixture {
        if !(0.0..=1.0).contains(&mixture) {
            return Err(Problem::at(
                &path.key("mixture"),
                format!("mixture must be between 0 and 1 (got {mixture}); 0.5 is the default"),
            ));
        }
        rare.mixture = mixture;
    }
    if let Some(value) = &raw.warmup {
        rare.warmup = match value {
            Scalar::Text(text) if text == "auto" => Warmup::Auto,
            other => Warmup::Hours(duration(&path.key("warmup"), other)?),
        };
    }
    if let Some(name) = &raw.forcing {
        rare.forcing = match name.as_str() {
            "window" => Forcing::Window,
            "odds" => Forcing::Odds,
            _ => {
                return Err(Problem::at(
                    &path.key("forcing"),
                    format!(
                        "unknown forcing \"{name}\"; expected \"odds\" (the default) or \"window\""
                    ),
                ))
            }
        };
    }
    if let Some(events) = raw.max_branch_events {
        rare.max_branch_events = whole(&path.key("max_branch_events"), events, 1, i64::MAX)? as u64;
    }
    settings.rare = rare;
    Ok(())
}
