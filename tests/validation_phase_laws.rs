//! `[phases.failure]` and `[phases.repair]`: laws that replace a component's own while a
//! phase holds, against exact values.
//!
//! - An exponential life replaced by an exponential five times as likely is the chain of
//!   `failure_factor = 5` (memoryless: redrawing at the boundary changes nothing else).
//! - A fixed 4 h repair replaced by a fixed 1 h one (repairs that start in the phase): with
//!   an exponential life the renewal argument gives u(t) = P(up at t) through
//!   1 − u(t) = ∫ λ u(s) 1[s ≤ t < s + d(s)] ds, d(s) the repair time of a failure at s,
//!   solved on a fine grid (trapezoid, implicit in u(t)).
//! - A Weibull life replaced by a Weibull four times shorter: the clock's remaining life is
//!   redrawn given its age at each boundary, so its hazard at time t is the law of that
//!   moment's phase at age t and a never-repaired unit survives to t with probability
//!   exp(−Σ over stretches of H_law(age at end) − H_law(age at start)).

mod common;

use common::cli::{refused_run, temp_dir, write};
use common::phased::{
    app_scenario, assert_phase_within, assert_same_on_any_thread_count, exact_by_phase, units, YEAR,
};
use common::simulate;

/// 1 November for 60 days: hours [304 d, 364 d) of the year.
const RUSH_FROM: f64 = 304.0 * 24.0;
const RUSH_TO: f64 = 364.0 * 24.0;

/// One component `app` with `own` laws and a phase "rush" from 1 November for 60 days with
/// `phase` (its keys).
fn one(count: usize, own: &str, phase: &str, seed: u64) -> String {
    app_scenario(count, 1, seed, own)
        + &format!("[[phases]]\nname = \"rush\"\nfrom = \"11-01\"\ndays = 60\n{phase}\n")
}

#[test]
fn an_exponential_replaced_by_a_faster_one_is_a_factor() {
    let source = one(
        2,
        "failure = { dist = \"exponential\", mean = \"500h\" }\nrepair = { dist = \"exponential\", mean = \"24h\" }",
        "[phases.failure]\napp = { dist = \"exponential\", mean = \"100h\" }",
        301,
    );
    let summary = simulate(&source);
    let (lambda, mu) = (1.0 / 500.0, 1.0 / 24.0);
    let (normal, rush, year) = exact_by_phase(
        RUSH_FROM,
        RUSH_TO,
        |p| units(2, if p == 1 { 5.0 * lambda } else { lambda }, mu),
        |_, down| down < 2,
    );
    assert_phase_within("exponential x5 by law", &summary, "normal", normal);
    assert_phase_within("exponential x5 by law", &summary, "rush", rush);
    common::assert_availability_within_interval("exponential x5 by law, year", &summary, year);
    assert!(rush < normal - 0.02, "rush {rush}, normal {normal}");
}

/// Mean P(up) over the normal time and over the rush of one unit with exponential lives at
/// `lambda` and fixed repairs of `normal_repair` (started outside the rush) or
/// `rush_repair` (started in it), by the renewal equation on a grid of `dt` hours.
fn fixed_repairs_exact(lambda: f64, normal_repair: f64, rush_repair: f64, dt: f64) -> (f64, f64) {
    let n = (YEAR / dt).round() as usize;
    let in_rush = |i: usize| {
        let t = i as f64 * dt;
        (RUSH_FROM..RUSH_TO).contains(&t)
    };
    let steps = |d: f64| (d / dt).round() as usize;
    let (short, long) = (
        steps(normal_repair.min(rush_repair)),
        steps(normal_repair.max(rush_repair)),
    );
    let short_is_rush = rush_repair < normal_repair;
    // F: ∫ f, and G: ∫ f over failures whose repair is the long one, both cumulative.
    let mut f = vec![0.0; n + 1];
    let mut cum_f = vec![0.0; n + 1];
    let mut cum_long = vec![0.0; n + 1];
    let long_repair = |i: usize| in_rush(i) != short_is_rush;
    let mut u = vec![0.0; n + 1];
    u[0] = 1.0;
    f[0] = lambda;
    for i in 1..=n {
        // Failures in (t − short, t] are all still down; those in (t − long, t − short]
        // only if their repair is the long one.
        let from_short = i.saturating_sub(short);
        let (from_long, to_long) = (i.saturating_sub(long), i.saturating_sub(short));
        let long_part = cum_long[to_long] - cum_long[from_long];
        let known = cum_f[i - 1] + f[i - 1] * dt / 2.0 - cum_f[from_short];
        u[i] = (1.0 - known - long_part) / (1.0 + lambda * dt / 2.0);
        f[i] = lambda * u[i];
        cum_f[i] = cum_f[i - 1] + (f[i - 1] + f[i]) * dt / 2.0;
        let g = |j: usize| if long_repair(j) { f[j] } else { 0.0 };
        cum_long[i] = cum_long[i - 1] + (g(i - 1) + g(i)) * dt / 2.0;
    }
    let (mut up, mut hours) = ([0.0; 2], [0.0; 2]);
    for i in 0..n {
        let p = usize::from(in_rush(i));
        up[p] += (u[i] + u[i + 1]) / 2.0 * dt;
        hours[p] += dt;
    }
    (up[0] / hours[0], up[1] / hours[1])
}

