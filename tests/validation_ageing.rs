//! `age_while_down = false` and `fails_to_start` against Markov chains derived by hand,
//! integrated over the horizon from the all-up start (common::Ctmc). The simulated
//! availability must contain the exact value in its 99.9% interval.

mod common;

use common::chains::chain;
use common::{assert_availability_within_interval, simulate};

const YEAR: f64 = 8766.0;

/// Two components in series, exponential, with `a_extra` and `b_extra` appended to their
/// tables and `simulation` to `[simulation]`.
fn series(simulation: &str, a_extra: &str, b_extra: &str, seed: u64) -> String {
    format!(
        r#"
        [simulation]
        trials = 20000
        seed = {seed}
        {simulation}
        [components.a]
        failure = {{ dist = "exponential", mean = "100h" }}
        repair = {{ dist = "exponential", mean = "10h" }}
        {a_extra}
        [components.b]
        failure = {{ dist = "exponential", mean = "200h" }}
        repair = {{ dist = "exponential", mean = "5h" }}
        {b_extra}
        [system]
        all = ["a", "b"]
        "#
    )
}

const LA: f64 = 1.0 / 100.0;
const MA: f64 = 1.0 / 10.0;
const LB: f64 = 1.0 / 200.0;
const MB: f64 = 1.0 / 5.0;

#[test]
fn series_pair_that_stops_ageing_while_down_has_no_both_failed_state() {
    // 0 both up, 1 a down, 2 b down: while one is down the other's clock is stopped, so the
    // chain never reaches both down.
    let summary = simulate(&series("age_while_down = false", "", "", 51));
    let exact_chain = chain(3, &[(0, 1, LA), (0, 2, LB), (1, 0, MA), (2, 0, MB)]);
    let exact = exact_chain.interval_availability(YEAR, |s| s == 0);
    assert_availability_within_interval("series, no ageing while down", &summary, exact);
    // The steady state too, in closed form: 1 / (1 + λa/μa + λb/μb).
    let steady = 1.0 / (1.0 + LA / MA + LB / MB);
    assert!((exact - steady).abs() < 1e-3, "{exact} vs {steady}");
}

#[test]
fn only_the_component_that_says_so_stops_ageing() {
    // b stops ageing while the service is down, a does not. 0 both up, 1 a down (b
    // paused), 2 b down (a ageing), 3 both down (a failed while b was down).
    // 3: a repaired -> 2; b repaired -> 1 (a still down, b paused again).
    let summary = simulate(&series("", "", "age_while_down = false", 52));
    let exact_chain = chain(
        4,
        &[
            (0, 1, LA),
            (0, 2, LB),
            (1, 0, MA),
            (2, 0, MB),
            (2, 3, LA),
            (3, 2, MA),
            (3, 1, MB),
        ],
    );
    let exact = exact_chain.interval_availability(YEAR, |s| s == 0);
    assert_availability_within_interval("series, b paused while down", &summary, exact);
    // The global setting is overridden per component: a ages although the default says no.
    let overridden = simulate(&series(
        "age_while_down = false",
        "age_while_down = true",
        "",
        52,
    ));
    assert_eq!(overridden.availability, summary.availability);
}

#[test]
fn standby_that_fails_to_start() {
    // Hot 1+1, instantaneous failover, monitored, the standby failing to start with
    // probability p on each demand. By instances failed:
    // 0: the active fails (λ): the standby starts (1 − p) -> 1, or fails to start (p) -> 2a;
    //    the standby fails (λ) -> 1.
    // 1: the active fails -> 2b; the failed one repaired (μ) -> 0.
    // 2a, 2b: both down; either repair (2μ) fills the position at once (no demand) -> 1.
    // Downtime entered through 2a counts to "failed to start".
    let (l, m, p) = (1.0 / 100.0, 1.0 / 10.0, 0.2);
    let scenario = |trials: u64, seed: u64| {
        format!(
            r#"
        [simulation]
        trials = {trials}
        seed = {seed}
        [components.db]
        count = 2
        failure = {{ dist = "exponential", mean = "100h" }}
        repair = {{ dist = "exponential", mean = "10h" }}
        [components.db.failover]
        detection = "0s"
        switchover = "0s"
        fails_to_start = "20%"
        [system]
        all = ["db"]
        "#
        )
    };
    let summary = simulate(&scenario(20000, 53));
    let exact_chain = chain(
        4,
        &[
            (0, 1, l * (1.0 - p) + l),
            (0, 2, l * p),
            (1, 0, m),
            (1, 3, l),
            (2, 1, 2.0 * m),
            (3, 1, 2.0 * m),
        ],
    );
    let exact = exact_chain.interval_availability(YEAR, |s| s <= 1);
    assert_availability_within_interval("hot pair, 20% fail to start", &summary, exact);
    // The downtime counted to "failed to start" is the time spent in 2a. A cause's
    // downtime has no reported interval, so its interval comes from independent
    // replications (20 runs on their own seeds): Student t over the runs' means, at the
    // tests' 99.9%.
    let exact_minutes =
        (1.0 - exact_chain.interval_availability(YEAR, |s| s != 2)) * YEAR * 60.0 / (YEAR / 8766.0);
    let runs: Vec<f64> = (0..20)
        .map(|run| {
            let summary = simulate(&scenario(2000, 1000 + run));
            summary
                .attribution
                .causes
                .iter()
                .find(|c| c.cause == "failed to start")
                .map_or(0.0, |c| c.downtime_minutes_per_year)
        })
        .collect();
    let n = runs.len() as f64;
    let mean = runs.iter().sum::<f64>() / n;
    let sd = (runs.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half =
        nines::stats::t_quantile(0.5 + common::TEST_CONFIDENCE / 2.0, n - 1.0) * sd / n.sqrt();
    println!(
        "failed to start: {mean:.1} ± {half:.1} min/y over {n} runs, exact {exact_minutes:.1}"
    );
    common::print_z_se(
        "failed-to-start downtime",
        mean,
        sd / n.sqrt(),
        exact_minutes,
    );
    assert!(
        (mean - exact_minutes).abs() <= half,
        "failed-to-start downtime {mean} ± {half}, exact {exact_minutes}"
    );
}
