//! Exact answers beside the simulation: `nines solve`, and the `exact` line of `nines run`.
//!
//! Two methods, chosen by what the model allows:
//! - [`independent`]: every failure mode of every instance as an alternating renewal process
//!   with its own repair, any distributions; the structure function gives steady-state
//!   availability, outage frequency and mean outage duration exactly when the model has
//!   nothing else (no shared crews, failover delays, shocks, maintenance, restores). For any
//!   other model it is the "spreadsheet answer", with [`independent::leaves_out`] naming
//!   what it leaves out.
//! - [`chain`]: when every time is exponential, the continuous-time Markov chain of the
//!   engine's own rules (crews, failover, shocks, dependencies), lumped over exchangeable
//!   instances, solved by [`gth`] in steady state and by [`transient`] over the horizon.
//!
//! docs/exact.md describes the methods and their references.

pub mod chain;
pub mod durability;
pub mod gth;
pub mod independent;
mod index;
pub mod iterative;
mod line;
mod mechanisms;
pub mod transient;

use std::time::Instant;

use serde::Serialize;

use crate::model::Model;
use crate::units::YEAR;

/// States the Markov solution explores in `nines solve`.
pub const SOLVE_MAX_STATES: usize = 1_000_000;

/// States the Markov solution explores beside a simulation (`nines run`, compare, sweep),
/// where it must not cost more than the run.
pub const RUN_MAX_STATES: usize = 5_000;

/// Long-run figures of one method.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Steady-state availability.
    pub availability: f64,
    /// Steady-state unavailability, computed on its own (not as 1 − availability).
    pub unavailability: f64,
    /// Outages (service up → down) per year in steady state.
    pub outages_per_year: f64,
    /// Mean outage duration, hours; `None` without outages.
    pub mean_outage_hours: Option<f64>,
    /// Mean availability over the horizon from all-up (Markov chains only).
    pub horizon_availability: Option<f64>,
    /// Why a Markov chain's horizon mean is missing, when it is.
    pub horizon_reason: Option<String>,
    /// Markov states, or scenarios enumerated by the independent method.
    pub states: u64,
}

/// One method's answer: figures, or why the method does not apply; with the time it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The figures, or the reason there are none.
    pub figures: Result<Figures, String>,
    /// Seconds spent.
    pub seconds: f64,
}

/// Both methods' answers for a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The independent-components formula.
    pub independent: Answer,
    /// What the simulation models that the formula leaves out (empty: it is exact).
    pub leaves_out: Vec<String>,
    /// The Markov chain.
    pub markov: Answer,
}

/// Why neither method applies to a model with operational phases (rates and needs change
/// over the year) or a group or pool whose need follows demand (its structure changes hour
/// by hour), or `None`.
fn peak_need_refusal(model: &Model) -> Option<String> {
    if model.phases.is_some() {
        return Some(
            "[[phases]]: operational phases change rates and needs over the year, which neither exact method models".to_string(),
        );
    }
    let load = model.load.as_ref()?;
    if let Some(pool) = load.pools.iter().find(|p| p.peak.is_some()) {
        return Some(format!(
            "block `{}`: need = \"peak\" compares its pooled capacity with demand hour by hour, which neither exact method models",
            model.blocks[pool.block].name
        ));
    }
    let c = load.peak_need.iter().position(Option::is_some)?;
    Some(format!(
        "component `{}`: need = \"peak\" follows demand hour by hour, which neither exact method models",
        model.components[c].name
    ))
}

/// Solves `model` by both methods; the chain is explored up to `max_states` states.
pub fn solve(model: &Model, max_states: usize) -> Solution {
    let start = Instant::now();
    let independent = independent::solve(model);
    let independent = Answer {
        figures: independent,
        seconds: start.elapsed().as_secs_f64(),
    };
    Solution {
        independent,
        leaves_out: independent::leaves_out(model),
        markov: markov(model, max_states),
    }
}

/// The Markov solution alone.
pub fn markov(model: &Model, max_states: usize) -> Answer {
    let start = Instant::now();
    let figures = markov_figures(model, max_states);
    Answer {
        figures,
        seconds: start.elapsed().as_secs_f64(),
    }
}

