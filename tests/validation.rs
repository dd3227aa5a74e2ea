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

/// The expected uptime over [0, T] of a component that starts new and alternates up
/// (U) and down (D), both drawn afresh each cycle, for T many cycles long: renewal theory
/// (the key renewal theorem applied to the alternating renewal process that starts at the
/// beginning of an up period) gives
///   E[uptime(T)] = T·E[U]/m + E[U]·E[X²]/(2m²) - E[U²]/(2m) + o(1),
/// with X = U + D the cycle, m = E[X], E[X²] = E[U²] + 2·E[U]·E[D] + E[D²]. The constant is
/// the start-new effect: the trial starts at the beginning of an up period, not at a random
/// point of a cycle. (Check: exponential U and D, rates λ and μ, give λ/(λ+μ)², the
/// Markov chain's constant.) The o(1) term vanishes once T spans many cycles; it is left
/// out. Moments are passed in, computed by each test from the family's formulas.
fn renewal_uptime(horizon: f64, up: (f64, f64), down: (f64, f64)) -> f64 {
    let ((eu, eu2), (ed, ed2)) = (up, down);
    let m = eu + ed;
    let ex2 = eu2 + 2.0 * eu * ed + ed2;
    horizon * eu / m + eu * ex2 / (2.0 * m * m) - eu2 / (2.0 * m)
}

#[test]
fn weibull_failures_with_lognormal_repair_follow_renewal_theory() {
    // Weibull shape 1.5 with mean 1000 h: scale λ = 1000/Γ(5/3), E[U²] = λ²·Γ(1 + 2/1.5)
    // = λ²·Γ(7/3). Lognormal with median 8 h and p95 30 h: μ = ln 8,
    // σ = ln(30/8)/1.6448536269514722 (scipy.stats.norm.ppf(0.95)), E[D] = e^(μ+σ²/2)
    // = 11.0486 h, E[D²] = e^(2μ+2σ²). Γ values from scipy.special.gamma. Over 50 years
    // (438,300 h, about 430 cycles) the start-new constant is +3.03 h of uptime, about 0.7
    // of the estimate's standard error: leaving it out biases the test, it does not fail it.
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
    let horizon = 50.0 * YEAR;
    let scale = 1000.0 / 0.902_745_292_950_933_8; // Γ(5/3)
    let up = (1000.0, scale * scale * 1.190_639_348_758_999); // Γ(7/3)
    let (mu, sigma) = (8f64.ln(), (30.0f64 / 8.0).ln() / 1.644_853_626_951_472_2);
    let down = (
        (mu + sigma * sigma / 2.0).exp(),
        (2.0 * mu + 2.0 * sigma * sigma).exp(),
    );
    let exact = renewal_uptime(horizon, up, down) / horizon;
    assert_availability_within_interval("weibull + lognormal", &summary, exact);
}

/// One component, exponential failures with mean 100 h, repairs drawn from `repair`, whose
/// mean and second moment are given: availability over one year against renewal theory.
/// The failures make every cycle's length spread out, so the o(1) term of
/// [`renewal_uptime`] decays within a few cycles of the 80 a year has.
fn check_repair_family(label: &str, repair: &str, mean: f64, second_moment: f64, seed: u64) {
    let summary = simulate(&format!(
        r#"
        [simulation]
        trials = 20000
        seed = {seed}
        [components.server]
        failure = {{ dist = "exponential", mean = "100h" }}
        repair = {repair}
        [system]
        all = ["server"]
        "#
    ));
    let exact = renewal_uptime(YEAR, (100.0, 2.0 * 100.0 * 100.0), (mean, second_moment)) / YEAR;
    assert_availability_within_interval(label, &summary, exact);
}

// One engine-level validation per repair family, each with a mean of 10 h (so a mean off by
// 1% moves the availability by about 1.7 standard errors) and its second moment from the
// family's textbook formula, E[D²] = Var + mean².

