//! Reading single values (durations, fractions, whole numbers) with errors that name the key.

use super::path::{KeyPath, Problem};
use super::raw::Scalar;
use crate::units::{self, DURATION_HELP, FRACTION_HELP};

/// A duration in hours; a bare number is refused with a hint to add a unit.
pub fn duration(path: &KeyPath, value: &Scalar) -> Result<f64, Problem> {
    match value {
        Scalar::Text(text) => units::parse_duration(text).map_err(|e| Problem::at(path, e)),
        Scalar::Number(n) => Err(Problem::at(
            path,
            format!("{n} has no unit; write it as a string such as \"{n}h\" ({DURATION_HELP})"),
        )),
    }
}

/// A strictly positive duration in hours.
pub fn positive_duration(path: &KeyPath, value: &Scalar) -> Result<f64, Problem> {
    let hours = duration(path, value)?;
    if hours > 0.0 {
        Ok(hours)
    } else {
        Err(Problem::at(path, "must be longer than zero"))
    }
}

/// A fraction written as `"99.9%"` or `0.999`, strictly between `low` and `high` unless the
/// bound is included.
pub fn fraction(path: &KeyPath, value: &Scalar, allow_one: bool) -> Result<f64, Problem> {
    let fraction = match value {
        Scalar::Number(n) => *n,
        Scalar::Text(text) => units::parse_percent(text).map_err(|e| Problem::at(path, e))?,
    };
    let in_range = fraction > 0.0 && (fraction < 1.0 || (allow_one && fraction == 1.0));
    if in_range {
        Ok(fraction)
    } else {
        let upper = if allow_one {
            "up to 100%"
        } else {
            "below 100%"
        };
        Err(Problem::at(
            path,
            // As a percentage: "200%" is what the user wrote, "2" is not.
            format!(
                "{} is out of range; expected {FRACTION_HELP}, above 0 and {upper}",
                crate::model::format_percent(fraction)
            ),
        ))
    }
}

/// A rate in events per hour, from `"3/y"`, `"4%"` or a bare number per year is refused.
pub fn rate(path: &KeyPath, value: &Scalar) -> Result<f64, Problem> {
    let rate = match value {
        Scalar::Text(text) => units::parse_rate(text).map_err(|e| Problem::at(path, e))?,
        Scalar::Number(n) => {
            return Err(Problem::at(
                path,
                format!("{n} has no time unit; write it as \"{n}/y\" or \"{n}/h\""),
            ))
        }
    };
    if rate > 0.0 && rate.is_finite() {
        Ok(rate)
    } else {
        Err(Problem::at(path, "must be greater than zero"))
    }
}

/// A whole number in `min..=max`.
pub fn whole(path: &KeyPath, value: i64, min: i64, max: i64) -> Result<usize, Problem> {
    if (min..=max).contains(&value) {
        Ok(value as usize)
    } else if max == i64::MAX {
        // No real upper bound: "up to 9223372036854775807" would only confuse.
        Err(Problem::at(
            path,
            format!("{value} is out of range; expected a whole number of at least {min}"),
        ))
    } else {
        Err(Problem::at(
            path,
            format!("{value} is out of range; expected a whole number from {min} to {max}"),
        ))
    }
}
