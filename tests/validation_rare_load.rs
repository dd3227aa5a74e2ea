//! `--method rare` on scenarios with `[load]`, against exact values derived here.
//!
//! The models are three identical units, each failing and repaired on its own (exponential
//! laws, rates λ and μ), from all-up at 0: each is down at time t with probability
//! u(t) = q (1 − e^{−rt}), q = λ / (λ + μ), r = λ + μ, independently of the others. So
//! P(j of 3 down at t) is binomial in u(t), and its integral over any hour has a closed form
//! (`binomial_integral`). Demand is constant within each hour, so each exact figure is a sum
//! over the horizon's hours of that hour's demand (or time) times the integral.
//!
//! Why request availability equals time availability with a fixed `need` whatever the
//! profile: the chain is time-homogeneous (its rates do not depend on the hour), so once
//! settled P(down) is the same at every hour and weighting hours by demand changes nothing;
//! from all-new only the first hours differ (u(t) relaxes in 1/r ≈ 1 h), which the exact
//! value includes.
//!
//! Each check: the exact value within 1.2 × the reported 95 % interval's half-width on a
//! fixed seed (the tolerance of the other rare-method tests, docs/design/rare-events.md
//! §5.3), printing z. `cargo test --release --test validation_rare_load -- --nocapture`
//! prints the figures.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};
use common::rare::{check_estimate as check, check_weights, kofn, rare_model};
use nines::engine::simulate_rare;
use nines::model::Model;
use nines::stats::RareSummary;
use std::path::Path;

/// Hours in the horizon of one year, as the engine counts them.
const HOURS: usize = 8766;

/// The scenario: three units needing one, `mttf` and `mttr` in hours, with the `[load]`
/// keys `load` and the component keys `keys`.
fn scenario(mttf: f64, mttr: f64, load: &str, keys: &str, trials: u64, seed: u64) -> String {
    let (mttf, mttr) = (format!("{mttf}h"), format!("{mttr}h"));
    kofn(3, 1, &mttf, &mttr, trials, seed)
        .replacen(
            "[components.app]",
            &format!("[load]\ndemand = \"100 rps\"\n{load}\n[components.app]"),
            1,
        )
        .replacen("need = 1\n", &format!("need = 1\n{keys}\n"), 1)
}

/// A daily profile at `low` for 18 hours and `high` from 12:00 to 18:00.
fn two_levels(low: f64, high: f64) -> String {
    let hours: Vec<String> = (0..24)
        .map(|h| if (12..18).contains(&h) { high } else { low }.to_string())
        .collect();
    format!("daily = [{}]", hours.join(", "))
}

/// Whether hour `h` of the trial is a peak hour of [`two_levels`].
fn peak_hour(h: usize) -> bool {
    (12..18).contains(&(h % 24))
}

/// The exact model of one unit: down with probability q (1 − e^{−rt}) at t.
struct Unit {
    q: f64,
    r: f64,
}

impl Unit {
    fn new(mttf: f64, mttr: f64) -> Unit {
        let (l, m) = (1.0 / mttf, 1.0 / mttr);
        Unit {
            q: l / (l + m),
            r: l + m,
        }
    }

    /// ∫ u(t)^k (1 − u(t))^(3−k) over `[a, b]`: P(a given k of 3 down), expanded in powers
    /// of u, each power of (1 − e^{−rt}) expanded binomially and integrated term by term.
    fn binomial_integral(&self, k: i32, a: f64, b: f64) -> f64 {
        // ∫ u^p over [a, b], u = q (1 − e^{−rt}).
        let power = |p: i32| -> f64 {
            let integral: f64 = (0..=p)
                .map(|j| {
                    let sign = if j % 2 == 0 { 1.0 } else { -1.0 };
                    let term = if j == 0 {
                        b - a
                    } else {
                        let jr = f64::from(j) * self.r;
                        ((-jr * a).exp() - (-jr * b).exp()) / jr
                    };
                    sign * choose(p, j) * term
                })
                .sum();
            self.q.powi(p) * integral
        };
        // u^k (1 − u)^(3−k) = Σ_i C(3−k, i) (−1)^i u^(k+i).
        (0..=3 - k)
            .map(|i| {
                let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
                sign * choose(3 - k, i) * power(k + i)
            })
            .sum()
    }

    /// P(exactly `k` of the 3 down) integrated over hour `h`.
    fn in_hour(&self, k: i32, h: usize) -> f64 {
        choose(3, k) * self.binomial_integral(k, h as f64, h as f64 + 1.0)
    }
}

fn choose(n: i32, k: i32) -> f64 {
    (0..k).fold(1.0, |c, i| c * f64::from(n - i) / f64::from(i + 1))
}

