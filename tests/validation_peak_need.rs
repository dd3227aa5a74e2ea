//! `need = "peak"`: a balanced group is down while fewer of its instances are up than the
//! demand at that moment needs, against exact values.
//!
//! n identical backends, each failing and repaired exponentially (up at time t with
//! probability a(t) = a + (1 - a)·e^{-(λ+μ)t}, independently), capacity c each. With
//! demand D(h) in hour h and headroom r, the need is k(h) = ceil(D(h)·(1 + r) / c), and the
//! service is down while K(t) < k(h) with K ~ Binomial(n, a(t)). The exact unavailability
//! over the horizon is the time average of P(K(t) < k(h)), integrated within each hour by
//! Simpson's rule (64 panels: error far below 1e-9).

mod common;

use common::{assert_availability_within_interval, simulate};

const MTTF: f64 = 90.0;
const MTTR: f64 = 10.0;
const BACKENDS: usize = 4;
const CAPACITY: f64 = 1000.0;
const HOURS: usize = 24 * 91;

fn up_probability(t: f64) -> f64 {
    let (lambda, mu) = (1.0 / MTTF, 1.0 / MTTR);
    let a = mu / (lambda + mu);
    a + (1.0 - a) * (-(lambda + mu) * t).exp()
}

/// P(K < k) with K ~ Binomial(n, p).
fn below(n: usize, p: f64, k: usize) -> f64 {
    let mut choose = 1.0;
    (0..k.min(n + 1))
        .map(|j| {
            if j > 0 {
                choose *= (n - j + 1) as f64 / j as f64;
            }
            choose * p.powi(j as i32) * (1.0 - p).powi((n - j) as i32)
        })
        .sum()
}

/// Exact time availability over `hours` hours with need `need(h)` in hour h.
fn exact_availability(hours: usize, need: impl Fn(usize) -> usize) -> f64 {
    let panels = 64;
    let step = 1.0 / panels as f64;
    let mut down = 0.0;
    for h in 0..hours {
        let k = need(h);
        let integral: f64 = (0..=panels)
            .map(|i| {
                let t = h as f64 + i as f64 * step;
                common::simpson_weight(i, panels) * below(BACKENDS, up_probability(t), k)
            })
            .sum();
        down += integral * step / 3.0;
    }
    1.0 - down / hours as f64
}

fn scenario(load: &str, need: &str, seed: u64) -> String {
    let backends = common::balanced_backends(BACKENDS, need, CAPACITY, MTTF, MTTR);
    format!(
        r#"
        name = "peak need {seed}"
        [simulation]
        horizon = "{HOURS}h"
        trials = 3000
        seed = {seed}
        [load]
        {load}
        {backends}
        "#
    )
}

#[test]
fn a_two_level_day_is_down_below_the_need_of_each_hour() {
    // Busy half: 2000 rps × 1.2 needs 3 of the 4; quiet half: 700 × 1.2 needs 1.
    let daily = (0..24)
        .map(|h| if h < 12 { "1.0" } else { "0.35" })
        .collect::<Vec<_>>()
        .join(", ");
    let summary = simulate(&scenario(
        &format!("demand = \"2000 rps\"\ndaily = [{daily}]"),
        "need = \"peak\"\nheadroom = \"20%\"",
        81,
    ));
    let exact = exact_availability(HOURS, |h| if h % 24 < 12 { 3 } else { 1 });
    assert_availability_within_interval("peak need, two levels", &summary, exact);
    // Neither level alone explains it: a fixed need of 3 is far lower, of 1 far higher.
    let all_day_3 = exact_availability(HOURS, |_| 3);
    let all_day_1 = exact_availability(HOURS, |_| 1);
    assert!(all_day_3 < exact - 0.01 && exact < all_day_1 - 0.01);
}

#[test]
fn the_headroom_raises_the_need() {
    // 2000 rps: 2 backends without headroom, 3 with 20% (2400), all 4 with 60% (3200).
    for (headroom, k) in [("0%", 2), ("20%", 3), ("60%", 4)] {
        let summary = simulate(&scenario(
            "demand = \"2000 rps\"",
            &format!("need = \"peak\"\nheadroom = \"{headroom}\""),
            82,
        ));
        let exact = exact_availability(HOURS, |_| k);
        assert_availability_within_interval(&format!("headroom {headroom}"), &summary, exact);
    }
}

#[test]
fn a_constant_demand_runs_exactly_as_the_fixed_need_it_implies() {
    // Same seed, same failures: the outages are the same, to the bit.
    let peak = simulate(&scenario(
        "demand = \"2000 rps\"",
        "need = \"peak\"\nheadroom = \"20%\"",
        83,
    ));
    let fixed = simulate(&scenario("demand = \"2000 rps\"", "need = 3", 83));
    assert_eq!(
        peak.availability.mean.to_bits(),
        fixed.availability.mean.to_bits()
    );
    assert_eq!(peak.outages.per_year, fixed.outages.per_year);
    assert_eq!(
        peak.request_availability.mean.to_bits(),
        fixed.request_availability.mean.to_bits()
    );
}
