//! Distribution tables (`{ dist = "lognormal", median = "1h", p95 = "8h" }`) into [`Dist`].

use std::path::Path;

use super::path::{KeyPath, Problem};
use super::raw::{RawDist, Scalar};
use super::values::{duration, positive_duration, rate};
use crate::dist::Dist;
use crate::units;

/// The families and the keys each accepts, for validation and for error messages.
const FAMILIES: &[(&str, &[&str])] = &[
    ("exponential", &["mean", "rate", "afr"]),
    ("weibull", &["shape", "mean", "scale"]),
    ("lognormal", &["median", "p95", "mean", "sd"]),
    ("gamma", &["shape", "mean"]),
    ("fixed", &["value"]),
    ("uniform", &["min", "max"]),
    ("empirical", &["file", "column", "unit"]),
];

/// The keys present in a distribution table, besides `dist`.
fn present_keys(raw: &RawDist) -> Vec<&'static str> {
    let flags = [
        ("mean", raw.mean.is_some()),
        ("rate", raw.rate.is_some()),
        ("afr", raw.afr.is_some()),
        ("shape", raw.shape.is_some()),
        ("scale", raw.scale.is_some()),
        ("median", raw.median.is_some()),
        ("p95", raw.p95.is_some()),
        ("sd", raw.sd.is_some()),
        ("value", raw.value.is_some()),
        ("min", raw.min.is_some()),
        ("max", raw.max.is_some()),
        ("file", raw.file.is_some()),
        ("column", raw.column.is_some()),
        ("unit", raw.unit.is_some()),
    ];
    flags
        .iter()
        .filter(|(_, present)| *present)
        .map(|(key, _)| *key)
        .collect()
}

/// Compiles the distribution table at `path`; `base` is the scenario's folder, against which
/// an empirical `file` is resolved.
pub fn compile(raw: &RawDist, path: &KeyPath, base: &Path) -> Result<Dist, Problem> {
    let family = raw.dist.trim().to_ascii_lowercase();
    let Some((family, allowed)) = FAMILIES.iter().find(|(name, _)| *name == family) else {
        let names: Vec<_> = FAMILIES.iter().map(|(name, _)| *name).collect();
        return Err(Problem::at(
            &path.key("dist"),
            format!(
                "unknown distribution \"{}\"; expected one of {}",
                raw.dist,
                names.join(", ")
            ),
        ));
    };
    let present = present_keys(raw);
    if let Some(extra) = present.iter().find(|key| !allowed.contains(key)) {
        return Err(Problem::at(
            &path.key(extra),
            format!("{family} takes {}, not {extra}", allowed.join(", ")),
        ));
    }
    let has = |key: &str| present.contains(&key);
    let need = |key: &str| -> Result<&Scalar, Problem> {
        let value = match key {
            "mean" => raw.mean.as_ref(),
            "scale" => raw.scale.as_ref(),
            "median" => raw.median.as_ref(),
            "p95" => raw.p95.as_ref(),
            "sd" => raw.sd.as_ref(),
            "value" => raw.value.as_ref(),
            "min" => raw.min.as_ref(),
            "max" => raw.max.as_ref(),
            _ => None,
        };
        value.ok_or_else(|| Problem::at(path, format!("{family} needs {key}")))
    };
    let hours = |key: &str| positive_duration(&path.key(key), need(key)?);
    let shape = || {
        raw.shape
            .ok_or_else(|| Problem::at(path, format!("{family} needs shape")))
    };
    let one_of = |keys: &[&str]| -> Result<(), Problem> {
        match keys.iter().filter(|key| has(key)).count() {
            1 => Ok(()),
            0 => Err(Problem::at(
                path,
                format!("{family} needs one of {}", keys.join(", ")),
            )),
            _ => Err(Problem::at(
                path,
                format!("{family} takes only one of {}", keys.join(", ")),
            )),
        }
    };

    let built = match *family {
        "exponential" => {
            one_of(&["mean", "rate", "afr"])?;
            let mean = if has("mean") {
                hours("mean")?
            } else if let Some(value) = &raw.rate {
                1.0 / rate(&path.key("rate"), value)?
            } else {
                let value = raw.afr.as_ref().expect("one_of checked afr");
                let afr = match value {
                    Scalar::Number(n) => *n,
                    Scalar::Text(_) => rate(&path.key("afr"), value)? * units::YEAR,
                };
                if !(afr > 0.0 && afr.is_finite()) {
                    return Err(Problem::at(
                        &path.key("afr"),
                        "the annual failure rate must be greater than zero, such as \"4%\"",
                    ));
                }
                units::YEAR / afr
            };
            Dist::exponential(mean)
        }
        "weibull" => {
            one_of(&["mean", "scale"])?;
            let k = shape()?;
            if has("mean") {
                Dist::weibull_mean(k, hours("mean")?)
            } else {
                Dist::weibull_scale(k, hours("scale")?)
            }
        }
        "lognormal" => {
            if has("median") || has("p95") {
                if has("mean") || has("sd") {
                    return Err(Problem::at(
                        path,
                        "lognormal takes median + p95, or mean + sd, not both",
                    ));
                }
                Dist::lognormal_median_p95(hours("median")?, hours("p95")?)
            } else if has("mean") || has("sd") {
                Dist::lognormal_mean_sd(hours("mean")?, hours("sd")?)
            } else {
                return Err(Problem::at(
                    path,
                    "lognormal needs median + p95, or mean + sd",
                ));
            }
        }
        "gamma" => Dist::gamma(shape()?, hours("mean")?),
        "fixed" => Dist::fixed(duration(&path.key("value"), need("value")?)?),
        "uniform" => Dist::uniform(
            duration(&path.key("min"), need("min")?)?,
            duration(&path.key("max"), need("max")?)?,
        ),
        "empirical" => {
            let file = raw
                .file
                .as_deref()
                .ok_or_else(|| Problem::at(path, "empirical needs file, a CSV of durations"))?;
            // "catalog:NAME" is data shipped in the binary (the catalog's repair records).
            let values = match file.strip_prefix("catalog:") {
                Some(name) => crate::catalog::durations(name),
                None => super::empirical::read(
                    &base.join(file),
                    raw.column.as_deref(),
                    raw.unit.as_deref(),
                ),
            }
            .map_err(|message| Problem::at(&path.key("file"), message))?;
            Dist::empirical(values)
        }
        _ => unreachable!("every family in FAMILIES is handled"),
    };
    built.map_err(|e| Problem::at(&path.key(e.key), e.message))
}

/// Compiles a delay: a duration string is a fixed delay, a table a distribution.
pub fn compile_delay(
    raw: &super::raw::RawDelay,
    path: &KeyPath,
    base: &Path,
) -> Result<Dist, Problem> {
    match raw {
        super::raw::RawDelay::Fixed(text) => {
            let hours = units::parse_duration(text).map_err(|e| Problem::at(path, e))?;
            Dist::fixed(hours).map_err(|e| Problem::at(path, e.message))
        }
        super::raw::RawDelay::Dist(table) => compile(table, path, base),
    }
}
