//! `[[phases]]` under the rare-event method (docs/rare-events.md, "Operational phases").
//!
//! A phase change is a queued event, so every forcing window of a branch ends at a boundary
//! and the next one is decided with the clocks' new speeds and ages: the likelihood ratio of
//! a window only involves the rates in effect within it, and stays exact. What phases add
//! here is the nominal distance: a phase that raises a component's `need` brings an all-up
//! service closer to failure, so each phase has its own all-up distance and an excursion is
//! a stretch spent below the one of the phase holding.

use super::distance::Distance;
use super::trial::Simulator;
use crate::model::Model;
use crate::units::YEAR;

/// The warm-up `w` before the steady-state window, rounded up to whole years when the model
/// has phases, so that the steady window meets the same calendar of phases as the horizon
/// from all-new (a peak season falls on the same days).
pub fn aligned_warmup(model: &Model, w: f64) -> f64 {
    if model.phases.is_some() && w > 0.0 {
        (w / YEAR).ceil() * YEAR
    } else {
        w
    }
}

/// The all-up distance in each phase (one value without phases), measured on `sim` at the
/// start of a trial with each phase's needs in turn. `sim` is left at the start of trial 0.
pub fn nominal_distances(sim: &mut Simulator<'_>, distance: &mut Distance) -> Vec<u32> {
    sim.start_trial(0);
    let Some(run) = sim.phases.take() else {
        return vec![distance.distance(sim)];
    };
    let components = sim.layout.component_first_instance.len();
    let d0 = (0..run.combinations())
        .map(|phase| {
            for c in 0..components {
                sim.node_threshold[c] = run.need(phase, c);
            }
            // A need above what all-up offers would be an outage, not rare: the
            // compiler refuses a need above the count, so every phase's d0 is at least 1.
            distance.distance(sim)
        })
        .collect();
    sim.phases = Some(run);
    sim.start_trial(0);
    d0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario of one component `component` (its keys) as the whole service over a
    /// year, with one phase (its keys after the name).
    fn phased(component: &str, phase: &str) -> Model {
        let source = format!(
            "[simulation]\nhorizon = \"1y\"\n[components.c]\n{component}\n[system]\nall = [\"c\"]\n[[phases]]\nname = \"p\"\n{phase}\n"
        );
        crate::scenario::parse(&source, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles")
    }

    /// 1-of-3 normally, 2-of-3 from 27 October to 25 December.
    fn peak() -> Model {
        phased(
            "count = 3\nneed = 1\nfailure = { dist = \"exponential\", mean = \"10000h\" }\nrepair = { dist = \"exponential\", mean = \"4h\" }",
            "from = \"10-27\"\nto = \"12-25\"\nneed = { c = 2 }",
        )
    }

    #[test]
    fn each_phase_has_its_all_up_distance() {
        let model = peak();
        let mut sim = Simulator::new(&model);
        let mut distance = Distance::new(&model.layout);
        assert_eq!(nominal_distances(&mut sim, &mut distance), vec![3, 2]);
        // The simulator is left as a new trial has it: the normal need.
        assert_eq!(distance.distance(&sim), 3);
    }

    #[test]
    fn the_warm_up_is_whole_years_with_phases() {
        let model = peak();
        assert_eq!(aligned_warmup(&model, 100.0), YEAR);
        assert_eq!(aligned_warmup(&model, YEAR + 1.0), 2.0 * YEAR);
        assert_eq!(aligned_warmup(&model, 0.0), 0.0);
    }

    /// Branches force a clock through the hazard at its age: the age must grow at each
    /// phase's speed over that phase only, not at the new speed back to the last repair.
    #[test]
    fn a_clock_ages_at_each_phase_speed() {
        // A server that never fails in a year, its clock three times faster over days 10
        // to 19 (hours 240 to 480).
        let model = phased(
            "failure = { dist = \"fixed\", value = \"1000y\" }\nrepair = { dist = \"fixed\", value = \"1h\" }",
            "from = \"01-11\"\nto = \"01-20\"\nfailure_factor = 3.0",
        );
        let mut sim = Simulator::new(&model);
        sim.start_trial(0);
        let mut age_at = |t: f64| {
            while let Some((time, event)) = sim.queue.pop_until(t) {
                sim.now = time;
                sim.handle(event);
            }
            sim.now = t;
            sim.slot_age(0)
        };
        assert_eq!(age_at(100.0), 100.0);
        assert_eq!(age_at(400.0), 240.0 + 3.0 * 160.0);
        assert_eq!(age_at(500.0), 240.0 + 3.0 * 240.0 + 20.0);
    }
}
