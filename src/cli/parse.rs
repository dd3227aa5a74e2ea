//! Flag values in human units, checked as clap parses them (bad values exit with code 2).

use crate::units;

/// A duration flag such as `--horizon 10y`.
pub fn duration(text: &str) -> Result<f64, String> {
    let hours = units::parse_duration(text)?;
    if hours > 0.0 {
        Ok(hours)
    } else {
        Err("must be longer than zero".to_string())
    }
}

/// An availability objective flag such as `--target 99.99%`.
pub fn target(text: &str) -> Result<f64, String> {
    let fraction = units::parse_percent(text)?;
    if fraction > 0.0 && fraction <= 1.0 {
        Ok(fraction)
    } else {
        Err(format!(
            "{fraction} is out of range; expected {} above 0 and up to 100%",
            units::FRACTION_HELP
        ))
    }
}

/// A confidence level flag such as `--confidence 0.99`.
pub fn confidence(text: &str) -> Result<f64, String> {
    let fraction = units::parse_percent(text)?;
    if fraction > 0.0 && fraction < 1.0 {
        Ok(fraction)
    } else {
        Err("expected a level strictly between 0 and 1, such as 0.95 or \"99%\"".to_string())
    }
}

/// A relative precision flag such as `--precision 10%` or `0.1`.
pub fn precision(text: &str) -> Result<f64, String> {
    let fraction = units::parse_percent(text)?;
    if fraction > 0.0 && fraction < 1.0 {
        Ok(fraction)
    } else {
        Err("expected a relative half-width between 0 and 100%, such as \"10%\" or 0.1".into())
    }
}