#[test]
fn a_fixed_four_hour_repair_takes_one_hour_in_the_rush() {
    let source = one(
        1,
        "failure = { dist = \"exponential\", mean = \"100h\" }\nrepair = { dist = \"fixed\", value = \"4h\" }",
        "[phases.repair]\napp = { dist = \"fixed\", value = \"1h\" }",
        302,
    );
    let summary = simulate(&source);
    let (normal, rush) = fixed_repairs_exact(0.01, 4.0, 1.0, 0.01);
    // The grid is fine enough: halving the step moves the values far less than the
    // intervals' widths (about 1e-4).
    let (normal_fine, rush_fine) = fixed_repairs_exact(0.01, 4.0, 1.0, 0.005);
    assert!((normal - normal_fine).abs() < 1e-7 && (rush - rush_fine).abs() < 1e-7);
    assert_phase_within("fixed 4 h -> 1 h", &summary, "normal", normal);
    assert_phase_within("fixed 4 h -> 1 h", &summary, "rush", rush);
    // Against the steady state of the alternating renewal process, 1 / (1 + λ d).
    assert!((normal - 1.0 / 1.04).abs() < 2e-4, "{normal}");
    assert!((rush - 1.0 / 1.01).abs() < 2e-3, "{rush}");
}

/// A Weibull's cumulative hazard at age `a`.
fn weibull_h(shape: f64, scale: f64, a: f64) -> f64 {
    (a / scale).powf(shape)
}

#[test]
fn a_weibull_life_keeps_its_age_under_the_phase_law() {
    // Never repaired within the year: availability is the survival's time average.
    let source = one(
        1,
        "failure = { dist = \"weibull\", shape = 2.0, scale = \"6000h\" }\nrepair = { dist = \"fixed\", value = \"100y\" }",
        "[phases.failure]\napp = { dist = \"weibull\", shape = 2.0, scale = \"1500h\" }",
        303,
    );
    let summary = simulate(&source);
    let hazard = |t: f64| {
        // Cumulative hazard to time t = age t, stretch by stretch.
        let own = |a: f64| weibull_h(2.0, 6000.0, a);
        let rush = |a: f64| weibull_h(2.0, 1500.0, a);
        if t <= RUSH_FROM {
            own(t)
        } else if t <= RUSH_TO {
            own(RUSH_FROM) + rush(t) - rush(RUSH_FROM)
        } else {
            own(RUSH_FROM) + rush(RUSH_TO) - rush(RUSH_FROM) + own(t) - own(RUSH_TO)
        }
    };
    let mean_survival = |from: f64, to: f64| {
        let k = 20_000;
        let h = (to - from) / k as f64;
        (0..=k)
            .map(|i| common::simpson_weight(i, k) * (-hazard(from + i as f64 * h)).exp())
            .sum::<f64>()
            * h
            / 3.0
            / (to - from)
    };
    let rush = mean_survival(RUSH_FROM, RUSH_TO);
    let normal = (mean_survival(0.0, RUSH_FROM) * RUSH_FROM
        + mean_survival(RUSH_TO, YEAR) * (YEAR - RUSH_TO))
        / (YEAR - (RUSH_TO - RUSH_FROM));
    assert_phase_within("weibull by age", &summary, "normal", normal);
    assert_phase_within("weibull by age", &summary, "rush", rush);
    // Accelerated life (the factor's semantics) would differ: the hazard at the rush's start
    // would restart from the age scaled, not from the age itself.
    let accelerated_rush = {
        let own = |a: f64| weibull_h(2.0, 6000.0, a);
        let at = |t: f64| own(RUSH_FROM + 4.0 * (t - RUSH_FROM));
        let k = 20_000;
        let h = (RUSH_TO - RUSH_FROM) / k as f64;
        (0..=k)
            .map(|i| common::simpson_weight(i, k) * (-at(RUSH_FROM + i as f64 * h)).exp())
            .sum::<f64>()
            * h
            / 3.0
            / (RUSH_TO - RUSH_FROM)
    };
    assert!(
        (accelerated_rush - rush).abs() > 0.02,
        "{accelerated_rush} vs {rush}"
    );
}