#[test]
fn lognormal_repair_by_mean_and_sd() {
    check_repair_family(
        "lognormal mean/sd repair",
        r#"{ dist = "lognormal", mean = "10h", sd = "15h" }"#,
        10.0,
        15.0 * 15.0 + 100.0,
        21,
    );
}

#[test]
fn lognormal_repair_by_median_and_p95() {
    // Median 6 h, p95 20 h: σ = ln(20/6)/z95, mean e^(ln 6 + σ²/2), E[D²] = e^(2 ln 6 + 2σ²).
    let sigma = (20.0f64 / 6.0).ln() / 1.644_853_626_951_472_2;
    check_repair_family(
        "lognormal median/p95 repair",
        r#"{ dist = "lognormal", median = "6h", p95 = "20h" }"#,
        6.0 * (sigma * sigma / 2.0).exp(),
        36.0 * (2.0 * sigma * sigma).exp(),
        22,
    );
}

#[test]
fn gamma_repair() {
    // Shape 0.5, mean 10 h: scale 20 h, variance 0.5·20² = 200.
    check_repair_family(
        "gamma repair",
        r#"{ dist = "gamma", shape = 0.5, mean = "10h" }"#,
        10.0,
        200.0 + 100.0,
        23,
    );
}

#[test]
fn weibull_repair() {
    // Shape 2, scale 10 h: mean 10·Γ(1.5) = 5·sqrt(π), E[D²] = 100·Γ(2) = 100.
    check_repair_family(
        "weibull repair",
        r#"{ dist = "weibull", shape = 2.0, scale = "10h" }"#,
        5.0 * std::f64::consts::PI.sqrt(),
        100.0,
        24,
    );
}

#[test]
fn fixed_repair() {
    check_repair_family(
        "fixed repair",
        r#"{ dist = "fixed", value = "10h" }"#,
        10.0,
        100.0,
        25,
    );
}

#[test]
fn uniform_repair() {
    // On [2 h, 18 h]: variance 16²/12.
    check_repair_family(
        "uniform repair",
        r#"{ dist = "uniform", min = "2h", max = "18h" }"#,
        10.0,
        256.0 / 12.0 + 100.0,
        26,
    );
}

#[test]
fn empirical_repair() {
    // Observations 1 h, 2 h, 4 h, 33 h, each drawn a quarter of the time: mean 10 h,
    // E[D²] = (1 + 4 + 16 + 1089)/4 = 277.5.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("repairs.csv");
    std::fs::write(&file, "repair\n1h\n2h\n4h\n33h\n").unwrap();
    check_repair_family(
        "empirical repair",
        &format!(r#"{{ dist = "empirical", file = "{}" }}"#, file.display()),
        10.0,
        277.5,
        27,
    );
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

    // The shared crew must cost availability against independent repair, and the simulator
    // must tell them apart: independent repair's exact value lies above the interval.
    let independent =
        Ctmc::independent(&[(l, m), (l, m)]).interval_availability(YEAR, |s| s != 0b11);
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
    // (10 h), and outages per year are its failures: λ·∫A(t)dt over the year, with A the
    // exact availability from the chain.
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
    let availability = Ctmc::independent(&[(1.0 / 1000.0, 1.0 / 10.0)])
        .interval_availability(YEAR, |s| is_up(s, 0));
    let expected = summary.trials as f64 * YEAR * availability / 1000.0;
    // Per trial, the count of a renewal process with cycle mean 1010 h and variance
    // 1000² + 10² has variance about (1000² + 10²)/1010² of its mean: nearly Poisson.
    let sd = (expected * (1e6 + 100.0) / (1010.0f64 * 1010.0)).sqrt();
    println!("outages: {count} (expected {expected:.1}, SD {sd:.1})");
    common::print_z_se("outage count", count, sd, expected);
    assert!((count - expected).abs() < 4.0 * sd, "{count} vs {expected}");
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
