//! Which estimator gave a `--method rare` run's service figures, and why (the summary's
//! added `service_method` key).
//!
//! The rare method pays for itself only when outages are rare. A service that a plain run
//! of the requested trials already sees go down often enough has intervals resting on
//! enough events, while its importance-sampling branches would be long and wasted (an
//! object store needing 40 of 60 disks is 21 failures from down, and every excursion from
//! all-up is re-simulated towards that). Such a run keeps the plain figures for the service
//! and uses the rare method for its data sets, whose losses are the rare part.

use serde::Serialize;

/// Below this many outages in the plain run, the service's figures come from the rare
/// method: the same threshold as the plain report's advice to use it.
pub const RARE_BELOW_OUTAGES: u64 = 30;

/// The estimator of the service's figures in a `--method rare` run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServiceMethod {
    /// "plain" or "rare".
    pub method: &'static str,
    /// Trials of the plain run the choice was made on.
    pub plain_trials: u64,
    /// Outages that plain run saw.
    pub plain_outages: u64,
    /// One sentence saying why.
    pub reason: String,
}

impl ServiceMethod {
    /// The choice for a plain run of `trials` trials that saw `outages` outages.
    pub fn from_plain(trials: u64, outages: u64) -> ServiceMethod {
        let rare = outages < RARE_BELOW_OUTAGES;
        let reason = if rare {
            format!(
                "a plain run of {trials} trials saw {outages} outages (fewer than {RARE_BELOW_OUTAGES}): the service's figures are the rare method's"
            )
        } else {
            format!(
                "a plain run of {trials} trials saw {outages} outages (at least {RARE_BELOW_OUTAGES}): the service's downtime is not rare, so its figures are that run's; each data set says how its own figures were estimated"
            )
        };
        ServiceMethod {
            method: if rare { "rare" } else { "plain" },
            plain_trials: trials,
            plain_outages: outages,
            reason,
        }
    }

    /// Whether the service's figures come from the rare method.
    pub fn is_rare(&self) -> bool {
        self.method == "rare"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_outages_is_the_line() {
        assert!(ServiceMethod::from_plain(10_000, 29).is_rare());
        let plain = ServiceMethod::from_plain(10_000, 30);
        assert!(!plain.is_rare());
        assert!(plain.reason.contains("30 outages"));
    }
}
