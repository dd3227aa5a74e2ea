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
            "{} is out of range; expected {} above 0 and up to 100%",
            crate::model::format_percent(fraction),
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

/// A share flag that may be zero, such as `--indifference 1%` or `0`.
pub fn share(text: &str) -> Result<f64, String> {
    let fraction = units::parse_percent(text)?;
    if (0.0..1.0).contains(&fraction) {
        Ok(fraction)
    } else {
        Err("expected a share from 0 to below 100%, such as \"1%\", 0.01 or 0".into())
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
/// The most worker threads: far above any machine's cores, low enough that a typo does not
/// try to start a hundred thousand threads.
const MAX_THREADS: usize = 1024;

/// A whole number flag of at least `min`, with a message in words.
fn whole(text: &str, min: u64, what: &str) -> Result<u64, String> {
    let text = text.trim();
    match text.parse::<u64>() {
        Ok(n) if n >= min => Ok(n),
        _ if text.parse::<f64>().is_ok_and(|x| x.is_finite() && x >= min as f64 && x.fract() == 0.0) => {
            Err(format!("expected {what} as a whole number written without exponent or decimals, such as 20000"))
        }
        _ => Err(format!("expected {what}: a whole number of at least {min}")),
    }
}

/// A trial count flag such as `--trials 20000`.
pub fn trials(text: &str) -> Result<u64, String> {
    whole(text, 1, "a number of trials")
}

/// A trial count for commands that compute intervals of differences: at least 2.
pub fn trials_for_intervals(text: &str) -> Result<u64, String> {
    whole(text, 2, "a number of trials")
}

/// A seed flag: any whole number from 0 up.
pub fn seed(text: &str) -> Result<u64, String> {
    whole(text, 0, "a seed")
}

/// A thread count flag: 0 (one per core) up to [`MAX_THREADS`].
pub fn threads(text: &str) -> Result<usize, String> {
    let n = whole(text, 0, "a number of threads (0: one per core)")?;
    usize::try_from(n)
        .ok()
        .filter(|&n| n <= MAX_THREADS)
        .ok_or_else(|| format!("at most {MAX_THREADS} threads; 0 uses one per core"))
}

/// An estimator name: "plain" or "rare".
pub fn method(text: &str) -> Result<crate::model::Method, String> {
    crate::scenario::rare::method(text)
        .ok_or_else(|| format!("unknown method \"{text}\"; expected \"plain\" or \"rare\""))
}
