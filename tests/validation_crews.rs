//! Repair crews by kind, priority and preemption against Markov chains.
//!
//! - A chain built here by hand (one crew, three components with distinct priorities,
//!   non-preemptive and preemptive) against the exact solver, to 1e-9: the solver's replay of
//!   the rules is checked by code that shares nothing with it.
//! - The simulation against the solver for those models and for crews by kind with lumped
//!   instances, with the exact value inside the simulation's 99.9% interval (fixed seeds).
//! - Each comparison could fail: the exact values under first come first served, priority
//!   and preemption are apart by many interval widths, so an engine ignoring either rule
//!   would miss.
//!
//! Run with `--nocapture` to see each estimate beside its exact value.

mod common;

use common::{assert_availability_within_interval, model, simulate, Ctmc};
use nines::exact;

/// Failure and repair rates per hour and priority of the three components of the hand chain.
/// Heavy load on the one crew and repairs of very different lengths (the quick one first),
/// so that the order of repairs moves availability well beyond the simulation's interval.
const HAND: [(f64, f64, i64); 3] = [
    (1.0 / 100.0, 1.0 / 2.0, 2),
    (1.0 / 50.0, 1.0 / 20.0, 1),
    (1.0 / 80.0, 1.0 / 60.0, 0),
];

/// The hand chain's scenario: components a, b, c (rates and priorities of [`HAND`]), one
/// crew, two of three needed.
fn hand_scenario(preemption: bool, priorities: bool) -> String {
    let mut text = format!(
        "[simulation]\nhorizon = \"2000h\"\ntrials = 20000\nseed = {}\n[repair]\ncrews = 1\n",
        if preemption { 141 } else { 142 }
    );
    if preemption {
        text += "preemption = true\n";
    }
    for (name, (fail, repair, priority)) in ["a", "b", "c"].iter().zip(HAND) {
        text += &format!(
            "[components.{name}]\nfailure = {{ dist = \"exponential\", mean = \"{}h\" }}\nrepair = {{ dist = \"exponential\", mean = \"{}h\" }}\n",
            1.0 / fail,
            1.0 / repair
        );
        if priorities {
            text += &format!("priority = {priority}\n");
        }
    }
    text + "[system]\nk = 2\nof = [\"a\", \"b\", \"c\"]\n"
}

/// The chain of [`HAND`] written out directly: a state is the set of failed components
/// (bits) and the one being repaired (3: none). A crew freed takes the failed component of
/// highest priority; with preemption a failure of higher priority than the repair under way
/// takes the crew at once.
fn hand_chain(preemption: bool) -> (Ctmc, Vec<(u32, usize)>) {
    let mut states: Vec<(u32, usize)> = vec![(0, 3)];
    let mut rates: Vec<Vec<(usize, f64)>> = Vec::new();
    let highest_failed = |down: u32| {
        (0..3)
            .filter(|&i| down & 1 << i != 0)
            .max_by_key(|&i| HAND[i].2)
            .unwrap_or(3)
    };
    let mut next = 0;
    while next < states.len() {
        let (down, repairing) = states[next];
        let mut out = Vec::new();
        for (i, &(fail, repair, priority)) in HAND.iter().enumerate() {
            if down & 1 << i == 0 {
                let taken = repairing == 3 || (preemption && priority > HAND[repairing].2);
                let target = (down | 1 << i, if taken { i } else { repairing });
                out.push((target, fail));
            } else if repairing == i {
                let left = down & !(1 << i);
                out.push(((left, highest_failed(left)), repair));
            }
        }
        let mut row = Vec::new();
        for (target, rate) in out {
            let j = match states.iter().position(|&s| s == target) {
                Some(j) => j,
                None => {
                    states.push(target);
                    states.len() - 1
                }
            };
            row.push((j, rate));
        }
        rates.push(row);
        next += 1;
    }
    let n = states.len();
    let mut dense = vec![vec![0.0; n]; n];
    for (i, row) in rates.iter().enumerate() {
        for &(j, rate) in row {
            dense[i][j] += rate;
        }
    }
    (Ctmc { rates: dense }, states)
}

/// The solver's mean availability over the horizon from all-up.
fn solver_horizon(source: &str) -> f64 {
    let answer = exact::markov(&model(source), exact::SOLVE_MAX_STATES);
    let figures = answer.figures.unwrap_or_else(|why| panic!("{why}"));
    figures
        .horizon_availability
        .expect("the horizon mean is computed")
}

/// The simulation's 99.9% interval must hold `exact`; returns its width.
fn simulated_around(label: &str, source: &str, exact: f64) -> f64 {
    let summary = simulate(source);
    assert_availability_within_interval(label, &summary, exact);
    let a = &summary.availability;
    a.ci_high.unwrap() - a.ci_low.unwrap()
}

