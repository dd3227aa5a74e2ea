//! A phase's `need` for a health-checked (balanced) backend group, against exact values.
//!
//! With exponential lives and repairs and health checks every millisecond (rotation follows
//! the backends), three backends are a birth-death chain on the number down, whose
//! generator does not change with the phase: only what is up does. In time the group is up
//! while `need` backends are; in requests it serves H / max(H, need) with H up (0 with none).
//! Both are integrated by uniformisation stretch by stretch (tests/common/phased.rs).

mod common;

use common::phased::{
    advance, assert_phase_within, exact_by_phase, summary_on_threads, units, YEAR,
};
use common::simulate;

/// 1 November for 60 days: hours [304 d, 364 d) of the year.
const SEASON_FROM: f64 = 304.0 * 24.0;
const SEASON_TO: f64 = 364.0 * 24.0;
/// Backends, their mean life and mean repair (hours).
const BACKENDS: usize = 3;
const MTTF: f64 = 100.0;
const MTTR: f64 = 20.0;

/// Three backends behind a balancer that never fails, need 1, and need 2 in a 60-day season.
fn season_scenario(seed: u64, trials: u64) -> String {
    format!(
        r#"
        name = "balanced need rises"
        [simulation]
        horizon = "1y"
        trials = {trials}
        seed = {seed}
        [components.lb]
        failure = {{ dist = "fixed", value = "1000y" }}
        repair = {{ dist = "fixed", value = "1h" }}
        [components.web]
        count = {BACKENDS}
        need = 1
        failure = {{ dist = "exponential", mean = "{MTTF}h" }}
        repair = {{ dist = "exponential", mean = "{MTTR}h" }}
        [components.web.health_check]
        balancer = "lb"
        interval = "1ms"
        unhealthy_threshold = 1
        healthy_threshold = 1
        [system]
        all = ["lb", "web"]
        [[phases]]
        name = "season"
        from = "11-01"
        days = 60
        need = {{ web = 2 }}
        "#
    )
}

/// The year-average of `reward(need, backends up)` from all up, with need 1 outside the
/// season and `season_need` in it.
fn year_average(season_need: usize, reward: impl Fn(usize, usize) -> f64) -> f64 {
    let rates = units(BACKENDS, 1.0 / MTTF, 1.0 / MTTR);
    let mut pi = vec![0.0; BACKENDS + 1];
    pi[0] = 1.0;
    let mut total = 0.0;
    for (start, end, need) in [
        (0.0, SEASON_FROM, 1),
        (SEASON_FROM, SEASON_TO, season_need),
        (SEASON_TO, YEAR, 1),
    ] {
        let integral = advance(&rates, &mut pi, end - start);
        total += (0..=BACKENDS)
            .map(|down| integral[down] * reward(need, BACKENDS - down))
            .sum::<f64>();
    }
    total / YEAR
}

/// The share of requests a group of `up` healthy backends in rotation serves at `need`.
fn share(need: usize, up: usize) -> f64 {
    up as f64 / up.max(need) as f64
}

#[test]
fn a_balanced_groups_need_rises_in_a_season() {
    let summary = simulate(&season_scenario(141, 4000));
    // Time: the group is up while `need` backends are.
    let (normal, season, year_time) = exact_by_phase(
        SEASON_FROM,
        SEASON_TO,
        |_| units(BACKENDS, 1.0 / MTTF, 1.0 / MTTR),
        |p, down| BACKENDS - down >= if p == 1 { 2 } else { 1 },
    );
    assert_phase_within("balanced need 1 -> 2", &summary, "normal", normal);
    assert_phase_within("balanced need 1 -> 2", &summary, "season", season);
    common::assert_availability_within_interval("balanced need 1 -> 2, year", &summary, year_time);

    // Requests: the season's need sizes the share served.
    let exact = year_average(2, share);
    let r = &summary.request_availability;
    let (low, high) = (r.ci_low.unwrap(), r.ci_high.unwrap());
    common::assert_within("balanced need 1 -> 2 requests", r.mean, low, high, exact);
    // Had the season's need been ignored (need 1 all year), the interval would miss it.
    let unchanged = year_average(1, share);
    assert!(
        unchanged > high,
        "need 1 all year gives {unchanged}, inside [{low}, {high}]: the test cannot tell"
    );
}

#[test]
fn a_balanced_groups_phase_need_on_any_thread_count() {
    // The share of requests too: the phase's need sizes it.
    let source = season_scenario(142, 600);
    let run = |threads| {
        let s = summary_on_threads(&source, threads);
        (s.phases, s.request_availability.mean.to_bits())
    };
    assert_eq!(run(1), run(2));
}
