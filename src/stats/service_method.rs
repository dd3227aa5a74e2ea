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
    /// With `[load]`: capacity shortfall episodes that plain run saw, which count as
    /// outages towards the choice (added key, left out otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plain_shortfall_episodes: Option<u64>,
    /// One sentence saying why.
    pub reason: String,
}

impl ServiceMethod {
    /// The choice for a plain run of `trials` trials that saw `outages` outages.
    pub fn from_plain(trials: u64, outages: u64) -> ServiceMethod {
        Self::decide(trials, outages, 0, format!("{outages} outages"))
    }

    /// The choice for a plain run of a model with `[load]` that saw `outages` outages and
    /// `shortfalls` capacity shortfall episodes: both count, since a design short at every
    /// evening peak loses requests often, however rarely it is down.
    pub fn from_plain_with_shortfalls(trials: u64, outages: u64, shortfalls: u64) -> ServiceMethod {
        let mut choice = Self::decide(
            trials,
            outages,
            shortfalls,
            format!("{outages} outages and {shortfalls} capacity shortfall episodes"),
        );
        choice.plain_shortfall_episodes = Some(shortfalls);
        choice
    }

    /// The choice on `outages + shortfalls` events, `seen` naming them.
    fn decide(trials: u64, outages: u64, shortfalls: u64, seen: String) -> ServiceMethod {
        let rare = outages + shortfalls < RARE_BELOW_OUTAGES;
        let reason = if rare {
            format!(
                "a plain run of {trials} trials saw {seen} (fewer than {RARE_BELOW_OUTAGES}): the service's figures are the rare method's"
            )
        } else {
            format!(
                "a plain run of {trials} trials saw {seen} (at least {RARE_BELOW_OUTAGES}): the service's downtime is not rare, so its figures are that run's; each data set says how its own figures were estimated"
            )
        };
        ServiceMethod {
            method: if rare { "rare" } else { "plain" },
            plain_trials: trials,
            plain_outages: outages,
            plain_shortfall_episodes: None,
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

    #[test]
    fn shortfall_episodes_count_as_outages() {
        let short = ServiceMethod::from_plain_with_shortfalls(10_000, 2, 28);
        assert!(!short.is_rare());
        assert_eq!(short.plain_shortfall_episodes, Some(28));
        assert!(short
            .reason
            .contains("2 outages and 28 capacity shortfall episodes"));
        assert!(ServiceMethod::from_plain_with_shortfalls(10_000, 2, 27).is_rare());
    }
}
