//! Human units: durations ("30s", "1h30m", "2y"), fractions ("99.999%", 0.99999) and rates
//! ("4%/y", "3/d").
//!
//! Internally every time is a number of hours in an `f64`: hours keep the magnitudes of the
//! domain (seconds of failover to years of horizon) well inside double precision, and the
//! engine never converts on the per-event path.

/// Hours in one second.
pub const SECOND: f64 = 1.0 / 3600.0;
/// Hours in one minute.
pub const MINUTE: f64 = 1.0 / 60.0;
/// Hours in one hour.
pub const HOUR: f64 = 1.0;
/// Hours in one day.
pub const DAY: f64 = 24.0;
/// Hours in one week.
pub const WEEK: f64 = 168.0;
/// Hours in one year: 365.25 days (the Julian year), as DESIGN.md's conventions fix it.
pub const YEAR: f64 = 8766.0;
/// Hours in one month: a twelfth of a year, as SLA windows use.
pub const MONTH: f64 = YEAR / 12.0;
/// Minutes in one year.
pub const MINUTES_PER_YEAR: f64 = YEAR * 60.0;

/// The unit suffixes a duration accepts, longest first so that "min" wins over "m" and "ms"
/// over "m".
const UNITS: &[(&str, f64)] = &[
    ("min", MINUTE),
    ("mo", MONTH),
    ("ms", SECOND / 1000.0),
    ("s", SECOND),
    ("m", MINUTE),
    ("h", HOUR),
    ("d", DAY),
    ("w", WEEK),
    ("y", YEAR),
];

/// What a duration accepts, for error messages.
pub const DURATION_HELP: &str =
    "a duration with units such as \"30s\", \"5m\", \"4h\", \"1h30m\", \"2d\", \"1w\", \"1mo\" or \"2y\"";

/// Parses a duration such as `"7.5h"`, `"1h30m"` or `"2y"` into hours.
///
/// Parts may be separated by spaces. A bare number is refused: a missing unit is the most
/// common mistake in availability spreadsheets (hours or minutes?), so nines makes it explicit.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("empty duration; expected {DURATION_HELP}"));
    }
    let mut rest = trimmed;
    let mut total = 0.0;
    while !rest.is_empty() {
        if rest.starts_with('-') {
            return Err(format!(
                "\"{trimmed}\" is negative; expected {DURATION_HELP}, zero or more"
            ));
        }
        let mut number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        // An exponent ("1e-3h") is part of the number, not a unit.
        if let Some(exponent) = exponent_len(&rest[number_len..]) {
            number_len += exponent;
        }
        if number_len == 0 {
            return Err(format!("\"{trimmed}\" is not {DURATION_HELP}"));
        }
        let number: f64 = rest[..number_len]
            .parse()
            .map_err(|_| format!("\"{trimmed}\" is not {DURATION_HELP}"))?;
        rest = &rest[number_len..];
        let Some((suffix, factor)) = UNITS.iter().find(|(suffix, _)| {
            rest.starts_with(suffix)
                && !rest[suffix.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
        }) else {
            return Err(if rest.is_empty() {
                format!("\"{trimmed}\" has no unit; expected {DURATION_HELP}")
            } else {
                format!("\"{trimmed}\" has an unknown unit; expected {DURATION_HELP}")
            });
        };
        total += number * factor;
        rest = rest[suffix.len()..].trim_start();
    }
    if !total.is_finite() {
        return Err(format!(
            "\"{trimmed}\" is too long to compute with; expected {DURATION_HELP}"
        ));
    }
    Ok(total)
}

/// The length of an exponent (`e-3`, `E+12`) at the start of `text`, if there is one.
fn exponent_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(['e', 'E'])?;
    let sign = usize::from(rest.starts_with(['+', '-']));
    let digits = rest[sign..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len() - sign);
    (digits > 0).then_some(1 + sign + digits)
}

