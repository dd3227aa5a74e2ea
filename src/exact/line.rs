//! The line the run reports print beside the simulated availability: the exact figure, the
//! simulation's difference from it in minutes of downtime a year, and what the simulation
//! models that the exact figure leaves out.

use super::ExactSummary;
use crate::report::{decimals_against, percent_with};
use crate::units::MINUTES_PER_YEAR;

impl ExactSummary {
    /// (label, text) of the report line, given the simulated mean availability and the
    /// objective (the exact figure is printed with the decimals that keep it on its side).
    pub fn line(&self, simulated: f64, target: f64) -> (String, String) {
        let percent = |a: f64| percent_with(a, decimals_against(target, &[a]));
        let (Some(method), Some(exact)) = (self.method, self.comparable_availability()) else {
            let reason = self.reason.as_deref().unwrap_or("no exact solution");
            return ("Exact".to_string(), format!("not available: {reason}"));
        };
        let difference = ((1.0 - simulated) - (1.0 - exact)) * MINUTES_PER_YEAR;
        let text = match method {
            "markov" => format!(
                "{} over the horizon ({} states); simulation − chain: {difference:+.2} min/year \
                 (sampling error only: the chain models everything the simulation does)",
                percent(exact),
                self.states.unwrap_or(0)
            ),
            _ if self.leaves_out.is_empty() => format!(
                "{} in steady state; simulation − formula: {difference:+.2} min/year \
                 (exact for this model: sampling error and the start from all-new only)",
                percent(exact)
            ),
            _ => format!(
                "{}; simulation − formula: {difference:+.2} min/year (what it models that the \
                 formula leaves out: {})",
                percent(exact),
                self.leaves_out.join(", ")
            ),
        };
        let label = match method {
            "markov" => "Exact (Markov)",
            _ => "Exact (formula)",
        };
        (label.to_string(), text)
    }
}
