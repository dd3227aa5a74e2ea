//! `--objective`: a bound on one figure of a design's summary, judged with its interval
//! (met, missed, or not yet known) so that racing can discard designs early.

use super::figures::Figures;
use crate::stats::Estimate;
use crate::units;

/// The figure an objective bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    /// Time availability (a share).
    Availability,
    /// Share of requests served.
    Requests,
    /// Mean downtime, minutes per year.
    Downtime,
    /// A recovery time statistic over incidents, hours: mean or a percentile (p50, p95, p99).
    Rto(Stat),
    /// A recovery point statistic over incidents, hours.
    Rpo(Stat),
}

/// Which statistic of recovery times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    /// The mean (with its interval).
    Mean,
    /// A percentile (a point estimate).
    P50,
    /// 95th percentile.
    P95,
    /// 99th percentile.
    P99,
}

/// `METRIC>=VALUE` or `METRIC<=VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// What is bounded.
    pub metric: Metric,
    /// True for `>=`, false for `<=`.
    pub at_least: bool,
    /// The bound, in the metric's unit (a share, minutes per year, hours).
    pub value: f64,
    /// As the user wrote it.
    pub text: String,
}

/// How an objective stands on a design's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// Its whole interval is on the right side.
    Met,
    /// Its whole interval is on the wrong side.
    Missed,
    /// The interval straddles the bound (or there is no interval yet).
    Unsure,
}

const HELP: &str = "expected METRIC>=VALUE or METRIC<=VALUE such as availability>=99.99%, requests>=99.95%, downtime<=30 (min/y), rto.p99<=4h, rpo.mean<=15m";

/// Parses `availability>=99.99%`, `rto.p99<=4h` and the like.
pub fn parse_objective(text: &str) -> Result<Objective, String> {
    let (name, at_least, value) = if let Some((n, v)) = text.split_once(">=") {
        (n, true, v)
    } else if let Some((n, v)) = text.split_once("<=") {
        (n, false, v)
    } else {
        return Err(HELP.to_string());
    };
    let name = name.trim();
    let value = value.trim();
    let stat = |s: &str| match s {
        "mean" => Some(Stat::Mean),
        "p50" => Some(Stat::P50),
        "p95" => Some(Stat::P95),
        "p99" => Some(Stat::P99),
        _ => None,
    };
    let metric = match name.split_once('.') {
        None if name == "availability" => Metric::Availability,
        None if name == "requests" || name == "request_availability" => Metric::Requests,
        None if name == "downtime" => Metric::Downtime,
        Some(("rto", s)) => Metric::Rto(stat(s).ok_or_else(|| HELP.to_string())?),
        Some(("rpo", s)) => Metric::Rpo(stat(s).ok_or_else(|| HELP.to_string())?),
        _ => return Err(format!("unknown figure \"{name}\"; {HELP}")),
    };
    let value = match metric {
        Metric::Availability | Metric::Requests => units::parse_percent(value)?,
        Metric::Downtime => value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("\"{value}\" is not minutes per year; {HELP}"))?,
        Metric::Rto(_) | Metric::Rpo(_) => units::parse_duration(value)?,
    };
    let shares = matches!(metric, Metric::Availability | Metric::Requests);
    if shares != at_least {
        return Err(format!(
            "\"{text}\": {} is bounded {}; {HELP}",
            name,
            if shares {
                "from below (>=)"
            } else {
                "from above (<=)"
            }
        ));
    }
    Ok(Objective {
        metric,
        at_least,
        value,
        text: text.trim().to_string(),
    })
}

impl Objective {
    /// The figure, with its interval where the design's figures have one.
    pub(crate) fn estimate(&self, s: &Figures) -> Option<Estimate> {
        let share = |mean, low, high| Estimate {
            mean,
            ci_low: low,
            ci_high: high,
        };
        let hours = |v: Option<f64>| v.map(|s| s / 3600.0);
        match self.metric {
            Metric::Availability => Some(s.availability.clone()),
            Metric::Requests => Some(s.requests.clone()),
            Metric::Downtime => Some(share(
                (1.0 - s.availability.mean) * units::MINUTES_PER_YEAR,
                s.availability
                    .ci_high
                    .map(|h| (1.0 - h) * units::MINUTES_PER_YEAR),
                s.availability
                    .ci_low
                    .map(|l| (1.0 - l) * units::MINUTES_PER_YEAR),
            )),
            Metric::Rto(stat) | Metric::Rpo(stat) => {
                let (rpo, rto) = s
                    .recovery
                    .as_ref()
                    .expect("figures carry recovery when an objective bounds it");
                let r = if matches!(self.metric, Metric::Rto(_)) {
                    rto
                } else {
                    rpo
                };
                match stat {
                    Stat::Mean => hours(r.mean_seconds).map(|mean| Estimate {
                        mean,
                        ci_low: hours(r.ci_low_seconds),
                        ci_high: hours(r.ci_high_seconds),
                    }),
                    Stat::P50 | Stat::P95 | Stat::P99 => {
                        let v = match stat {
                            Stat::P50 => r.p50_seconds,
                            Stat::P95 => r.p95_seconds,
                            _ => r.p99_seconds,
                        };
                        hours(v).map(|mean| Estimate {
                            mean,
                            ci_low: None,
                            ci_high: None,
                        })
                    }
                }
            }
        }
    }

    /// Judges a design's figures. `last` says no more trials will come: a figure without an
    /// interval (a percentile) is then judged on its estimate; before, it is not judged.
    pub(crate) fn judge(&self, s: &Figures, last: bool) -> Judgement {
        // No incidents at all: no recovery time can break a bound on it.
        let Some(e) = self.estimate(s) else {
            return Judgement::Met;
        };
        let good = |v: f64| {
            if self.at_least {
                v >= self.value
            } else {
                v <= self.value
            }
        };
        let (worst, best) = if self.at_least {
            (e.ci_low, e.ci_high)
        } else {
            (e.ci_high, e.ci_low)
        };
        match (worst, best) {
            (Some(w), _) if good(w) => Judgement::Met,
            (_, Some(b)) if !good(b) => Judgement::Missed,
            (None, None) if last => {
                if good(e.mean) {
                    Judgement::Met
                } else {
                    Judgement::Missed
                }
            }
            _ => Judgement::Unsure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objectives_parse_with_units_and_directions() {
        let o = parse_objective("availability>=99.99%").unwrap();
        assert_eq!(o.metric, Metric::Availability);
        assert!((o.value - 0.9999).abs() < 1e-15);
        let o = parse_objective("rto.p99<=4h").unwrap();
        assert_eq!(o.metric, Metric::Rto(Stat::P99));
        assert_eq!(o.value, 4.0);
        assert!(parse_objective("availability<=99%").is_err());
        assert!(parse_objective("latency<=3").is_err());
        assert!(parse_objective("rto.p42<=1h").is_err());
        assert!(parse_objective("availability=99%").is_err());
    }
}
