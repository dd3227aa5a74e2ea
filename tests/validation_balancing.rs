//! Load-balanced groups: the share of requests served against exact values.

mod common;

use common::{is_up, simulate, Ctmc, TEST_CONFIDENCE};

const YEAR: f64 = 8766.0;

fn assert_requests_within_interval(label: &str, summary: &nines::stats::Summary, exact: f64) {
    let r = &summary.request_availability;
    let (low, high) = (r.ci_low.unwrap(), r.ci_high.unwrap());
    println!(
        "{label}: requests served {:.7} [{low:.7}, {high:.7}] ({}% CI), exact {exact:.7}",
        r.mean,
        TEST_CONFIDENCE * 100.0
    );
    common::print_z(label, r.mean, low, high, TEST_CONFIDENCE, exact);
    assert!(
        low <= exact && exact <= high,
        "{label}: {exact} outside [{low}, {high}]"
    );
}

/// A balancer that never fails, in front of `backends`.
fn scenario(backends: &str, seed: u64) -> String {
    format!(
        r#"
        [simulation]
        trials = 20000
        seed = {seed}
        [components.lb]
        failure = {{ dist = "fixed", value = "1000y" }}
        repair = {{ dist = "fixed", value = "1h" }}
        [components.web]
        failure = {{ dist = "exponential", mean = "100h" }}
        repair = {{ dist = "exponential", mean = "10h" }}
        {backends}
        [system]
        all = ["lb", "web"]
        "#
    )
}

#[test]
fn a_degraded_group_serves_its_share_of_the_load() {
    // Two backends, both needed for the full load. Time availability needs both up; requests
    // are served at H/2 with H backends up, so the share served is the mean of the two
    // backends' availabilities: one backend's availability. Checks every millisecond make
    // rotation follow the backends' state (each repair leaves at most 1 ms at half share:
    // below 1e-8 of the result).
    let summary = simulate(&scenario(
        r#"count = 2
        need = 2
        [components.web.health_check]
        balancer = "lb"
        interval = "1ms"
        unhealthy_threshold = 1
        healthy_threshold = 1"#,
        61,
    ));
    let one = Ctmc::independent(&[(0.01, 0.1)]).interval_availability(YEAR, |s| is_up(s, 0));
    let both =
        Ctmc::independent(&[(0.01, 0.1), (0.01, 0.1)]).interval_availability(YEAR, |s| s == 0);
    assert_requests_within_interval("2 backends, need 2", &summary, one);
    common::assert_availability_within_interval("2 backends, need 2 (time)", &summary, both);
}