fn hand_case(preemption: bool) {
    let label = if preemption {
        "hand chain, preemptive priority"
    } else {
        "hand chain, non-preemptive priority"
    };
    let source = hand_scenario(preemption, true);
    let (chain, states) = hand_chain(preemption);
    let up = |s: usize| states[s].0.count_ones() <= 1;
    let by_hand = chain.interval_availability(2000.0, up);
    let solver = solver_horizon(&source);
    println!(
        "{label}: {} states by hand, {by_hand:.10}, solver {solver:.10}",
        states.len()
    );
    assert!(
        (by_hand - solver).abs() < 1e-9,
        "{label}: by hand {by_hand}, solver {solver}"
    );
    let width = simulated_around(label, &source, solver);
    // The rules matter here: first come first served, and the other priority rule, give
    // values more than two interval widths away, so an engine ignoring them would miss.
    let fcfs = solver_horizon(&hand_scenario(false, false));
    let other = solver_horizon(&hand_scenario(!preemption, true));
    println!(
        "{label}: first come first served {fcfs:.7}, other rule {other:.7}, width {width:.2e}"
    );
    assert!(
        (solver - fcfs).abs() > 2.0 * width,
        "{label}: priority moves availability by less than 2 interval widths"
    );
    assert!(
        (solver - other).abs() > 2.0 * width,
        "{label}: preemption moves availability by less than 2 interval widths"
    );
}

#[test]
fn non_preemptive_priority_matches_a_chain_built_by_hand() {
    hand_case(false);
}

#[test]
fn preemptive_priority_matches_a_chain_built_by_hand() {
    hand_case(true);
}

/// With preemption, the highest priority never waits for a busy crew: each of its failures
/// is repaired at once, so a component alone at the top has the availability of a dedicated
/// crew, mu / (lambda + mu), whatever the others do.
#[test]
fn preemptive_top_priority_sees_a_dedicated_crew() {
    let (fail, repair) = (1.0 / 100.0, 1.0 / 10.0);
    let source = r#"
        [simulation]
        horizon = "2000h"
        [repair]
        crews = 1
        preemption = true
        [components.a]
        priority = 1
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.b]
        count = 3
        need = 1
        failure = { dist = "exponential", mean = "20h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["a"]
    "#;
    let answer = exact::markov(&model(source), exact::SOLVE_MAX_STATES);
    let figures = answer.figures.unwrap_or_else(|why| panic!("{why}"));
    let closed = repair / (fail + repair);
    assert!(
        (figures.availability - closed).abs() < 1e-12,
        "steady state {}, closed form {closed}",
        figures.availability
    );
    // Without preemption a's failures wait behind b's repairs: well below.
    let waiting = exact::markov(
        &model(&source.replace("preemption = true", "")),
        exact::SOLVE_MAX_STATES,
    );
    let waiting = waiting.figures.unwrap_or_else(|why| panic!("{why}"));
    println!(
        "top priority: preemptive {}, non-preemptive {}, closed form {closed}",
        figures.availability, waiting.availability
    );
    assert!(waiting.availability < closed - 0.01);
}

/// Crews by kind with priorities: two kinds, lumped instances waiting in both queues.
fn kinds_scenario(preemption: bool, seed: u64) -> String {
    format!(
        r#"
        [simulation]
        horizon = "1y"
        trials = 3000
        seed = {seed}
        [repair]
        preemption = {preemption}
        [repair.crews]
        network = 1
        ops = 1
        [components.switch]
        count = 2
        need = 1
        crew = "network"
        failure = {{ dist = "exponential", mean = "300h" }}
        repair = {{ dist = "exponential", mean = "20h" }}
        [components.db]
        count = 2
        need = 1
        crew = "ops"
        priority = 2
        failure = {{ dist = "exponential", mean = "400h" }}
        repair = {{ dist = "exponential", mean = "24h" }}
        [components.app]
        count = 4
        need = 3
        crew = "ops"
        priority = 1
        failure = {{ dist = "exponential", mean = "700h" }}
        repair = {{ dist = "exponential", mean = "24h" }}
        [system]
        all = ["switch", "db", "app"]
        "#
    )
}

#[test]
fn crews_by_kind_with_priority_match_the_solver() {
    for (preemption, seed) in [(false, 143), (true, 144)] {
        let label = format!("crews by kind, priority, preemption {preemption}");
        let source = kinds_scenario(preemption, seed);
        let exact = solver_horizon(&source);
        let width = simulated_around(&label, &source, exact);
        // The same model with one shared pool of two crews answers more than two interval
        // widths away: the kinds are in force.
        let pooled = source
            .replace(
                "[repair.crews]\n        network = 1\n        ops = 1",
                "crews = 2",
            )
            .replace("crew = \"network\"", "")
            .replace("crew = \"ops\"", "");
        let shared = solver_horizon(&pooled);
        println!("{label}: one pool of two crews {shared:.7}");
        assert!(
            (exact - shared).abs() > 2.0 * width,
            "{label}: kinds move availability by less than 2 interval widths"
        );
    }
}

#[test]
fn the_example_scenario_matches_the_solver() {
    let source = std::fs::read_to_string("scenarios/repair-crews.toml").unwrap();
    let exact = solver_horizon(&source);
    simulated_around("scenarios/repair-crews.toml", &source, exact);
}

/// Without priorities and kinds the rules are first come first served, as before: the same
/// draws, so the same result, as the plain shared pool.
#[test]
fn equal_priorities_are_first_come_first_served() {
    let base = hand_scenario(false, false);
    let same = base.replace("[components.b]\n", "[components.b]\npriority = 3\n");
    let with = base.replace("[components.c]\n", "[components.c]\npriority = 0\n");
    let plain = simulate(&base).availability.mean;
    // One component at priority 3 and the others at the default 0 is a real priority: the
    // result must move; all at one priority must not.
    assert_ne!(simulate(&same).availability.mean, plain);
    assert_eq!(simulate(&with).availability.mean, plain);
}
