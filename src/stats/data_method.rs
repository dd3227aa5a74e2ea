//! Which estimator gave a data set's figures in a `--method rare` run, and why (the added
//! `method` key of each `data_sets` entry), with the plain run's incident rates and their
//! intervals.
//!
//! `--method rare` splits a model into parts: the service (rare or plain, by
//! [`super::ServiceMethod`]), and each data set. A data set whose losses need several
//! fragments destroyed within one rebuild gets a rare run of its own; one whose events are
//! not rare (no redundancy, a single copy, disasters) keeps the figures of the plain trials
//! the run made anyway, which are unbiased and whose intervals rest on enough events.

use serde::Serialize;

use super::durability::Share;
use super::exact::garwood;
use crate::units::YEAR;

/// How one data set was estimated in a `--method rare` run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataMethod {
    /// "plain" or "rare".
    pub method: &'static str,
    /// One sentence saying why.
    pub reason: String,
    /// Plain trials behind `incidents_per_year` and `unrecoverable_per_year`.
    pub plain_trials: u64,
    /// Incidents (failovers of its component, disasters) per year, Garwood's interval.
    pub incidents_per_year: Share,
    /// Disasters per year that no backup could restore, Garwood's interval: with none seen,
    /// `ci_high` is the bound the plain trials demonstrate.
    pub unrecoverable_per_year: Share,
}

/// A count over `hours` of simulated time as a yearly rate with Garwood's interval.
fn yearly(count: u64, hours: f64, confidence: f64) -> Share {
    let (low, high) = garwood(count, confidence);
    let per_year = |c: f64| c / hours.max(f64::MIN_POSITIVE) * YEAR;
    Share {
        mean: per_year(count as f64),
        ci_low: per_year(low),
        ci_high: per_year(high),
    }
}

impl DataMethod {
    /// The entry of a data set whose plain trials (`trials` of `horizon` hours) saw
    /// `counts` (incidents, unrecoverable disasters); `rare_reason` is `None` when its
    /// losses get a rare run of their own, else why they keep the plain figures.
    pub fn new(
        rare_reason: Option<String>,
        (incidents, unrecoverable): (u64, u64),
        trials: u64,
        horizon: f64,
        confidence: f64,
    ) -> DataMethod {
        let hours = trials as f64 * horizon;
        let (method, reason) = match rare_reason {
            Some(reason) => ("plain", reason),
            None => (
                "rare",
                "its losses need more fragments destroyed within one rebuild than it tolerates, which is rare: P(loss), MTTDL and nines are the rare method's (see durability); incidents are the plain run's".to_string(),
            ),
        };
        DataMethod {
            method,
            reason,
            plain_trials: trials,
            incidents_per_year: yearly(incidents, hours, confidence),
            unrecoverable_per_year: yearly(unrecoverable, hours, confidence),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_carry_garwood_intervals() {
        let m = DataMethod::new(Some("why".into()), (100, 0), 100, YEAR, 0.95);
        assert_eq!(m.method, "plain");
        assert!((m.incidents_per_year.mean - 1.0).abs() < 1e-12);
        // Garwood's 95% interval for 100 events: [81.37, 121.63].
        assert!((m.incidents_per_year.ci_low - 0.8137).abs() < 1e-3);
        assert!((m.incidents_per_year.ci_high - 1.2163).abs() < 1e-3);
        // None seen: 0 with the upper bound −ln(0.025) ≈ 3.689 events over 100 years.
        assert_eq!(m.unrecoverable_per_year.mean, 0.0);
        assert!((m.unrecoverable_per_year.ci_high - 0.03689).abs() < 1e-4);
        assert_eq!(
            DataMethod::new(None, (100, 0), 100, YEAR, 0.95).method,
            "rare"
        );
    }
}