/// The expected share of the horizon lost to health checks by one backend (failure rate λ,
/// repair rate μ, exponential) checked every `i` hours at a random phase, removed after `u`
/// failed checks and re-admitted after `h` passed ones; `a` is its exact time availability
/// over the horizon `t`. Derivation (each step exact unless it says otherwise):
///
/// - Removal. The first check after a failure comes U·I later (U uniform: the phase is),
///   the u-th at U·I + (u-1)·I = s; the backend is removed if still down then:
///   p = E[exp(-μ s)] = exp(-μ(u-1)I) · (1 - exp(-μI)) / (μI).
/// - Delay. At removal the repair left, R', is exponential again (memoryless). Checks come
///   every I from removal, so the first after recovery comes V = I - (R' mod I) later, and
///   re-admission h-1 checks after that: D = V + (h-1)·I, with W = R' mod I of density
///   μ·exp(-μw)/(1 - exp(-μI)) on [0, I). The moments of D are integrated numerically here.
/// - A failure during the delay (the backend is up, out of rotation) ends the loss there
///   and counts as downtime instead: the loss of a delay is min(D, time to failure),
///   E_loss = E[(1 - exp(-λD))/λ]. Such a failure (a share q = p·λ·E_loss of failures, 1e-3)
///   finds the backend already out, so its own repair is followed by a delay for sure
///   (probability 1, not p): the loss per failure is (p(1-q) + q)·E_loss.
/// - Failures: λ·∫A(t)dt = λ·a·t in the horizon.
/// - The horizon cuts the losses of failures late in the year: a loss that would begin
///   c = s + R' after its failure and last D misses, integrated over failure times near
///   the end (where A is A∞ = μ/(λ+μ)), λ·A∞·p·(E[c]·E[D] + E[D²]/2), E[c] = E[s] + 1/μ,
///   E[s] = I/2 + (u-1)·I (conditioning s on removal shifts it by under 1e-3 of I).
///   This is about 1.3e-6 of the year, 1.5 standard errors of the test below.
///
/// Left out: the dependence between D and the removal (R' mod I against s, under 1e-9),
/// and second-order terms in λ·E[D] (1e-6 of the loss).
fn health_check_loss(l: f64, m: f64, i: f64, u: f64, h: f64, a: f64, t: f64) -> f64 {
    let p = (-m * (u - 1.0) * i).exp() * (1.0 - (-m * i).exp()) / (m * i);
    // Moments over W by Simpson's rule on 2,000 intervals (the integrands are smooth).
    let n = 2000;
    let step = i / n as f64;
    let (mut e_d, mut e_d2, mut e_loss) = (0.0, 0.0, 0.0);
    for k in 0..=n {
        let w = k as f64 * step;
        let weight = common::simpson_weight(k, n) * step / 3.0;
        let density = m * (-m * w).exp() / (1.0 - (-m * i).exp());
        let d = (i - w) + (h - 1.0) * i;
        e_d += weight * density * d;
        e_d2 += weight * density * d * d;
        e_loss += weight * density * (1.0 - (-l * d).exp()) / l;
    }
    let q = p * l * e_loss;
    let per_failure = (p * (1.0 - q) + q) * e_loss;
    let a_inf = m / (l + m);
    let e_c = i / 2.0 + (u - 1.0) * i + 1.0 / m;
    let cut = l * a_inf * p * (e_c * e_d + e_d2 / 2.0);
    (l * a * t * per_failure - cut) / t
}

#[test]
fn a_recovered_backend_waits_for_its_health_checks() {
    // One backend (failure rate λ, repair rate μ), checked every 5 min; 3 failed checks take
    // it out, 2 passed checks put it back. While it is out of rotation after a repair,
    // requests fail though it is up: see `health_check_loss` for the exact loss.
    let (l, m, i, u, h) = (0.01f64, 0.1f64, 5.0 / 60.0, 3.0, 2.0);
    let summary = simulate(&scenario(
        r#"[components.web.health_check]
        balancer = "lb"
        interval = "5m"
        unhealthy_threshold = 3
        healthy_threshold = 2"#,
        62,
    ));
    let a = Ctmc::independent(&[(l, m)]).interval_availability(YEAR, |s| is_up(s, 0));
    let exact_loss = health_check_loss(l, m, i, u, h, a, YEAR);
    let exact = a - exact_loss;
    assert_requests_within_interval("1 backend, re-admission by checks", &summary, exact);
    // Time availability is the backend's own.
    common::assert_availability_within_interval("1 backend (time)", &summary, a);

    // Sharper: the per-trial loss (time served minus requests served) has far less variance
    // than either; its interval must hold the exact loss.
    let mut model = common::model(&scenario(
        r#"[components.web.health_check]
        balancer = "lb"
        interval = "5m"
        unhealthy_threshold = 3
        healthy_threshold = 2"#,
        62,
    ));
    model.settings.confidence = TEST_CONFIDENCE;
    let records = nines::engine::trial_records(&model, 0).unwrap();
    let losses = records
        .iter()
        .map(|r| (YEAR - r.downtime - r.served) / YEAR);
    let loss = nines::stats::mean_interval(losses, TEST_CONFIDENCE);
    let (low, high) = (loss.low.unwrap(), loss.high.unwrap());
    println!(
        "loss to health checks: {:.8} [{low:.8}, {high:.8}], exact {exact_loss:.8}",
        loss.mean
    );
    common::print_z(
        "health-check loss",
        loss.mean,
        low,
        high,
        TEST_CONFIDENCE,
        exact_loss,
    );
    assert!(low <= exact_loss && exact_loss <= high);
    assert!(
        high - low < 0.1 * exact_loss,
        "interval too wide to test the loss"
    );
}