#[test]
fn replaced_laws_are_the_same_on_any_thread_count() {
    assert_same_on_any_thread_count(&one(
        3,
        "failure = { dist = \"weibull\", shape = 1.5, mean = \"300h\" }\nrepair = { dist = \"exponential\", mean = \"10h\" }",
        "[phases.failure]\napp = { dist = \"exponential\", mean = \"100h\" }\n[phases.repair]\napp = { dist = \"lognormal\", median = \"2h\", p95 = \"8h\" }",
        304,
    ));
}

#[test]
fn bad_phase_laws_are_refused_with_one_line() {
    let dir = temp_dir();
    let exponential = "failure = { dist = \"exponential\", mean = \"100h\" }\nrepair = { dist = \"exponential\", mean = \"4h\" }";
    let modes = "[[components.app.modes]]\nname = \"disk\"\nfailure = { dist = \"exponential\", mean = \"100h\" }\nrepair = { dist = \"exponential\", mean = \"4h\" }\n[[components.app.modes]]\nname = \"os\"\nfailure = { dist = \"exponential\", mean = \"200h\" }\nrepair = { dist = \"exponential\", mean = \"1h\" }";
    let fixed_life = "failure = { dist = \"fixed\", value = \"100h\" }\nrepair = { dist = \"exponential\", mean = \"4h\" }";
    for (case, own, phase, expected) in [
        (
            "unknown component",
            exponential,
            "[phases.repair]\napq = { dist = \"fixed\", value = \"1h\" }",
            "phases[0].repair.apq: \"apq\" is not a component; expected one of app",
        ),
        (
            "factor and law",
            exponential,
            "failure_factor = 2.0\n[phases.failure]\napp = { dist = \"exponential\", mean = \"50h\" }",
            "phases[0].failure.app: the phase also gives failure_factor 2 for \"app\"",
        ),
        (
            "fixed phase life",
            exponential,
            "[phases.failure]\napp = { dist = \"fixed\", value = \"50h\" }",
            "a phase's failure law must have a density",
        ),
        (
            "fixed own life",
            fixed_life,
            "[phases.failure]\napp = { dist = \"exponential\", mean = \"50h\" }",
            "\"app\"'s own failure law is fixed or empirical",
        ),
        (
            "several modes",
            modes,
            "[phases.failure]\napp = { dist = \"exponential\", mean = \"50h\" }",
            "\"app\" has 2 failure modes",
        ),
        (
            "bad law",
            exponential,
            "[phases.repair]\napp = { dist = \"weibul\", mean = \"1h\" }",
            "unknown distribution \"weibul\"",
        ),
    ] {
        let file = write(
            dir.path(),
            &format!("{}.toml", case.replace(' ', "-")),
            &one(1, own, phase, 305),
        );
        let message = refused_run(dir.path(), &file, case);
        assert!(message.contains(expected), "{case}: {message}");
    }
}