fn markov_figures(model: &Model, max_states: usize) -> Result<Figures, String> {
    if let Some(reason) = chain::refusal(model) {
        return Err(reason);
    }
    let chain = chain::build(model, max_states)?;
    let (pi, _) = gth::steady_state(&chain)?;
    let mut availability = 0.0;
    let mut unavailability = 0.0;
    let mut frequency = 0.0;
    for (s, &p) in pi.iter().enumerate() {
        if chain.up[s] {
            availability += p;
            let to_down: f64 = chain.rates[s]
                .iter()
                .filter(|&&(t, _)| !chain.up[t as usize])
                .map(|&(_, r)| r)
                .sum();
            frequency += p * to_down;
        } else {
            unavailability += p;
        }
    }
    let horizon = transient::horizon_availability(&chain, &pi, model.settings.horizon);
    Ok(Figures {
        availability,
        unavailability,
        outages_per_year: frequency * YEAR,
        mean_outage_hours: (frequency > 0.0).then(|| unavailability / frequency),
        horizon_availability: horizon.as_ref().ok().copied(),
        horizon_reason: horizon.err(),
        states: chain.len() as u64,
    })
}

impl Solution {
    /// The best answer: the Markov chain's when it could be built (it models everything the
    /// engine does), else the formula's.
    pub fn best(&self) -> (&'static str, &Answer) {
        if self.markov.figures.is_ok() {
            ("markov", &self.markov)
        } else {
            ("independent", &self.independent)
        }
    }

    /// What the best answer leaves out of what the simulation models.
    pub fn best_leaves_out(&self) -> &[String] {
        if self.markov.figures.is_ok() {
            &[]
        } else {
            &self.leaves_out
        }
    }
}

/// The `exact` object of the summary JSON (added keys).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExactSummary {
    /// `"markov"`, `"independent"`, or null when neither applies.
    pub method: Option<&'static str>,
    /// Steady-state availability.
    pub availability: Option<f64>,
    /// Steady-state unavailability (computed directly, precise to 1e-15).
    pub unavailability: Option<f64>,
    /// Outages per year in steady state.
    pub outages_per_year: Option<f64>,
    /// Mean outage duration, hours.
    pub mean_outage_hours: Option<f64>,
    /// Mean availability over the horizon from all-up (Markov chains).
    pub horizon_availability: Option<f64>,
    /// Why the Markov chain's horizon mean is null, when the chain was solved without it.
    pub horizon_reason: Option<String>,
    /// Markov states (or conditioning scenarios of the independent formula).
    pub states: Option<u64>,
    /// Seconds spent solving.
    pub seconds: f64,
    /// What the simulation models that these figures leave out; empty when they are exact.
    pub leaves_out: Vec<String>,
    /// Why there is no Markov solution (or no solution at all), when there is none.
    pub reason: Option<String>,
}

impl ExactSummary {
    /// The summary of a solution: its best answer.
    pub fn from_solution(solution: &Solution) -> ExactSummary {
        let (method, answer) = solution.best();
        let seconds = solution.independent.seconds + solution.markov.seconds;
        let reason = solution.markov.figures.as_ref().err().cloned();
        match &answer.figures {
            Ok(f) => ExactSummary {
                method: Some(method),
                availability: Some(f.availability),
                unavailability: Some(f.unavailability),
                outages_per_year: Some(f.outages_per_year),
                mean_outage_hours: f.mean_outage_hours,
                horizon_availability: f.horizon_availability,
                horizon_reason: f.horizon_reason.clone(),
                states: Some(f.states),
                seconds,
                leaves_out: solution.best_leaves_out().to_vec(),
                reason,
            },
            Err(why) => ExactSummary {
                method: None,
                availability: None,
                unavailability: None,
                outages_per_year: None,
                mean_outage_hours: None,
                horizon_availability: None,
                horizon_reason: None,
                states: None,
                seconds,
                leaves_out: Vec::new(),
                reason: Some(match reason {
                    // Both methods refusing for the same reason (phases, say) say it once.
                    Some(markov) if markov != *why => format!("{markov}; and {why}"),
                    _ => why.clone(),
                }),
            },
        }
    }

    /// The exact figures beside a simulation of `model`.
    pub fn of(model: &Model) -> ExactSummary {
        ExactSummary::from_solution(&solve(model, RUN_MAX_STATES))
    }

    /// The figure to compare a simulated mean availability with: the horizon mean when the
    /// chain gives it, else the steady state.
    pub fn comparable_availability(&self) -> Option<f64> {
        self.horizon_availability.or(self.availability)
    }
}
