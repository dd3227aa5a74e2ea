//! Statistical validation: simulated availability against exact values.
//!
//! Each test runs a scenario with a fixed seed and checks that the exact availability lies in
//! the simulator's own 99.9% confidence interval (and that the interval is narrow enough for
//! that to be a real test). Exact values for exponential models come from the continuous-time
//! Markov chain of the model, integrated over the horizon from the all-up start (so the
//! start-up transient is part of the exact value, not a bias); see `common::Ctmc`.
//! Run with `cargo test --release --test validation -- --nocapture` to see the figures.

mod common;

use common::{assert_availability_within_interval, is_up, simulate, Ctmc};

const YEAR: f64 = 8766.0;

#[test]
fn single_exponential_component() {
    let summary = simulate(
        r#"
        [simulation]
        trials = 40000
        seed = 11
        [components.server]
        failure = { dist = "exponential", mean = "1000h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["server"]
        "#,
    );
    let exact = Ctmc::independent(&[(1.0 / 1000.0, 1.0 / 10.0)])
        .interval_availability(YEAR, |s| is_up(s, 0));
    assert_availability_within_interval("single exponential", &summary, exact);
}

#[test]
fn weibull_failures_with_lognormal_repair_follow_mttf_over_mttf_plus_mttr() {
    // A = MTTF / (MTTF + MTTR) holds for any distributions in the long run. The trial starts
    // new, which shifts the expected downtime by a bounded amount (renewal theory: under one
    // repair time here, about 10 h in 50 years' 4,300 h of downtime, 0.2%), well inside the
    // interval's half-width of about 0.6% of the downtime.
    let summary = simulate(
        r#"
        [simulation]
        horizon = "50y"
        trials = 4000
        seed = 12
        [components.server]
        failure = { dist = "weibull", shape = 1.5, mean = "1000h" }
        repair = { dist = "lognormal", median = "8h", p95 = "30h" }
        [system]
        all = ["server"]
        "#,
    );
    let mttr = nines::dist::Dist::lognormal_median_p95(8.0, 30.0)
        .unwrap()
        .mean();
    let exact = 1000.0 / (1000.0 + mttr);
    assert_availability_within_interval("weibull + lognormal", &summary, exact);
}

#[test]
fn series_of_three() {
    let summary = simulate(
        r#"
        [simulation]
        trials = 40000
        seed = 13
        [components.a]
        failure = { dist = "exponential", mean = "500h" }
        repair = { dist = "exponential", mean = "5h" }
        [components.b]
        failure = { dist = "exponential", mean = "2000h" }
        repair = { dist = "exponential", mean = "20h" }
        [components.c]
        failure = { dist = "exponential", mean = "1000h" }
        repair = { dist = "exponential", mean = "2h" }
        [system]
        all = ["a", "b", "c"]
        "#,
    );
    let chain = Ctmc::independent(&[
        (1.0 / 500.0, 1.0 / 5.0),
        (1.0 / 2000.0, 1.0 / 20.0),
        (1.0 / 1000.0, 1.0 / 2.0),
    ]);
    let exact = chain.interval_availability(YEAR, |s| s == 0);
    assert_availability_within_interval("series of three", &summary, exact);
}

/// A k-of-n group of identical exponential instances, each with its own repair.
fn k_of_n(k: usize, n: usize, seed: u64) -> (nines::stats::Summary, f64) {
    let summary = simulate(&format!(
        r#"
        [simulation]
        trials = 20000
        seed = {seed}
        [components.app]
        count = {n}
        need = {k}
        failure = {{ dist = "exponential", mean = "100h" }}
        repair = {{ dist = "exponential", mean = "10h" }}
        [system]
        all = ["app"]
        "#
    ));
    let chain = Ctmc::independent(&vec![(1.0 / 100.0, 1.0 / 10.0); n]);
    let exact = chain.interval_availability(YEAR, |s| (0..n).filter(|&i| is_up(s, i)).count() >= k);
    (summary, exact)
}

#[test]
fn one_of_two_with_independent_repair() {
    let (summary, exact) = k_of_n(1, 2, 14);
    assert_availability_within_interval("1-of-2", &summary, exact);
}

#[test]
fn two_of_three_with_independent_repair() {
    let (summary, exact) = k_of_n(2, 3, 15);
    assert_availability_within_interval("2-of-3", &summary, exact);
}

#[test]
fn one_of_two_with_one_shared_repair_crew() {
    // States: number of failed instances. One crew repairs one at a time, so from 2 failed
    // the repair rate is μ, not 2μ: 0 -2λ-> 1 -λ-> 2, 2 -μ-> 1 -μ-> 0.
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 16
        [repair]
        crews = 1
        [components.app]
        count = 2
        need = 1
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["app"]
        "#,
    );
    let (l, m) = (1.0 / 100.0, 1.0 / 10.0);
    let chain = Ctmc {
        rates: vec![vec![0.0, 2.0 * l, 0.0], vec![m, 0.0, l], vec![0.0, m, 0.0]],
    };
    let exact = chain.interval_availability(YEAR, |s| s < 2);
    assert_availability_within_interval("1-of-2, one crew", &summary, exact);

    // The shared crew must cost availability against independent repair.
    let independent =
        Ctmc::independent(&[(l, m), (l, m)]).interval_availability(YEAR, |s| s != 0b11);
    assert!(exact < independent);
    assert!(summary.availability.ci_high.unwrap() < independent);
}

