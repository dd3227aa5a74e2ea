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

#[test]
fn a_recovered_backend_waits_for_its_health_checks() {
    // One backend (failure rate λ, repair rate μ), checked every I at a random phase; u
    // failed checks take it out, h passed checks put it back. While it is out of rotation
    // after a repair, requests fail though it is up.
    //
    // Per failure: the next check comes after U·I (U uniform, the phase being uniform), so
    // it is removed, if still down, at U·I + (u-1)·I:
    //   P(removed) = E[exp(-μ (U·I + (u-1)·I))] = exp(-μ(u-1)I) · (1 - exp(-μI)) / (μI).
    // Removal happens on a check; the repair left is exponential again (memoryless), R',
    // and the next check after recovery comes I - (R' mod I) later, in expectation
    //   I / (1 - exp(-μI)) - 1/μ,
    // then h-1 more checks. The backend fails λ·∫A(t)dt times in the horizon, A its
    // availability, so requests lose λ·Ā·L of the time, L = P(removed) · E[delay].
    // Neglected: failures during a re-admission delay, which shorten it (probability about
    // λ·0.125 h per delay, costing half a delay: about 7e-7 of the time), and delays cut by
    // the horizon (about 1e-8): together below 1e-6, under the paired interval's half-width
    // (about 3e-6) below.
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
    let p_removed = (-m * (u - 1.0) * i).exp() * (1.0 - (-m * i).exp()) / (m * i);
    let delay = i / (1.0 - (-m * i).exp()) - 1.0 / m + (h - 1.0) * i;
    let exact = a - l * a * p_removed * delay;
    assert_requests_within_interval("1 backend, re-admission by checks", &summary, exact);
    // Time availability is the backend's own.
    common::assert_availability_within_interval("1 backend (time)", &summary, a);

    // Sharper: the per-trial loss (time served minus requests served) has far less variance
    // than either; its interval must hold λ·Ā·L.
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
    let exact_loss = l * a * p_removed * delay;
    let (low, high) = (loss.low.unwrap(), loss.high.unwrap());
    println!(
        "loss to health checks: {:.7} [{low:.7}, {high:.7}], exact {exact_loss:.7}",
        loss.mean
    );
    assert!(low <= exact_loss && exact_loss <= high);
    assert!(
        high - low < 0.1 * exact_loss,
        "interval too wide to test the loss"
    );
}