/// The rare run of `model` on `threads` threads.
fn run(model: &Model, threads: usize) -> RareSummary {
    let out = simulate_rare(model, threads, &|_| {}).expect("rare run");
    RareSummary::new(model, &out.rare, out.warmup)
}

/// Request unavailability equals the time unavailability of a 1-of-3 at about 1e-9 when
/// demand is constant (no capacity: requests are lost exactly while the service is down).
#[test]
fn constant_demand_gives_the_time_unavailability() {
    let model = rare_model(&scenario(1000.0, 1.0, "", "", 40_000, 21));
    let unit = Unit::new(1000.0, 1.0);
    let exact = (0..HOURS).map(|h| unit.in_hour(3, h)).sum::<f64>() / HOURS as f64;
    assert!(exact > 5e-10 && exact < 2e-9, "{exact}");
    let s = run(&model, 0);
    check_weights("constant demand", &s);
    let load = s.load.as_ref().expect("rare load figures");
    check(
        "constant demand, requests",
        &load.request_unavailability,
        exact,
    );
    check("constant demand, time", &s.horizon.unavailability, exact);
    // Without a capacity there is no shortfall.
    assert_eq!(load.shortfall_time_share.mean, 0.0);
}

/// A two-level daily profile with a fixed need: the demand-weighted unavailability is the
/// exact time unavailability (see the module's comment), computed here hour by hour with
/// each hour's demand.
#[test]
fn a_daily_profile_with_a_fixed_need_weighs_every_hour_alike() {
    let model = rare_model(&scenario(
        1000.0,
        1.0,
        &two_levels(0.5, 2.5),
        "",
        40_000,
        22,
    ));
    let unit = Unit::new(1000.0, 1.0);
    let demand = |h: usize| if peak_hour(h) { 250.0 } else { 50.0 };
    let total: f64 = (0..HOURS).map(demand).sum();
    let exact = (0..HOURS)
        .map(|h| demand(h) * unit.in_hour(3, h))
        .sum::<f64>()
        / total;
    let time = (0..HOURS).map(|h| unit.in_hour(3, h)).sum::<f64>() / HOURS as f64;
    // The weighting moves the exact value by the first hours only.
    assert!((exact - time).abs() < 1e-3 * time, "{exact} vs {time}");
    let s = run(&model, 0);
    check_weights("two levels", &s);
    let load = s.load.as_ref().expect("rare load figures");
    check("two levels, requests", &load.request_unavailability, exact);
}

/// Three units of capacity 100 serving 80 off-peak and 150 from 12:00 to 18:00: with one
/// unit up the peak is short by 50 (a shortfall needs 2 of 3 down at peak hours), with none
/// everything is lost. Exact: P(2 down) over the peak hours' time and demand, and the lost
/// requests of both states.
#[test]
fn a_shortfall_at_peak_hours_only() {
    let (mttf, mttr) = (10_000.0, 4.0);
    let source = scenario(
        mttf,
        mttr,
        &two_levels(0.8, 1.5),
        "capacity = \"100 rps\"",
        40_000,
        23,
    );
    let model = rare_model(&source);
    let unit = Unit::new(mttf, mttr);
    let demand = |h: usize| if peak_hour(h) { 150.0 } else { 80.0 };
    let total: f64 = (0..HOURS).map(demand).sum();
    let two_down = |h: usize| unit.in_hour(2, h);
    let peak_hours = || (0..HOURS).filter(|&h| peak_hour(h));
    let time = peak_hours().map(two_down).sum::<f64>() / HOURS as f64;
    let requests = peak_hours().map(|h| 150.0 * two_down(h)).sum::<f64>() / total;
    let lost = (peak_hours().map(|h| 50.0 * two_down(h)).sum::<f64>()
        + (0..HOURS)
            .map(|h| demand(h) * unit.in_hour(3, h))
            .sum::<f64>())
        / total;
    // The steady-state product the issue names, for scale: 3q²(1−q) × the peak's share.
    let q = unit.q;
    let settled = 3.0 * q * q * (1.0 - q) * 6.0 / 24.0;
    assert!(
        (time - settled).abs() < 1e-3 * settled,
        "{time} vs {settled}"
    );
    let s = run(&model, 0);
    check_weights("capacity", &s);
    let load = s.load.as_ref().expect("rare load figures");
    check("capacity, time short", &load.shortfall_time_share, time);
    check(
        "capacity, requests short",
        &load.shortfall_request_share,
        requests,
    );
    check(
        "capacity, requests lost",
        &load.request_unavailability,
        lost,
    );
    // The branches fork at a shortfall and go on forcing towards downtime: the time
    // unavailability (all three down) stays estimated as without [load].
    let down = (0..HOURS).map(|h| unit.in_hour(3, h)).sum::<f64>() / HOURS as f64;
    check("capacity, time down", &s.horizon.unavailability, down);
}