fn replicas_in_zones(zones: usize, seed: u64) -> nines::stats::Summary {
    simulate(&format!(
        r#"
        [simulation]
        trials = 20000
        seed = {seed}
        [components.zone]
        count = {zones}
        failure = {{ dist = "exponential", mean = "1000h" }}
        repair = {{ dist = "exponential", mean = "5h" }}
        [components.db]
        count = 2
        need = 1
        depends_on = ["zone"]
        failure = {{ dist = "exponential", mean = "200h" }}
        repair = {{ dist = "exponential", mean = "10h" }}
        [system]
        all = ["db"]
        "#
    ))
}

#[test]
fn two_replicas_in_one_zone_versus_two_zones() {
    let (zone, server) = ((1.0 / 1000.0, 1.0 / 5.0), (1.0 / 200.0, 1.0 / 10.0));

    // One zone: bits zone, db0, db1. Up while the zone and either replica are.
    let one_zone = replicas_in_zones(1, 17);
    let exact_one = Ctmc::independent(&[zone, server, server])
        .interval_availability(YEAR, |s| is_up(s, 0) && (is_up(s, 1) || is_up(s, 2)));
    assert_availability_within_interval("2 replicas, 1 zone", &one_zone, exact_one);

    // Two zones: bits zone0, zone1, db0, db1; db i lives in zone i.
    let two_zones = replicas_in_zones(2, 18);
    let exact_two = Ctmc::independent(&[zone, zone, server, server])
        .interval_availability(YEAR, |s| {
            (is_up(s, 0) && is_up(s, 2)) || (is_up(s, 1) && is_up(s, 3))
        });
    assert_availability_within_interval("2 replicas, 2 zones", &two_zones, exact_two);

    // The point of spreading: the zone stops being a single point of failure.
    assert!(one_zone.availability.ci_high.unwrap() < two_zones.availability.ci_low.unwrap());
}

#[test]
fn independent_failure_modes_multiply() {
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 19
        [[components.server.modes]]
        name = "hardware"
        failure = { dist = "exponential", mean = "500h" }
        repair = { dist = "exponential", mean = "20h" }
        [[components.server.modes]]
        name = "crash"
        failure = { dist = "exponential", mean = "50h" }
        repair = { dist = "exponential", mean = "30m" }
        [system]
        all = ["server"]
        "#,
    );
    let exact = Ctmc::independent(&[(1.0 / 500.0, 1.0 / 20.0), (1.0 / 50.0, 2.0)])
        .interval_availability(YEAR, |s| s == 0);
    assert_availability_within_interval("two failure modes", &summary, exact);
}

#[test]
fn outage_statistics_of_one_component_match_theory() {
    // One exponential component: outages are its repairs, so the mean outage is the MTTR
    // (10 h) and outages per year are close to YEAR / (MTTF + MTTR).
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 20
        [components.server]
        failure = { dist = "exponential", mean = "1000h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["server"]
        "#,
    );
    let outages = &summary.outages;
    let count = outages.per_year * summary.trials as f64;
    // Mean of `count` exponential durations: relative standard error 1/sqrt(count) (0.2%
    // here); 4 standard errors, plus 0.2% for outages clipped at the horizon.
    let mean_hours = outages.mean_duration_minutes.unwrap() / 60.0;
    let tolerance = 4.0 / count.sqrt() + 0.002;
    println!("mean outage {mean_hours:.3} h (exact 10 h), {count} outages");
    assert!((mean_hours / 10.0 - 1.0).abs() < tolerance, "{mean_hours}");
    // p95 of an exponential with mean 10 h is 10 ln 20 = 29.96 h.
    let p95_hours = outages.p95_duration_minutes.unwrap() / 60.0;
    println!(
        "p95 outage {p95_hours:.3} h (exact {:.3} h)",
        10.0 * 20f64.ln()
    );
    assert!(
        (p95_hours / (10.0 * 20f64.ln()) - 1.0).abs() < 0.02,
        "{p95_hours}"
    );
}