/// Formats hours as a short human duration: in the largest unit the value is round in
/// (`"2y"`, `"1000h"`, `"250d"`, `"30s"`), else in the unit of its magnitude (`"16.6667y"`,
/// `"52.9566d"`); from a year up, always in years.
pub fn format_duration(hours: f64) -> String {
    if !hours.is_finite() {
        return "unbounded".to_string();
    }
    if hours == 0.0 {
        return "0s".to_string();
    }
    // (unit, hours in it, decimals allowed for the value to count as round in it)
    const CHOICES: [(&str, f64, i32); 6] = [
        ("y", YEAR, 2),
        ("w", WEEK, 0),
        ("d", DAY, 0),
        ("h", HOUR, 2),
        ("m", MINUTE, 2),
        ("s", SECOND, 3),
    ];
    let round_in = |value: f64, decimals: i32| {
        let scaled = value * 10f64.powi(decimals);
        (scaled - scaled.round()).abs() < 1e-9 * scaled.abs().max(1.0)
    };
    let chosen = CHOICES
        .iter()
        // From a year up, years read best even when not round ("16.6667y", not "146100h").
        .filter(|(unit, ..)| hours < YEAR || *unit == "y")
        // Round in minutes is no help when the minutes run to five digits.
        .find(|(_, unit, decimals)| {
            hours >= *unit && hours / unit < 10_000.0 && round_in(hours / unit, *decimals)
        })
        .or_else(|| {
            let magnitude = if hours >= YEAR {
                0
            } else if hours >= 2.0 * DAY {
                2
            } else if hours >= HOUR {
                3
            } else if hours >= MINUTE {
                4
            } else {
                5
            };
            CHOICES.get(magnitude)
        })
        .expect("a magnitude always has a unit");
    format!("{}{}", format_number(hours / chosen.1), chosen.0)
}

/// Formats a measured span for reports: the unit of its magnitude and three significant
/// digits ("2.06h", "11.7h", "3.4d", "45s"), unlike [`format_duration`], which echoes settings.
pub fn format_span(hours: f64) -> String {
    if !hours.is_finite() {
        return "unbounded".to_string();
    }
    let (value, unit) = if hours >= YEAR {
        (hours / YEAR, "y")
    } else if hours >= 2.0 * DAY {
        (hours / DAY, "d")
    } else if hours >= HOUR {
        (hours, "h")
    } else if hours >= MINUTE {
        (hours / MINUTE, "m")
    } else {
        (hours / SECOND, "s")
    };
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{unit}")
}

/// Formats a number with `digits` significant digits ("0.00037", "12", "1.5").
pub fn format_significant(value: f64, digits: i32) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    format!("{value:.decimals$}")
}

/// Formats a number with up to four significant decimals and no trailing zeros.
pub fn format_number(value: f64) -> String {
    let text = if value.abs() >= 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.4}")
    };
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

/// What a fraction accepts, for error messages.
pub const FRACTION_HELP: &str = "a fraction such as \"99.99%\" or 0.9999";

/// Parses `"99.999%"` or a plain number into a fraction; the caller checks the range.
pub fn parse_percent(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let (number, scale) = match trimmed.strip_suffix('%') {
        Some(number) => (number.trim(), 0.01),
        None => (trimmed, 1.0),
    };
    number
        .parse::<f64>()
        .map(|value| value * scale)
        .map_err(|_| format!("\"{trimmed}\" is not {FRACTION_HELP}"))
}

/// What a rate accepts, for error messages.
pub const RATE_HELP: &str = "a rate such as \"4%/y\", \"0.5/d\" or \"3/y\"";

/// Parses a rate into events per hour: `"3/y"`, `"0.5/d"`, `"4%/y"` (4 events per 100 units
/// a year). A bare percentage such as `"4%"` is taken per year, the way annual failure rates
/// (AFR) are quoted.
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let (count_text, per_text) = match trimmed.split_once('/') {
        Some((count, per)) => (count.trim(), per.trim()),
        None if trimmed.ends_with('%') => (trimmed, "y"),
        None => {
            return Err(format!(
                "\"{trimmed}\" has no time unit; expected {RATE_HELP}"
            ))
        }
    };
    let count = match count_text.strip_suffix('%') {
        Some(number) => number.trim().parse::<f64>().map(|v| v / 100.0),
        None => count_text.parse::<f64>(),
    }
    .map_err(|_| format!("\"{trimmed}\" is not {RATE_HELP}"))?;
    // "3/y" means per one year; "1/1000h" per a thousand hours.
    let per_text = if per_text.starts_with(|c: char| c.is_ascii_digit()) {
        per_text.to_string()
    } else {
        format!("1{per_text}")
    };
    let per = parse_duration(&per_text).map_err(|_| format!("\"{trimmed}\" is not {RATE_HELP}"))?;
    if per <= 0.0 {
        return Err(format!("\"{trimmed}\" divides by a zero duration"));
    }
    Ok(count / per)
}