/// Load figures are folded in trial order: the same on one thread and on two.
#[test]
fn the_same_load_figures_whatever_the_thread_count() {
    let source = scenario(
        1000.0,
        1.0,
        &two_levels(0.8, 1.5),
        "capacity = \"100 rps\"",
        3000,
        5,
    );
    let model = rare_model(&source);
    let (one, two) = (run(&model, 1), run(&model, 2));
    assert_eq!(one.load, two.load);
    assert_eq!(one.horizon, two.horizon);
    assert!(one.load.unwrap().shortfall_time_share.mean > 0.0);
}

/// `nines run NAME --method rare --format json` on `source` written to `dir/NAME`: its
/// summary.
fn rare_json(dir: &Path, name: &str, source: &str) -> serde_json::Value {
    write(dir, name, source);
    let output = nines(&["run", name, "--method", "rare", "--format", "json"], dir);
    assert!(output.status.success(), "{output:?}");
    serde_json::from_str(&stdout(&output)).expect("JSON")
}

/// The one line `nines run NAME --method rare` refuses `source` with, exit code 2.
fn rare_refusal(dir: &Path, name: &str, source: &str) -> String {
    write(dir, name, source);
    let output = nines(&["run", name, "--method", "rare"], dir);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{name}: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{name}: {err}");
    err
}

/// `nines run --method rare` reports the rare figures for requests and shortfall, and the
/// plain-or-rare decision counts shortfall episodes.
#[test]
fn the_command_reports_rare_request_figures() {
    let dir = temp_dir();
    let capacity = "capacity = \"100 rps\"";
    let source = scenario(10_000.0, 4.0, &two_levels(0.8, 1.5), capacity, 2000, 3);
    let json = rare_json(dir.path(), "cap.toml", &source);
    assert_eq!(json["service_method"]["method"], "rare");
    assert!(json["service_method"]["plain_shortfall_episodes"].is_u64());
    let requests = &json["request_availability"];
    let method = requests["method"].as_str().unwrap();
    assert!(method.starts_with("rare-event"), "{method}");
    let served = requests["mean"].as_f64().unwrap();
    // About 6e-8 lost: 2000 plain trials would almost surely show none.
    assert!(served < 1.0 && served > 1.0 - 1e-6, "served {served}");
    let short = &json["load"]["shortfall_time_share"]["mean"];
    let share = short.as_f64().unwrap();
    assert!(share > 0.0 && share < 1e-6, "shortfall {share}");
    assert_eq!(&json["rare"]["load"]["shortfall_time_share"]["mean"], short);
}

/// A design short at a peak with everything up is not rare: its many shortfall episodes
/// keep the plain figures; with too few trials to see them, the rare run refuses (its
/// excursions could not hold losses at all-up) rather than answer.
#[test]
fn a_design_short_at_peak_is_not_rare() {
    let dir = temp_dir();
    let peak = format!(
        "{}\n[[load.peaks]]\nstart = \"06-01\"\nfactor = 3.0",
        two_levels(0.8, 1.5)
    );
    let keys = "capacity = \"100 rps\"";
    let source = scenario(10_000.0, 4.0, &peak, keys, 200, 3);
    let json = rare_json(dir.path(), "short.toml", &source);
    assert_eq!(json["service_method"]["method"], "plain");
    assert_eq!(json["service_method"]["plain_outages"], 0);
    assert!(json["service_method"]["plain_shortfall_episodes"].as_u64() >= Some(200));
    let source = scenario(10_000.0, 4.0, &peak, keys, 10, 3);
    let err = rare_refusal(dir.path(), "few.toml", &source);
    assert!(
        err.contains("component 'app'") && err.contains("not rare"),
        "{err}"
    );
}

/// What the rare method does not cover yet is refused with one line and exit code 2.
#[test]
fn growth_and_peak_needs_are_refused() {
    let dir = temp_dir();
    let capacity = "capacity = \"100 rps\"";
    let peak_need = "need = \"peak\"\ncapacity = \"100 rps\"";
    let cases = [
        ("growth", "growth = \"10%/y\"", capacity, "growth"),
        ("peak", "", peak_need, "need = \"peak\""),
    ];
    for (name, load, keys, expected) in cases {
        // The peak need replaces the fixed one.
        let source = scenario(10_000.0, 4.0, load, keys, 100, 3).replace("need = 1\nneed", "need");
        let err = rare_refusal(dir.path(), &format!("{name}.toml"), &source);
        let named = err.contains(expected) && err.contains("--method rare");
        assert!(named, "{name}: {err}");
    }
}