/// What a size accepts, for error messages.
pub const SIZE_HELP: &str =
    "a size such as \"500GB\", \"2TB\" or \"1.5TiB\" (B, KB, MB, GB, TB, PB or KiB ... PiB)";

/// Byte multiples, longest suffix first so "KiB" wins over "B".
const SIZE_UNITS: &[(&str, f64)] = &[
    ("KiB", 1024.0),
    ("MiB", 1024.0 * 1024.0),
    ("GiB", 1024.0 * 1024.0 * 1024.0),
    ("TiB", 1024.0 * 1024.0 * 1024.0 * 1024.0),
    ("PiB", 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0),
    ("KB", 1e3),
    ("MB", 1e6),
    ("GB", 1e9),
    ("TB", 1e12),
    ("PB", 1e15),
    ("B", 1.0),
];

/// Parses a size such as `"500GB"` into bytes (decimal units; `KiB` and the like binary).
pub fn parse_size(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let Some((suffix, factor)) = SIZE_UNITS
        .iter()
        .find(|(suffix, _)| trimmed.ends_with(suffix))
    else {
        return Err(format!(
            "\"{trimmed}\" has no size unit; expected {SIZE_HELP}"
        ));
    };
    let number = trimmed[..trimmed.len() - suffix.len()].trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map(|n| n * factor)
        .ok_or_else(|| format!("\"{trimmed}\" is not {SIZE_HELP}"))
}

/// What a throughput accepts, for error messages.
pub const THROUGHPUT_HELP: &str = "a throughput such as \"200MB/s\" or \"1TB/h\"";

/// Parses a throughput such as `"200MB/s"` into bytes per hour.
pub fn parse_throughput(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let (size, per) = trimmed
        .split_once('/')
        .ok_or_else(|| format!("\"{trimmed}\" is not {THROUGHPUT_HELP}"))?;
    let bytes = parse_size(size).map_err(|_| format!("\"{trimmed}\" is not {THROUGHPUT_HELP}"))?;
    let per = per.trim();
    let per_text = if per.starts_with(|c: char| c.is_ascii_digit()) {
        per.to_string()
    } else {
        format!("1{per}")
    };
    let hours =
        parse_duration(&per_text).map_err(|_| format!("\"{trimmed}\" is not {THROUGHPUT_HELP}"))?;
    if hours <= 0.0 {
        return Err(format!("\"{trimmed}\" divides by a zero duration"));
    }
    Ok(bytes / hours)
}

/// Formats bytes with a decimal unit ("1.5 TB").
pub fn format_size(bytes: f64) -> String {
    let units = [
        ("PB", 1e15),
        ("TB", 1e12),
        ("GB", 1e9),
        ("MB", 1e6),
        ("KB", 1e3),
    ];
    for (unit, factor) in units {
        if bytes >= factor {
            return format!("{} {unit}", format_number(bytes / factor));
        }
    }
    format!("{} B", format_number(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn durations_with_every_unit() {
        assert!(close(parse_duration("30s").unwrap(), 30.0 / 3600.0));
        assert!(close(parse_duration("5m").unwrap(), 5.0 / 60.0));
        assert!(close(parse_duration("5min").unwrap(), 5.0 / 60.0));
        assert!(close(parse_duration("250ms").unwrap(), 0.25 / 3600.0));
        assert!(close(parse_duration("7.5h").unwrap(), 7.5));
        assert!(close(parse_duration("2d").unwrap(), 48.0));
        assert!(close(parse_duration("1w").unwrap(), 168.0));
        assert!(close(parse_duration("2y").unwrap(), 17532.0));
        assert!(close(parse_duration("1h30m").unwrap(), 1.5));
        assert!(close(parse_duration("1d 12h").unwrap(), 36.0));
        assert!(close(parse_duration("1mo").unwrap(), 730.5));
        assert!(close(parse_duration("0s").unwrap(), 0.0));
    }

    #[test]
    fn durations_refuse_missing_or_unknown_units() {
        assert!(parse_duration("12").unwrap_err().contains("no unit"));
        assert!(parse_duration("3 fortnights")
            .unwrap_err()
            .contains("unknown unit"));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("-3h").is_err());
        assert!(parse_duration("1.2.3h").is_err());
    }

    #[test]
    fn durations_format_back_readably() {
        assert_eq!(format_duration(2.0 * YEAR), "2y");
        assert_eq!(format_duration(4.0), "4h");
        assert_eq!(format_duration(1.5), "1.5h");
        assert_eq!(format_duration(0.5), "30m");
        assert_eq!(format_duration(30.0 * SECOND), "30s");
        assert_eq!(format_duration(3.0 * DAY), "3d");
        assert_eq!(format_duration(2.0 * WEEK), "2w");
        assert_eq!(format_duration(1000.0), "1000h");
        assert_eq!(format_duration(8665.425561580269), "361.1d");
        assert_eq!(format_duration(YEAR / 0.06), "16.6667y");
        assert_eq!(format_duration(52.9566 * DAY), "52.9566d");
        for text in [
            "2y", "4h", "1.5h", "30m", "30s", "3d", "2w", "6000h", "1000h",
        ] {
            let hours = parse_duration(text).unwrap();
            assert!(close(
                parse_duration(&format_duration(hours)).unwrap(),
                hours
            ));
        }
    }

    #[test]
    fn spans_read_at_their_magnitude() {
        assert_eq!(format_span(7434.2 / 3600.0), "2.07h");
        assert_eq!(format_span(11.962), "12h");
        assert_eq!(format_span(26.2891), "26.3h");
        assert_eq!(format_span(3.4 * DAY), "3.4d");
        assert_eq!(format_span(45.0 * SECOND), "45s");
        assert_eq!(format_span(2.5 * YEAR), "2.5y");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(format_significant(0.000372, 2), "0.00037");
        assert_eq!(format_significant(12.3, 2), "12");
        assert_eq!(format_significant(1.54, 2), "1.5");
    }

    #[test]
    fn percentages_and_fractions() {
        assert!(close(parse_percent("99.999%").unwrap(), 0.99999));
        assert!(close(parse_percent("0.9999").unwrap(), 0.9999));
        assert!(parse_percent("lots").is_err());
    }

    #[test]
    fn sizes_and_throughputs() {
        assert!(close(parse_size("500GB").unwrap(), 5e11));
        assert!(close(parse_size("1.5 TiB").unwrap(), 1.5 * 1024f64.powi(4)));
        assert!(close(parse_size("12B").unwrap(), 12.0));
        assert!(parse_size("12").is_err());
        assert!(parse_size("-1GB").is_err());
        assert!(close(parse_throughput("200MB/s").unwrap(), 2e8 * 3600.0));
        assert!(close(parse_throughput("1TB/h").unwrap(), 1e12));
        assert!(parse_throughput("200MB").is_err());
        assert_eq!(format_size(1.5e12), "1.5 TB");
    }

    #[test]
    fn rates_per_unit_and_annual_percentages() {
        assert!(close(parse_rate("3/y").unwrap(), 3.0 / YEAR));
        assert!(close(parse_rate("0.5/d").unwrap(), 0.5 / 24.0));
        assert!(close(parse_rate("4%/y").unwrap(), 0.04 / YEAR));
        assert!(close(parse_rate("4%").unwrap(), 0.04 / YEAR));
        assert!(close(parse_rate("1/1000h").unwrap(), 0.001));
        assert!(parse_rate("3").is_err());
        assert!(parse_rate("3/0h").is_err());
    }
}
